/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-entities.c: the real dossier-cli's entity verbs — `ner`, `tag`
 * and `entities` — with and without a model. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs dossier-cli in `dir` with `model` as DOSSIER_NER_MODEL (NULL: the
 * test environment's), `input` on stdin (NULL: none). */
static void
run_cli (Run         *run,
         const char  *dir,
         const char  *model,
         const char  *input,
         const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) stdin_bytes = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;

  g_ptr_array_add (argv, g_build_filename (g_getenv ("DOSSIER_BUILD_DIR"), "app", "cli", "dossier-cli", NULL));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  env = g_environ_unsetenv (env, "DOSSIER_LIBRARY");
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_setenv (env, "LANGUAGE", "", TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", dir, TRUE);
  if (model != NULL)
    env = g_environ_setenv (env, "DOSSIER_NER_MODEL", model, TRUE);
  g_subprocess_launcher_set_environ (launcher, env);
  g_subprocess_launcher_set_cwd (launcher, dir);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  stdin_bytes = g_bytes_new (input ? input : "", input ? strlen (input) : 0);
  g_subprocess_communicate (process, stdin_bytes, NULL, &out, &err, &error);
  g_assert_no_error (error);
  run_clear (run);
  run->out = g_bytes_get_size (out) > 0 ? g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out))
                                        : g_strdup ("");
  run->err = g_bytes_get_size (err) > 0 ? g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err))
                                        : g_strdup ("");
  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("dossier-cli-entities-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_remove (file);
    }
  g_rmdir (dir);
}

static gboolean
model_loads (void)
{
  const char *model = g_getenv ("DOSSIER_NER_MODEL");

  return model != NULL && g_file_test (model, G_FILE_TEST_EXISTS);
}

static void
test_ner_without_model (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *a = g_build_filename (dir, "a.txt", NULL);
  g_autofree char *b = g_build_filename (dir, "b.txt", NULL);
  g_autofree char *bin = g_build_filename (dir, "c.bin", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = NULL;
  g_auto(Run) run = { 0 };
  const char *args[] = { "ner", "--json", "--date", "2022-09-10", a, b, bin, NULL };

  /* "Durrës" and "–" are one character each: offsets count characters. */
  g_assert_true (g_file_set_contents (a, "Durrës – the attack of 15 July 2022.", -1, NULL));
  g_assert_true (g_file_set_contents (b, "Rama spoke on July 15, 2022 and last year.", -1, NULL));
  g_assert_true (g_file_set_contents (bin, "\xff\xfe\x00\x01binary", 10, NULL));
  run_cli (&run, dir, "/nonexistent/dossier-ner.model", NULL, args);

  /* One line for the missing model, one for the refused file, exit 1. */
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (count_lines (run.err), ==, 2);
  g_assert_nonnull (strstr (run.err, "dates only"));
  g_assert_nonnull (strstr (run.err, "c.bin"));

  lines = g_strsplit (g_strstrip (run.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  {
    JsonObject *o;

    g_assert_true (json_parser_load_from_data (parser, lines[0], -1, NULL));
    o = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (o, "file"), ==, a);
    g_assert_cmpint (json_object_get_int_member (o, "start"), ==, 23);
    g_assert_cmpint (json_object_get_int_member (o, "end"), ==, 35);
    g_assert_cmpstr (json_object_get_string_member (o, "text"), ==, "15 July 2022");
    g_assert_cmpstr (json_object_get_string_member (o, "type"), ==, "date");
    g_assert_cmpstr (json_object_get_string_member (o, "entity"), ==, "15 July 2022");

    /* The same day in the other file is the same entity. */
    g_assert_true (json_parser_load_from_data (parser, lines[1], -1, NULL));
    o = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (o, "text"), ==, "July 15, 2022");
    g_assert_cmpstr (json_object_get_string_member (o, "entity"), ==, "15 July 2022");
  }
  remove_dir (dir);
}

static void
test_ner_with_model (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_auto(Run) run = { 0 };
  const char *args[3 + 2] = { "ner", "--json", NULL, NULL, NULL };

  if (!model_loads ())
    {
      g_test_skip ("no entity model");
      return;
    }
  dir = make_dir ();
  a = g_build_filename (dir, "a.txt", NULL);
  b = g_build_filename (dir, "b.txt", NULL);
  args[2] = a;
  args[3] = b;
  g_assert_true (g_file_set_contents (a, "The European Union (EU) said on Monday that Germany agreed.", -1, NULL));
  g_assert_true (g_file_set_contents (b, "The EU will meet in Brussels.", -1, NULL));
  run_cli (&run, dir, NULL, NULL, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  /* "EU" in the second file is named after the first file's definition. */
  g_assert_nonnull (strstr (run.out, "\"text\":\"EU\",\"type\":\"organization\",\"entity\":\"European Union\""));
  remove_dir (dir);
}

static void
test_tag (void)
{
  g_autofree char *dir = make_dir ();
  g_auto(Run) run = { 0 };
  const char *args[] = { "tag", "--format", "conll", NULL };
  const char *input = "-DOCSTART- -X- -X- O\n\nEdi NNP I-NP I-PER\nRama NNP I-NP I-PER\nspoke VBD I-VP O\n"
                      ". . O O\n\nTirana NNP I-NP I-LOC\n";
  g_auto(GStrv) lines = NULL;

  if (!model_loads ())
    {
      run_cli (&run, dir, "/nonexistent/dossier-ner.model", input, args);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpuint (count_lines (run.err), ==, 1);
      g_test_skip ("no entity model: only the refusal was checked");
      remove_dir (dir);
      return;
    }
  run_cli (&run, dir, NULL, input, args);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (count_lines (run.out), ==, 8);
  g_assert_cmpstr (lines[0], ==, "-DOCSTART- -X- -X- O O");
  g_assert_cmpstr (lines[1], ==, "");
  g_assert_true (g_str_has_prefix (lines[2], "Edi NNP I-NP I-PER "));
  g_assert_cmpstr (lines[4], ==, "spoke VBD I-VP O O");
  g_assert_cmpstr (lines[6], ==, "");

  {
    const char *bad[] = { "tag", "--format", "json", NULL };

    run_cli (&run, dir, NULL, input, bad);
    g_assert_cmpint (run.status, ==, 2);
  }
  remove_dir (dir);
}

static void
test_entities (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *lib = g_build_filename (dir, "library.db", NULL);
  g_autofree char *a = g_build_filename (dir, "a.txt", NULL);
  g_autofree char *b = g_build_filename (dir, "b.txt", NULL);
  g_auto(Run) run = { 0 };
  const char *import[] = { "--library", lib, "import", a, b, NULL };
  const char *list[] = { "--library", lib, "entities", "--json", NULL };
  const char *one[] = { "--library", lib, "entities", "--document", "2", NULL };
  const char *missing[] = { "--library", lib, "entities", "--document", "99", NULL };

  g_assert_true (g_file_set_contents (a, "Talks began in 2019. They resumed in 2019 and ended in 2021.", -1, NULL));
  g_assert_true (g_file_set_contents (b, "Nothing changed after 2019.", -1, NULL));
  run_cli (&run, dir, "/nonexistent/dossier-ner.model", NULL, import);
  g_assert_cmpint (run.status, ==, 0);
  /* the one warning line of a missing model */
  g_assert_cmpuint (count_lines (run.err), ==, 1);

  run_cli (&run, dir, "/nonexistent/dossier-ner.model", NULL, list);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"type\":\"date\",\"name\":\"2019\",\"mentions\":3,\"documents\":2"));
  g_assert_nonnull (strstr (run.out, "\"name\":\"2021\",\"mentions\":1,\"documents\":1"));

  run_cli (&run, dir, "/nonexistent/dossier-ner.model", NULL, one);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (count_lines (run.out), ==, 1);

  run_cli (&run, dir, "/nonexistent/dossier-ner.model", NULL, missing);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (count_lines (run.err), ==, 1);
  remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-entities/ner/without-model", test_ner_without_model);
  g_test_add_func ("/cli-entities/ner/with-model", test_ner_with_model);
  g_test_add_func ("/cli-entities/tag", test_tag);
  g_test_add_func ("/cli-entities/entities", test_entities);
  return g_test_run ();
}
