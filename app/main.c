/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: the window's entry point; everything else is in app/ui/. */
#define G_LOG_DOMAIN "dossier"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "dossier-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DossierApplication) app = NULL;

  /* Before anything translatable: the application name and --help are
   * formatted before GTK would set the locale itself. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_application_name (_("Dossier"));

  app = dossier_application_new (G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
