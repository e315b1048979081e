/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-window.c: the main window (library, reader, side panel).
 *
 * Owns the window's connection to the library, the lazy library model, the
 * choice of the open document and the import workers. It wires the parts
 * together and never writes SQL: reading and highlighting belong to the
 * reader, the rows to the library model, entities to the entities panel. */
#define G_LOG_DOMAIN "dossier-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-analyzer.h"
#include "dossier-application.h"
#include "dossier-import.h"
#include "dossier-window-private.h"

typedef struct
{
  char      *library_path;
  GStrv      paths;
  gboolean   samples;
  guint64    max_size;
} ImportData;

static void start_analysis (DossierWindow *self);

G_DEFINE_FINAL_TYPE (DossierWindow, dossier_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LIBRARY_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* -------------------------------------------------------------- helpers -- */

static void
update_list_state (DossierWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  const char *search = dossier_library_model_get_search (self->model);
  gboolean filtered = (search != NULL && search[0] != '\0') ||
                      self->filter_entity_id != 0 || self->filter_feed_id != 0;

  if (n == 0 && !filtered)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "welcome");
      return;
    }

  gtk_stack_set_visible_child_name (self->main_stack, "library");
  if (n > 0)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }

  if (dossier_library_model_get_error (self->model) != NULL)
    adw_status_page_set_description (self->no_results_page,
                                     _("The search could not be understood: try plain words"));
  else if (search != NULL && search[0] != '\0')
    adw_status_page_set_description (self->no_results_page, _("No document contains these words"));
  else
    adw_status_page_set_description (self->no_results_page, _("No document matches this filter"));
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

/* Keeps the open document selected in the list without opening it again. */
static void
sync_selection (DossierWindow *self)
{
  gint64 id = dossier_reader_get_document_id (self->reader);
  guint position = id != 0 ? dossier_library_model_find (self->model, id) : G_MAXUINT;

  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection,
                                     position != G_MAXUINT ? position : GTK_INVALID_LIST_POSITION);
  /* the open document's row in sight (GTK 4.8: the list's own action) */
  if (position != G_MAXUINT)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  self->selecting = FALSE;
}

static void
update_document_title (DossierWindow *self)
{
  const DossierDocument *doc = dossier_reader_get_document (self->reader);

  if (doc == NULL)
    {
      adw_window_title_set_title (self->content_title, "");
      adw_window_title_set_subtitle (self->content_title, "");
      gtk_stack_set_visible_child_name (self->reader_stack, "empty");
      return;
    }
  adw_window_title_set_title (self->content_title, doc->title);
  adw_window_title_set_subtitle (self->content_title, doc->source != NULL ? doc->source : "");
  gtk_stack_set_visible_child_name (self->reader_stack, "reader");
}

static void
present_message (DossierWindow *self,
                 const char    *heading,
                 const char    *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_data_free (ImportData *data)
{
  g_free (data->library_path);
  g_strfreev (data->paths);
  g_free (data);
}

static void
set_busy (DossierWindow *self,
          gboolean       busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  /* a worker may finish after the window was disposed */
  if (self->import_spinner == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->import_spinner), self->busy > 0);
  gtk_spinner_set_spinning (self->import_spinner, self->busy > 0);
}

/* The analysis wrote through another connection: read mentions and entities again. */
static void
refresh_entities (DossierWindow *self)
{
  gint64 id = dossier_reader_get_document_id (self->reader);

  dossier_reader_reload_mentions (self->reader);
  if (self->entities_panel != NULL)
    {
      dossier_entities_panel_set_document (self->entities_panel, 0);
      dossier_entities_panel_set_document (self->entities_panel, id);
    }
}

/* ---------------------------------------------------------------- import -- */

static GPtrArray *
import_samples (DossierStore               *store,
                const DossierImportOptions *options,
                GCancellable               *cancellable)
{
  const char *dir = RESOURCE_PREFIX "/samples/";
  g_auto(GStrv) names = g_resources_enumerate_children (dir, 0, NULL);
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_import_result_free);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (dir, names[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (g_str_has_suffix (names[i], "/") || g_str_equal (names[i], "README.md"))
        continue;
      if (!(bytes = g_resources_lookup_data (path, 0, &error)))
        continue;
      g_ptr_array_add (results, dossier_import_bytes (store, names[i], bytes, options));
    }
  return results;
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  DossierImportOptions options = { .max_size = data->max_size };
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *results;

  /* the worker's own connection: the window's stays on the main thread */
  if (!(store = dossier_store_open (data->library_path, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (data->samples)
    results = import_samples (store, &options, cancellable);
  else
    results = dossier_import_paths (store, (const char * const *) data->paths, &options, cancellable);
  /* the window is closing: what was stored stays, nobody is left to tell */
  if (g_task_return_error_if_cancelled (task))
    {
      g_ptr_array_unref (results);
      return;
    }
  g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_import_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DossierWindow *self = DOSSIER_WINDOW (object);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) refusals = g_string_new (NULL);
  guint stored = 0, duplicates = 0, refused = 0;
  gint64 first_id = 0;

  results = g_task_propagate_pointer (G_TASK (result), &error);
  /* cancelled: the window is gone (disposed), leave its widgets alone */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (results == NULL)
    {
      present_message (self, _("Could Not Import"), error->message);
      return;
    }

  for (guint i = 0; i < results->len; i++)
    {
      DossierImportResult *r = g_ptr_array_index (results, i);

      switch (r->status)
        {
        case DOSSIER_IMPORT_STORED:
          stored++;
          if (first_id == 0)
            first_id = r->id;
          break;
        case DOSSIER_IMPORT_DUPLICATE:
          duplicates++;
          if (first_id == 0)
            first_id = r->id;
          break;
        case DOSSIER_IMPORT_REFUSED:
        default:
          refused++;
          /* a long list is cut: the dialog must fit on the screen */
          if (refused <= 15)
            g_string_append_printf (refusals, "%s%s", refusals->len > 0 ? "\n" : "",
                                    r->reason != NULL ? r->reason : r->path);
          break;
        }
    }
  if (refused > 15)
    {
      g_string_append_c (refusals, '\n');
      g_string_append_printf (refusals,
                              g_dngettext (GETTEXT_PACKAGE, "…and %u more file", "…and %u more files", refused - 15),
                              refused - 15);
    }

  {
    g_autofree char *message = NULL;

    if (stored > 0 && duplicates > 0)
      /* Translators: "Imported 3 documents, 1 already in the library" */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u document, %u already in the library",
                                              "Imported %u documents, %u already in the library", stored),
                                 stored, duplicates);
    else if (stored > 0)
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u document", "Imported %u documents", stored),
                                 stored);
    else if (duplicates > 0)
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Already in the library", "%u documents already in the library",
                                              duplicates),
                                 duplicates);
    else if (refused == 0)
      message = g_strdup (_("Nothing to import"));
    if (message != NULL)
      dossier_window_show_toast (self, message);
  }

  if (refused > 0)
    present_message (self,
                     g_dngettext (GETTEXT_PACKAGE, "A File Was Not Imported", "Some Files Were Not Imported", refused),
                     refusals->str);

  if (stored > 0 || duplicates > 0)
    {
      self->open_after_reload = first_id;
      _dossier_window_reload (self);
      g_signal_emit_by_name (self, "library-changed");
    }
  if (stored > 0 && g_settings_get_boolean (self->settings, "analyze-on-import"))
    start_analysis (self);
}

static void
on_analysis_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_analyzed = 0;

  if (!dossier_analyzer_analyze_library_finish (result, &n_analyzed, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (error != NULL)
    {
      dossier_window_show_toast (self, error->message);
      return;
    }
  if (n_analyzed > 0)
    refresh_entities (self);
}

/* Entities of the new documents, in a worker with its own connection. */
static void
start_analysis (DossierWindow *self)
{
  if (self->store == NULL)
    return;
  set_busy (self, TRUE);
  dossier_analyzer_analyze_library_async (dossier_store_get_path (self->store), self->recognizer,
                                          self->cancellable, NULL, NULL,
                                          on_analysis_done_cb, g_object_ref (self));
}

static void
start_import (DossierWindow      *self,
              const char * const *paths,
              gboolean            samples)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  if (self->store == NULL)
    return;

  data = g_new0 (ImportData, 1);
  data->library_path = g_strdup (dossier_store_get_path (self->store));
  data->paths = g_strdupv ((char **) paths);
  data->samples = samples;
  data->max_size = (guint64) g_settings_get_uint (self->settings, "max-import-size") * 1024 * 1024;

  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, on_import_done_cb, NULL);
  g_task_set_source_tag (task, start_import);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
}

/* ------------------------------------------------------------ callbacks -- */

static void
on_model_reloaded_cb (DossierWindow *self)
{
  update_list_state (self);

  if (self->open_after_reload != 0)
    {
      gint64 id = self->open_after_reload;

      self->open_after_reload = 0;
      dossier_window_open_document (self, id);
      return;
    }
  sync_selection (self);
}

static void
on_selection_changed_cb (DossierWindow *self)
{
  DossierLibraryRow *row = gtk_single_selection_get_selected_item (self->selection);

  if (self->selecting || row == NULL)
    return;
  if (dossier_library_row_get_id (row) == dossier_reader_get_document_id (self->reader))
    return;
  dossier_window_open_document (self, dossier_library_row_get_id (row));
}

static void
on_list_activate_cb (DossierWindow *self,
                     guint          position)
{
  g_autoptr(DossierLibraryRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (row == NULL)
    return;
  dossier_window_open_document (self, dossier_library_row_get_id (row));
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  gtk_widget_grab_focus (GTK_WIDGET (dossier_reader_get_text_view (self->reader)));
}

static void
on_search_changed_cb (DossierWindow *self)
{
  dossier_library_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_search_stop_cb (DossierWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_search_activate_cb (DossierWindow *self)
{
  /* Enter opens the best match */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    on_list_activate_cb (self, 0);
}

static void
on_leaflet_folded_cb (DossierWindow *self)
{
  /* folded with a document open: show it rather than the list */
  if (adw_leaflet_get_folded (self->leaflet) && dossier_reader_get_document_id (self->reader) != 0)
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
on_annotations_changed_cb (DossierWindow *self)
{
  gint64 id = dossier_reader_get_document_id (self->reader);

  dossier_notes_panel_set_annotations (self->notes_panel,
                                       id != 0 ? dossier_reader_get_annotations (self->reader) : NULL);
  /* the store said "documents changed" for the note count: the rows are
   * refreshed below, no need to query the whole list again */
  g_clear_handle_id (&self->reload_timeout_id, g_source_remove);
  /* note counts in the list */
  if (id != 0)
    {
      guint position = dossier_library_model_find (self->model, id);

      if (position != G_MAXUINT)
        {
          dossier_library_model_refresh_rows (self->model);
          sync_selection (self);
        }
    }
}

static void
on_annotation_removed_cb (DossierWindow           *self,
                          const DossierAnnotation *annotation)
{
  AdwToast *toast;

  /* one undo at a time, the latest, as in GNOME's other apps */
  g_clear_pointer (&self->removed_annotation, dossier_annotation_free);
  self->removed_annotation = dossier_annotation_copy (annotation);
  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);

  toast = adw_toast_new (_("Highlight deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-delete");
  g_set_weak_pointer (&self->undo_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  _dossier_window_update_actions (self);
}

static void
on_mentions_changed_cb (DossierWindow *self)
{
  /* the panel follows the store's "changed" itself; the list may be filtered by entity */
  if (self->filter_entity_id != 0)
    _dossier_window_reload (self);
  g_signal_emit_by_name (self, "library-changed");
}

static void
on_note_activated_cb (DossierWindow *self,
                      gint64         annotation_id)
{
  dossier_reader_show_annotation (self->reader, annotation_id);
  /* a folded side panel covers the text: get it out of the way */
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

static void
on_entity_activated_cb (DossierWindow *self,
                        gint64         entity_id)
{
  dossier_window_show_entity (self, entity_id);
}

static void
on_show_documents_cb (DossierWindow *self,
                      gint64         entity_id)
{
  dossier_window_filter_by_entity (self, entity_id);
}

static void
on_open_document_cb (DossierWindow *self,
                     gint64         document_id,
                     guint          offset)
{
  dossier_window_open_document_at (self, document_id, offset);
}

static void
on_library_analyzed_cb (DossierWindow *self,
                        guint          n_analyzed)
{
  dossier_reader_reload_mentions (self->reader);
  if (self->filter_entity_id != 0)
    _dossier_window_reload (self);
}

static gboolean
on_reload_timeout_cb (gpointer user_data)
{
  DossierWindow *self = user_data;

  self->reload_timeout_id = 0;
  _dossier_window_reload (self);
  return G_SOURCE_REMOVE;
}

/* Feeds and the address dialog store articles through this window's
 * connection: the list follows (a burst of articles is one reload). */
static void
on_store_changed_cb (DossierStore  *store,
                     const char    *what,
                     DossierWindow *self)
{
  if (self->reload_timeout_id == 0)
    self->reload_timeout_id = g_timeout_add (300, on_reload_timeout_cb, self);
}

static void
on_refresh_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DossierWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  DossierRefreshSummary summary = { 0 };

  if (!dossier_feeds_refresh_finish (DOSSIER_FEEDS (object), result, &summary, &error))
    {
      g_debug ("Automatic refresh: %s", error->message);
      return;
    }
  if (self->store == NULL)
    return;
  if (summary.n_new > 0)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new article", "%u new articles", summary.n_new),
                         summary.n_new);

      dossier_window_show_toast (self, message);
      if (g_settings_get_boolean (self->settings, "analyze-on-import"))
        start_analysis (self);
    }
}

static gboolean
on_refresh_timeout_cb (gpointer user_data)
{
  DossierWindow *self = user_data;
  g_autoptr(GPtrArray) feeds = NULL;

  /* only with subscriptions: no network, and no SoupSession, otherwise */
  feeds = self->store != NULL ? dossier_store_list_feeds (self->store, NULL) : NULL;
  if (feeds != NULL && feeds->len > 0)
    dossier_feeds_refresh_async (_dossier_window_get_feeds (self), 0, FALSE, NULL, NULL, NULL,
                                 self->cancellable, on_refresh_done_cb, g_object_ref (self));
  return G_SOURCE_CONTINUE;
}

static void
on_refresh_interval_changed_cb (DossierWindow *self)
{
  guint minutes = g_settings_get_uint (self->settings, "refresh-interval");

  g_clear_handle_id (&self->refresh_timeout_id, g_source_remove);
  if (self->feeds != NULL)
    dossier_feeds_set_default_interval (self->feeds, minutes);
  /* the feeds decide which are due; this only wakes them up */
  if (minutes > 0 && self->store != NULL)
    self->refresh_timeout_id = g_timeout_add_seconds (MIN (minutes, 15) * 60, on_refresh_timeout_cb, self);
}

static void
on_sort_changed_cb (DossierWindow *self)
{
  dossier_library_model_set_sort (self->model, g_settings_get_enum (self->settings, "sort"));
}

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            DossierWindow *self)
{
  GSList *files;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || self->store == NULL)
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    {
      char *path = g_file_get_path (l->data);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  g_slist_free (files);
  if (paths->len == 0)
    return FALSE;
  g_ptr_array_add (paths, NULL);
  dossier_window_import_paths (self, (const char * const *) paths->pdata);
  return TRUE;
}

static gboolean
on_close_request_cb (DossierWindow *self)
{
  dossier_reader_save_position (self->reader);
  if (!adw_flap_get_folded (self->flap))
    g_settings_set_boolean (self->settings, "show-side-panel", adw_flap_get_reveal_flap (self->flap));
  g_settings_set_int64 (self->settings, "last-document", dossier_reader_get_document_id (self->reader));
  return FALSE;
}

/* ------------------------------------------------------------- benchmark -- */

/* DOSSIER_BENCH_FIRST_FRAME: tests/bench/bench-startup starts the app with it
 * and reads the times of the first frame and of the first frame with rows. */
static long
resident_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      !(line = strstr (status, "VmRSS:")))
    return -1;
  return strtol (line + 6, NULL, 10);
}

static void
on_bench_after_paint_cb (GdkFrameClock *clock,
                         DossierWindow *self)
{
  static gboolean first_printed;
  gboolean has_rows = g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0 &&
                      !dossier_library_model_is_loading (self->model);

  if (!first_printed)
    {
      first_printed = TRUE;
      g_print ("first-frame-monotonic-us %" G_GINT64_FORMAT " rss-kb %ld\n",
               g_get_monotonic_time (), resident_kb ());
    }
  if (has_rows || gtk_stack_get_visible_child_name (self->main_stack)[0] != 'l')
    {
      g_print ("rows-frame-monotonic-us %" G_GINT64_FORMAT " rss-kb %ld rows %u\n",
               g_get_monotonic_time (), resident_kb (),
               g_list_model_get_n_items (G_LIST_MODEL (self->model)));
      g_signal_handlers_disconnect_by_func (clock, on_bench_after_paint_cb, self);
      gtk_window_destroy (GTK_WINDOW (self));
    }
  else
    gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

static void
on_bench_realize_cb (DossierWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  g_signal_connect (clock, "after-paint", G_CALLBACK (on_bench_after_paint_cb), self);
}

/* ------------------------------------------------------------ overrides -- */

static void
dossier_window_constructed (GObject *object)
{
  DossierWindow *self = DOSSIER_WINDOW (object);
  g_autoptr(GAction) sort_action = NULL;
  gint64 last;

  G_OBJECT_CLASS (dossier_window_parent_class)->constructed (object);

  /* the sort menu's radio items; removed again in dispose, since the
   * action lives as long as the settings object and keeps notifying */
  sort_action = g_settings_create_action (self->settings, "sort");
  self->library_actions = g_simple_action_group_new ();
  g_action_map_add_action (G_ACTION_MAP (self->library_actions), sort_action);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "library", G_ACTION_GROUP (self->library_actions));

  self->store = dossier_store_open (self->library_path, &self->open_error);
  if (self->store == NULL)
    {
      g_autofree char *description = g_strdup_printf ("%s", self->open_error->message);

      adw_status_page_set_description (self->error_page, description);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      _dossier_window_update_actions (self);
      return;
    }

  dossier_reader_set_store (self->reader, self->store);

  /* the entities page of the side panel (helper ui2's widget) */
  {
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
    const char *reason = NULL;

    if (DOSSIER_IS_APPLICATION (app))
      self->recognizer = dossier_application_get_recognizer (DOSSIER_APPLICATION (app), &reason);
    if (self->recognizer != NULL)
      dossier_recognizer_ref (self->recognizer);
    self->entities_panel = DOSSIER_ENTITIES_PANEL (dossier_entities_panel_new (self->store));
    dossier_entities_panel_set_recognizer (self->entities_panel, self->recognizer);
    dossier_entities_panel_set_disabled_reason (self->entities_panel, self->recognizer == NULL ? reason : NULL);
    g_signal_connect_object (self->entities_panel, "entity-activated", G_CALLBACK (on_entity_activated_cb),
                             self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->entities_panel, "show-documents", G_CALLBACK (on_show_documents_cb),
                             self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->entities_panel, "open-document", G_CALLBACK (on_open_document_cb),
                             self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->entities_panel, "library-analyzed", G_CALLBACK (on_library_analyzed_cb),
                             self, G_CONNECT_SWAPPED);
    adw_bin_set_child (self->entities_bin, GTK_WIDGET (self->entities_panel));
  }

  self->model = dossier_library_model_new (self->store);
  dossier_library_model_set_sort (self->model, g_settings_get_enum (self->settings, "sort"));
  g_signal_connect_object (self->model, "reloaded", G_CALLBACK (on_model_reloaded_cb), self, G_CONNECT_SWAPPED);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (on_selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->settings, "changed::sort", G_CALLBACK (on_sort_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "changed::documents", G_CALLBACK (on_store_changed_cb), self, 0);
  g_signal_connect_object (self->settings, "changed::refresh-interval", G_CALLBACK (on_refresh_interval_changed_cb),
                           self, G_CONNECT_SWAPPED);
  on_refresh_interval_changed_cb (self);

  /* the library list shows first; the last document opens once its row is known */
  gtk_stack_set_visible_child_name (self->main_stack,
                                    dossier_store_count_documents (self->store) > 0 ? "library" : "welcome");
  last = g_settings_get_int64 (self->settings, "last-document");
  if (last > 0)
    self->open_after_reload = last;
  _dossier_window_reload (self);
  _dossier_window_update_actions (self);
}

static void
dossier_window_dispose (GObject *object)
{
  DossierWindow *self = DOSSIER_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_weak_pointer (&self->undo_toast);
  g_clear_handle_id (&self->reload_timeout_id, g_source_remove);
  g_clear_handle_id (&self->refresh_timeout_id, g_source_remove);
  if (self->library_actions != NULL)
    {
      g_action_map_remove_action (G_ACTION_MAP (self->library_actions), "sort");
      g_clear_object (&self->library_actions);
    }
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->feeds);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->recognizer, dossier_recognizer_unref);

  G_OBJECT_CLASS (dossier_window_parent_class)->dispose (object);
}

static void
dossier_window_finalize (GObject *object)
{
  DossierWindow *self = DOSSIER_WINDOW (object);

  g_free (self->library_path);
  g_clear_error (&self->open_error);
  g_clear_pointer (&self->removed_annotation, dossier_annotation_free);

  G_OBJECT_CLASS (dossier_window_parent_class)->finalize (object);
}

static void
dossier_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DossierWindow *self = DOSSIER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIBRARY_PATH:
      g_free (self->library_path);
      self->library_path = g_value_dup_string (value);
      if (self->library_path == NULL)
        self->library_path = dossier_store_default_path ();
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DossierWindow *self = DOSSIER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIBRARY_PATH:
      g_value_set_string (value, self->library_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_window_class_init (DossierWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dossier_window_constructed;
  object_class->dispose = dossier_window_dispose;
  object_class->finalize = dossier_window_finalize;
  object_class->set_property = dossier_window_set_property;
  object_class->get_property = dossier_window_get_property;

  properties[PROP_LIBRARY_PATH] =
    g_param_spec_string ("library-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Documents, highlights or mentions changed: side panels refresh. */
  g_signal_new ("library-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Another document is open (0: none). */
  g_signal_new ("document-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (DOSSIER_TYPE_READER);
  g_type_ensure (DOSSIER_TYPE_NOTES_PANEL);
  g_type_ensure (DOSSIER_TYPE_LIBRARY_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/dossier-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, welcome_import_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, content);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, sort_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, filter_label);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, filter_icon);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, import_spinner);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, side_panel_button);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, reader_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, reader);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, entities_bin);
  gtk_widget_class_bind_template_child (widget_class, DossierWindow, notes_panel);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_annotations_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_annotation_removed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_mentions_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_note_activated_cb);

  _dossier_window_class_actions_init (widget_class);
}

static void
dossier_window_init (DossierWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APPLICATION_ID);

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "zoom", self->reader, "zoom", G_SETTINGS_BIND_DEFAULT);
  /* read once: a narrow window folds the panel away by itself, and that is
   * not the user's choice to remember (saved on close instead) */
  g_settings_bind (self->settings, "show-side-panel", self->side_panel_button, "active", G_SETTINGS_BIND_GET);
  g_settings_unbind (self->side_panel_button, "active");

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_swapped (self, "close-request", G_CALLBACK (on_close_request_cb), self);

  if (g_getenv ("DOSSIER_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect (self, "realize", G_CALLBACK (on_bench_realize_cb), NULL);

  dossier_notes_panel_set_annotations (self->notes_panel, NULL);
}

/* ----------------------------------------------------------------- public -- */

DossierWindow *
dossier_window_new (GtkApplication *application,
                    const char     *library_path)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (DOSSIER_TYPE_WINDOW,
                       "application", application,
                       "library-path", library_path,
                       NULL);
}

DossierStore *
dossier_window_get_store (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  return self->store;
}

const GError *
dossier_window_get_open_error (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), NULL);
  return self->open_error;
}

gboolean
dossier_window_open_document (DossierWindow *self,
                              gint64         document_id)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), FALSE);

  if (self->store == NULL)
    return FALSE;
  if (document_id != dossier_reader_get_document_id (self->reader) &&
      !dossier_reader_load_document (self->reader, document_id, &error))
    {
      /* a document removed meanwhile (or the last one of a previous run): nothing to open */
      if (!g_error_matches (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND))
        dossier_window_show_toast (self, error->message);
      g_debug ("Could not open document %" G_GINT64_FORMAT ": %s", document_id, error->message);
      sync_selection (self);
      return FALSE;
    }

  update_document_title (self);
  sync_selection (self);
  on_annotations_changed_cb (self);
  if (self->entities_panel != NULL)
    dossier_entities_panel_set_document (self->entities_panel, document_id);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
  _dossier_window_update_actions (self);
  g_signal_emit_by_name (self, "document-changed", document_id);
  return TRUE;
}

gint64
dossier_window_get_document_id (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), 0);
  return dossier_reader_get_document_id (self->reader);
}

void
dossier_window_import_paths (DossierWindow      *self,
                             const char * const *paths)
{
  g_return_if_fail (DOSSIER_IS_WINDOW (self));
  g_return_if_fail (paths != NULL);

  start_import (self, paths, FALSE);
}

void
dossier_window_import_samples (DossierWindow *self)
{
  const char *none[] = { NULL };

  g_return_if_fail (DOSSIER_IS_WINDOW (self));
  start_import (self, none, TRUE);
}

gboolean
dossier_window_is_busy (DossierWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_WINDOW (self), FALSE);
  return self->busy > 0 || (self->model != NULL && dossier_library_model_is_loading (self->model));
}

static void
set_filter (DossierWindow *self,
            gint64         entity_id,
            gint64         feed_id)
{
  g_autofree char *label = NULL;

  if (self->model == NULL)
    return;

  self->filter_entity_id = entity_id;
  self->filter_feed_id = feed_id;
  if (entity_id != 0)
    {
      g_autoptr(DossierEntity) entity = dossier_store_get_entity (self->store, entity_id, NULL);

      /* Translators: the library filter bar, "Mentioning Edi Rama" */
      label = g_strdup_printf (_("Mentioning %s"), entity != NULL ? entity->name : _("an entity"));
      gtk_image_set_from_icon_name (self->filter_icon, "system-users-symbolic");
    }
  else if (feed_id != 0)
    {
      g_autoptr(DossierFeed) feed = dossier_store_get_feed (self->store, feed_id, NULL);

      /* Translators: the library filter bar, "From Balkan Insight" */
      label = g_strdup_printf (_("From %s"),
                               feed != NULL && feed->title != NULL ? feed->title : (feed != NULL ? feed->url : _("a feed")));
      gtk_image_set_from_icon_name (self->filter_icon, "application-rss+xml-symbolic");
    }
  gtk_label_set_label (self->filter_label, label != NULL ? label : "");
  gtk_revealer_set_reveal_child (self->filter_revealer, label != NULL);

  dossier_library_model_set_entity (self->model, entity_id);
  dossier_library_model_set_feed (self->model, feed_id);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  _dossier_window_update_actions (self);
}

void
dossier_window_filter_by_entity (DossierWindow *self,
                                 gint64         entity_id)
{
  g_return_if_fail (DOSSIER_IS_WINDOW (self));
  set_filter (self, entity_id, 0);
}

void
dossier_window_filter_by_feed (DossierWindow *self,
                               gint64         feed_id)
{
  g_return_if_fail (DOSSIER_IS_WINDOW (self));
  set_filter (self, 0, feed_id);
}

void
dossier_window_clear_filter (DossierWindow *self)
{
  g_return_if_fail (DOSSIER_IS_WINDOW (self));
  set_filter (self, 0, 0);
}

void
dossier_window_show_toast (DossierWindow *self,
                           const char    *message)
{
  AdwToast *toast;

  g_return_if_fail (DOSSIER_IS_WINDOW (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
dossier_window_show_entity (DossierWindow *self,
                            gint64         entity_id)
{
  g_return_if_fail (DOSSIER_IS_WINDOW (self));

  dossier_reader_mark_entity (self->reader, entity_id);
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

void
dossier_window_open_document_at (DossierWindow *self,
                                 gint64         document_id,
                                 guint          offset)
{
  g_return_if_fail (DOSSIER_IS_WINDOW (self));

  if (!dossier_window_open_document (self, document_id))
    return;
  dossier_reader_scroll_to_offset (self->reader, offset);
}

/* ------------------------------------------------------------- private -- */

void
_dossier_window_reload (DossierWindow *self)
{
  if (self->model != NULL)
    dossier_library_model_reload (self->model);
}

void
_dossier_window_start_analysis (DossierWindow *self)
{
  start_analysis (self);
}

DossierFeeds *
_dossier_window_get_feeds (DossierWindow *self)
{
  g_return_val_if_fail (self->store != NULL, NULL);

  if (self->feeds == NULL)
    {
      self->feeds = dossier_feeds_new (self->store);
      dossier_feeds_set_default_interval (self->feeds, g_settings_get_uint (self->settings, "refresh-interval"));
    }
  return self->feeds;
}

gboolean
_dossier_window_is_loading (DossierWindow *self)
{
  return self->model != NULL && dossier_library_model_is_loading (self->model);
}
