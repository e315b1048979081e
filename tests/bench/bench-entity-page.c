/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-entity-page.c: how long the entities panel and the entity page take
 * to fill (CPU time, layout included) on a library where one entity is
 * everywhere. Prints figures; never fails on time. Needs a display (run
 * under xvfb-run). */
#define G_LOG_DOMAIN "bench-entity-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <time.h>

#include "dossier-resources.h"
#include "dossier-entities-panel.h"
#include "dossier-entity-page.h"

#define N_DOCUMENTS 300
#define N_PARAGRAPHS 60   /* about 3,000 words a document */
#define N_MENTIONS 5      /* of the busy entity, per document */

static const char paragraph[] =
  "Edi Rama told reporters in Tirana that the government had cut ties with Iran after the attack. "
  "Officials in Durrës said the camp was searched and that computers were taken away for inspection. ";

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* CPU time of this process, so the figures mean something on a busy machine. */
static gint64
now_cpu (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static double
ms_since (gint64 start)
{
  return (now_cpu () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) entities = NULL;
  gint64 first_document = 0, rama = 0, start;
  GtkWidget *window, *panel, *page;
  guint para_chars;

  gtk_init ();
  adw_init ();
  g_assert_nonnull (dossier_get_resource ());

  dir = g_dir_make_tmp ("dossier-bench-entity-page-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "library.db", NULL);
  store = dossier_store_open (path, &error);
  g_assert_no_error (error);

  for (guint p = 0; p < N_PARAGRAPHS; p++)
    g_string_append (text, paragraph);
  para_chars = g_utf8_strlen (paragraph, -1);

  start = now_cpu ();
  dossier_store_begin (store, NULL);
  for (guint d = 0; d < N_DOCUMENTS; d++)
    {
      g_autoptr(DossierDocument) doc = dossier_document_new ();
      DossierMentionInput mentions[N_MENTIONS * 2];
      DossierAddResult result;
      gint64 id = 0;

      doc->uid = g_strdup_printf ("bench:%u", d);
      doc->title = g_strdup_printf ("Report number %u on the camp", d);
      doc->text = g_strdup_printf ("%u. %s", d, text->str);
      g_assert_true (dossier_store_add_document (store, doc, FALSE, &result, &id, &error));
      if (first_document == 0)
        first_document = id;

      for (guint m = 0; m < N_MENTIONS; m++)
        {
          guint base = g_utf8_strlen (doc->text, -1) - g_utf8_strlen (text->str, -1) + m * 10 * para_chars;

          mentions[2 * m] = (DossierMentionInput) { base, base + 8, DOSSIER_ENTITY_PERSON, "Edi Rama", "edi rama", NULL, NULL };
          mentions[2 * m + 1] = (DossierMentionInput) { base + 30, base + 36, DOSSIER_ENTITY_PLACE, "Tirana", "tirana", NULL, NULL };
        }
      g_assert_true (dossier_store_set_auto_mentions (store, id, mentions, G_N_ELEMENTS (mentions), &error));
    }
  dossier_store_commit (store, NULL);
  g_print ("library: %u documents, %u mentions of one entity, built in %.0f ms of CPU\n",
           N_DOCUMENTS, N_DOCUMENTS * N_MENTIONS, ms_since (start));

  entities = dossier_store_list_entities (store, 0, FALSE, &error);
  for (guint i = 0; i < entities->len; i++)
    if (g_strcmp0 (((DossierEntity *) entities->pdata[i])->name, "Edi Rama") == 0)
      rama = ((DossierEntity *) entities->pdata[i])->id;

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 800);
  panel = dossier_entities_panel_new (store);
  gtk_window_set_child (GTK_WINDOW (window), panel);
  gtk_window_present (GTK_WINDOW (window));
  spin ();

  start = now_cpu ();
  dossier_entities_panel_set_document (DOSSIER_ENTITIES_PANEL (panel), first_document);
  spin ();
  g_print ("panel, one document: %.1f ms\n", ms_since (start));

  start = now_cpu ();
  dossier_entities_panel_show_entity (DOSSIER_ENTITIES_PANEL (panel), rama);
  spin ();
  g_print ("entity page, first page (30) of %u mentions: %.1f ms\n", N_DOCUMENTS * N_MENTIONS, ms_since (start));

  page = gtk_widget_get_last_child (gtk_widget_get_first_child (panel));
  while (page != NULL && !DOSSIER_IS_ENTITY_PAGE (page))
    page = gtk_widget_get_first_child (page);
  if (page != NULL)
    {
      start = now_cpu ();
      for (guint i = 0; i < 4; i++)
        gtk_widget_activate_action (page, "entity-page.more", NULL);
      spin ();
      g_print ("entity page, \"Show More\" four times (150 mentions): %.1f ms\n", ms_since (start));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return 0;
}
