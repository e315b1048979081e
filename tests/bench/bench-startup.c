/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-startup.c: how long the window takes to show a 100,000-document
 * library, and how much memory it holds then.
 *
 * Builds the library once with the store (kept in the build folder for the
 * next run), then starts the real `dossier` program several times with
 * DOSSIER_BENCH_FIRST_FRAME set: the window prints the monotonic time of its
 * first frame and of the first frame with rows in the list, with VmRSS. The
 * time counts from just before the process is spawned. Prints figures; never
 * fails on time. Needs a display (run under xvfb-run). */
#define G_LOG_DOMAIN "bench-startup"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>
#include <stdlib.h>

#include "dossier-store.h"

#define N_DOCUMENTS 100000
#define RUNS 5

static const char *words[] = {
  "government", "Albania", "Iran", "cyberattack", "ministry", "officials", "said", "Tirana",
  "services", "network", "report", "investigation", "diplomatic", "relations", "camp", "Durrës",
  "parliament", "prime", "minister", "week", "attack", "groups", "sponsored", "public", "data",
  "the", "of", "and", "in", "to", "a", "was", "that", "for", "on", "with", "by", "after",
};

static char *
make_text (GRand *rand,
           guint  n_words)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_words; i++)
    {
      if (i > 0)
        g_string_append_c (text, (i % 60 == 0) ? '\n' : ' ');
      g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }
  g_string_append_c (text, '.');
  return g_string_free (text, FALSE);
}

static gboolean
build_library (const char *path)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  gint64 start = g_get_monotonic_time ();
  guint have;

  if (!(store = dossier_store_open (path, &error)))
    {
      g_printerr ("bench-startup: %s\n", error->message);
      return FALSE;
    }
  have = dossier_store_count_documents (store);
  if (have >= N_DOCUMENTS)
    {
      g_print ("library: %u documents already in %s\n", have, path);
      return TRUE;
    }

  g_print ("library: building %u documents in %s…\n", N_DOCUMENTS - have, path);
  for (guint i = have; i < N_DOCUMENTS; i += 1000)
    {
      if (!dossier_store_begin (store, &error))
        break;
      for (guint j = i; j < MIN (i + 1000, N_DOCUMENTS); j++)
        {
          g_autoptr(DossierDocument) doc = dossier_document_new ();
          g_autofree char *title = g_strdup_printf ("Article %u on the attack", j);
          DossierAddResult result;
          gint64 id;

          doc->uid = g_strdup_printf ("bench:%u", j);
          doc->title = g_steal_pointer (&title);
          doc->source = g_strdup (j % 3 == 0 ? "Balkan Insight" : "Reuters");
          doc->published = 1640995200 + (gint64) j * 300;
          doc->text = make_text (rand, 150 + g_rand_int_range (rand, 0, 150));
          if (!dossier_store_add_document (store, doc, FALSE, &result, &id, &error))
            break;
        }
      if (error != NULL || !dossier_store_commit (store, &error))
        break;
    }
  if (error != NULL)
    {
      g_printerr ("bench-startup: could not build the library: %s\n", error->message);
      return FALSE;
    }
  g_print ("library: built in %.1f s (%.0f documents/s)\n",
           (g_get_monotonic_time () - start) / 1e6,
           (N_DOCUMENTS - have) / ((g_get_monotonic_time () - start) / 1e6));
  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Starts the window RUNS times on `library`; medians of the two frame times
 * and the largest VmRSS seen. */
static gboolean
measure (const char *program,
         const char *library,
         const char *label,
         gboolean    no_gl,
         double     *median_first,
         double     *median_rows,
         long       *max_rss)
{
  double first[RUNS], rows[RUNS], cpu[RUNS];
  guint n_ok = 0;

  *max_rss = 0;
  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                            G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      gint64 started;
      gint64 first_us = 0, rows_us = 0;
      long rss1 = -1, rss2 = -1;
      const char *line;
      struct rusage before, after;

      g_subprocess_launcher_setenv (launcher, "DOSSIER_BENCH_FIRST_FRAME", "1", TRUE);
      g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
      /* GDK opens a GL context even for the cairo renderer; under Xvfb that is
       * Mesa's llvmpipe, which alone maps over 100 MB */
      if (no_gl)
        g_subprocess_launcher_setenv (launcher, "GDK_DEBUG", "gl-disable", TRUE);
      getrusage (RUSAGE_CHILDREN, &before);
      started = g_get_monotonic_time ();
      process = g_subprocess_launcher_spawn (launcher, &error, program, "--library", library, NULL);
      if (process == NULL ||
          !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error))
        {
          g_printerr ("bench-startup: %s\n", error->message);
          return FALSE;
        }
      if ((line = strstr (out, "first-frame-monotonic-us ")))
        sscanf (line, "first-frame-monotonic-us %" G_GINT64_FORMAT " rss-kb %ld", &first_us, &rss1);
      if ((line = strstr (out, "rows-frame-monotonic-us ")))
        sscanf (line, "rows-frame-monotonic-us %" G_GINT64_FORMAT " rss-kb %ld", &rows_us, &rss2);
      if (first_us == 0 || rows_us == 0)
        {
          g_printerr ("bench-startup: the window did not report its frames:\n%s\n", out);
          continue;
        }
      /* CPU time does not grow with the other programs on the machine */
      getrusage (RUSAGE_CHILDREN, &after);
      cpu[n_ok] = (after.ru_utime.tv_sec - before.ru_utime.tv_sec + after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1000.0 +
                  (after.ru_utime.tv_usec - before.ru_utime.tv_usec + after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1000.0;
      first[n_ok] = (first_us - started) / 1000.0;
      rows[n_ok] = (rows_us - started) / 1000.0;
      *max_rss = MAX (*max_rss, MAX (rss1, rss2));
      g_print ("%s, run %u: first frame %.0f ms (%ld MB), list shown %.0f ms (%ld MB), whole run %.0f ms of CPU\n",
               label, run + 1, first[n_ok], rss1 / 1024, rows[n_ok], rss2 / 1024, cpu[n_ok]);
      n_ok++;
    }
  if (n_ok == 0)
    return FALSE;
  qsort (first, n_ok, sizeof (double), compare_doubles);
  qsort (rows, n_ok, sizeof (double), compare_doubles);
  qsort (cpu, n_ok, sizeof (double), compare_doubles);
  g_print ("%s: median CPU time of a whole run (start, first frame, quit) %.0f ms\n", label, cpu[n_ok / 2]);
  *median_first = first[n_ok / 2];
  *median_rows = rows[n_ok / 2];
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  const char *build_dir = g_getenv ("DOSSIER_BUILD_DIR");
  g_autofree char *library = NULL;
  g_autofree char *program = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *empty_dir = NULL;
  double median_first, median_rows, empty_first, empty_rows, nogl_first, nogl_rows;
  long max_rss, empty_rss, nogl_rss;

  if (build_dir == NULL)
    build_dir = ".";
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("bench-startup: no display; run it under xvfb-run\n");
      return 77;
    }

  library = g_build_filename (build_dir, "bench-startup-100k.db", NULL);
  program = g_build_filename (build_dir, "app", "dossier", NULL);
  if (!build_library (library))
    return 1;
  /* the same window on an empty library: what GTK and the window cost by themselves */
  empty_dir = g_dir_make_tmp ("dossier-bench-startup-XXXXXX", NULL);
  empty = g_build_filename (empty_dir, "empty.db", NULL);

  if (!measure (program, library, "100,000 documents", FALSE, &median_first, &median_rows, &max_rss) ||
      !measure (program, empty, "empty library", FALSE, &empty_first, &empty_rows, &empty_rss) ||
      !measure (program, library, "100,000 documents, GL off", TRUE, &nogl_first, &nogl_rows, &nogl_rss))
    return 1;
  g_print ("window start-up with %d documents: first frame %.0f ms, list with rows %.0f ms "
           "(budget 500 ms); resident at most %ld MB (budget 200 MB)\n",
           N_DOCUMENTS, median_first, median_rows, max_rss / 1024);
  g_print ("same machine, same moment, empty library: first frame %.0f ms, %ld MB: "
           "the 100,000 documents add %.0f ms and %ld MB\n",
           empty_first, empty_rss / 1024, median_rows - empty_first, (max_rss - empty_rss) / 1024);
  g_print ("with GDK_DEBUG=gl-disable (no GL driver loaded): list with rows %.0f ms, resident at most %ld MB\n",
           nogl_rows, nogl_rss / 1024);

  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (empty, suffixes[i], NULL);
        g_unlink (file);
      }
    g_rmdir (empty_dir);
  }
  return 0;
}
