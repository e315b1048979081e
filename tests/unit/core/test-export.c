/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export.c: the notes export in its three formats against expected files
 * (tests/fixtures/export/), with entities, without them, and the atomic write.
 * Regenerate the expected files with DOSSIER_UPDATE_FIXTURES=1 — and read the
 * diff before committing it. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dossier-export.h"

typedef struct {
  char         *dir;
  DossierStore *store;
  gint64        doc1;
  gint64        doc2;
  gint64        doc3;
} Fixture;

static const char doc1_text[] =
  "Prime Minister Edi Rama said Albania would cut ties with Iran.\n\n"
  "The break followed the attack of 15 July, which shut down e-Albania.";

static const char doc2_text[] = "Iran denied any role. Tehran called the decision short-sighted.";
static const char doc3_text[] = "A document without highlights.";

/* 2022-09-07 00:00 UTC and a fixed moment for "added", "created", "updated". */
#define PUBLISHED 1662508800
#define MOMENT    1700000000

static guint
offset_of (const char *text,
           const char *needle)
{
  const char *p = strstr (text, needle);

  g_assert_nonnull (p);
  return g_utf8_pointer_to_offset (text, p);
}

static gint64
add_document (DossierStore *store,
              const char   *uid,
              const char   *title,
              const char   *author,
              const char   *source,
              const char   *url,
              gint64        published,
              const char   *text)
{
  g_autoptr(DossierDocument) doc = dossier_document_new ();
  g_autoptr(GError) error = NULL;
  DossierAddResult result;
  gint64 id = 0;

  doc->uid = g_strdup (uid);
  doc->title = g_strdup (title);
  doc->author = g_strdup (author);
  doc->source = g_strdup (source);
  doc->url = g_strdup (url);
  doc->published = published;
  doc->added = MOMENT;
  doc->text = g_strdup (text);
  g_assert_true (dossier_store_add_document (store, doc, FALSE, &result, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, DOSSIER_ADD_STORED);
  return id;
}

static void
add_highlight (DossierStore *store,
               gint64        id,
               gint64        document_id,
               const char   *text,
               const char   *quote,
               DossierColor  color,
               const char   *note,
               gint64        created,
               gint64        updated)
{
  g_autoptr(DossierAnnotation) a = dossier_annotation_new ();
  g_autoptr(GError) error = NULL;

  /* Restore takes the id and the times as given: the export stays fixed. */
  a->id = id;
  a->document_id = document_id;
  a->start = offset_of (text, quote);
  a->end = a->start + g_utf8_strlen (quote, -1);
  a->color = color;
  g_free (a->note);
  a->note = g_strdup (note);
  a->created = created;
  a->updated = updated;
  g_assert_true (dossier_store_restore_annotation (store, a, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) entities = NULL;
  DossierMentionInput mentions[5] = { 0 };

  fixture->dir = g_dir_make_tmp ("dossier-export-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "library.db", NULL);
  fixture->store = dossier_store_open (path, &error);
  g_assert_no_error (error);

  fixture->doc1 = add_document (fixture->store, "sha256:doc1",
                                "Albania cuts ties: the \"break\" explained", "Ana Hoxha",
                                "Example, Inc.", "https://example.org/albania", PUBLISHED, doc1_text);
  fixture->doc2 = add_document (fixture->store, "sha256:doc2", "Tehran answers", NULL, NULL, NULL, 0, doc2_text);
  fixture->doc3 = add_document (fixture->store, "sha256:doc3", "Unread", NULL, NULL, NULL, 0, doc3_text);

  mentions[0] = (DossierMentionInput) { offset_of (doc1_text, "Edi Rama"), offset_of (doc1_text, "Edi Rama") + 8,
                                        DOSSIER_ENTITY_PERSON, "Edi Rama", "edi rama", NULL, NULL };
  mentions[1] = (DossierMentionInput) { offset_of (doc1_text, "Albania"), offset_of (doc1_text, "Albania") + 7,
                                        DOSSIER_ENTITY_PLACE, "Albania", "albania", NULL, NULL };
  mentions[2] = (DossierMentionInput) { offset_of (doc1_text, "Iran"), offset_of (doc1_text, "Iran") + 4,
                                        DOSSIER_ENTITY_PLACE, "Iran", "iran", NULL, NULL };
  mentions[3] = (DossierMentionInput) { offset_of (doc1_text, "15 July"), offset_of (doc1_text, "15 July") + 7,
                                        DOSSIER_ENTITY_DATE, "15 July", "15 july", NULL, "2022-07-15" };
  mentions[4] = (DossierMentionInput) { offset_of (doc1_text, "Prime Minister"), offset_of (doc1_text, "Prime Minister") + 14,
                                        DOSSIER_ENTITY_MISC, "Prime Minister", "prime minister", NULL, NULL };
  g_assert_true (dossier_store_set_auto_mentions (fixture->store, fixture->doc1, mentions, 5, &error));
  g_assert_no_error (error);

  /* A hidden entity is not exported. */
  entities = dossier_store_list_entities (fixture->store, fixture->doc1, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entities->len; i++)
    {
      DossierEntity *entity = g_ptr_array_index (entities, i);

      if (g_strcmp0 (entity->name, "Prime Minister") == 0)
        g_assert_true (dossier_store_set_entity_hidden (fixture->store, entity->id, TRUE, NULL));
    }

  add_highlight (fixture->store, 1, fixture->doc1, doc1_text,
                 "Prime Minister Edi Rama said Albania would cut ties", DOSSIER_COLOR_GREEN,
                 "Check the date, \"officially\"\nsecond line of the note", MOMENT, MOMENT + 60);
  add_highlight (fixture->store, 2, fixture->doc1, doc1_text,
                 "The break followed the attack of 15 July", DOSSIER_COLOR_PINK, "", MOMENT + 120, MOMENT + 120);
  add_highlight (fixture->store, 3, fixture->doc2, doc2_text,
                 "Tehran called the decision short-sighted.", DOSSIER_COLOR_BLUE, "Iran's answer", MOMENT + 180, MOMENT + 180);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&fixture->store);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);

      g_remove (child);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static void
assert_matches_fixture (const char *actual,
                        const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("DOSSIER_SOURCE_DIR"), "tests", "fixtures", "export", name, NULL);
  g_autofree char *expected = NULL;

  if (g_getenv ("DOSSIER_UPDATE_FIXTURES") != NULL)
    g_assert_true (g_file_set_contents (path, actual, -1, NULL));
  g_assert_true (g_file_get_contents (path, &expected, NULL, NULL));
  g_assert_cmpstr (actual, ==, expected);
}

static char *
export (Fixture             *fixture,
        DossierExportFormat  format,
        gint64               document_id)
{
  g_autoptr(GError) error = NULL;
  char *text = dossier_export_to_string (fixture->store, format, document_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  return text;
}

/* ------------------------------------------------------------- formats -- */

static void
test_golden (Fixture       *fixture,
             gconstpointer  data)
{
  static const struct { DossierExportFormat format; gboolean library; const char *file; } cases[] = {
    { DOSSIER_EXPORT_MARKDOWN, TRUE, "library.md" },
    { DOSSIER_EXPORT_W3C, TRUE, "library.jsonld" },
    { DOSSIER_EXPORT_CSV, TRUE, "library.csv" },
    { DOSSIER_EXPORT_MARKDOWN, FALSE, "document.md" },
    { DOSSIER_EXPORT_W3C, FALSE, "document.jsonld" },
    { DOSSIER_EXPORT_CSV, FALSE, "document.csv" },
    { DOSSIER_EXPORT_MARKDOWN, FALSE, "no-highlights.md" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 id = cases[i].library ? 0 : (i == 6 ? fixture->doc3 : fixture->doc1);
      g_autofree char *first = export (fixture, cases[i].format, id);
      g_autofree char *second = export (fixture, cases[i].format, id);

      g_test_message ("expected file: %s", cases[i].file);
      /* Deterministic: the same library exports the same bytes. */
      g_assert_cmpstr (first, ==, second);
      assert_matches_fixture (first, cases[i].file);
    }
}

static void
test_markdown (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *md = export (fixture, DOSSIER_EXPORT_MARKDOWN, fixture->doc1);

  g_assert_true (g_str_has_prefix (md, "---\ntitle: \"Albania cuts ties: the \\\"break\\\" explained\"\n"));
  g_assert_nonnull (strstr (md, "\nurl: \"https://example.org/albania\"\n"));
  g_assert_nonnull (strstr (md, "\ndate: 2022-09-07\n"));
  g_assert_nonnull (strstr (md, "\n> Prime Minister Edi Rama said Albania would cut ties\n"));
  g_assert_nonnull (strstr (md, "- Color: green\n"));
  g_assert_nonnull (strstr (md, "- Note: Check the date, \"officially\"\n  second line of the note\n"));
  /* Overlapping entities, in text order; the hidden one left out. */
  g_assert_nonnull (strstr (md, "- Entities: Edi Rama (person); Albania (place)\n"));
  g_assert_null (strstr (md, "Prime Minister (misc)"));
  g_assert_nonnull (strstr (md, "- Entities: 15 July (date)\n"));
}

static void
test_w3c (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *text = export (fixture, DOSSIER_EXPORT_W3C, 0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *items;
  JsonObject *first;
  JsonObject *target;
  JsonArray *selectors;
  JsonArray *body;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "type"), ==, "AnnotationCollection");
  g_assert_cmpint (json_object_get_int_member (root, "total"), ==, 3);
  items = json_object_get_array_member (json_object_get_object_member (root, "first"), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 3);

  first = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "type"), ==, "Annotation");
  g_assert_cmpstr (json_object_get_string_member (first, "motivation"), ==, "commenting");
  g_assert_cmpstr (json_object_get_string_member (first, "created"), ==, "2023-11-14T22:13:20Z");
  target = json_object_get_object_member (first, "target");
  g_assert_cmpstr (json_object_get_string_member (target, "source"), ==, "https://example.org/albania");
  selectors = json_object_get_array_member (target, "selector");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (selectors, 0), "type"), ==,
                   "TextQuoteSelector");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (selectors, 0), "exact"), ==,
                   "Prime Minister Edi Rama said Albania would cut ties");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (selectors, 0), "suffix"), ==,
                   " with Iran.\n\nThe break followed ");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (selectors, 1), "type"), ==,
                   "TextPositionSelector");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (selectors, 1), "start"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (selectors, 1), "end"), ==, 51);

  /* The note, then the entities. */
  body = json_object_get_array_member (first, "body");
  g_assert_cmpuint (json_array_get_length (body), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (body, 0), "purpose"), ==, "commenting");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (body, 1), "value"), ==, "Edi Rama");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (body, 2), "value"), ==, "Albania");

  /* A highlight without a note is "highlighting", and a document without a
   * URL gets a URN from its uid. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1), "motivation"), ==,
                   "highlighting");
  target = json_object_get_object_member (json_array_get_object_element (items, 2), "target");
  g_assert_cmpstr (json_object_get_string_member (target, "source"), ==, "urn:dossier:document:sha256:doc2");
}

static void
test_csv (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *csv = export (fixture, DOSSIER_EXPORT_CSV, 0);
  g_auto(GStrv) records = NULL;
  guint n_records = 0;

  /* Every record ends in CRLF; the note's own line break sits in quotes. */
  g_assert_true (g_str_has_suffix (csv, "\r\n"));
  g_assert_true (g_str_has_prefix (csv, "document_id,title,author,source,url,published,annotation_id,start,end,"
                                        "color,quote,prefix,suffix,note,entities,created,updated\r\n"));
  records = g_strsplit (csv, "\r\n", -1);
  for (guint i = 0; records[i] != NULL; i++)
    if (*records[i] != '\0')
      n_records++;
  g_assert_cmpuint (n_records, ==, 4);
  g_assert_nonnull (strstr (csv, ",\"Albania cuts ties: the \"\"break\"\" explained\",Ana Hoxha,\"Example, Inc.\","));
  g_assert_nonnull (strstr (csv, ",\"Check the date, \"\"officially\"\"\nsecond line of the note\","));
  g_assert_nonnull (strstr (csv, ",Edi Rama (person); Albania (place),"));
}

/* A note that starts like a spreadsheet formula is defused. */
static void
test_csv_formula (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(DossierAnnotation) a = dossier_store_get_annotation (fixture->store, 3, NULL);
  g_autofree char *csv = NULL;

  g_free (a->note);
  a->note = g_strdup ("=HYPERLINK(\"http://evil.example\")");
  g_assert_true (dossier_store_update_annotation (fixture->store, a, NULL));
  csv = export (fixture, DOSSIER_EXPORT_CSV, fixture->doc2);
  g_assert_nonnull (strstr (csv, ",\"'=HYPERLINK(\"\"http://evil.example\"\")\","));
}

/* --------------------------------------------------------- plain structs -- */

static void
test_render_structs (void)
{
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_export_document_free);
  DossierDocument *d = dossier_document_new ();
  DossierAnnotation *a = dossier_annotation_new ();
  DossierExportDocument *doc;
  DossierExportNote *note;
  g_autofree char *md = NULL;
  g_autofree char *csv = NULL;

  d->id = 7;
  d->title = g_strdup ("Plain");
  d->text = g_strdup ("The MEK camp near Durrës.");
  a->id = 9;
  a->document_id = 7;
  a->start = 4;
  a->end = 7;
  a->quote = g_strdup ("MEK");
  a->prefix = g_strdup ("The ");
  a->suffix = g_strdup (" camp near Durrës.");
  a->color = DOSSIER_COLOR_ORANGE;
  g_free (a->note);
  a->note = g_strdup ("");
  doc = dossier_export_document_new (d);
  note = dossier_export_note_new (a);
  dossier_export_note_add_entity (note, "People's Mojahedin Organization of Iran", DOSSIER_ENTITY_ORGANIZATION);
  g_ptr_array_add (doc->notes, note);
  g_ptr_array_add (documents, doc);

  md = dossier_export_render (documents, DOSSIER_EXPORT_MARKDOWN, FALSE);
  g_assert_nonnull (strstr (md, "> MEK\n"));
  g_assert_nonnull (strstr (md, "- Entities: People's Mojahedin Organization of Iran (organization)\n"));
  g_assert_nonnull (strstr (md, "date:\n"));
  csv = dossier_export_render (documents, DOSSIER_EXPORT_CSV, TRUE);
  g_assert_nonnull (strstr (csv, "\r\n7,Plain,,,,,9,4,7,orange,MEK,The , camp near Durrës.,,"
                                 "People's Mojahedin Organization of Iran (organization),,\r\n"));
}

static void
test_formats (void)
{
  DossierExportFormat format;

  g_assert_true (dossier_export_format_from_string ("markdown", &format));
  g_assert_cmpint (format, ==, DOSSIER_EXPORT_MARKDOWN);
  g_assert_true (dossier_export_format_from_string ("W3C", &format));
  g_assert_cmpint (format, ==, DOSSIER_EXPORT_W3C);
  g_assert_true (dossier_export_format_from_string ("csv", &format));
  g_assert_cmpint (format, ==, DOSSIER_EXPORT_CSV);
  g_assert_false (dossier_export_format_from_string ("pdf", &format));
  g_assert_false (dossier_export_format_from_string (NULL, &format));
  g_assert_cmpstr (dossier_export_format_extension (DOSSIER_EXPORT_W3C), ==, ".jsonld");
}

/* ---------------------------------------------------------------- files -- */

static void
test_to_file (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "notes.md", NULL);
  g_autofree char *bad = g_build_filename (fixture->dir, "no-such-folder", "notes.md", NULL);
  g_autofree char *expected = export (fixture, DOSSIER_EXPORT_MARKDOWN, 0);
  g_autofree char *written = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "old contents", -1, NULL));
  g_assert_true (dossier_export_to_file (fixture->store, DOSSIER_EXPORT_MARKDOWN, 0, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);

  g_assert_false (dossier_export_to_file (fixture->store, DOSSIER_EXPORT_CSV, 0, bad, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A document that does not exist is an error, and nothing is written. */
  g_assert_false (dossier_export_to_file (fixture->store, DOSSIER_EXPORT_CSV, 999, path, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_pointer (&written, g_free);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/formats", test_formats);
  g_test_add_func ("/export/render-structs", test_render_structs);
  g_test_add ("/export/golden", Fixture, NULL, fixture_set_up, test_golden, fixture_tear_down);
  g_test_add ("/export/markdown", Fixture, NULL, fixture_set_up, test_markdown, fixture_tear_down);
  g_test_add ("/export/w3c", Fixture, NULL, fixture_set_up, test_w3c, fixture_tear_down);
  g_test_add ("/export/csv", Fixture, NULL, fixture_set_up, test_csv, fixture_tear_down);
  g_test_add ("/export/csv-formula", Fixture, NULL, fixture_set_up, test_csv_formula, fixture_tear_down);
  g_test_add ("/export/to-file", Fixture, NULL, fixture_set_up, test_to_file, fixture_tear_down);

  return g_test_run ();
}
