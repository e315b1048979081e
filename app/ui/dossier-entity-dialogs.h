/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-entity-dialogs.h: the user's corrections of an entity — rename,
 * merge into another (a searchable chooser of library entities of any type),
 * change type, hide — as dialogs and as widget actions shared by the entities
 * panel and the entity page. They write through DossierStore only and report
 * a failure in a dialog with its reason. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-store.h"

G_BEGIN_DECLS

/* Each returns the presented dialog (owned by GTK, destroyed when closed). */
GtkWindow *dossier_entity_rename_dialog_new (GtkWindow    *parent,
                                             DossierStore *store,
                                             gint64        entity_id);
GtkWindow *dossier_entity_merge_dialog_new  (GtkWindow    *parent,
                                             DossierStore *store,
                                             gint64        entity_id);
GtkWindow *dossier_entity_type_dialog_new   (GtkWindow    *parent,
                                             DossierStore *store,
                                             gint64        entity_id);

/* Installs on a widget class whose instances have a "store" property:
 *   entity.rename     (x)     opens the rename dialog
 *   entity.merge      (x)     opens the merge chooser
 *   entity.change-type (x)    opens the type dialog
 *   entity.set-type   ((xs))  sets the type directly ("person", "organization", …)
 *   entity.set-hidden ((xb))  hides or shows the entity */
void       dossier_entity_dialogs_install_actions (GtkWidgetClass *widget_class);

/* The corrections menu for one entity, using the actions above. */
GMenuModel *dossier_entity_dialogs_build_menu (const DossierEntity *entity);

/* "People", "Organizations", … (plural, for group headings) and "Person", … */
const char *dossier_entity_type_plural_label (DossierEntityType type);
const char *dossier_entity_type_label        (DossierEntityType type);

G_END_DECLS
