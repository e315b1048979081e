/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-perceptron.c: reads CoNLL data, scores like conlleval, and trains
 * the averaged perceptron that dossier-recognizer.c runs.
 *
 * Owns training: feature selection, Viterbi decoding with structured updates
 * (the decoder mirrors dossier-recognizer.c's), averaging, epoch choice on
 * the dev split, the optional second stage, and the gazetteers and word
 * classes embedded in the model. Must be
 * reproducible: fixed seed, fixed order, no dependence on hash-table order. */

#define G_LOG_DOMAIN "dossier-ner"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-perceptron.h"
#include "dossier-model.h"
#include "dossier-tokenizer.h"

static const char *type_names[DOSSIER_N_TYPES] = { "PER", "ORG", "LOC", "MISC" };

const char *
dossier_conll_type_name (guint type)
{
  g_return_val_if_fail (type < DOSSIER_N_TYPES, "?");
  return type_names[type];
}

/* ------------------------------------------------------------------------ */
/* CoNLL files                                                               */
/* ------------------------------------------------------------------------ */

void
dossier_conll_doc_free (DossierConllDoc *doc)
{
  if (doc == NULL)
    return;
  g_ptr_array_unref (doc->words);
  g_ptr_array_unref (doc->lines);
  g_array_unref (doc->gold);
  g_array_unref (doc->sent_ends);
  g_free (doc);
}

static DossierConllDoc *
conll_doc_new (void)
{
  DossierConllDoc *doc = g_new0 (DossierConllDoc, 1);

  doc->words = g_ptr_array_new_with_free_func (g_free);
  doc->lines = g_ptr_array_new_with_free_func (g_free);
  doc->gold = g_array_new (FALSE, FALSE, sizeof (guint8));
  doc->sent_ends = g_array_new (FALSE, FALSE, sizeof (guint));
  return doc;
}

static int
tag_type (const char *tag)
{
  const char *t;

  if (tag == NULL || tag[0] == '\0' || strcmp (tag, "O") == 0 || tag[1] != '-')
    return -1;
  t = tag + 2;
  for (guint k = 0; k < DOSSIER_N_TYPES; k++)
    if (strcmp (t, type_names[k]) == 0)
      return (int) k;
  return -1;
}

/* conlleval's chunk rules, for IOB1 and IOB2 alike. */
static gboolean
chunk_starts (const char *prev, const char *tag)
{
  int pt = tag_type (prev), t = tag_type (tag);

  if (t < 0)
    return FALSE;
  return tag[0] == 'B' || tag[0] == 'U' || pt != t;
}

static gboolean
chunk_continues (const char *prev, const char *tag)
{
  int pt = tag_type (prev), t = tag_type (tag);

  return t >= 0 && t == pt && !(tag[0] == 'B' || tag[0] == 'U') &&
         !(prev[0] == 'L' || prev[0] == 'U');
}

/* Gold tags of one sentence → BILOU labels. */
static void
tags_to_bilou (char **tags, guint n, guint8 *out)
{
  for (guint i = 0; i < n; i++)
    {
      const char *prev = i > 0 ? tags[i - 1] : "O";
      int t = tag_type (tags[i]);
      gboolean starts, next_continues;

      if (t < 0)
        {
          out[i] = DOSSIER_LABEL_O;
          continue;
        }
      starts = chunk_starts (prev, tags[i]) || !chunk_continues (prev, tags[i]);
      next_continues = i + 1 < n && chunk_continues (tags[i], tags[i + 1]);
      if (starts)
        out[i] = DOSSIER_LABEL (t, next_continues ? DOSSIER_POS_B : DOSSIER_POS_U);
      else
        out[i] = DOSSIER_LABEL (t, next_continues ? DOSSIER_POS_I : DOSSIER_POS_L);
    }
}

static void
end_sentence (DossierConllDoc *doc, GPtrArray *tags)
{
  guint start, n;

  start = doc->sent_ends->len ? g_array_index (doc->sent_ends, guint, doc->sent_ends->len - 1) : 0;
  n = doc->words->len - start;
  if (n == 0)
    return;
  g_array_set_size (doc->gold, doc->words->len);
  tags_to_bilou ((char **) tags->pdata, n, &g_array_index (doc->gold, guint8, start));
  g_array_append_val (doc->sent_ends, doc->words->len);
  g_ptr_array_set_size (tags, 0);
}

GPtrArray *
dossier_conll_parse (const char *contents,
                     gsize       length)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_conll_doc_free);
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  DossierConllDoc *doc = conll_doc_new ();
  const char *p = contents, *end = contents + length;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl ? nl : end;
      g_autofree char *line = g_strndup (p, line_end - p);
      g_auto(GStrv) cols = NULL;

      p = nl ? nl + 1 : end;
      g_strchomp (line);
      if (line[0] == '\0')
        {
          end_sentence (doc, tags);
          continue;
        }
      if (g_str_has_prefix (line, "-DOCSTART-"))
        {
          end_sentence (doc, tags);
          if (doc->words->len > 0)
            {
              g_ptr_array_add (docs, doc);
              doc = conll_doc_new ();
            }
          continue;
        }
      cols = g_strsplit_set (line, " \t", -1);
      g_ptr_array_add (doc->words, g_strdup (cols[0]));
      g_ptr_array_add (tags, g_strdup (cols[g_strv_length (cols) - 1]));
      g_ptr_array_add (doc->lines, g_steal_pointer (&line));
    }
  end_sentence (doc, tags);
  if (doc->words->len > 0)
    g_ptr_array_add (docs, doc);
  else
    dossier_conll_doc_free (doc);
  return docs;
}

GPtrArray *
dossier_conll_read (const char  *path,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  return dossier_conll_parse (contents, length);
}

/* ------------------------------------------------------------------------ */
/* Scoring                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct {
  guint start, end;
  int   type;
} Chunk;

static GArray *
chunks_of (const char *const *tags, guint n)
{
  GArray *chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));

  for (guint i = 0; i < n; i++)
    {
      const char *prev = i > 0 ? tags[i - 1] : "O";

      if (tag_type (tags[i]) >= 0 && (chunk_starts (prev, tags[i]) || !chunk_continues (prev, tags[i])))
        {
          Chunk c = { i, i + 1, tag_type (tags[i]) };

          while (c.end < n && chunk_continues (tags[c.end - 1], tags[c.end]))
            c.end++;
          g_array_append_val (chunks, c);
        }
    }
  return chunks;
}

void
dossier_conll_score_add_sentence (DossierConllScore  *score,
                                  const char *const  *gold,
                                  const char *const  *predicted,
                                  guint               n)
{
  g_autoptr(GArray) g = chunks_of (gold, n);
  g_autoptr(GArray) p = chunks_of (predicted, n);
  guint a = 0;

  for (guint i = 0; i < n; i++)
    {
      score->tokens++;
      if (strcmp (gold[i], predicted[i]) == 0)
        score->tokens_correct++;
    }
  for (guint i = 0; i < g->len; i++)
    score->gold[g_array_index (g, Chunk, i).type]++;
  for (guint i = 0; i < p->len; i++)
    {
      const Chunk *pc = &g_array_index (p, Chunk, i);

      score->predicted[pc->type]++;
      while (a < g->len && g_array_index (g, Chunk, a).start < pc->start)
        a++;
      if (a < g->len)
        {
          const Chunk *gc = &g_array_index (g, Chunk, a);

          if (gc->start == pc->start && gc->end == pc->end && gc->type == pc->type)
            score->correct[pc->type]++;
        }
    }
}

static void
prf (const DossierConllScore *score, int type, double *p, double *r, double *f)
{
  guint c = 0, g = 0, pr = 0;

  for (guint k = 0; k < DOSSIER_N_TYPES; k++)
    if (type < 0 || (guint) type == k)
      {
        c += score->correct[k];
        g += score->gold[k];
        pr += score->predicted[k];
      }
  *p = pr ? 100.0 * c / pr : 0.0;
  *r = g ? 100.0 * c / g : 0.0;
  *f = (*p + *r) > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
}

double
dossier_conll_score_f1 (const DossierConllScore *score,
                        int                      type)
{
  double p, r, f;

  prf (score, type, &p, &r, &f);
  return f;
}

char *
dossier_conll_score_format (const DossierConllScore *score)
{
  GString *s = g_string_new (NULL);
  double p, r, f;
  guint g = 0, pr = 0, c = 0;

  for (guint k = 0; k < DOSSIER_N_TYPES; k++)
    {
      g += score->gold[k];
      pr += score->predicted[k];
      c += score->correct[k];
    }
  prf (score, -1, &p, &r, &f);
  g_string_append_printf (s, "processed %u tokens with %u phrases; found: %u phrases; correct: %u.\n",
                          score->tokens, g, pr, c);
  g_string_append_printf (s, "accuracy: %6.2f%%; precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f\n",
                          score->tokens ? 100.0 * score->tokens_correct / score->tokens : 0.0,
                          p, r, f);
  for (guint k = 0; k < DOSSIER_N_TYPES; k++)
    {
      prf (score, (int) k, &p, &r, &f);
      g_string_append_printf (s, "%17s: precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f  %u\n",
                              type_names[k], p, r, f, score->predicted[k]);
    }
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Gazetteers                                                                */
/* ------------------------------------------------------------------------ */

static gboolean
gaz_lookup (gconstpointer data, guint64 phrase, guint32 *mask)
{
  return dossier_u64_map_lookup (data, phrase, mask);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* word-classes.tsv: "word<TAB>class" lines; classes numbered from 1 in
 * sorted order, stored under dossier_word_class_key() in the same table. */
static gboolean
load_word_classes (const char     *dir_path,
                   DossierU64Map  *phrases,
                   GString        *meta,
                   gboolean        verbose,
                   GError        **error)
{
  g_autofree char *path = g_build_filename (dir_path, "word-classes.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) classes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint count = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      char *tab = strchr (lines[l], '\t');

      if (tab != NULL && !g_hash_table_contains (ids, tab + 1))
        {
          g_ptr_array_add (classes, g_strdup (tab + 1));
          g_hash_table_add (ids, classes->pdata[classes->len - 1]);
        }
    }
  g_ptr_array_sort (classes, compare_names);
  if (classes->len > 250)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: too many classes", path);
      return FALSE;
    }
  g_hash_table_remove_all (ids);
  g_string_append (meta, "word classes:");
  for (guint c = 0; c < classes->len; c++)
    {
      g_hash_table_insert (ids, classes->pdata[c], GUINT_TO_POINTER (c + 1));
      g_string_append_printf (meta, " %s", (char *) classes->pdata[c]);
    }
  for (guint l = 0; lines[l] != NULL; l++)
    {
      char *tab = strchr (lines[l], '\t');
      DossierFeatToken ft;

      if (tab == NULL || !g_utf8_validate (lines[l], -1, NULL))
        continue;
      *tab = '\0';
      dossier_feat_token_fill (&ft, lines[l], strlen (lines[l]));
      *dossier_u64_map_insert (phrases, dossier_word_class_key (ft.lower), 0, NULL) =
        GPOINTER_TO_UINT (g_hash_table_lookup (ids, tab + 1));
      count++;
    }
  g_string_append_printf (meta, " (%u words)\n", count);
  if (verbose)
    g_printerr ("word classes: %u classes, %u words\n", classes->len, count);
  return TRUE;
}

static gboolean
load_gazetteers (const char     *dir_path,
                 DossierU64Map  *phrases,
                 GString        *meta,
                 gboolean        verbose,
                 guint          *n_cats,
                 GError        **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  dir = g_dir_open (dir_path, 0, error);
  if (dir == NULL)
    return FALSE;
  if (!load_word_classes (dir_path, phrases, meta, verbose, error))
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  /* Four more categories hold the training data's own entity names. */
  if (names->len > 27)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "%s: at most 27 name lists, found %u", dir_path, names->len);
      return FALSE;
    }
  *n_cats = names->len;

  g_string_append (meta, "gazetteers:");
  for (guint cat = 0; cat < names->len; cat++)
    {
      g_autofree char *path = g_build_filename (dir_path, names->pdata[cat], NULL);
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;
      guint count = 0;

      if (!g_file_get_contents (path, &contents, NULL, error))
        return FALSE;
      lines = g_strsplit (contents, "\n", -1);
      for (guint l = 0; lines[l] != NULL; l++)
        {
          g_autoptr(GArray) toks = NULL;
          guint64 phrase = dossier_gaz_phrase_start ();
          const char *line = g_strstrip (lines[l]);

          if (line[0] == '\0' || !g_utf8_validate (line, -1, NULL))
            continue;
          toks = dossier_tokenize (line, -1);
          if (toks->len == 0 || toks->len > DOSSIER_GAZ_MAX_TOKENS)
            continue;
          for (guint t = 0; t < toks->len; t++)
            {
              char buf[256];
              gsize len = dossier_token_normalize (line, &g_array_index (toks, DossierToken, t),
                                                   buf, sizeof buf);
              DossierFeatToken ft;

              dossier_feat_token_fill (&ft, buf, len);
              phrase = dossier_gaz_phrase_add (phrase, ft.lower);
              *dossier_u64_map_insert (phrases, phrase, 0, NULL) |=
                (t + 1 == toks->len) ? (1u << cat) : DOSSIER_GAZ_PREFIX_BIT;
            }
          count++;
        }
      g_string_append_printf (meta, " %s=%u", (char *) names->pdata[cat], count);
      if (verbose)
        g_printerr ("gazetteer %u %s: %u names\n", cat, (char *) names->pdata[cat], count);
    }
  g_string_append (meta, "\n");
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Training                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct {
  DossierFeatDoc         fdoc;
  const DossierConllDoc *conll;
  GArray                *static_feats;   /* guint32 feature indices, all tokens */
  GArray                *static_first;   /* guint32 per token + 1 */
  guint8                *prior;          /* first-stage labels (held-out predictions for training) */
} TrainDoc;

typedef struct {
  DossierU64Map     index;     /* feature hash → index */
  GArray           *hashes;    /* guint64 by index */
  float            *w;
  double           *u;
  float            *avg;
  float            *best;
  gsize             n;
  guint64           c;
  guint             best_epoch;
  double            best_f1;
  DossierConllScore best_score;
} Perceptron;

#define MAX_FEATURES (5 * DOSSIER_MAX_WORD_FEATURES + DOSSIER_MAX_CONTEXT_FEATURES)

static void
build_feat_doc (const DossierConllDoc *conll, DossierFeatDoc *fdoc, const DossierU64Map *phrases)
{
  guint s = 0;

  dossier_feat_doc_init (fdoc);
  for (guint i = 0; i < conll->words->len; i++)
    {
      const char *word = conll->words->pdata[i];
      DossierToken tok = { 0, 0, 0, (guint) strlen (word), 0 };
      char buf[256];
      gsize len = dossier_token_normalize (word, &tok, buf, sizeof buf);

      dossier_feat_doc_add_token (fdoc, buf, len);
      if (s < conll->sent_ends->len && g_array_index (conll->sent_ends, guint, s) == i + 1)
        {
          dossier_feat_doc_end_sentence (fdoc);
          s++;
        }
    }
  dossier_feat_doc_finish (fdoc, phrases && phrases->n_items ? gaz_lookup : NULL, phrases);
}

static guint
static_features (const DossierFeatDoc *fdoc, guint i, guint start, guint end, guint64 *out)
{
  const DossierFeatToken *toks = (const DossierFeatToken *) (gconstpointer) fdoc->tokens->data;
  guint n = 0;

  for (int k = -2; k <= 2; k++)
    {
      int j = (int) i + k;
      const DossierFeatToken *t;

      if (j < (int) start)
        t = dossier_feat_boundary (-1);
      else if (j >= (int) end)
        t = dossier_feat_boundary (1);
      else
        t = &toks[j];
      n += dossier_feat_word (t, k, fdoc->stage, out + n);
    }
  n += dossier_feat_context (fdoc, i, start, end, out + n);
  return n;
}

static guint
history_slot (guint label)
{
  return label == DOSSIER_LABEL_O ? DOSSIER_N_TYPES : (guint) DOSSIER_LABEL_TYPE (label);
}

static guint16 *
history_of (DossierU64Map *index, GArray *history, guint64 word)
{
  gboolean inserted;
  guint32 slot = *dossier_u64_map_insert (index, word, history->len, &inserted);

  if (inserted)
    g_array_set_size (history, history->len + 1);
  return (guint16 *) (gpointer) (history->data + slot * sizeof (guint16) * (DOSSIER_N_TYPES + 1));
}

static void
update_row (Perceptron *p, gint64 idx, guint label, float delta)
{
  gsize base;

  if (idx < 0)
    return;
  base = (gsize) idx * DOSSIER_N_LABELS + label;
  p->w[base] += delta;
  p->u[base] += delta * (double) p->c;
}

/* Viterbi decoding of one document, sentence by sentence, as
 * dossier-recognizer.c does it. With `gold`, a structured perceptron update
 * after each sentence decoded wrongly. With `count_only`, follows the gold
 * labels and counts the history and transition features instead. */
static void
decode_doc (Perceptron *p, TrainDoc *td, const float *weights, const guint8 *gold,
            guint8 *labels, gboolean count_only)
{
  const DossierFeatDoc *fdoc = &td->fdoc;
  const DossierFeatToken *toks = (const DossierFeatToken *) (gconstpointer) fdoc->tokens->data;
  DossierU64Map history_index;
  g_autoptr(GArray) history = g_array_new (FALSE, TRUE, sizeof (guint16) * (DOSSIER_N_TYPES + 1));
  g_autoptr(GArray) emission = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(GArray) back = g_array_new (FALSE, FALSE, sizeof (guint8));
  g_autoptr(GArray) hist_idx = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) hist_first = g_array_new (FALSE, FALSE, sizeof (guint32));
  gint64 trans_idx[DOSSIER_N_LABELS + 1];
  float trans[(DOSSIER_N_LABELS + 1) * DOSSIER_N_LABELS];
  guint start = 0;

  dossier_u64_map_init (&history_index, 256);
  for (guint prev = 0; prev <= DOSSIER_N_LABELS; prev++)
    {
      guint64 f = dossier_feat_transition (fdoc->stage, prev);
      guint32 idx;

      if (count_only)
        {
          (*dossier_u64_map_insert (&p->index, f, 0, NULL))++;
          trans_idx[prev] = -1;
        }
      else
        trans_idx[prev] = dossier_u64_map_lookup (&p->index, f, &idx) ? (gint64) idx : -1;
    }

  for (guint s = 0; s < fdoc->sent_ends->len; s++)
    {
      guint end = g_array_index (fdoc->sent_ends, guint, s);
      guint n = end - start;
      float *em;
      gboolean wrong = FALSE;

      g_array_set_size (emission, (gsize) n * DOSSIER_N_LABELS);
      g_array_set_size (back, (gsize) n * DOSSIER_N_LABELS);
      g_array_set_size (hist_idx, 0);
      g_array_set_size (hist_first, 0);
      em = (float *) (gpointer) emission->data;
      memset (em, 0, sizeof (float) * n * DOSSIER_N_LABELS);

      for (guint i = start; i < end; i++)
        {
          guint64 feats[DOSSIER_MAX_HISTORY_FEATURES];
          guint16 *hist = history_of (&history_index, history, toks[i].word);
          guint n_hist = dossier_feat_history (fdoc, i, hist, feats);
          guint32 first = hist_idx->len;
          float *row_out = em + (gsize) (i - start) * DOSSIER_N_LABELS;
          const guint32 *st;
          guint n_st;

          g_array_append_val (hist_first, first);
          if (count_only)
            {
              for (guint k = 0; k < n_hist; k++)
                (*dossier_u64_map_insert (&p->index, feats[k], 0, NULL))++;
              continue;
            }
          for (guint k = 0; k < n_hist; k++)
            {
              guint32 idx;

              if (dossier_u64_map_lookup (&p->index, feats[k], &idx))
                g_array_append_val (hist_idx, idx);
            }
          st = &g_array_index (td->static_feats, guint32, g_array_index (td->static_first, guint32, i));
          n_st = g_array_index (td->static_first, guint32, i + 1) -
                 g_array_index (td->static_first, guint32, i);
          for (guint pass = 0; pass < 2; pass++)
            {
              const guint32 *idx = pass == 0 ? st : &g_array_index (hist_idx, guint32, first);
              guint m = pass == 0 ? n_st : hist_idx->len - first;

              for (guint k = 0; k < m; k++)
                {
                  const float *row = weights + (gsize) idx[k] * DOSSIER_N_LABELS;

                  for (guint y = 0; y < DOSSIER_N_LABELS; y++)
                    row_out[y] += row[y];
                }
            }
        }
      {
        guint32 last = hist_idx->len;

        g_array_append_val (hist_first, last);
      }

      if (count_only)
        memcpy (labels + start, gold + start, n);
      else
        {
          for (guint prev = 0; prev <= DOSSIER_N_LABELS; prev++)
            for (guint y = 0; y < DOSSIER_N_LABELS; y++)
              trans[prev * DOSSIER_N_LABELS + y] =
                trans_idx[prev] >= 0 ? weights[(gsize) trans_idx[prev] * DOSSIER_N_LABELS + y] : 0.0f;
          dossier_viterbi (em, trans, n, (guint8 *) back->data, labels + start);
        }

      if (gold != NULL && !count_only)
        {
          for (guint i = start; i < end; i++)
            if (labels[i] != gold[i])
              wrong = TRUE;
          if (wrong)
            {
              for (guint i = start; i < end; i++)
                {
                  guint gp = i > start ? gold[i - 1] : DOSSIER_LABEL_START;
                  guint pp = i > start ? labels[i - 1] : DOSSIER_LABEL_START;

                  if (labels[i] != gold[i])
                    {
                      const guint32 *st = &g_array_index (td->static_feats, guint32,
                                                          g_array_index (td->static_first, guint32, i));
                      guint n_st = g_array_index (td->static_first, guint32, i + 1) -
                                   g_array_index (td->static_first, guint32, i);
                      guint32 h0 = g_array_index (hist_first, guint32, i - start);
                      guint32 h1 = g_array_index (hist_first, guint32, i - start + 1);

                      for (guint k = 0; k < n_st; k++)
                        {
                          update_row (p, st[k], gold[i], 1.0f);
                          update_row (p, st[k], labels[i], -1.0f);
                        }
                      for (guint32 k = h0; k < h1; k++)
                        {
                          update_row (p, g_array_index (hist_idx, guint32, k), gold[i], 1.0f);
                          update_row (p, g_array_index (hist_idx, guint32, k), labels[i], -1.0f);
                        }
                    }
                  if (gp != pp || labels[i] != gold[i])
                    {
                      update_row (p, trans_idx[gp], gold[i], 1.0f);
                      update_row (p, trans_idx[pp], labels[i], -1.0f);
                    }
                }
            }
        }
      if (gold != NULL && !count_only)
        p->c++;

      /* What this sentence said about its words informs the next ones. */
      for (guint i = start; i < end; i++)
        history_of (&history_index, history, toks[i].word)[history_slot (labels[i])]++;
      start = end;
    }
  dossier_u64_map_clear (&history_index);
}

/* Static features of every token, as indices of `p` (or counted into it). */
static void
index_static_features (Perceptron *p, TrainDoc *td, gboolean count_only)
{
  const DossierFeatDoc *fdoc = &td->fdoc;
  guint start = 0;
  guint32 zero = 0;

  if (!count_only)
    {
      g_clear_pointer (&td->static_feats, g_array_unref);
      g_clear_pointer (&td->static_first, g_array_unref);
      td->static_feats = g_array_new (FALSE, FALSE, sizeof (guint32));
      td->static_first = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_array_append_val (td->static_first, zero);
    }
  for (guint s = 0; s < fdoc->sent_ends->len; s++)
    {
      guint end = g_array_index (fdoc->sent_ends, guint, s);

      for (guint i = start; i < end; i++)
        {
          guint64 feats[MAX_FEATURES];
          guint n = static_features (fdoc, i, start, end, feats);

          for (guint k = 0; k < n; k++)
            {
              if (count_only)
                (*dossier_u64_map_insert (&p->index, feats[k], 0, NULL))++;
              else
                {
                  guint32 idx;

                  if (dossier_u64_map_lookup (&p->index, feats[k], &idx))
                    g_array_append_val (td->static_feats, idx);
                }
            }
          if (!count_only)
            {
              guint32 next = td->static_feats->len;

              g_array_append_val (td->static_first, next);
            }
        }
      start = end;
    }
}

static void
train_doc_free (TrainDoc *td)
{
  dossier_feat_doc_clear (&td->fdoc);
  g_clear_pointer (&td->static_feats, g_array_unref);
  g_clear_pointer (&td->static_first, g_array_unref);
  g_free (td->prior);
  g_free (td);
}

static void
perceptron_clear (Perceptron *p)
{
  dossier_u64_map_clear (&p->index);
  g_clear_pointer (&p->hashes, g_array_unref);
  g_clear_pointer (&p->w, g_free);
  g_clear_pointer (&p->u, g_free);
  g_clear_pointer (&p->avg, g_free);
  g_clear_pointer (&p->best, g_free);
}

/* Picks the features of `train` (those seen at least `min_count` times with
 * gold histories), numbered in an order fixed by the data alone. */
static void
perceptron_setup (Perceptron *p, GPtrArray *train, guint min_count)
{
  DossierU64Map counts;

  memset (p, 0, sizeof *p);
  dossier_u64_map_init (&p->index, 1 << 20);
  for (guint d = 0; d < train->len; d++)
    {
      TrainDoc *td = train->pdata[d];
      g_autofree guint8 *labels = g_new0 (guint8, td->fdoc.tokens->len + 1);

      index_static_features (p, td, TRUE);
      decode_doc (p, td, NULL, (const guint8 *) td->conll->gold->data, labels, TRUE);
    }
  counts = p->index;
  dossier_u64_map_init (&p->index, counts.n_items);
  p->hashes = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (gsize k = 0; k <= counts.mask; k++)
    if (counts.keys[k] != 0 && counts.values[k] >= min_count)
      {
        dossier_u64_map_insert (&p->index, counts.keys[k], p->hashes->len, NULL);
        g_array_append_val (p->hashes, counts.keys[k]);
      }
  dossier_u64_map_clear (&counts);

  p->n = p->hashes->len;
  p->w = g_new0 (float, p->n * DOSSIER_N_LABELS);
  p->u = g_new0 (double, p->n * DOSSIER_N_LABELS);
  p->avg = g_new0 (float, p->n * DOSSIER_N_LABELS);
  p->best = g_new0 (float, p->n * DOSSIER_N_LABELS);
  p->c = 1;
  p->best_f1 = -1.0;
}

static void
tag_docs (Perceptron *p, GPtrArray *docs, const float *weights, gboolean to_prior,
          DossierConllScore *score_out)
{
  DossierConllScore score = { { 0 } };

  for (guint d = 0; d < docs->len; d++)
    {
      TrainDoc *td = docs->pdata[d];
      guint n = td->fdoc.tokens->len;
      g_autofree guint8 *labels = g_new0 (guint8, n + 1);
      g_autofree const char **gold = g_new0 (const char *, n + 1);
      g_autofree const char **pred = g_new0 (const char *, n + 1);
      guint start = 0;

      decode_doc (p, td, weights, NULL, labels, FALSE);
      if (to_prior)
        {
          g_free (td->prior);
          td->prior = g_memdup2 (labels, n + 1);
        }
      for (guint s = 0; s < td->fdoc.sent_ends->len && score_out; s++)
        {
          guint end = g_array_index (td->fdoc.sent_ends, guint, s);

          for (guint i = start; i < end; i++)
            {
              guint gl = g_array_index (td->conll->gold, guint8, i);

              gold[i] = dossier_label_to_iob2 (gl, i > start ? g_array_index (td->conll->gold, guint8, i - 1) : 0);
              pred[i] = dossier_label_to_iob2 (labels[i], i > start ? labels[i - 1] : 0);
            }
          dossier_conll_score_add_sentence (&score, gold + start, pred + start, end - start);
          start = end;
        }
    }
  if (score_out)
    *score_out = score;
}

/* Trains `epochs` epochs over `train` in a seeded order; with `dev` and not
 * `keep_last`, keeps the averaged weights of the best epoch on it, else
 * those of the last. */
static void
perceptron_train (Perceptron *p, GPtrArray *train, GPtrArray *dev, guint epochs, guint32 seed,
                  gboolean keep_last, const char *what, gboolean verbose)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree guint *order = g_new (guint, train->len);
  gint64 t0 = g_get_monotonic_time ();

  for (guint d = 0; d < train->len; d++)
    {
      order[d] = d;
      index_static_features (p, train->pdata[d], FALSE);
    }
  for (guint d = 0; dev && d < dev->len; d++)
    index_static_features (p, dev->pdata[d], FALSE);

  for (guint epoch = 1; epoch <= epochs; epoch++)
    {
      DossierConllScore score = { { 0 } };
      double f1 = 0.0;

      for (guint d = train->len - 1; d > 0; d--)
        {
          guint j = (guint) g_rand_int_range (rand, 0, (gint32) d + 1);
          guint tmp = order[d];

          order[d] = order[j];
          order[j] = tmp;
        }
      for (guint d = 0; d < train->len; d++)
        {
          TrainDoc *td = train->pdata[order[d]];
          g_autofree guint8 *labels = g_new0 (guint8, td->fdoc.tokens->len + 1);

          decode_doc (p, td, p->w, (const guint8 *) td->conll->gold->data, labels, FALSE);
        }
      for (gsize k = 0; k < p->n * DOSSIER_N_LABELS; k++)
        p->avg[k] = (float) (p->w[k] - p->u[k] / (double) p->c);

      if (dev)
        {
          tag_docs (p, dev, p->avg, FALSE, &score);
          f1 = dossier_conll_score_f1 (&score, -1);
        }
      if (dev == NULL || keep_last || f1 > p->best_f1)
        {
          p->best_f1 = f1;
          p->best_epoch = epoch;
          p->best_score = score;
          memcpy (p->best, p->avg, p->n * DOSSIER_N_LABELS * sizeof (float));
        }
      if (verbose)
        g_printerr ("%s epoch %u: dev F1 %.2f (%.0f s)\n", what, epoch, f1,
                    (g_get_monotonic_time () - t0) / 1e6);
    }
}

static void
add_to_model (DossierModelBuilder *builder, const Perceptron *p, double prune, gsize *n_written)
{
  for (gsize f = 0; f < p->n; f++)
    {
      const float *row = p->best + f * DOSSIER_N_LABELS;
      float max_abs = 0.0f;

      for (guint y = 0; y < DOSSIER_N_LABELS; y++)
        max_abs = MAX (max_abs, ABS (row[y]));
      if (max_abs <= prune)
        continue;
      dossier_model_builder_add_feature (builder, g_array_index (p->hashes, guint64, f), row);
      (*n_written)++;
    }
}

static void
set_stage (GPtrArray *docs, guint stage)
{
  for (guint d = 0; docs && d < docs->len; d++)
    {
      TrainDoc *td = docs->pdata[d];

      if (stage == 0)
        td->fdoc.stage = 0;
      else
        dossier_feat_doc_set_prior (&td->fdoc, td->prior);
    }
}

static GPtrArray *
prepare_docs (GPtrArray *conll_docs, const DossierU64Map *phrases, guint n_maps)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) train_doc_free);

  for (guint d = 0; d < conll_docs->len; d++)
    {
      TrainDoc *td = g_new0 (TrainDoc, 1);

      td->conll = conll_docs->pdata[d];
      build_feat_doc (td->conll, &td->fdoc, &phrases[d % n_maps]);
      g_ptr_array_add (docs, td);
    }
  return docs;
}

static void
u64_map_copy (DossierU64Map *to, const DossierU64Map *from)
{
  dossier_u64_map_init (to, from->n_items + 16);
  for (gsize k = 0; k <= from->mask; k++)
    if (from->keys[k] != 0)
      *dossier_u64_map_insert (to, from->keys[k], 0, NULL) = from->values[k];
}

/* The gold entity names of the training documents (those not in fold
 * `skip`) as four more gazetteer categories, one per type, from `first_cat`. */
static void
add_entity_names (DossierU64Map *phrases, GPtrArray *conll_docs, guint folds, guint skip,
                  guint first_cat)
{
  for (guint d = 0; d < conll_docs->len; d++)
    {
      const DossierConllDoc *doc = conll_docs->pdata[d];
      const guint8 *gold = (const guint8 *) doc->gold->data;
      guint start = 0;

      if (d % folds == skip)
        continue;
      for (guint i = 0; i < doc->words->len; i++)
        {
          guint label = gold[i];
          guint pos = label == DOSSIER_LABEL_O ? 0 : DOSSIER_LABEL_POS (label);
          guint64 phrase;

          if (label == DOSSIER_LABEL_O || pos == DOSSIER_POS_I || pos == DOSSIER_POS_L)
            continue;
          start = i;
          /* B or U: walk to the L. */
          while (i < doc->words->len && DOSSIER_LABEL_POS (gold[i]) != DOSSIER_POS_L &&
                 DOSSIER_LABEL_POS (gold[i]) != DOSSIER_POS_U && i + 1 < doc->words->len &&
                 gold[i + 1] != DOSSIER_LABEL_O)
            i++;
          if (i - start + 1 > DOSSIER_GAZ_MAX_TOKENS)
            continue;
          phrase = dossier_gaz_phrase_start ();
          for (guint k = start; k <= i; k++)
            {
              const char *word = doc->words->pdata[k];
              DossierToken tok = { 0, 0, 0, (guint) strlen (word), 0 };
              char buf[256];
              gsize len = dossier_token_normalize (word, &tok, buf, sizeof buf);
              DossierFeatToken ft;

              dossier_feat_token_fill (&ft, buf, len);
              phrase = dossier_gaz_phrase_add (phrase, ft.lower);
              *dossier_u64_map_insert (phrases, phrase, 0, NULL) |=
                k == i ? (1u << (first_cat + DOSSIER_LABEL_TYPE (label))) : DOSSIER_GAZ_PREFIX_BIT;
            }
        }
    }
}

gboolean
dossier_perceptron_train (GPtrArray                 *train_conll,
                          GPtrArray                 *dev_conll,
                          const DossierTrainOptions *options,
                          const char                *out_path,
                          GError                   **error)
{
  g_autoptr(GPtrArray) train = NULL;
  g_autoptr(GPtrArray) dev = NULL;
  g_autoptr(GString) meta = g_string_new ("Dossier NER model: averaged structured perceptron, BILOU, Viterbi decoding\n");
  g_autoptr(DossierModelBuilder) builder = dossier_model_builder_new ();
  DossierU64Map phrases;
  Perceptron p0, p1 = { { 0 } };
  guint min_count = MAX (options->min_count, 1);
  guint folds = 5;
  guint n_cats = 0;
  guint stages = CLAMP (options->stages, 1, DOSSIER_N_STAGES);
  gboolean ok = FALSE;
  gsize n_written = 0;

  dossier_u64_map_init (&phrases, 1 << 16);
  if (options->gazetteers != NULL &&
      !load_gazetteers (options->gazetteers, &phrases, meta, options->verbose, &n_cats, error))
    {
      dossier_u64_map_clear (&phrases);
      return FALSE;
    }

  if (options->entity_names)
    {
      /* Each training document sees the names of the other folds only, as
       * the dev split and new text see names of documents they are not. */
      DossierU64Map fold_phrases[5];

      for (guint k = 0; k < folds; k++)
        {
          u64_map_copy (&fold_phrases[k], &phrases);
          add_entity_names (&fold_phrases[k], train_conll, folds, k, n_cats);
        }
      add_entity_names (&phrases, train_conll, folds, G_MAXUINT, n_cats);
      train = prepare_docs (train_conll, fold_phrases, folds);
      for (guint k = 0; k < folds; k++)
        dossier_u64_map_clear (&fold_phrases[k]);
      g_string_append (meta, "entity names of the training data as gazetteers (5-fold for training)\n");
    }
  else
    train = prepare_docs (train_conll, &phrases, 1);
  dev = dev_conll ? prepare_docs (dev_conll, &phrases, 1) : NULL;

  /* Stage 1: the tagger on its own, trained on everything. */
  perceptron_setup (&p0, train, min_count);
  if (options->verbose)
    g_printerr ("stage 1: %" G_GSIZE_FORMAT " features\n", p0.n);
  perceptron_train (&p0, train, dev, options->epochs, options->seed, options->keep_last,
                    "stage 1", options->verbose);
  add_to_model (builder, &p0, options->prune, &n_written);
  if (dev)
    tag_docs (&p0, dev, p0.best, TRUE, NULL);

  if (stages > 1)
    {
      /* Its labels on the training data come from models that did not see the
       * document (jackknife), so that stage 2 learns how far to trust them. */
      for (guint k = 0; k < folds; k++)
        {
          g_autoptr(GPtrArray) rest = g_ptr_array_new ();
          g_autoptr(GPtrArray) held = g_ptr_array_new ();
          Perceptron pk;

          for (guint d = 0; d < train->len; d++)
            g_ptr_array_add (d % folds == k ? held : rest, train->pdata[d]);
          perceptron_setup (&pk, rest, min_count);
          perceptron_train (&pk, rest, NULL, p0.best_epoch, options->seed + k + 1, TRUE, "fold", FALSE);
          for (guint d = 0; d < held->len; d++)
            index_static_features (&pk, held->pdata[d], FALSE);
          tag_docs (&pk, held, pk.best, TRUE, NULL);
          if (options->verbose)
            g_printerr ("fold %u of %u tagged\n", k + 1, folds);
          perceptron_clear (&pk);
        }

      /* Stage 2: the same features plus the first stage's labels of the document. */
      set_stage (train, 1);
      set_stage (dev, 1);
      perceptron_setup (&p1, train, min_count);
      if (options->verbose)
        g_printerr ("stage 2: %" G_GSIZE_FORMAT " features\n", p1.n);
      perceptron_train (&p1, train, dev, options->epochs, options->seed, options->keep_last,
                        "stage 2", options->verbose);
      add_to_model (builder, &p1, options->prune, &n_written);
    }

  for (gsize k = 0; k <= phrases.mask; k++)
    if (phrases.keys[k] != 0)
      dossier_model_builder_add_phrase (builder, phrases.keys[k], phrases.values[k]);

  if (stages > 1)
    g_string_append_printf (meta, "training: %u documents; 2 stages, epochs %u and %u of %u; "
                            "folds: %u; seed: %u; min count: %u; prune: %g\n",
                            train->len, p0.best_epoch, p1.best_epoch, options->epochs, folds,
                            options->seed, min_count, options->prune);
  else
    g_string_append_printf (meta, "training: %u documents; epochs: %u of %u%s; seed: %u; "
                            "min count: %u; prune: %g\n",
                            train->len, p0.best_epoch, options->epochs,
                            options->keep_last ? " (fixed)" : " (best on dev)", options->seed,
                            min_count, options->prune);
  g_string_append_printf (meta, "features with weights: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " seen\n",
                          n_written, p0.n + p1.n);
  if (dev)
    {
      g_autofree char *report0 = dossier_conll_score_format (&p0.best_score);
      g_autofree char *report = stages > 1 ? dossier_conll_score_format (&p1.best_score) : NULL;

      if (stages > 1)
        g_string_append_printf (meta, "dev, stage 1 alone:\n%sdev:\n%s", report0, report);
      else
        g_string_append_printf (meta, "dev:\n%s", report0);
      if (options->verbose)
        g_printerr ("stage 1, epoch %u:\n%s%s%s", p0.best_epoch, report0,
                    stages > 1 ? "stage 2:\n" : "", stages > 1 ? report : "");
    }
  dossier_model_builder_set_metadata (builder, meta->str);
  dossier_model_builder_set_stages (builder, stages);
  ok = dossier_model_builder_write (builder, out_path, error);

  perceptron_clear (&p0);
  perceptron_clear (&p1);
  dossier_u64_map_clear (&phrases);
  return ok;
}
