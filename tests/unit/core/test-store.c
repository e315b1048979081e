/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store.c: documents, search and annotations in a real library file in a
 * temporary folder. Entities: test-store-entities.c; refused and damaged
 * files: test-store-files.c. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dossier-store-private.h"
#include "dossier-text.h"

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
  char         *dir;
  char         *path;
  DossierStore *store;
  GHashTable   *changes;   /* detail → count */
} Fixture;

static void
on_changed_cb (DossierStore *store,
               const char   *detail,
               Fixture      *fixture)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (fixture->changes, detail));

  g_hash_table_replace (fixture->changes, g_strdup (detail), GUINT_TO_POINTER (count + 1));
}

static guint
changes (Fixture    *fixture,
         const char *detail)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (fixture->changes, detail));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("dossier-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "library.db", NULL);
  fixture->store = dossier_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
  fixture->changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_changed_cb), fixture);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_dir (fixture->dir);
  g_clear_pointer (&fixture->changes, g_hash_table_unref);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
reopen (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->store);
  fixture->store = dossier_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_changed_cb), fixture);
}

static gint64
add_doc (DossierStore *store,
         const char   *uid,
         const char   *title,
         const char   *text,
         gint64        published,
         gint64        added)
{
  DossierDocument doc = { 0 };
  g_autoptr(GError) error = NULL;
  DossierAddResult result = 99;
  gint64 id = 0;

  doc.uid = (char *) uid;
  doc.title = (char *) title;
  doc.text = (char *) text;
  doc.source = (char *) "Test Wire";
  doc.published = published;
  doc.added = added;
  g_assert_true (dossier_store_add_document (store, &doc, FALSE, &result, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, DOSSIER_ADD_STORED);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* ------------------------------------------------------------ documents -- */

static void
test_open_new (Fixture       *fixture,
               gconstpointer  data)
{
  g_assert_cmpint (dossier_store_get_schema_version (fixture->store), ==, 1);
  g_assert_cmpstr (dossier_store_get_path (fixture->store), ==, fixture->path);
  g_assert_cmpuint (dossier_store_count_documents (fixture->store), ==, 0);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));
}

static void
test_add_get (Fixture       *fixture,
              gconstpointer  data)
{
  DossierDocument doc = { 0 };
  g_autoptr(DossierDocument) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_uid = NULL;
  DossierAddResult result;
  gint64 id = 0;

  doc.title = (char *) "  Cyberattack on Albania  ";
  doc.author = (char *) "A. Writer";
  doc.source = (char *) "Balkan Wire";
  doc.url = (char *) "https://example.org/a";
  doc.published = 1657843200;
  doc.lang = (char *) "en";
  doc.text = (char *) "Tirana’s servers went dark on 15 July.\nOfficials blamed Iran.";
  g_assert_true (dossier_store_add_document (fixture->store, &doc, FALSE, &result, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, DOSSIER_ADD_STORED);
  g_assert_cmpuint (changes (fixture, "documents"), ==, 1);

  got = dossier_store_get_document (fixture->store, id, &error);
  g_assert_no_error (error);
  expected_uid = dossier_text_content_uid (doc.text);
  g_assert_cmpint (got->id, ==, id);
  g_assert_cmpstr (got->uid, ==, expected_uid);
  g_assert_cmpstr (got->title, ==, "Cyberattack on Albania");
  g_assert_cmpstr (got->author, ==, "A. Writer");
  g_assert_cmpstr (got->source, ==, "Balkan Wire");
  g_assert_cmpstr (got->url, ==, "https://example.org/a");
  g_assert_cmpstr (got->lang, ==, "en");
  g_assert_cmpstr (got->text, ==, doc.text);
  g_assert_cmpint (got->published, ==, 1657843200);
  g_assert_cmpint (got->added, >, 1600000000);
  g_assert_cmpuint (got->word_count, ==, 10);
  g_assert_cmpint (got->feed_id, ==, 0);
  g_assert_cmpuint (got->note_count, ==, 0);

  /* no title: the first line */
  doc.title = NULL;
  doc.text = (char *) "\n  First line here  \nsecond line";
  g_assert_true (dossier_store_add_document (fixture->store, &doc, FALSE, &result, &id, &error));
  g_clear_pointer (&got, dossier_document_free);
  got = dossier_store_get_document (fixture->store, id, &error);
  g_assert_cmpstr (got->title, ==, "First line here");

  g_clear_pointer (&got, dossier_document_free);
  got = dossier_store_get_document (fixture->store, 12345, &error);
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_assert_null (got);
}

static void
test_add_sanitises (Fixture       *fixture,
                    gconstpointer  data)
{
  DossierDocument doc = { 0 };
  g_autoptr(DossierDocument) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;
  gint64 id = 0;

  doc.title = (char *) "Two\nlines\xE2\x80\xAE";
  doc.text = (char *) "Line one\r\nfile\xE2\x80\xAEtxt.exe\x07\r\n";
  g_assert_true (dossier_store_add_document (fixture->store, &doc, FALSE, NULL, &id, &error));
  got = dossier_store_get_document (fixture->store, id, &error);
  g_assert_cmpstr (got->text, ==, "Line one\nfiletxt.exe\n");
  g_assert_cmpstr (got->title, ==, "Two lines");
  uid = dossier_text_content_uid (got->text);
  g_assert_cmpstr (got->uid, ==, uid);

  /* only control characters: nothing to store */
  doc.text = (char *) "\x01\x02\xE2\x80\xAE";
  g_assert_false (dossier_store_add_document (fixture->store, &doc, FALSE, NULL, NULL, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_INVALID);
}

static void
test_dedupe (Fixture       *fixture,
             gconstpointer  data)
{
  DossierDocument doc = { 0 };
  g_autoptr(GError) error = NULL;
  DossierAddResult result = 99;
  gint64 first = add_doc (fixture->store, "https://example.org/1", "One", "Same words here.", 0, 0);
  gint64 id = 0;

  g_hash_table_remove_all (fixture->changes);

  /* same uid, same text */
  doc.uid = (char *) "https://example.org/1";
  doc.title = (char *) "One again";
  doc.text = (char *) "Same words here.";
  g_assert_true (dossier_store_add_document (fixture->store, &doc, FALSE, &result, &id, &error));
  g_assert_cmpint (result, ==, DOSSIER_ADD_DUPLICATE);
  g_assert_cmpint (id, ==, first);

  /* other uid, same text: still the same document */
  doc.uid = (char *) "https://mirror.example.net/1";
  g_assert_true (dossier_store_add_document (fixture->store, &doc, TRUE, &result, &id, &error));
  g_assert_cmpint (result, ==, DOSSIER_ADD_DUPLICATE);
  g_assert_cmpint (id, ==, first);

  /* no uid: the content hash */
  doc.uid = NULL;
  g_assert_true (dossier_store_add_document (fixture->store, &doc, FALSE, &result, &id, &error));
  g_assert_cmpint (result, ==, DOSSIER_ADD_DUPLICATE);
  g_assert_cmpint (id, ==, first);

  /* same uid, other text, no update: a duplicate, the text stays */
  doc.uid = (char *) "https://example.org/1";
  doc.text = (char *) "Edited words here.";
  g_assert_true (dossier_store_add_document (fixture->store, &doc, FALSE, &result, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, DOSSIER_ADD_DUPLICATE);
  g_assert_cmpint (id, ==, first);

  g_assert_cmpuint (dossier_store_count_documents (fixture->store), ==, 1);
  g_assert_cmpuint (changes (fixture, "documents"), ==, 0);
}

static void
test_update_reanchors (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *old_text = "Intro. The servers of Albania were attacked in July. Iran denied it. The end.";
  const char *new_text = "Breaking — updated: Intro. The servers of Albania were attacked in mid-July. The end.";
  DossierDocument doc = { 0 };
  g_auto(DossierAnnotation) a = { 0 };
  g_auto(DossierAnnotation) b = { 0 };
  g_autoptr(DossierAnnotation) got_a = NULL;
  g_autoptr(DossierAnnotation) got_b = NULL;
  g_autoptr(DossierDocument) got = NULL;
  g_autoptr(GError) error = NULL;
  DossierAddResult result = 99;
  gint64 id = add_doc (fixture->store, "feed:item-1", "Attack", old_text, 0, 0);
  gint64 id2 = 0;
  GArray *ids;
  DossierQuery query = { .search = "denied" };

  a.document_id = id;
  a.start = 22;   /* "Albania" */
  a.end = 29;
  a.note = (char *) "who";
  g_assert_true (dossier_store_add_annotation (fixture->store, &a, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (a.quote, ==, "Albania");
  b.document_id = id;
  b.start = 53;   /* "Iran denied it." */
  b.end = 68;
  g_assert_true (dossier_store_add_annotation (fixture->store, &b, &error));
  g_assert_cmpstr (b.quote, ==, "Iran denied it.");

  doc.uid = (char *) "feed:item-1";
  doc.title = (char *) "Attack (updated)";
  doc.text = (char *) new_text;
  g_assert_true (dossier_store_add_document (fixture->store, &doc, TRUE, &result, &id2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, DOSSIER_ADD_UPDATED);
  g_assert_cmpint (id2, ==, id);

  got = dossier_store_get_document (fixture->store, id, &error);
  g_assert_cmpstr (got->text, ==, new_text);
  g_assert_cmpstr (got->title, ==, "Attack (updated)");
  g_assert_cmpuint (got->note_count, ==, 2);

  got_a = dossier_store_get_annotation (fixture->store, a.id, &error);
  g_assert_false (got_a->orphaned);
  g_assert_cmpuint (got_a->start, ==, 42);
  g_assert_cmpuint (got_a->end, ==, 49);
  g_assert_cmpstr (got_a->note, ==, "who");
  got_b = dossier_store_get_annotation (fixture->store, b.id, &error);
  g_assert_true (got_b->orphaned);
  g_assert_cmpstr (got_b->quote, ==, "Iran denied it.");

  /* the index follows the new text */
  ids = dossier_store_query_ids (fixture->store, &query, &error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_array_unref (ids);
  query.search = "mid-July";
  ids = dossier_store_query_ids (fixture->store, &query, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_array_unref (ids);
}

static void
test_invalid (Fixture       *fixture,
              gconstpointer  data)
{
  DossierDocument doc = { 0 };
  g_autoptr(GError) error = NULL;

  doc.title = (char *) "Empty";
  doc.text = (char *) "";
  g_assert_false (dossier_store_add_document (fixture->store, &doc, FALSE, NULL, NULL, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_INVALID);
  g_clear_error (&error);

  doc.text = (char *) "bad \xff bytes";
  g_assert_false (dossier_store_add_document (fixture->store, &doc, FALSE, NULL, NULL, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_INVALID);
  g_assert_cmpuint (dossier_store_count_documents (fixture->store), ==, 0);
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_doc (fixture->store, NULL, "Gone", "This will go away.", 0, 0);
  g_auto(DossierAnnotation) a = { .document_id = id, .start = 0, .end = 4 };
  g_autoptr(GPtrArray) all = NULL;

  g_assert_true (dossier_store_add_annotation (fixture->store, &a, &error));
  g_assert_true (dossier_store_remove_document (fixture->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dossier_store_count_documents (fixture->store), ==, 0);
  all = dossier_store_list_annotations (fixture->store, 0, &error);
  g_assert_cmpuint (all->len, ==, 0);

  g_assert_false (dossier_store_remove_document (fixture->store, id, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
}

static void
test_read_pos (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierDocument) got = NULL;
  gint64 id = add_doc (fixture->store, NULL, "Long", "Some long text to read.", 0, 0);

  g_assert_true (dossier_store_set_read_pos (fixture->store, id, 7, &error));
  reopen (fixture);
  got = dossier_store_get_document (fixture->store, id, &error);
  g_assert_cmpuint (got->read_pos, ==, 7);
  g_assert_false (dossier_store_set_read_pos (fixture->store, id + 1, 7, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
}

static void
assert_ids (GArray       *ids,
            const gint64 *expected,
            guint         n)
{
  g_assert_nonnull (ids);
  g_assert_cmpuint (ids->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, expected[i]);
}

static void
test_query_sorts (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 b = add_doc (fixture->store, NULL, "banana", "Text b.", 2000, 30);
  gint64 u = add_doc (fixture->store, NULL, "Unknown date", "Text u.", 0, 40);
  gint64 a = add_doc (fixture->store, NULL, "Apple", "Text a.", 3000, 10);
  gint64 c = add_doc (fixture->store, NULL, "cherry", "Text c.", 1000, 20);
  DossierQuery query = { 0 };
  GArray *ids;

  query.sort = DOSSIER_SORT_PUBLISHED;
  ids = dossier_store_query_ids (fixture->store, &query, &error);
  g_assert_no_error (error);
  assert_ids (ids, (gint64[]) { a, b, c, u }, 4);
  g_array_unref (ids);

  query.sort = DOSSIER_SORT_TITLE;
  ids = dossier_store_query_ids (fixture->store, &query, &error);
  assert_ids (ids, (gint64[]) { a, b, c, u }, 4);
  g_array_unref (ids);

  query.sort = DOSSIER_SORT_ADDED;
  ids = dossier_store_query_ids (fixture->store, &query, &error);
  assert_ids (ids, (gint64[]) { u, b, c, a }, 4);
  g_array_unref (ids);

  /* NULL query: everything by date */
  ids = dossier_store_query_ids (fixture->store, NULL, &error);
  assert_ids (ids, (gint64[]) { a, b, c, u }, 4);
  g_array_unref (ids);
}

static void
test_get_documents (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 x = add_doc (fixture->store, NULL, "X", "Text x with words.", 0, 0);
  gint64 y = add_doc (fixture->store, NULL, "Y", "Text y with words.", 0, 0);
  g_auto(DossierAnnotation) note = { .document_id = y, .start = 0, .end = 4 };
  g_auto(DossierAnnotation) note2 = { .document_id = y, .start = 5, .end = 6 };
  g_autoptr(GPtrArray) docs = NULL;
  DossierDocument *row;

  g_assert_true (dossier_store_add_annotation (fixture->store, &note, &error));
  g_assert_true (dossier_store_add_annotation (fixture->store, &note2, &error));

  docs = dossier_store_get_documents (fixture->store, (gint64[]) { y, 999, x }, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 2);
  row = g_ptr_array_index (docs, 0);
  g_assert_cmpint (row->id, ==, y);
  g_assert_cmpstr (row->title, ==, "Y");
  g_assert_null (row->text);
  g_assert_cmpuint (row->note_count, ==, 2);
  row = g_ptr_array_index (docs, 1);
  g_assert_cmpint (row->id, ==, x);
  g_assert_cmpuint (row->note_count, ==, 0);
}

/* --------------------------------------------------------------- search -- */

static void
test_search_rank_snippet (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 in_text = add_doc (fixture->store, NULL, "Tirana diary",
                            "The camp near Durrës hosts members of the MEK. The MEK camp is guarded. MEK again.",
                            0, 0);
  gint64 in_title = add_doc (fixture->store, NULL, "MEK camp row deepens",
                             "Relations between the two governments worsened over the summer.", 0, 0);
  gint64 other = add_doc (fixture->store, NULL, "Weather", "Sunny over the Adriatic.", 0, 0);
  g_autoptr(GPtrArray) hits = NULL;
  DossierSearchHit *hit;
  DossierQuery query = { .search = "mek" };
  GArray *ids;

  hits = dossier_store_search (fixture->store, "mek", 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 2);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpint (hit->id, ==, in_title);
  g_assert_cmpstr (hit->title, ==, "MEK camp row deepens");
  hit = g_ptr_array_index (hits, 1);
  g_assert_cmpint (hit->id, ==, in_text);
  g_assert_nonnull (strstr (hit->snippet, "\xee\x80\x80" "MEK" "\xee\x80\x81"));
  g_assert_true (((DossierSearchHit *) g_ptr_array_index (hits, 0))->rank <= hit->rank);

  /* paging */
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = dossier_store_search (fixture->store, "mek", 1, 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (((DossierSearchHit *) g_ptr_array_index (hits, 0))->id, ==, in_text);

  /* diacritics folded */
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = dossier_store_search (fixture->store, "durres", 0, 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);

  /* query_ids ranks the same way */
  ids = dossier_store_query_ids (fixture->store, &query, &error);
  assert_ids (ids, (gint64[]) { in_title, in_text }, 2);
  g_array_unref (ids);
  (void) other;
}

static void
test_search_user_syntax (Fixture       *fixture,
                         gconstpointer  data)
{
  static const struct { const char *query; int n_hits; } cases[] = {
    { "cyber*", 2 },
    { "cyberattack", 1 },
    { "cy*", 2 },
    { "\"state hackers\"", 1 },
    { "\"hackers state\"", 0 },
    { "state hackers", 1 },
    { "hackers -state", 1 },
    { "\"unbalanced", 0 },
    { "\"state", 1 },
    { "(", 0 },
    { ")", 0 },
    { "-", 0 },
    { "*", 0 },
    { "**", 0 },
    { "a AND", 0 },
    { "NOT", 0 },
    { "OR state", 0 },
    { "title:cyber", 0 },
    { "NEAR(state hackers)", 0 },
    { "^state", 1 },
    { "state)", 1 },
    { "{title}: x", 0 },
    { "\"\"", 0 },
    { "e-mail", 1 },
    { "  ", -1 },
  };
  g_autoptr(GError) error = NULL;

  add_doc (fixture->store, NULL, "Cyberattack", "State hackers struck on Friday.", 0, 0);
  add_doc (fixture->store, NULL, "Cybersecurity law", "Parliament passed it. Send an e-mail.", 0, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) hits = NULL;
      DossierQuery query = { .search = cases[i].query };
      GArray *ids;

      g_test_message ("query «%s»", cases[i].query);
      hits = dossier_store_search (fixture->store, cases[i].query, 0, 20, &error);
      g_assert_no_error (error);
      g_assert_nonnull (hits);
      if (cases[i].n_hits >= 0)
        g_assert_cmpint (hits->len, ==, cases[i].n_hits);

      ids = dossier_store_query_ids (fixture->store, &query, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ids->len, ==, (cases[i].n_hits >= 0 ? cases[i].n_hits : 2));
      g_array_unref (ids);
    }
}

/* A common query: only the newest matches are ranked by bm25, the others
 * follow newest first; search pages and query_ids agree and nothing is lost. */
static void
test_search_rank_cap (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 ids[7];
  DossierQuery query = { .search = "harbour" };
  GArray *list;

  _dossier_store_set_rank_candidates (fixture->store, 3);
  ids[0] = add_doc (fixture->store, NULL, "Harbour harbour", "The harbour.", 0, 0);
  ids[1] = add_doc (fixture->store, NULL, "One", "The harbour, once.", 0, 0);
  ids[2] = add_doc (fixture->store, NULL, "Two", "Harbour text.", 0, 0);
  ids[3] = add_doc (fixture->store, NULL, "Three", "Nothing here.", 0, 0);
  ids[4] = add_doc (fixture->store, NULL, "Four", "A harbour story.", 0, 0);
  ids[5] = add_doc (fixture->store, NULL, "Harbour news", "About the harbour and the harbour master.", 0, 0);
  ids[6] = add_doc (fixture->store, NULL, "Six", "Harbour again.", 0, 0);

  list = dossier_store_query_ids (fixture->store, &query, &error);
  g_assert_no_error (error);
  /* ranked: the three newest matches (6, 5, 4), title hit first; then 2, 1, 0 */
  g_assert_cmpuint (list->len, ==, 6);
  g_assert_cmpint (g_array_index (list, gint64, 0), ==, ids[5]);
  g_assert_cmpint (g_array_index (list, gint64, 3), ==, ids[2]);
  g_assert_cmpint (g_array_index (list, gint64, 4), ==, ids[1]);
  g_assert_cmpint (g_array_index (list, gint64, 5), ==, ids[0]);

  for (guint offset = 0; offset < 7; offset++)
    for (guint limit = 1; limit < 4; limit++)
      {
        g_autoptr(GPtrArray) hits = dossier_store_search (fixture->store, "harbour", offset, limit, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (hits->len, ==, MIN (limit, offset < 6 ? 6 - offset : 0));
        for (guint i = 0; i < hits->len; i++)
          g_assert_cmpint (((DossierSearchHit *) g_ptr_array_index (hits, i))->id, ==,
                           g_array_index (list, gint64, offset + i));
      }
  g_array_unref (list);
}

/* ---------------------------------------------------------- annotations -- */

static void
test_annotations (Fixture       *fixture,
                  gconstpointer  data)
{
  /* multi-byte characters before and inside the range: offsets are code points */
  const char *text = "Ça commence à Tiranë: «Edi Rama» said 😀 nothing more about the affair today.";
  g_autoptr(GError) error = NULL;
  gint64 id = add_doc (fixture->store, NULL, "Annotated", text, 0, 0);
  guint length = dossier_text_length (text);
  g_auto(DossierAnnotation) a = { 0 };
  g_auto(DossierAnnotation) later = { 0 };
  g_auto(DossierAnnotation) bad = { 0 };
  g_autoptr(DossierAnnotation) got = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_hash_table_remove_all (fixture->changes);

  a.document_id = id;
  a.start = 23;
  a.end = 31;
  a.color = DOSSIER_COLOR_GREEN;
  a.note = (char *) "the prime minister";
  g_assert_true (dossier_store_add_annotation (fixture->store, &a, &error));
  g_assert_no_error (error);
  g_assert_cmpint (a.id, >, 0);
  g_assert_cmpstr (a.quote, ==, "Edi Rama");
  g_assert_cmpstr (a.prefix, ==, "Ça commence à Tiranë: «");
  g_assert_true (g_str_has_prefix (a.suffix, "» said 😀 nothing"));
  g_assert_cmpuint (g_utf8_strlen (a.suffix, -1), ==, 32);
  g_assert_cmpuint (changes (fixture, "annotations"), ==, 1);

  later.document_id = id;
  later.start = 0;
  later.end = 2;
  later.color = DOSSIER_COLOR_PINK;
  g_assert_true (dossier_store_add_annotation (fixture->store, &later, &error));
  g_assert_cmpstr (later.quote, ==, "Ça");
  g_assert_cmpstr (later.prefix, ==, "");
  g_assert_null (later.note);   /* the caller's struct: only id, quote, prefix, suffix, times are set */

  /* offsets are checked against the length in characters, not bytes */
  bad.document_id = id;
  bad.start = length - 1;
  bad.end = length + 1;
  g_assert_false (dossier_store_add_annotation (fixture->store, &bad, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_INVALID);
  g_clear_error (&error);
  bad.start = bad.end = 3;
  g_assert_false (dossier_store_add_annotation (fixture->store, &bad, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_INVALID);
  g_clear_error (&error);
  bad.start = length - 1;
  bad.end = length;
  g_assert_true (dossier_store_add_annotation (fixture->store, &bad, &error));
  g_assert_cmpstr (bad.quote, ==, ".");
  g_assert_cmpstr (bad.suffix, ==, "");
  bad.document_id = 9999;
  g_assert_false (dossier_store_add_annotation (fixture->store, &bad, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* list: by start */
  list = dossier_store_list_annotations (fixture->store, id, &error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpint (((DossierAnnotation *) g_ptr_array_index (list, 0))->id, ==, later.id);
  g_assert_cmpint (((DossierAnnotation *) g_ptr_array_index (list, 1))->id, ==, a.id);
  g_assert_cmpint (((DossierAnnotation *) g_ptr_array_index (list, 2))->id, ==, bad.id);

  /* update colour and note */
  a.color = DOSSIER_COLOR_BLUE;
  a.note = (char *) "Albania's prime minister";
  g_assert_true (dossier_store_update_annotation (fixture->store, &a, &error));
  got = dossier_store_get_annotation (fixture->store, a.id, &error);
  g_assert_cmpint (got->color, ==, DOSSIER_COLOR_BLUE);
  g_assert_cmpstr (got->note, ==, "Albania's prime minister");
  g_assert_cmpstr (got->quote, ==, "Edi Rama");

  /* update the range: the quote follows */
  a.start = 27;
  g_assert_true (dossier_store_update_annotation (fixture->store, &a, &error));
  g_clear_pointer (&got, dossier_annotation_free);
  got = dossier_store_get_annotation (fixture->store, a.id, &error);
  g_assert_cmpstr (got->quote, ==, "Rama");
  g_assert_cmpstr (got->prefix, ==, "Ça commence à Tiranë: «Edi ");
  a.end = length + 5;
  g_assert_false (dossier_store_update_annotation (fixture->store, &a, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* remove and undo: the same id and everything it had */
  g_assert_true (dossier_store_remove_annotation (fixture->store, got->id, &error));
  g_assert_null (dossier_store_get_annotation (fixture->store, got->id, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (dossier_store_restore_annotation (fixture->store, got, &error));
  g_assert_no_error (error);
  reopen (fixture);
  {
    g_autoptr(DossierAnnotation) back = dossier_store_get_annotation (fixture->store, got->id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (back->quote, ==, "Rama");
    g_assert_cmpstr (back->note, ==, "Albania's prime minister");
    g_assert_cmpint (back->color, ==, DOSSIER_COLOR_BLUE);
    g_assert_cmpint (back->created, ==, got->created);
  }
  g_assert_false (dossier_store_restore_annotation (fixture->store, got, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_false (dossier_store_remove_annotation (fixture->store, 4242, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
}

static void
test_list_all_annotations (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 d1 = add_doc (fixture->store, NULL, "One", "First document text.", 0, 0);
  gint64 d2 = add_doc (fixture->store, NULL, "Two", "Second document text.", 0, 0);
  g_auto(DossierAnnotation) n1 = { .document_id = d2, .start = 7, .end = 15 };
  g_auto(DossierAnnotation) n2 = { .document_id = d1, .start = 6, .end = 14 };
  g_auto(DossierAnnotation) n3 = { .document_id = d2, .start = 0, .end = 6 };
  g_autoptr(GPtrArray) list = NULL;

  g_assert_true (dossier_store_add_annotation (fixture->store, &n1, &error));
  g_assert_true (dossier_store_add_annotation (fixture->store, &n2, &error));
  g_assert_true (dossier_store_add_annotation (fixture->store, &n3, &error));
  list = dossier_store_list_annotations (fixture->store, 0, &error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpint (((DossierAnnotation *) g_ptr_array_index (list, 0))->id, ==, n2.id);
  g_assert_cmpint (((DossierAnnotation *) g_ptr_array_index (list, 1))->id, ==, n3.id);
  g_assert_cmpint (((DossierAnnotation *) g_ptr_array_index (list, 2))->id, ==, n1.id);
}

/* -------------------------------------------------------- transactions -- */

static void
test_transactions (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_hash_table_remove_all (fixture->changes);

  /* grouped calls: views hear once, at the commit */
  g_assert_true (dossier_store_begin (fixture->store, &error));
  add_doc (fixture->store, NULL, "A", "Text a.", 0, 0);
  add_doc (fixture->store, NULL, "B", "Text b.", 0, 0);
  g_assert_cmpuint (changes (fixture, "documents"), ==, 0);
  g_assert_true (dossier_store_commit (fixture->store, &error));
  g_assert_cmpuint (changes (fixture, "documents"), ==, 1);
  g_assert_cmpuint (changes (fixture, "feeds"), ==, 0);

  /* rolled back: nothing stored, nothing heard */
  g_assert_true (dossier_store_begin (fixture->store, &error));
  add_doc (fixture->store, NULL, "C", "Text c.", 0, 0);
  g_assert_true (dossier_store_begin (fixture->store, &error));
  add_doc (fixture->store, NULL, "D", "Text d.", 0, 0);
  dossier_store_rollback (fixture->store);
  g_assert_cmpuint (dossier_store_count_documents (fixture->store), ==, 3);
  dossier_store_rollback (fixture->store);
  g_assert_cmpuint (dossier_store_count_documents (fixture->store), ==, 2);
  g_assert_cmpuint (changes (fixture, "documents"), ==, 1);

  /* a failed call inside a group undoes only its own part */
  g_assert_true (dossier_store_begin (fixture->store, &error));
  add_doc (fixture->store, NULL, "E", "Text e.", 0, 0);
  {
    DossierDocument bad = { .title = (char *) "Bad", .text = (char *) "" };
    g_auto(DossierAnnotation) out_of_range = { .start = 0, .end = 999 };

    g_assert_false (dossier_store_add_document (fixture->store, &bad, FALSE, NULL, NULL, &error));
    g_clear_error (&error);
    out_of_range.document_id = 1;
    g_assert_false (dossier_store_add_annotation (fixture->store, &out_of_range, &error));
    g_clear_error (&error);
  }
  add_doc (fixture->store, NULL, "F", "Text f.", 0, 0);
  g_assert_true (dossier_store_commit (fixture->store, &error));
  g_assert_cmpuint (dossier_store_count_documents (fixture->store), ==, 4);

  /* rollback outside a transaction: nothing, and no warning */
  dossier_store_rollback (fixture->store);

  reopen (fixture);
  g_assert_cmpuint (dossier_store_count_documents (fixture->store), ==, 4);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/open-new", test_open_new);
  ADD ("/store/documents/add-get", test_add_get);
  ADD ("/store/documents/sanitises", test_add_sanitises);
  ADD ("/store/documents/dedupe", test_dedupe);
  ADD ("/store/documents/update-reanchors", test_update_reanchors);
  ADD ("/store/documents/invalid", test_invalid);
  ADD ("/store/documents/remove", test_remove);
  ADD ("/store/documents/read-pos", test_read_pos);
  ADD ("/store/documents/query-sorts", test_query_sorts);
  ADD ("/store/documents/get-documents", test_get_documents);
  ADD ("/store/search/rank-snippet", test_search_rank_snippet);
  ADD ("/store/search/user-syntax", test_search_user_syntax);
  ADD ("/store/search/rank-cap", test_search_rank_cap);
  ADD ("/store/annotations/crud", test_annotations);
  ADD ("/store/annotations/list-all", test_list_all_annotations);
  ADD ("/store/transactions", test_transactions);
#undef ADD

  return g_test_run ();
}
