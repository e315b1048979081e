/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-application.h: the application: options, app actions, windows. */
#pragma once

#include <adwaita.h>

#include "dossier-analysis.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_APPLICATION (dossier_application_get_type ())
G_DECLARE_FINAL_TYPE (DossierApplication, dossier_application, DOSSIER, APPLICATION, AdwApplication)

DossierApplication *dossier_application_new              (GApplicationFlags   flags);
/* The library given with --library (or DOSSIER_LIBRARY); NULL: the default. */
const char         *dossier_application_get_library_path (DossierApplication *self);
void                dossier_application_set_library_path (DossierApplication *self,
                                                          const char         *path);

/* The entity recognizer, loaded (by mmap) on first use and shared by the
 * windows; NULL when it cannot load, with the one-line reason in *reason. */
DossierRecognizer  *dossier_application_get_recognizer   (DossierApplication *self,
                                                          const char        **reason);

G_END_DECLS
