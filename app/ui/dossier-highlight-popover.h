/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-highlight-popover.h: six colours and a note for one highlight. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-types.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_HIGHLIGHT_POPOVER (dossier_highlight_popover_get_type ())
G_DECLARE_FINAL_TYPE (DossierHighlightPopover, dossier_highlight_popover, DOSSIER, HIGHLIGHT_POPOVER, GtkPopover)

GtkWidget  *dossier_highlight_popover_new      (void);
/* existing: the popover edits a stored highlight (shows Delete); otherwise it
 * offers to create one from the selection. */
void        dossier_highlight_popover_setup    (DossierHighlightPopover *self,
                                                gboolean                 existing,
                                                DossierColor             color,
                                                const char              *note);
const char *dossier_highlight_popover_get_note (DossierHighlightPopover *self);
void        dossier_highlight_popover_focus_note (DossierHighlightPopover *self);

G_END_DECLS
