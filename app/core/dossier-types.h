/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-types.h: small value types shared by every layer (GLib only). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  DOSSIER_ENTITY_PERSON,
  DOSSIER_ENTITY_ORGANIZATION,
  DOSSIER_ENTITY_PLACE,
  DOSSIER_ENTITY_MISC,
  DOSSIER_ENTITY_DATE,
  DOSSIER_N_ENTITY_TYPES
} DossierEntityType;

/* "person", "organization", "place", "misc", "date" */
const char *dossier_entity_type_to_string   (DossierEntityType  type);
gboolean    dossier_entity_type_from_string (const char        *str,
                                             DossierEntityType *out_type);

typedef enum {
  DOSSIER_ORIGIN_AUTO,
  DOSSIER_ORIGIN_USER,
} DossierOrigin;

/* The six highlight colours, in the order of the keys 1–6. */
typedef enum {
  DOSSIER_COLOR_YELLOW,
  DOSSIER_COLOR_GREEN,
  DOSSIER_COLOR_BLUE,
  DOSSIER_COLOR_PINK,
  DOSSIER_COLOR_PURPLE,
  DOSSIER_COLOR_ORANGE,
  DOSSIER_N_COLORS
} DossierColor;

const char *dossier_color_to_string   (DossierColor  color);  /* "yellow", … */
gboolean    dossier_color_from_string (const char   *str,
                                       DossierColor *out_color);

G_END_DECLS
