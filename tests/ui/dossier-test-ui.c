/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-test-ui.c: a small harness for tests that drive the real window. */
#define G_LOG_DOMAIN "dossier-test-ui"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dossier-test-ui.h"
#include "dossier-window-private.h"

static GtkApplication *test_app;
static GPtrArray *test_dirs;

/* GTK 4.8 prints these under Xvfb and under load although nothing is wrong:
 * a widget snapshotted in the frame it was shown, a popover placed before its
 * surface has a monitor, an entry destroyed while it had the focus. Matched as
 * substrings of the message, so nothing else slips through. */
static const char * const known_gtk_warnings[] = {
  "without a current allocation",
  "gdk_monitor_get_geometry: assertion 'GDK_IS_MONITOR (monitor)' failed",
  "GtkText - did not receive a focus-out event",
};

gboolean
dossier_test_ui_is_known_gtk_warning (const char *message)
{
  if (message == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (known_gtk_warnings); i++)
    if (strstr (message, known_gtk_warnings[i]) != NULL)
      return TRUE;
  return FALSE;
}

static GLogFunc test_default_log_func;

/* Messages through the old g_log() API (g_return_if_fail criticals) first
 * reach GTest's default handler, which ends a test on any fatal message
 * before the fatal handler below is asked; so the known ones stop here. */
static void
on_log_cb (const char     *log_domain,
           GLogLevelFlags  log_level,
           const char     *message,
           gpointer        user_data)
{
  if ((log_level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL)) != 0 &&
      dossier_test_ui_is_known_gtk_warning (message))
    {
      g_printerr ("# tolerated known GTK message (%s): %s\n", log_domain ? log_domain : "", message);
      return;
    }
  test_default_log_func (log_domain, log_level, message, user_data);
}

/* Then GLib asks this handler whether the message ends the program. */
static gboolean
on_fatal_log_cb (const char     *log_domain,
                 GLogLevelFlags  log_level,
                 const char     *message,
                 gpointer        user_data)
{
  return !dossier_test_ui_is_known_gtk_warning (message);
}

/* GTK logs its own warnings through g_log_structured(), which never asks the
 * fatal handler above: the default writer aborts by itself. So the known
 * messages are printed here and never reach it. */
static GLogWriterOutput
log_writer_cb (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  if ((log_level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL)) != 0)
    {
      const char *message = NULL;
      const char *domain = "";

      for (gsize i = 0; i < n_fields; i++)
        {
          if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
            message = fields[i].value;
          else if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0 && fields[i].length < 0)
            domain = fields[i].value;
        }
      if (dossier_test_ui_is_known_gtk_warning (message))
        {
          g_printerr ("# tolerated known GTK message (%s): %s\n", domain, message);
          return G_LOG_WRITER_HANDLED;
        }
    }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
dossier_test_ui_tolerate_known_gtk_warnings (void)
{
  /* the writer can be set only once per process */
  if (test_default_log_func == NULL)
    {
      test_default_log_func = g_log_set_default_handler (on_log_cb, NULL);
      g_log_set_writer_func (log_writer_cb, NULL, NULL);
    }
  /* GTest forgets the fatal handler when each test case starts */
  g_test_log_set_fatal_handler (on_fatal_log_cb, NULL);
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
  dossier_test_ui_tolerate_known_gtk_warnings ();
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
