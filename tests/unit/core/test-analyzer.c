/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-analyzer.c: analysis of stored documents in a real library file.
 * Every kind of user correction survives re-analysis and a reopen; the
 * library-wide run reports progress on the caller's context and stops when
 * cancelled. Runs without a model (dates only) so it always runs; with the
 * model present a second pass checks that names are stored too. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dossier-analyzer.h"

static const char article[] =
  "The attack began on 15 July 2022, officials said. By 15 July 2022 the portal was down. "
  "Talks had resumed in 2019 and again in 2020. Prime Minister Edi Rama spoke in Tirana. "
  "Iran denied it on 18 July 2022 and in 2021.";

typedef struct {
  char         *dir;
  char         *path;
  DossierStore *store;
  gint64        doc_id;
} Fixture;

static guint
offset_of (const char *needle,
           guint       nth)
{
  const char *p = article;

  for (guint i = 0; ; i++)
    {
      p = strstr (p, needle);
      g_assert_nonnull (p);
      if (i == nth)
        return g_utf8_pointer_to_offset (article, p);
      p += strlen (needle);
    }
}

static gint64
add_article (DossierStore *store,
             const char   *uid,
             const char   *text)
{
  g_autoptr(DossierDocument) doc = dossier_document_new ();
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  doc->uid = g_strdup (uid);
  doc->title = g_strdup ("Cyberattack on Albania");
  doc->text = g_strdup (text);
  doc->published = 1662811200;   /* 2022-09-10 12:00 UTC */
  g_assert_true (dossier_store_add_document (store, doc, FALSE, NULL, &id, &error));
  g_assert_no_error (error);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("dossier-analyzer-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "library.db", NULL);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);
  f->doc_id = add_article (f->store, "test:article", article);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (f->dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static DossierMention *
mention_at (GPtrArray *mentions,
            guint      start)
{
  for (guint i = 0; i < mentions->len; i++)
    {
      DossierMention *m = g_ptr_array_index (mentions, i);

      if (m->start == start)
        return m;
    }
  return NULL;
}

static void
analyze (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dossier_analyzer_analyze_document (f->store, NULL, f->doc_id, &error));
  g_assert_no_error (error);
}

static void
test_analyzer_dates_stored (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) mentions = NULL;
  g_autoptr(GArray) pending = NULL;
  g_autoptr(GError) error = NULL;
  DossierMention *first, *second, *m2019;

  pending = dossier_store_list_unanalyzed (f->store, dossier_analyzer_get_version (NULL), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 1);

  analyze (f);
  mentions = dossier_store_list_mentions (f->store, f->doc_id, 0, &error);
  g_assert_no_error (error);
  /* 15 July 2022 twice, 2019, 2020, 18 July 2022, 2021 */
  g_assert_cmpuint (mentions->len, ==, 6);
  first = mention_at (mentions, offset_of ("15 July 2022", 0));
  second = mention_at (mentions, offset_of ("15 July 2022", 1));
  m2019 = mention_at (mentions, offset_of ("2019", 0));
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_nonnull (m2019);
  g_assert_cmpint (first->entity_id, ==, second->entity_id);
  g_assert_cmpstr (first->value, ==, "2022-07-15");
  g_assert_cmpstr (m2019->value, ==, "2019");
  g_assert_cmpint (first->type, ==, DOSSIER_ENTITY_DATE);

  g_clear_pointer (&pending, g_array_unref);
  pending = dossier_store_list_unanalyzed (f->store, dossier_analyzer_get_version (NULL), &error);
  g_assert_cmpuint (pending->len, ==, 0);
}

typedef struct {
  gint64 renamed;       /* "15 July 2022" renamed */
  gint64 merged_into;   /* 2019 merged into 2020 */
  gint64 split_off;     /* the second "15 July 2022" split off */
  gint64 retyped;       /* 2021 made a MISC */
  gint64 hidden;        /* 18 July 2022 hidden */
  guint  rejected_at;   /* the 2020 mention rejected */
  gint64 added;         /* "Edi Rama" added from a selection */
} Corrections;

static void
check_corrections (Fixture           *f,
                   const Corrections *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mentions = dossier_store_list_mentions (f->store, f->doc_id, 0, &error);
  g_autoptr(DossierEntity) renamed = NULL;
  g_autoptr(DossierEntity) retyped = NULL;
  g_autoptr(DossierEntity) hidden = NULL;
  g_autoptr(GPtrArray) visible = NULL;
  DossierMention *m;

  g_assert_no_error (error);

  renamed = dossier_store_get_entity (f->store, c->renamed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (renamed->name, ==, "Day of the attack");
  m = mention_at (mentions, offset_of ("15 July 2022", 0));
  g_assert_nonnull (m);
  g_assert_cmpint (m->entity_id, ==, c->renamed);

  m = mention_at (mentions, offset_of ("15 July 2022", 1));
  g_assert_nonnull (m);
  g_assert_cmpint (m->entity_id, ==, c->split_off);
  g_assert_cmpint (m->entity_id, !=, c->renamed);

  m = mention_at (mentions, offset_of ("2019", 0));
  g_assert_nonnull (m);
  g_assert_cmpint (m->entity_id, ==, c->merged_into);

  g_assert_null (mention_at (mentions, c->rejected_at));

  retyped = dossier_store_get_entity (f->store, c->retyped, &error);
  g_assert_no_error (error);
  g_assert_cmpint (retyped->type, ==, DOSSIER_ENTITY_MISC);
  m = mention_at (mentions, offset_of ("2021", 0));
  g_assert_nonnull (m);
  g_assert_cmpint (m->entity_id, ==, c->retyped);

  hidden = dossier_store_get_entity (f->store, c->hidden, &error);
  g_assert_no_error (error);
  g_assert_true (hidden->hidden);
  visible = dossier_store_list_entities (f->store, f->doc_id, FALSE, &error);
  for (guint i = 0; i < visible->len; i++)
    g_assert_cmpint (((DossierEntity *) g_ptr_array_index (visible, i))->id, !=, c->hidden);

  m = mention_at (mentions, offset_of ("Edi Rama", 0));
  g_assert_nonnull (m);
  g_assert_cmpint (m->entity_id, ==, c->added);
  g_assert_cmpint (m->type, ==, DOSSIER_ENTITY_PERSON);
  g_assert_cmpint (m->origin, ==, DOSSIER_ORIGIN_USER);
}

static void
test_analyzer_corrections_survive (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mentions = NULL;
  Corrections c = { 0 };
  DossierMention *m;
  gint64 e2020;

  analyze (f);
  mentions = dossier_store_list_mentions (f->store, f->doc_id, 0, &error);
  g_assert_no_error (error);

  c.renamed = mention_at (mentions, offset_of ("15 July 2022", 0))->entity_id;
  g_assert_true (dossier_store_rename_entity (f->store, c.renamed, "Day of the attack", &error));
  g_assert_no_error (error);

  m = mention_at (mentions, offset_of ("15 July 2022", 1));
  c.split_off = dossier_store_split_mention (f->store, m->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (c.split_off, >, 0);

  e2020 = mention_at (mentions, offset_of ("2020", 0))->entity_id;
  c.merged_into = e2020;
  g_assert_true (dossier_store_merge_entities (f->store, mention_at (mentions, offset_of ("2019", 0))->entity_id,
                                               e2020, &error));
  g_assert_no_error (error);

  c.rejected_at = offset_of ("2020", 0);
  g_assert_true (dossier_store_reject_mention (f->store, mention_at (mentions, c.rejected_at)->id, &error));
  g_assert_no_error (error);

  c.retyped = mention_at (mentions, offset_of ("2021", 0))->entity_id;
  g_assert_true (dossier_store_set_entity_type (f->store, c.retyped, DOSSIER_ENTITY_MISC, &error));
  g_assert_no_error (error);

  c.hidden = mention_at (mentions, offset_of ("18 July 2022", 0))->entity_id;
  g_assert_true (dossier_store_set_entity_hidden (f->store, c.hidden, TRUE, &error));
  g_assert_no_error (error);

  {
    guint start = offset_of ("Edi Rama", 0);
    gint64 mention_id = dossier_store_add_user_mention (f->store, f->doc_id, start, start + 8, 0,
                                                        NULL, DOSSIER_ENTITY_PERSON, &error);
    g_autoptr(GPtrArray) now = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (mention_id, >, 0);
    now = dossier_store_list_mentions (f->store, f->doc_id, 0, &error);
    c.added = mention_at (now, start)->entity_id;
  }

  check_corrections (f, &c);

  /* Re-analysis replaces only the automatic rows. */
  analyze (f);
  check_corrections (f, &c);

  /* A restart: a new connection to the same file, then analysis again. */
  g_clear_object (&f->store);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);
  check_corrections (f, &c);
  analyze (f);
  check_corrections (f, &c);
}

typedef struct {
  GMainLoop *loop;
  GThread   *main_thread;
  guint      n_reports;
  guint      last_done;
  guint      total;
  gboolean   finished;
  guint      n_analyzed;
  GError    *error;
} LibraryRun;

static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  LibraryRun *run = user_data;

  /* Always on the caller's thread, in order. */
  g_assert_true (g_thread_self () == run->main_thread);
  g_assert_cmpuint (done, >=, run->last_done);
  run->n_reports++;
  run->last_done = done;
  run->total = total;
}

static void
on_library_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LibraryRun *run = user_data;

  g_assert_true (g_thread_self () == run->main_thread);
  dossier_analyzer_analyze_library_finish (result, &run->n_analyzed, &run->error);
  run->finished = TRUE;
  g_main_loop_quit (run->loop);
}

static void
test_analyzer_library (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pending = NULL;
  LibraryRun run = { 0 };

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *uid = g_strdup_printf ("test:%u", i);
      g_autofree char *text = g_strdup_printf ("Report %u: the talks of %u March 2021 ended in %u.",
                                               i, i % 28 + 1, 1990 + i);

      add_article (f->store, uid, text);
    }

  run.loop = g_main_loop_new (NULL, FALSE);
  run.main_thread = g_thread_self ();
  dossier_analyzer_analyze_library_async (f->path, NULL, NULL, on_progress, &run, on_library_done, &run);
  g_main_loop_run (run.loop);
  /* Progress reports queued before the result may still be pending. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_no_error (run.error);
  g_assert_true (run.finished);
  g_assert_cmpuint (run.n_analyzed, ==, 21);
  g_assert_cmpuint (run.total, ==, 21);
  g_assert_cmpuint (run.last_done, ==, 21);
  g_assert_cmpuint (run.n_reports, ==, 22);

  /* The worker wrote through its own connection; ours sees it. */
  pending = dossier_store_list_unanalyzed (f->store, dossier_analyzer_get_version (NULL), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 0);
  {
    g_autoptr(GPtrArray) entities = dossier_store_list_entities (f->store, 0, TRUE, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (entities->len, >=, 20);
  }
  g_main_loop_unref (run.loop);
}

static void
test_analyzer_library_cancelled (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pending = NULL;
  LibraryRun run = { 0 };

  run.loop = g_main_loop_new (NULL, FALSE);
  run.main_thread = g_thread_self ();
  g_cancellable_cancel (cancellable);
  dossier_analyzer_analyze_library_async (f->path, NULL, cancellable, on_progress, &run,
                                          on_library_done, &run);
  g_main_loop_run (run.loop);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (run.n_analyzed, ==, 0);
  g_clear_error (&run.error);

  /* Nothing half-done: the document is still waiting, with no mentions. */
  pending = dossier_store_list_unanalyzed (f->store, dossier_analyzer_get_version (NULL), &error);
  g_assert_cmpuint (pending->len, ==, 1);
  g_main_loop_unref (run.loop);
}

static void
test_analyzer_bad_library (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dossier-analyzer-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "not-a-library.db", NULL);
  LibraryRun run = { 0 };

  g_assert_true (g_file_set_contents (path, "this is not SQLite at all, just text", -1, NULL));
  run.loop = g_main_loop_new (NULL, FALSE);
  run.main_thread = g_thread_self ();
  dossier_analyzer_analyze_library_async (path, NULL, NULL, NULL, NULL, on_library_done, &run);
  g_main_loop_run (run.loop);
  g_assert_nonnull (run.error);
  g_assert_true (run.error->domain == DOSSIER_STORE_ERROR);
  g_clear_error (&run.error);
  g_main_loop_unref (run.loop);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_analyzer_missing_document (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (dossier_analyzer_analyze_document (f->store, NULL, 4242, &error));
  g_assert_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND);
}

static void
test_analyzer_with_model (Fixture       *f,
                          gconstpointer  data)
{
  const char *path = g_getenv ("DOSSIER_NER_MODEL");
  g_autoptr(DossierRecognizer) recognizer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mentions = NULL;
  g_autoptr(GArray) pending = NULL;
  gboolean person = FALSE;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no entity model: set DOSSIER_NER_MODEL to a model file");
      return;
    }
  recognizer = dossier_recognizer_new_from_file (path, &error);
  g_assert_no_error (error);

  g_assert_true (dossier_analyzer_analyze_document (f->store, recognizer, f->doc_id, &error));
  g_assert_no_error (error);
  mentions = dossier_store_list_mentions (f->store, f->doc_id, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < mentions->len; i++)
    {
      DossierMention *m = g_ptr_array_index (mentions, i);

      person |= m->type == DOSSIER_ENTITY_PERSON && m->start == offset_of ("Edi Rama", 0);
    }
  g_assert_true (person);

  /* Analysed by this model: not pending for it, pending for a dates-only run. */
  pending = dossier_store_list_unanalyzed (f->store, dossier_analyzer_get_version (recognizer), &error);
  g_assert_cmpuint (pending->len, ==, 0);
  g_clear_pointer (&pending, g_array_unref);
  pending = dossier_store_list_unanalyzed (f->store, dossier_analyzer_get_version (NULL), &error);
  g_assert_cmpuint (pending->len, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/analyzer/dates-stored", Fixture, NULL, fixture_set_up, test_analyzer_dates_stored,
              fixture_tear_down);
  g_test_add ("/analyzer/corrections-survive", Fixture, NULL, fixture_set_up,
              test_analyzer_corrections_survive, fixture_tear_down);
  g_test_add ("/analyzer/library", Fixture, NULL, fixture_set_up, test_analyzer_library, fixture_tear_down);
  g_test_add ("/analyzer/library-cancelled", Fixture, NULL, fixture_set_up, test_analyzer_library_cancelled,
              fixture_tear_down);
  g_test_add ("/analyzer/missing-document", Fixture, NULL, fixture_set_up, test_analyzer_missing_document,
              fixture_tear_down);
  g_test_add_func ("/analyzer/bad-library", test_analyzer_bad_library);
  g_test_add ("/analyzer/with-model", Fixture, NULL, fixture_set_up, test_analyzer_with_model, fixture_tear_down);
  return g_test_run ();
}
