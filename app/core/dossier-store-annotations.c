/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-store-annotations.c: highlights and notes — stored with their
 * quote and context so they survive a change of the document text. Part of
 * the store; anchoring itself lives in dossier-anchor.c (no SQL there). */
#define G_LOG_DOMAIN "dossier-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-anchor.h"
#include "dossier-store-private.h"
#include "dossier-text.h"

/* ---------------------------------------------------------------- values -- */

DossierAnnotation *
dossier_annotation_new (void)
{
  DossierAnnotation *annotation = g_new0 (DossierAnnotation, 1);

  annotation->note = g_strdup ("");
  return annotation;
}

DossierAnnotation *
dossier_annotation_copy (const DossierAnnotation *annotation)
{
  DossierAnnotation *copy;

  g_return_val_if_fail (annotation != NULL, NULL);

  copy = g_memdup2 (annotation, sizeof *annotation);
  copy->quote = g_strdup (annotation->quote);
  copy->prefix = g_strdup (annotation->prefix);
  copy->suffix = g_strdup (annotation->suffix);
  copy->note = g_strdup (annotation->note);
  return copy;
}

void
dossier_annotation_free (DossierAnnotation *annotation)
{
  if (annotation == NULL)
    return;
  g_free (annotation->quote);
  g_free (annotation->prefix);
  g_free (annotation->suffix);
  g_free (annotation->note);
  g_free (annotation);
}

/* --------------------------------------------------------------- helpers -- */

#define ANNOTATION_COLUMNS \
  "id, document_id, start, end, quote, prefix, suffix, color, note, orphaned, created, updated"

static DossierAnnotation *
annotation_from_row (sqlite3_stmt *stmt)
{
  DossierAnnotation *annotation = g_new0 (DossierAnnotation, 1);
  DossierColor color = DOSSIER_COLOR_YELLOW;

  annotation->id = sqlite3_column_int64 (stmt, 0);
  annotation->document_id = sqlite3_column_int64 (stmt, 1);
  annotation->start = sqlite3_column_int (stmt, 2);
  annotation->end = sqlite3_column_int (stmt, 3);
  annotation->quote = _dossier_store_column_strdup0 (stmt, 4);
  annotation->prefix = _dossier_store_column_strdup0 (stmt, 5);
  annotation->suffix = _dossier_store_column_strdup0 (stmt, 6);
  dossier_color_from_string ((const char *) sqlite3_column_text (stmt, 7), &color);
  annotation->color = color;
  annotation->note = _dossier_store_column_strdup0 (stmt, 8);
  annotation->orphaned = sqlite3_column_int (stmt, 9) != 0;
  annotation->created = sqlite3_column_int64 (stmt, 10);
  annotation->updated = sqlite3_column_int64 (stmt, 11);
  return annotation;
}

/* Checks [start, end) against the text and describes it. */
static gboolean
describe_range (const char  *text,
                gint64       document_id,
                guint        start,
                guint        end,
                char       **out_quote,
                char       **out_prefix,
                char       **out_suffix,
                GError     **error)
{
  guint length = dossier_text_length (text);

  if (start >= end || end > length)
    return _dossier_store_invalid (error, DOSSIER_STORE_ERROR_INVALID,
                                   _("The range %u–%u is not within document %" G_GINT64_FORMAT
                                     " (%u characters)"),
                                   start, end, document_id, length);
  dossier_anchor_describe (text, start, end, out_quote, out_prefix, out_suffix);
  return TRUE;
}

static gboolean
check_color (DossierColor   color,
             GError       **error)
{
  if ((guint) color >= DOSSIER_N_COLORS)
    return _dossier_store_invalid (error, DOSSIER_STORE_ERROR_INVALID,
                                   _("%d is not a highlight colour"), (int) color);
  return TRUE;
}

static gboolean
insert_annotation (DossierStore             *self,
                   const DossierAnnotation  *annotation,
                   gint64                    id,
                   const char               *quote,
                   const char               *prefix,
                   const char               *suffix,
                   gint64                    created,
                   gint64                    updated,
                   GError                  **error)
{
  g_auto(DossierStatement) stmt = NULL;

  stmt = _dossier_store_prepare (self,
                                 "INSERT INTO annotations (id, document_id, start, end, quote, prefix, suffix,"
                                 "  color, note, orphaned, created, updated)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                                 error);
  if (stmt == NULL)
    return FALSE;
  if (id > 0)
    sqlite3_bind_int64 (stmt, 1, id);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_int64 (stmt, 2, annotation->document_id);
  sqlite3_bind_int (stmt, 3, annotation->start);
  sqlite3_bind_int (stmt, 4, annotation->end);
  sqlite3_bind_text (stmt, 5, quote, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, prefix ? prefix : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, suffix ? suffix : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, dossier_color_to_string (annotation->color), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, annotation->note ? annotation->note : "", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 10, annotation->orphaned ? 1 : 0);
  sqlite3_bind_int64 (stmt, 11, created);
  sqlite3_bind_int64 (stmt, 12, updated);
  return _dossier_store_step_done (self, stmt, error, "add annotation");
}

gboolean
_dossier_store_reanchor_annotations (DossierStore  *self,
                                     gint64         document_id,
                                     const char    *new_text,
                                     GError       **error)
{
  g_autoptr(GPtrArray) annotations = NULL;

  annotations = dossier_store_list_annotations (self, document_id, error);
  if (annotations == NULL)
    return FALSE;

  for (guint i = 0; i < annotations->len; i++)
    {
      DossierAnnotation *annotation = g_ptr_array_index (annotations, i);
      g_auto(DossierStatement) stmt = NULL;
      g_autofree char *prefix = NULL;
      g_autofree char *suffix = NULL;
      guint start;
      guint end;
      gboolean found;

      found = dossier_anchor_find (new_text, annotation->quote, annotation->prefix,
                                   annotation->suffix, annotation->start, &start, &end);
      if (found)
        {
          dossier_anchor_describe (new_text, start, end, NULL, &prefix, &suffix);
          stmt = _dossier_store_prepare (self,
                                         "UPDATE annotations SET start = ?2, end = ?3, prefix = ?4, suffix = ?5,"
                                         "  orphaned = 0 WHERE id = ?1",
                                         error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int (stmt, 2, start);
          sqlite3_bind_int (stmt, 3, end);
          sqlite3_bind_text (stmt, 4, prefix, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 5, suffix, -1, SQLITE_STATIC);
        }
      else
        {
          /* Kept with its quote and note, shown apart: the user's words are never dropped. */
          stmt = _dossier_store_prepare (self, "UPDATE annotations SET orphaned = 1 WHERE id = ?1", error);
          if (stmt == NULL)
            return FALSE;
        }
      sqlite3_bind_int64 (stmt, 1, annotation->id);
      if (!_dossier_store_step_done (self, stmt, error, "re-anchor annotation"))
        return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------- annotations -- */

gboolean
dossier_store_add_annotation (DossierStore       *self,
                              DossierAnnotation  *annotation,
                              GError            **error)
{
  g_autofree char *text = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;
  gint64 now = _dossier_store_now ();

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (annotation != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_color (annotation->color, error))
    return FALSE;
  if (!dossier_store_begin (self, error))
    return FALSE;

  text = _dossier_store_get_document_text (self, annotation->document_id, error);
  if (text == NULL ||
      !describe_range (text, annotation->document_id, annotation->start, annotation->end,
                       &quote, &prefix, &suffix, error))
    goto failed;

  annotation->orphaned = FALSE;
  if (!insert_annotation (self, annotation, 0, quote, prefix, suffix, now, now, error))
    goto failed;

  annotation->id = sqlite3_last_insert_rowid (self->db);
  _dossier_store_changed (self, "annotations");
  _dossier_store_changed (self, "documents");   /* note counts in the list */
  if (!_dossier_store_finish (self, error))
    {
      annotation->id = 0;
      return FALSE;
    }

  g_free (annotation->quote);
  g_free (annotation->prefix);
  g_free (annotation->suffix);
  annotation->quote = g_steal_pointer (&quote);
  annotation->prefix = g_steal_pointer (&prefix);
  annotation->suffix = g_steal_pointer (&suffix);
  annotation->created = annotation->updated = now;
  return TRUE;

failed:
  dossier_store_rollback (self);
  return FALSE;
}

gboolean
dossier_store_update_annotation (DossierStore             *self,
                                 const DossierAnnotation  *annotation,
                                 GError                  **error)
{
  g_autoptr(DossierAnnotation) stored = NULL;
  g_auto(DossierStatement) stmt = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;
  gboolean moved;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (annotation != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_color (annotation->color, error))
    return FALSE;
  if (!dossier_store_begin (self, error))
    return FALSE;

  stored = dossier_store_get_annotation (self, annotation->id, error);
  if (stored == NULL)
    goto failed;

  moved = stored->start != annotation->start || stored->end != annotation->end;
  if (moved)
    {
      g_autofree char *text = _dossier_store_get_document_text (self, stored->document_id, error);

      if (text == NULL ||
          !describe_range (text, stored->document_id, annotation->start, annotation->end,
                           &quote, &prefix, &suffix, error))
        goto failed;
    }
  else
    {
      quote = g_strdup (stored->quote);
      prefix = g_strdup (stored->prefix);
      suffix = g_strdup (stored->suffix);
    }

  stmt = _dossier_store_prepare (self,
                                 "UPDATE annotations SET start = ?2, end = ?3, quote = ?4, prefix = ?5,"
                                 "  suffix = ?6, color = ?7, note = ?8, updated = ?9,"
                                 "  orphaned = CASE WHEN ?10 THEN 0 ELSE orphaned END"
                                 " WHERE id = ?1",
                                 error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, annotation->id);
  sqlite3_bind_int (stmt, 2, annotation->start);
  sqlite3_bind_int (stmt, 3, annotation->end);
  sqlite3_bind_text (stmt, 4, quote, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, prefix, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, suffix, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, dossier_color_to_string (annotation->color), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, annotation->note ? annotation->note : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, _dossier_store_now ());
  /* A range the user placed again is anchored, whatever it was before. */
  sqlite3_bind_int (stmt, 10, moved ? 1 : 0);
  if (!_dossier_store_step_done (self, stmt, error, "update annotation"))
    goto failed;

  _dossier_store_changed (self, "annotations");
  return _dossier_store_finish (self, error);

failed:
  dossier_store_rollback (self);
  return FALSE;
}

gboolean
dossier_store_remove_annotation (DossierStore  *self,
                                 gint64         id,
                                 GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dossier_store_begin (self, error))
    return FALSE;
  stmt = _dossier_store_prepare (self, "DELETE FROM annotations WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_dossier_store_step_done (self, stmt, error, "remove annotation"))
    goto failed;
  if (sqlite3_changes (self->db) == 0)
    {
      _dossier_store_invalid (error, DOSSIER_STORE_ERROR_NOT_FOUND,
                              _("There is no highlight %" G_GINT64_FORMAT " in the library"), id);
      goto failed;
    }
  _dossier_store_changed (self, "annotations");
  _dossier_store_changed (self, "documents");
  return _dossier_store_finish (self, error);

failed:
  dossier_store_rollback (self);
  return FALSE;
}

gboolean
dossier_store_restore_annotation (DossierStore             *self,
                                  const DossierAnnotation  *annotation,
                                  GError                  **error)
{
  g_autofree char *text = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;
  gint64 now = _dossier_store_now ();

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (annotation != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (annotation->id <= 0)
    return _dossier_store_invalid (error, DOSSIER_STORE_ERROR_INVALID,
                                   _("A highlight can only be restored with the id it had"));
  if (!check_color (annotation->color, error))
    return FALSE;
  if (!dossier_store_begin (self, error))
    return FALSE;

  text = _dossier_store_get_document_text (self, annotation->document_id, error);
  if (text == NULL)
    goto failed;

  /* Orphaned ones come back as they were; anchored ones are checked again. */
  if (!annotation->orphaned &&
      !describe_range (text, annotation->document_id, annotation->start, annotation->end,
                       &quote, &prefix, &suffix, error))
    goto failed;
  if (quote == NULL)
    {
      quote = g_strdup (annotation->quote ? annotation->quote : "");
      prefix = g_strdup (annotation->prefix);
      suffix = g_strdup (annotation->suffix);
    }

  if (!insert_annotation (self, annotation, annotation->id, quote, prefix, suffix,
                          annotation->created > 0 ? annotation->created : now,
                          annotation->updated > 0 ? annotation->updated : now,
                          error))
    goto failed;

  _dossier_store_changed (self, "annotations");
  _dossier_store_changed (self, "documents");
  return _dossier_store_finish (self, error);

failed:
  dossier_store_rollback (self);
  return FALSE;
}

DossierAnnotation *
dossier_store_get_annotation (DossierStore  *self,
                              gint64         id,
                              GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _dossier_store_prepare (self, "SELECT " ANNOTATION_COLUMNS " FROM annotations WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return annotation_from_row (stmt);
  if (rc == SQLITE_DONE)
    _dossier_store_invalid (error, DOSSIER_STORE_ERROR_NOT_FOUND,
                            _("There is no highlight %" G_GINT64_FORMAT " in the library"), id);
  else
    _dossier_store_fail (self, error, "get annotation");
  return NULL;
}

GPtrArray *
dossier_store_list_annotations (DossierStore  *self,
                                gint64         document_id,
                                GError       **error)
{
  g_autoptr(GPtrArray) annotations = NULL;
  g_auto(DossierStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (document_id > 0)
    stmt = _dossier_store_prepare (self,
                                   "SELECT " ANNOTATION_COLUMNS " FROM annotations WHERE document_id = ?1"
                                   " ORDER BY start, end, id",
                                   error);
  else
    stmt = _dossier_store_prepare (self,
                                   "SELECT " ANNOTATION_COLUMNS " FROM annotations"
                                   " ORDER BY document_id, start, end, id",
                                   error);
  if (stmt == NULL)
    return NULL;
  if (document_id > 0)
    sqlite3_bind_int64 (stmt, 1, document_id);

  annotations = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_annotation_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (annotations, annotation_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _dossier_store_fail (self, error, "list annotations");
      return NULL;
    }
  return g_steal_pointer (&annotations);
}
