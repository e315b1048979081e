/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-import.h: files into the library (plain text, Markdown, HTML). GLib only.
 * Each file is stored whole or not at all; a refused file leaves the library as it was. */
#pragma once

#include <gio/gio.h>

#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_IMPORT_ERROR (dossier_import_error_quark ())

/* Why a file was refused. The message of the GError is the one-line reason. */
typedef enum {
  DOSSIER_IMPORT_ERROR_MISSING,
  DOSSIER_IMPORT_ERROR_UNREADABLE,
  DOSSIER_IMPORT_ERROR_NOTHING_IMPORTABLE,  /* a folder without importable files */
  DOSSIER_IMPORT_ERROR_BINARY,
  DOSSIER_IMPORT_ERROR_EMPTY,
  DOSSIER_IMPORT_ERROR_TOO_LARGE,
  DOSSIER_IMPORT_ERROR_NO_CONTENT,          /* HTML without readable text */
  DOSSIER_IMPORT_ERROR_FAILED,              /* the library could not store it */
} DossierImportError;

GQuark dossier_import_error_quark (void);

#define DOSSIER_IMPORT_DEFAULT_MAX_SIZE (50 * 1024 * 1024)

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
  char                *reason;    /* refused or duplicate: one line naming the file; else NULL */
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

/* Reads one file's bytes into a document without storing it: format by the
 * extension of `name` (.md/.markdown, .html/.htm/.xhtml, else plain text),
 * encoding detected, text normalised, title/author/source/url/published/uid
 * filled. Repairs are appended to `warnings` (char *, may be NULL). Used by
 * the importer, `dossier-cli ner` and the fuzzer. */
DossierDocument *dossier_import_parse (const char                 *name,
                                       const char                 *data,
                                       gsize                       length,
                                       const DossierImportOptions *options,
                                       GPtrArray                  *warnings,
                                       GError                    **error);

/* TRUE for the extensions a folder import picks up. */
gboolean dossier_import_is_importable_name (const char *name);

G_END_DECLS
