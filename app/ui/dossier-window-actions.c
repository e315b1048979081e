/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-window-actions.c: the window's actions and their keyboard shortcuts.
 *
 * Each action does one thing through the window's public or private API;
 * the shortcuts window (resources/gtk/help-overlay.ui) lists every key set
 * here and in the reader. */
#define G_LOG_DOMAIN "dossier-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dossier-address-dialog.h"
#include "dossier-export-dialog.h"
#include "dossier-feeds-window.h"
#include "dossier-window-private.h"

static void
on_import_chooser_response_cb (GtkNativeDialog *chooser,
                               int              response,
                               DossierWindow   *self)
{
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);

          if (path != NULL)
            g_ptr_array_add (paths, path);
        }
      if (paths->len > 0)
        {
          g_ptr_array_add (paths, NULL);
          dossier_window_import_paths (self, (const char * const *) paths->pdata);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  gboolean folder = g_str_equal (action_name, "win.import-folder");
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (folder ? _("Import Folder") : _("Import Files"),
                                         GTK_WINDOW (self),
                                         folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  if (!folder)
    {
      g_autoptr(GtkFileFilter) documents = gtk_file_filter_new ();
      g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

      gtk_file_filter_set_name (documents, _("Text, Markdown and HTML"));
      gtk_file_filter_add_mime_type (documents, "text/plain");
      gtk_file_filter_add_mime_type (documents, "text/markdown");
      gtk_file_filter_add_mime_type (documents, "text/html");
      gtk_file_filter_add_suffix (documents, "md");
      gtk_file_filter_add_suffix (documents, "txt");
      gtk_file_filter_add_suffix (documents, "html");
      gtk_file_filter_add_suffix (documents, "htm");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), documents);
      gtk_file_filter_set_name (all, _("All Files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
add_samples_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  dossier_window_import_samples (DOSSIER_WINDOW (widget));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  GtkWidget *dialog;

  if (self->store == NULL)
    return;
  dialog = dossier_export_dialog_new (GTK_WINDOW (self), self->store,
                                      dossier_reader_get_document_id (self->reader));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  if (dossier_reader_get_document_id (self->reader) == 0)
    return;
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
  dossier_reader_start_find (self->reader);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  double zoom = g_settings_get_double (self->settings, "zoom");

  if (g_str_equal (action_name, "win.zoom-in"))
    zoom = MIN (zoom + 0.1, 3.0);
  else if (g_str_equal (action_name, "win.zoom-out"))
    zoom = MAX (zoom - 0.1, 0.5);
  else
    zoom = 1.0;
  /* steps of a tenth: repeated zooming must come back to 1.0 exactly */
  g_settings_set_double (self->settings, "zoom", round (zoom * 10.0) / 10.0);
}

static void
toggle_side_panel_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
show_library_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* F6 / Shift+F6: the panes in reading order, as in GNOME's file choosers and
 * Text Editor. A pane counts only while it can be seen; in a folded window
 * the leaflet shows the pane that takes the focus. */
static void
focus_pane_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *panes[3];
  int step = g_str_equal (action_name, "win.focus-next-pane") ? 1 : -1;
  int current = -1;

  if (gtk_stack_get_visible_child (self->main_stack) != GTK_WIDGET (self->leaflet))
    return;

  panes[0] = GTK_WIDGET (self->list_view);
  panes[1] = dossier_reader_get_document_id (self->reader) != 0
             ? GTK_WIDGET (dossier_reader_get_text_view (self->reader)) : NULL;
  panes[2] = adw_flap_get_reveal_flap (self->flap) ? GTK_WIDGET (self->side_stack) : NULL;

  for (int i = 0; i < 3 && focus != NULL; i++)
    if (panes[i] != NULL && (focus == panes[i] || gtk_widget_is_ancestor (focus, panes[i])))
      current = i;
  /* the search entry and the header bars belong to the pane below them */
  if (current < 0 && focus != NULL)
    current = gtk_widget_is_ancestor (focus, self->sidebar) ? 0 : 1;

  for (int n = 1; n <= 3; n++)
    {
      int i = ((current + step * n) % 3 + 3) % 3;

      if (panes[i] == NULL)
        continue;
      if (adw_leaflet_get_folded (self->leaflet))
        adw_leaflet_set_visible_child (self->leaflet, i == 0 ? self->sidebar : self->content);
      if (i == 2)
        gtk_widget_child_focus (panes[i], GTK_DIR_TAB_FORWARD);
      else
        gtk_widget_grab_focus (panes[i]);
      return;
    }
}

static void
clear_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  dossier_window_clear_filter (DOSSIER_WINDOW (widget));
}

static void
show_notes_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->side_stack,
                                         g_str_equal (action_name, "win.show-entities") ? "entities" : "notes");
  adw_flap_set_reveal_flap (self->flap, TRUE);
}

static void
feeds_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);

  if (self->store == NULL)
    return;
  gtk_window_present (GTK_WINDOW (dossier_feeds_window_new (GTK_WINDOW (self), _dossier_window_get_feeds (self))));
}

static void
on_address_document_added_cb (DossierAddressDialog *dialog,
                              gint64                document_id,
                              DossierWindow        *self)
{
  /* open it once its row is in the list */
  self->open_after_reload = document_id;
  _dossier_window_reload (self);
  if (g_settings_get_boolean (self->settings, "analyze-on-import"))
    _dossier_window_start_analysis (self);
}

static void
add_address_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  GtkWidget *dialog;

  if (self->store == NULL)
    return;
  dialog = dossier_address_dialog_new (GTK_WINDOW (self), _dossier_window_get_feeds (self));
  g_signal_connect_object (dialog, "document-added", G_CALLBACK (on_address_document_added_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DossierWindow *self = DOSSIER_WINDOW (widget);
  g_autoptr(DossierAnnotation) annotation = g_steal_pointer (&self->removed_annotation);
  g_autoptr(GError) error = NULL;

  if (annotation == NULL)
    return;
  if (!dossier_reader_restore_highlight (self->reader, annotation, &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Restore the Highlight"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  _dossier_window_update_actions (self);
}

void
_dossier_window_update_actions (DossierWindow *self)
{
  gboolean has_store = self->store != NULL;
  gboolean has_document = dossier_reader_get_document_id (self->reader) != 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-files", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-folder", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-samples", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.feeds", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-address", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find", has_document);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-delete", self->removed_annotation != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-filter",
                                 self->filter_entity_id != 0 || self->filter_feed_id != 0);
}

void
_dossier_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import-files", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.add-samples", NULL, add_samples_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-side-panel", NULL, toggle_side_panel_action);
  gtk_widget_class_install_action (widget_class, "win.show-library", NULL, show_library_action);
  gtk_widget_class_install_action (widget_class, "win.focus-next-pane", NULL, focus_pane_action);
  gtk_widget_class_install_action (widget_class, "win.focus-previous-pane", NULL, focus_pane_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filter", NULL, clear_filter_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete", NULL, undo_delete_action);
  gtk_widget_class_install_action (widget_class, "win.feeds", NULL, feeds_action);
  gtk_widget_class_install_action (widget_class, "win.add-address", NULL, add_address_action);
  gtk_widget_class_install_action (widget_class, "win.show-notes", NULL, show_notes_action);
  gtk_widget_class_install_action (widget_class, "win.show-entities", NULL, show_notes_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import-files", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.import-folder", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.add-address", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-side-panel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, 0, "win.focus-next-pane", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, GDK_SHIFT_MASK, "win.focus-previous-pane", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.show-library", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.show-notes", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.show-entities", NULL);
}
