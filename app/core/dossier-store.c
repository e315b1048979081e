/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-store.c: opening a library, its schema and migrations, transactions
 * and the statement cache. Documents, annotations, entities and feeds live in
 * dossier-store-*.c beside this file. */
#define G_LOG_DOMAIN "dossier-store"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "dossier-store-private.h"

/* "DOSS": marks a SQLite file as ours, so a foreign database is never touched. */
#define DOSSIER_APPLICATION_ID 0x444f5353
#define DOSSIER_SCHEMA_VERSION 1

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DossierStore, dossier_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (dossier-store-error-quark, dossier_store_error)

/* ---------------------------------------------------------------- schema -- */

/* Migration N takes a library from user_version N-1 to N, in one transaction.
 * Never edit a migration once it has shipped: add the next one. */
static const char *migrations[] = {
  /* 1: the first schema */
  "CREATE TABLE feeds ("
  "  id            INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  url           TEXT NOT NULL UNIQUE,"
  "  title         TEXT,"
  "  site_url      TEXT,"
  "  folder        TEXT,"
  "  etag          TEXT,"
  "  last_modified TEXT,"
  "  fetched       INTEGER NOT NULL DEFAULT 0,"
  "  last_success  INTEGER NOT NULL DEFAULT 0,"
  "  status        TEXT NOT NULL DEFAULT 'new',"
  "  error         TEXT,"
  "  interval      INTEGER NOT NULL DEFAULT 0,"
  "  full_text     INTEGER NOT NULL DEFAULT 0,"
  "  retry_after   INTEGER NOT NULL DEFAULT 0,"
  "  added         INTEGER NOT NULL DEFAULT 0"
  ");"
  /* AUTOINCREMENT: ids are never reused, so an undo or an old export never
   * points at another row. */
  "CREATE TABLE documents ("
  "  id            INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  uid           TEXT NOT NULL UNIQUE,"
  "  content_hash  TEXT NOT NULL,"
  "  title         TEXT NOT NULL,"
  "  author        TEXT,"
  "  source        TEXT,"
  "  url           TEXT,"
  "  published     INTEGER NOT NULL DEFAULT 0,"
  "  added         INTEGER NOT NULL,"
  "  lang          TEXT,"
  "  text          TEXT NOT NULL,"
  "  word_count    INTEGER NOT NULL DEFAULT 0,"
  "  feed_id       INTEGER REFERENCES feeds (id) ON DELETE SET NULL,"
  "  guid          TEXT,"
  "  read_pos      INTEGER NOT NULL DEFAULT 0,"
  "  starred       INTEGER NOT NULL DEFAULT 0,"
  "  analyzed      INTEGER NOT NULL DEFAULT 0"  /* version of the analyzer that last ran, 0 = never */
  ");"
  "CREATE INDEX documents_content_hash ON documents (content_hash);"
  /* Unknown dates (0) sort last: the expression index serves that ORDER BY. */
  "CREATE INDEX documents_published ON documents (published = 0, published DESC, id DESC);"
  "CREATE INDEX documents_added ON documents (added DESC, id DESC);"
  "CREATE INDEX documents_title ON documents (title COLLATE NOCASE, id);"
  "CREATE INDEX documents_feed ON documents (feed_id, guid);"
  "CREATE INDEX documents_analyzed ON documents (analyzed);"
  "CREATE INDEX documents_url ON documents (url);"
  "CREATE VIRTUAL TABLE documents_fts USING fts5 ("
  "  title, text,"
  "  content = 'documents', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2',"
  "  prefix = '2 3'"
  ");"
  "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN"
  "  INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);"
  "END;"
  "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN"
  "  INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);"
  "END;"
  "CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN"
  "  INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);"
  "  INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);"
  "END;"
  "CREATE TABLE annotations ("
  "  id            INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  document_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
  "  start         INTEGER NOT NULL,"
  "  end           INTEGER NOT NULL,"
  "  quote         TEXT NOT NULL,"
  "  prefix        TEXT NOT NULL DEFAULT '',"
  "  suffix        TEXT NOT NULL DEFAULT '',"
  "  color         TEXT NOT NULL DEFAULT 'yellow',"
  "  note          TEXT NOT NULL DEFAULT '',"
  "  orphaned      INTEGER NOT NULL DEFAULT 0,"
  "  created       INTEGER NOT NULL,"
  "  updated       INTEGER NOT NULL,"
  "  CHECK (start < end)"
  ");"
  "CREATE INDEX annotations_document ON annotations (document_id, start);"
  "CREATE TABLE entities ("
  "  id            INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  type          TEXT NOT NULL CHECK (type IN ('person', 'organization', 'place', 'misc', 'date')),"
  "  name          TEXT NOT NULL,"
  "  hidden        INTEGER NOT NULL DEFAULT 0,"
  "  origin        TEXT NOT NULL DEFAULT 'auto' CHECK (origin IN ('auto', 'user')),"
  /* Kept by the triggers below: listing a library's entities must not count
   * a million mentions each time. Not rejected mentions only. */
  "  mention_count  INTEGER NOT NULL DEFAULT 0,"
  "  document_count INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE entity_aliases ("
  "  entity_id     INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,"
  "  type          TEXT NOT NULL,"
  "  norm          TEXT NOT NULL,"
  "  origin        TEXT NOT NULL DEFAULT 'auto' CHECK (origin IN ('auto', 'user')),"
  "  PRIMARY KEY (type, norm)"
  ");"
  "CREATE INDEX entity_aliases_entity ON entity_aliases (entity_id);"
  "CREATE INDEX entities_type ON entities (type);"
  "CREATE TABLE mentions ("
  "  id            INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  document_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
  "  entity_id     INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,"
  "  start         INTEGER NOT NULL,"
  "  end           INTEGER NOT NULL,"
  "  origin        TEXT NOT NULL DEFAULT 'auto' CHECK (origin IN ('auto', 'user')),"
  "  rejected      INTEGER NOT NULL DEFAULT 0,"
  "  value         TEXT,"
  "  CHECK (start < end)"
  ");"
  /* Both in the order the lists want (the rowid is the last key): no sorting. */
  "CREATE INDEX mentions_document ON mentions (document_id, start, end);"
  "CREATE INDEX mentions_entity ON mentions (entity_id, document_id, start, end);"
  /* Which entities a document mentions, how often (not rejected mentions):
   * the per-document panel, co-occurrence and the entity filter read this
   * instead of the mentions. No foreign key on document_id: rows go with
   * their mentions, through the triggers, whatever order cascades run in. */
  "CREATE TABLE entity_documents ("
  "  entity_id     INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,"
  "  document_id   INTEGER NOT NULL,"
  "  mentions      INTEGER NOT NULL,"
  "  PRIMARY KEY (entity_id, document_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX entity_documents_document ON entity_documents (document_id, entity_id);"
  "CREATE TRIGGER mentions_count_insert AFTER INSERT ON mentions WHEN new.rejected = 0 BEGIN"
  "  INSERT INTO entity_documents (entity_id, document_id, mentions) VALUES (new.entity_id, new.document_id, 1)"
  "    ON CONFLICT (entity_id, document_id) DO UPDATE SET mentions = mentions + 1;"
  "  UPDATE entities SET mention_count = mention_count + 1,"
  "    document_count = document_count + coalesce ((SELECT mentions = 1 FROM entity_documents"
  "      WHERE entity_id = new.entity_id AND document_id = new.document_id), 0)"
  "    WHERE id = new.entity_id;"
  "END;"
  "CREATE TRIGGER mentions_count_delete AFTER DELETE ON mentions WHEN old.rejected = 0 BEGIN"
  "  UPDATE entity_documents SET mentions = mentions - 1"
  "    WHERE entity_id = old.entity_id AND document_id = old.document_id;"
  "  UPDATE entities SET mention_count = mention_count - 1,"
  "    document_count = document_count - coalesce ((SELECT mentions = 0 FROM entity_documents"
  "      WHERE entity_id = old.entity_id AND document_id = old.document_id), 0)"
  "    WHERE id = old.entity_id;"
  "  DELETE FROM entity_documents WHERE entity_id = old.entity_id AND document_id = old.document_id AND mentions <= 0;"
  "END;"
  /* An update is the delete of the old row and the insert of the new one. */
  "CREATE TRIGGER mentions_count_update_old AFTER UPDATE OF entity_id, document_id, rejected ON mentions"
  "  WHEN old.rejected = 0 BEGIN"
  "  UPDATE entity_documents SET mentions = mentions - 1"
  "    WHERE entity_id = old.entity_id AND document_id = old.document_id;"
  "  UPDATE entities SET mention_count = mention_count - 1,"
  "    document_count = document_count - coalesce ((SELECT mentions = 0 FROM entity_documents"
  "      WHERE entity_id = old.entity_id AND document_id = old.document_id), 0)"
  "    WHERE id = old.entity_id;"
  "  DELETE FROM entity_documents WHERE entity_id = old.entity_id AND document_id = old.document_id AND mentions <= 0;"
  "END;"
  "CREATE TRIGGER mentions_count_update_new AFTER UPDATE OF entity_id, document_id, rejected ON mentions"
  "  WHEN new.rejected = 0 BEGIN"
  "  INSERT INTO entity_documents (entity_id, document_id, mentions) VALUES (new.entity_id, new.document_id, 1)"
  "    ON CONFLICT (entity_id, document_id) DO UPDATE SET mentions = mentions + 1;"
  "  UPDATE entities SET mention_count = mention_count + 1,"
  "    document_count = document_count + coalesce ((SELECT mentions = 1 FROM entity_documents"
  "      WHERE entity_id = new.entity_id AND document_id = new.document_id), 0)"
  "    WHERE id = new.entity_id;"
  "END;"
  "CREATE TABLE tags ("
  "  id            INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  name          TEXT NOT NULL UNIQUE"
  ");"
  "CREATE TABLE document_tags ("
  "  document_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
  "  tag_id        INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (document_id, tag_id)"
  ");"
  "CREATE INDEX document_tags_tag ON document_tags (tag_id, document_id);"
  "CREATE TABLE annotation_tags ("
  "  annotation_id INTEGER NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,"
  "  tag_id        INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (annotation_id, tag_id)"
  ");"
  "CREATE INDEX annotation_tags_tag ON annotation_tags (tag_id);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == DOSSIER_SCHEMA_VERSION);

/* --------------------------------------------------------------- helpers -- */

gboolean
_dossier_store_fail (DossierStore  *self,
                     GError       **error,
                     const char    *what)
{
  int code = sqlite3_extended_errcode (self->db) & 0xff;
  int kind = DOSSIER_STORE_ERROR_FAILED;

  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    kind = DOSSIER_STORE_ERROR_DAMAGED;

  g_set_error (error, DOSSIER_STORE_ERROR, kind,
               "%s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
_dossier_store_exec (DossierStore  *self,
                     const char    *sql,
                     GError       **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      int code = sqlite3_extended_errcode (self->db) & 0xff;

      g_set_error (error, DOSSIER_STORE_ERROR,
                   (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
                     ? DOSSIER_STORE_ERROR_DAMAGED : DOSSIER_STORE_ERROR_FAILED,
                   "%s", message ? message : sqlite3_errmsg (self->db));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
_dossier_store_prepare (DossierStore  *self,
                        const char    *sql,
                        GError       **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      _dossier_store_fail (self, error, "prepare");
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

char *
_dossier_store_column_strdup (sqlite3_stmt *stmt,
                              int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *) text) : NULL;
}

/* The details of "changed", one bit each in pending_changes. */
static const char *change_details[] = { "documents", "annotations", "entities", "feeds" };

static void
emit_pending_changes (DossierStore *self)
{
  guint pending = self->pending_changes;

  self->pending_changes = 0;
  for (guint i = 0; i < G_N_ELEMENTS (change_details); i++)
    if (pending & (1u << i))
      g_signal_emit (self, signals[CHANGED], g_quark_from_static_string (change_details[i]),
                     change_details[i]);
}

void
_dossier_store_changed (DossierStore *self,
                        const char   *detail)
{
  for (guint i = 0; i < G_N_ELEMENTS (change_details); i++)
    if (strcmp (detail, change_details[i]) == 0)
      self->pending_changes |= 1u << i;

  /* Within a transaction the change may still be rolled back: views hear of
   * it when the outermost transaction commits. */
  if (self->transaction_depth == 0)
    emit_pending_changes (self);
}

void
_dossier_statement_reset (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
}

sqlite3_stmt *
_dossier_store_prepare_built (DossierStore  *self,
                              const char    *sql,
                              GError       **error)
{
  return _dossier_store_prepare (self, g_intern_string (sql), error);
}

gboolean
_dossier_store_step_done (DossierStore  *self,
                          sqlite3_stmt  *stmt,
                          GError       **error,
                          const char    *what)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _dossier_store_fail (self, error, what);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

char *
_dossier_store_column_strdup0 (sqlite3_stmt *stmt,
                               int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return g_strdup (text ? (const char *) text : "");
}

gboolean
_dossier_store_invalid (GError     **error,
                        int          code,
                        const char  *format,
                        ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  va_start (args, format);
  *error = g_error_new_valist (DOSSIER_STORE_ERROR, code, format, args);
  va_end (args);
  return FALSE;
}

static int
query_int (DossierStore *self,
           const char   *sql,
           int          *out_value)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out_value = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* Refuses anything that is not an empty file, an empty database or a Dossier
 * library of this or an older schema, before a single byte is written. */
static gboolean
check_library (DossierStore  *self,
               gboolean      *out_is_new,
               GError       **error)
{
  int application_id = 0;
  int version = 0;
  int n_tables = 0;
  int rc;

  rc = query_int (self, "PRAGMA application_id", &application_id);
  if (rc == SQLITE_OK)
    rc = query_int (self, "PRAGMA user_version", &version);
  if (rc == SQLITE_OK)
    rc = query_int (self, "SELECT count(*) FROM sqlite_master", &n_tables);

  if (rc == SQLITE_NOTADB)
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_A_LIBRARY,
                   _("%s is not a Dossier library (not a database at all); it was left untouched"),
                   self->path);
      return FALSE;
    }
  if (rc == SQLITE_CORRUPT)
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_DAMAGED,
                   _("%s is damaged (%s); it was left untouched"),
                   self->path, sqlite3_errmsg (self->db));
      return FALSE;
    }
  if (rc != SQLITE_OK)
    return _dossier_store_fail (self, error, self->path);

  if (application_id == 0 && version == 0 && n_tables == 0)
    {
      *out_is_new = TRUE;
      return TRUE;
    }
  if (application_id != DOSSIER_APPLICATION_ID)
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_A_LIBRARY,
                   _("%s is another program’s database, not a Dossier library; it was left untouched"),
                   self->path);
      return FALSE;
    }
  if (version > DOSSIER_SCHEMA_VERSION)
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NEWER_SCHEMA,
                   _("%s was written by a newer Dossier (schema %d, this one knows %d); it was left untouched"),
                   self->path, version, DOSSIER_SCHEMA_VERSION);
      return FALSE;
    }

  *out_is_new = FALSE;
  return TRUE;
}

/* A damaged page is otherwise found only when some query reads it, maybe
 * half-way through a user's work. Small libraries get SQLite's quick_check
 * (it reads every page); for big ones that would cost seconds at every start,
 * so they get a probe that walks the schema and the indexes of documents,
 * annotations and entities (a few milliseconds at 100,000 documents), and
 * later damage is reported by the call that meets it. */
#define FULL_CHECK_MAX_BYTES (8 * 1024 * 1024)

static gboolean
check_integrity (DossierStore  *self,
                 GError       **error)
{
  static const char *probes[] = {
    "SELECT count(*) FROM documents",
    "SELECT count(*) FROM documents INDEXED BY documents_published",
    "SELECT count(*) FROM documents INDEXED BY documents_content_hash",
    "SELECT count(*) FROM annotations",
    "SELECT count(*) FROM entities",
    /* not the mentions: over a million rows in a big library, 100 ms */
  };
  GStatBuf buf;
  const char *reason = NULL;
  g_autofree char *reason_copy = NULL;
  int rc = SQLITE_OK;

  if (g_stat (self->path, &buf) == 0 && buf.st_size <= FULL_CHECK_MAX_BYTES)
    {
      sqlite3_stmt *stmt = NULL;

      rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            {
              const char *result = (const char *) sqlite3_column_text (stmt, 0);

              if (g_strcmp0 (result, "ok") != 0)
                reason_copy = g_strdup (result ? result : "?");
              rc = SQLITE_OK;
            }
        }
      sqlite3_finalize (stmt);
    }
  else
    {
      for (guint i = 0; rc == SQLITE_OK && i < G_N_ELEMENTS (probes); i++)
        {
          int ignored;

          rc = query_int (self, probes[i], &ignored);
        }
    }

  if (rc != SQLITE_OK)
    {
      int code = sqlite3_extended_errcode (self->db) & 0xff;

      if (code != SQLITE_CORRUPT && code != SQLITE_NOTADB && code != SQLITE_ERROR)
        return _dossier_store_fail (self, error, self->path);
      reason = sqlite3_errmsg (self->db);
    }
  else if (reason_copy != NULL)
    reason = reason_copy;

  if (reason != NULL)
    {
      g_autofree char *line = g_strdelimit (g_strdup (reason), "\r\n", ' ');

      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_DAMAGED,
                   _("%s is damaged (%s); it was left untouched"),
                   self->path, line);
      return FALSE;
    }
  return TRUE;
}

/* SQLite takes a file shorter than one page for an empty database and would
 * happily write a library over a small text file. Any file that is not empty
 * must start like a SQLite database before SQLite may see it. */
static gboolean
check_magic (const char  *path,
             GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  char header[16] = { 0 };
  FILE *file;
  size_t n_read;

  file = g_fopen (path, "rb");
  if (file == NULL)
    return TRUE;   /* missing: SQLite creates it; unreadable: SQLite says why */
  n_read = fread (header, 1, sizeof header, file);
  fclose (file);

  if (n_read == 0 || (n_read == sizeof header && memcmp (header, magic, sizeof magic) == 0))
    return TRUE;

  g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_A_LIBRARY,
               _("%s is not a Dossier library (not a database at all); it was left untouched"),
               path);
  return FALSE;
}

static gboolean
migrate (DossierStore  *self,
         GError       **error)
{
  int version = 0;

  if (query_int (self, "PRAGMA user_version", &version) != SQLITE_OK)
    return _dossier_store_fail (self, error, "user_version");

  for (int next = version + 1; next <= DOSSIER_SCHEMA_VERSION; next++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", next);

      /* IMMEDIATE: a second Dossier opening the same file waits, then finds the work done. */
      if (!_dossier_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (query_int (self, "PRAGMA user_version", &version) != SQLITE_OK)
        {
          _dossier_store_exec (self, "ROLLBACK", NULL);
          return _dossier_store_fail (self, error, "user_version");
        }
      if (version >= next)
        {
          _dossier_store_exec (self, "ROLLBACK", NULL);
          continue;
        }
      if (!_dossier_store_exec (self, migrations[next - 1], error) ||
          (next == 1 && !_dossier_store_exec (self, "PRAGMA application_id = 1146049363", error)) ||
          !_dossier_store_exec (self, set_version, error) ||
          !_dossier_store_exec (self, "COMMIT", error))
        {
          _dossier_store_exec (self, "ROLLBACK", NULL);
          g_prefix_error (error, _("Could not upgrade %s to schema %d: "), self->path, next);
          return FALSE;
        }
    }
  return TRUE;
}

G_STATIC_ASSERT (DOSSIER_APPLICATION_ID == 1146049363);

/* ---------------------------------------------------------------- object -- */

static void
dossier_store_finalize (GObject *object)
{
  DossierStore *self = (DossierStore *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (dossier_store_parent_class)->finalize (object);
}

static void
dossier_store_class_init (DossierStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dossier_store_finalize;

  /**
   * DossierStore::changed:
   * @detail: "documents", "annotations", "entities" or "feeds"
   *
   * Emitted after a change is committed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
dossier_store_init (DossierStore *self)
{
  self->statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
  self->rank_candidates = DOSSIER_STORE_RANK_CANDIDATES;
  self->walk_index_above = DOSSIER_STORE_WALK_INDEX_ABOVE;
}

void
_dossier_store_set_walk_index_above (DossierStore *self,
                                     guint         n)
{
  self->walk_index_above = n;
}

void
_dossier_store_set_rank_candidates (DossierStore *self,
                                    guint         n)
{
  self->rank_candidates = MAX (n, 1);
}

/* ------------------------------------------------------------ public API -- */

char *
dossier_store_default_path (void)
{
  const char *env = g_getenv ("DOSSIER_LIBRARY");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "dossier", "library.db", NULL);
}

DossierStore *
dossier_store_open (const char  *path,
                    GError     **error)
{
  g_autoptr(DossierStore) self = NULL;
  gboolean is_memory;
  gboolean is_new = FALSE;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (DOSSIER_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  is_memory = strcmp (path, ":memory:") == 0;

  if (!is_memory)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_A_LIBRARY,
                       _("%s is a folder, not a Dossier library"), path);
          return NULL;
        }
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_FAILED,
                       _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
          return NULL;
        }
    }

  if (!is_memory && !check_magic (path, error))
    return NULL;

  if (sqlite3_open_v2 (path, &self->db, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_FAILED,
                   _("Could not open %s: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  if (!check_library (self, &is_new, error))
    return NULL;
  if (!is_new && !is_memory && !check_integrity (self, error))
    return NULL;

  /* Only now, with the file known to be ours (or empty), may we write to it. */
  if (!_dossier_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      (!is_memory && !_dossier_store_exec (self, "PRAGMA journal_mode = WAL", error)) ||
      !_dossier_store_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      /* Statement journals (every insert under a trigger inside a savepoint)
       * in memory, not in temporary files: halves the cost of storing an
       * analysis (bench-analyze). */
      !_dossier_store_exec (self, "PRAGMA temp_store = MEMORY", error) ||
      !migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
dossier_store_get_path (DossierStore *self)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  return self->path;
}

int
dossier_store_get_schema_version (DossierStore *self)
{
  int version = 0;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), 0);
  query_int (self, "PRAGMA user_version", &version);
  return version;
}

gboolean
dossier_store_begin (DossierStore  *self,
                     GError       **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);

  /* IMMEDIATE takes the write lock at once: a deferred transaction that read
   * first could not upgrade while another connection writes (SQLITE_BUSY
   * without waiting). Inner levels are savepoints. */
  if (self->transaction_depth == 0)
    sql = g_strdup ("BEGIN IMMEDIATE");
  else
    sql = g_strdup_printf ("SAVEPOINT dossier_%u", self->transaction_depth);
  if (!_dossier_store_exec (self, sql, error))
    return FALSE;
  self->transaction_depth++;
  return TRUE;
}

gboolean
dossier_store_commit (DossierStore  *self,
                      GError       **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->transaction_depth > 0, FALSE);

  if (self->transaction_depth == 1)
    sql = g_strdup ("COMMIT");
  else
    sql = g_strdup_printf ("RELEASE dossier_%u", self->transaction_depth - 1);

  /* On failure the transaction stays open for the caller's rollback, as
   * after any other failed call inside it. */
  if (!_dossier_store_exec (self, sql, error))
    return FALSE;
  self->transaction_depth--;

  if (self->transaction_depth == 0)
    emit_pending_changes (self);
  return TRUE;
}

gboolean
_dossier_store_finish (DossierStore  *self,
                       GError       **error)
{
  if (dossier_store_commit (self, error))
    return TRUE;
  dossier_store_rollback (self);
  return FALSE;
}

void
dossier_store_rollback (DossierStore *self)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (DOSSIER_IS_STORE (self));

  /* Outside a transaction there is nothing to undo: callers may write
   * "if (!begin || !add || !commit) rollback" without counting. */
  if (self->transaction_depth == 0)
    return;

  self->transaction_depth--;
  if (self->transaction_depth == 0)
    {
      /* SQLite may have rolled back already (a RAISE(ROLLBACK), a full disk). */
      if (!sqlite3_get_autocommit (self->db))
        _dossier_store_exec (self, "ROLLBACK", NULL);
      self->pending_changes = 0;
      return;
    }
  sql = g_strdup_printf ("ROLLBACK TO dossier_%u; RELEASE dossier_%u",
                         self->transaction_depth, self->transaction_depth);
  _dossier_store_exec (self, sql, NULL);
}
