/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-extract.c: the article extractor and HTML-to-text on our own fixtures
 * (chrome, metadata forms, charsets, hostile pages) and, when the shared data
 * is present, its quality over the Readability test pages. */
#define G_LOG_DOMAIN "test-extract"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>

#include "dossier-extract.h"
#include "../../bench/extract-score.h"

/* CPU time of this process, not wall time: a loaded CI machine must not fail
 * a test that checks the work is not quadratic. */
static gint64
cpu_time_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Measured with extract-eval on the Readability test pages (median 1.000,
 * mean 0.988 when this was written); the floors leave room for small
 * changes but catch any real regression. */
#define MEDIAN_F1_FLOOR 0.98
#define MEAN_F1_FLOOR   0.96

static char *
fixture_path (const char *name)
{
  const char *source_dir = g_getenv ("DOSSIER_SOURCE_DIR");

  g_assert_nonnull (source_dir);
  return g_build_filename (source_dir, "tests", "fixtures", "extract", name, NULL);
}

static DossierArticle *
extract_fixture (const char *name,
                 const char *charset_hint)
{
  g_autofree char *path = fixture_path (name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  DossierArticle *article;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  article = dossier_extract_article (contents, length, charset_hint, "https://example.com/news/story", &error);
  g_assert_no_error (error);
  g_assert_nonnull (article);
  g_assert_nonnull (article->text);
  g_assert_true (g_utf8_validate (article->text, -1, NULL));
  g_assert_true (g_utf8_validate (article->title, -1, NULL));
  return article;
}

static gboolean
has_warning_containing (DossierArticle *article,
                        const char     *needle)
{
  for (guint i = 0; i < article->warnings->len; i++)
    if (strstr (article->warnings->pdata[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
assert_no_controls (const char *str)
{
  if (str == NULL)
    return;
  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_true (c >= 0x20 || c == '\n');
      g_assert_false (c >= 0x7F && c < 0xA0);
      g_assert_false (c >= 0x202A && c <= 0x202E);
      g_assert_false (c >= 0x2066 && c <= 0x2069);
    }
}

/* ------------------------------------------------------------------------ */

static void
test_news_with_chrome (void)
{
  g_autoptr(DossierArticle) article = extract_fixture ("news-with-chrome.html", NULL);
  const char *text = article->text;

  g_assert_cmpstr (article->title, ==, "Harbour Town votes to restore its old lighthouse");
  g_assert_cmpstr (article->byline, ==, "Maria Fernandes");
  g_assert_cmpstr (article->site_name, ==, "The Coastal Gazette");
  g_assert_cmpstr (article->lang, ==, "en-GB");
  g_assert_cmpstr (article->date, ==, "2024-03-18T09:30:00+00:00");
  g_assert_cmpint (article->published, ==, 1710754200);
  g_assert_cmpstr (article->excerpt, ==, "The council approved a two-year plan to repair the 1871 tower.");

  /* The article, in order, as paragraphs. */
  g_assert_true (g_str_has_prefix (text, "The town council voted on Monday evening"));
  g_assert_nonnull (strstr (text, "council's own reserves.\n\nA long campaign\n\nSupporters"));
  g_assert_nonnull (strstr (text, "The plan includes three stages:\n\nstabilising the rock foundations before next winter;\nreplacing"));
  g_assert_true (g_str_has_suffix (text, "which now rely on satellite navigation."));
  g_assert_null (strstr (text, "\n\n\n"));
  g_assert_null (strstr (text, "  "));

  /* None of the chrome. */
  g_assert_null (strstr (text, "cookies"));
  g_assert_null (strstr (text, "Sport"));
  g_assert_null (strstr (text, "cheap flights"));
  g_assert_null (strstr (text, "Share on"));
  g_assert_null (strstr (text, "Related stories"));
  g_assert_null (strstr (text, "Harbour wall repairs"));
  g_assert_null (strstr (text, "Most read"));
  g_assert_null (strstr (text, "newsletter"));
  g_assert_null (strstr (text, "Waste of money"));
  g_assert_null (strstr (text, "All rights reserved"));
  g_assert_null (strstr (text, "Photo: Gazette archive"));
  g_assert_null (strstr (text, "trackPageView"));
  g_assert_null (strstr (text, "position: fixed"));
  g_assert_cmpuint (article->warnings->len, ==, 0);
}

static void
test_metadata_jsonld (void)
{
  g_autoptr(DossierArticle) article = extract_fixture ("metadata-jsonld.html", NULL);

  g_assert_cmpstr (article->title, ==, "Glaciers retreat faster than predicted");
  g_assert_cmpstr (article->byline, ==, "Ana Silva, Jon Berg");
  g_assert_cmpstr (article->site_name, ==, "Science Daily Wire");
  g_assert_cmpstr (article->date, ==, "2023-11-02T14:05:00+01:00");
  g_assert_cmpint (article->published, ==, 1698930300);
  g_assert_cmpstr (article->lang, ==, "pt-BR");
  g_assert_cmpstr (article->excerpt, ==, "New measurements show ice loss accelerating in the Alps.");
  g_assert_true (g_str_has_prefix (article->text, "New measurements taken over the last three summers"));
  /* The heading that repeats the title is not part of the text. */
  g_assert_null (strstr (article->text, "Glaciers retreat faster than predicted"));
}

static void
test_metadata_graph (void)
{
  g_autoptr(DossierArticle) article = extract_fixture ("metadata-graph.html", NULL);

  g_assert_cmpstr (article->title, ==, "Die Stadt plant neue Radwege");
  g_assert_cmpstr (article->byline, ==, "Klara Weiß");
  g_assert_cmpstr (article->site_name, ==, "Stadtblatt");
  g_assert_cmpstr (article->date, ==, "2022-05-04");
  g_assert_cmpint (article->published, ==, 1651622400);
  g_assert_cmpstr (article->lang, ==, "de");
  g_assert_nonnull (strstr (article->text, "Straßen Parkplätze wegfallen"));
}

static void
test_metadata_meta_names (void)
{
  g_autoptr(DossierArticle) article = extract_fixture ("metadata-meta-names.html", NULL);

  g_assert_cmpstr (article->title, ==, "Le marché couvert rouvre ses portes");
  g_assert_cmpstr (article->byline, ==, "Louise Martin");
  g_assert_cmpstr (article->date, ==, "2021-09-15");
  g_assert_cmpint (article->published, ==, 1631664000);
  g_assert_cmpstr (article->lang, ==, "fr");
  g_assert_null (article->site_name);
  g_assert_true (g_str_has_prefix (article->text, "Après deux ans de travaux"));
}

static void
test_metadata_hcard (void)
{
  g_autoptr(DossierArticle) article = extract_fixture ("metadata-hcard.html", NULL);

  g_assert_cmpstr (article->title, ==, "Notes on building a small wooden boat");
  g_assert_cmpstr (article->byline, ==, "Peter Okafor");
  g_assert_cmpstr (article->date, ==, "2020-07-21T18:00:00-04:00");
  g_assert_cmpint (article->published, ==, 1595368800);
  g_assert_true (g_str_has_prefix (article->text, "Last spring I finally started"));
  g_assert_null (strstr (article->text, "Peter Okafor"));
  g_assert_null (strstr (article->text, "July 21, 2020"));
}

static void
test_jsonld_article_body (void)
{
  GString *body = g_string_new (NULL);
  g_autofree char *html = NULL;
  g_autoptr(DossierArticle) article = NULL;
  g_autoptr(GError) error = NULL;

  /* A page built by scripts: an empty shell, the text only in JSON-LD. */
  for (guint i = 0; i < 10; i++)
    g_string_append_printf (body, "Paragraph %u of a page built by scripts, long enough to be read as an article.\\n", i);
  html = g_strdup_printf ("<html><head><title>Built by scripts</title><script type=\"application/ld+json\">"
                          "{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":\"Built by scripts\","
                          "\"articleBody\":\"%s\"}</script></head><body><div id=\"root\"></div>"
                          "<footer><a href=\"/\">Home</a></footer></body></html>", body->str);
  g_string_free (body, TRUE);

  article = dossier_extract_article (html, strlen (html), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (article->text, "Paragraph 0 of a page built by scripts"));
  g_assert_nonnull (strstr (article->text, "as an article.\n\nParagraph 1 of"));
  g_assert_null (strstr (article->text, "Home"));
}

static void
test_metadata_http_date (void)
{
  GString *html = g_string_new ("<html><head><meta name=\"date\" content=\"Thu, 02 Nov 2023 14:05:00 GMT\">"
                                "<meta name=\"application-name\" content=\"Wire\"></head><body>");
  g_autoptr(DossierArticle) article = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 8; i++)
    g_string_append (html, "<p>Some words in a paragraph, with commas, for the extractor to find and keep.</p>");
  g_string_append (html, "</body></html>");
  article = dossier_extract_article (html->str, html->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (article->date, ==, "Thu, 02 Nov 2023 14:05:00 GMT");
  g_assert_cmpint (article->published, ==, 1698933900);
  g_assert_cmpstr (article->site_name, ==, "Wire");
  g_string_free (html, TRUE);
}

static void
test_metadata_microdata_name (void)
{
  /* Only the name out of a byline block: hCard's fn, microdata's name. */
  static const char *const bylines[] = {
    "<p class=\"vcard\"><span class=\"fn\">Ada Lovelace</span>, Staff writer</p>",
    "<div itemprop=\"author\" itemscope><span itemprop=\"name\">Ada Lovelace</span> Staff writer</div>",
  };
  g_autofree char *paragraphs = NULL;
  GString *body = g_string_new (NULL);

  for (guint i = 0; i < 5; i++)
    g_string_append (body, "<p>The engine could compose elaborate pieces of music, she wrote, if the relations of pitched sounds were expressed in numbers.</p>");
  paragraphs = g_string_free (body, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (bylines); i++)
    {
      g_autofree char *html = g_strconcat ("<html><body><div class=\"post\">", bylines[i], paragraphs,
                                           "</div></body></html>", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierArticle) article = dossier_extract_article (html, strlen (html), NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (article->byline, ==, "Ada Lovelace");
      g_assert_null (strstr (article->text, "Staff writer"));
    }
}

/* ------------------------------------------------------------------------ */

static void
assert_cafe_text (DossierArticle *article)
{
  g_assert_true (g_str_has_prefix (article->text, "Le café de la place a rouvert ses portes après l'été."));
  g_assert_nonnull (strstr (article->text, "« C'est notre deuxième maison », dit Hélène."));
  g_assert_null (strstr (article->text, "\xEF\xBF\xBD"));
}

static void
test_charset_meta (void)
{
  g_autoptr(DossierArticle) article = extract_fixture ("charset-meta-latin1.html", NULL);

  g_assert_cmpstr (article->title, ==, "Café déjà vu");
  assert_cafe_text (article);
  g_assert_cmpuint (article->warnings->len, ==, 0);
}

static void
test_charset_xml_declaration (void)
{
  g_autoptr(DossierArticle) article = extract_fixture ("charset-xml-declaration.html", NULL);

  g_assert_cmpstr (article->title, ==, "Café");
  g_assert_true (g_str_has_prefix (article->text, "Le café est ouvert, dit Hélène, et les prix sont bas cette année"));
  g_assert_cmpuint (article->warnings->len, ==, 0);
}

static void
test_charset_http_equiv (void)
{
  g_autoptr(DossierArticle) article = extract_fixture ("charset-http-equiv-1252.html", "UTF-8");

  /* The page's own declaration outranks the transport's hint. */
  g_assert_cmpstr (article->title, ==, "Café déjà vu");
  assert_cafe_text (article);
}

static void
test_charset_bom (void)
{
  g_autoptr(DossierArticle) utf16 = extract_fixture ("charset-bom-utf16le.html", "ISO-8859-1");
  g_autoptr(DossierArticle) utf8 = extract_fixture ("charset-bom-utf8.html", "ISO-8859-1");

  g_assert_cmpstr (utf16->title, ==, "Café déjà vu");
  assert_cafe_text (utf16);
  g_assert_cmpstr (utf8->title, ==, "Café déjà vu");
  assert_cafe_text (utf8);
  g_assert_cmpstr (utf8->text, ==, utf16->text);
}

static void
test_charset_hint (void)
{
  g_autoptr(DossierArticle) article = extract_fixture ("charset-hint-latin9.html", "ISO-8859-15");
  g_autoptr(DossierArticle) unhinted = extract_fixture ("charset-hint-latin9.html", NULL);

  g_assert_nonnull (strstr (article->text, "les prix (3 €) ne changeraient pas"));
  assert_cafe_text (article);
  g_assert_cmpuint (article->warnings->len, ==, 0);

  /* Without the hint the bytes are not UTF-8: repaired, and said so. */
  g_assert_nonnull (strstr (unhinted->text, "\xEF\xBF\xBD"));
  g_assert_true (has_warning_containing (unhinted, "replaced"));
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(DossierArticle) article = extract_fixture ("invalid-utf8.html", NULL);

  g_assert_nonnull (strstr (article->text, "deuxi\xEF\xBF\xBD"));
  g_assert_nonnull (strstr (article->text, "Le café de la place"));
  g_assert_nonnull (strstr (article->text, "dit Hélène."));
  g_assert_true (has_warning_containing (article, "replaced"));
}

/* ------------------------------------------------------------------------ */

static void
test_hostile_script (void)
{
  g_autoptr(DossierArticle) article = extract_fixture ("hostile-script.html", NULL);
  const char *fields[] = { article->title, article->byline, article->excerpt, article->text };

  g_assert_true (g_str_has_prefix (article->text, "The first paragraph of a perfectly ordinary article"));
  g_assert_nonnull (strstr (article->text, "a link that should not survive as code"));
  g_assert_true (g_str_has_suffix (article->text, "until the end of next week at least."));
  /* Escaped markup is text, and stays text. */
  g_assert_nonnull (strstr (article->text, "<script>alert(1)</script> is just words"));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *field = fields[i];

      if (field == NULL)
        continue;
      g_assert_null (strstr (field, "document.cookie"));
      g_assert_null (strstr (field, "alert('"));
      g_assert_null (strstr (field, "alert(\"inline"));
      g_assert_null (strstr (field, "javascript:"));
      g_assert_null (strstr (field, "onerror"));
      g_assert_null (strstr (field, "onload"));
      g_assert_null (strstr (field, "_MARKER"));
      g_assert_null (strstr (field, "evil.example"));
    }
}

static void
test_control_characters (void)
{
  g_autoptr(DossierArticle) article = extract_fixture ("control-characters.html", NULL);

  assert_no_controls (article->title);
  assert_no_controls (article->byline);
  assert_no_controls (article->excerpt);
  assert_no_controls (article->text);
  g_assert_cmpstr (article->title, ==, "Safe txt.exe title here");
  g_assert_cmpstr (article->byline, ==, "Eve Mallory");
  g_assert_nonnull (strstr (article->text, "Text with a bell and an escape character"));
}

static void
test_deep_nesting (void)
{
  GString *html = g_string_new ("<html><head><title>Deep</title></head><body>");
  g_autoptr(DossierArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 start = cpu_time_usec ();

  for (guint i = 0; i < 100000; i++)
    g_string_append (html, "<div>");
  g_string_append (html, "<p>DEEP_MARKER text at the bottom of the well</p>");
  for (guint i = 0; i < 100000; i++)
    g_string_append (html, "</div>");
  for (guint i = 0; i < 6; i++)
    g_string_append (html, "<p>The paragraphs after the deep part must survive: the parser must not stop at the nesting limit and drop them.</p>");
  g_string_append (html, "</body></html>");

  article = dossier_extract_article (html->str, html->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (article->text, "The paragraphs after the deep part must survive"));
  g_assert_true (has_warning_containing (article, "nested"));

  text = dossier_html_to_text (html->str, html->len, NULL);
  g_assert_nonnull (strstr (text, "DEEP_MARKER text at the bottom of the well"));
  g_assert_nonnull (strstr (text, "The paragraphs after the deep part must survive"));

  /* Unclosed inline tags: the other way pages get deep. */
  g_string_assign (html, "<html><body><p>Start of the text.");
  for (guint i = 0; i < 100000; i++)
    g_string_append (html, i % 2 ? "<b>" : "<font>");
  g_string_append (html, "END_MARKER</body></html>");
  g_clear_pointer (&text, g_free);
  text = dossier_html_to_text (html->str, html->len, NULL);
  g_assert_nonnull (strstr (text, "Start of the text."));
  g_assert_nonnull (strstr (text, "END_MARKER"));

  /* Bounded time, generously: this is about not being quadratic. */
  g_assert_cmpint (cpu_time_usec () - start, <, 20 * G_USEC_PER_SEC);
  g_string_free (html, TRUE);
}

static void
test_huge_text_node (void)
{
  gsize size = 12 * 1024 * 1024;
  GString *html = g_string_sized_new (size + 200);
  g_autoptr(DossierArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_string_append (html, "<html><body><p>");
  while (html->len < size)
    g_string_append (html, "lorem ipsum dolor sit amet ");
  g_string_append (html, "</p><p>TAIL_MARKER</p></body></html>");

  article = dossier_extract_article (html->str, html->len, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Cut, bounded, and said so. */
  g_assert_cmpuint (strlen (article->text), >, 100000);
  g_assert_cmpuint (strlen (article->text), <=, 4 * 1024 * 1024);
  g_assert_true (g_str_has_prefix (article->text, "lorem ipsum dolor sit amet"));
  g_assert_cmpuint (article->warnings->len, >, 0);

  text = dossier_html_to_text (html->str, html->len, NULL);
  g_assert_cmpuint (strlen (text), <=, 4 * 1024 * 1024);
  g_string_free (html, TRUE);
}

static void
test_too_large (void)
{
  gsize size = 17 * 1024 * 1024;
  char *html = g_malloc (size);
  g_autoptr(GError) error = NULL;
  DossierArticle *article;

  memset (html, 'a', size);
  article = dossier_extract_article (html, size, NULL, NULL, &error);
  g_assert_null (article);
  g_assert_error (error, DOSSIER_EXTRACT_ERROR, DOSSIER_EXTRACT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "MB"));
  g_free (html);
}

static void
test_no_content (void)
{
  static const char *const pages[] = {
    "",
    "<html><head><title>Empty</title></head><body></body></html>",
    "<html><body><script>only();</script><style>p{}</style><!-- nothing --></body></html>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(GError) error = NULL;
      DossierArticle *article = dossier_extract_article (pages[i], strlen (pages[i]), NULL, NULL, &error);

      g_assert_null (article);
      g_assert_nonnull (error);
      g_assert_true (error->domain == DOSSIER_EXTRACT_ERROR);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_no_body (void)
{
  g_autofree char *path = fixture_path ("fuzz-no-body.html");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierArticle) article = NULL;
  gsize length;
  const char *no_body = "<html><head><title>Only a head</title><meta name=\"author\" content=\"X\"></head></html>";

  /* Found by the fuzzer: a page libxml2 gives no <body>. The attempt's root
   * must never be moved into the article (it was freed twice). */
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  article = dossier_extract_article (contents, length, NULL, NULL, &error);
  g_assert_true ((article == NULL) != (error == NULL));
  g_clear_pointer (&article, dossier_article_free);
  g_clear_error (&error);

  article = dossier_extract_article (no_body, strlen (no_body), NULL, NULL, &error);
  g_assert_null (article);
  g_assert_error (error, DOSSIER_EXTRACT_ERROR, DOSSIER_EXTRACT_ERROR_NO_CONTENT);
}

static void
test_binary_garbage (void)
{
  guint8 bytes[4096];
  GRand *rand = g_rand_new_with_seed (42);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierArticle) article = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);

  /* Either an article with repaired text or a clear error: never a crash. */
  article = dossier_extract_article ((const char *) bytes, sizeof bytes, NULL, NULL, &error);
  if (article != NULL)
    {
      g_assert_true (g_utf8_validate (article->text, -1, NULL));
      assert_no_controls (article->title);
    }
  else
    g_assert_nonnull (error);
  text = dossier_html_to_text ((const char *) bytes, sizeof bytes, NULL);
  g_assert_true (g_utf8_validate (text, -1, NULL));
}

static gpointer
extract_in_thread (gpointer data)
{
  const char *html = data;
  guint ok = 0;

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(DossierArticle) article = dossier_extract_article (html, strlen (html), NULL, NULL, NULL);
      g_autofree char *text = dossier_html_to_text (html, strlen (html), NULL);

      if (article != NULL && g_str_has_prefix (article->text, "The town council voted") && strstr (text, "Related stories") != NULL)
        ok++;
    }
  return GUINT_TO_POINTER (ok);
}

static void
test_threads (void)
{
  g_autofree char *path = fixture_path ("news-with-chrome.html");
  g_autofree char *html = NULL;
  GThread *threads[4];

  g_file_get_contents (path, &html, NULL, NULL);
  g_assert_nonnull (html);
  /* The extractor promises to run on any thread: run four at once. */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("extract", extract_in_thread, html);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, 20);
}

/* ------------------------------------------------------------------------ */

static void
test_html_to_text (void)
{
  static const struct {
    const char *html;
    const char *text;
  } cases[] = {
    { "", "" },
    { "plain words", "plain words" },
    { "<p>One</p><p>Two</p>", "One\n\nTwo" },
    { "Leading text<p>then a paragraph</p>", "Leading text\n\nthen a paragraph" },
    { "<p>  lots   of\n\n  space\t here </p>", "lots of space here" },
    { "Tom &amp; Jerry &lt;3 &eacute;t&eacute; &#x263A; &#8212;&nbsp;ok", "Tom & Jerry <3 été ☺ — ok" },
    { "line one<br>line two<br/><br>new paragraph", "line one\nline two\n\nnew paragraph" },
    { "<h2>Heading</h2>Body text", "Heading\n\nBody text" },
    { "<ul><li>first</li><li>second</li></ul><p>after</p>", "first\nsecond\n\nafter" },
    { "<p>keep <b>bold</b> and <a href=\"x\">link</a> words</p>", "keep bold and link words" },
    { "<p>a</p><script>alert(1)</script><style>p{color:red}</style><!-- c --><p>b</p>", "a\n\nb" },
    { "<p onclick=\"alert(1)\">click</p><img src=x onerror=alert(2)>", "click" },
    { "<div><div><p>nested</p></div></div>tail", "nested\n\ntail" },
    { "<pre>code  line 1\n  indented</pre>", "code  line 1\n  indented" },
    { "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>", "a b\nc d" },
    { "ctrl\x01\x1b chars \xE2\x80\xAE override", "ctrl chars override" },
    { "bad \xFF byte", "bad \xEF\xBF\xBD byte" },
    { "2010&#150;2015 &#147;quoted&#148;", "2010\xE2\x80\x93" "2015 \xE2\x80\x9Cquoted\xE2\x80\x9D" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dossier_html_to_text (cases[i].html, strlen (cases[i].html), NULL);

      g_test_message ("case %u", i);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* An element whose content is not text (embedded objects, form controls,
 * fallback and template content) must not take the rest of the fragment
 * with it when its end tag is missing; raw-text elements still do. */
static void
test_html_to_text_unclosed (void)
{
  static const struct {
    const char *html;
    const char *text;
  } cases[] = {
    { "safe<object classid=\"clsid:C932BA85\"> <b>description</b>", "safe description" },
    { "safe<embed src=\"http://example.com/\"> <b>description</b>", "safe description" },
    { "safe<iframe src=\"http://example.com/\"> <b>description</b>", "safe description" },
    { "<p>one<video src=v.mp4> two</p><p>three</p>", "one two\n\nthree" },
    { "<p>one<audio src=a.ogg> two</p>", "one two" },
    { "one<noscript> two", "one two" },
    { "one<template> two", "one two" },
    { "one<select name=s> two", "one two" },
    { "one<textarea> two", "one two" },
    /* libxml2 ends the paragraph at a <title>; the words are what matter. */
    { "<p>one<title> two</p>", "one\n\ntwo" },
    { "one<canvas> two", "one two" },
    { "one<dialog> two", "one two" },
    { "one<xmp> two", "one two" },
    { "one<plaintext> two", "one two" },
    { "<p>a<object><param name=x><embed src=y></object> b</p>", "a b" },
    /* Closed ones still contribute nothing. */
    { "a<object>fallback</object> b", "a b" },
    { "a<iframe>fallback</iframe> b", "a b" },
    { "a<video>Your browser cannot play this.</video> b", "a b" },
    { "a<select><option>x</option></select> b", "a b" },
    { "a<object><object>inner</object></object> b", "a b" },
    /* Raw text: everything after an unclosed script or style is code. */
    { "a<script>var x = 1; b", "a" },
    { "a<style>p { color: red } b", "a" },
    { "a<script>document.write('<object>')</script> b", "a b" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dossier_html_to_text (cases[i].html, strlen (cases[i].html), NULL);

      g_test_message ("case %u: %s", i, cases[i].html);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* A plain-text description (no markup at all) keeps its line structure:
 * a blank line is a paragraph break, a single newline a line break. */
static void
test_html_to_text_plain (void)
{
  static const struct {
    const char *html;
    const char *text;
  } cases[] = {
    { "First paragraph,\nstill first.\n\nSecond paragraph.", "First paragraph,\nstill first.\n\nSecond paragraph." },
    { "  line one  \r\n  line two\r\n\r\n\r\n\r\nlast  ", "line one\nline two\n\nlast" },
    { "para\n   \t \npara two", "para\n\npara two" },
    { "\n\nleading and trailing\n\n", "leading and trailing" },
    { "Tom &amp; Jerry\nAT&T and 1 < 2", "Tom & Jerry\nAT&T and 1 < 2" },
    { "many   spaces\tand tabs", "many spaces and tabs" },
    /* Short lines are lines (an address, a list)... */
    { "12 Harbour Road\nKingsbridge\nTQ7 1AB", "12 Harbour Road\nKingsbridge\nTQ7 1AB" },
    /* ...but prose hard-wrapped at a fixed width is one paragraph. */
    { "The harbour at Kingsbridge reopened on Monday after a winter of repairs,\n"
      "dredging and, above all, arguments about who would pay for them. The first\n"
      "boats came in on the morning tide.\n\nA second paragraph.",
      "The harbour at Kingsbridge reopened on Monday after a winter of repairs, "
      "dredging and, above all, arguments about who would pay for them. The first "
      "boats came in on the morning tide.\n\nA second paragraph." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dossier_html_to_text (cases[i].html, strlen (cases[i].html), NULL);

      g_test_message ("case %u", i);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* A page-level dialog after the article ("make us your homepage" steps) is
 * not more of the article, even when its id earns it a good score. */
static void
test_page_dialog (void)
{
  g_autoptr(GString) html = g_string_new ("<html><head><title>The harbour reopens</title></head><body>"
                                          "<div id=\"story\" class=\"article\">");
  g_autoptr(DossierArticle) article = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 6; i++)
    g_string_append_printf (html,
                            "<p>Paragraph %u: the harbour at Kingsbridge reopened on Monday, after a winter of "
                            "repairs, dredging and, above all, arguments about who would pay for them, and the "
                            "first boats came in on the morning tide.</p>", i);
  g_string_append (html,
                   "</div><div id=\"makehomepagecontainer\"><div id=\"makehomepagedialog\">"
                   "<button>Close</button><h2>Make us your homepage</h2><ul class=\"steps\">"
                   "<li><div>On the toolbar, click the menu, then click Settings.</div></li>"
                   "<li><div>In the Settings window, select General, then Home page.</div></li>"
                   "<li><div>In the text box next to Home page, simply type our address.</div></li>"
                   "</ul></div></div></body></html>");

  article = dossier_extract_article (html->str, html->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (article->text, "Paragraph 5: the harbour"));
  g_assert_null (strstr (article->text, "homepage"));
  g_assert_null (strstr (article->text, "Settings"));
}

/* ------------------------------------------------------------------------ */

static int
run_cli (const char *const *args,
         char              **out,
         char              **err)
{
  g_autofree char *cli = g_build_filename (g_getenv ("DOSSIER_BUILD_DIR"), "app", "cli", "dossier-cli", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli (void)
{
  g_autofree char *page = fixture_path ("news-with-chrome.html");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  if (g_getenv ("DOSSIER_BUILD_DIR") == NULL)
    {
      g_test_skip ("DOSSIER_BUILD_DIR is not set: dossier-cli can not be found");
      return;
    }

  /* --text: the article text and nothing else. */
  g_assert_cmpint (run_cli ((const char *[]) { "extract", "--text", page, NULL }, &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, "The town council voted on Monday evening"));
  g_assert_null (strstr (out, "Title:"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* --json: one object with the metadata. */
  g_assert_cmpint (run_cli ((const char *[]) { "extract", "--json", page, "--url", "https://example.com/a", NULL }, &out, &err), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Harbour Town votes to restore its old lighthouse");
  g_assert_cmpstr (json_object_get_string_member (object, "byline"), ==, "Maria Fernandes");
  g_assert_cmpstr (json_object_get_string_member (object, "date"), ==, "2024-03-18T09:30:00+00:00");
  g_assert_cmpstr (json_object_get_string_member (object, "site_name"), ==, "The Coastal Gazette");
  g_assert_cmpstr (json_object_get_string_member (object, "lang"), ==, "en-GB");
  g_assert_nonnull (json_object_get_string_member (object, "excerpt"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "text"), "The town council voted"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Default: a summary, then the text. */
  g_assert_cmpint (run_cli ((const char *[]) { "extract", page, NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Harbour Town votes to restore its old lighthouse"));
  g_assert_nonnull (strstr (out, "Maria Fernandes"));
  g_assert_nonnull (strstr (out, "\n\nThe town council voted"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Failures: one line naming the input, and the usual exit codes. */
  g_assert_cmpint (run_cli ((const char *[]) { "extract", "/nonexistent/page.html", NULL }, &out, &err), ==, 1);
  g_assert_true (g_str_has_prefix (err, "dossier-cli: "));
  g_assert_nonnull (strstr (err, "page.html"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char *[]) { "extract", NULL }, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char *[]) { "extract", "--text", "--json", page, NULL }, &out, &err), ==, 2);
}

static void
test_gold_fixtures (void)
{
  const char *source_dir = g_getenv ("DOSSIER_SOURCE_DIR");
  g_autofree char *dir = g_build_filename (source_dir, "tests", "fixtures", "extract", NULL);
  g_autoptr(GPtrArray) scores = extract_score_gold_dir (dir);

  /* Our own pages with the text a person would copy from them. */
  g_assert_nonnull (scores);
  g_assert_cmpuint (scores->len, >=, 3);
  for (guint i = 0; i < scores->len; i++)
    {
      ExtractScore *score = scores->pdata[i];

      g_test_message ("%s: F1 %.3f", score->name, score->f1);
      g_assert_null (score->error);
      g_assert_cmpfloat (score->f1, >=, 0.99);
    }
}

static void
test_readability_pages (void)
{
  const char *shared = g_getenv ("DOSSIER_SHARED_DATA");
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  double median, mean;
  guint titles = 0, bylines = 0;

  if (shared == NULL)
    {
      g_test_skip ("DOSSIER_SHARED_DATA is not set: the Readability test pages are not available");
      return;
    }
  dir = g_build_filename (shared, "readability-test-pages", NULL);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *message = g_strdup_printf ("%s is absent: extraction quality not measured", dir);
      g_test_skip (message);
      return;
    }

  scores = extract_score_readability_dir (dir);
  g_assert_nonnull (scores);
  g_assert_cmpuint (scores->len, >, 100);
  extract_score_summary (scores, &median, &mean);
  for (guint i = 0; i < scores->len; i++)
    {
      ExtractScore *score = scores->pdata[i];
      titles += score->title_agrees;
      bylines += score->byline_agrees;
      if (score->f1 < 0.9)
        g_test_message ("%s: F1 %.3f", score->name, score->f1);
    }
  g_test_message ("%u pages: median F1 %.4f, mean F1 %.4f, titles %u, bylines %u",
                  scores->len, median, mean, titles, bylines);
  g_assert_cmpfloat (median, >=, MEDIAN_F1_FLOOR);
  g_assert_cmpfloat (mean, >=, MEAN_F1_FLOOR);
  g_assert_cmpuint (titles, >=, scores->len * 9 / 10);
  g_assert_cmpuint (bylines, >=, scores->len * 8 / 10);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/extract/news-with-chrome", test_news_with_chrome);
  g_test_add_func ("/extract/metadata/json-ld", test_metadata_jsonld);
  g_test_add_func ("/extract/metadata/json-ld-graph", test_metadata_graph);
  g_test_add_func ("/extract/metadata/meta-names", test_metadata_meta_names);
  g_test_add_func ("/extract/metadata/hcard", test_metadata_hcard);
  g_test_add_func ("/extract/metadata/microdata-name", test_metadata_microdata_name);
  g_test_add_func ("/extract/metadata/http-date", test_metadata_http_date);
  g_test_add_func ("/extract/metadata/json-ld-article-body", test_jsonld_article_body);
  g_test_add_func ("/extract/charset/meta", test_charset_meta);
  g_test_add_func ("/extract/charset/http-equiv", test_charset_http_equiv);
  g_test_add_func ("/extract/charset/xml-declaration", test_charset_xml_declaration);
  g_test_add_func ("/extract/charset/bom", test_charset_bom);
  g_test_add_func ("/extract/charset/hint", test_charset_hint);
  g_test_add_func ("/extract/charset/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/extract/hostile/script", test_hostile_script);
  g_test_add_func ("/extract/hostile/control-characters", test_control_characters);
  g_test_add_func ("/extract/hostile/deep-nesting", test_deep_nesting);
  g_test_add_func ("/extract/hostile/huge-text-node", test_huge_text_node);
  g_test_add_func ("/extract/hostile/too-large", test_too_large);
  g_test_add_func ("/extract/hostile/binary-garbage", test_binary_garbage);
  g_test_add_func ("/extract/hostile/no-body", test_no_body);
  g_test_add_func ("/extract/no-content", test_no_content);
  g_test_add_func ("/extract/threads", test_threads);
  g_test_add_func ("/extract/page-dialog", test_page_dialog);
  g_test_add_func ("/extract/html-to-text", test_html_to_text);
  g_test_add_func ("/extract/html-to-text/unclosed", test_html_to_text_unclosed);
  g_test_add_func ("/extract/html-to-text/plain-text", test_html_to_text_plain);
  g_test_add_func ("/extract/cli", test_cli);
  g_test_add_func ("/extract/quality/gold-fixtures", test_gold_fixtures);
  g_test_add_func ("/extract/quality/readability-pages", test_readability_pages);

  return g_test_run ();
}
