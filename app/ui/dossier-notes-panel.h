/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-notes-panel.h: the open document's highlights, in text order. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_NOTES_PANEL (dossier_notes_panel_get_type ())
G_DECLARE_FINAL_TYPE (DossierNotesPanel, dossier_notes_panel, DOSSIER, NOTES_PANEL, GtkWidget)

GtkWidget *dossier_notes_panel_new             (void);
/* DossierAnnotation* in text order (copied); NULL = no document open. */
void       dossier_notes_panel_set_annotations (DossierNotesPanel *self,
                                                GPtrArray         *annotations);
guint      dossier_notes_panel_get_n_rows      (DossierNotesPanel *self);
/* Activates row n as a click would (emits "annotation-activated"). */
void       dossier_notes_panel_activate_row    (DossierNotesPanel *self,
                                                guint              n);

G_END_DECLS
