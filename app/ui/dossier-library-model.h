/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-library-model.h: the library list as a lazy GListModel. */
#pragma once

#include <gio/gio.h>

#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_LIBRARY_ROW (dossier_library_row_get_type ())
G_DECLARE_FINAL_TYPE (DossierLibraryRow, dossier_library_row, DOSSIER, LIBRARY_ROW, GObject)

gint64      dossier_library_row_get_id       (DossierLibraryRow *self);
const char *dossier_library_row_get_title    (DossierLibraryRow *self);
const char *dossier_library_row_get_subtitle (DossierLibraryRow *self);
const char *dossier_library_row_get_snippet  (DossierLibraryRow *self);
guint       dossier_library_row_get_note_count (DossierLibraryRow *self);

#define DOSSIER_TYPE_LIBRARY_MODEL (dossier_library_model_get_type ())
G_DECLARE_FINAL_TYPE (DossierLibraryModel, dossier_library_model, DOSSIER, LIBRARY_MODEL, GObject)

DossierLibraryModel *dossier_library_model_new           (DossierStore        *store);
DossierStore        *dossier_library_model_get_store     (DossierLibraryModel *self);
void                 dossier_library_model_set_sort      (DossierLibraryModel *self,
                                                          DossierSort          sort);
void                 dossier_library_model_set_search    (DossierLibraryModel *self,
                                                          const char          *search);
const char          *dossier_library_model_get_search    (DossierLibraryModel *self);
void                 dossier_library_model_set_entity    (DossierLibraryModel *self,
                                                          gint64               entity_id);
void                 dossier_library_model_set_feed      (DossierLibraryModel *self,
                                                          gint64               feed_id);
/* Queries the ids again (in a worker thread) and splices them in. */
void                 dossier_library_model_reload        (DossierLibraryModel *self);
/* Drops cached rows so note counts and titles are read again. */
void                 dossier_library_model_refresh_rows  (DossierLibraryModel *self);
gboolean             dossier_library_model_is_loading    (DossierLibraryModel *self);
/* Position of a document, or G_MAXUINT. */
guint                dossier_library_model_find          (DossierLibraryModel *self,
                                                          gint64               document_id);
/* The last query's error, for the "no results" page (a bad search expression). */
const char          *dossier_library_model_get_error     (DossierLibraryModel *self);

G_END_DECLS
