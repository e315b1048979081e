/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store-files.c: library files that must be refused and left byte for
 * byte as they were, files that must be accepted, two connections on one
 * file, and a write that fails half-way leaving nothing behind. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "dossier-store.h"

/* add_annotation fills quote, prefix and suffix of the caller's struct. */
static void
annotation_clear (DossierAnnotation *annotation)
{
  g_clear_pointer (&annotation->quote, g_free);
  g_clear_pointer (&annotation->prefix, g_free);
  g_clear_pointer (&annotation->suffix, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DossierAnnotation, annotation_clear)

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("dossier-files-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);

      g_remove (child);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static char *
checksum_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
write_file (const char *path,
            const void *data,
            gsize       length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

/* A real library with enough documents to span many pages. */
static void
make_library (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < 60; i++)
    {
      DossierDocument doc = { 0 };
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint j = 0; j < 200; j++)
        g_string_append_printf (text, "word%u-%u ", i, j);
      doc.title = (char *) "A document";
      doc.text = text->str;
      g_assert_true (dossier_store_add_document (store, &doc, FALSE, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  /* closing the last connection checkpoints the WAL into the file */
}

static void
assert_refused (const char *path,
                int         code)
{
  g_autofree char *before = checksum_of (path);
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  GStatBuf buf_before;
  GStatBuf buf_after;

  g_assert_cmpint (g_stat (path, &buf_before), ==, 0);
  store = dossier_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, DOSSIER_STORE_ERROR, code);
  g_test_message ("refused: %s", error->message);
  /* one line that names the file */
  g_assert_null (strchr (error->message, '\n'));
  g_assert_nonnull (strstr (error->message, path));

  after = checksum_of (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (g_stat (path, &buf_after), ==, 0);
  g_assert_cmpint (buf_before.st_size, ==, buf_after.st_size);
  /* and no journal left beside it */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* ------------------------------------------------------------- refused -- */

static void
test_random_bytes (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "random.db", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint32 bytes[2048];

  for (guint i = 0; i < G_N_ELEMENTS (bytes); i++)
    bytes[i] = g_rand_int (rand);
  write_file (path, bytes, sizeof bytes);
  assert_refused (path, DOSSIER_STORE_ERROR_NOT_A_LIBRARY);
}

static void
test_text_file (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "notes.txt", NULL);
  g_autofree char *tiny = g_build_filename (fixture->dir, "tiny.db", NULL);
  const char *text = "Shopping list\n- bread\n- milk\n";

  write_file (path, text, strlen (text));
  assert_refused (path, DOSSIER_STORE_ERROR_NOT_A_LIBRARY);
  write_file (tiny, "x", 1);
  assert_refused (tiny, DOSSIER_STORE_ERROR_NOT_A_LIBRARY);
}

static void
test_foreign_sqlite (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "places.sqlite", NULL);

  raw_exec (path, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);"
                  "INSERT INTO moz_places (url) VALUES ('https://example.org/');");
  assert_refused (path, DOSSIER_STORE_ERROR_NOT_A_LIBRARY);
}

static void
test_newer_schema (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "future.db", NULL);

  make_library (path);
  raw_exec (path, "PRAGMA user_version = 99");
  assert_refused (path, DOSSIER_STORE_ERROR_NEWER_SCHEMA);
}

static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "truncated.db", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  make_library (path);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 64 * 1024);
  write_file (path, contents, length / 2);
  assert_refused (path, DOSSIER_STORE_ERROR_DAMAGED);
}

static void
test_overwritten_pages (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "overwritten.db", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  make_library (path);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  /* pages 2 to 5 (4096 bytes each) become garbage; the header stays valid */
  for (gsize i = 4096; i < 5 * 4096 && i < length; i++)
    contents[i] = (char) (i * 7 + 13);
  write_file (path, contents, length);
  assert_refused (path, DOSSIER_STORE_ERROR_DAMAGED);
}

static void
test_header_only (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "header.db", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  make_library (path);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  write_file (path, contents, 100);
  before = checksum_of (path);
  store = dossier_store_open (path, &error);
  g_assert_null (store);
  g_assert_true (g_error_matches (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_DAMAGED) ||
                 g_error_matches (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_A_LIBRARY));
  after = checksum_of (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_folder (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (fixture->dir, &error);

  g_assert_null (store);
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_A_LIBRARY);
}

/* ------------------------------------------------------------ accepted -- */

static void
test_empty_file (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "empty.db", NULL);
  g_autofree char *nested = g_build_filename (fixture->dir, "a", "b", "library.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierStore) created = NULL;

  write_file (path, "", 0);
  store = dossier_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dossier_store_get_schema_version (store), ==, 1);

  /* parent folders are created */
  created = dossier_store_open (nested, &error);
  g_assert_no_error (error);
  g_clear_object (&created);
  g_remove (nested);
  {
    g_autofree char *b = g_path_get_dirname (nested);
    g_autofree char *a = g_path_get_dirname (b);
    g_autofree char *wal = g_strconcat (nested, "-wal", NULL);
    g_autofree char *shm = g_strconcat (nested, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
    g_rmdir (b);
    g_rmdir (a);
  }
}

static void
test_memory (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (":memory:", &error);
  DossierDocument doc = { .title = (char *) "T", .text = (char *) "In memory." };

  g_assert_no_error (error);
  g_assert_true (dossier_store_add_document (store, &doc, FALSE, NULL, NULL, &error));
  g_assert_cmpuint (dossier_store_count_documents (store), ==, 1);
}

static void
test_two_connections (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "shared.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) window = dossier_store_open (path, &error);
  g_autoptr(DossierStore) worker = dossier_store_open (path, &error);
  DossierDocument doc = { .title = (char *) "Shared", .text = (char *) "Written by the worker." };
  g_autoptr(GPtrArray) hits = NULL;
  GArray *ids;
  gint64 id = 0;

  g_assert_no_error (error);
  g_assert_nonnull (window);
  g_assert_nonnull (worker);

  /* the window has read before (a finished query must not pin an old snapshot) */
  ids = dossier_store_query_ids (window, NULL, &error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_array_unref (ids);
  g_assert_cmpuint (dossier_store_count_documents (window), ==, 0);

  g_assert_true (dossier_store_add_document (worker, &doc, FALSE, NULL, &id, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (dossier_store_count_documents (window), ==, 1);
  hits = dossier_store_search (window, "worker", 0, 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_true (dossier_store_set_read_pos (window, id, 3, &error));
}

/* -------------------------------------------------------------- atomic -- */

static gboolean
fts_is_consistent (const char *path)
{
  sqlite3 *db = NULL;
  int rc;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  rc = sqlite3_exec (db, "INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')", NULL, NULL, NULL);
  sqlite3_close (db);
  return rc == SQLITE_OK;
}

static void
test_failed_add_leaves_nothing (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "atomic.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (path, &error);
  DossierDocument doc = { .title = (char *) "Boom", .text = (char *) "Exploding text about zeppelins." };
  g_autoptr(GPtrArray) hits = NULL;

  g_assert_no_error (error);
  /* Fails after the row and its index entries were written. */
  raw_exec (path, "CREATE TRIGGER fail_late AFTER INSERT ON documents WHEN new.title = 'Boom'"
                  " BEGIN SELECT RAISE(ABORT, 'forced failure'); END");

  g_assert_false (dossier_store_add_document (store, &doc, FALSE, NULL, NULL, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_FAILED);
  g_assert_cmpuint (dossier_store_count_documents (store), ==, 0);
  hits = dossier_store_search (store, "zeppelins", 0, 10, NULL);
  g_assert_cmpuint (hits->len, ==, 0);
  g_assert_true (fts_is_consistent (path));

  /* the store still works afterwards */
  doc.title = (char *) "Fine";
  g_assert_true (dossier_store_add_document (store, &doc, FALSE, NULL, NULL, NULL));
  g_assert_cmpuint (dossier_store_count_documents (store), ==, 1);
}

static void
test_failed_update_leaves_nothing (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "atomic-update.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = dossier_store_open (path, &error);
  DossierDocument doc = { .uid = (char *) "feed:1", .title = (char *) "Item", .text = (char *) "Old text about airships." };
  g_auto(DossierAnnotation) note = { .start = 15, .end = 23 };
  g_autoptr(DossierDocument) got = NULL;
  g_autoptr(DossierAnnotation) got_note = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  DossierAddResult result;
  gint64 id = 0;

  g_assert_true (dossier_store_add_document (store, &doc, FALSE, NULL, &id, &error));
  note.document_id = id;
  g_assert_true (dossier_store_add_annotation (store, &note, &error));

  /* The text is replaced first, then re-anchoring the highlight fails. */
  raw_exec (path, "CREATE TRIGGER fail_anchor BEFORE UPDATE ON annotations"
                  " BEGIN SELECT RAISE(ABORT, 'forced failure'); END");
  doc.text = (char *) "New text: more about airships, and balloons.";
  g_assert_false (dossier_store_add_document (store, &doc, TRUE, &result, NULL, &error));
  g_assert_nonnull (error);

  got = dossier_store_get_document (store, id, NULL);
  g_assert_cmpstr (got->text, ==, "Old text about airships.");
  got_note = dossier_store_get_annotation (store, note.id, NULL);
  g_assert_cmpuint (got_note->start, ==, 15);
  hits = dossier_store_search (store, "balloons", 0, 10, NULL);
  g_assert_cmpuint (hits->len, ==, 0);
  g_assert_true (fts_is_consistent (path));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/files/refuse/random-bytes", test_random_bytes);
  ADD ("/store/files/refuse/text-file", test_text_file);
  ADD ("/store/files/refuse/foreign-sqlite", test_foreign_sqlite);
  ADD ("/store/files/refuse/newer-schema", test_newer_schema);
  ADD ("/store/files/refuse/truncated", test_truncated);
  ADD ("/store/files/refuse/overwritten-pages", test_overwritten_pages);
  ADD ("/store/files/refuse/header-only", test_header_only);
  ADD ("/store/files/refuse/folder", test_folder);
  ADD ("/store/files/accept/empty-file", test_empty_file);
  ADD ("/store/files/accept/memory", test_memory);
  ADD ("/store/files/two-connections", test_two_connections);
  ADD ("/store/files/atomic/add", test_failed_add_leaves_nothing);
  ADD ("/store/files/atomic/update", test_failed_update_leaves_nothing);
#undef ADD

  return g_test_run ();
}
