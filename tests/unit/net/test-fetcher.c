/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fetcher.c: the fetcher's manners against a SoupServer on 127.0.0.1. */
#include "config.h"

#include <string.h>

#include "dossier-fetcher.h"
#include "test-server.h"

typedef struct {
  TestServer     *server;
  DossierFetcher *fetcher;
} Fixture;

typedef struct {
  GMainLoop          *loop;
  DossierFetchResult *result;
  GError             *error;
  gint64              not_before;
} Wait;

static void
on_fetched (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = dossier_fetcher_fetch_finish_full (DOSSIER_FETCHER (source), res,
                                                    &wait->not_before, &wait->error);
  g_main_loop_quit (wait->loop);
}

static DossierFetchResult *
fetch (Fixture      *fixture,
       const char   *path_or_url,
       const char   *etag,
       gint64       *out_not_before,
       GError      **error)
{
  Wait wait = { 0 };
  g_autofree char *url = strstr (path_or_url, "://") ? g_strdup (path_or_url)
                                                     : test_server_url (fixture->server, path_or_url);

  wait.loop = g_main_loop_new (NULL, FALSE);
  dossier_fetcher_fetch_async (fixture->fetcher, url, NULL, etag, NULL, NULL, on_fetched, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  if (out_not_before != NULL)
    *out_not_before = wait.not_before;
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.result;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = test_server_new ();
  fixture->fetcher = dossier_fetcher_new ();
  /* Short timeouts so the stalled-server tests end in seconds. */
  g_object_set (fixture->fetcher, "connect-timeout", 1, "request-timeout", 1500, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->fetcher);
  test_server_free (fixture->server);
}

static void
test_ok_and_user_agent (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierFetchResult) result = NULL;
  g_autofree char *agent = NULL;

  test_server_add_string (fixture->server, "/feed", "application/rss+xml; charset=iso-8859-1", "<rss/>");
  result = fetch (fixture, "/feed", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->status, ==, 200);
  g_assert_cmpstr (result->content_type, ==, "application/rss+xml");
  g_assert_cmpstr (result->charset, ==, "iso-8859-1");
  g_assert_cmpmem (g_bytes_get_data (result->body, NULL), g_bytes_get_size (result->body), "<rss/>", 6);
  g_assert_null (result->permanent_url);
  agent = test_server_last_header (fixture->server, "User-Agent");
  g_assert_nonnull (agent);
  g_assert_true (g_str_has_prefix (agent, "Dossier/" PACKAGE_VERSION));
}

static void
test_conditional_get (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierFetchResult) first = NULL;
  g_autoptr(DossierFetchResult) second = NULL;
  g_autofree char *sent = NULL;

  first = fetch (fixture, "/etag", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpstr (first->etag, ==, "\"v1\"");
  second = fetch (fixture, "/etag", first->etag, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->status, ==, 304);
  g_assert_null (second->body);
  g_assert_cmpstr (second->etag, ==, "\"v1\"");
  sent = test_server_last_header (fixture->server, "If-None-Match");
  g_assert_cmpstr (sent, ==, "\"v1\"");
}

static void
add_redirect (TestServer *server, const char *from, guint status, const char *to)
{
  test_server_add (server, from, status, NULL, NULL, "Location", to, NULL);
}

static void
test_redirects (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierFetchResult) r301 = NULL;
  g_autoptr(DossierFetchResult) r302 = NULL;
  g_autoptr(DossierFetchResult) chain = NULL;
  g_autofree char *target = test_server_url (fixture->server, "/target");

  test_server_add_string (fixture->server, "/target", "text/xml", "<rss/>");
  add_redirect (fixture->server, "/moved", 301, "/target");
  add_redirect (fixture->server, "/found", 302, "/target");
  add_redirect (fixture->server, "/p1", 308, "/p2");
  add_redirect (fixture->server, "/p2", 301, "/target");

  r301 = fetch (fixture, "/moved", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r301->url, ==, target);
  g_assert_cmpstr (r301->permanent_url, ==, target);

  /* A temporary redirect must not change the stored address. */
  r302 = fetch (fixture, "/found", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r302->url, ==, target);
  g_assert_null (r302->permanent_url);

  chain = fetch (fixture, "/p1", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chain->permanent_url, ==, target);
}

static void
test_redirect_refusals (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) loop_error = NULL;
  g_autoptr(GError) long_error = NULL;
  g_autoptr(GError) scheme_error = NULL;
  DossierFetchResult *result;

  add_redirect (fixture->server, "/loop-a", 302, "/loop-b");
  add_redirect (fixture->server, "/loop-b", 301, "/loop-a");
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *from = g_strdup_printf ("/hop%u", i);
      g_autofree char *to = g_strdup_printf ("/hop%u", i + 1);
      add_redirect (fixture->server, from, 302, to);
    }
  test_server_add_string (fixture->server, "/hop7", "text/xml", "<rss/>");
  add_redirect (fixture->server, "/to-file", 302, "file:///etc/passwd");

  result = fetch (fixture, "/loop-a", NULL, NULL, &loop_error);
  g_assert_null (result);
  g_assert_error (loop_error, DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_REDIRECTS);
  g_assert_nonnull (strstr (loop_error->message, "loop"));

  result = fetch (fixture, "/hop0", NULL, NULL, &long_error);
  g_assert_null (result);
  g_assert_error (long_error, DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_REDIRECTS);
  g_assert_cmpuint (test_server_hits (fixture->server, "/hop6"), ==, 0);

  result = fetch (fixture, "/to-file", NULL, NULL, &scheme_error);
  g_assert_null (result);
  g_assert_error (scheme_error, DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_REDIRECTS);
}

static void
test_http_errors (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) e404 = NULL;
  g_autoptr(GError) e500 = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("oops", 4);

  test_server_add (fixture->server, "/broken", 500, "text/plain", body, NULL);
  g_assert_null (fetch (fixture, "/nothing-here", NULL, NULL, &e404));
  g_assert_error (e404, DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_HTTP);
  g_assert_nonnull (strstr (e404->message, "404"));
  g_assert_nonnull (strstr (e404->message, "Not Found"));
  g_assert_null (fetch (fixture, "/broken", NULL, NULL, &e500));
  g_assert_error (e500, DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_HTTP);
  g_assert_nonnull (strstr (e500->message, "500"));
}

static void
test_retry_after (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) date_error = NULL;
  g_autoptr(GError) maxage_error = NULL;
  g_autoptr(DossierFetchResult) cached = NULL;
  gint64 not_before = 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GDateTime) later = g_date_time_new_from_unix_utc (now + 3600);
  g_autofree char *http_date = soup_date_time_to_string (later, SOUP_DATE_HTTP);

  test_server_add (fixture->server, "/busy", 429, NULL, NULL, "Retry-After", "120", NULL);
  test_server_add (fixture->server, "/down", 503, NULL, NULL, "Retry-After", http_date, NULL);
  test_server_add (fixture->server, "/cached", 200, "text/xml", g_bytes_new_static ("<rss/>", 6),
                   "Cache-Control", "public, max-age=600", NULL);

  g_assert_null (fetch (fixture, "/busy", NULL, &not_before, &error));
  g_assert_error (error, DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_RETRY_LATER);
  g_assert_cmpint (not_before, >=, now + 119);
  g_assert_cmpint (not_before, <=, now + 125);

  g_assert_null (fetch (fixture, "/down", NULL, &not_before, &date_error));
  g_assert_error (date_error, DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_RETRY_LATER);
  g_assert_cmpint (not_before, ==, now + 3600);

  cached = fetch (fixture, "/cached", NULL, NULL, &maxage_error);
  g_assert_no_error (maxage_error);
  g_assert_cmpint (cached->not_before, >=, now + 599);

  g_assert_cmpint (dossier_fetcher_parse_retry_after ("junk", now), ==, 0);
  g_assert_cmpint (dossier_fetcher_parse_retry_after ("10", now), ==, now + 10);
}

static void
test_timeouts (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) stall_error = NULL;
  g_autoptr(GError) drip_error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_null (fetch (fixture, "/stall", NULL, NULL, &stall_error));
  g_assert_error (stall_error, DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  start = g_get_monotonic_time ();
  g_assert_null (fetch (fixture, "/drip", NULL, NULL, &drip_error));
  g_assert_error (drip_error, DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
test_body_limit (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) chunked_error = NULL;
  g_autoptr(GError) length_error = NULL;

  g_assert_null (fetch (fixture, "/flood", NULL, NULL, &chunked_error));
  g_assert_error (chunked_error, DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (chunked_error->message, "10 MB"));
  g_assert_null (fetch (fixture, "/flood-cl", NULL, NULL, &length_error));
  g_assert_error (length_error, DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_TOO_LARGE);
}

static void
test_gzip (Fixture *fixture, gconstpointer data)
{
  const char *text = "<rss version=\"2.0\"><channel><title>Compressed</title></channel></rss>";
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierFetchResult) result = NULL;
  g_autoptr(GBytes) gz = NULL;
  char out[1024];
  gsize read = 0, written = 0;

  g_converter_convert (G_CONVERTER (compressor), text, strlen (text), out, sizeof out,
                       G_CONVERTER_INPUT_AT_END, &read, &written, &error);
  g_assert_no_error (error);
  gz = g_bytes_new (out, written);
  test_server_add (fixture->server, "/gz", 200, "application/rss+xml", gz, "Content-Encoding", "gzip", NULL);
  result = fetch (fixture, "/gz", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (result->body, NULL), g_bytes_get_size (result->body), text, strlen (text));
}

static void
test_bad_urls (Fixture *fixture, gconstpointer data)
{
  const char *bad[] = { "file:///etc/passwd", "ftp://example.org/feed", "javascript:alert(1)",
                        "not a url", "http://" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_null (fetch (fixture, bad[i], NULL, NULL, &error));
      g_assert_error (error, DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_BAD_URL);
    }
}

static void
test_tls_untrusted (void)
{
  g_autofree char *pem = g_build_filename (g_getenv ("DOSSIER_SOURCE_DIR"), "tests", "fixtures", "feeds",
                                           "selfsigned.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (pem, &error);
  Fixture fixture = { 0 };

  g_assert_no_error (error);
  fixture.server = test_server_new_tls (certificate);
  fixture.fetcher = dossier_fetcher_new ();
  g_object_set (fixture.fetcher, "connect-timeout", 5, "request-timeout", 5000, NULL);
  test_server_add_string (fixture.server, "/feed", "application/rss+xml", "<rss/>");

  /* A self-signed certificate is never accepted, not even on 127.0.0.1. */
  g_assert_null (fetch (&fixture, "/feed", NULL, NULL, &error));
  g_assert_error (error, DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "not trusted"));
  g_assert_cmpuint (test_server_hits (fixture.server, "/feed"), ==, 0);

  g_clear_object (&fixture.fetcher);
  test_server_free (fixture.server);
}

static void
test_cancel (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *url = test_server_url (fixture->server, "/stall");
  Wait wait = { 0 };

  g_object_set (fixture->fetcher, "connect-timeout", 30, "request-timeout", 30000, NULL);
  wait.loop = g_main_loop_new (NULL, FALSE);
  dossier_fetcher_fetch_async (fixture->fetcher, url, NULL, NULL, NULL, cancellable, on_fetched, &wait);
  g_timeout_add_once (100, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  g_assert_null (wait.result);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
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
  ADD ("/net/fetcher/ok-and-user-agent", test_ok_and_user_agent);
  ADD ("/net/fetcher/conditional-get", test_conditional_get);
  ADD ("/net/fetcher/redirects", test_redirects);
  ADD ("/net/fetcher/redirect-refusals", test_redirect_refusals);
  ADD ("/net/fetcher/http-errors", test_http_errors);
  ADD ("/net/fetcher/retry-after", test_retry_after);
  ADD ("/net/fetcher/timeouts", test_timeouts);
  ADD ("/net/fetcher/body-limit", test_body_limit);
  ADD ("/net/fetcher/gzip", test_gzip);
  ADD ("/net/fetcher/bad-urls", test_bad_urls);
  ADD ("/net/fetcher/cancel", test_cancel);
  g_test_add_func ("/net/fetcher/tls-untrusted", test_tls_untrusted);
  return g_test_run ();
}
