/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-store-tags.c: the user's tags on documents. Part of the store.
 * A tag exists while something carries it. */
#define G_LOG_DOMAIN "dossier-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-store-private.h"

/* --------------------------------------------------------------- helpers -- */

static char *
clean_tag (const char  *tag,
           GError     **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (tag ? tag : ""));

  if (*clean == '\0' || !g_utf8_validate (clean, -1, NULL))
    {
      _dossier_store_invalid (error, DOSSIER_STORE_ERROR_INVALID, _("A tag needs a name"));
      return NULL;
    }
  return g_steal_pointer (&clean);
}

static GStrv
collect_names (DossierStore  *self,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _dossier_store_fail (self, error, "list tags");
      return NULL;
    }
  return g_strv_builder_end (builder);
}

/* ----------------------------------------------------------------- tags -- */

gboolean
dossier_store_tag_document (DossierStore  *self,
                            gint64         document_id,
                            const char    *tag,
                            GError       **error)
{
  g_autofree char *name = NULL;
  g_auto(DossierStatement) stmt = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = clean_tag (tag, error);
  if (name == NULL)
    return FALSE;
  if (!dossier_store_begin (self, error))
    return FALSE;
  if (!_dossier_store_document_exists (self, document_id, error))
    goto failed;

  stmt = _dossier_store_prepare (self, "INSERT OR IGNORE INTO tags (name) VALUES (?)", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (!_dossier_store_step_done (self, stmt, error, "add tag"))
    goto failed;

  stmt = _dossier_store_prepare (self,
                                 "INSERT OR IGNORE INTO document_tags (document_id, tag_id)"
                                 " SELECT ?1, id FROM tags WHERE name = ?2",
                                 error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, document_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  if (!_dossier_store_step_done (self, stmt, error, "tag document"))
    goto failed;

  _dossier_store_changed (self, "documents");
  return _dossier_store_finish (self, error);

failed:
  dossier_store_rollback (self);
  return FALSE;
}

gboolean
dossier_store_untag_document (DossierStore  *self,
                              gint64         document_id,
                              const char    *tag,
                              GError       **error)
{
  g_autofree char *name = NULL;
  g_auto(DossierStatement) stmt = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = clean_tag (tag, error);
  if (name == NULL)
    return FALSE;
  if (!dossier_store_begin (self, error))
    return FALSE;

  stmt = _dossier_store_prepare (self,
                                 "DELETE FROM document_tags WHERE document_id = ?1"
                                 " AND tag_id = (SELECT id FROM tags WHERE name = ?2)",
                                 error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, document_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  if (!_dossier_store_step_done (self, stmt, error, "untag document"))
    goto failed;
  if (sqlite3_changes (self->db) == 0)
    {
      _dossier_store_invalid (error, DOSSIER_STORE_ERROR_NOT_FOUND,
                              _("Document %" G_GINT64_FORMAT " has no tag “%s”"), document_id, name);
      goto failed;
    }

  /* A tag nothing carries any more disappears from the filter list. */
  stmt = _dossier_store_prepare (self,
                                 "DELETE FROM tags WHERE name = ?1"
                                 " AND NOT EXISTS (SELECT 1 FROM document_tags WHERE tag_id = tags.id)"
                                 " AND NOT EXISTS (SELECT 1 FROM annotation_tags WHERE tag_id = tags.id)",
                                 error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (!_dossier_store_step_done (self, stmt, error, "untag document"))
    goto failed;

  _dossier_store_changed (self, "documents");
  return _dossier_store_finish (self, error);

failed:
  dossier_store_rollback (self);
  return FALSE;
}

GStrv
dossier_store_list_document_tags (DossierStore  *self,
                                  gint64         document_id,
                                  GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _dossier_store_prepare (self,
                                 "SELECT t.name FROM document_tags dt JOIN tags t ON t.id = dt.tag_id"
                                 " WHERE dt.document_id = ? ORDER BY t.name COLLATE NOCASE, t.name",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, document_id);
  return collect_names (self, stmt, error);
}

GStrv
dossier_store_list_tags (DossierStore  *self,
                         GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _dossier_store_prepare (self, "SELECT name FROM tags ORDER BY name COLLATE NOCASE, name", error);
  if (stmt == NULL)
    return NULL;
  return collect_names (self, stmt, error);
}
