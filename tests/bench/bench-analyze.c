/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-analyze.c: import and analyse 10,000 news-like articles into a fresh
 * library file, as `dossier-cli import` and the window's "analyse library"
 * do, and print wall and CPU time (budget: 30 s on the development machine).
 * Articles are the documents of CoNLL-2003 eng.train, detokenised, when
 * $DOSSIER_SHARED_DATA has them, else synthetic news text. Never fails on time.
 *   bench-analyze [--documents N] */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>

#include "dossier-analyzer.h"

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* Joins CoNLL tokens back into prose: no space before closing punctuation. */
static void
append_token (GString    *text,
              const char *token)
{
  gboolean tight = strlen (token) == 1 && strchr (".,;:!?)'%", token[0]) != NULL;

  if (g_str_equal (token, "'s") || g_str_equal (token, "n't"))
    tight = TRUE;
  if (text->len > 0 && !tight && text->str[text->len - 1] != '(' && text->str[text->len - 1] != '\n')
    g_string_append_c (text, ' ');
  g_string_append (text, token);
}

static GPtrArray *
conll_articles (void)
{
  const char *shared = g_getenv ("DOSSIER_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *articles;
  GString *cur = NULL;

  if (shared == NULL)
    return NULL;
  path = g_build_filename (shared, "ner", "conll2003", "eng.train", NULL);
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  articles = g_ptr_array_new_with_free_func (g_free);
  lines = g_strsplit (contents, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      char *space;

      if (g_str_has_prefix (lines[l], "-DOCSTART-"))
        {
          if (cur != NULL && cur->len > 0)
            g_ptr_array_add (articles, g_string_free (cur, FALSE));
          else if (cur != NULL)
            g_string_free (cur, TRUE);
          cur = g_string_new (NULL);
          continue;
        }
      if (cur == NULL)
        cur = g_string_new (NULL);
      if (lines[l][0] == '\0')
        {
          if (cur->len > 0 && cur->str[cur->len - 1] != '\n')
            g_string_append_c (cur, '\n');
          continue;
        }
      space = strchr (lines[l], ' ');
      if (space != NULL)
        *space = '\0';
      append_token (cur, lines[l]);
    }
  if (cur != NULL && cur->len > 0)
    g_ptr_array_add (articles, g_string_free (cur, FALSE));
  else if (cur != NULL)
    g_string_free (cur, TRUE);
  return articles;
}

static GPtrArray *
synthetic_articles (void)
{
  static const char *people[] = { "Edi Rama", "Angela Merkel", "Jerome Powell", "Narendra Modi", "Eliud Kipchoge" };
  static const char *places[] = { "Tirana", "Berlin", "Washington", "New Delhi", "Nairobi", "Durrës" };
  static const char *orgs[] = { "the European Union", "NATO", "the Federal Reserve", "Microsoft", "the United Nations" };
  GPtrArray *articles = g_ptr_array_new_with_free_func (g_free);

  for (guint a = 0; a < 500; a++)
    {
      GString *text = g_string_new (NULL);

      for (guint s = 0; s < 12; s++)
        {
          guint k = a * 7 + s * 3;

          g_string_append_printf (text,
                                  "%s said on %u March 2021 that %s would meet officials in %s next week. "
                                  "Talks with %s began in %u and resumed last year. ",
                                  people[k % G_N_ELEMENTS (people)], k % 28 + 1, orgs[k % G_N_ELEMENTS (orgs)],
                                  places[k % G_N_ELEMENTS (places)], orgs[(k + 1) % G_N_ELEMENTS (orgs)],
                                  1990 + k % 30);
        }
      g_ptr_array_add (articles, g_string_free (text, FALSE));
    }
  return articles;
}

int
main (int argc, char **argv)
{
  int n_documents = 10000;
  int batch = 100;
  GOptionEntry entries[] = {
    { "documents", 0, 0, G_OPTION_ARG_INT, &n_documents, "Number of articles", "N" },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch, "Documents analysed per commit (1: one transaction each)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(DossierRecognizer) recognizer = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  const char *source = "CoNLL-2003 eng.train documents";
  const char *model = g_getenv ("DOSSIER_NER_MODEL");
  gint64 t0, t1, tp, t2;
  double c0, c1, cp, c2;
  guint64 n_chars = 0;
  guint n_mentions = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || (batch < 1 && (error == NULL)))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  articles = conll_articles ();
  if (articles == NULL || articles->len == 0)
    {
      g_clear_pointer (&articles, g_ptr_array_unref);
      articles = synthetic_articles ();
      source = "synthetic articles";
    }
  if (model != NULL && g_file_test (model, G_FILE_TEST_EXISTS))
    recognizer = dossier_recognizer_new_from_file (model, &error);
  if (recognizer == NULL)
    g_print ("# no entity model (%s): dates only\n", error ? error->message : "DOSSIER_NER_MODEL unset");
  g_clear_error (&error);

  dir = g_dir_make_tmp ("dossier-bench-analyze-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "library.db", NULL);
  store = dossier_store_open (path, &error);
  g_assert_no_error (error);

  /* Import: as the importer does, in batches of one transaction each. */
  t0 = g_get_monotonic_time ();
  c0 = cpu_seconds ();
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (int i = 0; i < n_documents; i++)
    {
      g_autoptr(DossierDocument) doc = dossier_document_new ();
      const char *body = g_ptr_array_index (articles, i % articles->len);
      gint64 id = 0;

      if (i % 500 == 0)
        g_assert_true (dossier_store_begin (store, NULL));
      doc->uid = g_strdup_printf ("bench:%d", i);
      doc->title = g_strdup_printf ("Article %d", i);
      /* Repeated sources get a different first line so no text is a duplicate. */
      doc->text = g_strdup_printf ("Report %d.\n%s", i, body);
      doc->published = 1662811200 - (gint64) (i % 365) * 86400;
      n_chars += g_utf8_strlen (doc->text, -1);
      g_assert_true (dossier_store_add_document (store, doc, FALSE, NULL, &id, &error));
      g_assert_no_error (error);
      g_array_append_val (ids, id);
      if (i % 500 == 499 || i == n_documents - 1)
        g_assert_true (dossier_store_commit (store, NULL));
    }
  t1 = g_get_monotonic_time ();
  c1 = cpu_seconds ();

  /* The pipeline alone (tagger, dates, linking), without the store. */
  {
    gint64 p0 = g_get_monotonic_time ();
    double pc0 = cpu_seconds ();
    guint n_spans = 0;

    for (int i = 0; i < n_documents; i++)
      {
        g_autofree char *text = g_strdup_printf ("Report %d.\n%s", i,
                                                 (const char *) g_ptr_array_index (articles, i % articles->len));
        g_autoptr(GArray) spans = dossier_analyze_text (recognizer, text, 1662811200);

        n_spans += spans->len;
      }
    g_print ("# pipeline alone (no store, not in the total): wall %.2f s, CPU %.2f s, %u spans\n",
             (g_get_monotonic_time () - p0) / 1e6, cpu_seconds () - pc0, n_spans);
    tp = g_get_monotonic_time ();
    cp = cpu_seconds ();
  }

  /* Analysis as `dossier-cli import` runs it: each document in its own
   * savepoint, committed in batches (dossier_cli_analyze_stored). */
  for (guint i = 0; i < ids->len; i++)
    {
      if (i % batch == 0)
        g_assert_true (dossier_store_begin (store, NULL));
      g_assert_true (dossier_analyzer_analyze_document (store, recognizer, g_array_index (ids, gint64, i), &error));
      g_assert_no_error (error);
      if ((int) (i % batch) == batch - 1 || i == ids->len - 1)
        g_assert_true (dossier_store_commit (store, NULL));
    }
  t2 = g_get_monotonic_time ();
  c2 = cpu_seconds ();

  {
    g_autoptr(GPtrArray) entities = dossier_store_list_entities (store, 0, TRUE, &error);

    for (guint i = 0; entities != NULL && i < entities->len; i++)
      n_mentions += ((DossierEntity *) g_ptr_array_index (entities, i))->mention_count;
    g_print ("# bench-analyze: %d articles (%s), %.1f M characters, model: %s\n", n_documents, source,
             n_chars / 1e6, recognizer ? "yes" : "no (dates only)");
    g_print ("# import:   wall %.2f s, CPU %.2f s\n", (t1 - t0) / 1e6, c1 - c0);
    g_print ("# analyse:  wall %.2f s, CPU %.2f s, %u entities, %u mentions\n", (t2 - tp) / 1e6, c2 - cp,
             entities ? entities->len : 0, n_mentions);
    g_print ("# import + analyse: wall %.2f s, CPU %.2f s (budget 30 s)\n",
             (t1 - t0 + t2 - tp) / 1e6, c1 - c0 + c2 - cp);
  }

  g_clear_object (&store);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_unlink (file);
      }
    g_rmdir (dir);
  }
  return 0;
}
