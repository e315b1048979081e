/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-opml.c: OPML import and export with folders, and hostile lists. */
#include "config.h"

#include <string.h>

#include "dossier-opml.h"

static GPtrArray *
parse_fixture (guint *out_skipped)
{
  g_autofree char *path = g_build_filename (g_getenv ("DOSSIER_SOURCE_DIR"), "tests", "fixtures", "feeds",
                                            "subscriptions.opml", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  entries = dossier_opml_parse (data, len, out_skipped, &error);
  g_assert_no_error (error);
  return entries;
}

static void
test_parse (void)
{
  guint skipped = 0;
  g_autoptr(GPtrArray) entries = parse_fixture (&skipped);
  DossierOpmlEntry *e;

  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_cmpuint (skipped, ==, 1);  /* file:// is not a feed address */
  e = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (e->url, ==, "https://example.org/rss20.xml");
  g_assert_cmpstr (e->title, ==, "Adriatic Desk");
  g_assert_cmpstr (e->site_url, ==, "https://example.org/news/");
  g_assert_cmpstr (e->folder, ==, "News");
  e = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (e->folder, ==, "News");
  e = g_ptr_array_index (entries, 2);
  g_assert_cmpstr (e->title, ==, "JSON Dispatch");
  g_assert_null (e->folder);
}

static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) entries = parse_fixture (NULL);
  g_autofree char *written = dossier_opml_write (entries, "Mine & yours");
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (strstr (written, "Mine &amp; yours"));
  again = dossier_opml_parse (written, strlen (written), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      DossierOpmlEntry *a = g_ptr_array_index (entries, i);
      DossierOpmlEntry *b = NULL;

      /* Grouping by folder may reorder; match by address. */
      for (guint j = 0; j < again->len; j++)
        if (g_str_equal (((DossierOpmlEntry *) g_ptr_array_index (again, j))->url, a->url))
          b = g_ptr_array_index (again, j);
      g_assert_nonnull (b);
      g_assert_cmpstr (a->title, ==, b->title);
      g_assert_cmpstr (a->site_url, ==, b->site_url);
      g_assert_cmpstr (a->folder, ==, b->folder);
    }
}

static void
test_nested_folders (void)
{
  const char *opml =
    "<opml version=\"1.0\"><body><outline title=\"A\"><outline text=\"B\">"
    "<outline xmlUrl=\"http://x.example/f\" text=\"F\"/></outline></outline></body></opml>";
  g_autoptr(GPtrArray) entries = dossier_opml_parse (opml, strlen (opml), NULL, NULL);

  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((DossierOpmlEntry *) g_ptr_array_index (entries, 0))->folder, ==, "A / B");
}

static void
test_refusals (void)
{
  const char *not_opml = "<rss><channel/></rss>";
  const char *xxe =
    "<!DOCTYPE opml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
    "<opml><body><outline text=\"&x;\" xmlUrl=\"http://x.example/&x;\"/></body></opml>";
  GString *deep = g_string_new ("<opml><body>");
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gint64 start;

  g_assert_null (dossier_opml_parse (not_opml, strlen (not_opml), NULL, &e1));
  g_assert_error (e1, DOSSIER_OPML_ERROR, DOSSIER_OPML_ERROR_MALFORMED);
  g_assert_null (dossier_opml_parse ("garbage", 7, NULL, &e2));
  g_assert_error (e2, DOSSIER_OPML_ERROR, DOSSIER_OPML_ERROR_MALFORMED);

  entries = dossier_opml_parse (xxe, strlen (xxe), NULL, NULL);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      DossierOpmlEntry *e = g_ptr_array_index (entries, i);
      g_assert_null (strstr (e->url, "root:"));
      g_assert_true (e->title == NULL || strstr (e->title, "root:") == NULL);
    }

  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "<outline text=\"x\">");
  start = g_get_monotonic_time ();
  g_assert_null (dossier_opml_parse (deep->str, deep->len, NULL, &e3));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_nonnull (e3);
  g_string_free (deep, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/net/opml/parse", test_parse);
  g_test_add_func ("/net/opml/round-trip", test_round_trip);
  g_test_add_func ("/net/opml/nested-folders", test_nested_folders);
  g_test_add_func ("/net/opml/refusals", test_refusals);
  return g_test_run ();
}
