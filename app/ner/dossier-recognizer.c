/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-recognizer.c: DossierRecognizer, the name tagger at run time.
 *
 * Owns loading the model (via dossier-model.c), tagging token sequences with
 * the same Viterbi decoder the trainer uses, and turning labels into spans.
 * Must stay fast (word-level feature scores are cached per document) and
 * bounded in memory on any input: long texts are tagged in blocks. Must not
 * do dates or linking: that is dossier-analysis.c's job. */

#define G_LOG_DOMAIN "dossier-ner"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-recognizer.h"
#include "dossier-features.h"
#include "dossier-model.h"
#include "dossier-sentences.h"
#include "dossier-tokenizer.h"

/* Bump when tokenization, sentence or span rules change. */
#define RULES_VERSION 1

/* Texts are tagged in blocks of about this many bytes (cut at a line break),
 * each a "document" for the document-level features. */
#define BLOCK_BYTES (128 * 1024)
/* And at most this many tokens per document in tag_tokens. */
#define BLOCK_TOKENS 20000

struct _DossierRecognizer {
  gint          ref_count;
  gint          id;
  DossierModel *model;
  guint         version;
  guint         n_stages;
  /* word scores of <S> at -2, -1 and </S> at 1, 2, per stage */
  gint32        boundary[DOSSIER_N_STAGES][5][DOSSIER_N_LABELS];
  /* label transition scores, per stage: row = previous label (last: start) */
  float         transition[DOSSIER_N_STAGES][(DOSSIER_N_LABELS + 1) * DOSSIER_N_LABELS];
};

/* Per-document cache of a word's scores at each relative offset, per stage. */
typedef struct {
  gint32  scores[DOSSIER_N_STAGES][5][DOSSIER_N_LABELS];
  guint16 history[DOSSIER_N_TYPES + 1];   /* of the stage being run */
  guint16 have;   /* bit 5 × stage + offset + 2: that row computed */
} WordEntry;

/* A direct-mapped memo of feature lookups: label and shape features repeat
 * on every token, and a hit here saves a cache miss in the model's table. */
#define MEMO_SIZE 8192

typedef struct {
  guint64              key;
  const DossierWeight *weights;
  guint                count;
} Memo;

/* One memo per thread, reused across calls while the thread tags with the
 * same recognizer (ids are never reused, so a freed model is never read). */
typedef struct {
  gint owner;
  Memo memo[MEMO_SIZE];
} MemoCache;

static GPrivate memo_key = G_PRIVATE_INIT (g_free);
static gint last_recognizer_id;

typedef struct {
  DossierFeatDoc fdoc;
  DossierU64Map  index;     /* word hash → entry */
  GArray        *entries;   /* WordEntry */
  GArray        *entry_of;  /* guint32 per token: its word's entry */
  GArray        *labels;    /* guint8 per token */
  GArray        *emission;  /* float scores of one sentence */
  GArray        *back;      /* guint8 Viterbi back pointers */
  Memo          *memo;
} Tagger;

/* ------------------------------------------------------------------------ */
/* Tagging                                                                   */
/* ------------------------------------------------------------------------ */

static Memo *
memo_for (DossierRecognizer *self)
{
  MemoCache *cache = g_private_get (&memo_key);

  if (cache == NULL)
    {
      cache = g_new0 (MemoCache, 1);
      g_private_set (&memo_key, cache);
    }
  if (cache->owner != self->id)
    {
      memset (cache->memo, 0, sizeof cache->memo);
      cache->owner = self->id;
    }
  return cache->memo;
}

static void
tagger_init (Tagger *tagger, DossierRecognizer *self)
{
  tagger->memo = memo_for (self);
  dossier_feat_doc_init (&tagger->fdoc);
  dossier_u64_map_init (&tagger->index, 1024);
  tagger->entries = g_array_new (FALSE, FALSE, sizeof (WordEntry));
  tagger->entry_of = g_array_new (FALSE, FALSE, sizeof (guint32));
  tagger->labels = g_array_new (FALSE, FALSE, sizeof (guint8));
  tagger->emission = g_array_new (FALSE, FALSE, sizeof (float));
  tagger->back = g_array_new (FALSE, FALSE, sizeof (guint8));
}

static void
tagger_clear (Tagger *tagger)
{
  dossier_feat_doc_clear (&tagger->fdoc);
  dossier_u64_map_clear (&tagger->index);
  g_clear_pointer (&tagger->entries, g_array_unref);
  g_clear_pointer (&tagger->entry_of, g_array_unref);
  g_clear_pointer (&tagger->labels, g_array_unref);
  g_clear_pointer (&tagger->emission, g_array_unref);
  g_clear_pointer (&tagger->back, g_array_unref);
}

static inline void
add_feature (DossierRecognizer *self, Tagger *tagger, guint64 feature, gint32 *scores)
{
  Memo *m = &tagger->memo[(feature >> 40) & (MEMO_SIZE - 1)];

  if (m->key != feature)
    {
      m->key = feature;
      m->weights = dossier_model_lookup (self->model, feature, &m->count);
    }
  dossier_weights_add (m->weights, m->count, scores);
}

static void
clear_cache (Tagger *tagger)
{
  dossier_u64_map_clear (&tagger->index);
  dossier_u64_map_init (&tagger->index, 1024);
  g_array_set_size (tagger->entries, 0);
}

static void
tagger_reset (Tagger *tagger)
{
  dossier_feat_doc_reset (&tagger->fdoc);
  clear_cache (tagger);
}

/* Gives every token its word's cache entry, once per document. */
static void
assign_entries (Tagger *tagger)
{
  const DossierFeatToken *toks = (const DossierFeatToken *) (gconstpointer) tagger->fdoc.tokens->data;
  guint n = tagger->fdoc.tokens->len;
  guint32 *entry_of;

  g_array_set_size (tagger->entry_of, n);
  entry_of = (guint32 *) (gpointer) tagger->entry_of->data;
  for (guint i = 0; i < n; i++)
    {
      gboolean inserted;

      entry_of[i] = *dossier_u64_map_insert (&tagger->index, toks[i].word, tagger->entries->len, &inserted);
      if (inserted)
        g_array_set_size (tagger->entries, tagger->entries->len + 1);
    }
  /* Score rows are cleared when first filled: most are never used. */
  for (guint e = 0; e < tagger->entries->len; e++)
    {
      WordEntry *entry = &g_array_index (tagger->entries, WordEntry, e);

      entry->have = 0;
      memset (entry->history, 0, sizeof entry->history);
    }
}

static void
add_word_scores (DossierRecognizer *self, Tagger *tagger, guint i, int offset, gint32 *scores)
{
  guint stage = tagger->fdoc.stage;
  WordEntry *entry = &g_array_index (tagger->entries, WordEntry, g_array_index (tagger->entry_of, guint32, i));
  gint32 *cached = entry->scores[stage][offset + 2];
  guint bit = 1u << (5 * stage + offset + 2);

  if (!(entry->have & bit))
    {
      const DossierFeatToken *token = &g_array_index (tagger->fdoc.tokens, DossierFeatToken, i);
      guint64 feats[DOSSIER_MAX_WORD_FEATURES];
      guint n = dossier_feat_word (token, offset, stage, feats);

      memset (cached, 0, sizeof (gint32) * DOSSIER_N_LABELS);
      for (guint k = 0; k < n; k++)
        add_feature (self, tagger, feats[k], cached);
      entry->have |= bit;
    }
  for (guint y = 0; y < DOSSIER_N_LABELS; y++)
    scores[y] += cached[y];
}

/* Tags tagger->fdoc (finished) into tagger->labels, one stage. */
static void
tagger_run_stage (DossierRecognizer *self, Tagger *tagger)
{
  const DossierFeatDoc *fdoc = &tagger->fdoc;
  const float *trans = self->transition[fdoc->stage];
  guint8 *labels;
  guint start = 0;

  g_array_set_size (tagger->labels, fdoc->tokens->len);
  labels = (guint8 *) tagger->labels->data;

  for (guint s = 0; s < fdoc->sent_ends->len; s++)
    {
      guint end = g_array_index (fdoc->sent_ends, guint, s);
      float *em;

      g_array_set_size (tagger->emission, (gsize) (end - start) * DOSSIER_N_LABELS);
      g_array_set_size (tagger->back, (gsize) (end - start) * DOSSIER_N_LABELS);
      em = (float *) (gpointer) tagger->emission->data;

      for (guint i = start; i < end; i++)
        {
          gint32 scores[DOSSIER_N_LABELS] = { 0 };
          guint64 feats[DOSSIER_MAX_CONTEXT_FEATURES + DOSSIER_MAX_HISTORY_FEATURES];
          WordEntry *entry;
          guint n;

          for (int k = -2; k <= 2; k++)
            {
              int j = (int) i + k;

              if (j < (int) start || j >= (int) end)
                for (guint y = 0; y < DOSSIER_N_LABELS; y++)
                  scores[y] += self->boundary[fdoc->stage][k + 2][y];
              else
                add_word_scores (self, tagger, (guint) j, k, scores);
            }

          n = dossier_feat_context (fdoc, i, start, end, feats);
          entry = &g_array_index (tagger->entries, WordEntry, g_array_index (tagger->entry_of, guint32, i));
          n += dossier_feat_history (fdoc, i, entry->history, feats + n);
          for (guint k = 0; k < n; k++)
            add_feature (self, tagger, feats[k], scores);
          for (guint y = 0; y < DOSSIER_N_LABELS; y++)
            em[(i - start) * DOSSIER_N_LABELS + y] = (float) scores[y];
        }

      dossier_viterbi (em, trans, end - start, (guint8 *) tagger->back->data, labels + start);

      /* What this sentence said about its words informs the next ones. */
      for (guint i = start; i < end; i++)
        {
          WordEntry *entry = &g_array_index (tagger->entries, WordEntry, g_array_index (tagger->entry_of, guint32, i));
          guint slot = labels[i] == DOSSIER_LABEL_O ? DOSSIER_N_TYPES : DOSSIER_LABEL_TYPE (labels[i]);

          if (entry->history[slot] < G_MAXUINT16)
            entry->history[slot]++;
        }
      start = end;
    }
}

static void
tagger_run (DossierRecognizer *self, Tagger *tagger)
{
  assign_entries (tagger);
  tagger_run_stage (self, tagger);
  if (self->n_stages > 1)
    {
      /* Each stage keeps its own history of the document. */
      for (guint e = 0; e < tagger->entries->len; e++)
        memset (g_array_index (tagger->entries, WordEntry, e).history, 0, sizeof (guint16) * (DOSSIER_N_TYPES + 1));
      dossier_feat_doc_set_prior (&tagger->fdoc, (const guint8 *) tagger->labels->data);
      tagger_run_stage (self, tagger);
    }
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                */
/* ------------------------------------------------------------------------ */

static gboolean
model_exists (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

char *
dossier_recognizer_default_model_path (void)
{
  const char *env = g_getenv ("DOSSIER_NER_MODEL");
  g_autofree char *installed = g_build_filename (PKGDATADIR, "ner", "dossier-ner.model", NULL);
  g_autofree char *exe = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  if (model_exists (installed))
    return g_steal_pointer (&installed);

  /* Running from a build tree: the source tree is an ancestor of the
   * executable's folder (build/app/cli/dossier-cli) or its sibling. */
  exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (exe);

      for (guint up = 0; up < 6; up++)
        {
          g_autofree char *candidate = g_build_filename (dir, "resources", "ner", "dossier-ner.model", NULL);
          g_autofree char *parent = NULL;

          if (model_exists (candidate))
            return g_steal_pointer (&candidate);
          parent = g_path_get_dirname (dir);
          if (g_strcmp0 (parent, dir) == 0)
            break;
          g_free (dir);
          dir = g_steal_pointer (&parent);
        }
    }
  {
    g_autofree char *cwd = g_get_current_dir ();
    g_autofree char *candidate = g_build_filename (cwd, "resources", "ner", "dossier-ner.model", NULL);

    if (model_exists (candidate))
      return g_steal_pointer (&candidate);
  }
  return g_steal_pointer (&installed);
}

DossierRecognizer *
dossier_recognizer_new_from_file (const char  *path,
                                  GError     **error)
{
  DossierRecognizer *self;
  DossierModel *model;
  guint64 sum;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  model = dossier_model_load (path, error);
  if (model == NULL)
    return NULL;

  self = g_new0 (DossierRecognizer, 1);
  self->ref_count = 1;
  self->id = g_atomic_int_add (&last_recognizer_id, 1) + 1;
  self->model = model;
  sum = dossier_model_checksum (model);
  self->version = (guint) (sum ^ (sum >> 32)) ^ (RULES_VERSION * 0x9E3779B9u);

  self->n_stages = dossier_model_n_stages (model);
  for (guint stage = 0; stage < self->n_stages; stage++)
    for (int k = -2; k <= 2; k++)
      {
        guint64 feats[DOSSIER_MAX_WORD_FEATURES];
        guint n;

        if (k == 0)
          continue;
        n = dossier_feat_word (dossier_feat_boundary (k), k, stage, feats);
        for (guint f = 0; f < n; f++)
          dossier_model_add_scores (model, feats[f], self->boundary[stage][k + 2]);
      }
  for (guint stage = 0; stage < self->n_stages; stage++)
    for (guint prev = 0; prev <= DOSSIER_N_LABELS; prev++)
      {
        gint32 scores[DOSSIER_N_LABELS] = { 0 };

        dossier_model_add_scores (model, dossier_feat_transition (stage, prev), scores);
        for (guint y = 0; y < DOSSIER_N_LABELS; y++)
          self->transition[stage][prev * DOSSIER_N_LABELS + y] = (float) scores[y];
      }
  return self;
}

DossierRecognizer *
dossier_recognizer_ref (DossierRecognizer *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
dossier_recognizer_unref (DossierRecognizer *self)
{
  g_return_if_fail (self != NULL);
  if (g_atomic_int_dec_and_test (&self->ref_count))
    {
      dossier_model_free (self->model);
      g_free (self);
    }
}

guint
dossier_recognizer_get_version (DossierRecognizer *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->version;
}

static void
add_word (Tagger *tagger, const char *text, const DossierToken *token)
{
  char buf[256];
  gsize len = dossier_token_normalize (text, token, buf, sizeof buf);

  dossier_feat_doc_add_token (&tagger->fdoc, buf, len);
}

void
dossier_recognizer_tag_tokens (DossierRecognizer  *self,
                               const char *const  *tokens,
                               guint               n_tokens,
                               const guint        *sentence_ends,
                               guint               n_sentences,
                               const char        **out_labels)
{
  g_autofree guint8 *is_end = NULL;
  Tagger tagger;
  guint doc_start = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (n_tokens == 0 || (tokens != NULL && out_labels != NULL));

  is_end = g_new0 (guint8, n_tokens + 1);
  for (guint s = 0; s < n_sentences; s++)
    if (sentence_ends[s] > 0 && sentence_ends[s] <= n_tokens)
      is_end[sentence_ends[s] - 1] = 1;

  tagger_init (&tagger, self);
  while (doc_start < n_tokens)
    {
      const guint8 *labels;
      guint sent_len = 0, sent_start = 0, s = 0, prev = DOSSIER_LABEL_O;
      guint i;

      /* Whole sentences up to BLOCK_TOKENS (a single longer one is cut). */
      for (i = doc_start; i < n_tokens; i++)
        {
          DossierToken tok = { 0, 0, 0, (guint) strlen (tokens[i]), 0 };

          add_word (&tagger, tokens[i], &tok);
          sent_len++;
          if (is_end[i] || sent_len >= DOSSIER_MAX_SENTENCE_TOKENS)
            {
              dossier_feat_doc_end_sentence (&tagger.fdoc);
              sent_len = 0;
              if (i + 1 - doc_start >= BLOCK_TOKENS)
                {
                  i++;
                  break;
                }
            }
        }
      dossier_feat_doc_finish (&tagger.fdoc, dossier_model_gaz_lookup, self->model);
      tagger_run (self, &tagger);

      labels = (const guint8 *) tagger.labels->data;
      for (guint k = 0; k < tagger.fdoc.tokens->len; k++)
        {
          if (k == sent_start)
            prev = DOSSIER_LABEL_O;
          out_labels[doc_start + k] = dossier_label_to_iob2 (labels[k], prev);
          prev = labels[k];
          if (s < tagger.fdoc.sent_ends->len && g_array_index (tagger.fdoc.sent_ends, guint, s) == k + 1)
            {
              sent_start = k + 1;
              s++;
            }
        }
      doc_start = i;
      tagger_reset (&tagger);
    }
  tagger_clear (&tagger);
}

/* Spans from BILOU labels (lenient, though Viterbi keeps them well formed). */
static void
collect_spans (Tagger *tagger, const DossierToken *tokens, GArray *spans)
{
  const guint8 *labels = (const guint8 *) tagger->labels->data;
  const DossierFeatDoc *fdoc = &tagger->fdoc;
  guint start = 0;

  for (guint s = 0; s < fdoc->sent_ends->len; s++)
    {
      guint end = g_array_index (fdoc->sent_ends, guint, s);
      int open = -1;
      guint open_type = 0;

      for (guint i = start; i <= end; i++)
        {
          guint label = i < end ? labels[i] : DOSSIER_LABEL_O;
          guint type = label == DOSSIER_LABEL_O ? 0 : DOSSIER_LABEL_TYPE (label);
          guint pos = label == DOSSIER_LABEL_O ? 0 : DOSSIER_LABEL_POS (label);
          gboolean continues = open >= 0 && label != DOSSIER_LABEL_O && type == open_type &&
                               (pos == DOSSIER_POS_I || pos == DOSSIER_POS_L);

          if (open >= 0 && !continues)
            {
              DossierNameSpan span = { tokens[open].start, tokens[i - 1].end, open_type };

              g_array_append_val (spans, span);
              open = -1;
            }
          if (label == DOSSIER_LABEL_O)
            continue;
          if (open < 0)
            {
              open = (int) i;
              open_type = type;
            }
          if (pos == DOSSIER_POS_L || pos == DOSSIER_POS_U)
            {
              DossierNameSpan span = { tokens[open].start, tokens[i].end, open_type };

              g_array_append_val (spans, span);
              open = -1;
            }
        }
      start = end;
    }
}

static const DossierEntityType type_map[DOSSIER_N_TYPES] = {
  DOSSIER_ENTITY_PERSON, DOSSIER_ENTITY_ORGANIZATION, DOSSIER_ENTITY_PLACE, DOSSIER_ENTITY_MISC,
};

GArray *
dossier_recognizer_find_names (DossierRecognizer  *self,
                               const char         *text)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (DossierNameSpan));
  g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (DossierToken));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (guint));
  Tagger tagger;
  gsize len, pos = 0;
  guint cp_offset = 0;

  g_return_val_if_fail (self != NULL, spans);
  if (text == NULL)
    return spans;

  len = strlen (text);
  tagger_init (&tagger, self);
  while (pos < len)
    {
      gsize end = MIN (len, pos + BLOCK_BYTES);
      guint first_span = spans->len;
      guint start;

      /* Cut after a line break, else after a space, else at a character. */
      if (end < len)
        {
          gsize cut = end;

          while (cut > pos + BLOCK_BYTES / 2 && text[cut - 1] != '\n')
            cut--;
          if (cut <= pos + BLOCK_BYTES / 2)
            for (cut = end; cut > pos + BLOCK_BYTES / 2 && text[cut - 1] != ' '; cut--)
              ;
          if (cut > pos + BLOCK_BYTES / 2)
            end = cut;
          else
            while (end > pos + 1 && ((guchar) text[end] & 0xC0) == 0x80)
              end--;
        }

      g_array_set_size (tokens, 0);
      g_array_set_size (ends, 0);
      dossier_tokenize_append (text + pos, (gssize) (end - pos), cp_offset, tokens);
      dossier_split_sentences (text + pos, (const DossierToken *) (gpointer) tokens->data,
                               tokens->len, ends);

      start = 0;
      for (guint i = 0; i < tokens->len; i++)
        add_word (&tagger, text + pos, &g_array_index (tokens, DossierToken, i));
      for (guint s = 0; s < ends->len; s++)
        {
          g_array_append_val (tagger.fdoc.sent_ends, g_array_index (ends, guint, s));
          start = g_array_index (ends, guint, s);
        }
      (void) start;
      dossier_feat_doc_finish (&tagger.fdoc, dossier_model_gaz_lookup, self->model);
      tagger_run (self, &tagger);
      collect_spans (&tagger, (const DossierToken *) (gpointer) tokens->data, spans);
      for (guint k = first_span; k < spans->len; k++)
        {
          DossierNameSpan *span = &g_array_index (spans, DossierNameSpan, k);

          span->type = type_map[span->type];
        }

      /* The next block's code point offset: count this block's. */
      for (const char *p = text + pos, *e = text + end; p < e; )
        {
          gunichar c = (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char_validated (p, e - p);

          if (c == (gunichar) -1 || c == (gunichar) -2)
            p++;
          else
            p = (guchar) *p < 0x80 ? p + 1 : g_utf8_next_char (p);
          cp_offset++;
        }
      pos = end;
      tagger_reset (&tagger);
    }
  tagger_clear (&tagger);
  return spans;
}
