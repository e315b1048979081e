/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-features.h: the tagger's features, shared by the trainer and the
 * recognizer so that both hash exactly the same things. GLib only; knows
 * nothing about files, weights or raw text offsets. Private to app/ner. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Labels: O, then B/I/L/U for PER, ORG, LOC, MISC (type t, position p → 1 + 4t + p). */
#define DOSSIER_N_TYPES  4
#define DOSSIER_N_LABELS 17
#define DOSSIER_LABEL_O  0
enum { DOSSIER_POS_B, DOSSIER_POS_I, DOSSIER_POS_L, DOSSIER_POS_U };
#define DOSSIER_LABEL(type, pos)  (1 + 4 * (type) + (pos))
#define DOSSIER_LABEL_TYPE(label) (((label) - 1) / 4)
#define DOSSIER_LABEL_POS(label)  (((label) - 1) % 4)

/* Longest gazetteer phrase, in tokens. */
#define DOSSIER_GAZ_MAX_TOKENS 6
/* In a gazetteer entry's mask: some longer phrase starts with this one. */
#define DOSSIER_GAZ_PREFIX_BIT (1u << 31)

/* Upper bounds of features per call, for callers' buffers. */
#define DOSSIER_MAX_WORD_FEATURES    24
#define DOSSIER_MAX_CONTEXT_FEATURES 64
#define DOSSIER_MAX_HISTORY_FEATURES 8

enum {
  DOSSIER_TOK_INITCAP  = 1 << 0,
  DOSSIER_TOK_ALLCAPS  = 1 << 1,
  DOSSIER_TOK_LOWER    = 1 << 2,
  DOSSIER_TOK_DIGIT    = 1 << 3,
  DOSSIER_TOK_ALLDIGIT = 1 << 4,
  DOSSIER_TOK_HYPHEN   = 1 << 5,
  DOSSIER_TOK_PERIOD   = 1 << 6,
  DOSSIER_TOK_NOALNUM  = 1 << 7,
  /* document-level, set by dossier_feat_doc_finish() */
  DOSSIER_TOK_DOC_LC   = 1 << 8,   /* capitalised here, lower-case elsewhere in the document */
  DOSSIER_TOK_DOC_CAP  = 1 << 9,   /* initial or in a capitals line; capitalised mid-sentence elsewhere */
  DOSSIER_TOK_FIRST    = 1 << 10,  /* first word of its sentence */
  DOSSIER_TOK_CAPS_SENTENCE = 1 << 11, /* its sentence is written in capitals (a headline) */
};

typedef struct {
  guint64 word;        /* hashes of the normalised token and derived strings */
  guint64 lower;
  guint64 title;       /* "Reuters" for "REUTERS" or "reuters" */
  guint64 shape;       /* "Xxxx-Xx" */
  guint64 short_shape; /* "Xx-Xx" */
  guint64 prefix[4];
  guint64 suffix[4];
  guint64 stem;        /* hash of a crude lemma: "presidents" → "president" */
  guint32 flags;
  guint8  word_class;  /* WordNet lexicographer class + 1 (0: none), set by _finish() */
  guint32 gaz_first;   /* gazetteer hits: gaz codes [gaz_first, gaz_first + n_gaz) of the doc */
  guint16 n_gaz;
} DossierFeatToken;

typedef gboolean (*DossierGazLookupFunc) (gconstpointer  data,
                                          guint64        phrase_hash,
                                          guint32       *mask);

typedef struct {
  GArray *tokens;      /* DossierFeatToken */
  GArray *sent_ends;   /* guint */
  GArray *gaz;         /* guint16: category << 2 | position (B/I/L/U) */
  /* The second stage sees the first stage's labels of the whole document
   * (Krishnan & Manning 2006; Ratinov & Roth 2009): its features are salted
   * with the stage so both stages share one table. */
  guint   stage;       /* 0 or 1 */
  GArray *prior;       /* guint8 first-stage label per token, stage 1 only */
  GArray *prior_agg;   /* guint32 per token: what the first stage said about the same word elsewhere */
} DossierFeatDoc;

#define DOSSIER_N_STAGES 2

void     dossier_feat_doc_init          (DossierFeatDoc *doc);
void     dossier_feat_doc_clear         (DossierFeatDoc *doc);
void     dossier_feat_doc_reset         (DossierFeatDoc *doc);
/* `word` normalised by dossier_token_normalize() (or a CoNLL token). */
void     dossier_feat_doc_add_token     (DossierFeatDoc *doc,
                                         const char     *word,
                                         gsize           length);
void     dossier_feat_doc_end_sentence  (DossierFeatDoc *doc);
void     dossier_feat_doc_finish        (DossierFeatDoc       *doc,
                                         DossierGazLookupFunc  lookup,
                                         gconstpointer         lookup_data);
/* Switches to the second stage with the first stage's labels (one per token). */
void     dossier_feat_doc_set_prior     (DossierFeatDoc       *doc,
                                         const guint8         *labels);

/* Fills `token` from one word, as dossier_feat_doc_add_token() does. */
void     dossier_feat_token_fill        (DossierFeatToken *token,
                                         const char       *word,
                                         gsize             length);
/* Pseudo-tokens beyond a sentence's edges. */
const DossierFeatToken *dossier_feat_boundary (int offset);

/* Features of the word at relative `offset` (-2…2) from the tagged token:
 * they depend on that word alone, so the recognizer can cache them. */
guint    dossier_feat_word              (const DossierFeatToken *token,
                                         int                     offset,
                                         guint                   stage,
                                         guint64                *out);
/* Features of token `i` that need its neighbours or the document. */
guint    dossier_feat_context           (const DossierFeatDoc *doc,
                                         guint                 i,
                                         guint                 sent_start,
                                         guint                 sent_end,
                                         guint64              *out);
/* Features of what earlier sentences of the document said about the same
 * word ("extended prediction history", Ratinov & Roth 2009): `history`
 * counts the types (O last) given to it so far. */
guint    dossier_feat_history           (const DossierFeatDoc *doc,
                                         guint                 i,
                                         const guint16        *history,
                                         guint64              *out);
/* The transition feature from label `prev` (DOSSIER_LABEL_START before the
 * first token); its weights score the next label. */
guint64  dossier_feat_transition        (guint                 stage,
                                         guint                 prev);
#define DOSSIER_LABEL_START DOSSIER_N_LABELS

/* Key of a lower-case word's class in the gazetteer table (value: class id). */
guint64  dossier_word_class_key         (guint64 lower_hash);

/* Hash of a gazetteer phrase, fed one token's lower-case hash at a time. */
guint64  dossier_gaz_phrase_start       (void);
guint64  dossier_gaz_phrase_add         (guint64 phrase,
                                         guint64 lower_hash);

/* BILOU: whether `next` may follow `prev` (DOSSIER_LABEL_START at the start),
 * and whether a sentence may end on `label`. Viterbi decoding keeps to them. */
gboolean dossier_label_transition_ok    (guint prev,
                                         guint next);
gboolean dossier_label_can_end          (guint label);
/* The best BILOU-valid labels of a sentence of `n` tokens: `emission` holds
 * n × DOSSIER_N_LABELS scores, `transition` (DOSSIER_N_LABELS + 1) ×
 * DOSSIER_N_LABELS (the last row: from the start); `back` is scratch space
 * of n × DOSSIER_N_LABELS bytes. */
void     dossier_viterbi                (const float *emission,
                                         const float *transition,
                                         guint        n,
                                         guint8      *back,
                                         guint8      *out);
/* "O", "B-PER", "I-ORG"… in IOB2; lenient: an I or L that does not continue
 * an entity starts one. */
const char *dossier_label_to_iob2       (guint label,
                                         guint prev);

/* An open-addressing map from non-zero 64-bit keys to 32-bit values. */
typedef struct {
  guint64 *keys;
  guint32 *values;
  gsize    mask;
  gsize    n_items;
} DossierU64Map;

void     dossier_u64_map_init    (DossierU64Map *map,
                                  gsize          size_hint);
void     dossier_u64_map_clear   (DossierU64Map *map);
gboolean dossier_u64_map_lookup  (const DossierU64Map *map,
                                  guint64              key,
                                  guint32             *value);
/* Inserts with `value` if absent; returns the stored value's slot. */
guint32 *dossier_u64_map_insert  (DossierU64Map *map,
                                  guint64        key,
                                  guint32        value,
                                  gboolean      *inserted);

static inline guint64
dossier_mix64 (guint64 x)
{
  x ^= x >> 30;
  x *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x ^= x >> 27;
  x *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  x ^= x >> 31;
  return x | 1;   /* never 0: 0 marks empty slots */
}

guint64  dossier_hash_bytes (const char *s,
                             gsize       length);

G_END_DECLS
