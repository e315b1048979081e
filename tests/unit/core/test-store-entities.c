/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store-entities.c: entities, mentions and every user correction
 * surviving a second analysis and a reopening of the file; feeds and tags. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "dossier-store-private.h"

/* Character offsets:       0         1         2         3         4         5         6         7
 *                          0123456789012345678901234567890123456789012345678901234567890123456789012345 */
#define TEXT "Edi Rama met the MEK in Durrës. Rama said Iran and Tehran lied on 15 July 2022. Paris."
/* spans */
#define EDI_RAMA   0, 8
#define MEK       17, 20
#define DURRES    24, 30
#define RAMA      32, 36
#define IRAN      42, 46
#define TEHRAN    51, 57
#define DATE      66, 78
#define PARIS     80, 85

typedef struct {
  char         *dir;
  char         *path;
  DossierStore *store;
  gint64        doc;
  gint64        doc2;
} Fixture;

static const char *mek_aliases[] = { "people's mojahedin organization of iran", NULL };

/* What an analysis of TEXT hands to the store, every time the same. */
static const DossierMentionInput analysis[] = {
  { EDI_RAMA, DOSSIER_ENTITY_PERSON, "Edi Rama", "edi rama", NULL, NULL },
  { MEK, DOSSIER_ENTITY_ORGANIZATION, "MEK", "mek", mek_aliases, NULL },
  { DURRES, DOSSIER_ENTITY_PERSON, "Durrës", "durres", NULL, NULL },   /* a tagger mistake */
  { RAMA, DOSSIER_ENTITY_PERSON, "Rama", "edi rama", NULL, NULL },
  { IRAN, DOSSIER_ENTITY_PLACE, "Iran", "iran", NULL, NULL },
  { TEHRAN, DOSSIER_ENTITY_PLACE, "Tehran", "tehran", NULL, NULL },
  { DATE, DOSSIER_ENTITY_DATE, "15 July 2022", "2022-07-15", NULL, "2022-07-15" },
  { PARIS, DOSSIER_ENTITY_PLACE, "Paris", "paris", NULL, NULL },
};

static gint64
add_doc (DossierStore *store,
         const char   *title,
         const char   *text)
{
  DossierDocument doc = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  doc.title = (char *) title;
  doc.text = (char *) text;
  g_assert_true (dossier_store_add_document (store, &doc, FALSE, NULL, &id, &error));
  g_assert_no_error (error);
  return id;
}

static void
analyse (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dossier_store_set_auto_mentions (fixture->store, fixture->doc, analysis,
                                                  G_N_ELEMENTS (analysis), &error));
  g_assert_no_error (error);
}

static void
reopen (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->store);
  fixture->store = dossier_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

/* The counts that triggers keep agree with the mentions they count. */
static void
assert_counts_consistent (Fixture *fixture)
{
  static const char *checks[] = {
    "SELECT count(*) FROM entities e"
    " WHERE mention_count != (SELECT count(*) FROM mentions WHERE entity_id = e.id AND rejected = 0)"
    "    OR document_count != (SELECT count(DISTINCT document_id) FROM mentions"
    "                          WHERE entity_id = e.id AND rejected = 0)",
    "SELECT count(*) FROM ("
    "  SELECT * FROM (SELECT entity_id, document_id, count(*) FROM mentions WHERE rejected = 0 GROUP BY 1, 2"
    "                 EXCEPT SELECT entity_id, document_id, mentions FROM entity_documents)"
    "  UNION ALL"
    "  SELECT * FROM (SELECT entity_id, document_id, mentions FROM entity_documents"
    "                 EXCEPT SELECT entity_id, document_id, count(*) FROM mentions WHERE rejected = 0 GROUP BY 1, 2))",
  };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, checks[i], -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
}

/* Analyse again, and again after reopening the file: `check` must hold each time. */
static void
survives (Fixture *fixture,
          void   (*check) (Fixture *fixture))
{
  check (fixture);
  assert_counts_consistent (fixture);
  analyse (fixture);
  check (fixture);
  assert_counts_consistent (fixture);
  reopen (fixture);
  analyse (fixture);
  check (fixture);
  assert_counts_consistent (fixture);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("dossier-entities-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "library.db", NULL);
  fixture->store = dossier_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->doc = add_doc (fixture->store, "Rama and the MEK", TEXT);
  fixture->doc2 = add_doc (fixture->store, "Second", "Later, Edi Rama spoke in Tirana about Iran.");
  analyse (fixture);
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
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* The entity of the non-rejected mention at `start`, or NULL. */
static DossierEntity *
entity_at (Fixture *fixture,
           gint64   doc,
           guint    start)
{
  g_autoptr(GPtrArray) mentions = dossier_store_list_mentions (fixture->store, doc, 0, NULL);

  for (guint i = 0; i < mentions->len; i++)
    {
      DossierMention *m = g_ptr_array_index (mentions, i);

      if (m->start == start)
        return dossier_store_get_entity (fixture->store, m->entity_id, NULL);
    }
  return NULL;
}

static DossierMention *
mention_at (Fixture *fixture,
            gint64   doc,
            guint    start)
{
  g_autoptr(GPtrArray) mentions = dossier_store_list_mentions (fixture->store, doc, 0, NULL);

  for (guint i = 0; i < mentions->len; i++)
    {
      DossierMention *m = g_ptr_array_index (mentions, i);

      if (m->start == start)
        return dossier_mention_copy (m);
    }
  return NULL;
}

static guint
n_mentions (Fixture *fixture)
{
  g_autoptr(GPtrArray) mentions = dossier_store_list_mentions (fixture->store, fixture->doc, 0, NULL);

  return mentions->len;
}

/* ------------------------------------------------------------- analysis -- */

static void
test_linking (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierEntity) edi = entity_at (fixture, fixture->doc, 0);
  g_autoptr(DossierEntity) rama = entity_at (fixture, fixture->doc, 32);
  g_autoptr(DossierEntity) date = entity_at (fixture, fixture->doc, 66);
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) mentions = NULL;
  g_autoptr(DossierMention) date_mention = mention_at (fixture, fixture->doc, 66);
  const DossierMentionInput later[] = {
    { 7, 15, DOSSIER_ENTITY_PERSON, "Edi Rama", "edi rama", NULL, NULL },
    /* found by its alias, defined in another document */
    { 38, 42, DOSSIER_ENTITY_ORGANIZATION, "People's Mojahedin", "people's mojahedin organization of iran", NULL, NULL },
  };
  DossierEntity *first;

  g_assert_cmpint (edi->id, ==, rama->id);
  g_assert_cmpstr (edi->name, ==, "Edi Rama");
  g_assert_cmpint (edi->type, ==, DOSSIER_ENTITY_PERSON);
  g_assert_cmpint (edi->origin, ==, DOSSIER_ORIGIN_AUTO);
  g_assert_cmpuint (edi->mention_count, ==, 2);
  g_assert_cmpuint (edi->document_count, ==, 1);
  g_assert_cmpint (date->type, ==, DOSSIER_ENTITY_DATE);
  g_assert_cmpstr (date_mention->value, ==, "2022-07-15");
  g_assert_cmpint (date_mention->type, ==, DOSSIER_ENTITY_DATE);

  entities = dossier_store_list_entities (fixture->store, fixture->doc, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entities->len, ==, 7);
  /* by type (people first), then count */
  first = g_ptr_array_index (entities, 0);
  g_assert_cmpint (first->id, ==, edi->id);
  g_assert_cmpint (((DossierEntity *) g_ptr_array_index (entities, 6))->type, ==, DOSSIER_ENTITY_DATE);

  g_assert_true (dossier_store_set_auto_mentions (fixture->store, fixture->doc2, later, G_N_ELEMENTS (later), &error));
  g_clear_pointer (&edi, dossier_entity_free);
  edi = dossier_store_get_entity (fixture->store, rama->id, &error);
  g_assert_cmpuint (edi->mention_count, ==, 3);
  g_assert_cmpuint (edi->document_count, ==, 2);
  {
    g_autoptr(DossierEntity) mek = entity_at (fixture, fixture->doc, 17);
    g_autoptr(DossierEntity) pmoi = entity_at (fixture, fixture->doc2, 38);

    g_assert_cmpint (mek->id, ==, pmoi->id);
    keys = dossier_store_list_entity_keys (fixture->store, mek->id, &error);
    g_assert_cmpuint (keys->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (keys, 0), ==, "mek");
    g_assert_cmpstr (g_ptr_array_index (keys, 1), ==, "people's mojahedin organization of iran");
  }

  mentions = dossier_store_list_entity_mentions (fixture->store, rama->id, &error);
  g_assert_cmpuint (mentions->len, ==, 3);
  g_assert_cmpint (((DossierMention *) g_ptr_array_index (mentions, 0))->start, ==, 0);
  g_assert_cmpint (((DossierMention *) g_ptr_array_index (mentions, 1))->start, ==, 32);
  g_assert_cmpint (((DossierMention *) g_ptr_array_index (mentions, 2))->document_id, ==, fixture->doc2);

  /* library scope */
  g_clear_pointer (&entities, g_ptr_array_unref);
  entities = dossier_store_list_entities (fixture->store, 0, FALSE, &error);
  g_assert_cmpuint (entities->len, ==, 7);
  first = g_ptr_array_index (entities, 0);
  g_assert_cmpuint (first->mention_count, ==, 3);
  g_assert_cmpuint (first->document_count, ==, 2);

  /* analysing again changes nothing */
  analyse (fixture);
  g_assert_cmpuint (n_mentions (fixture), ==, 8);
  {
    g_autoptr(DossierEntity) again = entity_at (fixture, fixture->doc, 0);

    g_assert_cmpint (again->id, ==, rama->id);
  }
}

static void
on_changed_cb (DossierStore *store,
               const char   *detail,
               GString      *heard)
{
  g_string_append_printf (heard, "%s;", detail);
}

static void
test_changed (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) heard = g_string_new (NULL);
  const DossierMentionInput bad[] = { { 0, 999, DOSSIER_ENTITY_PERSON, "x", "x", NULL, NULL } };
  g_autoptr(DossierEntity) edi = entity_at (fixture, fixture->doc, 0);
  DossierFeed feed = { .url = (char *) "https://example.org/rss" };

  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_changed_cb), heard);
  analyse (fixture);
  g_assert_cmpstr (heard->str, ==, "entities;");
  /* a refused call changed nothing, and says nothing */
  g_assert_false (dossier_store_set_auto_mentions (fixture->store, fixture->doc, bad, 1, &error));
  g_clear_error (&error);
  g_assert_false (dossier_store_rename_entity (fixture->store, 999, "x", &error));
  g_clear_error (&error);
  g_assert_cmpstr (heard->str, ==, "entities;");
  g_assert_true (dossier_store_set_entity_hidden (fixture->store, edi->id, TRUE, &error));
  g_assert_true (dossier_store_add_feed (fixture->store, &feed, &error));
  g_assert_true (dossier_store_tag_document (fixture->store, fixture->doc, "t", &error));
  g_assert_cmpstr (heard->str, ==, "entities;entities;feeds;documents;");
  g_signal_handlers_disconnect_by_func (fixture->store, on_changed_cb, heard);
}

static void
test_bad_input (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const DossierMentionInput past_end[] = {
    { 0, 3, DOSSIER_ENTITY_PERSON, "Edi", "edi", NULL, NULL },
    { 80, 500, DOSSIER_ENTITY_PLACE, "Nowhere", "nowhere", NULL, NULL },
  };
  const DossierMentionInput no_key[] = { { 0, 3, DOSSIER_ENTITY_PERSON, "Edi", NULL, NULL, NULL } };

  /* one bad mention: the whole call is refused, the old mentions stay */
  g_assert_false (dossier_store_set_auto_mentions (fixture->store, fixture->doc, past_end, 2, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_store_set_auto_mentions (fixture->store, fixture->doc, no_key, 1, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (n_mentions (fixture), ==, 8);

  g_assert_false (dossier_store_set_auto_mentions (fixture->store, 999, NULL, 0, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
}

static void
test_unanalyzed (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GArray *ids;

  ids = dossier_store_list_unanalyzed (fixture->store, 3, &error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_array_unref (ids);
  g_assert_true (dossier_store_mark_analyzed (fixture->store, fixture->doc, 3, &error));
  ids = dossier_store_list_unanalyzed (fixture->store, 3, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->doc2);
  g_array_unref (ids);
  /* a new model version analyses everything again */
  ids = dossier_store_list_unanalyzed (fixture->store, 4, &error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_array_unref (ids);
  g_assert_false (dossier_store_mark_analyzed (fixture->store, 999, 3, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
}

/* ---------------------------------------------------------- corrections -- */

static gint64 saved_id;

static void
check_renamed (Fixture *fixture)
{
  g_autoptr(DossierEntity) e = entity_at (fixture, fixture->doc, 0);

  g_assert_cmpint (e->id, ==, saved_id);
  g_assert_cmpstr (e->name, ==, "Edi Rama (Prime Minister)");
  g_assert_cmpint (e->origin, ==, DOSSIER_ORIGIN_USER);
  g_assert_cmpuint (e->mention_count, ==, 2);
}

static void
test_rename (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierEntity) e = entity_at (fixture, fixture->doc, 0);

  saved_id = e->id;
  g_assert_true (dossier_store_rename_entity (fixture->store, e->id, " Edi Rama (Prime Minister) ", &error));
  g_assert_no_error (error);
  survives (fixture, check_renamed);

  g_assert_false (dossier_store_rename_entity (fixture->store, e->id, "  ", &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_store_rename_entity (fixture->store, 999, "x", &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
}

static void
check_merged (Fixture *fixture)
{
  g_autoptr(DossierEntity) iran = entity_at (fixture, fixture->doc, 42);
  g_autoptr(DossierEntity) tehran = entity_at (fixture, fixture->doc, 51);

  g_assert_cmpint (iran->id, ==, saved_id);
  g_assert_cmpint (tehran->id, ==, saved_id);
  g_assert_cmpuint (iran->mention_count, ==, 2);
  g_assert_cmpuint (n_mentions (fixture), ==, 8);
}

static void
test_merge (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierEntity) iran = entity_at (fixture, fixture->doc, 42);
  g_autoptr(DossierEntity) tehran = entity_at (fixture, fixture->doc, 51);
  g_autoptr(DossierEntity) gone = NULL;
  const DossierMentionInput elsewhere[] = { { 0, 6, DOSSIER_ENTITY_PLACE, "Tehran", "tehran", NULL, NULL } };

  g_assert_cmpint (iran->id, !=, tehran->id);
  saved_id = iran->id;
  g_assert_true (dossier_store_merge_entities (fixture->store, tehran->id, iran->id, &error));
  g_assert_no_error (error);
  gone = dossier_store_get_entity (fixture->store, tehran->id, &error);
  g_assert_null (gone);
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  survives (fixture, check_merged);

  /* a key of the merged entity found in another document lands on the survivor */
  g_assert_true (dossier_store_set_auto_mentions (fixture->store, fixture->doc2, elsewhere, 1, &error));
  {
    g_autoptr(DossierEntity) e = entity_at (fixture, fixture->doc2, 0);

    g_assert_cmpint (e->id, ==, saved_id);
  }

  g_assert_false (dossier_store_merge_entities (fixture->store, iran->id, iran->id, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_store_merge_entities (fixture->store, 999, iran->id, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
}

static void
check_retyped (Fixture *fixture)
{
  g_autoptr(DossierEntity) e = entity_at (fixture, fixture->doc, 24);
  g_autoptr(DossierMention) m = mention_at (fixture, fixture->doc, 24);

  g_assert_cmpint (e->id, ==, saved_id);
  g_assert_cmpint (e->type, ==, DOSSIER_ENTITY_PLACE);
  g_assert_cmpint (m->type, ==, DOSSIER_ENTITY_PLACE);
}

static void
test_set_type (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierEntity) durres = entity_at (fixture, fixture->doc, 24);
  const DossierMentionInput as_place[] = { { 0, 6, DOSSIER_ENTITY_PLACE, "Durres", "durres", NULL, NULL } };

  g_assert_cmpint (durres->type, ==, DOSSIER_ENTITY_PERSON);
  saved_id = durres->id;
  g_assert_true (dossier_store_set_entity_type (fixture->store, durres->id, DOSSIER_ENTITY_PLACE, &error));
  g_assert_no_error (error);
  /* the tagger still says "person" at that span: the mention stays with the place */
  survives (fixture, check_retyped);

  /* found as a place elsewhere: the same entity */
  g_assert_true (dossier_store_set_auto_mentions (fixture->store, fixture->doc2, as_place, 1, &error));
  {
    g_autoptr(DossierEntity) e = entity_at (fixture, fixture->doc2, 0);

    g_assert_cmpint (e->id, ==, saved_id);
  }

  g_assert_false (dossier_store_set_entity_type (fixture->store, durres->id, 77, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_INVALID);
}

static void
test_set_type_collision (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const DossierMentionInput place[] = { { 25, 31, DOSSIER_ENTITY_PLACE, "Tirana", "durres", NULL, NULL } };
  g_autoptr(DossierEntity) person = entity_at (fixture, fixture->doc, 24);
  g_autoptr(DossierEntity) the_place = NULL;
  g_autoptr(DossierEntity) after = NULL;

  /* a place owning the key "durres" exists already */
  g_assert_true (dossier_store_set_auto_mentions (fixture->store, fixture->doc2, place, 1, &error));
  the_place = entity_at (fixture, fixture->doc2, 25);
  g_assert_cmpint (the_place->id, !=, person->id);

  g_assert_true (dossier_store_set_entity_type (fixture->store, person->id, DOSSIER_ENTITY_PLACE, &error));
  g_assert_no_error (error);
  after = entity_at (fixture, fixture->doc, 24);
  g_assert_cmpint (after->id, ==, the_place->id);
  g_assert_cmpint (after->type, ==, DOSSIER_ENTITY_PLACE);
  g_assert_cmpuint (after->mention_count, ==, 2);
  saved_id = the_place->id;
  survives (fixture, check_retyped);
}

static void
check_hidden (Fixture *fixture)
{
  g_autoptr(GPtrArray) shown = dossier_store_list_entities (fixture->store, fixture->doc, FALSE, NULL);
  g_autoptr(GPtrArray) all = dossier_store_list_entities (fixture->store, fixture->doc, TRUE, NULL);
  g_autoptr(DossierEntity) e = dossier_store_get_entity (fixture->store, saved_id, NULL);

  g_assert_cmpuint (shown->len, ==, 6);
  g_assert_cmpuint (all->len, ==, 7);
  g_assert_true (e->hidden);
  for (guint i = 0; i < shown->len; i++)
    g_assert_cmpint (((DossierEntity *) g_ptr_array_index (shown, i))->id, !=, saved_id);
}

static void
test_hide (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierEntity) date = entity_at (fixture, fixture->doc, 66);

  saved_id = date->id;
  g_assert_true (dossier_store_set_entity_hidden (fixture->store, date->id, TRUE, &error));
  survives (fixture, check_hidden);
  g_assert_true (dossier_store_set_entity_hidden (fixture->store, date->id, FALSE, &error));
  {
    g_autoptr(GPtrArray) shown = dossier_store_list_entities (fixture->store, fixture->doc, FALSE, NULL);

    g_assert_cmpuint (shown->len, ==, 7);
  }
}

static void
check_rejected (Fixture *fixture)
{
  g_autoptr(DossierMention) m = mention_at (fixture, fixture->doc, 80);
  g_autoptr(GPtrArray) entities = dossier_store_list_entities (fixture->store, 0, TRUE, NULL);

  g_assert_null (m);
  g_assert_cmpuint (n_mentions (fixture), ==, 7);
  /* Paris had only that mention: no longer listed */
  g_assert_cmpuint (entities->len, ==, 6);
}

static void
test_reject (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierMention) paris = mention_at (fixture, fixture->doc, 80);
  g_autoptr(DossierMention) got = NULL;

  g_assert_true (dossier_store_reject_mention (fixture->store, paris->id, &error));
  g_assert_no_error (error);
  got = dossier_store_get_mention (fixture->store, paris->id, &error);
  g_assert_true (got->rejected);
  g_assert_cmpint (got->origin, ==, DOSSIER_ORIGIN_USER);
  survives (fixture, check_rejected);

  g_assert_false (dossier_store_reject_mention (fixture->store, 9999, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
}

static void
check_split (Fixture *fixture)
{
  g_autoptr(DossierEntity) split = entity_at (fixture, fixture->doc, 32);
  g_autoptr(DossierEntity) edi = entity_at (fixture, fixture->doc, 0);
  g_autoptr(DossierMention) m = mention_at (fixture, fixture->doc, 32);

  g_assert_cmpint (split->id, ==, saved_id);
  g_assert_cmpstr (split->name, ==, "Rama");
  g_assert_cmpint (split->type, ==, DOSSIER_ENTITY_PERSON);
  g_assert_cmpint (split->origin, ==, DOSSIER_ORIGIN_USER);
  g_assert_cmpint (m->origin, ==, DOSSIER_ORIGIN_USER);
  g_assert_cmpuint (edi->mention_count, ==, 1);
  g_assert_cmpuint (n_mentions (fixture), ==, 8);
}

static void
test_split (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierMention) rama = mention_at (fixture, fixture->doc, 32);
  gint64 id;

  id = dossier_store_split_mention (fixture->store, rama->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (id, !=, rama->entity_id);
  saved_id = id;
  survives (fixture, check_split);

  g_assert_cmpint (dossier_store_split_mention (fixture->store, 9999, &error), ==, 0);
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
}

static void
check_user_mentions (Fixture *fixture)
{
  g_autoptr(DossierEntity) the = entity_at (fixture, fixture->doc, 13);
  g_autoptr(DossierEntity) mek = entity_at (fixture, fixture->doc, 17);
  g_autoptr(DossierEntity) pm = entity_at (fixture, fixture->doc, 4);
  g_autoptr(DossierMention) m = mention_at (fixture, fixture->doc, 13);

  g_assert_nonnull (the);
  g_assert_cmpint (m->origin, ==, DOSSIER_ORIGIN_USER);
  g_assert_cmpint (the->id, ==, mek->id);
  g_assert_cmpuint (mek->mention_count, ==, 2);
  g_assert_cmpstr (pm->name, ==, "Rama the person");
  g_assert_cmpint (pm->type, ==, DOSSIER_ENTITY_MISC);
  g_assert_cmpuint (n_mentions (fixture), ==, 10);
}

static void
test_user_mention (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierEntity) mek = entity_at (fixture, fixture->doc, 17);
  g_autoptr(DossierMention) m = NULL;
  gint64 id;

  /* "the" before MEK, as a mention of the MEK */
  id = dossier_store_add_user_mention (fixture->store, fixture->doc, 13, 16, mek->id, NULL, 0, &error);
  g_assert_no_error (error);
  m = dossier_store_get_mention (fixture->store, id, &error);
  g_assert_cmpint (m->entity_id, ==, mek->id);
  /* "Rama" inside "Edi Rama", as a new entity */
  id = dossier_store_add_user_mention (fixture->store, fixture->doc, 4, 8, 0, "Rama the person",
                                       DOSSIER_ENTITY_MISC, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  survives (fixture, check_user_mentions);

  g_assert_cmpint (dossier_store_add_user_mention (fixture->store, fixture->doc, 80, 200, mek->id, NULL, 0, &error), ==, 0);
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (dossier_store_add_user_mention (fixture->store, fixture->doc, 1, 2, 999, NULL, 0, &error), ==, 0);
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (n_mentions (fixture), ==, 10);
}

static void
test_user_mention_replaces (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierMention) paris = mention_at (fixture, fixture->doc, 80);
  g_autoptr(DossierEntity) e = NULL;
  gint64 id;

  /* the user says the span "Paris" is a person: one mention there, the user's */
  id = dossier_store_add_user_mention (fixture->store, fixture->doc, PARIS, 0, "Paris Hilton",
                                       DOSSIER_ENTITY_PERSON, &error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (n_mentions (fixture), ==, 8);
  analyse (fixture);
  g_assert_cmpuint (n_mentions (fixture), ==, 8);
  e = entity_at (fixture, fixture->doc, 80);
  g_assert_cmpstr (e->name, ==, "Paris Hilton");
  (void) paris;
}

static void
test_cooccurring (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const DossierMentionInput second[] = {
    { 7, 15, DOSSIER_ENTITY_PERSON, "Edi Rama", "edi rama", NULL, NULL },
    { 25, 31, DOSSIER_ENTITY_PLACE, "Tirana", "tirana", NULL, NULL },
    { 38, 42, DOSSIER_ENTITY_PLACE, "Iran", "iran", NULL, NULL },
  };
  g_autoptr(DossierEntity) edi = entity_at (fixture, fixture->doc, 0);
  g_autoptr(DossierEntity) iran = entity_at (fixture, fixture->doc, 42);
  g_autoptr(GPtrArray) list = NULL;
  DossierEntity *top;

  g_assert_true (dossier_store_set_auto_mentions (fixture->store, fixture->doc2, second, 3, &error));
  list = dossier_store_list_cooccurring (fixture->store, edi->id, 0, &error);
  g_assert_no_error (error);
  /* MEK, Durrës, Iran, Tehran, date, Paris, Tirana */
  g_assert_cmpuint (list->len, ==, 7);
  top = g_ptr_array_index (list, 0);
  g_assert_cmpint (top->id, ==, iran->id);
  g_assert_cmpuint (top->document_count, ==, 2);
  for (guint i = 0; i < list->len; i++)
    g_assert_cmpint (((DossierEntity *) g_ptr_array_index (list, i))->id, !=, edi->id);

  g_clear_pointer (&list, g_ptr_array_unref);
  list = dossier_store_list_cooccurring (fixture->store, edi->id, 2, &error);
  g_assert_cmpuint (list->len, ==, 2);
}

static void
test_query_filters (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierEntity) mek = entity_at (fixture, fixture->doc, 17);
  g_autoptr(DossierDocument) doc = NULL;
  g_autoptr(DossierFeed) got = NULL;
  DossierFeed feed = { 0 };
  DossierDocument item = { 0 };
  DossierQuery query = { 0 };
  gint64 item_id = 0;
  GArray *ids;

  /* entity */
  query.entity_id = mek->id;
  ids = dossier_store_query_ids (fixture->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->doc);
  g_array_unref (ids);

  /* feed */
  feed.url = (char *) "https://example.org/feed.xml";
  g_assert_true (dossier_store_add_feed (fixture->store, &feed, &error));
  item.title = (char *) "From the feed";
  item.text = (char *) "Feed item text about Rama.";
  item.feed_id = feed.id;
  item.uid = (char *) "https://example.org/item";
  g_assert_true (dossier_store_add_document (fixture->store, &item, TRUE, NULL, &item_id, &error));
  query.entity_id = 0;
  query.feed_id = feed.id;
  ids = dossier_store_query_ids (fixture->store, &query, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, item_id);
  g_array_unref (ids);
  got = dossier_store_get_feed (fixture->store, feed.id, &error);
  g_assert_cmpuint (got->unread_count, ==, 1);

  /* tag, combined with search */
  query.feed_id = 0;
  g_assert_true (dossier_store_tag_document (fixture->store, fixture->doc, "albania", &error));
  g_assert_true (dossier_store_tag_document (fixture->store, item_id, "albania", &error));
  query.tag = "albania";
  ids = dossier_store_query_ids (fixture->store, &query, &error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_array_unref (ids);
  query.search = "feed";
  ids = dossier_store_query_ids (fixture->store, &query, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, item_id);
  g_array_unref (ids);
  query.tag = "nothing";
  ids = dossier_store_query_ids (fixture->store, &query, &error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_array_unref (ids);

  /* big filtered sets walk the sort index instead: the same answers */
  _dossier_store_set_walk_index_above (fixture->store, 0);
  for (guint pass = 0; pass < 2; pass++)
    {
      DossierQuery q = { .sort = pass == 0 ? DOSSIER_SORT_PUBLISHED : DOSSIER_SORT_TITLE };

      q.entity_id = mek->id;
      ids = dossier_store_query_ids (fixture->store, &q, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ids->len, ==, 1);
      g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->doc);
      g_array_unref (ids);
      q.entity_id = 0;
      q.tag = "albania";
      ids = dossier_store_query_ids (fixture->store, &q, &error);
      g_assert_cmpuint (ids->len, ==, 2);
      g_array_unref (ids);
      q.feed_id = feed.id;
      ids = dossier_store_query_ids (fixture->store, &q, &error);
      g_assert_cmpuint (ids->len, ==, 1);
      g_assert_cmpint (g_array_index (ids, gint64, 0), ==, item_id);
      g_array_unref (ids);
    }
  _dossier_store_set_walk_index_above (fixture->store, DOSSIER_STORE_WALK_INDEX_ABOVE);

  /* removing the feed keeps its articles */
  g_assert_true (dossier_store_remove_feed (fixture->store, feed.id, &error));
  doc = dossier_store_get_document (fixture->store, item_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (doc->feed_id, ==, 0);
}

static void
test_counts_follow_documents (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const DossierMentionInput second[] = {
    { 7, 15, DOSSIER_ENTITY_PERSON, "Edi Rama", "edi rama", NULL, NULL },
    { 38, 42, DOSSIER_ENTITY_PLACE, "Iran", "iran", NULL, NULL },
  };
  g_autoptr(DossierEntity) edi = entity_at (fixture, fixture->doc, 0);
  g_autoptr(DossierEntity) after = NULL;
  g_autoptr(DossierMention) paris = mention_at (fixture, fixture->doc, 80);
  DossierDocument doc = { 0 };
  DossierAddResult result;

  g_assert_true (dossier_store_set_auto_mentions (fixture->store, fixture->doc2, second, 2, &error));
  g_assert_true (dossier_store_reject_mention (fixture->store, paris->id, &error));
  g_assert_cmpint (dossier_store_add_user_mention (fixture->store, fixture->doc, 4, 8, edi->id, NULL, 0, &error), >, 0);
  assert_counts_consistent (fixture);
  after = dossier_store_get_entity (fixture->store, edi->id, &error);
  g_assert_cmpuint (after->mention_count, ==, 4);
  g_assert_cmpuint (after->document_count, ==, 2);

  /* the text changes: automatic mentions go until the next analysis, the user's move */
  doc.uid = (char *) "x";
  doc.text = (char *) TEXT;
  {
    g_autoptr(DossierDocument) stored = dossier_store_get_document (fixture->store, fixture->doc, &error);

    doc.uid = stored->uid;
    doc.text = (char *) "Update. " TEXT;
    g_assert_true (dossier_store_add_document (fixture->store, &doc, TRUE, &result, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (result, ==, DOSSIER_ADD_UPDATED);
  }
  assert_counts_consistent (fixture);
  {
    g_autoptr(DossierMention) user = mention_at (fixture, fixture->doc, 12);

    g_assert_nonnull (user);
    g_assert_cmpint (user->origin, ==, DOSSIER_ORIGIN_USER);
    g_assert_cmpuint (n_mentions (fixture), ==, 1);
  }

  g_assert_true (dossier_store_remove_document (fixture->store, fixture->doc, &error));
  assert_counts_consistent (fixture);
  g_clear_pointer (&after, dossier_entity_free);
  after = dossier_store_get_entity (fixture->store, edi->id, &error);
  g_assert_cmpuint (after->mention_count, ==, 1);
  g_assert_cmpuint (after->document_count, ==, 1);
}

/* ---------------------------------------------------------- feeds, tags -- */

static void
test_feeds (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierFeed) feed = dossier_feed_new ();
  g_autoptr(DossierFeed) got = NULL;
  g_autoptr(DossierFeed) again = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  DossierFeed other = { 0 };

  feed->url = g_strdup ("https://news.example/rss");
  feed->title = g_strdup ("Example News");
  feed->folder = g_strdup ("Balkans");
  feed->interval = 30;
  feed->full_text = TRUE;
  g_assert_true (dossier_store_add_feed (fixture->store, feed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (feed->id, >, 0);

  other.url = (char *) "https://news.example/rss";
  g_assert_false (dossier_store_add_feed (fixture->store, &other, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_INVALID);
  g_clear_error (&error);
  other.url = NULL;
  g_assert_false (dossier_store_add_feed (fixture->store, &other, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_free (feed->etag);
  feed->etag = g_strdup ("\"abc\"");
  g_free (feed->status);
  feed->status = g_strdup ("error");
  feed->error = g_strdup ("The server answered 503");
  feed->fetched = 1700000000;
  feed->retry_after = 1700003600;
  g_assert_true (dossier_store_update_feed (fixture->store, feed, &error));
  reopen (fixture);

  got = dossier_store_get_feed (fixture->store, feed->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->url, ==, "https://news.example/rss");
  g_assert_cmpstr (got->title, ==, "Example News");
  g_assert_cmpstr (got->folder, ==, "Balkans");
  g_assert_cmpstr (got->etag, ==, "\"abc\"");
  g_assert_cmpstr (got->status, ==, "error");
  g_assert_cmpstr (got->error, ==, "The server answered 503");
  g_assert_cmpint (got->fetched, ==, 1700000000);
  g_assert_cmpint (got->retry_after, ==, 1700003600);
  g_assert_cmpuint (got->interval, ==, 30);
  g_assert_true (got->full_text);

  again = dossier_store_find_feed_by_url (fixture->store, "https://news.example/rss", &error);
  g_assert_cmpint (again->id, ==, feed->id);
  g_assert_null (dossier_store_find_feed_by_url (fixture->store, "https://else.example/", &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  feeds = dossier_store_list_feeds (fixture->store, &error);
  g_assert_cmpuint (feeds->len, ==, 1);

  g_assert_true (dossier_store_remove_feed (fixture->store, feed->id, &error));
  g_assert_false (dossier_store_remove_feed (fixture->store, feed->id, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
}

static void
test_tags (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) doc_tags = NULL;

  g_assert_true (dossier_store_tag_document (fixture->store, fixture->doc, "Iran", &error));
  g_assert_true (dossier_store_tag_document (fixture->store, fixture->doc, " albania ", &error));
  g_assert_true (dossier_store_tag_document (fixture->store, fixture->doc, "albania", &error));
  g_assert_true (dossier_store_tag_document (fixture->store, fixture->doc2, "later", &error));
  g_assert_false (dossier_store_tag_document (fixture->store, fixture->doc, "", &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dossier_store_tag_document (fixture->store, 999, "x", &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  doc_tags = dossier_store_list_document_tags (fixture->store, fixture->doc, &error);
  g_assert_cmpstrv (doc_tags, ((const char *[]) { "albania", "Iran", NULL }));
  tags = dossier_store_list_tags (fixture->store, &error);
  g_assert_cmpstrv (tags, ((const char *[]) { "albania", "Iran", "later", NULL }));

  g_assert_true (dossier_store_untag_document (fixture->store, fixture->doc2, "later", &error));
  g_assert_false (dossier_store_untag_document (fixture->store, fixture->doc2, "later", &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
  g_clear_pointer (&tags, g_strfreev);
  tags = dossier_store_list_tags (fixture->store, NULL);
  g_assert_cmpstrv (tags, ((const char *[]) { "albania", "Iran", NULL }));

  /* removing a document takes its tags along */
  g_assert_true (dossier_store_remove_document (fixture->store, fixture->doc, NULL));
  g_clear_pointer (&doc_tags, g_strfreev);
  doc_tags = dossier_store_list_document_tags (fixture->store, fixture->doc, NULL);
  g_assert_cmpuint (g_strv_length (doc_tags), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/entities/linking", test_linking);
  ADD ("/store/entities/bad-input", test_bad_input);
  ADD ("/store/entities/changed", test_changed);
  ADD ("/store/entities/unanalyzed", test_unanalyzed);
  ADD ("/store/entities/rename", test_rename);
  ADD ("/store/entities/merge", test_merge);
  ADD ("/store/entities/set-type", test_set_type);
  ADD ("/store/entities/set-type-collision", test_set_type_collision);
  ADD ("/store/entities/hide", test_hide);
  ADD ("/store/entities/reject", test_reject);
  ADD ("/store/entities/split", test_split);
  ADD ("/store/entities/user-mention", test_user_mention);
  ADD ("/store/entities/user-mention-replaces", test_user_mention_replaces);
  ADD ("/store/entities/cooccurring", test_cooccurring);
  ADD ("/store/entities/counts-follow-documents", test_counts_follow_documents);
  ADD ("/store/documents/query-filters", test_query_filters);
  ADD ("/store/feeds", test_feeds);
  ADD ("/store/tags", test_tags);
#undef ADD

  return g_test_run ();
}
