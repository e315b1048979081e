/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-notes-panel.c: the open document's highlights, in text order.
 *
 * Shows the quote, colour and note of each highlight and reports a click as
 * "annotation-activated"; it never writes to the store (the reader does). */
#define G_LOG_DOMAIN "dossier-notes-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "dossier-notes-panel.h"

struct _DossierNotesPanel
{
  GtkWidget       parent_instance;

  /* owned by the widget tree */
  GtkStack       *stack;
  AdwStatusPage  *empty_page;
  GtkListBox     *list;
};

enum {
  ANNOTATION_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DossierNotesPanel, dossier_notes_panel, GTK_TYPE_WIDGET)

static GtkWidget *
create_row (const DossierAnnotation *annotation)
{
  GtkWidget *row, *box, *swatch, *text_box, *quote, *note;
  g_autofree char *css = g_strdup_printf ("highlight-%s", dossier_color_to_string (annotation->color));
  g_autofree char *quoted = NULL;

  row = gtk_list_box_row_new ();
  g_object_set_data_full (G_OBJECT (row), "dossier-annotation-id",
                          g_memdup2 (&annotation->id, sizeof (gint64)), g_free);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 10);

  swatch = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (swatch, "note-swatch");
  gtk_widget_add_css_class (swatch, css);
  gtk_widget_set_size_request (swatch, 4, -1);
  gtk_box_append (GTK_BOX (box), swatch);

  text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_hexpand (text_box, TRUE);
  quoted = g_strdup_printf ("“%s”", annotation->quote != NULL ? annotation->quote : "");
  g_strdelimit (quoted, "\n\r\t", ' ');
  quote = gtk_label_new (quoted);
  gtk_label_set_wrap (GTK_LABEL (quote), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (quote), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (quote), 4);
  gtk_label_set_ellipsize (GTK_LABEL (quote), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (quote), 0.0);
  gtk_widget_add_css_class (quote, "note-quote");
  gtk_box_append (GTK_BOX (text_box), quote);

  if (annotation->note != NULL && annotation->note[0] != '\0')
    {
      note = gtk_label_new (annotation->note);
      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (note), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (note), 0.0);
      gtk_widget_add_css_class (note, "note-text");
      gtk_box_append (GTK_BOX (text_box), note);
    }
  if (annotation->orphaned)
    {
      GtkWidget *warning = gtk_label_new (_("Its text is no longer in the document"));

      gtk_label_set_xalign (GTK_LABEL (warning), 0.0);
      gtk_widget_add_css_class (warning, "warning");
      gtk_widget_add_css_class (warning, "caption");
      gtk_box_append (GTK_BOX (text_box), warning);
    }

  gtk_box_append (GTK_BOX (box), text_box);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
on_row_activated_cb (GtkListBox        *list,
                     GtkListBoxRow     *row,
                     DossierNotesPanel *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "dossier-annotation-id");

  if (id != NULL)
    g_signal_emit (self, signals[ANNOTATION_ACTIVATED], 0, *id);
}

static void
dossier_notes_panel_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dossier_notes_panel_parent_class)->dispose (object);
}

static void
dossier_notes_panel_class_init (DossierNotesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_notes_panel_dispose;

  signals[ANNOTATION_ACTIVATED] =
    g_signal_new ("annotation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "notespanel");
}

static void
dossier_notes_panel_init (DossierNotesPanel *self)
{
  GtkWidget *scroller;

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));

  self->empty_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->empty_page, "document-edit-symbolic");
  adw_status_page_set_title (self->empty_page, _("No Highlights"));
  adw_status_page_set_description (self->empty_page,
                                   _("Select text in the document, then press 1–6 to highlight it or N to add a note"));
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_page), "compact");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty_page), "empty");

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Highlights"), -1);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated_cb), self);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_stack_add_named (self->stack, scroller, "list");

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

GtkWidget *
dossier_notes_panel_new (void)
{
  return g_object_new (DOSSIER_TYPE_NOTES_PANEL, NULL);
}

void
dossier_notes_panel_set_annotations (DossierNotesPanel *self,
                                     GPtrArray         *annotations)
{
  GtkWidget *child;

  g_return_if_fail (DOSSIER_IS_NOTES_PANEL (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    gtk_list_box_append (self->list, create_row (g_ptr_array_index (annotations, i)));

  if (annotations == NULL)
    adw_status_page_set_description (self->empty_page, _("Open a document to see its highlights"));
  else
    adw_status_page_set_description (self->empty_page,
                                     _("Select text in the document, then press 1–6 to highlight it or N to add a note"));
  gtk_stack_set_visible_child_name (self->stack,
                                    annotations != NULL && annotations->len > 0 ? "list" : "empty");
}

guint
dossier_notes_panel_get_n_rows (DossierNotesPanel *self)
{
  guint n = 0;

  g_return_val_if_fail (DOSSIER_IS_NOTES_PANEL (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

void
dossier_notes_panel_activate_row (DossierNotesPanel *self,
                                  guint              n)
{
  GtkListBoxRow *row;

  g_return_if_fail (DOSSIER_IS_NOTES_PANEL (self));

  if ((row = gtk_list_box_get_row_at_index (self->list, n)))
    on_row_activated_cb (self->list, row, self);
}
