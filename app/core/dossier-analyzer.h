/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-analyzer.h: runs the entity pipeline (app/ner/dossier-analysis.h) on
 * stored documents and writes their mentions through the store. GLib only. */
#pragma once

#include <gio/gio.h>

#include "dossier-analysis.h"
#include "dossier-store.h"

G_BEGIN_DECLS

/* Finds the entities of one stored document and replaces its automatic
 * mentions; user corrections survive. `recognizer` may be NULL: dates only. */
gboolean dossier_analyzer_analyze_document (DossierStore       *store,
                                            DossierRecognizer  *recognizer,
                                            gint64              document_id,
                                            GError            **error);

/* The number the store keeps for documents analysed with `recognizer` (NULL:
 * dates only) and the current date rules; never 0, which means "never". */
guint    dossier_analyzer_get_version (DossierRecognizer *recognizer);

/* Called on the caller's main context: `done` of `total` documents. */
typedef void (*DossierAnalyzerProgress) (guint    done,
                                         guint    total,
                                         gpointer user_data);

/* Every document not yet analysed by this recognizer version, in a worker
 * thread with its own connection to the library at `library_path`. */
void     dossier_analyzer_analyze_library_async  (const char              *library_path,
                                                  DossierRecognizer       *recognizer,
                                                  GCancellable            *cancellable,
                                                  DossierAnalyzerProgress  progress,
                                                  gpointer                 progress_data,
                                                  GAsyncReadyCallback      callback,
                                                  gpointer                 user_data);
/* The number of documents analysed. */
gboolean dossier_analyzer_analyze_library_finish (GAsyncResult            *result,
                                                  guint                   *out_n_analyzed,
                                                  GError                 **error);

G_END_DECLS
