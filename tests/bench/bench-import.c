/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-import.c: how fast files become documents. Writes N news-sized
 * Markdown files with front matter into a temporary folder, then reports the
 * parse rate alone (dossier_import_parse) and the whole import into a fresh
 * library (dossier_import_paths: read, parse, one transaction per file), and
 * the parse time of one large plain-text file. Prints figures, never fails on
 * time. Usage: bench-import [--files N] [--large-mb M] */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "dossier-import.h"

static const char *words[] = {
  "the", "of", "Albania", "Iran", "attack", "government", "cyber", "Tirana", "Durrës", "ministry",
  "police", "camp", "said", "would", "officials", "on", "in", "September", "2022", "systems",
};

static void
append_paragraph (GString *out,
                  GRand   *rand,
                  guint    n_words)
{
  for (guint i = 0; i < n_words; i++)
    {
      const char *w = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];

      if (i > 0)
        g_string_append_c (out, ' ');
      if (g_rand_int_range (rand, 0, 40) == 0)
        g_string_append_printf (out, "*%s*", w);
      else
        g_string_append (out, w);
    }
  g_string_append (out, ".\n\n");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  int n_files = 2000;
  int large_mb = 20;
  GOptionEntry entries[] = {
    { "files", 0, 0, G_OPTION_ARG_INT, &n_files, "Number of articles", "N" },
    { "large-mb", 0, 0, G_OPTION_ARG_INT, &large_mb, "Size of the large file", "MB" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *articles = NULL;
  g_autofree char *library = NULL;
  const char *paths[2] = { NULL, NULL };
  guint64 total_bytes = 0;
  double seconds;
  guint stored = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }

  dir = g_dir_make_tmp ("dossier-bench-import-XXXXXX", &error);
  g_assert_no_error (error);
  articles = g_build_filename (dir, "articles", NULL);
  g_mkdir (articles, 0700);

  for (int i = 0; i < n_files; i++)
    {
      g_autoptr(GString) md = g_string_new (NULL);
      g_autofree char *name = g_strdup_printf ("article-%05d.md", i);
      g_autofree char *path = g_build_filename (articles, name, NULL);

      g_string_append_printf (md, "---\ntitle: \"Article %d about Albania\"\nsource: Bench\n"
                                  "date: 2022-09-%02d\n---\n\n# Article %d about Albania\n\n",
                              i, i % 28 + 1, i);
      for (guint p = 0; p < 8; p++)
        append_paragraph (md, rand, 60);
      g_string_append_printf (md, "Number %d.\n", i);
      total_bytes += md->len;
      g_file_set_contents (path, md->str, md->len, NULL);
    }

  /* Parse only: what the importer itself costs. */
  {
    g_autoptr(GDir) d = g_dir_open (articles, 0, NULL);
    const char *name;
    double parse = 0;

    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (articles, name, NULL);
        g_autofree char *data = NULL;
        gsize length = 0;
        g_autoptr(DossierDocument) doc = NULL;

        g_file_get_contents (path, &data, &length, NULL);
        g_timer_start (timer);
        doc = dossier_import_parse (name, data, length, NULL, NULL, NULL);
        parse += g_timer_elapsed (timer, NULL);
        g_assert_nonnull (doc);
      }
    printf ("parse only: %d articles (%.1f MB) in %.3f s = %.0f articles/s\n",
            n_files, total_bytes / 1e6, parse, n_files / parse);
  }

  /* The whole import: read, parse, store with FTS, one transaction per file. */
  library = g_build_filename (dir, "library.db", NULL);
  store = dossier_store_open (library, &error);
  g_assert_no_error (error);
  paths[0] = articles;
  g_timer_start (timer);
  results = dossier_import_paths (store, paths, NULL, NULL);
  seconds = g_timer_elapsed (timer, NULL);
  for (guint i = 0; i < results->len; i++)
    if (((DossierImportResult *) g_ptr_array_index (results, i))->status == DOSSIER_IMPORT_STORED)
      stored++;
  printf ("import into a new library: %u of %d articles stored in %.2f s = %.0f articles/s\n",
          stored, n_files, seconds, stored / seconds);

  /* One large file near the size limit. */
  {
    g_autoptr(GString) big = g_string_new (NULL);
    g_autoptr(DossierDocument) doc = NULL;

    while (big->len < (gsize) large_mb * 1000 * 1000)
      append_paragraph (big, rand, 80);
    g_timer_start (timer);
    doc = dossier_import_parse ("large.md", big->str, big->len, NULL, NULL, NULL);
    seconds = g_timer_elapsed (timer, NULL);
    g_assert_nonnull (doc);
    printf ("one %.0f MB Markdown file parsed in %.2f s = %.1f MB/s\n",
            big->len / 1e6, seconds, big->len / 1e6 / seconds);
  }

  g_clear_object (&store);
  remove_tree (dir);
  return 0;
}
