/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-opml.h: OPML 1.0/2.0 subscription lists, read and written with
 * folders (one level of <outline> nesting; deeper folders are joined with
 * " / "). Pure functions, no network, no store. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DOSSIER_OPML_ERROR (dossier_opml_error_quark ())

typedef enum {
  DOSSIER_OPML_ERROR_MALFORMED,  /* not XML, or not OPML */
  DOSSIER_OPML_ERROR_TOO_LARGE,
} DossierOpmlError;

GQuark dossier_opml_error_quark (void);

typedef struct {
  char *url;        /* xmlUrl, absolute http(s) */
  char *title;      /* nullable */
  char *site_url;   /* htmlUrl, nullable */
  char *folder;     /* nullable */
} DossierOpmlEntry;

void dossier_opml_entry_free (DossierOpmlEntry *entry);

/* Returns DossierOpmlEntry items in document order; outlines without an
 * http(s) xmlUrl are skipped (counted in *out_skipped, nullable). */
GPtrArray *dossier_opml_parse (const char  *data,
                               gsize        length,
                               guint       *out_skipped,
                               GError     **error);

/* An OPML 2.0 document for the entries (grouped by folder, order kept). */
char      *dossier_opml_write (GPtrArray   *entries,
                               const char  *title);

G_END_DECLS
