/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-address-dialog.c: "Add from Address".
 *
 * Owns: one address entry, the wait while the page is fetched, and the
 * one-line reason when it cannot be added. Must not: fetch or extract itself
 * (DossierFeeds does), or close on failure (the user may fix the address). */
#define G_LOG_DOMAIN "dossier-address-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-address-dialog.h"

struct _DossierAddressDialog
{
  AdwWindow     parent_instance;

  /* template widgets */
  AdwEntryRow  *address_row;
  GtkSpinner   *spinner;
  GtkLabel     *status_label;

  /* owned */
  DossierFeeds *feeds;
  GCancellable *fetch;
};

G_DEFINE_FINAL_TYPE (DossierAddressDialog, dossier_address_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_FEEDS,
  N_PROPS
};

enum {
  DOCUMENT_ADDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* -------------------------------------------------------------- helpers -- */

static char *
get_address (DossierAddressDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_row))));
}

static void
update_actions (DossierAddressDialog *self)
{
  g_autofree char *address = get_address (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "address.add",
                                 self->fetch == NULL && *address != '\0');
}

static void
set_status (DossierAddressDialog *self,
            const char           *text,
            gboolean              is_error)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
    }
}

/* ------------------------------------------------------------ callbacks -- */

static void
on_fetch_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DossierAddressDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean cancelled;
  gint64 document_id;

  document_id = dossier_feeds_fetch_page_finish (DOSSIER_FEEDS (source), result, &error);
  /* Closed meanwhile (dispose dropped the cancellable): the widgets are gone. */
  cancelled = self->fetch == NULL || g_cancellable_is_cancelled (self->fetch);
  g_clear_object (&self->fetch);
  if (cancelled)
    return;

  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_row), TRUE);
  update_actions (self);

  if (document_id <= 0)
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("the page could not be stored"));
      set_status (self, error->message, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
      return;
    }

  set_status (self, NULL, FALSE);
  g_signal_emit (self, signals[DOCUMENT_ADDED], 0, document_id);
  /* Let the entry see its focus go before the window does (GTK warns otherwise). */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_address_changed_cb (GtkEditable          *editable,
                       DossierAddressDialog *self)
{
  /* The old reason is about the old address. */
  if (self->fetch == NULL)
    set_status (self, NULL, FALSE);
  update_actions (self);
}

static void
on_address_activated_cb (AdwEntryRow          *row,
                         DossierAddressDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "address.add", NULL);
}

/* -------------------------------------------------------------- actions -- */

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  DossierAddressDialog *self = DOSSIER_ADDRESS_DIALOG (widget);
  g_autofree char *address = get_address (self);

  if (self->fetch != NULL || *address == '\0')
    return;

  self->fetch = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);
  set_status (self, _("Fetching the page…"), FALSE);
  update_actions (self);

  dossier_feeds_fetch_page_async (self->feeds, address, self->fetch,
                                  on_fetch_done_cb, g_object_ref (self));
}

/* ------------------------------------------------------------ overrides -- */

static gboolean
dossier_address_dialog_close_request (GtkWindow *window)
{
  DossierAddressDialog *self = DOSSIER_ADDRESS_DIALOG (window);

  /* Cancel means cancel: nothing is stored after the dialog is gone. */
  if (self->fetch != NULL)
    g_cancellable_cancel (self->fetch);

  return GTK_WINDOW_CLASS (dossier_address_dialog_parent_class)->close_request (window);
}

static void
dossier_address_dialog_dispose (GObject *object)
{
  DossierAddressDialog *self = (DossierAddressDialog *) object;

  if (self->fetch != NULL)
    g_cancellable_cancel (self->fetch);

  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_ADDRESS_DIALOG);

  g_clear_object (&self->fetch);
  g_clear_object (&self->feeds);

  G_OBJECT_CLASS (dossier_address_dialog_parent_class)->dispose (object);
}

static void
dossier_address_dialog_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  DossierAddressDialog *self = DOSSIER_ADDRESS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_FEEDS:
      g_value_set_object (value, self->feeds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_address_dialog_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  DossierAddressDialog *self = DOSSIER_ADDRESS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_FEEDS:
      self->feeds = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_address_dialog_class_init (DossierAddressDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dossier_address_dialog_dispose;
  object_class->get_property = dossier_address_dialog_get_property;
  object_class->set_property = dossier_address_dialog_set_property;
  window_class->close_request = dossier_address_dialog_close_request;

  properties[PROP_FEEDS] =
    g_param_spec_object ("feeds", NULL, NULL,
                         DOSSIER_TYPE_FEEDS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DOCUMENT_ADDED] =
    g_signal_new ("document-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dossier/Dossier/ui/dossier-address-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierAddressDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, DossierAddressDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, DossierAddressDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_address_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_address_activated_cb);

  gtk_widget_class_install_action (widget_class, "address.add", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dossier_address_dialog_init (DossierAddressDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

/* ----------------------------------------------------------- public API -- */

GtkWidget *
dossier_address_dialog_new (GtkWindow    *parent,
                            DossierFeeds *feeds)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DOSSIER_IS_FEEDS (feeds), NULL);

  return g_object_new (DOSSIER_TYPE_ADDRESS_DIALOG,
                       "feeds", feeds,
                       "transient-for", parent,
                       NULL);
}

void
dossier_address_dialog_set_address (DossierAddressDialog *self,
                                    const char           *address)
{
  g_return_if_fail (DOSSIER_IS_ADDRESS_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->address_row), address != NULL ? address : "");
  update_actions (self);
}
