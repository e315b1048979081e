/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-store-entities.c: entities, their keys (aliases) and mentions, and
 * the user's corrections, which are stored as user-origin rows so that a new
 * analysis never undoes them. Part of the store; recognising and linking
 * live in app/ner/ and never write SQL. */
#define G_LOG_DOMAIN "dossier-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-anchor.h"
#include "dossier-store-private.h"
#include "dossier-text.h"

/* ------------------------------------------------------------- re-anchor -- */

gboolean
_dossier_store_reanchor_mentions (DossierStore  *self,
                                  gint64         document_id,
                                  const char    *old_text,
                                  const char    *new_text,
                                  GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64) * 3);
  int rc;

  /* Automatic mentions come back with the next analysis (the document's
   * analyzed mark was cleared); the user's rows are moved like highlights. */
  stmt = _dossier_store_prepare (self,
                                 "DELETE FROM mentions WHERE document_id = ? AND origin = 'auto' AND rejected = 0",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_id);
  if (!_dossier_store_step_done (self, stmt, error, "re-anchor mentions"))
    return FALSE;

  stmt = _dossier_store_prepare (self, "SELECT id, start, end FROM mentions WHERE document_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row[3] = {
        sqlite3_column_int64 (stmt, 0),
        sqlite3_column_int64 (stmt, 1),
        sqlite3_column_int64 (stmt, 2),
      };

      g_array_append_val (rows, row);
    }
  if (rc != SQLITE_DONE)
    return _dossier_store_fail (self, error, "re-anchor mentions");
  sqlite3_reset (stmt);

  for (guint i = 0; i < rows->len; i++)
    {
      const gint64 *row = &g_array_index (rows, gint64, i * 3);
      g_autofree char *quote = NULL;
      g_autofree char *prefix = NULL;
      g_autofree char *suffix = NULL;
      g_auto(DossierStatement) update = NULL;
      guint start;
      guint end;

      dossier_anchor_describe (old_text, row[1], row[2], &quote, &prefix, &suffix);
      if (dossier_anchor_find (new_text, quote, prefix, suffix, row[1], &start, &end))
        {
          update = _dossier_store_prepare (self, "UPDATE mentions SET start = ?2, end = ?3 WHERE id = ?1", error);
          if (update == NULL)
            return FALSE;
          sqlite3_bind_int (update, 2, start);
          sqlite3_bind_int (update, 3, end);
        }
      else
        {
          /* A mention is a span of text; without its text it means nothing. */
          update = _dossier_store_prepare (self, "DELETE FROM mentions WHERE id = ?1", error);
          if (update == NULL)
            return FALSE;
        }
      sqlite3_bind_int64 (update, 1, row[0]);
      if (!_dossier_store_step_done (self, update, error, "re-anchor mention"))
        return FALSE;
    }
  return TRUE;
}
