/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-entity-page.h: one entity across the whole library.
 *
 * Name and type, every mention with its sentence grouped by document, the
 * entities it most often appears with, the user's highlights and notes that
 * overlap its mentions, and the corrections (rename, merge, change type, hide;
 * per mention: reject, split off). Refreshes on the store's "changed" signal.
 * Knows nothing of the window.
 *
 * Signals:
 *   show-documents (gint64 entity_id)                  filter the library to it
 *   open-document  (gint64 document_id, guint offset) open in the reader at an offset
 *   back           ()                                   the back button was clicked
 *                                                       (only shown with "show-back-button")
 */
#pragma once

#include <gtk/gtk.h>

#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_ENTITY_PAGE (dossier_entity_page_get_type ())
G_DECLARE_FINAL_TYPE (DossierEntityPage, dossier_entity_page, DOSSIER, ENTITY_PAGE, GtkWidget)

GtkWidget    *dossier_entity_page_new         (DossierStore      *store);
DossierStore *dossier_entity_page_get_store   (DossierEntityPage *self);

/* Property "entity-id"; 0 shows nothing. When the entity is merged into
 * another through this page, the page follows it to the new entity. */
void          dossier_entity_page_set_entity  (DossierEntityPage *self,
                                               gint64             entity_id);
gint64        dossier_entity_page_get_entity  (DossierEntityPage *self);

/* Reads the entity again (for changes made through another connection). */
void          dossier_entity_page_reload      (DossierEntityPage *self);

/* Property "show-back-button", FALSE by default. */
void          dossier_entity_page_set_show_back_button (DossierEntityPage *self,
                                                        gboolean           show);

G_END_DECLS
