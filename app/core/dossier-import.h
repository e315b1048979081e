/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-import.h: files into the library (plain text, Markdown, HTML). GLib only.
 * Each file is stored whole or not at all; a refused file leaves the library as it was. */
#pragma once

#include <gio/gio.h>

#include "dossier-store.h"

G_BEGIN_DECLS

typedef enum {
  DOSSIER_IMPORT_STORED,
  DOSSIER_IMPORT_DUPLICATE,   /* same content already in the library: id is that document */
  DOSSIER_IMPORT_REFUSED,     /* reason says why, in one line naming the file */
} DossierImportStatus;

typedef struct {
  char                *path;
  DossierImportStatus  status;
  gint64               id;        /* stored or duplicate document, else 0 */
  char                *title;
  char                *reason;    /* refused: one line; else NULL */
  GPtrArray           *warnings;  /* char *: repaired encodings, replaced bytes… */
} DossierImportResult;

void dossier_import_result_free (DossierImportResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierImportResult, dossier_import_result_free)

typedef struct {
  guint64 max_size;   /* bytes; 0 = the default, 50 MB */
} DossierImportOptions;

/* Files and folders (recursively, importable files only). One result per file
 * met, and one refused result for a path that is missing, unreadable or a
 * folder with nothing importable. Never fails as a whole. */
GPtrArray *dossier_import_paths (DossierStore               *store,
                                 const char *const          *paths,
                                 const DossierImportOptions *options,
                                 GCancellable               *cancellable);

/* One file given as bytes (samples from the GResource, dropped data). `name`
 * names it in messages and picks the format by its extension. */
DossierImportResult *dossier_import_bytes (DossierStore               *store,
                                           const char                 *name,
                                           GBytes                     *bytes,
                                           const DossierImportOptions *options);

G_END_DECLS
