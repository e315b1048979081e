/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-feeds.c: subscribe, refresh, full text, fetch page and OPML through a
 * real library in a temporary folder and a SoupServer on 127.0.0.1. Every
 * failure must leave the library exactly as it was. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dossier-feeds.h"
#include "test-server.h"

typedef struct {
  TestServer   *server;
  char         *dir;
  char         *path;
  DossierStore *store;
  DossierFeeds *feeds;
} Fixture;

typedef struct {
  GMainLoop    *loop;
  GAsyncResult *result;
  guint         progress_calls;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static void
wait_run (Wait *wait)
{
  g_main_loop_run (wait->loop);
  g_main_loop_unref (wait->loop);
}

static char *
read_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("DOSSIER_SOURCE_DIR"), "tests", "fixtures", "feeds", name, NULL);
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  return data;
}

static void
serve_fixture (Fixture    *fixture,
               const char *path,
               const char *name,
               const char *content_type)
{
  g_autofree char *data = read_fixture (name);

  test_server_add_string (fixture->server, path, content_type, data);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = test_server_new ();
  fixture->dir = g_dir_make_tmp ("dossier-feeds-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "library.db", NULL);
  fixture->store = dossier_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->feeds = dossier_feeds_new (fixture->store);
  g_object_set (dossier_feeds_get_fetcher (fixture->feeds), "connect-timeout", 1, "request-timeout", 1500, NULL);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->feeds);
  g_clear_object (&fixture->store);
  test_server_free (fixture->server);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static DossierFeed *
subscribe (Fixture     *fixture,
           const char  *path,
           GError     **error)
{
  g_autofree char *url = test_server_url (fixture->server, path);
  Wait wait = { g_main_loop_new (NULL, FALSE) };
  DossierFeed *feed;

  dossier_feeds_subscribe_async (fixture->feeds, url, NULL, NULL, on_done, &wait);
  wait_run (&wait);
  feed = dossier_feeds_subscribe_finish (fixture->feeds, wait.result, error);
  g_object_unref (wait.result);
  return feed;
}

static void
count_progress (guint done, guint total, const char *message, gpointer user_data)
{
  Wait *wait = user_data;

  g_assert_cmpuint (done, <=, total);
  wait->progress_calls++;
}

static gboolean
refresh (Fixture               *fixture,
         gint64                 feed_id,
         GCancellable          *cancellable,
         DossierRefreshSummary *summary,
         GError               **error)
{
  Wait wait = { g_main_loop_new (NULL, FALSE) };
  gboolean ok;

  dossier_feeds_refresh_async (fixture->feeds, feed_id, TRUE, count_progress, &wait, NULL,
                               cancellable, on_done, &wait);
  wait_run (&wait);
  ok = dossier_feeds_refresh_finish (fixture->feeds, wait.result, summary, error);
  g_object_unref (wait.result);
  if (ok)
    g_assert_cmpuint (wait.progress_calls, >, 0);
  return ok;
}

static gint64
fetch_page (Fixture     *fixture,
            const char  *path,
            GError     **error)
{
  g_autofree char *url = test_server_url (fixture->server, path);
  Wait wait = { g_main_loop_new (NULL, FALSE) };
  gint64 id;

  dossier_feeds_fetch_page_async (fixture->feeds, url, NULL, on_done, &wait);
  wait_run (&wait);
  id = dossier_feeds_fetch_page_finish (fixture->feeds, wait.result, error);
  g_object_unref (wait.result);
  return id;
}

/* Every stored document and feed article, as one checksum: a failed fetch
 * must leave it unchanged. */
static char *
library_checksum (Fixture *fixture)
{
  DossierQuery query = { .sort = DOSSIER_SORT_ADDED };
  g_autoptr(GArray) ids = dossier_store_query_ids (fixture->store, &query, NULL);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      g_autoptr(DossierDocument) doc = dossier_store_get_document (fixture->store, g_array_index (ids, gint64, i), NULL);
      g_autofree char *line = g_strdup_printf ("%" G_GINT64_FORMAT "|%s|%s|%s|%" G_GINT64_FORMAT "\n",
                                               doc->id, doc->title, doc->url ? doc->url : "",
                                               doc->text, doc->published);
      g_checksum_update (sum, (const guchar *) line, -1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

static guint
count_documents_of (Fixture *fixture,
                    gint64   feed_id)
{
  DossierQuery query = { .sort = DOSSIER_SORT_ADDED, .feed_id = feed_id };
  g_autoptr(GArray) ids = dossier_store_query_ids (fixture->store, &query, NULL);

  return ids ? ids->len : 0;
}

static DossierDocument *
find_document_by_title (Fixture    *fixture,
                        const char *title)
{
  DossierQuery query = { .sort = DOSSIER_SORT_ADDED };
  g_autoptr(GArray) ids = dossier_store_query_ids (fixture->store, &query, NULL);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      DossierDocument *doc = dossier_store_get_document (fixture->store, g_array_index (ids, gint64, i), NULL);
      if (doc != NULL && g_strcmp0 (doc->title, title) == 0)
        return doc;
      dossier_document_free (doc);
    }
  return NULL;
}

/* ---------------------------------------------------------------- tests -- */

static void
test_subscribe_formats (Fixture *fixture, gconstpointer data)
{
  static const struct { const char *path; const char *file; const char *type; const char *title; guint n; } cases[] = {
    { "/rss20.xml", "rss20.xml", "application/rss+xml", "Adriatic Desk", 2 },
    { "/atom10.xml", "atom10.xml", "application/atom+xml", "Atom Notes", 1 },
    { "/rdf.xml", "rdf.xml", "application/rdf+xml", "RDF Wire", 1 },
    { "/feed.json", "feed.json", "application/feed+json", "JSON Dispatch", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierFeed) feed = NULL;

      serve_fixture (fixture, cases[i].path, cases[i].file, cases[i].type);
      feed = subscribe (fixture, cases[i].path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (feed->id, >, 0);
      g_assert_cmpstr (feed->title, ==, cases[i].title);
      g_assert_cmpstr (feed->status, ==, "ok");
      g_assert_cmpint (feed->last_success, >, 0);
      g_assert_cmpuint (count_documents_of (fixture, feed->id), ==, cases[i].n);
    }

  {
    g_autoptr(DossierDocument) doc = find_document_by_title (fixture, "Cyberattack disrupts Albanian government services");
    g_autofree char *expected_url = test_server_url (fixture->server, "/news/cyberattack");

    g_assert_nonnull (doc);
    g_assert_cmpstr (doc->url, ==, expected_url);
    g_assert_cmpstr (doc->author, ==, "Elira Hoxha");
    g_assert_cmpstr (doc->source, ==, "Adriatic Desk");
    g_assert_nonnull (strstr (doc->text, "went dark"));
    g_assert_null (strstr (doc->text, "alert"));
    g_assert_null (strstr (doc->text, "steal"));
  }

  /* All four at once (parsed in parallel workers): nothing new, nothing
   * changed, nothing stored twice. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *before = library_checksum (fixture);
    g_autofree char *after = NULL;
    DossierRefreshSummary summary = { 0 };

    g_assert_true (refresh (fixture, 0, NULL, &summary, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (summary.n_feeds, ==, 4);
    g_assert_cmpuint (summary.n_ok, ==, 4);
    g_assert_cmpuint (summary.n_new, ==, 0);
    g_assert_cmpuint (summary.n_updated, ==, 0);
    after = library_checksum (fixture);
    g_assert_cmpstr (after, ==, before);
  }
}

static void
test_discovery_and_types (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) none_error = NULL;
  g_autoptr(DossierFeed) feed = NULL;
  g_autoptr(DossierFeed) untyped = NULL;
  g_autoptr(DossierFeed) again = NULL;
  g_autofree char *atom_url = test_server_url (fixture->server, "/site/atom10.xml");
  g_autofree char *rss = read_fixture ("rss20.xml");
  g_autoptr(GBytes) body = g_bytes_new (rss, strlen (rss));

  serve_fixture (fixture, "/site/", "page-with-feed.html", "text/html");
  serve_fixture (fixture, "/site/atom10.xml", "atom10.xml", "text/plain");  /* wrong type */
  test_server_add (fixture->server, "/untyped", 200, NULL, body, NULL);      /* no type at all */
  test_server_add_string (fixture->server, "/plain-page", "text/html", "<html><body><p>Nothing</p></body></html>");

  feed = subscribe (fixture, "/site/", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (feed->url, ==, atom_url);
  g_assert_cmpstr (feed->title, ==, "Atom Notes");

  untyped = subscribe (fixture, "/untyped", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (untyped->title, ==, "Adriatic Desk");

  /* Subscribing twice gives the same feed. */
  again = subscribe (fixture, "/site/atom10.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->id, ==, feed->id);

  /* Latin-1 bytes under a UTF-8 declaration, told right by the HTTP header. */
  {
    const char *latin1 = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
                         "<title>Durr\xebs caf\xe9</title><item><title>Item</title>"
                         "<description>Na\xefve text.</description></item></channel></rss>";
    g_autoptr(GBytes) bytes = g_bytes_new (latin1, strlen (latin1));
    g_autoptr(DossierFeed) wrong = NULL;
    g_autoptr(DossierDocument) doc = NULL;

    test_server_add (fixture->server, "/latin1", 200, "application/rss+xml; charset=ISO-8859-1", bytes, NULL);
    wrong = subscribe (fixture, "/latin1", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (wrong->title, ==, "Durrës café");
    doc = find_document_by_title (fixture, "Item");
    g_assert_nonnull (doc);
    g_assert_cmpstr (doc->text, ==, "Naïve text.");
  }

  g_assert_null (subscribe (fixture, "/plain-page", &none_error));
  g_assert_nonnull (none_error);
  g_assert_nonnull (strstr (none_error->message, "Not a feed"));
}

static void
test_conditional_refresh (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierFeed) feed = subscribe (fixture, "/etag", &error);
  g_autoptr(DossierFeed) after = NULL;
  g_autofree char *before = NULL;
  g_autofree char *checksum = NULL;
  DossierRefreshSummary summary = { 0 };

  g_assert_no_error (error);
  g_assert_cmpstr (feed->etag, ==, "\"v1\"");
  before = library_checksum (fixture);

  g_assert_true (refresh (fixture, feed->id, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_ok, ==, 1);
  g_assert_cmpuint (summary.n_new, ==, 0);
  after = dossier_store_get_feed (fixture->store, feed->id, NULL);
  g_assert_cmpstr (after->status, ==, "ok");
  checksum = library_checksum (fixture);
  g_assert_cmpstr (checksum, ==, before);
  g_assert_cmpuint (test_server_hits (fixture->server, "/etag"), ==, 2);
}

static void
test_update_and_dedupe (Fixture *fixture, gconstpointer data)
{
  const char *v1 =
    "<rss version=\"2.0\"><channel><title>Updates</title><item><title>Story</title>"
    "<link>https://news.example.org/story</link><description>The first version of the story about Tirana and its mayor.</description></item>"
    "</channel></rss>";
  const char *v2 =
    "<rss version=\"2.0\"><channel><title>Updates</title><item><title>Story</title>"
    "<link>https://news.example.org/story</link><description>Correction: the first version of the story about Tirana and its mayor.</description></item>"
    "</channel></rss>";
  const char *other =
    "<rss version=\"2.0\"><channel><title>Aggregator</title><item><title>Story (via aggregator)</title>"
    "<link>https://news.example.org/story</link><description>Copied text.</description></item>"
    "</channel></rss>";
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierFeed) feed = NULL;
  g_autoptr(DossierFeed) aggregator = NULL;
  g_autoptr(DossierDocument) doc = NULL;
  g_autoptr(DossierDocument) updated = NULL;
  g_autoptr(DossierAnnotation) note = dossier_annotation_new ();
  g_autoptr(DossierAnnotation) kept = NULL;
  DossierRefreshSummary summary = { 0 };
  const char *quote = "story about Tirana";
  glong start;

  test_server_add_string (fixture->server, "/updates", "application/rss+xml", v1);
  test_server_add_string (fixture->server, "/aggregator", "application/rss+xml", other);
  feed = subscribe (fixture, "/updates", &error);
  g_assert_no_error (error);
  doc = find_document_by_title (fixture, "Story");
  g_assert_nonnull (doc);

  /* A highlight on the first version. */
  start = g_utf8_pointer_to_offset (doc->text, strstr (doc->text, quote));
  note->document_id = doc->id;
  note->start = start;
  note->end = start + g_utf8_strlen (quote, -1);
  g_free (note->note);
  note->note = g_strdup ("check this");
  g_assert_true (dossier_store_add_annotation (fixture->store, note, &error));
  g_assert_no_error (error);

  test_server_add_string (fixture->server, "/updates", "application/rss+xml", v2);
  g_assert_true (refresh (fixture, feed->id, NULL, &summary, &error));
  g_assert_cmpuint (summary.n_updated, ==, 1);
  g_assert_cmpuint (summary.n_new, ==, 0);
  updated = dossier_store_get_document (fixture->store, doc->id, NULL);
  g_assert_true (g_str_has_prefix (updated->text, "Correction"));
  kept = dossier_store_get_annotation (fixture->store, note->id, &error);
  g_assert_no_error (error);
  g_assert_false (kept->orphaned);
  g_assert_cmpstr (kept->quote, ==, quote);

  /* The same article through another feed is stored once. */
  aggregator = subscribe (fixture, "/aggregator", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dossier_store_count_documents (fixture->store), ==, 1);
  {
    /* …and the aggregator's copy does not overwrite the original. */
    g_autoptr(DossierDocument) original = dossier_store_get_document (fixture->store, doc->id, NULL);
    g_assert_true (g_str_has_prefix (original->text, "Correction"));
    g_assert_cmpint (original->feed_id, ==, feed->id);
  }
}

static void
test_failures_keep_library (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierFeed) feed = NULL;
  g_autoptr(DossierFeed) after = NULL;
  g_autoptr(GBytes) oops = g_bytes_new_static ("oops", 4);
  g_autofree char *before = NULL;
  g_autofree char *checksum = NULL;
  DossierRefreshSummary summary = { 0 };
  const char *bodies[] = {
    /* not a feed */
    "<html><body>gone</body></html>",
    /* billion laughs */
    "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
    "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>"
    "<rss version=\"2.0\"><channel><title>&f;</title></channel></rss>",
  };

  serve_fixture (fixture, "/feed", "rss20.xml", "application/rss+xml");
  feed = subscribe (fixture, "/feed", &error);
  g_assert_no_error (error);
  before = library_checksum (fixture);

  /* 500, 404, then hostile bodies, then a flood over the size limit. */
  test_server_add (fixture->server, "/feed", 500, "text/plain", oops, NULL);
  g_assert_true (refresh (fixture, feed->id, NULL, &summary, &error));
  g_assert_cmpuint (summary.n_failed, ==, 1);
  after = dossier_store_get_feed (fixture->store, feed->id, NULL);
  g_assert_cmpstr (after->status, ==, "error");
  g_assert_nonnull (strstr (after->error, "500"));
  g_assert_cmpint (after->last_success, ==, feed->last_success);
  checksum = library_checksum (fixture);
  g_assert_cmpstr (checksum, ==, before);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(DossierFeed) f = NULL;
      g_autofree char *c = NULL;

      test_server_add_string (fixture->server, "/feed", "application/rss+xml", bodies[i]);
      g_assert_true (refresh (fixture, feed->id, NULL, &summary, &error));
      c = library_checksum (fixture);
      g_assert_cmpstr (c, ==, before);
      f = dossier_store_get_feed (fixture->store, feed->id, NULL);
      if (i == 0)
        {
          g_assert_cmpstr (f->status, ==, "error");
          g_assert_nonnull (strstr (f->error, "Not a feed"));
        }
    }

  {
    g_autoptr(DossierFeed) flood = NULL;
    g_autoptr(DossierFeed) f = NULL;
    g_autofree char *c = NULL;

    /* Sending 11 MB takes a while under sanitizers: give it time. */
    g_object_set (dossier_feeds_get_fetcher (fixture->feeds), "request-timeout", 20000, NULL);
    flood = dossier_feed_copy (feed);
    g_free (flood->url);
    flood->url = test_server_url (fixture->server, "/flood");
    flood->etag = NULL;
    g_assert_true (dossier_store_update_feed (fixture->store, flood, &error));
    g_assert_true (refresh (fixture, feed->id, NULL, &summary, &error));
    f = dossier_store_get_feed (fixture->store, feed->id, NULL);
    g_assert_cmpstr (f->status, ==, "error");
    g_assert_nonnull (strstr (f->error, "10 MB"));
    c = library_checksum (fixture);
    g_assert_cmpstr (c, ==, before);
  }
}

static void
test_redirects_update_address (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierFeed) feed = NULL;
  g_autoptr(DossierFeed) moved = NULL;
  g_autoptr(DossierFeed) temp = NULL;
  g_autofree char *new_url = test_server_url (fixture->server, "/new-home");
  g_autofree char *old_url = NULL;
  DossierRefreshSummary summary = { 0 };

  serve_fixture (fixture, "/old-home", "rss20.xml", "application/rss+xml");
  serve_fixture (fixture, "/new-home", "rss20.xml", "application/rss+xml");
  serve_fixture (fixture, "/temp-target", "rss20.xml", "application/rss+xml");
  feed = subscribe (fixture, "/old-home", &error);
  g_assert_no_error (error);
  old_url = g_strdup (feed->url);

  test_server_add (fixture->server, "/old-home", 302, NULL, NULL, "Location", "/temp-target", NULL);
  g_assert_true (refresh (fixture, feed->id, NULL, &summary, &error));
  temp = dossier_store_get_feed (fixture->store, feed->id, NULL);
  g_assert_cmpstr (temp->url, ==, old_url);

  test_server_add (fixture->server, "/old-home", 301, NULL, NULL, "Location", "/new-home", NULL);
  g_assert_true (refresh (fixture, feed->id, NULL, &summary, &error));
  moved = dossier_store_get_feed (fixture->store, feed->id, NULL);
  g_assert_cmpstr (moved->url, ==, new_url);
  g_assert_cmpstr (moved->status, ==, "ok");
}

static void
test_retry_after_survives (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierFeed) feed = NULL;
  g_autoptr(DossierFeed) after = NULL;
  g_autoptr(DossierStore) reopened = NULL;
  g_autoptr(DossierFeed) stored = NULL;
  DossierRefreshSummary summary = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint hits;

  serve_fixture (fixture, "/busy", "rss20.xml", "application/rss+xml");
  feed = subscribe (fixture, "/busy", &error);
  g_assert_no_error (error);
  test_server_add (fixture->server, "/busy", 429, NULL, NULL, "Retry-After", "3600", NULL);
  g_assert_true (refresh (fixture, feed->id, NULL, &summary, &error));
  g_assert_cmpuint (summary.n_failed, ==, 1);
  after = dossier_store_get_feed (fixture->store, feed->id, NULL);
  g_assert_cmpint (after->retry_after, >=, now + 3599);
  g_assert_nonnull (strstr (after->error, "429"));

  /* Another library connection (a restart) sees it, and refresh skips it. */
  reopened = dossier_store_open (fixture->path, &error);
  g_assert_no_error (error);
  stored = dossier_store_get_feed (reopened, feed->id, NULL);
  g_assert_cmpint (stored->retry_after, ==, after->retry_after);
  hits = test_server_hits (fixture->server, "/busy");
  g_assert_true (refresh (fixture, 0, NULL, &summary, &error));
  g_assert_cmpuint (summary.n_skipped, ==, 1);
  g_assert_cmpuint (test_server_hits (fixture->server, "/busy"), ==, hits);
}

static void
test_full_text (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierFeed) feed = NULL;
  g_autoptr(DossierDocument) doc = NULL;
  g_autofree char *article_url = test_server_url (fixture->server, "/articles/restored");
  g_autofree char *xml = g_strdup_printf (
    "<rss version=\"2.0\"><channel><title>Teasers</title><item><title>Services restored</title>"
    "<link>%s</link><description>Just a teaser.</description></item></channel></rss>", article_url);
  DossierRefreshSummary summary = { 0 };

  serve_fixture (fixture, "/articles/restored", "article.html", "text/html; charset=utf-8");
  test_server_add_string (fixture->server, "/teasers", "application/rss+xml", xml);
  /* Imported from OPML first, so full text is on before the first fetch. */
  feed = dossier_feed_new ();
  feed->url = test_server_url (fixture->server, "/teasers");
  feed->full_text = TRUE;
  g_assert_true (dossier_store_add_feed (fixture->store, feed, &error));
  g_assert_true (refresh (fixture, feed->id, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_new, ==, 1);
  doc = find_document_by_title (fixture, "Services restored");
  g_assert_nonnull (doc);
  g_assert_nonnull (strstr (doc->text, "came back online"));
  g_assert_null (strstr (doc->text, "Copyright"));
  g_assert_cmpuint (test_server_hits (fixture->server, "/articles/restored"), ==, 1);

  /* A second refresh neither fetches the page again nor swaps the stored
   * article for the teaser. */
  g_assert_true (refresh (fixture, feed->id, NULL, &summary, &error));
  g_assert_cmpuint (summary.n_updated, ==, 0);
  g_assert_cmpuint (test_server_hits (fixture->server, "/articles/restored"), ==, 1);
  {
    g_autoptr(DossierDocument) same = dossier_store_get_document (fixture->store, doc->id, NULL);
    g_assert_cmpstr (same->text, ==, doc->text);
  }
}

static void
test_fetch_page (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) missing = NULL;
  g_autoptr(DossierDocument) doc = NULL;
  gint64 id, again;

  serve_fixture (fixture, "/article", "article.html", "text/html");
  id = fetch_page (fixture, "/article", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  doc = dossier_store_get_document (fixture->store, id, NULL);
  g_assert_cmpstr (doc->title, ==, "Full story: government services restored");
  g_assert_nonnull (strstr (doc->text, "Investigators"));
  g_assert_null (strstr (doc->text, "Home"));

  again = fetch_page (fixture, "/article", &error);
  g_assert_cmpint (again, ==, id);
  g_assert_cmpuint (dossier_store_count_documents (fixture->store), ==, 1);

  g_assert_cmpint (fetch_page (fixture, "/missing", &missing), ==, 0);
  g_assert_nonnull (strstr (missing->message, "404"));
  g_assert_cmpuint (dossier_store_count_documents (fixture->store), ==, 1);
}

static void
test_cancel_refresh (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(DossierFeed) feed = dossier_feed_new ();
  g_autoptr(DossierFeed) after = NULL;
  DossierRefreshSummary summary = { 0 };

  g_object_set (dossier_feeds_get_fetcher (fixture->feeds), "connect-timeout", 30, "request-timeout", 30000, NULL);
  feed->url = test_server_url (fixture->server, "/stall");
  g_assert_true (dossier_store_add_feed (fixture->store, feed, &error));
  g_timeout_add_once (200, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  g_assert_false (refresh (fixture, 0, cancellable, &summary, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = dossier_store_get_feed (fixture->store, feed->id, NULL);
  g_assert_cmpstr (after->status, ==, "new");
}

static void
test_opml (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *opml = read_fixture ("subscriptions.opml");
  g_autofree char *exported = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  guint added = 0, skipped = 0;

  g_assert_true (dossier_feeds_import_opml (fixture->feeds, opml, strlen (opml), &added, &skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 3);
  g_assert_cmpuint (skipped, ==, 1);
  g_assert_true (dossier_feeds_import_opml (fixture->feeds, opml, strlen (opml), &added, &skipped, &error));
  g_assert_cmpuint (added, ==, 0);

  feeds = dossier_store_list_feeds (fixture->store, NULL);
  g_assert_cmpuint (feeds->len, ==, 3);
  exported = dossier_feeds_export_opml (fixture->feeds, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (exported, "<outline text=\"News\" title=\"News\">"));
  g_assert_nonnull (strstr (exported, "xmlUrl=\"https://json.example.org/feed.json\""));
}

int
main (int   argc,
      char *argv[])
{
  /* Everything here is on 127.0.0.1: no proxy. (libproxy, behind the
   * system resolver, is C++ and trips AddressSanitizer's interceptors.) */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/net/feeds/subscribe-formats", test_subscribe_formats);
  ADD ("/net/feeds/discovery-and-types", test_discovery_and_types);
  ADD ("/net/feeds/conditional-refresh", test_conditional_refresh);
  ADD ("/net/feeds/update-and-dedupe", test_update_and_dedupe);
  ADD ("/net/feeds/failures-keep-library", test_failures_keep_library);
  ADD ("/net/feeds/redirects-update-address", test_redirects_update_address);
  ADD ("/net/feeds/retry-after-survives", test_retry_after_survives);
  ADD ("/net/feeds/full-text", test_full_text);
  ADD ("/net/feeds/fetch-page", test_fetch_page);
  ADD ("/net/feeds/cancel-refresh", test_cancel_refresh);
  ADD ("/net/feeds/opml", test_opml);
  return g_test_run ();
}
