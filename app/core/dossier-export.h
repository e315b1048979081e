/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-export.h: highlights and notes out of the library, as Markdown
 * (Obsidian-friendly), W3C Web Annotation JSON-LD and RFC 4180 CSV. GLib only.
 *
 * Output is deterministic: documents and highlights in a stable order, every
 * time taken from the rows, so the same library always exports the same bytes. */
#pragma once

#include <gio/gio.h>

#include "dossier-store.h"

G_BEGIN_DECLS

typedef enum {
  DOSSIER_EXPORT_MARKDOWN,
  DOSSIER_EXPORT_W3C,
  DOSSIER_EXPORT_CSV,
} DossierExportFormat;

/* "markdown" (also "md"), "w3c" (also "jsonld"), "csv". */
gboolean    dossier_export_format_from_string (const char          *str,
                                               DossierExportFormat *out_format);
const char *dossier_export_format_to_string   (DossierExportFormat  format);
/* ".md", ".jsonld", ".csv": for a file chooser's suggested name. */
const char *dossier_export_format_extension   (DossierExportFormat  format);
const char *dossier_export_format_content_type (DossierExportFormat format);

/* An entity that a highlight overlaps. */
typedef struct {
  char              *name;
  DossierEntityType  type;
} DossierExportEntity;

/* One highlight with the entities it overlaps (DossierExportEntity *, in the
 * order they first appear in the highlight). */
typedef struct {
  DossierAnnotation *annotation;
  GPtrArray         *entities;
} DossierExportNote;

/* One document (text may be NULL) and its notes, by start offset. */
typedef struct {
  DossierDocument *document;
  GPtrArray       *notes;      /* DossierExportNote * */
} DossierExportDocument;

DossierExportNote     *dossier_export_note_new      (DossierAnnotation     *annotation);
void                   dossier_export_note_add_entity (DossierExportNote   *note,
                                                     const char            *name,
                                                     DossierEntityType      type);
void                   dossier_export_note_free     (DossierExportNote     *note);
DossierExportDocument *dossier_export_document_new  (DossierDocument       *document);
void                   dossier_export_document_free (DossierExportDocument *document);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierExportNote, dossier_export_note_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierExportDocument, dossier_export_document_free)

/* Reads what to export from the library: one document (document_id > 0, even
 * without highlights) or every document that has highlights (0). Entities of
 * a highlight are the visible mentions overlapping its range. Returns a
 * GPtrArray of DossierExportDocument *, or NULL with error. */
GPtrArray *dossier_export_collect (DossierStore  *store,
                                   gint64         document_id,
                                   GError       **error);

/* Formats collected documents. `whole_library` picks the Markdown layout
 * (one note per document, or a collection with a section per document). */
char      *dossier_export_render  (GPtrArray            *documents,
                                   DossierExportFormat   format,
                                   gboolean              whole_library);

/* Collect + render. */
char      *dossier_export_to_string (DossierStore         *store,
                                     DossierExportFormat   format,
                                     gint64                document_id,
                                     GError              **error);
/* Collect + render + write atomically (a crash never leaves half a file). */
gboolean   dossier_export_to_file   (DossierStore         *store,
                                     DossierExportFormat   format,
                                     gint64                document_id,
                                     const char           *path,
                                     GError              **error);

G_END_DECLS
