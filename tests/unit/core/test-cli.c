/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: the real dossier-cli binary (from DOSSIER_BUILD_DIR) against a
 * temporary library: output, exit codes, and refusals that leave the library
 * file byte for byte as it was. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

typedef struct {
  char *dir;
  char *library;
  char *samples;
} Fixture;

typedef struct {
  int    status;
  char  *out;
  char  *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

/* Runs `dossier-cli --library LIBRARY args…` (no --library when library is NULL). */
static void
run_cli (Fixture    *fixture,
         Run        *run,
         const char *library,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int wait_status = 0;
  va_list args;

  g_ptr_array_add (argv, g_build_filename (g_getenv ("DOSSIER_BUILD_DIR"), "app", "cli", "dossier-cli", NULL));
  if (library != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--library"));
      g_ptr_array_add (argv, g_strdup (library));
    }
  va_start (args, library);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* Untranslated messages, and never the user's own library. */
  env = g_environ_unsetenv (env, "DOSSIER_LIBRARY");
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_setenv (env, "LANGUAGE", "", TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", fixture->dir, TRUE);

  run_clear (run);
  g_spawn_sync (fixture->dir, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    if (*p == '\n')
      n++;
  return n;
}

static char *
checksum_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *line)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, line, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };

  fixture->dir = g_dir_make_tmp ("dossier-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->library = g_build_filename (fixture->dir, "library.db", NULL);
  fixture->samples = g_build_filename (g_getenv ("DOSSIER_SOURCE_DIR"), "data", "samples", NULL);

  run_cli (fixture, &run, fixture->library, "import", fixture->samples, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (count_lines (run.out), ==, 6);
  g_assert_true (g_str_has_prefix (run.out, "stored 1: "));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->library);
  g_free (fixture->samples);
}

static char *
write_temp (Fixture    *fixture,
            const char *name,
            const void *data,
            gssize      length)
{
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, data, length, NULL));
  return path;
}

/* --------------------------------------------------------------- import -- */

static void
test_import_json_and_duplicate (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *sample = g_build_filename (fixture->samples, "02-albania-cuts-ties-with-iran.md", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0 };
  JsonObject *object;

  run_cli (fixture, &run, fixture->library, "import", "--json", sample, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (count_lines (run.out), ==, 1);
  object = parse_object (parser, run.out);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "duplicate");
  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, sample);
  g_assert_nonnull (strstr (json_object_get_string_member (object, "reason"),
                            "already in the library as “Albania cuts diplomatic ties with Iran over July cyberattack”"));

  run_cli (fixture, &run, fixture->library, "import", sample, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "duplicate 2: "));
}

static void
test_refusals_leave_library_unchanged (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autofree char *before = checksum_of (fixture->library);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.txt", NULL);
  g_autofree char *empty = write_temp (fixture, "empty.txt", "", 0);
  g_autofree char *binary = write_temp (fixture, "photo.md", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  g_autofree char *nothing = g_build_filename (fixture->dir, "nothing", NULL);
  g_autofree char *nothing_file = g_build_filename (nothing, "image.png", NULL);
  g_autofree char *big_text = g_strnfill (1536 * 1024, 'a');
  g_autofree char *big = write_temp (fixture, "big.txt", big_text, -1);
  const char *cases[][2] = {
    { missing, "does not exist" },
    { empty, "is empty" },
    { binary, "not a text file" },
    { nothing, "holds no files to import" },
    { big, "too large" },
  };

  g_assert_cmpint (g_mkdir (nothing, 0700), ==, 0);
  g_assert_true (g_file_set_contents (nothing_file, "not imported", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *after = NULL;
      g_auto(Run) run = { 0 };
      JsonObject *object;

      g_test_message ("refusing %s", cases[i][0]);
      run_cli (fixture, &run, fixture->library, "import", "--max-size", "1", cases[i][0], NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_cmpuint (count_lines (run.err), ==, 1);
      g_assert_true (g_str_has_prefix (run.err, "dossier-cli: refused: "));
      g_assert_nonnull (strstr (run.err, cases[i][0]));
      g_assert_nonnull (strstr (run.err, cases[i][1]));

      run_cli (fixture, &run, fixture->library, "--json", "import", "--max-size", "1", cases[i][0], NULL);
      g_assert_cmpint (run.status, ==, 1);
      object = parse_object (parser, run.out);
      g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "refused");
      g_assert_true (json_object_get_null_member (object, "id"));

      after = checksum_of (fixture->library);
      g_assert_cmpstr (after, ==, before);
    }

  /* Without --max-size the 1.5 MB file is fine. */
  {
    g_auto(Run) run = { 0 };

    run_cli (fixture, &run, fixture->library, "import", big, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "stored 7: "));
  }
}

static void
test_mixed_import (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *good = write_temp (fixture, "good.txt", "Good news from Vlorë\n\nA short text.", -1);
  g_autofree char *empty = write_temp (fixture, "blank.txt", "\n \n", -1);
  g_autofree char *legacy = write_temp (fixture, "legacy.txt", "Caf\xe9 in Durr\xebs\n", -1);
  g_auto(Run) run = { 0 };

  /* One good, one refused: the good one is stored, the exit status says 1. */
  run_cli (fixture, &run, fixture->library, "import", good, empty, legacy, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (count_lines (run.out), ==, 2);
  g_assert_nonnull (strstr (run.out, "stored 7: “Good news from Vlorë”"));
  g_assert_nonnull (strstr (run.out, "stored 8: “Café in Durrës”"));
  g_assert_cmpuint (count_lines (run.err), ==, 2);
  g_assert_nonnull (strstr (run.err, "dossier-cli: warning: "));
  g_assert_nonnull (strstr (run.err, "Windows-1252"));
  g_assert_nonnull (strstr (run.err, "dossier-cli: refused: "));
}

/* ------------------------------------------------------- list and show -- */

static void
test_list_and_show (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = NULL;
  g_auto(Run) run = { 0 };
  JsonObject *object;

  run_cli (fixture, &run, fixture->library, "--json", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (count_lines (run.out), ==, 6);
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; i < 6; i++)
    {
      object = parse_object (parser, lines[i]);
      g_assert_cmpint (json_object_get_int_member (object, "id"), >, 0);
      g_assert_nonnull (json_object_get_string_member (object, "title"));
      g_assert_cmpstr (json_object_get_string_member (object, "source"), ==, "Dossier sample article");
      g_assert_true (json_object_get_null_member (object, "url"));
      g_assert_true (g_regex_match_simple ("^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$",
                                           json_object_get_string_member (object, "published"), 0, 0));
      g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$",
                                           json_object_get_string_member (object, "added"), 0, 0));
      g_assert_cmpint (json_object_get_int_member (object, "notes"), ==, 0);
    }
  /* Newest first: the 2023 raid, then the 2022 articles. */
  object = parse_object (parser, lines[0]);
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Albanian police raid MEK camp near Durrës");

  run_cli (fixture, &run, fixture->library, "list", "--sort", "title", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (count_lines (run.out), ==, 6);
  g_assert_nonnull (strstr (run.out, "Albania cuts diplomatic ties"));

  run_cli (fixture, &run, fixture->library, "show", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "Albania cuts diplomatic ties with Iran over July cyberattack\n"));
  g_assert_nonnull (strstr (run.out, "\nPublished: 2022-09-07\n"));
  g_assert_nonnull (strstr (run.out, "Albania severed diplomatic relations with Iran"));

  run_cli (fixture, &run, fixture->library, "show", "--json", "5", NULL);
  g_assert_cmpint (run.status, ==, 0);
  object = parse_object (parser, run.out);
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Who are the MEK, and why do they live in Albania?");
  g_assert_nonnull (strstr (json_object_get_string_member (object, "text"), "Mujahideen-e-Khalq"));

  run_cli (fixture, &run, fixture->library, "show", "999", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "dossier-cli: no document with id 999 in the library\n");

  run_cli (fixture, &run, fixture->library, "show", "abc", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpuint (count_lines (run.err), ==, 1);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = NULL;
  g_auto(Run) run = { 0 };

  run_cli (fixture, &run, fixture->library, "search", "Mojahedin", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "«Mojahedin»"));

  run_cli (fixture, &run, fixture->library, "search", "--json", "Ashraf", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (count_lines (run.out), >=, 2);
  g_assert_null (strstr (run.out, "\xee\x80\x80"));
  g_assert_null (strstr (run.out, "«"));
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i]; i++)
    {
      JsonObject *object = parse_object (parser, lines[i]);

      g_assert_cmpint (json_object_get_int_member (object, "id"), >, 0);
      g_assert_nonnull (json_object_get_string_member (object, "title"));
      g_assert_nonnull (strstr (json_object_get_string_member (object, "snippet"), "Ashraf"));
    }

  run_cli (fixture, &run, fixture->library, "search", "--json", "zzzunknownword", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");

  run_cli (fixture, &run, fixture->library, "search", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

/* ------------------------------------------------------------- annotate -- */

static void
test_annotate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(Run) run = { 0 };
  JsonObject *object;
  gint64 id;

  run_cli (fixture, &run, fixture->library, "annotate", "add", "2", "--start", "0", "--end", "7",
           "--color", "blue", "--note", "Ties cut, «first» time", "--json", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  object = parse_object (parser, run.out);
  id = json_object_get_int_member (object, "id");
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "quote"), ==, "Albania");
  g_assert_cmpstr (json_object_get_string_member (object, "color"), ==, "blue");
  g_assert_cmpstr (json_object_get_string_member (object, "note"), ==, "Ties cut, «first» time");

  /* Offsets are characters: "Durrës" sits after a multi-byte letter. */
  run_cli (fixture, &run, fixture->library, "annotate", "add", "6", "--start", "115", "--end", "121", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "“Durrës”"));

  before = checksum_of (fixture->library);
  run_cli (fixture, &run, fixture->library, "annotate", "add", "2", "--start", "10", "--end", "5", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "dossier-cli: bad range 10–5: --start must be less than --end\n");
  run_cli (fixture, &run, fixture->library, "annotate", "add", "2", "--start", "10", "--end", "100000", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "dossier-cli: bad range 10–100000: document 2 has only "));
  run_cli (fixture, &run, fixture->library, "annotate", "add", "42", "--start", "0", "--end", "5", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_cli (fixture, &run, fixture->library, "annotate", "add", "2", "--start", "0", "--end", "5", "--color", "red", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (fixture, &run, fixture->library, "annotate", "add", "2", "--end", "5", NULL);
  g_assert_cmpint (run.status, ==, 2);
  after = checksum_of (fixture->library);
  g_assert_cmpstr (after, ==, before);

  run_cli (fixture, &run, fixture->library, "annotate", "list", "--json", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (count_lines (run.out), ==, 1);
  run_cli (fixture, &run, fixture->library, "annotate", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (count_lines (run.out), ==, 2);

  run_cli (fixture, &run, fixture->library, "--json", "list", NULL);
  g_assert_nonnull (strstr (run.out, "\"notes\":1"));

  {
    g_autofree char *id_str = g_strdup_printf ("%" G_GINT64_FORMAT, id);

    run_cli (fixture, &run, fixture->library, "annotate", "remove", id_str, NULL);
    g_assert_cmpint (run.status, ==, 0);
    run_cli (fixture, &run, fixture->library, "annotate", "remove", id_str, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "no highlight with id"));
  }

  run_cli (fixture, &run, fixture->library, "annotate", "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

/* --------------------------------------------------------------- export -- */

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *output = g_build_filename (fixture->dir, "notes.jsonld", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };

  run_cli (fixture, &run, fixture->library, "annotate", "add", "2", "--start", "0", "--end", "7", "--note", "a, b", NULL);
  g_assert_cmpint (run.status, ==, 0);

  run_cli (fixture, &run, fixture->library, "export", "--format", "csv", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "document_id,title,"));
  g_assert_nonnull (strstr (run.out, ",yellow,Albania,,"));
  g_assert_nonnull (strstr (run.out, ",\"a, b\","));
  g_assert_true (g_str_has_suffix (run.out, "\r\n"));

  run_cli (fixture, &run, fixture->library, "export", "--format", "markdown", "--document", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "---\ntitle: \"Albania cuts diplomatic ties with Iran over July cyberattack\"\n"));
  g_assert_nonnull (strstr (run.out, "\n> Albania\n"));

  run_cli (fixture, &run, fixture->library, "export", "--format", "w3c", "--output", output, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_file_get_contents (output, &contents, NULL, NULL));
  g_assert_true (json_parser_load_from_data (parser, contents, -1, &error));
  g_assert_no_error (error);

  run_cli (fixture, &run, fixture->library, "export", "--format", "pdf", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpuint (count_lines (run.err), ==, 1);
  run_cli (fixture, &run, fixture->library, "export", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (fixture, &run, fixture->library, "export", "--format", "csv", "--document", "999", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (count_lines (run.err), ==, 1);
}

/* -------------------------------------------------------- bad libraries -- */

static void
test_usage_and_bad_library (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *not_a_library = write_temp (fixture, "notes.txt", "These are my notes, not a database.\n", -1);
  g_autofree char *before = checksum_of (not_a_library);
  g_autofree char *after = NULL;
  g_auto(Run) run = { 0 };

  run_cli (fixture, &run, fixture->library, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (fixture, &run, fixture->library, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpuint (count_lines (run.err), ==, 1);
  run_cli (fixture, &run, fixture->library, "import", NULL);
  g_assert_cmpint (run.status, ==, 2);

  run_cli (fixture, &run, not_a_library, "import", fixture->samples, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (count_lines (run.err), ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  after = checksum_of (not_a_library);
  g_assert_cmpstr (after, ==, before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DOSSIER_BUILD_DIR") == NULL || g_getenv ("DOSSIER_SOURCE_DIR") == NULL)
    {
      g_test_skip ("DOSSIER_BUILD_DIR and DOSSIER_SOURCE_DIR are not set: run through meson test");
      return g_test_run ();
    }

  g_test_add ("/cli/import/json-duplicate", Fixture, NULL, fixture_set_up, test_import_json_and_duplicate, fixture_tear_down);
  g_test_add ("/cli/import/refusals", Fixture, NULL, fixture_set_up, test_refusals_leave_library_unchanged, fixture_tear_down);
  g_test_add ("/cli/import/mixed", Fixture, NULL, fixture_set_up, test_mixed_import, fixture_tear_down);
  g_test_add ("/cli/list-show", Fixture, NULL, fixture_set_up, test_list_and_show, fixture_tear_down);
  g_test_add ("/cli/search", Fixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/cli/annotate", Fixture, NULL, fixture_set_up, test_annotate, fixture_tear_down);
  g_test_add ("/cli/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/cli/usage-bad-library", Fixture, NULL, fixture_set_up, test_usage_and_bad_library, fixture_tear_down);

  return g_test_run ();
}
