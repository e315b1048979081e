/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-test-ui.c: a small harness for tests that drive the real window. */
#define G_LOG_DOMAIN "dossier-test-ui"

#include "config.h"

#include <glib/gstdio.h>

#include "dossier-test-ui.h"
#include "dossier-window-private.h"

static GtkApplication *test_app;
static GPtrArray *test_dirs;

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
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
remove_dirs (void)
{
  for (guint i = 0; test_dirs != NULL && i < test_dirs->len; i++)
    remove_tree (g_ptr_array_index (test_dirs, i));
}

void
dossier_test_ui_init (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  /* a test must never write the user's settings */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();

  test_app = GTK_APPLICATION (dossier_application_new (G_APPLICATION_NON_UNIQUE));
  if (!g_application_register (G_APPLICATION (test_app), NULL, &error))
    g_error ("Could not register the application: %s", error->message);
  /* registering emitted "startup": app actions, accels and style are in place */
  atexit (remove_dirs);
}

GtkApplication *
dossier_test_ui_get_app (void)
{
  return test_app;
}

char *
dossier_test_ui_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("dossier-ui-XXXXXX", &error);

  g_assert_no_error (error);
  if (test_dirs == NULL)
    test_dirs = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (test_dirs, g_strdup (dir));
  return dir;
}

char *
dossier_test_ui_write_file (const char *dir,
                            const char *name,
                            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

void
dossier_test_ui_iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

gboolean
dossier_test_ui_wait (gboolean (*cond) (gpointer data),
                      gpointer   data,
                      guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond (data) && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  return cond (data);
}

static gboolean
window_ready (gpointer data)
{
  DossierWindow *window = data;

  return gtk_widget_get_mapped (GTK_WIDGET (window)) &&
         !dossier_window_is_busy (window);
}

DossierWindow *
dossier_test_ui_open_window (const char *path,
                             int         width,
                             int         height)
{
  DossierWindow *window = dossier_window_new (test_app, path);

  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (dossier_test_ui_wait (window_ready, window, 10000));
  /* one more frame so sizes and folds settle */
  dossier_test_ui_iterate (100);
  return window;
}

void
dossier_test_ui_close_window (DossierWindow *window)
{
  GtkWidget *widget = GTK_WIDGET (window);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &widget);
  gtk_window_close (GTK_WINDOW (window));
  DOSSIER_TEST_UI_WAIT_FOR (widget == NULL, 5000);
}

void
dossier_test_ui_reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}
