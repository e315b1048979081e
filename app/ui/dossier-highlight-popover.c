/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-highlight-popover.c: six colours and a note for one highlight.
 *
 * Only reports what the user chose ("color-chosen", "note-changed",
 * "delete-requested"); the reader owns the highlight and commits it. */
#define G_LOG_DOMAIN "dossier-highlight-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-highlight-popover.h"

struct _DossierHighlightPopover
{
  GtkPopover  parent_instance;

  /* template widgets */
  GtkBox     *colors_box;
  GtkEntry   *note_entry;
  GtkButton  *delete_button;

  /* owned */
  char       *initial_note;
  guint       existing : 1;
  guint       focus_note_on_map : 1;
};

enum {
  COLOR_CHOSEN,
  NOTE_CHANGED,
  DELETE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DossierHighlightPopover, dossier_highlight_popover, GTK_TYPE_POPOVER)

static const char *
color_label (DossierColor color)
{
  switch (color)
    {
    case DOSSIER_COLOR_YELLOW: return _("Yellow");
    case DOSSIER_COLOR_GREEN: return _("Green");
    case DOSSIER_COLOR_BLUE: return _("Blue");
    case DOSSIER_COLOR_PINK: return _("Pink");
    case DOSSIER_COLOR_PURPLE: return _("Purple");
    case DOSSIER_COLOR_ORANGE: return _("Orange");
    case DOSSIER_N_COLORS:
    default:
      return "";
    }
}

/* Reports a changed note once, when the user is done with it. */
static void
emit_note_if_changed (DossierHighlightPopover *self)
{
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->note_entry));

  if (g_strcmp0 (note, self->initial_note) == 0)
    return;
  g_free (self->initial_note);
  self->initial_note = g_strdup (note);
  g_signal_emit (self, signals[NOTE_CHANGED], 0, note);
}

static void
on_color_clicked_cb (GtkButton               *button,
                     DossierHighlightPopover *self)
{
  guint color = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "dossier-color"));

  g_signal_emit (self, signals[COLOR_CHOSEN], 0, color);
  /* the colour may have created the highlight: a note typed meanwhile belongs to it */
  emit_note_if_changed (self);
  self->existing = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->delete_button), TRUE);
}

static void
on_note_activate_cb (GtkEntry                *entry,
                     DossierHighlightPopover *self)
{
  emit_note_if_changed (self);
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
on_delete_clicked_cb (GtkButton               *button,
                      DossierHighlightPopover *self)
{
  /* a deleted highlight has no note to save */
  g_free (self->initial_note);
  self->initial_note = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_entry)));
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[DELETE_REQUESTED], 0);
}

static void
dossier_highlight_popover_closed (GtkPopover *popover)
{
  emit_note_if_changed (DOSSIER_HIGHLIGHT_POPOVER (popover));

  if (GTK_POPOVER_CLASS (dossier_highlight_popover_parent_class)->closed)
    GTK_POPOVER_CLASS (dossier_highlight_popover_parent_class)->closed (popover);
}

static void
dossier_highlight_popover_map (GtkWidget *widget)
{
  DossierHighlightPopover *self = DOSSIER_HIGHLIGHT_POPOVER (widget);

  GTK_WIDGET_CLASS (dossier_highlight_popover_parent_class)->map (widget);

  /* focus can only move into the popover once it is on screen */
  if (self->focus_note_on_map)
    {
      self->focus_note_on_map = FALSE;
      gtk_widget_grab_focus (GTK_WIDGET (self->note_entry));
    }
}

static void
dossier_highlight_popover_finalize (GObject *object)
{
  DossierHighlightPopover *self = DOSSIER_HIGHLIGHT_POPOVER (object);

  g_free (self->initial_note);

  G_OBJECT_CLASS (dossier_highlight_popover_parent_class)->finalize (object);
}

static void
dossier_highlight_popover_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DOSSIER_TYPE_HIGHLIGHT_POPOVER);

  G_OBJECT_CLASS (dossier_highlight_popover_parent_class)->dispose (object);
}

static void
dossier_highlight_popover_class_init (DossierHighlightPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkPopoverClass *popover_class = GTK_POPOVER_CLASS (klass);

  object_class->dispose = dossier_highlight_popover_dispose;
  object_class->finalize = dossier_highlight_popover_finalize;
  popover_class->closed = dossier_highlight_popover_closed;
  widget_class->map = dossier_highlight_popover_map;

  signals[COLOR_CHOSEN] =
    g_signal_new ("color-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[NOTE_CHANGED] =
    g_signal_new ("note-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[DELETE_REQUESTED] =
    g_signal_new ("delete-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/dossier-highlight-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierHighlightPopover, colors_box);
  gtk_widget_class_bind_template_child (widget_class, DossierHighlightPopover, note_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierHighlightPopover, delete_button);
  gtk_widget_class_bind_template_callback (widget_class, on_note_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_clicked_cb);
}

static void
dossier_highlight_popover_init (DossierHighlightPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < DOSSIER_N_COLORS; i++)
    {
      GtkWidget *button = gtk_button_new ();
      g_autofree char *css = g_strdup_printf ("highlight-%s", dossier_color_to_string (i));
      /* Translators: a highlight colour button's tooltip, e.g. "Yellow (1)" */
      g_autofree char *tooltip = g_strdup_printf (_("%s (%u)"), color_label (i), i + 1);

      gtk_widget_add_css_class (button, "color-button");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, css);
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, color_label (i),
                                      -1);
      g_object_set_data (G_OBJECT (button), "dossier-color", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (on_color_clicked_cb), self);
      gtk_box_append (self->colors_box, button);
    }
}

GtkWidget *
dossier_highlight_popover_new (void)
{
  return g_object_new (DOSSIER_TYPE_HIGHLIGHT_POPOVER, NULL);
}

void
dossier_highlight_popover_setup (DossierHighlightPopover *self,
                                 gboolean                 existing,
                                 DossierColor             color,
                                 const char              *note)
{
  g_return_if_fail (DOSSIER_IS_HIGHLIGHT_POPOVER (self));

  self->existing = !!existing;
  self->focus_note_on_map = FALSE;
  g_free (self->initial_note);
  self->initial_note = g_strdup (note != NULL ? note : "");
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), self->initial_note);
  gtk_widget_set_visible (GTK_WIDGET (self->delete_button), existing);

  /* the current colour is shown as pressed */
  {
    guint i = 0;

    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->colors_box));
         child != NULL;
         child = gtk_widget_get_next_sibling (child), i++)
      {
        if (existing && i == color)
          gtk_widget_add_css_class (child, "current");
        else
          gtk_widget_remove_css_class (child, "current");
      }
  }
}

const char *
dossier_highlight_popover_get_note (DossierHighlightPopover *self)
{
  g_return_val_if_fail (DOSSIER_IS_HIGHLIGHT_POPOVER (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->note_entry));
}

void
dossier_highlight_popover_focus_note (DossierHighlightPopover *self)
{
  g_return_if_fail (DOSSIER_IS_HIGHLIGHT_POPOVER (self));

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->note_entry));
  else
    self->focus_note_on_map = TRUE;
}
