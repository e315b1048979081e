/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-model.c: a tiny model trained here from our own CoNLL fixture, saved,
 * mapped back and used; every kind of bad model file; hostile text. */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dossier-model.h"
#include "dossier-perceptron.h"
#include "dossier-recognizer.h"

typedef struct {
  char *dir;
  char *model_path;
  DossierRecognizer *recognizer;
} Fixture;

static char *
fixture_path (const char *name)
{
  const char *src = g_getenv ("DOSSIER_SOURCE_DIR");

  return g_build_filename (src ? src : "..", "tests", "fixtures", "ner", name, NULL);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autofree char *conll = fixture_path ("tiny.conll");
  g_autofree char *gaz_dir = NULL;
  g_autofree char *cities = NULL;
  DossierTrainOptions options = { 0 };

  f->dir = g_dir_make_tmp ("dossier-ner-XXXXXX", &error);
  g_assert_no_error (error);
  gaz_dir = g_build_filename (f->dir, "gaz", NULL);
  g_assert_cmpint (g_mkdir (gaz_dir, 0700), ==, 0);
  cities = g_build_filename (gaz_dir, "city.txt", NULL);
  g_file_set_contents (cities, "Tirana\nDurrës\nParis\nNew York\n", -1, &error);
  g_assert_no_error (error);
  {
    g_autofree char *classes = g_build_filename (gaz_dir, "word-classes.tsv", NULL);

    g_file_set_contents (classes, "envoy\tnoun.person\nmeeting\tnoun.event\nsay\tverb.communication\n", -1, &error);
    g_assert_no_error (error);
  }

  docs = dossier_conll_read (conll, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 6);

  options.epochs = 8;
  options.seed = 1;
  options.min_count = 1;
  options.gazetteers = gaz_dir;
  options.entity_names = TRUE;
  f->model_path = g_build_filename (f->dir, "tiny.model", NULL);
  g_assert_true (dossier_perceptron_train (docs, docs, &options, f->model_path, &error));
  g_assert_no_error (error);

  f->recognizer = dossier_recognizer_new_from_file (f->model_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->recognizer);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->recognizer, dossier_recognizer_unref);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->model_path);
}

/* Training is reproducible: the same data gives the same bytes. */
static void
test_reproducible (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conll = fixture_path ("tiny.conll");
  g_autoptr(GPtrArray) docs = dossier_conll_read (conll, &error);
  g_autofree char *again = g_build_filename (f->dir, "again.model", NULL);
  g_autofree char *gaz_dir = g_build_filename (f->dir, "gaz", NULL);
  g_autofree char *a = NULL, *b = NULL;
  gsize la, lb;
  DossierTrainOptions options = { 0 };

  options.epochs = 8;
  options.seed = 1;
  options.min_count = 1;
  options.gazetteers = gaz_dir;
  options.entity_names = TRUE;
  g_assert_true (dossier_perceptron_train (docs, docs, &options, again, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (f->model_path, &a, &la, NULL));
  g_assert_true (g_file_get_contents (again, &b, &lb, NULL));
  g_assert_cmpmem (a, la, b, lb);
}

/* The model tags what it was trained on, through the mapped file. */
static void
test_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conll = fixture_path ("tiny.conll");
  g_autoptr(GPtrArray) docs = dossier_conll_read (conll, &error);
  g_autoptr(DossierRecognizer) again = NULL;
  DossierConllScore score = { { 0 } };

  g_assert_no_error (error);
  for (guint d = 0; d < docs->len; d++)
    {
      DossierConllDoc *doc = docs->pdata[d];
      guint n = doc->words->len;
      g_autofree const char **pred = g_new0 (const char *, n);
      g_autofree const char **gold = g_new0 (const char *, n);
      guint start = 0;

      dossier_recognizer_tag_tokens (f->recognizer, (const char *const *) doc->words->pdata, n,
                                     (const guint *) (gpointer) doc->sent_ends->data,
                                     doc->sent_ends->len, pred);
      for (guint s = 0; s < doc->sent_ends->len; s++)
        {
          guint end = g_array_index (doc->sent_ends, guint, s);

          for (guint i = start; i < end; i++)
            gold[i] = dossier_label_to_iob2 (g_array_index (doc->gold, guint8, i),
                                             i > start ? g_array_index (doc->gold, guint8, i - 1) : 0);
          dossier_conll_score_add_sentence (&score, gold + start, pred + start, end - start);
          start = end;
        }
    }
  g_assert_cmpfloat (dossier_conll_score_f1 (&score, -1), >=, 95.0);

  /* Loading again gives the same model. */
  again = dossier_recognizer_new_from_file (f->model_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dossier_recognizer_get_version (again), ==, dossier_recognizer_get_version (f->recognizer));
  g_assert_cmpuint (dossier_recognizer_get_version (again), !=, 0);
  g_assert_true (dossier_recognizer_ref (again) == again);
  dossier_recognizer_unref (again);
}

static void
test_find_names (Fixture *f, gconstpointer data)
{
  /* Multi-byte text before the names: offsets are in code points. */
  const char *text = "Ç’ka ndodhur?\n\nEdi Rama met Iran\xE2\x80\x99s envoy in Tirana.";
  g_autoptr(GArray) spans = dossier_recognizer_find_names (f->recognizer, text);
  gboolean found_rama = FALSE, found_tirana = FALSE;

  for (guint i = 0; i < spans->len; i++)
    {
      DossierNameSpan *span = &g_array_index (spans, DossierNameSpan, i);
      const char *start = g_utf8_offset_to_pointer (text, span->start);
      const char *end = g_utf8_offset_to_pointer (text, span->end);
      g_autofree char *str = g_strndup (start, end - start);

      g_assert_cmpuint (span->start, <, span->end);
      if (i > 0)
        g_assert_cmpuint (span->start, >=, g_array_index (spans, DossierNameSpan, i - 1).end);
      if (g_str_equal (str, "Edi Rama"))
        {
          found_rama = TRUE;
          g_assert_cmpint (span->type, ==, DOSSIER_ENTITY_PERSON);
          g_assert_cmpuint (span->start, ==, 15);
        }
      if (g_str_equal (str, "Tirana"))
        {
          found_tirana = TRUE;
          g_assert_cmpint (span->type, ==, DOSSIER_ENTITY_PLACE);
        }
    }
  g_assert_true (found_rama);
  g_assert_true (found_tirana);
}

/* Empty, binary, huge and non-Latin text: no crash, sane spans. */
static void
test_hostile_text (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autoptr(GString) binary = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  const char *texts[] = {
    "", " ", "\n\n\n", ".", "\xE2\x80\x9C", "\xFF\xFE\xFD", "Москва и Санкт-Петербург.",
    "東京都は日本の首都です。", "مرحبا بالعالم", "A", "''''''''", "-DOCSTART-",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GArray) spans = dossier_recognizer_find_names (f->recognizer, texts[i]);
      glong n = g_utf8_strlen (texts[i], -1);

      for (guint k = 0; k < spans->len; k++)
        g_assert_cmpuint (g_array_index (spans, DossierNameSpan, k).end, <=, (guint) MAX ((gsize) n, strlen (texts[i])));
    }

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (binary, (char) (g_rand_int_range (rand, 1, 256)));
  {
    g_autoptr(GArray) spans = dossier_recognizer_find_names (f->recognizer, binary->str);

    g_assert_nonnull (spans);
  }

  /* One enormous "word", and a megabyte of invalid bytes: each is bounded. */
  {
    g_autofree char *word = g_malloc (1024 * 1024 + 1);
    g_autofree char *junk = g_malloc (1024 * 1024 + 1);
    g_autoptr(GArray) spans = NULL;
    g_autoptr(GArray) junk_spans = NULL;

    memset (word, 'A', 1024 * 1024);
    word[1024 * 1024] = '\0';
    memset (junk, 0xFF, 1024 * 1024);
    junk[1024 * 1024] = '\0';
    spans = dossier_recognizer_find_names (f->recognizer, word);
    junk_spans = dossier_recognizer_find_names (f->recognizer, junk);
    for (guint k = 0; k < spans->len; k++)
      g_assert_cmpuint (g_array_index (spans, DossierNameSpan, k).end, <=, 1024 * 1024);
    for (guint k = 0; k < junk_spans->len; k++)
      g_assert_cmpuint (g_array_index (junk_spans, DossierNameSpan, k).end, <=, 1024 * 1024);
  }

  while (huge->len < 3 * 1024 * 1024)
    g_string_append (huge, "Edi Rama met Iran's envoy in Tirana on Wednesday. ");
  {
    g_autoptr(GArray) spans = dossier_recognizer_find_names (f->recognizer, huge->str);
    DossierNameSpan *last;

    g_assert_cmpuint (spans->len, >, 1000);
    last = &g_array_index (spans, DossierNameSpan, spans->len - 1);
    g_assert_cmpuint (last->end, <=, huge->len);
  }
}

static void
write_bytes (const char *path, const void *data, gsize len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
}

static void
expect_error (const char *path, int code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_path_get_basename (path);
  DossierRecognizer *r = dossier_recognizer_new_from_file (path, &error);

  g_assert_null (r);
  g_assert_error (error, DOSSIER_MODEL_ERROR, code);
  /* The reason names the file. */
  g_assert_nonnull (strstr (error->message, base));
  g_test_message ("%s", error->message);
}

static void
test_bad_files (Fixture *f, gconstpointer data)
{
  g_autofree char *contents = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "missing.model", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.model", NULL);
  g_autofree char *foreign = g_build_filename (f->dir, "foreign.model", NULL);
  g_autofree char *truncated = g_build_filename (f->dir, "truncated.model", NULL);
  g_autofree char *header_only = g_build_filename (f->dir, "header.model", NULL);
  g_autofree char *version = g_build_filename (f->dir, "version.model", NULL);
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.model", NULL);
  g_autofree char *padded = g_build_filename (f->dir, "padded.model", NULL);
  g_autofree char *copy = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (f->model_path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 256);

  expect_error (missing, DOSSIER_MODEL_ERROR_MISSING);

  write_bytes (empty, "", 0);
  expect_error (empty, DOSSIER_MODEL_ERROR_NOT_A_MODEL);

  write_bytes (foreign, "\x89PNG\r\n\x1a\n0000000000000000000000000000000000000000", 48);
  expect_error (foreign, DOSSIER_MODEL_ERROR_NOT_A_MODEL);

  write_bytes (truncated, contents, len / 2);
  expect_error (truncated, DOSSIER_MODEL_ERROR_TRUNCATED);

  write_bytes (header_only, contents, 40);
  expect_error (header_only, DOSSIER_MODEL_ERROR_TRUNCATED);

  copy = g_memdup2 (contents, len);
  copy[12] = 99;   /* the format version */
  write_bytes (version, copy, len);
  expect_error (version, DOSSIER_MODEL_ERROR_VERSION);

  memcpy (copy, contents, len);
  copy[len - 70] ^= 0x55;   /* a byte inside the data */
  copy[200] ^= 0x55;
  write_bytes (damaged, copy, len);
  expect_error (damaged, DOSSIER_MODEL_ERROR_NOT_A_MODEL);

  {
    g_autofree char *longer = g_malloc0 (len + 64);

    memcpy (longer, contents, len);
    write_bytes (padded, longer, len + 64);
    expect_error (padded, DOSSIER_MODEL_ERROR_TRUNCATED);
  }
}

static void
test_default_path (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("DOSSIER_NER_MODEL"));
  g_autofree char *path = NULL;

  g_setenv ("DOSSIER_NER_MODEL", "/nowhere/x.model", TRUE);
  path = dossier_recognizer_default_model_path ();
  g_assert_cmpstr (path, ==, "/nowhere/x.model");
  g_free (path);

  g_unsetenv ("DOSSIER_NER_MODEL");
  path = dossier_recognizer_default_model_path ();
  g_assert_true (g_str_has_suffix (path, "dossier-ner.model"));
  if (saved)
    g_setenv ("DOSSIER_NER_MODEL", saved, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/ner/model/round-trip", Fixture, NULL, fixture_setup, test_round_trip, fixture_teardown);
  g_test_add ("/ner/model/reproducible", Fixture, NULL, fixture_setup, test_reproducible, fixture_teardown);
  g_test_add ("/ner/model/find-names", Fixture, NULL, fixture_setup, test_find_names, fixture_teardown);
  g_test_add ("/ner/model/hostile-text", Fixture, NULL, fixture_setup, test_hostile_text, fixture_teardown);
  g_test_add ("/ner/model/bad-files", Fixture, NULL, fixture_setup, test_bad_files, fixture_teardown);
  g_test_add_func ("/ner/model/default-path", test_default_path);
  return g_test_run ();
}
