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

/* A DossierEntity in a GListModel (list views, the merge chooser). */
#define DOSSIER_TYPE_ENTITY_ITEM (dossier_entity_item_get_type ())
G_DECLARE_FINAL_TYPE (DossierEntityItem, dossier_entity_item, DOSSIER, ENTITY_ITEM, GObject)

/* Takes ownership of `entity`. */
DossierEntityItem   *dossier_entity_item_new        (DossierEntity     *entity);
const DossierEntity *dossier_entity_item_get_entity (DossierEntityItem *self);
/* A GListStore of DossierEntityItem, stealing the entities of `entities`
 * (a GPtrArray of DossierEntity as the store returns them). */
GListStore          *dossier_entity_items_from_array (GPtrArray        *entities);

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
 *   entity.set-hidden ((xb))  hides or shows the entity
 * After a merge started by entity.merge, a widget that has a signal
 * "entity-merged" (gint64 from_id, gint64 into_id) gets it emitted, so it can
 * follow the mentions (DossierEntityPage does). */
void       dossier_entity_dialogs_install_actions (GtkWidgetClass *widget_class);

/* The corrections menu for one entity, using the actions above. */
GMenuModel *dossier_entity_dialogs_build_menu (const DossierEntity *entity);

/* Gives `button` its menu only when it is first opened: building a popover
 * menu per row is what makes long lists slow to appear. Keeps a reference. */
void        dossier_menu_button_set_lazy_menu (GtkMenuButton *button,
                                               GMenuModel    *model);

/* Folded form for search-as-you-type: case and diacritics ignored. */
char       *dossier_entity_search_key (const char *text);

/* Shows "heading" with the error's one-line reason in a dialog over `widget`'s window. */
void        dossier_entity_dialogs_report_error (GtkWidget    *widget,
                                                 const char   *heading,
                                                 const GError *error);

/* "People", "Organizations", … (plural, for group headings) and "Person", … */
const char *dossier_entity_type_plural_label (DossierEntityType type);
const char *dossier_entity_type_label        (DossierEntityType type);

G_END_DECLS
