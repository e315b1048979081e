/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-store-feeds.c: subscribed feeds and their fetch state. Part of the
 * store; fetching and parsing live in app/net/ and never write SQL. Removing
 * a feed never removes the articles it brought. */
#define G_LOG_DOMAIN "dossier-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-store-private.h"

/* ---------------------------------------------------------------- values -- */

DossierFeed *
dossier_feed_new (void)
{
  DossierFeed *feed = g_new0 (DossierFeed, 1);

  feed->status = g_strdup ("new");
  return feed;
}

DossierFeed *
dossier_feed_copy (const DossierFeed *feed)
{
  DossierFeed *copy;

  g_return_val_if_fail (feed != NULL, NULL);

  copy = g_memdup2 (feed, sizeof *feed);
  copy->url = g_strdup (feed->url);
  copy->title = g_strdup (feed->title);
  copy->site_url = g_strdup (feed->site_url);
  copy->folder = g_strdup (feed->folder);
  copy->etag = g_strdup (feed->etag);
  copy->last_modified = g_strdup (feed->last_modified);
  copy->status = g_strdup (feed->status);
  copy->error = g_strdup (feed->error);
  return copy;
}

void
dossier_feed_free (DossierFeed *feed)
{
  if (feed == NULL)
    return;
  g_free (feed->url);
  g_free (feed->title);
  g_free (feed->site_url);
  g_free (feed->folder);
  g_free (feed->etag);
  g_free (feed->last_modified);
  g_free (feed->status);
  g_free (feed->error);
  g_free (feed);
}

/* --------------------------------------------------------------- helpers -- */

/* Unread: articles of the feed never scrolled into (read_pos 0). The library
 * keeps no separate "read" flag. */
#define FEED_COLUMNS \
  "f.id, f.url, f.title, f.site_url, f.folder, f.etag, f.last_modified, f.fetched, f.last_success," \
  " f.status, f.error, f.interval, f.full_text, f.retry_after," \
  " (SELECT count(*) FROM documents d WHERE d.feed_id = f.id AND d.read_pos = 0)"

static DossierFeed *
feed_from_row (sqlite3_stmt *stmt)
{
  DossierFeed *feed = g_new0 (DossierFeed, 1);

  feed->id = sqlite3_column_int64 (stmt, 0);
  feed->url = _dossier_store_column_strdup (stmt, 1);
  feed->title = _dossier_store_column_strdup (stmt, 2);
  feed->site_url = _dossier_store_column_strdup (stmt, 3);
  feed->folder = _dossier_store_column_strdup (stmt, 4);
  feed->etag = _dossier_store_column_strdup (stmt, 5);
  feed->last_modified = _dossier_store_column_strdup (stmt, 6);
  feed->fetched = sqlite3_column_int64 (stmt, 7);
  feed->last_success = sqlite3_column_int64 (stmt, 8);
  feed->status = _dossier_store_column_strdup0 (stmt, 9);
  feed->error = _dossier_store_column_strdup (stmt, 10);
  feed->interval = sqlite3_column_int (stmt, 11);
  feed->full_text = sqlite3_column_int (stmt, 12) != 0;
  feed->retry_after = sqlite3_column_int64 (stmt, 13);
  feed->unread_count = sqlite3_column_int (stmt, 14);
  return feed;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

/* Parameters ?2 … ?14 in the order of FEED_COLUMNS after the id. */
static void
bind_feed (sqlite3_stmt      *stmt,
           const DossierFeed *feed)
{
  bind_text_or_null (stmt, 2, feed->url);
  bind_text_or_null (stmt, 3, feed->title);
  bind_text_or_null (stmt, 4, feed->site_url);
  bind_text_or_null (stmt, 5, feed->folder);
  bind_text_or_null (stmt, 6, feed->etag);
  bind_text_or_null (stmt, 7, feed->last_modified);
  sqlite3_bind_int64 (stmt, 8, feed->fetched);
  sqlite3_bind_int64 (stmt, 9, feed->last_success);
  sqlite3_bind_text (stmt, 10, feed->status && *feed->status ? feed->status : "new", -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 11, feed->error);
  sqlite3_bind_int (stmt, 12, feed->interval);
  sqlite3_bind_int (stmt, 13, feed->full_text ? 1 : 0);
  sqlite3_bind_int64 (stmt, 14, feed->retry_after);
}

static gboolean
check_url (const DossierFeed  *feed,
           GError            **error)
{
  if (feed->url == NULL || *feed->url == '\0')
    return _dossier_store_invalid (error, DOSSIER_STORE_ERROR_INVALID, _("A feed needs an address"));
  return TRUE;
}

/* Sets the error for a failed write; a second feed with the same address is
 * the user's mistake, not a database failure. */
static void
feed_failed (DossierStore       *self,
             const DossierFeed  *feed,
             GError             *sql_error,
             GError            **error)
{
  if ((sqlite3_extended_errcode (self->db) & 0xff) == SQLITE_CONSTRAINT)
    {
      g_error_free (sql_error);
      _dossier_store_invalid (error, DOSSIER_STORE_ERROR_INVALID,
                              _("The feed %s is in the library already"), feed->url);
    }
  else
    g_propagate_error (error, sql_error);
}

/* ---------------------------------------------------------------- feeds -- */

gboolean
dossier_store_add_feed (DossierStore  *self,
                        DossierFeed   *feed,
                        GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (feed != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_url (feed, error))
    return FALSE;
  if (!dossier_store_begin (self, error))
    return FALSE;
  stmt = _dossier_store_prepare (self,
                                 "INSERT INTO feeds (url, title, site_url, folder, etag, last_modified, fetched,"
                                 "  last_success, status, error, interval, full_text, retry_after, added)"
                                 " VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                                 error);
  if (stmt == NULL)
    goto failed;
  bind_feed (stmt, feed);
  sqlite3_bind_int64 (stmt, 15, _dossier_store_now ());
  if (!_dossier_store_step_done (self, stmt, &local_error, "add feed"))
    {
      feed_failed (self, feed, g_steal_pointer (&local_error), error);
      goto failed;
    }
  feed->id = sqlite3_last_insert_rowid (self->db);
  _dossier_store_changed (self, "feeds");
  if (!_dossier_store_finish (self, error))
    {
      feed->id = 0;
      return FALSE;
    }
  return TRUE;

failed:
  dossier_store_rollback (self);
  return FALSE;
}

gboolean
dossier_store_update_feed (DossierStore       *self,
                           const DossierFeed  *feed,
                           GError            **error)
{
  g_auto(DossierStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (feed != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_url (feed, error))
    return FALSE;
  if (!dossier_store_begin (self, error))
    return FALSE;
  stmt = _dossier_store_prepare (self,
                                 "UPDATE feeds SET url = ?2, title = ?3, site_url = ?4, folder = ?5, etag = ?6,"
                                 "  last_modified = ?7, fetched = ?8, last_success = ?9, status = ?10, error = ?11,"
                                 "  interval = ?12, full_text = ?13, retry_after = ?14"
                                 " WHERE id = ?1",
                                 error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, feed->id);
  bind_feed (stmt, feed);
  if (!_dossier_store_step_done (self, stmt, &local_error, "update feed"))
    {
      feed_failed (self, feed, g_steal_pointer (&local_error), error);
      goto failed;
    }
  if (sqlite3_changes (self->db) == 0)
    {
      _dossier_store_invalid (error, DOSSIER_STORE_ERROR_NOT_FOUND,
                              _("There is no feed %" G_GINT64_FORMAT " in the library"), feed->id);
      goto failed;
    }
  _dossier_store_changed (self, "feeds");
  return _dossier_store_finish (self, error);

failed:
  dossier_store_rollback (self);
  return FALSE;
}

gboolean
dossier_store_remove_feed (DossierStore  *self,
                           gint64         feed_id,
                           GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dossier_store_begin (self, error))
    return FALSE;
  /* documents.feed_id is ON DELETE SET NULL: the articles stay. */
  stmt = _dossier_store_prepare (self, "DELETE FROM feeds WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, feed_id);
  if (!_dossier_store_step_done (self, stmt, error, "remove feed"))
    goto failed;
  if (sqlite3_changes (self->db) == 0)
    {
      _dossier_store_invalid (error, DOSSIER_STORE_ERROR_NOT_FOUND,
                              _("There is no feed %" G_GINT64_FORMAT " in the library"), feed_id);
      goto failed;
    }
  _dossier_store_changed (self, "feeds");
  _dossier_store_changed (self, "documents");
  return _dossier_store_finish (self, error);

failed:
  dossier_store_rollback (self);
  return FALSE;
}

static DossierFeed *
get_one (DossierStore  *self,
         sqlite3_stmt  *stmt,
         const char    *what,
         GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return feed_from_row (stmt);
  if (rc == SQLITE_DONE)
    _dossier_store_invalid (error, DOSSIER_STORE_ERROR_NOT_FOUND, _("There is no feed %s in the library"), what);
  else
    _dossier_store_fail (self, error, "get feed");
  return NULL;
}

DossierFeed *
dossier_store_get_feed (DossierStore  *self,
                        gint64         feed_id,
                        GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _dossier_store_prepare (self, "SELECT " FEED_COLUMNS " FROM feeds f WHERE f.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, feed_id);
  what = g_strdup_printf ("%" G_GINT64_FORMAT, feed_id);
  return get_one (self, stmt, what, error);
}

DossierFeed *
dossier_store_find_feed_by_url (DossierStore  *self,
                                const char    *url,
                                GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _dossier_store_prepare (self, "SELECT " FEED_COLUMNS " FROM feeds f WHERE f.url = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, url, -1, SQLITE_STATIC);
  return get_one (self, stmt, url, error);
}

GPtrArray *
dossier_store_list_feeds (DossierStore  *self,
                          GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _dossier_store_prepare (self,
                                 "SELECT " FEED_COLUMNS " FROM feeds f"
                                 " ORDER BY f.folder IS NOT NULL, f.folder COLLATE NOCASE,"
                                 "   coalesce(f.title, f.url) COLLATE NOCASE, f.id",
                                 error);
  if (stmt == NULL)
    return NULL;
  feeds = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_feed_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (feeds, feed_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _dossier_store_fail (self, error, "list feeds");
      return NULL;
    }
  return g_steal_pointer (&feeds);
}
