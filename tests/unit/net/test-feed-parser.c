/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-feed-parser.c: each format from our fixtures, dates, discovery, and
 * hostile documents — each must end quickly, with a reason, in bounded memory. */
#include "config.h"

#include <string.h>
#include <time.h>
#include <sys/resource.h>

#include "dossier-feed-parser.h"

/* CPU time of this process, not wall time: a loaded CI machine must not fail
 * a test that checks the work is not quadratic. */
static gint64
cpu_time_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static char *
fixture_path (const char *name)
{
  return g_build_filename (g_getenv ("DOSSIER_SOURCE_DIR"), "tests", "fixtures", "feeds", name, NULL);
}

static DossierParsedFeed *
parse_fixture (const char *name,
               const char *base)
{
  g_autofree char *path = fixture_path (name);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  DossierParsedFeed *feed;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  feed = dossier_feed_parse (data, len, base, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (feed);
  return feed;
}

static DossierFeedItem *
item (DossierParsedFeed *feed,
      guint              i)
{
  g_assert_cmpuint (i, <, feed->items->len);
  return g_ptr_array_index (feed->items, i);
}

static void
test_rss20 (void)
{
  g_autoptr(DossierParsedFeed) feed = parse_fixture ("rss20.xml", "https://example.org/feeds/rss20.xml");
  DossierFeedItem *first, *second;

  g_assert_cmpint (feed->format, ==, DOSSIER_FEED_FORMAT_RSS);
  g_assert_cmpstr (feed->version, ==, "rss20");
  g_assert_cmpstr (feed->title, ==, "Adriatic Desk");
  g_assert_cmpstr (feed->link, ==, "https://example.org/news/");
  g_assert_cmpstr (feed->lang, ==, "en-gb");
  g_assert_cmpuint (feed->items->len, ==, 2);

  first = item (feed, 0);
  g_assert_cmpstr (first->link, ==, "https://example.org/news/cyberattack");
  g_assert_cmpstr (first->guid, ==, "adriatic-1");
  g_assert_cmpstr (first->author, ==, "Elira Hoxha");
  g_assert_cmpint (first->published, ==, 1658129400);  /* 2022-07-18 07:30 UTC */
  /* content:encoded wins over the teaser; script and style never get through. */
  g_assert_nonnull (strstr (first->content, "went dark on Friday"));
  g_assert_nonnull (strstr (first->content, "Officials in Tirana"));
  g_assert_null (strstr (first->content, "alert"));
  g_assert_null (strstr (first->content, "steal"));
  g_assert_null (strstr (first->content, "color"));
  g_assert_cmpstr (first->summary, ==, "Short teaser.");

  second = item (feed, 1);
  g_assert_cmpstr (second->title, ==, "Talks on the camp near Durrës & their limits");
  g_assert_cmpint (second->published, ==, 1662559200);
  g_assert_cmpstr (second->media_description, ==, "A camp on the Adriatic coast.");
  g_assert_cmpstr (second->summary, ==, "The government cut diplomatic ties with Iran on Wednesday.");
}

static void
test_atom10 (void)
{
  g_autoptr(DossierParsedFeed) feed = parse_fixture ("atom10.xml", "https://elsewhere.example.org/atom");
  DossierFeedItem *entry;

  g_assert_cmpint (feed->format, ==, DOSSIER_FEED_FORMAT_ATOM);
  g_assert_cmpstr (feed->version, ==, "atom10");
  g_assert_cmpstr (feed->title, ==, "Atom Notes");
  /* xml:base wins over the address the feed came from. */
  g_assert_cmpstr (feed->link, ==, "https://atom.example.org/blog/");
  entry = item (feed, 0);
  g_assert_cmpstr (entry->title, ==, "Sanctions announced");
  g_assert_cmpstr (entry->link, ==, "https://atom.example.org/blog/posts/sanctions");
  g_assert_cmpstr (entry->guid, ==, "tag:atom.example.org,2022:sanctions");
  g_assert_cmpstr (entry->author, ==, "Arben Kola");
  g_assert_cmpint (entry->published, ==, 1662706800);
  g_assert_cmpint (entry->updated, ==, 1662710400);
  g_assert_nonnull (strstr (entry->content, "announced sanctions"));
  g_assert_nonnull (strstr (entry->content, "\n\nMore steps"));
}

static void
test_rdf (void)
{
  g_autoptr(DossierParsedFeed) feed = parse_fixture ("rdf.xml", NULL);
  DossierFeedItem *first = item (feed, 0);

  g_assert_cmpint (feed->format, ==, DOSSIER_FEED_FORMAT_RDF);
  g_assert_cmpstr (feed->title, ==, "RDF Wire");
  g_assert_cmpstr (first->link, ==, "http://rdf.example.org/item/1");
  g_assert_cmpstr (first->guid, ==, "http://rdf.example.org/item/1");
  g_assert_cmpstr (first->author, ==, "Wire staff");
  g_assert_cmpint (first->published, ==, 1665087300);
}

static void
test_json (void)
{
  g_autoptr(DossierParsedFeed) feed = parse_fixture ("feed.json", "https://json.example.org/feed.json");
  DossierFeedItem *first = item (feed, 0);
  DossierFeedItem *second = item (feed, 1);

  g_assert_cmpint (feed->format, ==, DOSSIER_FEED_FORMAT_JSON);
  g_assert_cmpstr (feed->version, ==, "json11");
  g_assert_cmpstr (feed->title, ==, "JSON Dispatch");
  g_assert_cmpstr (first->link, ==, "https://json.example.org/dispatch/1");
  g_assert_cmpstr (first->author, ==, "Dea Leka");
  g_assert_cmpstr (first->content, ==, "Ministers met in Brussels on Monday.");
  g_assert_cmpint (first->published, ==, 1668427200);
  g_assert_cmpstr (second->content, ==, "Only text here.");
  g_assert_cmpint (second->published, ==, 1668510000);
}

static void
test_dates (void)
{
  static const struct { const char *text; gint64 expected; } cases[] = {
    { "Mon, 18 Jul 2022 09:30:00 +0200", 1658129400 },
    { "Mon, 18 Jul 2022 07:30:00 GMT", 1658129400 },
    { "18 Jul 2022 03:30:00 EDT", 1658129400 },
    { "Monday, 18-Jul-22 07:30:00 GMT", 1658129400 },
    { "Mon Jul 18 07:30:00 2022", 1658129400 },
    { "2022-07-18T07:30:00Z", 1658129400 },
    { "2022-07-18T09:30:00.123+02:00", 1658129400 },
    { "2022-07-18 07:30:00", 1658129400 },
    { "20220718T073000Z", 1658129400 },
    { "2022-07-18", 1658102400 },
    { "2022-07", 1656633600 },
    { "  Mon,  18 July 2022 07:30 UT ", 1658129400 },
    { "", 0 },
    { "yesterday", 0 },
    { "2022-13-45", 0 },
    { "Mon, 32 Jul 2022 07:30:00 GMT", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 got = dossier_feed_parse_date (cases[i].text);
      if (got != cases[i].expected)
        g_error ("date “%s”: got %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT,
                 cases[i].text, got, cases[i].expected);
    }
}

static void
test_discovery (void)
{
  g_autofree char *path = fixture_path ("page-with-feed.html");
  g_autofree char *html = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) none = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &html, &len, NULL));
  found = dossier_feed_discover (html, len, "http://127.0.0.1:8080/site/index.html");
  g_assert_cmpuint (found->len, ==, 2);
  /* Atom first, then RSS; both resolved against the page. */
  g_assert_cmpstr (g_ptr_array_index (found, 0), ==, "http://127.0.0.1:8080/site/atom10.xml");
  g_assert_cmpstr (g_ptr_array_index (found, 1), ==, "http://127.0.0.1:8080/rss20.xml");

  none = dossier_feed_discover ("<html><body>no feed</body></html>", 33, "http://x.example/");
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_clean_line (void)
{
  g_autofree char *bidi = dossier_feed_clean_line ("Safe\u202etxt.exe\u202c title\x01\x07 \t end");
  g_autofree char *invalid = dossier_feed_clean_line ("caf\xe9 ok");

  g_autofree char *long_text = g_strnfill (100000, 'a');
  g_autofree char *long_line = dossier_feed_clean_line (long_text);

  g_assert_cmpstr (bidi, ==, "Safetxt.exe title end");
  g_assert_cmpuint (strlen (long_line), <=, DOSSIER_FEED_MAX_LINE + 3);
  g_assert_true (g_utf8_validate (invalid, -1, NULL));
  g_assert_nonnull (strstr (invalid, "ok"));
}

static void
test_not_a_feed (void)
{
  g_autoptr(GError) html_error = NULL;
  g_autoptr(GError) empty_error = NULL;
  g_autoptr(GError) json_error = NULL;
  const char *html = "<html><body><p>Hello</p></body></html>";

  g_assert_null (dossier_feed_parse (html, strlen (html), NULL, "text/html", NULL, &html_error));
  g_assert_nonnull (html_error);
  g_assert_true (g_str_has_prefix (html_error->message, "Not a feed") || g_str_has_prefix (html_error->message, "Malformed"));
  g_assert_null (dossier_feed_parse ("", 0, NULL, NULL, NULL, &empty_error));
  g_assert_error (empty_error, DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_MALFORMED);
  g_assert_null (dossier_feed_parse ("{\"a\": 1}", 8, NULL, NULL, NULL, &json_error));
  g_assert_error (json_error, DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_NOT_A_FEED);
}

/* ------------------------------------------------------------- hostile -- */

static glong
max_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

typedef struct {
  const char *name;
  GString    *doc;
} Hostile;

/* Sanitizers make deep recursion (fake stacks) tens of times slower. */
#if defined(__SANITIZE_ADDRESS__)
# define QUICK_SECONDS 90
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define QUICK_SECONDS 90
# endif
#endif
#ifndef QUICK_SECONDS
# define QUICK_SECONDS 3
#endif

static void
check_quick (gint64      start,
             const char *name)
{
  gint64 elapsed = cpu_time_usec () - start;

  if (elapsed > QUICK_SECONDS * G_USEC_PER_SEC)
    g_error ("%s took %" G_GINT64_FORMAT " ms", name, elapsed / 1000);
}

static void
test_hostile_entities (void)
{
  const char *xxe =
    "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">"
    "<!ENTITY remote SYSTEM \"http://127.0.0.1:1/evil.dtd\">]>"
    "<rss version=\"2.0\"><channel><title>A &xxe; B</title>"
    "<item><title>&remote;</title><description>x &xxe; y</description></item></channel></rss>";
  GString *laughs = g_string_new ("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY lol \"lol\">");
  g_autoptr(DossierParsedFeed) feed = NULL;
  g_autoptr(DossierParsedFeed) bomb = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  feed = dossier_feed_parse (xxe, strlen (xxe), NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (feed->title, "root"));
  g_assert_cmpstr (feed->title, ==, "A B");
  g_assert_true (feed->bozo);
  g_assert_cmpuint (feed->warnings->len, >, 0);
  g_assert_null (strstr (item (feed, 0)->summary, "root:"));

  for (guint i = 1; i < 10; i++)
    {
      g_string_append_printf (laughs, "<!ENTITY lol%u \"", i);
      for (guint j = 0; j < 10; j++)
        g_string_append_printf (laughs, i == 1 ? "&lol;" : "&lol%u;", i - 1);
      g_string_append (laughs, "\">");
    }
  g_string_append (laughs, "]><rss version=\"2.0\"><channel><title>&lol9;</title>"
                           "<item><title t=\"&lol9;\">&lol9;</title><description>&lol9;</description></item></channel></rss>");
  start = cpu_time_usec ();
  bomb = dossier_feed_parse (laughs->str, laughs->len, NULL, NULL, NULL, &error);
  check_quick (start, "billion laughs");
  if (bomb != NULL)
    {
      /* Kept as an unexpanded reference: the title is short. */
      g_assert_cmpuint (strlen (bomb->title), <, 1000);
      g_assert_true (bomb->bozo);
    }
  else
    g_assert_nonnull (error);
  g_string_free (laughs, TRUE);
}

static void
test_hostile_nesting (void)
{
  GString *xml = g_string_new ("<rss version=\"2.0\"><channel><title>Deep</title><item><title>x</title><description>");
  GString *json = g_string_new ("{\"version\": \"https://jsonfeed.org/version/1\", \"items\": ");
  GString *html = g_string_new ("<rss version=\"2.0\"><channel><title>Deep HTML</title><item><title>x</title><description><![CDATA[");
  g_autoptr(GError) xml_error = NULL;
  g_autoptr(GError) json_error = NULL;
  g_autoptr(GError) html_error = NULL;
  g_autoptr(DossierParsedFeed) deep_xml = NULL;
  g_autoptr(DossierParsedFeed) deep_html = NULL;
  gint64 start;

  for (guint i = 0; i < 100000; i++)
    g_string_append (xml, "<a>");
  g_string_append (xml, "bottom");
  for (guint i = 0; i < 100000; i++)
    g_string_append (json, "[");
  for (guint i = 0; i < 100000; i++)
    g_string_append (html, "<div>");
  g_string_append (html, "deep text]]></description></item></channel></rss>");

  start = cpu_time_usec ();
  deep_xml = dossier_feed_parse (xml->str, xml->len, NULL, NULL, NULL, &xml_error);
  check_quick (start, "deep XML");
  g_assert_null (deep_xml);
  g_assert_error (xml_error, DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (xml_error->message, "nested"));

  start = cpu_time_usec ();
  g_assert_null (dossier_feed_parse (json->str, json->len, NULL, "application/feed+json", NULL, &json_error));
  check_quick (start, "deep JSON");
  g_assert_error (json_error, DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_TOO_LARGE);

  /* HTML inside a feed field is read by the HTML parser: it must not
   * recurse itself to death either. */
  start = cpu_time_usec ();
  deep_html = dossier_feed_parse (html->str, html->len, NULL, NULL, NULL, &html_error);
  check_quick (start, "deep HTML in a description");
  g_assert_no_error (html_error);
  g_assert_cmpuint (deep_html->items->len, ==, 1);

  g_string_free (xml, TRUE);
  g_string_free (json, TRUE);
  g_string_free (html, TRUE);
}

static void
test_hostile_sizes (void)
{
  GString *huge = g_string_new ("<rss version=\"2.0\"><channel><title>Huge</title><item><title>x</title><description>");
  GString *big = g_string_new ("<rss version=\"2.0\"><channel><title>Big</title><item><title>x</title><description>");
  g_autoptr(GError) huge_error = NULL;
  g_autoptr(GError) big_error = NULL;
  g_autoptr(DossierParsedFeed) cut = NULL;
  gint64 start;

  /* A 12 MB text node: the whole document is over the limit. */
  {
    char chunk[1024];

    memset (chunk, 'x', sizeof chunk);
    chunk[sizeof chunk - 1] = ' ';
    for (guint i = 0; i < 12 * 1024; i++)
      g_string_append_len (huge, chunk, sizeof chunk);
  }
  g_string_append (huge, "</description></item></channel></rss>");
  start = cpu_time_usec ();
  g_assert_null (dossier_feed_parse (huge->str, huge->len, NULL, NULL, NULL, &huge_error));
  check_quick (start, "12 MB text node");
  g_assert_error (huge_error, DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (huge_error->message, "10 MB"));

  /* A 3 MB field is cut to the field limit, with a reason. */
  for (guint i = 0; i < 3 * 1024 * 16; i++)
    g_string_append (big, "word word word word word word word word word word word word word wor ");
  g_string_append (big, "</description></item></channel></rss>");
  start = cpu_time_usec ();
  cut = dossier_feed_parse (big->str, big->len, NULL, NULL, NULL, &big_error);
  check_quick (start, "3 MB field");
  g_assert_no_error (big_error);
  g_assert_cmpuint (strlen (item (cut, 0)->summary), <=, DOSSIER_FEED_MAX_TEXT);
  g_assert_true (cut->bozo);
  g_assert_nonnull (strstr (g_ptr_array_index (cut->warnings, 0), "cut short"));

  g_string_free (huge, TRUE);
  g_string_free (big, TRUE);
  g_assert_cmpint (max_rss_mb (), <, 400);
}

static void
test_hostile_text (void)
{
  const char *invalid =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
    "<title>Caf\xe9 \xff\xfe news</title><item><title>ok \xc3\x28 end</title>"
    "<description>fine</description></item></channel></rss>";
  const char *controls =
    "<rss version=\"2.0\"><channel><title>Bell&#7; and \xe2\x80\xae" "reversed\xe2\x80\xac title</title>"
    "<item><title>zero\xe2\x80\x8b\xe2\x81\xa6width</title><description>"
    "&lt;img src=x onerror=alert(1)&gt;&lt;a href=\"javascript:steal()\"&gt;link&lt;/a&gt;"
    "&lt;iframe src=\"http://evil\"&gt;&lt;/iframe&gt;&lt;style&gt;body{}&lt;/style&gt;text"
    "</description></item></channel></rss>";
  const char *latin1_declared_utf8 =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
    "<title>Durr\xebs caf\xe9</title></channel></rss>";
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedFeed) repaired = NULL;
  g_autoptr(DossierParsedFeed) stripped = NULL;
  g_autoptr(DossierParsedFeed) wrong = NULL;
  g_autoptr(DossierParsedFeed) http = NULL;
  DossierFeedItem *entry;

  repaired = dossier_feed_parse (invalid, strlen (invalid), NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (repaired->title, -1, NULL));
  g_assert_true (repaired->bozo);
  g_assert_nonnull (strstr (repaired->title, "news"));

  stripped = dossier_feed_parse (controls, strlen (controls), NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stripped->title, ==, "Bell and reversed title");
  entry = item (stripped, 0);
  g_assert_null (strstr (entry->title, "\xe2\x81\xa6"));
  g_assert_null (strstr (entry->summary, "alert"));
  g_assert_null (strstr (entry->summary, "javascript"));
  g_assert_null (strstr (entry->summary, "body{}"));
  g_assert_nonnull (strstr (entry->summary, "text"));

  /* Declared UTF-8, sent as Latin-1: read, repaired, said. */
  wrong = dossier_feed_parse (latin1_declared_utf8, strlen (latin1_declared_utf8), NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wrong->title, ==, "Durrës café");
  g_assert_true (wrong->bozo);

  /* The HTTP charset wins over the declaration. */
  http = dossier_feed_parse (latin1_declared_utf8, strlen (latin1_declared_utf8), NULL,
                             "application/rss+xml", "ISO-8859-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (http->title, ==, "Durrës café");
  g_assert_cmpstr (http->encoding, ==, "iso-8859-1");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/net/feed-parser/rss20", test_rss20);
  g_test_add_func ("/net/feed-parser/atom10", test_atom10);
  g_test_add_func ("/net/feed-parser/rdf", test_rdf);
  g_test_add_func ("/net/feed-parser/json", test_json);
  g_test_add_func ("/net/feed-parser/dates", test_dates);
  g_test_add_func ("/net/feed-parser/discovery", test_discovery);
  g_test_add_func ("/net/feed-parser/clean-line", test_clean_line);
  g_test_add_func ("/net/feed-parser/not-a-feed", test_not_a_feed);
  g_test_add_func ("/net/feed-parser/hostile/entities", test_hostile_entities);
  g_test_add_func ("/net/feed-parser/hostile/nesting", test_hostile_nesting);
  g_test_add_func ("/net/feed-parser/hostile/sizes", test_hostile_sizes);
  g_test_add_func ("/net/feed-parser/hostile/text", test_hostile_text);
  return g_test_run ();
}
