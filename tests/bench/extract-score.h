/* SPDX-License-Identifier: GPL-3.0-or-later */
/* extract-score.h: how extraction quality is measured, shared by the
 * extract-eval benchmark and the extractor's unit test so both report the
 * same figure. Word 4-gram F1 between our text and a reference text, plus
 * title and byline agreement. Header-only (static functions): it is test code,
 * not part of the application. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dossier-extract.h"

typedef struct {
  char    *name;
  double   f1;
  double   precision;
  double   recall;
  gboolean has_metadata;
  gboolean title_agrees;
  gboolean byline_agrees;
  char    *error;        /* extraction failed: the reason */
} ExtractScore;

static inline void
extract_score_free (ExtractScore *score)
{
  g_free (score->name);
  g_free (score->error);
  g_free (score);
}

/* Ideographic scripts have no spaces between words: each character counts
 * as a word, so CJK pages are measured at a comparable grain. */
static inline gboolean
extract_score_is_ideograph (gunichar c)
{
  GUnicodeScript script = g_unichar_get_script (c);

  return script == G_UNICODE_SCRIPT_HAN || script == G_UNICODE_SCRIPT_HIRAGANA ||
         script == G_UNICODE_SCRIPT_KATAKANA || script == G_UNICODE_SCRIPT_THAI;
}

/* Lower-cased runs of letters and digits; punctuation never counts. */
static inline GPtrArray *
extract_score_words (const char *text)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  GString *word = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (extract_score_is_ideograph (c))
        {
          if (word->len > 0)
            g_ptr_array_add (words, g_strdup (word->str));
          g_string_truncate (word, 0);
          g_string_append_unichar (word, c);
          g_ptr_array_add (words, g_strdup (word->str));
          g_string_truncate (word, 0);
        }
      else if (g_unichar_isalnum (c) || g_unichar_ismark (c))
        g_string_append_unichar (word, g_unichar_tolower (c));
      else if (word->len > 0)
        {
          g_ptr_array_add (words, g_strdup (word->str));
          g_string_truncate (word, 0);
        }
    }
  if (word->len > 0)
    g_ptr_array_add (words, g_strdup (word->str));
  g_string_free (word, TRUE);
  return words;
}

/* Multiset of n-grams (n = 4, or fewer for very short texts). */
static inline GHashTable *
extract_score_ngrams (GPtrArray *words,
                      guint      n,
                      guint     *total)
{
  GHashTable *grams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  *total = 0;
  for (guint i = 0; i + n <= words->len; i++)
    {
      GString *key = g_string_new (NULL);
      gpointer count;

      for (guint k = 0; k < n; k++)
        {
          if (k > 0)
            g_string_append_c (key, '\x1f');
          g_string_append (key, words->pdata[i + k]);
        }
      count = g_hash_table_lookup (grams, key->str);
      g_hash_table_replace (grams, g_string_free (key, FALSE), GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
      (*total)++;
    }
  return grams;
}

static inline double
extract_score_f1 (const char *ours,
                  const char *reference,
                  double     *precision,
                  double     *recall)
{
  g_autoptr(GPtrArray) our_words = extract_score_words (ours);
  g_autoptr(GPtrArray) ref_words = extract_score_words (reference);
  g_autoptr(GHashTable) our_grams = NULL;
  g_autoptr(GHashTable) ref_grams = NULL;
  guint n = 4, our_total, ref_total, overlap = 0;
  GHashTableIter iter;
  gpointer key, value;
  double p, r;

  if (our_words->len == 0 && ref_words->len == 0)
    {
      *precision = *recall = 1;
      return 1;
    }
  n = MIN (n, MAX (1, MIN (our_words->len, ref_words->len)));
  our_grams = extract_score_ngrams (our_words, n, &our_total);
  ref_grams = extract_score_ngrams (ref_words, n, &ref_total);
  g_hash_table_iter_init (&iter, our_grams);
  while (g_hash_table_iter_next (&iter, &key, &value))
    overlap += MIN (GPOINTER_TO_UINT (value), GPOINTER_TO_UINT (g_hash_table_lookup (ref_grams, key)));

  p = our_total > 0 ? (double) overlap / our_total : 0;
  r = ref_total > 0 ? (double) overlap / ref_total : 0;
  *precision = p;
  *recall = r;
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/* Whitespace-insensitive equality; both missing counts as agreement. */
static inline char *
extract_score_without_spaces (const char *str)
{
  GString *out = g_string_new (NULL);

  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_isspace (c) && c != 0xA0 && c != 0x3000)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Whitespace-insensitive equality (any Unicode space); both missing counts as
 * agreement. */
static inline gboolean
extract_score_same_line (const char *a,
                         const char *b)
{
  g_autofree char *ja = NULL;
  g_autofree char *jb = NULL;

  if (a == NULL || *a == '\0' || b == NULL || *b == '\0')
    return (a == NULL || *a == '\0') && (b == NULL || *b == '\0');
  ja = extract_score_without_spaces (a);
  jb = extract_score_without_spaces (b);
  return g_strcmp0 (ja, jb) == 0;
}

static inline const char *
extract_score_json_string (JsonObject *object,
                           const char *member)
{
  JsonNode *node;

  if (!json_object_has_member (object, member))
    return NULL;
  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Scores one page: `source` is the page, `reference_text` the expected plain
 * text, `metadata_path` the expected-metadata.json (nullable). */
static inline ExtractScore *
extract_score_page (const char *name,
                    const char *source,
                    gsize       source_length,
                    const char *reference_text,
                    const char *metadata_path)
{
  ExtractScore *score = g_new0 (ExtractScore, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierArticle) article = NULL;

  score->name = g_strdup (name);
  article = dossier_extract_article (source, source_length, NULL, NULL, &error);
  score->f1 = extract_score_f1 (article ? article->text : "", reference_text,
                                &score->precision, &score->recall);
  if (article == NULL)
    score->error = g_strdup (error->message);

  /* For looking at differences by hand (extract-eval --dump DIR). */
  if (g_getenv ("EXTRACT_SCORE_DUMP") != NULL)
    {
      g_autofree char *ours_path = g_strdup_printf ("%s/%s.ours.txt", g_getenv ("EXTRACT_SCORE_DUMP"), name);
      g_autofree char *ref_path = g_strdup_printf ("%s/%s.expected.txt", g_getenv ("EXTRACT_SCORE_DUMP"), name);

      g_file_set_contents (ours_path, article ? article->text : "", -1, NULL);
      g_file_set_contents (ref_path, reference_text, -1, NULL);
    }

  if (metadata_path != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_file (parser, metadata_path, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          JsonObject *object = json_node_get_object (json_parser_get_root (parser));

          score->has_metadata = TRUE;
          score->title_agrees = extract_score_same_line (article ? article->title : NULL,
                                                         extract_score_json_string (object, "title"));
          score->byline_agrees = extract_score_same_line (article ? article->byline : NULL,
                                                          extract_score_json_string (object, "byline"));
        }
    }
  return score;
}

static inline int
extract_score_compare_names (gconstpointer a,
                             gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Readability test pages: DIR/NAME/{source.html, expected.html, expected-metadata.json}.
 * Returns ExtractScore* sorted by name, or NULL when DIR is unreadable. */
static inline GPtrArray *
extract_score_readability_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *scores;
  const char *entry;

  if (handle == NULL)
    return NULL;
  while ((entry = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *expected = g_build_filename (dir, entry, "expected.html", NULL);
      if (g_file_test (expected, G_FILE_TEST_EXISTS))
        g_ptr_array_add (names, g_strdup (entry));
    }
  g_ptr_array_sort (names, extract_score_compare_names);

  scores = g_ptr_array_new_with_free_func ((GDestroyNotify) extract_score_free);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *source_path = g_build_filename (dir, name, "source.html", NULL);
      g_autofree char *expected_path = g_build_filename (dir, name, "expected.html", NULL);
      g_autofree char *metadata_path = g_build_filename (dir, name, "expected-metadata.json", NULL);
      g_autofree char *source = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *expected_text = NULL;
      gsize source_length = 0, expected_length = 0;

      if (!g_file_get_contents (source_path, &source, &source_length, NULL) ||
          !g_file_get_contents (expected_path, &expected, &expected_length, NULL))
        continue;
      expected_text = dossier_html_to_text (expected, expected_length, NULL);
      g_ptr_array_add (scores, extract_score_page (name, source, source_length, expected_text,
                                                   g_file_test (metadata_path, G_FILE_TEST_EXISTS) ? metadata_path : NULL));
    }
  return scores;
}

/* Human-written gold: DIR/NAME.html + DIR/NAME.txt, or
 * DIR/NAME/source.html + DIR/NAME/gold.txt (or expected.txt). */
static inline GPtrArray *
extract_score_gold_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *scores;
  const char *entry;

  if (handle == NULL)
    return NULL;
  while ((entry = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, extract_score_compare_names);

  scores = g_ptr_array_new_with_free_func ((GDestroyNotify) extract_score_free);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *source_path = NULL;
      g_autofree char *gold_path = NULL;
      g_autofree char *label = NULL;
      g_autofree char *source = NULL;
      g_autofree char *gold = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          source_path = g_build_filename (path, "source.html", NULL);
          gold_path = g_build_filename (path, "gold.txt", NULL);
          if (!g_file_test (gold_path, G_FILE_TEST_EXISTS))
            {
              g_free (gold_path);
              gold_path = g_build_filename (path, "expected.txt", NULL);
            }
          label = g_strdup (name);
        }
      else if (g_str_has_suffix (name, ".html") || g_str_has_suffix (name, ".htm"))
        {
          label = g_strndup (name, strrchr (name, '.') - name);
          source_path = g_strdup (path);
          gold_path = g_strdup_printf ("%s/%s.txt", dir, label);
        }
      else
        continue;

      if (!g_file_get_contents (source_path, &source, &length, NULL) ||
          !g_file_get_contents (gold_path, &gold, NULL, NULL))
        continue;
      g_ptr_array_add (scores, extract_score_page (label, source, length, gold, NULL));
    }
  return scores;
}

static inline int
extract_score_compare_double (gconstpointer a,
                              gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static inline void
extract_score_summary (GPtrArray *scores,
                       double    *median,
                       double    *mean)
{
  g_autofree double *values = g_new0 (double, MAX (scores->len, 1));
  double sum = 0;

  for (guint i = 0; i < scores->len; i++)
    {
      values[i] = ((ExtractScore *) scores->pdata[i])->f1;
      sum += values[i];
    }
  qsort (values, scores->len, sizeof (double), extract_score_compare_double);
  *mean = scores->len > 0 ? sum / scores->len : 0;
  if (scores->len == 0)
    *median = 0;
  else if (scores->len % 2 == 1)
    *median = values[scores->len / 2];
  else
    *median = (values[scores->len / 2 - 1] + values[scores->len / 2]) / 2;
}
