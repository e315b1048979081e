/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-entities-panel.h: the side panel's "Entities" page.
 *
 * Shows the entities of one document grouped by type (People, Organizations,
 * Places, Dates, Other) with their mention counts, a search field, hidden
 * entities behind a toggle, the user's corrections (rename, merge, change type,
 * hide) and "Find Entities in All Documents". The entity page
 * (DossierEntityPage) opens inside the panel. It knows nothing of the window:
 * the window listens to its signals.
 *
 * Signals:
 *   entity-activated (gint64 entity_id)   a row was clicked: highlight its
 *                                          mentions in the reader, jump to the first
 *   show-documents   (gint64 entity_id)   filter the library to documents mentioning it
 *   open-document    (gint64 document_id, guint offset)
 *                                          open a document in the reader at a character offset
 *   library-analyzed (guint n_analyzed)   "Find Entities in All Documents" finished; the
 *                                          analysis wrote through its own connection, so
 *                                          views of the library may want to refresh
 */
#pragma once

#include <gtk/gtk.h>

#include "dossier-analysis.h"
#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_ENTITIES_PANEL (dossier_entities_panel_get_type ())
G_DECLARE_FINAL_TYPE (DossierEntitiesPanel, dossier_entities_panel, DOSSIER, ENTITIES_PANEL, GtkWidget)

GtkWidget    *dossier_entities_panel_new                 (DossierStore         *store);
DossierStore *dossier_entities_panel_get_store           (DossierEntitiesPanel *self);

/* 0 = no document: the panel says so. */
void          dossier_entities_panel_set_document        (DossierEntitiesPanel *self,
                                                          gint64                document_id);
gint64        dossier_entities_panel_get_document        (DossierEntitiesPanel *self);

/* NULL when the recognizer is loaded; otherwise the one-line reason it could
 * not load, shown as "Entities are off: <reason>". Property "disabled-reason". */
void          dossier_entities_panel_set_disabled_reason (DossierEntitiesPanel *self,
                                                          const char           *reason);
const char   *dossier_entities_panel_get_disabled_reason (DossierEntitiesPanel *self);

/* The recognizer that "Find Entities in All Documents" runs (a reference is
 * kept); NULL = dates only. */
void          dossier_entities_panel_set_recognizer      (DossierEntitiesPanel *self,
                                                          DossierRecognizer    *recognizer);

/* Opens the entity page of `entity_id` inside the panel; 0 goes back to the list. */
void          dossier_entities_panel_show_entity         (DossierEntitiesPanel *self,
                                                          gint64                entity_id);

/* Reads the entities again (and the open entity page), keeping the search
 * and the selection: for changes this store did not make itself, such as an
 * analysis that wrote through its own connection. */
void          dossier_entities_panel_reload              (DossierEntitiesPanel *self);

/* Starts "Find Entities in All Documents" (action "entities.analyze-library";
 * "entities.cancel-analysis" stops it). */
void          dossier_entities_panel_analyze_library     (DossierEntitiesPanel *self);

G_END_DECLS
