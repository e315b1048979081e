/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-entities-panel.c: the "Entities" page of the side panel.
 *
 * Owns: the grouped entity list of one document, its search and hidden
 * toggle, the empty states, "Find Entities in All Documents" (progress and
 * cancel), and the entity page shown inside the panel. Must not: write SQL,
 * know the window, or run the recognizer on the main thread. */
#define G_LOG_DOMAIN "dossier-entities-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <string.h>

#include "dossier-analyzer.h"
#include "dossier-entities-panel.h"
#include "dossier-entity-dialogs.h"
#include "dossier-entity-page.h"

struct _DossierEntitiesPanel
{
  GtkWidget           parent_instance;

  /* template widgets */
  GtkStack           *main_stack;
  GtkSearchEntry     *search_entry;
  GtkToggleButton    *hidden_toggle;
  GtkRevealer        *off_revealer;
  GtkLabel           *off_label;
  GtkStack           *content_stack;
  GtkListBox         *entity_list;
  AdwStatusPage      *off_page;
  AdwStatusPage      *no_results_page;
  AdwStatusPage      *error_page;
  GtkStack           *analysis_stack;
  GtkProgressBar     *analysis_progress;
  GtkLabel           *analysis_status;
  DossierEntityPage  *entity_page;

  /* owned */
  DossierStore       *store;
  DossierRecognizer  *recognizer;
  GListStore         *entities;       /* DossierEntityItem, in display order */
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  char               *search_key;
  char               *disabled_reason;
  GCancellable       *analysis;
  gint64              document_id;
  guint               refresh_source;
  gboolean            load_failed;
};

G_DEFINE_FINAL_TYPE (DossierEntitiesPanel, dossier_entities_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_DOCUMENT_ID,
  PROP_DISABLED_REASON,
  N_PROPS
};

enum {
  ENTITY_ACTIVATED,
  SHOW_DOCUMENTS,
  OPEN_DOCUMENT,
  LIBRARY_ANALYZED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* -------------------------------------------------------------- helpers -- */

/* The order of the groups in the panel: Other comes last, after Dates. */
static int
type_rank (DossierEntityType type)
{
  switch (type)
    {
    case DOSSIER_ENTITY_PERSON:       return 0;
    case DOSSIER_ENTITY_ORGANIZATION: return 1;
    case DOSSIER_ENTITY_PLACE:        return 2;
    case DOSSIER_ENTITY_DATE:         return 3;
    case DOSSIER_ENTITY_MISC:
    case DOSSIER_N_ENTITY_TYPES:
    default:                          return 4;
    }
}

static int
compare_entities (gconstpointer a,
                  gconstpointer b)
{
  const DossierEntity *ea = *(DossierEntity * const *) a;
  const DossierEntity *eb = *(DossierEntity * const *) b;

  if (type_rank (ea->type) != type_rank (eb->type))
    return type_rank (ea->type) - type_rank (eb->type);
  if (ea->mention_count != eb->mention_count)
    return ea->mention_count > eb->mention_count ? -1 : 1;
  return g_utf8_collate (ea->name, eb->name);
}

static const DossierEntity *
entity_at_row (DossierEntitiesPanel *self,
               GtkListBoxRow        *row)
{
  g_autoptr(DossierEntityItem) item = NULL;
  int index = gtk_list_box_row_get_index (row);

  if (index < 0)
    return NULL;
  item = g_list_model_get_item (G_LIST_MODEL (self->filtered), index);
  /* The store keeps its own reference, so the entity outlives this call. */
  return item != NULL ? dossier_entity_item_get_entity (item) : NULL;
}

static void
update_state (DossierEntitiesPanel *self)
{
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (self->entities));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  const char *page;

  gtk_revealer_set_reveal_child (self->off_revealer,
                                 self->disabled_reason != NULL && n_all > 0);

  if (self->load_failed)
    page = "error";
  else if (self->document_id == 0)
    page = "no-document";
  else if (n_all == 0 && self->disabled_reason != NULL)
    page = "off";
  else if (n_all == 0)
    page = "empty";
  else if (n_shown == 0)
    page = "no-results";
  else
    page = "list";

  if (g_str_equal (page, "no-results"))
    {
      g_autofree char *description =
        g_strdup_printf (_("No entity in this document matches “%s”."),
                         gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
      adw_status_page_set_description (self->no_results_page, description);
    }

  gtk_stack_set_visible_child_name (self->content_stack, page);
}

static void
refresh (DossierEntitiesPanel *self)
{
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GListStore) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GtkListBoxRow *selected_row;
  gint64 selected_id = 0;
  gboolean had_focus = FALSE;
  guint n;

  self->load_failed = FALSE;

  if (self->store != NULL && self->document_id != 0)
    {
      entities = dossier_store_list_entities (self->store, self->document_id,
                                              gtk_toggle_button_get_active (self->hidden_toggle),
                                              &error);
      if (entities == NULL)
        {
          self->load_failed = TRUE;
          adw_status_page_set_description (self->error_page, error->message);
          g_message ("Could not list the entities of document %" G_GINT64_FORMAT ": %s",
                     self->document_id, error->message);
        }
      else
        g_ptr_array_sort (entities, compare_entities);
    }

  fresh = dossier_entity_items_from_array (entities);
  n = g_list_model_get_n_items (G_LIST_MODEL (fresh));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (fresh), i));

  /* Keep the selected entity selected (and focused) across the rebuild. */
  selected_row = gtk_list_box_get_selected_row (self->entity_list);
  if (selected_row != NULL && entity_at_row (self, selected_row) != NULL)
    {
      selected_id = entity_at_row (self, selected_row)->id;
      had_focus = gtk_widget_has_focus (GTK_WIDGET (selected_row));
    }

  /* One splice, so the list box rebuilds once. */
  g_list_store_splice (self->entities, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->entities)),
                       items->pdata, items->len);
  update_state (self);

  if (selected_id != 0)
    {
      GtkListBoxRow *row;

      for (int i = 0; (row = gtk_list_box_get_row_at_index (self->entity_list, i)) != NULL; i++)
        {
          const DossierEntity *entity = entity_at_row (self, row);

          if (entity != NULL && entity->id == selected_id)
            {
              gtk_list_box_select_row (self->entity_list, row);
              if (had_focus)
                gtk_widget_grab_focus (GTK_WIDGET (row));
              break;
            }
        }
    }
}

static gboolean
refresh_idle_cb (gpointer data)
{
  DossierEntitiesPanel *self = data;

  self->refresh_source = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* Several changes in a row (an import, a merge) refresh the list once. */
static void
queue_refresh (DossierEntitiesPanel *self)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refresh_idle_cb, self, NULL);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  DossierEntitiesPanel *self = user_data;
  const DossierEntity *entity = dossier_entity_item_get_entity (item);
  g_autofree char *key = NULL;

  if (self->search_key == NULL || *self->search_key == '\0')
    return TRUE;

  key = dossier_entity_search_key (entity->name);
  return strstr (key, self->search_key) != NULL;
}

static GMenuModel *
build_row_menu (const DossierEntity *entity)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) navigation = g_menu_new ();
  g_autoptr(GMenuModel) corrections = dossier_entity_dialogs_build_menu (entity);
  g_autoptr(GMenuItem) item = NULL;

  item = g_menu_item_new (_("_Open Entity Page"), NULL);
  g_menu_item_set_action_and_target_value (item, "entities.open-page", g_variant_new_int64 (entity->id));
  g_menu_append_item (navigation, item);
  g_clear_object (&item);

  item = g_menu_item_new (_("Show _Documents"), NULL);
  g_menu_item_set_action_and_target_value (item, "entities.show-documents", g_variant_new_int64 (entity->id));
  g_menu_append_item (navigation, item);

  g_menu_append_section (menu, NULL, G_MENU_MODEL (navigation));
  g_menu_append_section (menu, NULL, corrections);
  return G_MENU_MODEL (menu);
}

/* ------------------------------------------------------------ callbacks -- */

static void
on_store_changed_cb (DossierStore         *store,
                     const char           *what,
                     DossierEntitiesPanel *self)
{
  /* The store also says "entities" when a document is removed or its text
   * replaced; a new document, a note or a feed changes nothing here. */
  if (g_strcmp0 (what, "entities") == 0)
    queue_refresh (self);
}

static void
on_search_changed_cb (GtkSearchEntry       *entry,
                      DossierEntitiesPanel *self)
{
  g_free (self->search_key);
  self->search_key = dossier_entity_search_key (gtk_editable_get_text (GTK_EDITABLE (entry)));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_state (self);
}

static void
on_search_stop_cb (GtkSearchEntry       *entry,
                   DossierEntitiesPanel *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_hidden_toggled_cb (GtkToggleButton      *button,
                      DossierEntitiesPanel *self)
{
  refresh (self);
}

static void
on_entity_row_activated_cb (GtkListBox           *box,
                            GtkListBoxRow        *row,
                            DossierEntitiesPanel *self)
{
  const DossierEntity *entity = entity_at_row (self, row);

  if (entity != NULL)
    g_signal_emit (self, signals[ENTITY_ACTIVATED], 0, entity->id);
}

static void
on_row_pressed_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkMenuButton   *menu_button)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_menu_button_popup (menu_button);
}

static gboolean
on_row_menu_key_cb (GtkWidget *row,
                    GVariant  *args,
                    gpointer   user_data)
{
  GtkMenuButton *menu_button = g_object_get_data (G_OBJECT (row), "menu-button");

  gtk_menu_button_popup (menu_button);
  return TRUE;
}

static void
on_entity_page_back_cb (DossierEntityPage    *page,
                        DossierEntitiesPanel *self)
{
  dossier_entities_panel_show_entity (self, 0);
}

static void
on_entity_page_show_documents_cb (DossierEntityPage    *page,
                                  gint64                entity_id,
                                  DossierEntitiesPanel *self)
{
  g_signal_emit (self, signals[SHOW_DOCUMENTS], 0, entity_id);
}

static void
on_entity_page_open_document_cb (DossierEntityPage    *page,
                                 gint64                document_id,
                                 guint                 offset,
                                 DossierEntitiesPanel *self)
{
  g_signal_emit (self, signals[OPEN_DOCUMENT], 0, document_id, offset);
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  DossierEntityType type = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "entity-type"));
  GtkWidget *header;

  if (before != NULL &&
      GPOINTER_TO_INT (g_object_get_data (G_OBJECT (before), "entity-type")) == (int) type)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (dossier_entity_type_plural_label (type));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dossier-entity-group");
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_top (header, before != NULL ? 18 : 6);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (header),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  dossier_entity_type_plural_label (type), -1);
  gtk_list_box_row_set_header (row, header);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  const DossierEntity *entity = dossier_entity_item_get_entity (item);
  g_autoptr(GMenuModel) menu = build_row_menu (entity);
  g_autofree char *count = g_strdup_printf ("%u", entity->mention_count);
  g_autofree char *count_tip = NULL;
  g_autofree char *row_label = NULL;
  g_autofree char *menu_label = NULL;
  g_autofree char *page_label = NULL;
  GtkWidget *row, *box, *name, *count_label, *menu_button, *page_button;
  GtkGesture *click;
  GtkEventController *shortcuts;

  count_tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u mention in this document",
                                            "%u mentions in this document", entity->mention_count),
                               entity->mention_count);
  row_label = g_strdup_printf ("%s, %s%s", entity->name, count_tip,
                               entity->hidden ? _(", hidden") : "");
  menu_label = g_strdup_printf (_("Corrections for “%s”"), entity->name);
  page_label = g_strdup_printf (_("Open the page of “%s”"), entity->name);

  row = gtk_list_box_row_new ();
  g_object_set_data (G_OBJECT (row), "entity-type", GINT_TO_POINTER (entity->type));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, row_label, -1);
  gtk_widget_add_css_class (row, "dossier-entity-row");
  if (entity->hidden)
    gtk_widget_add_css_class (row, "dossier-entity-hidden");

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  name = gtk_label_new (entity->name);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_set_tooltip_text (name, entity->name);
  if (entity->hidden)
    gtk_widget_add_css_class (name, "dim-label");
  gtk_box_append (GTK_BOX (box), name);

  if (entity->hidden)
    {
      GtkWidget *hidden = gtk_label_new (_("Hidden"));

      gtk_widget_add_css_class (hidden, "caption");
      gtk_widget_add_css_class (hidden, "dim-label");
      gtk_box_append (GTK_BOX (box), hidden);
    }

  count_label = gtk_label_new (count);
  gtk_widget_add_css_class (count_label, "dim-label");
  gtk_widget_add_css_class (count_label, "numeric");
  gtk_widget_set_tooltip_text (count_label, count_tip);
  gtk_box_append (GTK_BOX (box), count_label);

  menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  dossier_menu_button_set_lazy_menu (GTK_MENU_BUTTON (menu_button), menu);
  gtk_menu_button_set_has_frame (GTK_MENU_BUTTON (menu_button), FALSE);
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (menu_button, _("Corrections"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, menu_label, -1);
  gtk_box_append (GTK_BOX (box), menu_button);

  page_button = gtk_button_new_from_icon_name ("go-next-symbolic");
  gtk_button_set_has_frame (GTK_BUTTON (page_button), FALSE);
  gtk_widget_set_valign (page_button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (page_button), "entities.open-page");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (page_button), g_variant_new_int64 (entity->id));
  gtk_widget_set_tooltip_text (page_button, _("Open Entity Page"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (page_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, page_label, -1);
  gtk_box_append (GTK_BOX (box), page_button);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* The corrections are one right click, or Menu / Shift+F10, away. */
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_row_pressed_cb), menu_button);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (click));

  g_object_set_data (G_OBJECT (row), "menu-button", menu_button);
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Menu, 0),
                                                   gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK)),
                      gtk_callback_action_new (on_row_menu_key_cb, NULL, NULL)));
  gtk_widget_add_controller (row, shortcuts);

  return row;
}

/* ------------------------------------------------------------- analysis -- */

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
on_analysis_progress_cb (guint    done,
                         guint    total,
                         gpointer user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(DossierEntitiesPanel) self = g_weak_ref_get (ref);
  g_autofree char *text = NULL;

  if (self == NULL)
    return;

  text = g_strdup_printf (_("%u of %u documents"), done, total);
  gtk_progress_bar_set_text (self->analysis_progress, text);
  gtk_progress_bar_set_fraction (self->analysis_progress, total > 0 ? (double) done / total : 0);
  /* The worker writes through its own connection, which this store does not
   * hear: look again now and then, so the open document fills in as it goes. */
  queue_refresh (self);
}

static void
analysis_finish (DossierEntitiesPanel *self)
{
  g_clear_object (&self->analysis);
  gtk_stack_set_visible_child_name (self->analysis_stack, "idle");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entities.analyze-library", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entities.cancel-analysis", FALSE);
}

static void
on_analysis_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(DossierEntitiesPanel) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  guint n_analyzed = 0;
  gboolean ok;

  ok = dossier_analyzer_analyze_library_finish (result, &n_analyzed, &error);
  weak_ref_free (ref);
  if (self == NULL)
    return;

  analysis_finish (self);

  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    status = g_strdup (_("Stopped. Documents analysed so far keep their entities."));
  else if (!ok)
    status = g_strdup_printf (_("Could not find entities: %s"), error->message);
  else if (n_analyzed == 0)
    status = g_strdup (_("Every document was already analysed."));
  else
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Entities found in %u document.",
                                           "Entities found in %u documents.", n_analyzed),
                              n_analyzed);

  gtk_label_set_text (self->analysis_status, status);
  gtk_widget_set_visible (GTK_WIDGET (self->analysis_status), TRUE);

  /* The worker wrote through its own connection: this store did not see it. */
  dossier_entities_panel_reload (self);
  g_signal_emit (self, signals[LIBRARY_ANALYZED], 0, n_analyzed);
}

static void
analyze_library_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  dossier_entities_panel_analyze_library (DOSSIER_ENTITIES_PANEL (widget));
}

static void
cancel_analysis_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  DossierEntitiesPanel *self = DOSSIER_ENTITIES_PANEL (widget);

  if (self->analysis != NULL)
    g_cancellable_cancel (self->analysis);
}

static void
open_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  dossier_entities_panel_show_entity (DOSSIER_ENTITIES_PANEL (widget), g_variant_get_int64 (param));
}

static void
show_documents_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  g_signal_emit (widget, signals[SHOW_DOCUMENTS], 0, g_variant_get_int64 (param));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DossierEntitiesPanel *self = DOSSIER_ENTITIES_PANEL (widget);

  dossier_entities_panel_show_entity (self, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ------------------------------------------------------------ overrides -- */

static void
set_store (DossierEntitiesPanel *self,
           DossierStore         *store)
{
  g_assert (self->store == NULL);

  if (store == NULL)
    return;

  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, 0);
  g_object_set (self->entity_page, "store", store, NULL);
}

static void
dossier_entities_panel_constructed (GObject *object)
{
  DossierEntitiesPanel *self = (DossierEntitiesPanel *) object;

  G_OBJECT_CLASS (dossier_entities_panel_parent_class)->constructed (object);

  analysis_finish (self);
  update_state (self);
}

static void
dossier_entities_panel_dispose (GObject *object)
{
  DossierEntitiesPanel *self = (DossierEntitiesPanel *) object;
  GtkWidget *child;

  if (self->analysis != NULL)
    g_cancellable_cancel (self->analysis);
  g_clear_object (&self->analysis);
  g_clear_handle_id (&self->refresh_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_ENTITIES_PANEL);
  /* The template's unnamed root box is not cleared by dispose_template (GTK 4.8). */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->filtered);
  g_clear_object (&self->entities);
  g_clear_object (&self->store);
  g_clear_pointer (&self->recognizer, dossier_recognizer_unref);

  G_OBJECT_CLASS (dossier_entities_panel_parent_class)->dispose (object);
}

static void
dossier_entities_panel_finalize (GObject *object)
{
  DossierEntitiesPanel *self = (DossierEntitiesPanel *) object;

  g_clear_pointer (&self->search_key, g_free);
  g_clear_pointer (&self->disabled_reason, g_free);

  G_OBJECT_CLASS (dossier_entities_panel_parent_class)->finalize (object);
}

static void
dossier_entities_panel_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  DossierEntitiesPanel *self = DOSSIER_ENTITIES_PANEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_DOCUMENT_ID:
      g_value_set_int64 (value, self->document_id);
      break;
    case PROP_DISABLED_REASON:
      g_value_set_string (value, self->disabled_reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_entities_panel_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  DossierEntitiesPanel *self = DOSSIER_ENTITIES_PANEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      set_store (self, g_value_get_object (value));
      break;
    case PROP_DOCUMENT_ID:
      dossier_entities_panel_set_document (self, g_value_get_int64 (value));
      break;
    case PROP_DISABLED_REASON:
      dossier_entities_panel_set_disabled_reason (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_entities_panel_class_init (DossierEntitiesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dossier_entities_panel_constructed;
  object_class->dispose = dossier_entities_panel_dispose;
  object_class->finalize = dossier_entities_panel_finalize;
  object_class->get_property = dossier_entities_panel_get_property;
  object_class->set_property = dossier_entities_panel_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DOSSIER_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT_ID] =
    g_param_spec_int64 ("document-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISABLED_REASON] =
    g_param_spec_string ("disabled-reason", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ENTITY_ACTIVATED] =
    g_signal_new ("entity-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SHOW_DOCUMENTS] =
    g_signal_new ("show-documents", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[OPEN_DOCUMENT] =
    g_signal_new ("open-document", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_UINT);
  signals[LIBRARY_ANALYZED] =
    g_signal_new ("library-analyzed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  g_type_ensure (DOSSIER_TYPE_ENTITY_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dossier/Dossier/ui/dossier-entities-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierEntitiesPanel, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierEntitiesPanel, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierEntitiesPanel, hidden_toggle);
  gtk_widget_class_bind_template_child (widget_class, DossierEntitiesPanel, off_revealer);
  gtk_widget_class_bind_template_child (widget_class, DossierEntitiesPanel, off_label);
  gtk_widget_class_bind_template_child (widget_class, DossierEntitiesPanel, content_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierEntitiesPanel, entity_list);
  gtk_widget_class_bind_template_child (widget_class, DossierEntitiesPanel, off_page);
  gtk_widget_class_bind_template_child (widget_class, DossierEntitiesPanel, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, DossierEntitiesPanel, error_page);
  gtk_widget_class_bind_template_child (widget_class, DossierEntitiesPanel, analysis_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierEntitiesPanel, analysis_progress);
  gtk_widget_class_bind_template_child (widget_class, DossierEntitiesPanel, analysis_status);
  gtk_widget_class_bind_template_child (widget_class, DossierEntitiesPanel, entity_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_hidden_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entity_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entity_page_back_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entity_page_show_documents_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entity_page_open_document_cb);

  dossier_entity_dialogs_install_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "entities.open-page", "x", open_page_action);
  gtk_widget_class_install_action (widget_class, "entities.show-documents", "x", show_documents_action);
  gtk_widget_class_install_action (widget_class, "entities.analyze-library", NULL, analyze_library_action);
  gtk_widget_class_install_action (widget_class, "entities.cancel-analysis", NULL, cancel_analysis_action);
  gtk_widget_class_install_action (widget_class, "entities.focus-search", NULL, focus_search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "entities.focus-search", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dossier-entities-panel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
dossier_entities_panel_init (DossierEntitiesPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->entities = g_list_store_new (DOSSIER_TYPE_ENTITY_ITEM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->entities)),
                                              GTK_FILTER (self->filter));
  gtk_list_box_bind_model (self->entity_list, G_LIST_MODEL (self->filtered),
                           create_row_cb, self, NULL);
  gtk_list_box_set_header_func (self->entity_list, header_func, NULL, NULL);
}

/* ----------------------------------------------------------- public API -- */

GtkWidget *
dossier_entities_panel_new (DossierStore *store)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  return g_object_new (DOSSIER_TYPE_ENTITIES_PANEL, "store", store, NULL);
}

DossierStore *
dossier_entities_panel_get_store (DossierEntitiesPanel *self)
{
  g_return_val_if_fail (DOSSIER_IS_ENTITIES_PANEL (self), NULL);

  return self->store;
}

void
dossier_entities_panel_set_document (DossierEntitiesPanel *self,
                                     gint64                document_id)
{
  g_return_if_fail (DOSSIER_IS_ENTITIES_PANEL (self));
  g_return_if_fail (document_id >= 0);

  if (self->document_id == document_id)
    return;

  self->document_id = document_id;
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_ID]);
}

gint64
dossier_entities_panel_get_document (DossierEntitiesPanel *self)
{
  g_return_val_if_fail (DOSSIER_IS_ENTITIES_PANEL (self), 0);

  return self->document_id;
}

void
dossier_entities_panel_set_disabled_reason (DossierEntitiesPanel *self,
                                            const char           *reason)
{
  g_autofree char *line = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (DOSSIER_IS_ENTITIES_PANEL (self));

  if (reason != NULL && *reason == '\0')
    reason = NULL;
  if (g_strcmp0 (self->disabled_reason, reason) == 0)
    return;

  g_free (self->disabled_reason);
  self->disabled_reason = g_strdup (reason);

  if (reason != NULL)
    {
      line = g_strdup_printf (_("Entities are off: %s"), reason);
      description = g_strdup_printf (_("The recognizer could not load: %s. Dates are still found."), reason);
    }
  gtk_label_set_text (self->off_label, line != NULL ? line : "");
  adw_status_page_set_description (self->off_page, description);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISABLED_REASON]);
}

const char *
dossier_entities_panel_get_disabled_reason (DossierEntitiesPanel *self)
{
  g_return_val_if_fail (DOSSIER_IS_ENTITIES_PANEL (self), NULL);

  return self->disabled_reason;
}

void
dossier_entities_panel_set_recognizer (DossierEntitiesPanel *self,
                                       DossierRecognizer    *recognizer)
{
  g_return_if_fail (DOSSIER_IS_ENTITIES_PANEL (self));

  if (recognizer != NULL)
    dossier_recognizer_ref (recognizer);
  g_clear_pointer (&self->recognizer, dossier_recognizer_unref);
  self->recognizer = recognizer;
}

void
dossier_entities_panel_show_entity (DossierEntitiesPanel *self,
                                    gint64                entity_id)
{
  g_return_if_fail (DOSSIER_IS_ENTITIES_PANEL (self));

  if (entity_id == 0)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "list");
      dossier_entity_page_set_entity (self->entity_page, 0);
      return;
    }

  dossier_entity_page_set_entity (self->entity_page, entity_id);
  gtk_stack_set_visible_child_name (self->main_stack, "entity");
}

void
dossier_entities_panel_reload (DossierEntitiesPanel *self)
{
  g_return_if_fail (DOSSIER_IS_ENTITIES_PANEL (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  refresh (self);
  if (dossier_entity_page_get_entity (self->entity_page) != 0)
    dossier_entity_page_reload (self->entity_page);
}

void
dossier_entities_panel_analyze_library (DossierEntitiesPanel *self)
{
  GWeakRef *progress_ref;
  GWeakRef *done_ref;

  g_return_if_fail (DOSSIER_IS_ENTITIES_PANEL (self));
  g_return_if_fail (self->store != NULL);

  if (self->analysis != NULL)
    return;

  self->analysis = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->analysis_status), FALSE);
  gtk_progress_bar_set_fraction (self->analysis_progress, 0);
  gtk_progress_bar_set_text (self->analysis_progress, _("Starting…"));
  gtk_stack_set_visible_child_name (self->analysis_stack, "running");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entities.analyze-library", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entities.cancel-analysis", TRUE);

  /* The panel may go away while the worker runs: callbacks hold weak refs. */
  progress_ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (progress_ref, self);
  done_ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (done_ref, self);
  g_object_set_data_full (G_OBJECT (self->analysis), "progress-ref", progress_ref, weak_ref_free);

  dossier_analyzer_analyze_library_async (dossier_store_get_path (self->store),
                                          self->recognizer,
                                          self->analysis,
                                          on_analysis_progress_cb, progress_ref,
                                          on_analysis_done_cb, done_ref);
}
