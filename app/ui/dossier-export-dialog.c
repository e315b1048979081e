/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-export-dialog.c: choose a format and a scope, then save the notes.
 *
 * Owns only the choices and the save dialog; the text of an export is the
 * exporter's (app/core/dossier-export.h), written in a worker thread with
 * its own connection to the library. */
#define G_LOG_DOMAIN "dossier-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-export.h"
#include "dossier-export-dialog.h"
#include "dossier-window.h"

struct _DossierExportDialog
{
  AdwWindow     parent_instance;

  /* owned by the widget tree */
  AdwComboRow  *format_row;
  AdwComboRow  *scope_row;
  GtkButton    *export_button;

  /* owned */
  DossierStore *store;
  GtkWindow    *parent;     /* weak */
  gint64        document_id;
};

typedef struct
{
  char   *library_path;
  guint   format;
  gint64  document_id;
  GFile  *file;
} ExportData;

G_DEFINE_FINAL_TYPE (DossierExportDialog, dossier_export_dialog, ADW_TYPE_WINDOW)

static const char *extensions[] = { "md", "jsonld", "csv" };

static void
export_data_free (ExportData *data)
{
  g_free (data->library_path);
  g_clear_object (&data->file);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!(store = dossier_store_open (data->library_path, &error)) ||
      !dossier_export_dialog_write (store, data->format, data->document_id, data->file, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_export_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;
  ExportData *data = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (parent, _("Could Not Export the Notes"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  {
    g_autofree char *name = g_file_get_basename (data->file);
    g_autofree char *message = g_strdup_printf (_("Notes exported to “%s”"), name);

    if (DOSSIER_IS_WINDOW (parent))
      dossier_window_show_toast (DOSSIER_WINDOW (parent), message);
  }
}

static void
on_save_response_cb (GtkNativeDialog     *chooser,
                     int                  response,
                     DossierExportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->parent != NULL)
    {
      g_autoptr(GTask) task = NULL;
      ExportData *data = g_new0 (ExportData, 1);
      gboolean library = adw_combo_row_get_selected (self->scope_row) == 1 || self->document_id == 0;

      data->library_path = g_strdup (dossier_store_get_path (self->store));
      data->format = adw_combo_row_get_selected (self->format_row);
      data->document_id = library ? 0 : self->document_id;
      data->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      task = g_task_new (NULL, NULL, on_export_done_cb, g_object_ref (self->parent));
      g_task_set_source_tag (task, on_save_response_cb);
      g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
      g_task_run_in_thread (task, export_thread);
      gtk_window_destroy (GTK_WINDOW (self));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static char *
suggested_name (DossierExportDialog *self,
                guint                format)
{
  g_autofree char *base = NULL;

  if (adw_combo_row_get_selected (self->scope_row) == 0 && self->document_id != 0)
    {
      g_autoptr(DossierDocument) doc = dossier_store_get_document (self->store, self->document_id, NULL);

      if (doc != NULL && doc->title != NULL)
        base = g_strndup (doc->title, 60);
    }
  if (base == NULL)
    base = g_strdup (_("Dossier Notes"));
  /* a title may hold characters a file name cannot */
  g_strdelimit (base, "/\\:*?\"<>|\n\r\t", '-');
  return g_strdup_printf ("%s.%s", g_strstrip (base), extensions[MIN (format, 2)]);
}

static void
on_export_clicked_cb (GtkButton           *button,
                      DossierExportDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = suggested_name (self, adw_combo_row_get_selected (self->format_row));

  chooser = gtk_file_chooser_native_new (_("Export Notes"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_cancel_clicked_cb (GtkButton           *button,
                      DossierExportDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
dossier_export_dialog_dispose (GObject *object)
{
  DossierExportDialog *self = DOSSIER_EXPORT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_weak_pointer (&self->parent);

  G_OBJECT_CLASS (dossier_export_dialog_parent_class)->dispose (object);
}

static void
dossier_export_dialog_class_init (DossierExportDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dossier_export_dialog_dispose;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dossier_export_dialog_init (DossierExportDialog *self)
{
  GtkWidget *box, *header, *cancel, *page, *group;
  const char *formats[] = { _("Markdown"), _("W3C Web Annotation (JSON-LD)"), _("CSV"), NULL };
  const char *scopes[] = { _("This Document"), _("Whole Library"), NULL };
  g_autoptr(GtkStringList) format_list = gtk_string_list_new (formats);
  g_autoptr(GtkStringList) scope_list = gtk_string_list_new (scopes);

  gtk_window_set_title (GTK_WINDOW (self), _("Export Notes"));
  gtk_window_set_default_size (GTK_WINDOW (self), 460, -1);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_resizable (GTK_WINDOW (self), FALSE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect (cancel, "clicked", G_CALLBACK (on_cancel_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->export_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Export…")));
  gtk_widget_add_css_class (GTK_WIDGET (self->export_button), "suggested-action");
  g_signal_connect (self->export_button, "clicked", G_CALLBACK (on_export_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->export_button));
  gtk_box_append (GTK_BOX (box), header);

  page = adw_preferences_page_new ();
  group = adw_preferences_group_new ();
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Highlights with their colours and notes, and where each one is in its document"));
  self->format_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->format_row), _("_Format"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->format_row), TRUE);
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (format_list));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->format_row));
  self->scope_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->scope_row), _("_Notes Of"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->scope_row), TRUE);
  adw_combo_row_set_model (self->scope_row, G_LIST_MODEL (scope_list));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->scope_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_box_append (GTK_BOX (box), page);

  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->export_button));
}

GtkWidget *
dossier_export_dialog_new (GtkWindow    *parent,
                           DossierStore *store,
                           gint64        document_id)
{
  DossierExportDialog *self;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  self = g_object_new (DOSSIER_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->document_id = document_id;
  g_set_weak_pointer (&self->parent, parent);
  if (document_id == 0)
    {
      adw_combo_row_set_selected (self->scope_row, 1);
      gtk_widget_set_sensitive (GTK_WIDGET (self->scope_row), FALSE);
    }
  return GTK_WIDGET (self);
}

gboolean
dossier_export_dialog_write (DossierStore  *store,
                             guint          format,
                             gint64         document_id,
                             GFile         *file,
                             GError       **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  text = dossier_export_to_string (store, format, document_id, &local_error);
  if (text == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* replace_contents writes a temporary file and renames it: never half a file */
  return g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}
