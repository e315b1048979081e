/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-preferences.c: the preferences window, bound to GSettings.
 *
 * Every row is bound to its key: no state of its own, nothing to save. */
#define G_LOG_DOMAIN "dossier-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-preferences.h"

struct _DossierPreferences
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  GtkSpinButton        *zoom_spin;
  GtkSpinButton        *max_size_spin;
  GtkSpinButton        *refresh_spin;
  GtkSwitch            *analyze_switch;

  /* owned */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (DossierPreferences, dossier_preferences, ADW_TYPE_PREFERENCES_WINDOW)

/* zoom is stored as a scale, shown as a percentage */
static gboolean
zoom_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_double (variant) * 100.0);
  return TRUE;
}

static GVariant *
zoom_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_variant_new_double (g_value_get_double (value) / 100.0);
}

static gboolean
uint_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static GVariant *
uint_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32) g_value_get_double (value));
}

static void
dossier_preferences_dispose (GObject *object)
{
  DossierPreferences *self = DOSSIER_PREFERENCES (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_PREFERENCES);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dossier_preferences_parent_class)->dispose (object);
}

static void
dossier_preferences_class_init (DossierPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_preferences_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/dossier-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierPreferences, zoom_spin);
  gtk_widget_class_bind_template_child (widget_class, DossierPreferences, max_size_spin);
  gtk_widget_class_bind_template_child (widget_class, DossierPreferences, refresh_spin);
  gtk_widget_class_bind_template_child (widget_class, DossierPreferences, analyze_switch);
}

static void
dossier_preferences_init (DossierPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind_with_mapping (self->settings, "zoom", self->zoom_spin, "value", G_SETTINGS_BIND_DEFAULT,
                                zoom_get_mapping, zoom_set_mapping, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "max-import-size", self->max_size_spin, "value", G_SETTINGS_BIND_DEFAULT,
                                uint_get_mapping, uint_set_mapping, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "refresh-interval", self->refresh_spin, "value", G_SETTINGS_BIND_DEFAULT,
                                uint_get_mapping, uint_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "analyze-on-import", self->analyze_switch, "active", G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
dossier_preferences_new (GtkWindow *parent)
{
  return g_object_new (DOSSIER_TYPE_PREFERENCES,
                       "transient-for", parent,
                       NULL);
}
