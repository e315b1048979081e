/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-types"

#include "config.h"

#include <string.h>

#include "dossier-types.h"

static const char *entity_type_names[DOSSIER_N_ENTITY_TYPES] = {
  "person", "organization", "place", "misc", "date",
};

static const char *color_names[DOSSIER_N_COLORS] = {
  "yellow", "green", "blue", "pink", "purple", "orange",
};

const char *
dossier_entity_type_to_string (DossierEntityType type)
{
  g_return_val_if_fail (type < DOSSIER_N_ENTITY_TYPES, NULL);
  return entity_type_names[type];
}

gboolean
dossier_entity_type_from_string (const char        *str,
                                 DossierEntityType *out_type)
{
  g_return_val_if_fail (out_type != NULL, FALSE);

  for (guint i = 0; str != NULL && i < DOSSIER_N_ENTITY_TYPES; i++)
    {
      if (strcmp (str, entity_type_names[i]) == 0)
        {
          *out_type = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
dossier_color_to_string (DossierColor color)
{
  g_return_val_if_fail (color < DOSSIER_N_COLORS, NULL);
  return color_names[color];
}

gboolean
dossier_color_from_string (const char   *str,
                           DossierColor *out_color)
{
  g_return_val_if_fail (out_color != NULL, FALSE);

  for (guint i = 0; str != NULL && i < DOSSIER_N_COLORS; i++)
    {
      if (strcmp (str, color_names[i]) == 0)
        {
          *out_color = i;
          return TRUE;
        }
    }
  return FALSE;
}
