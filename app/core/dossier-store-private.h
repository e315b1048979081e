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
};

/* A cached, reset statement for `sql` (which must be a string literal: the
 * pointer is the cache key). NULL with error set on failure. */
sqlite3_stmt *_dossier_store_prepare (DossierStore  *self,
                                      const char    *sql,
                                      GError       **error);
/* Sets error from the connection's last error. Always returns FALSE. */
gboolean      _dossier_store_fail    (DossierStore  *self,
                                      GError       **error,
                                      const char    *what);
/* Runs SQL that returns no rows. */
gboolean      _dossier_store_exec    (DossierStore  *self,
                                      const char    *sql,
                                      GError       **error);
/* Emits "changed" with the given detail once the outermost transaction commits. */
void          _dossier_store_changed (DossierStore  *self,
                                      const char    *detail);

/* Text helpers for column values: NULL-safe. */
char         *_dossier_store_column_strdup (sqlite3_stmt *stmt,
                                            int           column);

G_END_DECLS
