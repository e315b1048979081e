/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-cli-private.h: what the verb files of dossier-cli share. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dossier-store.h"

G_BEGIN_DECLS

typedef struct {
  char     *library_path;   /* --library, else NULL (default path) */
  gboolean  json;           /* --json given before or after the verb */
} DossierCliContext;

/* A verb gets argv with argv[0] = the verb name; it returns the exit status:
 * 0 ok, 1 failure (after printing one line with dossier_cli_error), 2 usage. */
typedef int (*DossierCliVerb) (DossierCliContext *ctx, int argc, char **argv);

/* Opens the library named by --library / $DOSSIER_LIBRARY / the default. */
DossierStore *dossier_cli_open_store  (DossierCliContext *ctx, GError **error);
/* "dossier-cli: <message>" on stderr, one line. */
void          dossier_cli_error       (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* Prints a JSON object on one line on stdout. */
void          dossier_cli_print_json  (JsonBuilder *builder);
/* Parses options with a GOptionContext; prints usage errors and returns FALSE. */
gboolean      dossier_cli_parse       (DossierCliContext *ctx,
                                       const char        *parameter_string,
                                       const char        *summary,
                                       GOptionEntry      *entries,
                                       int               *argc,
                                       char            ***argv);

/* cli-library.c */
int dossier_cli_import   (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_list     (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_show     (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_search   (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_annotate (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_export   (DossierCliContext *ctx, int argc, char **argv);

/* cli-entities.c */
int dossier_cli_entities (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_ner      (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_tag      (DossierCliContext *ctx, int argc, char **argv);
/* Finds the entities of documents just imported; one warning line when the
 * model cannot load (then dates only), one line per document that fails. */
void dossier_cli_analyze_stored (DossierStore *store, GArray *document_ids);

/* cli-net.c */
int dossier_cli_feeds    (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_fetch    (DossierCliContext *ctx, int argc, char **argv);

/* cli-extract.c */
int dossier_cli_extract  (DossierCliContext *ctx, int argc, char **argv);

G_END_DECLS
