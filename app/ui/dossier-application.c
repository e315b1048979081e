/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-application.c: the application: options, app actions, windows.
 *
 * Owns the command-line options and the application-wide actions (About,
 * Preferences, Quit). It opens windows and must not touch the library
 * itself: each window opens its own. */
#define G_LOG_DOMAIN "dossier-application"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-application.h"
#include "dossier-resources.h"
#include "dossier-preferences.h"
#include "dossier-window.h"

struct _DossierApplication
{
  AdwApplication  parent_instance;

  char           *library_path;
  DossierRecognizer *recognizer;
  char           *recognizer_error;
  guint           recognizer_tried : 1;
};

G_DEFINE_FINAL_TYPE (DossierApplication, dossier_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "library", 'l', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the library at PATH instead of the default one"), N_("PATH") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
  { NULL }
};

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "The Dossier authors", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Dossier"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Dossier authors"),
                         "developers", developers,
                         "version", PACKAGE_VERSION,
                         "comments", _("Read, highlight and study a collection of articles offline, "
                                       "and see who and what each one is about"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  gtk_window_present (GTK_WINDOW (dossier_preferences_new (gtk_application_get_active_window (app))));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* closing each window saves its reading position */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
};

static int
dossier_application_handle_local_options (GApplication *application,
                                          GVariantDict *options)
{
  DossierApplication *self = DOSSIER_APPLICATION (application);
  g_autofree char *path = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "library", "^ay", &path))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      g_free (self->library_path);
      self->library_path = g_file_get_path (file);
      /* another library than the running instance's: a process of its own */
      g_application_set_flags (application, g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
    }
  return -1;
}

static void
dossier_application_activate (GApplication *application)
{
  DossierApplication *self = DOSSIER_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (dossier_window_new (GTK_APPLICATION (application), self->library_path));
  gtk_window_present (window);
}

static void
dossier_application_startup (GApplication *application)
{
  GtkApplication *app = GTK_APPLICATION (application);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };
  const char *help_accels[] = { "<Control>question", "<Control>slash", NULL };

  G_APPLICATION_CLASS (dossier_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (app, "app.quit", quit_accels);
  gtk_application_set_accels_for_action (app, "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (app, "win.show-help-overlay", help_accels);
  gtk_window_set_default_icon_name (APPLICATION_ID);
}

static void
dossier_application_finalize (GObject *object)
{
  DossierApplication *self = DOSSIER_APPLICATION (object);

  g_free (self->library_path);
  g_clear_pointer (&self->recognizer, dossier_recognizer_unref);
  g_free (self->recognizer_error);

  G_OBJECT_CLASS (dossier_application_parent_class)->finalize (object);
}

static void
dossier_application_class_init (DossierApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = dossier_application_finalize;
  /* The resources live in a static library: naming them links them in (and
   * their constructor registers them). */
  (void) dossier_get_resource ();

  app_class->handle_local_options = dossier_application_handle_local_options;
  app_class->activate = dossier_application_activate;
  app_class->startup = dossier_application_startup;
}

static void
dossier_application_init (DossierApplication *self)
{
  const char *env = g_getenv ("DOSSIER_LIBRARY");

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  if (env != NULL && env[0] != '\0')
    self->library_path = g_strdup (env);
}

DossierApplication *
dossier_application_new (GApplicationFlags flags)
{
  return g_object_new (DOSSIER_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", flags,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

const char *
dossier_application_get_library_path (DossierApplication *self)
{
  g_return_val_if_fail (DOSSIER_IS_APPLICATION (self), NULL);
  return self->library_path;
}

void
dossier_application_set_library_path (DossierApplication *self,
                                      const char         *path)
{
  g_return_if_fail (DOSSIER_IS_APPLICATION (self));

  g_free (self->library_path);
  self->library_path = g_strdup (path);
}

DossierRecognizer *
dossier_application_get_recognizer (DossierApplication  *self,
                                    const char         **reason)
{
  g_return_val_if_fail (DOSSIER_IS_APPLICATION (self), NULL);

  if (!self->recognizer_tried)
    {
      g_autofree char *path = dossier_recognizer_default_model_path ();
      g_autoptr(GError) error = NULL;

      self->recognizer_tried = TRUE;
      if (path == NULL)
        self->recognizer_error = g_strdup (_("the name model is not installed"));
      else if (!(self->recognizer = dossier_recognizer_new_from_file (path, &error)))
        self->recognizer_error = g_strdup (error->message);
      if (self->recognizer_error != NULL)
        g_debug ("No recognizer: %s", self->recognizer_error);
    }
  if (reason != NULL)
    *reason = self->recognizer_error;
  return self->recognizer;
}
