/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-window.h: the main window (library, reader, side panel). */
#pragma once

#include <adwaita.h>

#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_WINDOW (dossier_window_get_type ())
G_DECLARE_FINAL_TYPE (DossierWindow, dossier_window, DOSSIER, WINDOW, AdwApplicationWindow)

/* Opens the library at library_path (NULL: the default library). A library
 * that cannot be opened shows its one-line reason and is never written. */
DossierWindow *dossier_window_new              (GtkApplication *application,
                                                const char     *library_path);
/* NULL when the library could not be opened. */
DossierStore  *dossier_window_get_store        (DossierWindow  *self);
const GError  *dossier_window_get_open_error   (DossierWindow  *self);
gboolean       dossier_window_open_document    (DossierWindow  *self,
                                                gint64          document_id);
gint64         dossier_window_get_document_id  (DossierWindow  *self);
/* Imports in a worker thread; toasts a summary and lists refusals. */
void           dossier_window_import_paths     (DossierWindow      *self,
                                                const char * const *paths);
void           dossier_window_import_samples   (DossierWindow  *self);
gboolean       dossier_window_is_busy          (DossierWindow  *self);
void           dossier_window_filter_by_entity (DossierWindow  *self,
                                                gint64          entity_id);
void           dossier_window_filter_by_feed   (DossierWindow  *self,
                                                gint64          feed_id);
void           dossier_window_clear_filter     (DossierWindow  *self);
void           dossier_window_show_toast       (DossierWindow  *self,
                                                const char     *message);
/* Called by the reader's side: mark an entity's mentions and scroll to the first. */
void           dossier_window_show_entity      (DossierWindow  *self,
                                                gint64          entity_id);
void           dossier_window_open_document_at (DossierWindow  *self,
                                                gint64          document_id,
                                                guint           offset);

G_END_DECLS
