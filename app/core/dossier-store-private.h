/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-store-private.h: what the dossier-store*.c files share. Nothing else includes it. */
#pragma once

#include <sqlite3.h>

#include "dossier-store.h"

G_BEGIN_DECLS

struct _DossierStore
{
  GObject     parent_instance;

  /* owned */
  char       *path;
  sqlite3    *db;
  GHashTable *statements;   /* SQL text (static string) → sqlite3_stmt*, prepared once */
  guint       transaction_depth;
  guint       pending_changes;   /* DossierStoreChange bits waiting for the outermost commit */
  guint       rank_candidates;   /* most matches bm25 ranks (dossier-store-documents.c) */
  guint       walk_index_above;  /* filtered lists bigger than this walk the sort index */
};

/* Tests lower it to exercise the unranked tail with a few documents. */
#define DOSSIER_STORE_RANK_CANDIDATES 2000
void _dossier_store_set_rank_candidates (DossierStore *self,
                                         guint         n);
#define DOSSIER_STORE_WALK_INDEX_ABOVE 2000
void _dossier_store_set_walk_index_above (DossierStore *self,
                                          guint         n);

/* A cached statement, reset when it goes out of scope, so no finished query
 * keeps a read transaction (and an old snapshot of the file) open:
 *   g_auto(DossierStatement) stmt = _dossier_store_prepare (self, SQL, error); */
typedef sqlite3_stmt *DossierStatement;
void _dossier_statement_reset (sqlite3_stmt *stmt);
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (DossierStatement, _dossier_statement_reset, NULL)

/* A cached, reset statement for `sql` (which must be a string literal: the
 * pointer is the cache key). NULL with error set on failure. */
sqlite3_stmt *_dossier_store_prepare (DossierStore  *self,
                                      const char    *sql,
                                      GError       **error);
/* Sets error from the connection's last error. Always returns FALSE. */
gboolean      _dossier_store_fail    (DossierStore  *self,
                                      GError       **error,
                                      const char    *what);
/* The same for SQL built at run time from fixed fragments (never from
 * values): the text is interned, so each distinct statement is prepared once. */
sqlite3_stmt *_dossier_store_prepare_built (DossierStore  *self,
                                            const char    *sql,
                                            GError       **error);
/* Steps a statement that returns no rows and resets it. */
gboolean      _dossier_store_step_done (DossierStore  *self,
                                        sqlite3_stmt  *stmt,
                                        GError       **error,
                                        const char    *what);
/* Runs SQL that returns no rows. */
gboolean      _dossier_store_exec    (DossierStore  *self,
                                      const char    *sql,
                                      GError       **error);
/* Commits the transaction of one public call, or rolls it back when the
 * commit fails. */
gboolean      _dossier_store_finish  (DossierStore  *self,
                                      GError       **error);
/* Emits "changed" with the given detail once the outermost transaction commits. */
void          _dossier_store_changed (DossierStore  *self,
                                      const char    *detail);

/* Text helpers for column values: NULL-safe. */
char         *_dossier_store_column_strdup (sqlite3_stmt *stmt,
                                            int           column);
/* The same, but "" for NULL. */
char         *_dossier_store_column_strdup0 (sqlite3_stmt *stmt,
                                             int           column);

/* Sets an error of the store's domain and returns FALSE. */
gboolean      _dossier_store_invalid (GError     **error,
                                      int          code,
                                      const char  *format,
                                      ...) G_GNUC_PRINTF (3, 4);

/* The text of a document (NOT_FOUND when there is none). */
char         *_dossier_store_get_document_text (DossierStore  *self,
                                                gint64         document_id,
                                                GError       **error);
gboolean      _dossier_store_document_exists   (DossierStore  *self,
                                                gint64         document_id,
                                                GError       **error);

/* Called by documents when a document's text is replaced: moves that
 * document's annotations and user mentions to the new text (dossier-anchor),
 * drops its automatic mentions and marks it for analysis again. */
gboolean      _dossier_store_reanchor_annotations (DossierStore  *self,
                                                   gint64         document_id,
                                                   const char    *new_text,
                                                   GError       **error);
gboolean      _dossier_store_reanchor_mentions    (DossierStore  *self,
                                                   gint64         document_id,
                                                   const char    *old_text,
                                                   const char    *new_text,
                                                   GError       **error);

/* Turns what a user typed into an FTS5 query that cannot be a syntax error:
 * every word or "quoted phrase" becomes a quoted FTS5 string, so operators,
 * parentheses, column filters and stray quotes are only text; a trailing *
 * on a word asks for a prefix search. Terms without a letter or digit are
 * dropped (the tokenizer would drop them too). NULL when nothing is left. */
char         *_dossier_store_fts_query (const char *user_query);

#define _dossier_store_now() (g_get_real_time () / G_USEC_PER_SEC)

G_END_DECLS
