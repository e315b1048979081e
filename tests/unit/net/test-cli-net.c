/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-net.c: `dossier-cli feeds …` and `dossier-cli fetch` as a user
 * runs them, against a SoupServer on 127.0.0.1 and a temporary library. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "test-server.h"

typedef struct {
  TestServer *server;
  char       *dir;
  char       *library;
} Fixture;

static char *
read_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("DOSSIER_SOURCE_DIR"), "tests", "fixtures", "feeds", name, NULL);
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  return data;
}

/* Runs dossier-cli with --library and the given arguments; returns the exit
 * status, stdout and stderr. */
static int
run_cli (Fixture     *fixture,
         char       **out_stdout,
         char       **out_stderr,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, g_build_filename (g_getenv ("DOSSIER_BUILD_DIR"), "app", "cli", "dossier-cli", NULL));
  g_ptr_array_add (args, g_strdup ("--library"));
  g_ptr_array_add (args, g_strdup (fixture->library));
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out_stdout, out_stderr, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = test_server_new ();
  fixture->dir = g_dir_make_tmp ("dossier-cli-net-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->library = g_build_filename (fixture->dir, "library.db", NULL);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  test_server_free (fixture->server);
  g_free (fixture->dir);
  g_free (fixture->library);
}

static void
test_feeds_verbs (Fixture *fixture, gconstpointer data)
{
  g_autofree char *rss = read_fixture ("rss20.xml");
  g_autofree char *url = test_server_url (fixture->server, "/rss20.xml");
  g_autofree char *missing = test_server_url (fixture->server, "/missing.xml");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *out2 = NULL, *err2 = NULL;
  g_autofree char *out3 = NULL, *err3 = NULL;
  g_autofree char *out4 = NULL, *err4 = NULL;
  g_autofree char *out5 = NULL, *err5 = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *feed;

  test_server_add_string (fixture->server, "/rss20.xml", "application/rss+xml", rss);

  g_assert_cmpint (run_cli (fixture, &out, &err, "feeds", "add", url, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Adriatic Desk"));

  g_assert_cmpint (run_cli (fixture, &out2, &err2, "feeds", "list", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out2, -1, &error));
  g_assert_no_error (error);
  feed = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (feed, "id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (feed, "url"), ==, url);
  g_assert_cmpstr (json_object_get_string_member (feed, "title"), ==, "Adriatic Desk");
  g_assert_cmpstr (json_object_get_string_member (feed, "status"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (feed, "fetched"), >, 0);

  /* A failure: exit status 1 and one line naming the address and the reason. */
  g_assert_cmpint (run_cli (fixture, &out3, &err3, "feeds", "add", missing, NULL), ==, 1);
  g_assert_nonnull (strstr (err3, "404"));
  g_assert_nonnull (strstr (err3, missing));
  g_assert_true (g_str_has_suffix (err3, "\n"));
  g_assert_true (strchr (err3, '\n') == err3 + strlen (err3) - 1);

  g_assert_cmpint (run_cli (fixture, &out4, &err4, "feeds", "refresh", "1", NULL), ==, 0);
  g_assert_nonnull (strstr (out4, "1 fetched"));

  g_assert_cmpint (run_cli (fixture, &out5, &err5, "feeds", "export-opml", NULL), ==, 0);
  g_assert_nonnull (strstr (out5, url));

  {
    g_autofree char *o = NULL, *e = NULL, *o2 = NULL, *e2 = NULL;
    g_assert_cmpint (run_cli (fixture, &o, &e, "feeds", "remove", "1", NULL), ==, 0);
    g_assert_cmpint (run_cli (fixture, &o2, &e2, "feeds", "list", NULL), ==, 0);
    g_assert_cmpstr (o2, ==, "");
  }
}

static void
test_opml_and_fetch (Fixture *fixture, gconstpointer data)
{
  g_autofree char *opml = g_build_filename (g_getenv ("DOSSIER_SOURCE_DIR"), "tests", "fixtures", "feeds",
                                            "subscriptions.opml", NULL);
  g_autofree char *exported = g_build_filename (fixture->dir, "out.opml", NULL);
  g_autofree char *article = read_fixture ("article.html");
  g_autofree char *page = test_server_url (fixture->server, "/article");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *out2 = NULL, *err2 = NULL;
  g_autofree char *out3 = NULL, *err3 = NULL;
  g_autofree char *written = NULL;

  g_assert_cmpint (run_cli (fixture, &out, &err, "feeds", "import-opml", opml, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "3 feeds added, 1 skipped"));
  g_assert_cmpint (run_cli (fixture, &out2, &err2, "feeds", "export-opml", "--output", exported, NULL), ==, 0);
  g_assert_true (g_file_get_contents (exported, &written, NULL, NULL));
  g_assert_nonnull (strstr (written, "title=\"News\""));

  test_server_add_string (fixture->server, "/article", "text/html", article);
  g_assert_cmpint (run_cli (fixture, &out3, &err3, "fetch", page, NULL), ==, 0);
  g_assert_nonnull (strstr (out3, "Full story: government services restored"));
}

int
main (int   argc,
      char *argv[])
{
  /* Everything is on 127.0.0.1: no proxy for the child processes either. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/net/cli/feeds", Fixture, NULL, fixture_set_up, test_feeds_verbs, fixture_tear_down);
  g_test_add ("/net/cli/opml-and-fetch", Fixture, NULL, fixture_set_up, test_opml_and_fetch, fixture_tear_down);
  return g_test_run ();
}
