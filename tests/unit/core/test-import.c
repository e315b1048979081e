/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-import.c: every format and every bad input of the importer, against a
 * real library file in a temporary folder. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "dossier-import.h"

typedef struct {
  char         *dir;
  char         *library;
  DossierStore *store;
} Fixture;

static char *
fixture_path (const char *name)
{
  const char *source = g_getenv ("DOSSIER_SOURCE_DIR");

  g_assert_nonnull (source);
  return g_build_filename (source, "tests", "fixtures", "import", name, NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("dossier-import-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->library = g_build_filename (fixture->dir, "library.db", NULL);
  fixture->store = dossier_store_open (fixture->library, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->library);
}

static char *
write_temp (Fixture    *fixture,
            const char *name,
            const void *data,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return path;
}

static DossierDocument *
parse (const char  *name,
       const char  *data,
       gsize        length,
       GPtrArray   *warnings,
       GError     **error)
{
  return dossier_import_parse (name, data, length, NULL, warnings, error);
}

static gboolean
warnings_contain (GPtrArray  *warnings,
                  const char *needle)
{
  for (guint i = 0; i < warnings->len; i++)
    if (strstr (g_ptr_array_index (warnings, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------ plain text -- */

static void
test_plain_text (void)
{
  static const char input[] = "  Albania cuts ties with Iran  \r\n\r\nTirana,\t7 September \x01\x7f""2022.   \r\nSecond line\rThird line\n\n\n\n\nLast paragraph.\n\n";
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierDocument) doc = parse ("news.txt", input, strlen (input), warnings, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (doc->title, ==, "Albania cuts ties with Iran");
  /* CRLF and CR to LF, trailing white space off, controls out (tab kept),
   * at most one blank line, the first line kept as text. */
  g_assert_cmpstr (doc->text, ==,
                   "  Albania cuts ties with Iran\n\nTirana,\t7 September 2022.\nSecond line\nThird line\n\nLast paragraph.");
  g_assert_true (g_str_has_prefix (doc->uid, "sha256:"));
  g_assert_true (warnings_contain (warnings, "2 control characters removed"));
}

static void
test_title_long (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_line = g_strnfill (400, 'x');
  g_autoptr(DossierDocument) doc = parse ("dir/report.txt", long_line, strlen (long_line), NULL, &error);

  g_assert_no_error (error);
  /* A single 400-character word: cut with an ellipsis, never the whole line. */
  g_assert_cmpint (g_utf8_strlen (doc->title, -1), <=, 161);
  g_assert_true (g_str_has_suffix (doc->title, "…"));
  g_assert_cmpuint (strlen (doc->text), ==, 400);
}

typedef struct {
  const char *name;
  const char *bytes;
  gsize       length;
  const char *text;      /* expected text */
  const char *warning;   /* a warning must contain this, NULL = no warning */
} EncodingCase;

static void
test_encodings (void)
{
  static const EncodingCase cases[] = {
    { "UTF-8", "Durr\xc3\xabs and Tiran\xc3\xab", 0, "Durrës and Tiranë", NULL },
    { "UTF-8 BOM", "\xef\xbb\xbfHello", 0, "Hello", NULL },
    { "UTF-16LE BOM", "\xff\xfe" "D\0u\0r\0r\0\xeb\0s\0\n\0", 16, "Durrës", NULL },
    { "UTF-16BE BOM", "\xfe\xff" "\0D\0u\0r\0r\0\xeb\0s", 14, "Durrës", NULL },
    { "UTF-16 surrogates", "\xff\xfe" "=\xd8\x00\xde", 6, "😀", NULL },
    { "UTF-16 lone surrogate", "\xff\xfe" "A\0\x00\xdc" "B\0", 8, "A\xef\xbf\xbd" "B", "1 invalid character" },
    { "Windows-1252", "Durr\xebs \x93quoted\x94 \x80 5", 0, "Durrës “quoted” € 5", "Windows-1252" },
    { "ISO-8859-1", "Caf\xe9 \x81", 0, "Café", "ISO-8859-1" },
    { "UTF-8 damaged", "Durr\xc3\xabs, Tiran\xc3\xab, Vlor\xc3\xab and a bad \xff byte", 0,
      "Durrës, Tiranë, Vlorë and a bad \xef\xbf\xbd byte", "1 invalid byte replaced" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const EncodingCase *c = &cases[i];
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierDocument) doc = NULL;
      gsize length = c->length ? c->length : strlen (c->bytes);

      g_test_message ("case: %s", c->name);
      doc = parse ("case.txt", c->bytes, length, warnings, &error);
      g_assert_no_error (error);
      g_assert_nonnull (doc);
      g_assert_true (g_utf8_validate (doc->text, -1, NULL));
      g_assert_cmpstr (doc->text, ==, c->text);
      if (c->warning != NULL)
        g_assert_true (warnings_contain (warnings, c->warning));
      else
        g_assert_cmpuint (warnings->len, ==, 0);
    }
}

typedef struct {
  const char         *what;
  const char         *name;
  const char         *bytes;
  gsize               length;
  DossierImportError  code;
  const char         *reason;
} BadCase;

static void
test_bad_input (void)
{
  static const BadCase cases[] = {
    { "empty", "empty.txt", "", 0, DOSSIER_IMPORT_ERROR_EMPTY, "is empty" },
    { "white space", "space.txt", " \n\t\r\n  \n", 0, DOSSIER_IMPORT_ERROR_EMPTY, "only white space" },
    { "NUL bytes", "image.txt", "GIF89a\0\0\x01\x02", 10, DOSSIER_IMPORT_ERROR_BINARY, "not a text file" },
    { "control bytes", "blob.txt", "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11 abc", 0,
      DOSSIER_IMPORT_ERROR_BINARY, "not a text file" },
    { "UTF-16 binary", "u16.txt", "\xff\xfe\x01\0\x02\0\x03\0\x04\0", 10, DOSSIER_IMPORT_ERROR_BINARY, "not a text file" },
    { "Markdown of only front matter", "fm.md", "---\ntitle: x\n---\n\n", 0, DOSSIER_IMPORT_ERROR_EMPTY, "empty" },
    { "HTML of only a script", "page.html", "<html><head><script>alert(1)</script></head><body></body></html>", 0,
      DOSSIER_IMPORT_ERROR_NO_CONTENT, "page.html" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const BadCase *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierDocument) doc = NULL;
      gsize length = c->length ? c->length : strlen (c->bytes);

      g_test_message ("case: %s", c->what);
      doc = parse (c->name, c->bytes, length, NULL, &error);
      g_assert_null (doc);
      g_assert_error (error, DOSSIER_IMPORT_ERROR, (int) c->code);
      g_assert_nonnull (strstr (error->message, c->name));
      g_assert_nonnull (strstr (error->message, c->reason));
      g_assert_null (strchr (error->message, '\n'));
    }
}

static void
test_size_limit (void)
{
  DossierImportOptions options = { .max_size = 10 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierDocument) doc = NULL;

  doc = dossier_import_parse ("big.txt", "0123456789AB", 12, &options, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "big.txt"));
  g_assert_nonnull (strstr (error->message, "too large"));
  g_clear_error (&error);

  doc = dossier_import_parse ("small.txt", "0123456789", 10, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
}

/* -------------------------------------------------------------- markdown -- */

static void
test_markdown_golden (void)
{
  g_autofree char *md_path = fixture_path ("markdown-yaml.md");
  g_autofree char *txt_path = fixture_path ("markdown-yaml.txt");
  g_autofree char *md = NULL;
  g_autofree char *expected = NULL;
  gsize md_length = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierDocument) doc = NULL;
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2022, 9, 7, 0, 0, 0);

  g_assert_true (g_file_get_contents (md_path, &md, &md_length, NULL));
  doc = parse (md_path, md, md_length, NULL, &error);
  g_assert_no_error (error);

  if (g_getenv ("DOSSIER_UPDATE_FIXTURES") != NULL)
    g_file_set_contents (txt_path, doc->text, -1, NULL);
  g_assert_true (g_file_get_contents (txt_path, &expected, NULL, NULL));

  g_assert_cmpstr (doc->title, ==, "Albania: a timeline");
  g_assert_cmpstr (doc->author, ==, "Ana Hoxha, Ben Smith");
  g_assert_cmpstr (doc->source, ==, "The Example Gazette");
  g_assert_cmpstr (doc->url, ==, "https://example.org/albania-timeline");
  g_assert_cmpint (doc->published, ==, g_date_time_to_unix (dt));
  g_assert_cmpstr (doc->text, ==, expected);

  /* No markup left: the heading that repeats the title is gone, and none of
   * Markdown's symbols survive outside the code and escaped text. */
  g_assert_false (g_str_has_prefix (doc->text, "Albania: a timeline"));
  g_assert_null (strstr (doc->text, "**"));
  g_assert_null (strstr (doc->text, "__"));
  g_assert_null (strstr (doc->text, "~~"));
  g_assert_null (strstr (doc->text, "]("));
  g_assert_null (strstr (doc->text, "[ref]"));
  g_assert_null (strstr (doc->text, "# "));
  g_assert_null (strstr (doc->text, "\n> "));
  g_assert_null (strstr (doc->text, "```"));
  g_assert_null (strstr (doc->text, "<div>"));
  g_assert_null (strstr (doc->text, "---"));
  g_assert_null (strstr (doc->text, "|"));
  g_assert_null (strstr (doc->text, "a comment"));
  g_assert_null (strstr (doc->text, "img.png"));
  g_assert_nonnull (strstr (doc->text, "a link and a reference link"));
  g_assert_nonnull (strstr (doc->text, "snake_case_name"));
  g_assert_nonnull (strstr (doc->text, "int main (void)"));
  g_assert_nonnull (strstr (doc->text, "• item with link text"));
  g_assert_nonnull (strstr (doc->text, "1. The attack on 15 July\n2. The break"));
}

typedef struct {
  const char *what;
  const char *markdown;
  const char *title;
  const char *text;
  const char *author;
  const char *url;
  const char *date;      /* UTC, ISO 8601, NULL = unknown */
} MarkdownCase;

static void
test_markdown_cases (void)
{
  static const MarkdownCase cases[] = {
    { "title from the first heading, dropped from the text",
      "# Rama announces the break\n\nText *here*.\n", "Rama announces the break", "Text here.", NULL, NULL, NULL },
    { "front matter title and a different heading",
      "---\ntitle: The title\n---\n# A section\n\nBody.\n", "The title", "A section\n\nBody.", NULL, NULL, NULL },
    { "heading equal to the title but for case and punctuation",
      "---\ntitle: 'Tirana''s answer'\n---\n\n## TIRANA'S ANSWER.\n\nBody.", "Tirana's answer", "Body.", NULL, NULL, NULL },
    { "no heading: the first line",
      "Just a line of text\nand a second line.\n\nMore.", "Just a line of text and a second line.", "Just a line of text and a second line.\n\nMore.", NULL, NULL, NULL },
    { "only a heading keeps it as text", "# Alone\n", "Alone", "Alone", NULL, NULL, NULL },
    { "YAML date in words", "---\ntitle: x\ndate: 7 September 2022\n---\nBody", "x", "Body", NULL, NULL, "2022-09-07T00:00:00Z" },
    { "YAML date US style", "---\ntitle: x\ndate: \"Sep. 7, 2022\"\n---\nBody", "x", "Body", NULL, NULL, "2022-09-07T00:00:00Z" },
    { "YAML date and time", "---\ntitle: x\npublished: 2022-09-07 14:05\n---\nBody", "x", "Body", NULL, NULL, "2022-09-07T14:05:00Z" },
    { "YAML date with offset", "---\ntitle: x\ndate: 2022-09-07T14:05:00+02:00\n---\nBody", "x", "Body", NULL, NULL, "2022-09-07T12:05:00Z" },
    { "YAML slashes", "---\ntitle: x\ndate: 2022/09/07\n---\nBody", "x", "Body", NULL, NULL, "2022-09-07T00:00:00Z" },
    { "YAML RFC 2822", "---\ntitle: x\ndate: Wed, 07 Sep 2022 10:00:00 +0000\n---\nBody", "x", "Body", NULL, NULL, "2022-09-07T00:00:00Z" },
    { "YAML nonsense date", "---\ntitle: x\ndate: soon\n---\nBody", "x", "Body", NULL, NULL, NULL },
    { "YAML list of authors", "---\ntitle: x\nauthors:\n  - A. One\n  - B. Two\n---\nBody", "x", "Body", "A. One, B. Two", NULL, NULL },
    { "YAML source that is a link", "---\ntitle: x\nsource: https://example.org/a\n---\nBody", "x", "Body", NULL, "https://example.org/a", NULL },
    { "YAML escapes never put controls in a title", "---\ntitle: \"A\\001B\\tC\"\n---\nBody", "AB C", "Body", NULL, NULL, NULL },
    { "YAML comment after a value", "---\ntitle: x # the title\n---\nBody", "x", "Body", NULL, NULL, NULL },
    { "unclosed front matter is a rule, not metadata", "---\ntitle: x\n\nBody", "title: x", "title: x\n\nBody", NULL, NULL, NULL },
    { "TOML", "+++\ntitle = \"T\"\ndate = 2022-07-15\nauthor = 'Ana'\n+++\nBody", "T", "Body", "Ana", NULL, "2022-07-15T00:00:00Z" },
    { "CRLF front matter", "---\r\ntitle: Windows\r\n---\r\n\r\nBody\r\n", "Windows", "Body", NULL, NULL, NULL },
    { "emphasis inside words and unmatched stars", "# x\n\nsnake_case_word and 5*3 and *unclosed", "x", "snake_case_word and 5*3 and *unclosed", NULL, NULL, NULL },
    { "nested emphasis and links", "# x\n\n***[a *b*](u)*** and [c](<u v>)", "x", "a b and c", NULL, NULL, NULL },
    { "entities and tags", "# x\n\nA &amp; B &lt;C&gt; &#x41; &bogus; <span class=\"y\">z</span><br>w", "x", "A & B <C> A &bogus; z\nw", NULL, NULL, NULL },
    { "entities never bring back control characters", "# x\n\na&#1;b&#x9f;c&#13;d&#0;e", "x", "abc d\xef\xbf\xbd" "e", NULL, NULL, NULL },
    { "script blocks are dropped", "# x\n\n<script>\nalert(1)\n</script>\n\nAfter", "x", "After", NULL, NULL, NULL },
    { "unbalanced brackets stay", "# x\n\n[not a link and (parens", "x", "[not a link and (parens", NULL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const MarkdownCase *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(DossierDocument) doc = NULL;

      g_test_message ("case: %s", c->what);
      doc = parse ("case.md", c->markdown, strlen (c->markdown), NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (doc->title, ==, c->title);
      g_assert_cmpstr (doc->text, ==, c->text);
      g_assert_cmpstr (doc->author, ==, c->author);
      g_assert_cmpstr (doc->url, ==, c->url);
      if (c->date == NULL)
        g_assert_cmpint (doc->published, ==, 0);
      else
        {
          g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (doc->published);
          g_autofree char *iso = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");

          g_assert_cmpstr (iso, ==, c->date);
        }
    }
}

/* Hostile Markdown must stay fast: quadratic scans would take minutes here. */
static void
test_markdown_hostile (void)
{
  static const char *units[] = { "[", "*a", "`", "<", "![", "&", "_x_", "**[", "](" };
  g_autoptr(GTimer) timer = g_timer_new ();

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_autoptr(GString) input = g_string_new ("x\n\n");
      g_autoptr(DossierDocument) doc = NULL;
      g_autoptr(GError) error = NULL;

      for (guint k = 0; k < 200000; k++)
        g_string_append (input, units[i]);
      g_timer_start (timer);
      doc = parse ("hostile.md", input->str, input->len, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_utf8_validate (doc->text, -1, NULL));
      g_test_message ("hostile Markdown “%s” × 200000: %.2f s", units[i], g_timer_elapsed (timer, NULL));
    }
}

/* ------------------------------------------------------------------ html -- */

static void
test_html (void)
{
  g_autofree char *path = fixture_path ("article.html");
  g_autofree char *html = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierDocument) doc = NULL;

  g_assert_true (g_file_get_contents (path, &html, &length, NULL));
  doc = parse (path, html, length, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->title, ==, "Border systems hit again");
  g_assert_cmpstr (doc->source, ==, "Example News");
  g_assert_nonnull (doc->author);
  g_assert_nonnull (strstr (doc->author, "Dana Example"));
  g_assert_cmpint (doc->published, !=, 0);
  g_assert_nonnull (strstr (doc->text, "Officers at crossings with Greece"));
  g_assert_null (strstr (doc->text, "SCRIPT-MUST-NOT-APPEAR"));
  g_assert_null (strstr (doc->text, "STYLE-MUST-NOT-APPEAR"));
  g_assert_null (strchr (doc->text, '<'));
  g_assert_null (strstr (doc->text, "Subscribe to our newsletter"));
}

/* ----------------------------------------------------------------- store -- */

static const DossierImportResult *
single (GPtrArray *results)
{
  g_assert_cmpuint (results->len, ==, 1);
  return g_ptr_array_index (results, 0);
}

static void
test_store_and_duplicate (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = fixture_path ("markdown-yaml.md");
  const char *paths[] = { path, NULL };
  g_autoptr(GPtrArray) first = dossier_import_paths (fixture->store, paths, NULL, NULL);
  g_autoptr(GPtrArray) second = dossier_import_paths (fixture->store, paths, NULL, NULL);
  const DossierImportResult *r1 = single (first);
  const DossierImportResult *r2 = single (second);
  g_autoptr(DossierDocument) stored = NULL;

  g_assert_cmpint (r1->status, ==, DOSSIER_IMPORT_STORED);
  g_assert_cmpint (r1->id, >, 0);
  g_assert_cmpstr (r1->title, ==, "Albania: a timeline");
  g_assert_null (r1->reason);

  g_assert_cmpint (r2->status, ==, DOSSIER_IMPORT_DUPLICATE);
  g_assert_cmpint (r2->id, ==, r1->id);
  g_assert_nonnull (strstr (r2->reason, "already in the library as “Albania: a timeline”"));
  g_assert_cmpuint (dossier_store_count_documents (fixture->store), ==, 1);

  stored = dossier_store_get_document (fixture->store, r1->id, NULL);
  g_assert_nonnull (stored);
  g_assert_cmpstr (stored->source, ==, "The Example Gazette");
  g_assert_cmpstr (stored->url, ==, "https://example.org/albania-timeline");
}

static void
test_folder (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *folder = fixture_path ("folder");
  const char *paths[] = { folder, NULL };
  g_autoptr(GPtrArray) results = dossier_import_paths (fixture->store, paths, NULL, NULL);
  static const char *expected[] = { "a.txt", "b.md", "c.html" };

  /* Name order, recursively; hidden files and folders and .pdf skipped. */
  g_assert_cmpuint (results->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < results->len; i++)
    {
      const DossierImportResult *r = g_ptr_array_index (results, i);

      g_assert_true (g_str_has_suffix (r->path, expected[i]));
      g_assert_cmpint (r->status, ==, DOSSIER_IMPORT_STORED);
    }
  g_assert_cmpuint (dossier_store_count_documents (fixture->store), ==, 3);
}

static void
test_refused_paths (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.txt", NULL);
  g_autofree char *nothing = fixture_path ("no-text");
  g_autofree char *empty_dir = g_build_filename (fixture->dir, "empty-folder", NULL);
  g_autofree char *binary = write_temp (fixture, "photo.txt", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  g_autofree char *empty = write_temp (fixture, "empty.md", "", 0);
  g_autofree char *blank = write_temp (fixture, "blank.txt", "  \n\n \t\n", 7);
  g_autofree char *big = NULL;
  g_autofree char *good = write_temp (fixture, "good.txt", "A good file\n\nwith text.", 23);
  g_autofree char *big_data = g_strnfill (3000, 'a');
  DossierImportOptions options = { .max_size = 2048 };
  const char *paths[8];
  g_autoptr(GPtrArray) results = NULL;
  const char *reasons[] = { "does not exist", "holds no files to import", "holds no files to import",
                            "not a text file", "is empty", "only white space", "too large" };

  g_assert_cmpint (g_mkdir (empty_dir, 0700), ==, 0);
  big = write_temp (fixture, "big.txt", big_data, 3000);
  paths[0] = missing;
  paths[1] = nothing;
  paths[2] = empty_dir;
  paths[3] = binary;
  paths[4] = empty;
  paths[5] = blank;
  paths[6] = big;
  paths[7] = NULL;

  results = dossier_import_paths (fixture->store, paths, &options, NULL);
  g_assert_cmpuint (results->len, ==, 7);
  for (guint i = 0; i < results->len; i++)
    {
      const DossierImportResult *r = g_ptr_array_index (results, i);

      g_test_message ("%s", r->reason);
      g_assert_cmpint (r->status, ==, DOSSIER_IMPORT_REFUSED);
      g_assert_cmpint (r->id, ==, 0);
      g_assert_nonnull (strstr (r->reason, paths[i]));
      g_assert_nonnull (strstr (r->reason, reasons[i]));
      g_assert_null (strchr (r->reason, '\n'));
    }
  /* Nothing refused reached the library. */
  g_assert_cmpuint (dossier_store_count_documents (fixture->store), ==, 0);

  /* A file the user cannot read (root reads everything: skip that part). */
  if (getuid () != 0)
    {
      const char *one[] = { good, NULL };
      g_autoptr(GPtrArray) unreadable = NULL;

      g_assert_cmpint (g_chmod (good, 0), ==, 0);
      unreadable = dossier_import_paths (fixture->store, one, NULL, NULL);
      g_assert_cmpint (single (unreadable)->status, ==, DOSSIER_IMPORT_REFUSED);
      g_assert_nonnull (strstr (single (unreadable)->reason, "cannot be read"));
      g_chmod (good, 0600);
    }
  else
    g_test_message ("running as root: the unreadable-file case is not checked");
}

static void
test_bytes_and_warnings (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("Caf\xe9 in Tiran\xeb\n", 15);
  g_autoptr(DossierImportResult) result = dossier_import_bytes (fixture->store, "legacy.txt", bytes, NULL);
  g_autoptr(DossierDocument) doc = NULL;

  g_assert_cmpint (result->status, ==, DOSSIER_IMPORT_STORED);
  g_assert_cmpuint (result->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (result->warnings, 0), "legacy.txt"));
  doc = dossier_store_get_document (fixture->store, result->id, NULL);
  g_assert_cmpstr (doc->text, ==, "Café in Tiranë");
}

/* The sample articles that ship with the app import cleanly. */
static void
test_samples (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *samples = g_build_filename (g_getenv ("DOSSIER_SOURCE_DIR"), "data", "samples", NULL);
  const char *paths[] = { samples, NULL };
  g_autoptr(GPtrArray) results = dossier_import_paths (fixture->store, paths, NULL, NULL);

  g_assert_cmpuint (results->len, ==, 6);
  for (guint i = 0; i < results->len; i++)
    {
      const DossierImportResult *r = g_ptr_array_index (results, i);
      g_autoptr(DossierDocument) doc = NULL;
      guint words;

      g_assert_cmpint (r->status, ==, DOSSIER_IMPORT_STORED);
      g_assert_cmpuint (r->warnings->len, ==, 0);
      doc = dossier_store_get_document (fixture->store, r->id, NULL);
      g_assert_cmpstr (doc->source, ==, "Dossier sample article");
      g_assert_cmpint (doc->published, >, 0);
      g_assert_false (g_str_has_prefix (doc->text, doc->title));
      g_assert_null (strstr (doc->text, "**"));
      g_assert_null (strstr (doc->text, "]("));
      g_assert_null (strstr (doc->text, "\n#"));
      words = doc->word_count;
      g_assert_cmpuint (words, >=, 350);
      g_assert_cmpuint (words, <=, 600);
    }
}

static void
test_importable_names (void)
{
  static const char *yes[] = { "a.txt", "B.MD", "c.markdown", "d.html", "e.HTM", "f.xhtml", "g.text" };
  static const char *no[] = { "a.pdf", "b.docx", "c.png", "md", "d.txt.gz", "README" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    g_assert_true (dossier_import_is_importable_name (yes[i]));
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    g_assert_false (dossier_import_is_importable_name (no[i]));
}

/* The same file twice in one call: stored once, then a duplicate. */
static void
test_same_file_twice (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = write_temp (fixture, "twice.txt", "Twice\n\nThe same text.", -1);
  g_autofree char *copy = write_temp (fixture, "copy.md", "Twice\n\nThe same text.", -1);
  const char *paths[] = { path, path, copy, NULL };
  g_autoptr(GPtrArray) results = dossier_import_paths (fixture->store, paths, NULL, NULL);

  g_assert_cmpuint (results->len, ==, 3);
  g_assert_cmpint (((DossierImportResult *) g_ptr_array_index (results, 0))->status, ==, DOSSIER_IMPORT_STORED);
  g_assert_cmpint (((DossierImportResult *) g_ptr_array_index (results, 1))->status, ==, DOSSIER_IMPORT_DUPLICATE);
  /* Same text under another name and format is the same content. */
  g_assert_cmpint (((DossierImportResult *) g_ptr_array_index (results, 2))->status, ==, DOSSIER_IMPORT_DUPLICATE);
  g_assert_cmpuint (dossier_store_count_documents (fixture->store), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/plain-text", test_plain_text);
  g_test_add_func ("/import/title-long", test_title_long);
  g_test_add_func ("/import/encodings", test_encodings);
  g_test_add_func ("/import/bad-input", test_bad_input);
  g_test_add_func ("/import/size-limit", test_size_limit);
  g_test_add_func ("/import/markdown/golden", test_markdown_golden);
  g_test_add_func ("/import/markdown/cases", test_markdown_cases);
  g_test_add_func ("/import/markdown/hostile", test_markdown_hostile);
  g_test_add_func ("/import/html", test_html);
  g_test_add_func ("/import/importable-names", test_importable_names);
  g_test_add ("/import/store/duplicate", Fixture, NULL, fixture_set_up, test_store_and_duplicate, fixture_tear_down);
  g_test_add ("/import/store/folder", Fixture, NULL, fixture_set_up, test_folder, fixture_tear_down);
  g_test_add ("/import/store/refused", Fixture, NULL, fixture_set_up, test_refused_paths, fixture_tear_down);
  g_test_add ("/import/store/bytes", Fixture, NULL, fixture_set_up, test_bytes_and_warnings, fixture_tear_down);
  g_test_add ("/import/store/twice", Fixture, NULL, fixture_set_up, test_same_file_twice, fixture_tear_down);
  g_test_add ("/import/store/samples", Fixture, NULL, fixture_set_up, test_samples, fixture_tear_down);

  return g_test_run ();
}
