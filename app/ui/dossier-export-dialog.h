/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-export-dialog.h: choose a format and a scope, then save the notes. */
#pragma once

#include <adwaita.h>

#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_EXPORT_DIALOG (dossier_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DossierExportDialog, dossier_export_dialog, DOSSIER, EXPORT_DIALOG, AdwWindow)

/* document_id 0: only the whole library can be exported. */
GtkWidget *dossier_export_dialog_new (GtkWindow    *parent,
                                      DossierStore *store,
                                      gint64        document_id);

/* The export itself, without the file chooser (used by the dialog and the tests).
 * format: 0 Markdown, 1 W3C Web Annotation JSON-LD, 2 CSV. */
gboolean   dossier_export_dialog_write (DossierStore  *store,
                                        guint          format,
                                        gint64         document_id,
                                        GFile         *file,
                                        GError       **error);

G_END_DECLS
