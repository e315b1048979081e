/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-store-documents.c: documents in the library — adding with
 * de-duplication, reading, the list queries and full-text search. Part of the
 * store: the only place besides dossier-store*.c that may write SQL. */
#define G_LOG_DOMAIN "dossier-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-store-private.h"
#include "dossier-text.h"

/* Snippet markers: private-use characters, never in stored text that went
 * through dossier_text_sanitize, so the window can find them safely. */
#define MARK_OPEN  "\xee\x80\x80"   /* U+E000 */
#define MARK_CLOSE "\xee\x80\x81"   /* U+E001 */

/* Title hits weigh ten times text hits in bm25. */
#define RANK_SQL "bm25(documents_fts, 10.0, 1.0)"

/* ---------------------------------------------------------------- values -- */

DossierDocument *
dossier_document_new (void)
{
  return g_new0 (DossierDocument, 1);
}

DossierDocument *
dossier_document_copy (const DossierDocument *doc)
{
  DossierDocument *copy;

  g_return_val_if_fail (doc != NULL, NULL);

  copy = g_memdup2 (doc, sizeof *doc);
  copy->uid = g_strdup (doc->uid);
  copy->title = g_strdup (doc->title);
  copy->author = g_strdup (doc->author);
  copy->source = g_strdup (doc->source);
  copy->url = g_strdup (doc->url);
  copy->lang = g_strdup (doc->lang);
  copy->text = g_strdup (doc->text);
  copy->guid = g_strdup (doc->guid);
  return copy;
}

void
dossier_document_free (DossierDocument *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->uid);
  g_free (doc->title);
  g_free (doc->author);
  g_free (doc->source);
  g_free (doc->url);
  g_free (doc->lang);
  g_free (doc->text);
  g_free (doc->guid);
  g_free (doc);
}

void
dossier_search_hit_free (DossierSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->title);
  g_free (hit->snippet);
  g_free (hit);
}

/* --------------------------------------------------------------- helpers -- */

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL && *text != '\0')
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_id_or_null (sqlite3_stmt *stmt,
                 int           index,
                 gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

/* A title for a document that came without one: its first line, shortened. */
static char *
title_from_text (const char *text)
{
  const char *p = text;
  const char *end;
  g_autofree char *line = NULL;

  while (*p != '\0' && g_ascii_isspace (*p))
    p++;
  end = strchr (p, '\n');
  line = end ? g_strndup (p, end - p) : g_strdup (p);
  g_strstrip (line);
  if (g_utf8_strlen (line, -1) > 100)
    {
      g_autofree char *shortened = dossier_text_substring (line, 0, 99);

      return g_strconcat (shortened, "…", NULL);
    }
  if (*line == '\0')
    return g_strdup (_("Untitled"));
  return g_steal_pointer (&line);
}

#define DOCUMENT_COLUMNS \
  "d.id, d.uid, d.title, d.author, d.source, d.url, d.published, d.added, d.lang, " \
  "d.word_count, d.feed_id, d.guid, d.read_pos, d.starred, " \
  "(SELECT count(*) FROM annotations a WHERE a.document_id = d.id)"

static DossierDocument *
document_from_row (sqlite3_stmt *stmt)
{
  DossierDocument *doc = dossier_document_new ();

  doc->id = sqlite3_column_int64 (stmt, 0);
  doc->uid = _dossier_store_column_strdup (stmt, 1);
  doc->title = _dossier_store_column_strdup (stmt, 2);
  doc->author = _dossier_store_column_strdup (stmt, 3);
  doc->source = _dossier_store_column_strdup (stmt, 4);
  doc->url = _dossier_store_column_strdup (stmt, 5);
  doc->published = sqlite3_column_int64 (stmt, 6);
  doc->added = sqlite3_column_int64 (stmt, 7);
  doc->lang = _dossier_store_column_strdup (stmt, 8);
  doc->word_count = sqlite3_column_int (stmt, 9);
  doc->feed_id = sqlite3_column_int64 (stmt, 10);
  doc->guid = _dossier_store_column_strdup (stmt, 11);
  doc->read_pos = sqlite3_column_int (stmt, 12);
  doc->starred = sqlite3_column_int (stmt, 13) != 0;
  doc->note_count = sqlite3_column_int (stmt, 14);
  return doc;
}

char *
_dossier_store_get_document_text (DossierStore  *self,
                                  gint64         document_id,
                                  GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;
  int rc;

  stmt = _dossier_store_prepare (self, "SELECT text FROM documents WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, document_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return _dossier_store_column_strdup0 (stmt, 0);
  if (rc == SQLITE_DONE)
    _dossier_store_invalid (error, DOSSIER_STORE_ERROR_NOT_FOUND,
                            _("There is no document %" G_GINT64_FORMAT " in the library"), document_id);
  else
    _dossier_store_fail (self, error, "document text");
  return NULL;
}

gboolean
_dossier_store_document_exists (DossierStore  *self,
                                gint64         document_id,
                                GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;
  int rc;

  stmt = _dossier_store_prepare (self, "SELECT 1 FROM documents WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    return _dossier_store_invalid (error, DOSSIER_STORE_ERROR_NOT_FOUND,
                                   _("There is no document %" G_GINT64_FORMAT " in the library"),
                                   document_id);
  return _dossier_store_fail (self, error, "document");
}

/* The id and content hash of the document with this uid, 0 when none. */
static gboolean
find_by_uid (DossierStore  *self,
             const char    *uid,
             gint64        *out_id,
             char         **out_hash,
             GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;
  int rc;

  *out_id = 0;
  stmt = _dossier_store_prepare (self, "SELECT id, content_hash FROM documents WHERE uid = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_id = sqlite3_column_int64 (stmt, 0);
      *out_hash = _dossier_store_column_strdup (stmt, 1);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return _dossier_store_fail (self, error, "find document");
  return TRUE;
}

static gboolean
find_by_hash (DossierStore  *self,
              const char    *hash,
              gint64        *out_id,
              GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;
  int rc;

  *out_id = 0;
  stmt = _dossier_store_prepare (self, "SELECT id FROM documents WHERE content_hash = ? ORDER BY id LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return _dossier_store_fail (self, error, "find document");
  return TRUE;
}

static gboolean
insert_document (DossierStore           *self,
                 const DossierDocument  *doc,
                 const char             *uid,
                 const char             *hash,
                 const char             *title,
                 guint                   word_count,
                 gint64                 *out_id,
                 GError                **error)
{
  g_auto(DossierStatement) stmt = NULL;

  stmt = _dossier_store_prepare (self,
                                 "INSERT INTO documents (uid, content_hash, title, author, source, url,"
                                 "  published, added, lang, text, word_count, feed_id, guid, read_pos, starred)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, title, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 4, doc->author);
  bind_text_or_null (stmt, 5, doc->source);
  bind_text_or_null (stmt, 6, doc->url);
  sqlite3_bind_int64 (stmt, 7, doc->published);
  sqlite3_bind_int64 (stmt, 8, doc->added > 0 ? doc->added : _dossier_store_now ());
  bind_text_or_null (stmt, 9, doc->lang);
  sqlite3_bind_text (stmt, 10, doc->text, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 11, word_count);
  bind_id_or_null (stmt, 12, doc->feed_id);
  bind_text_or_null (stmt, 13, doc->guid);
  sqlite3_bind_int (stmt, 14, doc->read_pos);
  sqlite3_bind_int (stmt, 15, doc->starred ? 1 : 0);
  if (!_dossier_store_step_done (self, stmt, error, "add document"))
    return FALSE;
  *out_id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

/* Same uid, new text (a feed item edited at its source): the row keeps its
 * id, reading position, tags and notes; notes move with the text. */
static gboolean
update_document (DossierStore           *self,
                 gint64                  id,
                 const DossierDocument  *doc,
                 const char             *hash,
                 const char             *title,
                 guint                   word_count,
                 GError                **error)
{
  g_auto(DossierStatement) stmt = NULL;
  g_autofree char *old_text = NULL;

  old_text = _dossier_store_get_document_text (self, id, error);
  if (old_text == NULL)
    return FALSE;

  stmt = _dossier_store_prepare (self,
                                 "UPDATE documents SET content_hash = ?2, title = ?3,"
                                 "  author = coalesce(?4, author), source = coalesce(?5, source),"
                                 "  url = coalesce(?6, url), published = CASE WHEN ?7 > 0 THEN ?7 ELSE published END,"
                                 "  lang = coalesce(?8, lang), text = ?9, word_count = ?10,"
                                 "  read_pos = min(read_pos, ?11), analyzed = 0"
                                 " WHERE id = ?1",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, title, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 4, doc->author);
  bind_text_or_null (stmt, 5, doc->source);
  bind_text_or_null (stmt, 6, doc->url);
  sqlite3_bind_int64 (stmt, 7, doc->published);
  bind_text_or_null (stmt, 8, doc->lang);
  sqlite3_bind_text (stmt, 9, doc->text, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 10, word_count);
  sqlite3_bind_int (stmt, 11, dossier_text_length (doc->text));
  if (!_dossier_store_step_done (self, stmt, error, "update document"))
    return FALSE;

  return _dossier_store_reanchor_annotations (self, id, doc->text, error) &&
         _dossier_store_reanchor_mentions (self, id, old_text, doc->text, error);
}

/* ------------------------------------------------------------ documents -- */

gboolean
dossier_store_add_document (DossierStore           *self,
                            const DossierDocument  *doc,
                            gboolean                update_existing,
                            DossierAddResult       *out_result,
                            gint64                 *out_id,
                            GError                **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *title = NULL;
  g_autofree char *existing_hash = NULL;
  g_autofree char *clean_text = NULL;
  g_autofree char *clean_title = NULL;
  DossierDocument clean;
  gint64 existing_id = 0;
  DossierAddResult result;
  gint64 id = 0;
  guint word_count;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (doc->text == NULL || *doc->text == '\0')
    return _dossier_store_invalid (error, DOSSIER_STORE_ERROR_INVALID,
                                   _("“%s” has no text to store"),
                                   doc->title ? doc->title : doc->uid ? doc->uid : "?");
  if (!g_utf8_validate (doc->text, -1, NULL))
    return _dossier_store_invalid (error, DOSSIER_STORE_ERROR_INVALID,
                                   _("“%s” is not valid UTF-8 text"),
                                   doc->title ? doc->title : doc->uid ? doc->uid : "?");

  /* What is stored is what the reader shows and offsets count: sanitised
   * here, so no path into the library (files, feeds, pages) can store
   * bidirectional overrides or control characters. */
  clean_text = dossier_text_sanitize (doc->text, -1, NULL);
  if (*clean_text == '\0')
    return _dossier_store_invalid (error, DOSSIER_STORE_ERROR_INVALID,
                                   _("“%s” has no text to store"),
                                   doc->title ? doc->title : doc->uid ? doc->uid : "?");
  clean = *doc;
  clean.text = clean_text;
  clean_title = doc->title ? dossier_text_sanitize (doc->title, -1, NULL) : NULL;
  if (clean_title != NULL)
    g_strdelimit (clean_title, "\n\t", ' ');
  clean.title = clean_title;
  doc = &clean;

  hash = dossier_text_content_uid (doc->text);
  uid = g_strdup (doc->uid != NULL && *doc->uid != '\0' ? doc->uid : hash);
  title = g_strstrip (g_strdup (doc->title ? doc->title : ""));
  if (*title == '\0')
    {
      g_free (title);
      title = title_from_text (doc->text);
    }
  word_count = doc->word_count > 0 ? doc->word_count : dossier_text_word_count (doc->text);

  if (!dossier_store_begin (self, error))
    return FALSE;

  if (!find_by_uid (self, uid, &existing_id, &existing_hash, error))
    goto failed;

  if (existing_id != 0)
    {
      id = existing_id;
      if (!update_existing || g_strcmp0 (existing_hash, hash) == 0)
        result = DOSSIER_ADD_DUPLICATE;
      else
        {
          if (!update_document (self, existing_id, doc, hash, title, word_count, error))
            goto failed;
          result = DOSSIER_ADD_UPDATED;
          _dossier_store_changed (self, "documents");
          _dossier_store_changed (self, "annotations");
          _dossier_store_changed (self, "entities");
        }
    }
  else
    {
      if (!find_by_hash (self, hash, &existing_id, error))
        goto failed;
      if (existing_id != 0)
        {
          id = existing_id;
          result = DOSSIER_ADD_DUPLICATE;
        }
      else
        {
          if (!insert_document (self, doc, uid, hash, title, word_count, &id, error))
            goto failed;
          result = DOSSIER_ADD_STORED;
          _dossier_store_changed (self, "documents");
        }
    }

  if (!_dossier_store_finish (self, error))
    return FALSE;

  if (out_result != NULL)
    *out_result = result;
  if (out_id != NULL)
    *out_id = id;
  return TRUE;

failed:
  dossier_store_rollback (self);
  return FALSE;
}

DossierDocument *
dossier_store_get_document (DossierStore  *self,
                            gint64         id,
                            GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;
  DossierDocument *doc;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _dossier_store_prepare (self, "SELECT " DOCUMENT_COLUMNS ", d.text FROM documents d WHERE d.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      _dossier_store_invalid (error, DOSSIER_STORE_ERROR_NOT_FOUND,
                              _("There is no document %" G_GINT64_FORMAT " in the library"), id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _dossier_store_fail (self, error, "get document");
      return NULL;
    }
  doc = document_from_row (stmt);
  doc->text = _dossier_store_column_strdup0 (stmt, 15);
  return doc;
}

gboolean
dossier_store_remove_document (DossierStore  *self,
                               gint64         id,
                               GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dossier_store_begin (self, error))
    return FALSE;
  stmt = _dossier_store_prepare (self, "DELETE FROM documents WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_dossier_store_step_done (self, stmt, error, "remove document"))
    goto failed;
  if (sqlite3_changes (self->db) == 0)
    {
      _dossier_store_invalid (error, DOSSIER_STORE_ERROR_NOT_FOUND,
                              _("There is no document %" G_GINT64_FORMAT " in the library"), id);
      goto failed;
    }
  /* Cascades took its notes, mentions and tags with it. */
  _dossier_store_changed (self, "documents");
  _dossier_store_changed (self, "annotations");
  _dossier_store_changed (self, "entities");
  return _dossier_store_finish (self, error);

failed:
  dossier_store_rollback (self);
  return FALSE;
}

gboolean
dossier_store_set_read_pos (DossierStore  *self,
                            gint64         id,
                            guint          read_pos,
                            GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* One statement is atomic by itself; and no "changed": the list shows no
   * reading position, and a signal per scroll would make views refresh. */
  stmt = _dossier_store_prepare (self, "UPDATE documents SET read_pos = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, read_pos);
  if (!_dossier_store_step_done (self, stmt, error, "reading position"))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return _dossier_store_invalid (error, DOSSIER_STORE_ERROR_NOT_FOUND,
                                   _("There is no document %" G_GINT64_FORMAT " in the library"), id);
  return TRUE;
}

guint
dossier_store_count_documents (DossierStore *self)
{
  g_auto(DossierStatement) stmt = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), 0);

  stmt = _dossier_store_prepare (self, "SELECT count(*) FROM documents", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int (stmt, 0);
}

/* --------------------------------------------------------------- search -- */

static gboolean
has_word_character (const char *term)
{
  for (const char *p = term; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static void
append_phrase (GString    *out,
               const char *start,
               gsize       length,
               gboolean    prefix)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_c (out, '"');
  for (gsize i = 0; i < length; i++)
    {
      /* Inside an FTS5 string a quote is written twice. */
      if (start[i] == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, start[i]);
    }
  g_string_append_c (out, '"');
  if (prefix)
    g_string_append (out, " *");
}

char *
_dossier_store_fts_query (const char *user_query)
{
  GString *out = g_string_new (NULL);
  const char *p = user_query;

  while (p != NULL && *p != '\0')
    {
      const char *start;
      const char *end;
      gboolean prefix = FALSE;

      while (*p != '\0' && (g_ascii_isspace (*p) || g_unichar_isspace (g_utf8_get_char (p))))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;

      if (*p == '"')
        {
          start = ++p;
          end = strchr (start, '"');
          if (end == NULL)
            end = start + strlen (start);
          p = *end == '"' ? end + 1 : end;
          if (*p == '*')
            {
              prefix = TRUE;
              p++;
            }
        }
      else
        {
          start = p;
          while (*p != '\0' && !g_ascii_isspace (*p) && !g_unichar_isspace (g_utf8_get_char (p)))
            p = g_utf8_next_char (p);
          end = p;
          /* A leading "-" or "+" is an operator in other search boxes: ignore it. */
          while (start < end && (*start == '-' || *start == '+'))
            start++;
          if (end > start && end[-1] == '*')
            {
              prefix = TRUE;
              while (end > start && end[-1] == '*')
                end--;
            }
        }

      {
        g_autofree char *term = g_strndup (start, end - start);

        if (has_word_character (term))
          append_phrase (out, start, end - start, prefix);
      }
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* bm25 costs a few microseconds per matching document, and a common word
 * matches most of the library: ranking 100,000 matches would take far longer
 * than the 50 ms a first page may. So bm25 ranks at most RANK_CANDIDATES
 * matches — all of them for any selective query, the most recently added
 * ones for a very common one (whose bm25 weight is small anyway) — and the
 * other matches follow, newest first. See app/core/README.md. */
#define RANK_CANDIDATES (self->rank_candidates)

typedef struct {
  const char *fts_query;
  gint64      entity_id;
  gint64      feed_id;
  const char *tag;
} SearchFilter;

/* Prepares  head + filters + range + tail  over documents_fts, binding ?1 to
 * ?5; the caller binds ?6 and up. `head` must end in a WHERE clause with
 * "documents_fts MATCH ?1". Built from fixed fragments only. */
static sqlite3_stmt *
prepare_fts (DossierStore        *self,
             const SearchFilter  *filter,
             const char          *head,
             const char          *range,
             const char          *tail,
             gint64               cutoff,
             GError             **error)
{
  g_autoptr(GString) sql = g_string_new (head);
  sqlite3_stmt *stmt;

  if (filter->entity_id > 0)
    g_string_append (sql, " AND rowid IN (SELECT document_id FROM entity_documents WHERE entity_id = ?2)");
  if (filter->feed_id > 0)
    g_string_append (sql, " AND rowid IN (SELECT id FROM documents WHERE feed_id = ?3)");
  if (filter->tag != NULL)
    g_string_append (sql, " AND rowid IN (SELECT dt.document_id FROM document_tags dt"
                          " JOIN tags t ON t.id = dt.tag_id WHERE t.name = ?4)");
  if (range != NULL)
    g_string_append (sql, range);
  g_string_append (sql, tail);

  stmt = _dossier_store_prepare_built (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, filter->fts_query, -1, SQLITE_STATIC);
  if (filter->entity_id > 0)
    sqlite3_bind_int64 (stmt, 2, filter->entity_id);
  if (filter->feed_id > 0)
    sqlite3_bind_int64 (stmt, 3, filter->feed_id);
  if (filter->tag != NULL)
    sqlite3_bind_text (stmt, 4, filter->tag, -1, SQLITE_STATIC);
  if (range != NULL)
    sqlite3_bind_int64 (stmt, 5, cutoff);
  return stmt;
}

typedef struct {
  gint64 id;
  double rank;
} RankedId;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const RankedId *x = a;
  const RankedId *y = b;

  /* bm25: lower is better; ties go to the newer document */
  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->id > y->id ? -1 : x->id < y->id;
}

/* The newest RANK_CANDIDATES matches with their bm25, best first, in one
 * walk of the doclists; *out_cutoff is the id of the next older match (the
 * first one left unranked), 0 when every match was ranked. */
static GArray *
rank_newest (DossierStore        *self,
             const SearchFilter  *filter,
             gint64              *out_cutoff,
             GError             **error)
{
  g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (RankedId));
  g_auto(DossierStatement) stmt = NULL;
  int rc;

  *out_cutoff = 0;
  stmt = prepare_fts (self, filter,
                      "SELECT rowid, " RANK_SQL " FROM documents_fts WHERE documents_fts MATCH ?1", NULL,
                      " ORDER BY rowid DESC LIMIT ?6", 0, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 6, (gint64) RANK_CANDIDATES + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RankedId row = { sqlite3_column_int64 (stmt, 0), sqlite3_column_double (stmt, 1) };

      g_array_append_val (ranked, row);
    }
  if (rc != SQLITE_DONE)
    {
      _dossier_store_fail (self, error, "search");
      return NULL;
    }
  if (ranked->len > RANK_CANDIDATES)
    {
      *out_cutoff = g_array_index (ranked, RankedId, ranked->len - 1).id;
      g_array_set_size (ranked, ranked->len - 1);
    }
  g_array_sort (ranked, compare_ranked);
  return g_steal_pointer (&ranked);
}

GPtrArray *
dossier_store_search (DossierStore  *self,
                      const char    *query,
                      guint          offset,
                      guint          limit,
                      GError       **error)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GArray) ranked = NULL;
  g_autofree char *fts_query = NULL;
  SearchFilter filter = { 0 };
  gint64 cutoff = 0;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_search_hit_free);
  fts_query = _dossier_store_fts_query (query);
  if (fts_query == NULL || limit == 0)
    return g_steal_pointer (&hits);
  filter.fts_query = fts_query;

  ranked = rank_newest (self, &filter, &cutoff, error);
  if (ranked == NULL)
    return NULL;

  for (guint i = offset; i < ranked->len && hits->len < limit; i++)
    {
      DossierSearchHit *hit = g_new0 (DossierSearchHit, 1);

      hit->id = g_array_index (ranked, RankedId, i).id;
      hit->rank = g_array_index (ranked, RankedId, i).rank;
      g_ptr_array_add (hits, hit);
    }

  if (cutoff > 0 && hits->len < limit)
    {
      g_auto(DossierStatement) stmt = NULL;

      stmt = prepare_fts (self, &filter, "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?1",
                          " AND rowid <= ?5", " ORDER BY rowid DESC LIMIT ?6 OFFSET ?7", cutoff, error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int (stmt, 6, limit - hits->len);
      sqlite3_bind_int (stmt, 7, offset > ranked->len ? offset - ranked->len : 0);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          DossierSearchHit *hit = g_new0 (DossierSearchHit, 1);

          hit->id = sqlite3_column_int64 (stmt, 0);
          hit->rank = 0.0;   /* bm25 is negative: unranked matches come after all ranked ones */
          g_ptr_array_add (hits, hit);
        }
      if (rc != SQLITE_DONE)
        {
          _dossier_store_fail (self, error, "search");
          return NULL;
        }
    }

  /* Titles and snippets for the page only: a snippet reads the document
   * text, which would cost a read of every match if done before the LIMIT. */
  for (guint i = 0; i < hits->len; i++)
    {
      DossierSearchHit *hit = g_ptr_array_index (hits, i);
      g_auto(DossierStatement) title = NULL;
      g_auto(DossierStatement) snippet = NULL;

      title = _dossier_store_prepare (self, "SELECT title FROM documents WHERE id = ?", error);
      if (title == NULL)
        return NULL;
      sqlite3_bind_int64 (title, 1, hit->id);
      rc = sqlite3_step (title);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          _dossier_store_fail (self, error, "search");
          return NULL;
        }
      hit->title = rc == SQLITE_ROW ? _dossier_store_column_strdup0 (title, 0) : g_strdup ("");

      snippet = _dossier_store_prepare (self,
                                        "SELECT snippet(documents_fts, 1, '" MARK_OPEN "', '" MARK_CLOSE "', '…', 24)"
                                        " FROM documents_fts WHERE documents_fts MATCH ?1 AND rowid = ?2",
                                        error);
      if (snippet == NULL)
        return NULL;
      sqlite3_bind_text (snippet, 1, fts_query, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (snippet, 2, hit->id);
      rc = sqlite3_step (snippet);
      if (rc == SQLITE_ROW)
        hit->snippet = _dossier_store_column_strdup0 (snippet, 0);
      else if (rc == SQLITE_DONE)
        hit->snippet = g_strdup ("");
      else
        {
          _dossier_store_fail (self, error, "search snippet");
          return NULL;
        }
    }

  return g_steal_pointer (&hits);
}

/* ---------------------------------------------------------------- lists -- */

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}


static gboolean
count_one (DossierStore  *self,
           const char    *sql,
           gint64         id,
           const char    *text,
           guint         *out_count,
           GError       **error)
{
  g_auto(DossierStatement) stmt = _dossier_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _dossier_store_fail (self, error, "list documents");
  *out_count = rc == SQLITE_ROW ? (guint) sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* At most how many documents pass the filters: the smallest of their sizes. */
static gboolean
estimate_filtered (DossierStore        *self,
                   const DossierQuery  *query,
                   guint               *out_count,
                   GError             **error)
{
  guint count;

  *out_count = G_MAXUINT;
  if (query->entity_id > 0)
    {
      if (!count_one (self, "SELECT document_count FROM entities WHERE id = ?", query->entity_id, NULL, &count, error))
        return FALSE;
      *out_count = MIN (*out_count, count);
    }
  if (query->feed_id > 0)
    {
      if (!count_one (self, "SELECT count(*) FROM documents WHERE feed_id = ?", query->feed_id, NULL, &count, error))
        return FALSE;
      *out_count = MIN (*out_count, count);
    }
  if (query->tag != NULL)
    {
      if (!count_one (self, "SELECT count(*) FROM document_tags dt JOIN tags t ON t.id = dt.tag_id WHERE t.name = ?",
                      0, query->tag, &count, error))
        return FALSE;
      *out_count = MIN (*out_count, count);
    }
  return TRUE;
}

static gboolean
append_ids (DossierStore  *self,
            sqlite3_stmt  *stmt,
            GArray        *ids,
            GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    return _dossier_store_fail (self, error, "list documents");
  return TRUE;
}

static GArray *
query_search_ids (DossierStore        *self,
                  const SearchFilter  *filter,
                  GError             **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) ranked = NULL;
  g_auto(DossierStatement) rest = NULL;
  gint64 cutoff = 0;

  ranked = rank_newest (self, filter, &cutoff, error);
  if (ranked == NULL)
    return NULL;
  g_array_set_size (ids, ranked->len);
  for (guint i = 0; i < ranked->len; i++)
    g_array_index (ids, gint64, i) = g_array_index (ranked, RankedId, i).id;

  if (cutoff > 0)
    {
      rest = prepare_fts (self, filter, "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?1",
                          " AND rowid <= ?5", " ORDER BY rowid DESC", cutoff, error);
      if (rest == NULL || !append_ids (self, rest, ids, error))
        return NULL;
    }
  return g_steal_pointer (&ids);
}

GArray *
dossier_store_query_ids (DossierStore        *self,
                         const DossierQuery  *query,
                         GError             **error)
{
  static const DossierQuery all = { DOSSIER_SORT_PUBLISHED, NULL, 0, 0, NULL };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) sql = NULL;
  g_auto(DossierStatement) stmt = NULL;
  gboolean walk_index = FALSE;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (query == NULL)
    query = &all;

  if (query->search != NULL && !is_blank (query->search))
    {
      g_autofree char *fts_query = _dossier_store_fts_query (query->search);
      SearchFilter filter = { fts_query, query->entity_id, query->feed_id, query->tag };

      /* Only punctuation: nothing can match it. */
      if (fts_query == NULL)
        return g_array_new (FALSE, FALSE, sizeof (gint64));
      return query_search_ids (self, &filter, error);
    }

  /* Built from fixed fragments only; every value is bound below, and each
   * shape is prepared once (interned text as the cache key).
   *
   * A small filtered set is best read by id and sorted; a big one (an
   * entity in a third of the library) is best found by walking the sort
   * order's covering index and testing membership: reading 30,000 document
   * rows by id costs far more than 100,000 index entries. The unary + keeps
   * SQLite from looking the ids up. */
  if (query->entity_id > 0 || query->feed_id > 0 || query->tag != NULL)
    {
      guint n_filtered;

      if (!estimate_filtered (self, query, &n_filtered, error))
        return NULL;
      walk_index = n_filtered > self->walk_index_above;
    }
  sql = g_string_new ("SELECT d.id FROM documents d WHERE 1");
  if (query->entity_id > 0)
    g_string_append_printf (sql, " AND %sd.id IN (SELECT document_id FROM entity_documents WHERE entity_id = ?2)",
                            walk_index ? "+" : "");
  if (query->feed_id > 0)
    g_string_append_printf (sql, " AND %sd.id IN (SELECT id FROM documents WHERE feed_id = ?3)",
                            walk_index ? "+" : "");
  if (query->tag != NULL)
    g_string_append_printf (sql, " AND %sd.id IN (SELECT dt.document_id FROM document_tags dt"
                                 " JOIN tags t ON t.id = dt.tag_id WHERE t.name = ?4)",
                            walk_index ? "+" : "");

  if (query->sort == DOSSIER_SORT_TITLE)
    g_string_append (sql, " ORDER BY d.title COLLATE NOCASE, d.id");
  else if (query->sort == DOSSIER_SORT_ADDED)
    g_string_append (sql, " ORDER BY d.added DESC, d.id DESC");
  else
    g_string_append (sql, " ORDER BY d.published = 0, d.published DESC, d.id DESC");

  stmt = _dossier_store_prepare_built (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  if (query->entity_id > 0)
    sqlite3_bind_int64 (stmt, 2, query->entity_id);
  if (query->feed_id > 0)
    sqlite3_bind_int64 (stmt, 3, query->feed_id);
  if (query->tag != NULL)
    sqlite3_bind_text (stmt, 4, query->tag, -1, SQLITE_STATIC);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!append_ids (self, stmt, ids, error))
    return NULL;
  return g_steal_pointer (&ids);
}

GPtrArray *
dossier_store_get_documents (DossierStore  *self,
                             const gint64  *ids,
                             guint          n_ids,
                             GError       **error)
{
  g_autoptr(GPtrArray) docs = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  docs = g_ptr_array_new_full (n_ids, (GDestroyNotify) dossier_document_free);

  /* The list view asks for a screenful at a time: one cached point lookup
   * per id keeps the order given without sorting in SQL. */
  for (guint i = 0; i < n_ids; i++)
    {
      g_auto(DossierStatement) stmt = NULL;
      int rc;

      stmt = _dossier_store_prepare (self, "SELECT " DOCUMENT_COLUMNS " FROM documents d WHERE d.id = ?", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        g_ptr_array_add (docs, document_from_row (stmt));
      else if (rc == SQLITE_DONE)
        continue;   /* removed since the caller got its ids: the view refreshes on "changed" */
      else
        {
          _dossier_store_fail (self, error, "get documents");
          return NULL;
        }
    }
  return g_steal_pointer (&docs);
}
