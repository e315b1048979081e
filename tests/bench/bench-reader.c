/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-reader.c: opening a 20,000-word document with 500 highlights.
 *
 * Times dossier_reader_load_document (store reads, buffer, tags, position)
 * and then the first frame drawn with the new text, in a real window.
 * Prints figures; never fails on time. Needs a display (run under xvfb-run). */
#define G_LOG_DOMAIN "bench-reader"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "dossier-application.h"
#include "dossier-reader.h"

#define N_WORDS 20000
#define N_HIGHLIGHTS 500
#define RUNS 9

static gboolean painted;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  painted = TRUE;
}

static gint64
add_document (DossierStore *store,
              guint         seed)
{
  static const char *words[] = {
    "government", "Albania", "Iran", "cyberattack", "ministry", "officials", "said", "Tirana",
    "the", "of", "and", "in", "to", "a", "was", "that", "for", "on", "with", "Rama",
  };
  g_autoptr(DossierDocument) doc = dossier_document_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GError) error = NULL;
  GString *text = g_string_new (NULL);
  DossierAddResult result;
  gint64 id = 0;
  guint length;

  for (guint i = 0; i < N_WORDS; i++)
    {
      if (i > 0)
        g_string_append (text, i % 120 == 0 ? ".\n\n" : " ");
      g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }
  g_string_append_c (text, '.');
  length = g_utf8_strlen (text->str, -1);

  doc->uid = g_strdup_printf ("bench:reader:%u", seed);
  doc->title = g_strdup ("A long article with many highlights");
  doc->source = g_strdup ("Bench");
  doc->text = g_string_free (text, FALSE);
  if (!dossier_store_add_document (store, doc, FALSE, &result, &id, &error))
    g_error ("%s", error->message);

  dossier_store_begin (store, NULL);
  for (guint i = 0; i < N_HIGHLIGHTS; i++)
    {
      g_autoptr(DossierAnnotation) annotation = dossier_annotation_new ();
      guint start = (length / N_HIGHLIGHTS) * i;

      annotation->document_id = id;
      annotation->start = start;
      annotation->end = start + 40;
      annotation->color = i % DOSSIER_N_COLORS;
      g_free (annotation->note);
      annotation->note = g_strdup (i % 3 == 0 ? "a note" : "");
      if (!dossier_store_add_annotation (store, annotation, &error))
        g_error ("%s", error->message);
    }
  dossier_store_commit (store, NULL);
  return id;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DossierApplication) app = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GtkWidget *window, *reader;
  gint64 ids[2];
  double load_ms[RUNS], frame_ms[RUNS];

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("bench-reader: no display; run it under xvfb-run\n");
      return 77;
    }
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_init ();
  adw_init ();
  /* the application registers the resources (templates, style) */
  app = dossier_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  dir = g_dir_make_tmp ("dossier-bench-reader-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "library.db", NULL);
  store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  ids[0] = add_document (store, 1);
  ids[1] = add_document (store, 2);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 800);
  reader = dossier_reader_new ();
  dossier_reader_set_store (DOSSIER_READER (reader), store);
  gtk_window_set_child (GTK_WINDOW (window), reader);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_after_paint_cb), NULL);

  for (guint run = 0; run < RUNS; run++)
    {
      gint64 start, loaded;

      /* let earlier frames finish so this one starts from rest */
      for (gint64 until = g_get_monotonic_time () + 200000; g_get_monotonic_time () < until;)
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (1000);

      start = g_get_monotonic_time ();
      if (!dossier_reader_load_document (DOSSIER_READER (reader), ids[run % 2], &error))
        g_error ("%s", error->message);
      loaded = g_get_monotonic_time ();
      painted = FALSE;
      while (!painted)
        g_main_context_iteration (NULL, TRUE);
      load_ms[run] = (loaded - start) / 1000.0;
      frame_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
      g_print ("run %u: loaded %.1f ms, first frame %.1f ms (%u highlights)\n", run + 1,
               load_ms[run], frame_ms[run], dossier_reader_get_annotations (DOSSIER_READER (reader))->len);
    }

  qsort (load_ms, RUNS, sizeof (double), compare_doubles);
  qsort (frame_ms, RUNS, sizeof (double), compare_doubles);
  g_print ("open a %d-word document with %d highlights: load median %.1f ms, "
           "first frame median %.1f ms (budget 100 ms)\n",
           N_WORDS, N_HIGHLIGHTS, load_ms[RUNS / 2], frame_ms[RUNS / 2]);

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  return 0;
}
