/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-entity-dialogs.c: the corrections of an entity (rename, merge,
 * change type, hide) as dialogs and shared widget actions.
 *
 * Owns: the dialogs and the "entity.*" actions. Writes through DossierStore
 * only; never refreshes views itself (they listen to the store's "changed"). */
#define G_LOG_DOMAIN "dossier-entity-dialogs"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <string.h>

#include "dossier-entity-dialogs.h"

struct _DossierEntityItem
{
  GObject        parent_instance;
  DossierEntity *entity;
};

G_DEFINE_FINAL_TYPE (DossierEntityItem, dossier_entity_item, G_TYPE_OBJECT)

/* ---------------------------------------------------------------- item -- */

static void
dossier_entity_item_finalize (GObject *object)
{
  DossierEntityItem *self = (DossierEntityItem *) object;

  g_clear_pointer (&self->entity, dossier_entity_free);

  G_OBJECT_CLASS (dossier_entity_item_parent_class)->finalize (object);
}

static void
dossier_entity_item_class_init (DossierEntityItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dossier_entity_item_finalize;
}

static void
dossier_entity_item_init (DossierEntityItem *self)
{
}

DossierEntityItem *
dossier_entity_item_new (DossierEntity *entity)
{
  DossierEntityItem *self;

  g_return_val_if_fail (entity != NULL, NULL);

  self = g_object_new (DOSSIER_TYPE_ENTITY_ITEM, NULL);
  self->entity = entity;
  return self;
}

const DossierEntity *
dossier_entity_item_get_entity (DossierEntityItem *self)
{
  g_return_val_if_fail (DOSSIER_IS_ENTITY_ITEM (self), NULL);

  return self->entity;
}

GListStore *
dossier_entity_items_from_array (GPtrArray *entities)
{
  GListStore *store = g_list_store_new (DOSSIER_TYPE_ENTITY_ITEM);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (entities == NULL)
    return store;

  for (guint i = 0; i < entities->len; i++)
    {
      /* Steal: the array keeps a NULL so its free function skips it. */
      DossierEntity *entity = g_steal_pointer (&entities->pdata[i]);
      g_ptr_array_add (items, dossier_entity_item_new (entity));
    }

  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return store;
}

/* -------------------------------------------------------------- helpers -- */

const char *
dossier_entity_type_plural_label (DossierEntityType type)
{
  switch (type)
    {
    case DOSSIER_ENTITY_PERSON:       return _("People");
    case DOSSIER_ENTITY_ORGANIZATION: return _("Organizations");
    case DOSSIER_ENTITY_PLACE:        return _("Places");
    case DOSSIER_ENTITY_DATE:         return _("Dates");
    case DOSSIER_ENTITY_MISC:
    case DOSSIER_N_ENTITY_TYPES:
    default:                          return _("Other");
    }
}

const char *
dossier_entity_type_label (DossierEntityType type)
{
  switch (type)
    {
    case DOSSIER_ENTITY_PERSON:       return _("Person");
    case DOSSIER_ENTITY_ORGANIZATION: return _("Organization");
    case DOSSIER_ENTITY_PLACE:        return _("Place");
    case DOSSIER_ENTITY_DATE:         return _("Date");
    case DOSSIER_ENTITY_MISC:
    case DOSSIER_N_ENTITY_TYPES:
    default:                          return _("Other");
    }
}

char *
dossier_entity_search_key (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autoptr(GString) bare = NULL;

  if (text == NULL)
    return g_strdup ("");

  /* Decompose, drop the combining marks, then fold case: "Durrës" matches "durres". */
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  if (decomposed == NULL)
    return g_utf8_casefold (text, -1);

  bare = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) != G_UNICODE_NON_SPACING_MARK)
        g_string_append_unichar (bare, c);
    }

  return g_utf8_casefold (bare->str, -1);
}

static void
create_lazy_popup_cb (GtkMenuButton *button,
                      gpointer       user_data)
{
  GMenuModel *model = g_object_get_data (G_OBJECT (button), "lazy-menu");

  /* Only once: later openings reuse the popover. */
  if (model != NULL && gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, model);
}

void
dossier_menu_button_set_lazy_menu (GtkMenuButton *button,
                                   GMenuModel    *model)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (G_IS_MENU_MODEL (model));

  g_object_set_data_full (G_OBJECT (button), "lazy-menu", g_object_ref (model), g_object_unref);
  gtk_menu_button_set_create_popup_func (button, create_lazy_popup_cb, NULL, NULL);
}

static GtkWindow *
parent_window (GtkWidget *widget)
{
  GtkRoot *root;

  if (widget == NULL)
    return NULL;
  if (GTK_IS_WINDOW (widget))
    return GTK_WINDOW (widget);
  root = gtk_widget_get_root (widget);
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
dossier_entity_dialogs_report_error (GtkWidget    *widget,
                                     const char   *heading,
                                     const GError *error)
{
  GtkWidget *dialog;

  g_return_if_fail (heading != NULL);
  g_return_if_fail (error != NULL);

  g_message ("%s: %s", heading, error->message);
  dialog = adw_message_dialog_new (parent_window (widget), heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static DossierEntity *
get_entity_or_report (GtkWidget    *widget,
                      DossierStore *store,
                      gint64        entity_id)
{
  g_autoptr(GError) error = NULL;
  DossierEntity *entity;

  entity = dossier_store_get_entity (store, entity_id, &error);
  if (entity == NULL)
    dossier_entity_dialogs_report_error (widget, _("Entity Not Found"), error);
  return entity;
}

/* -------------------------------------------------------------- rename -- */

static void
on_rename_entry_changed_cb (GtkEditable      *editable,
                            AdwMessageDialog *dialog)
{
  const char *old_name = g_object_get_data (G_OBJECT (dialog), "old-name");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  adw_message_dialog_set_response_enabled (dialog, "rename",
                                           *text != '\0' && g_strcmp0 (text, old_name) != 0);
}

static void
on_rename_entry_activate_cb (GtkEntry         *entry,
                             AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "rename"))
    adw_message_dialog_response (dialog, "rename");
}

static void
on_rename_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       DossierStore     *store)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gint64 entity_id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "entity-id");
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "rename") != 0)
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  if (!dossier_store_rename_entity (store, entity_id, name, &error))
    dossier_entity_dialogs_report_error (GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (dialog))),
                                         _("Could Not Rename the Entity"), error);
}

static void
set_entity_id_data (GObject *object,
                    gint64   entity_id)
{
  gint64 *boxed = g_new (gint64, 1);

  *boxed = entity_id;
  g_object_set_data_full (object, "entity-id", boxed, g_free);
}

GtkWindow *
dossier_entity_rename_dialog_new (GtkWindow    *parent,
                                  DossierStore *store,
                                  gint64        entity_id)
{
  g_autoptr(DossierEntity) entity = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  if (!(entity = get_entity_or_report (GTK_WIDGET (parent), store, entity_id)))
    return NULL;

  dialog = adw_message_dialog_new (parent, _("Rename Entity"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Every mention of “%s” in the library will use the new name."),
                                  entity->name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "rename", FALSE);

  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), entity->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New name"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  g_object_set_data_full (G_OBJECT (dialog), "old-name", g_strdup (entity->name), g_free);
  set_entity_id_data (G_OBJECT (dialog), entity_id);
  g_signal_connect (entry, "changed", G_CALLBACK (on_rename_entry_changed_cb), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (on_rename_entry_activate_cb), dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_rename_response_cb),
                         g_object_ref (store), (GClosureNotify) (void (*) (void)) g_object_unref, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
  return GTK_WINDOW (dialog);
}

/* --------------------------------------------------------- change type -- */

static const char *type_responses[] = { "person", "organization", "place", "misc", "date" };

static void
on_type_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DossierStore     *store)
{
  gint64 entity_id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "entity-id");
  DossierEntityType type;
  g_autoptr(GError) error = NULL;

  if (!dossier_entity_type_from_string (response, &type))
    return;

  if (!dossier_store_set_entity_type (store, entity_id, type, &error))
    dossier_entity_dialogs_report_error (GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (dialog))),
                                         _("Could Not Change the Type"), error);
}

GtkWindow *
dossier_entity_type_dialog_new (GtkWindow    *parent,
                                DossierStore *store,
                                gint64        entity_id)
{
  g_autoptr(DossierEntity) entity = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  if (!(entity = get_entity_or_report (GTK_WIDGET (parent), store, entity_id)))
    return NULL;

  dialog = adw_message_dialog_new (parent, _("Change Type"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("What is “%s”? It is now listed as: %s."),
                                  entity->name, dossier_entity_type_label (entity->type));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  for (guint i = 0; i < G_N_ELEMENTS (type_responses); i++)
    {
      DossierEntityType type;

      if (!dossier_entity_type_from_string (type_responses[i], &type))
        g_assert_not_reached ();
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), type_responses[i],
                                       dossier_entity_type_label (type));
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), type_responses[i],
                                               type != entity->type);
    }
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  set_entity_id_data (G_OBJECT (dialog), entity_id);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_type_response_cb),
                         g_object_ref (store), (GClosureNotify) (void (*) (void)) g_object_unref, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

/* --------------------------------------------------------------- merge -- */

/* The merge chooser: every library entity but this one, of any type, with a
 * search field; a GtkListView because a library can hold tens of thousands. */
typedef struct
{
  DossierStore       *store;
  gint64              from_id;
  char               *from_name;
  char               *search_key;
  GtkCustomFilter    *filter;
  GtkSingleSelection *selection;
  GtkWidget          *merge_button;
  GtkWidget          *window;
} MergeChooser;

static void
merge_chooser_free (gpointer data)
{
  MergeChooser *chooser = data;

  g_clear_object (&chooser->store);
  g_clear_pointer (&chooser->from_name, g_free);
  g_clear_pointer (&chooser->search_key, g_free);
  g_free (chooser);
}

static gboolean
merge_filter_func (gpointer item,
                   gpointer user_data)
{
  MergeChooser *chooser = user_data;
  const DossierEntity *entity = dossier_entity_item_get_entity (item);
  g_autofree char *key = NULL;

  if (entity->id == chooser->from_id)
    return FALSE;
  if (chooser->search_key == NULL || *chooser->search_key == '\0')
    return TRUE;

  key = dossier_entity_search_key (entity->name);
  return strstr (key, chooser->search_key) != NULL;
}

static void
on_merge_search_changed_cb (GtkSearchEntry *entry,
                            MergeChooser   *chooser)
{
  g_free (chooser->search_key);
  chooser->search_key = dossier_entity_search_key (gtk_editable_get_text (GTK_EDITABLE (entry)));
  gtk_filter_changed (GTK_FILTER (chooser->filter), GTK_FILTER_CHANGE_DIFFERENT);
  /* Keep a choice visible and ready for Enter. */
  if (gtk_single_selection_get_selected (chooser->selection) == GTK_INVALID_LIST_POSITION &&
      g_list_model_get_n_items (G_LIST_MODEL (chooser->selection)) > 0)
    gtk_single_selection_set_selected (chooser->selection, 0);
}

static void
on_merge_selection_changed_cb (GtkSingleSelection *selection,
                               GParamSpec         *pspec,
                               MergeChooser       *chooser)
{
  gtk_widget_set_sensitive (chooser->merge_button,
                            gtk_single_selection_get_selected_item (selection) != NULL);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
merge_chooser_merge (MergeChooser *chooser)
{
  DossierEntityItem *item = gtk_single_selection_get_selected_item (chooser->selection);
  GWeakRef *origin_ref = g_object_get_data (G_OBJECT (chooser->window), "origin-widget");
  g_autoptr(GObject) origin = NULL;
  g_autoptr(GError) error = NULL;
  gint64 into_id;

  if (item == NULL)
    return;

  into_id = dossier_entity_item_get_entity (item)->id;
  if (!dossier_store_merge_entities (chooser->store, chooser->from_id, into_id, &error))
    {
      dossier_entity_dialogs_report_error (chooser->window, _("Could Not Merge the Entities"), error);
      return;
    }

  /* The widget that asked for the merge may follow the mentions (the entity page does). */
  if (origin_ref != NULL)
    origin = g_weak_ref_get (origin_ref);
  if (origin != NULL && g_signal_lookup ("entity-merged", G_OBJECT_TYPE (origin)) != 0)
    g_signal_emit_by_name (origin, "entity-merged", chooser->from_id, into_id);

  gtk_window_destroy (GTK_WINDOW (chooser->window));
}

static void
on_merge_clicked_cb (GtkButton    *button,
                     MergeChooser *chooser)
{
  merge_chooser_merge (chooser);
}

static void
on_merge_list_activate_cb (GtkListView  *view,
                           guint         position,
                           MergeChooser *chooser)
{
  gtk_single_selection_set_selected (chooser->selection, position);
  merge_chooser_merge (chooser);
}

static void
on_merge_search_activate_cb (GtkSearchEntry *entry,
                             MergeChooser   *chooser)
{
  merge_chooser_merge (chooser);
}

static void
on_merge_item_setup_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *type = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (type), 0);
  gtk_widget_add_css_class (type, "dim-label");
  gtk_widget_add_css_class (type, "caption");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_box_append (GTK_BOX (labels), name);
  gtk_box_append (GTK_BOX (labels), type);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_item_set_child (list_item, box);
}

static void
on_merge_item_bind_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item)
{
  const DossierEntity *entity = dossier_entity_item_get_entity (gtk_list_item_get_item (list_item));
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *labels = gtk_widget_get_first_child (box);
  GtkWidget *name = gtk_widget_get_first_child (labels);
  GtkWidget *type = gtk_widget_get_next_sibling (name);
  GtkWidget *count = gtk_widget_get_next_sibling (labels);
  g_autofree char *type_text = NULL;
  g_autofree char *count_text = NULL;

  type_text = entity->hidden
    ? g_strdup_printf (_("%s, hidden"), dossier_entity_type_label (entity->type))
    : g_strdup (dossier_entity_type_label (entity->type));
  count_text = g_strdup_printf ("%u", entity->mention_count);
  gtk_label_set_text (GTK_LABEL (name), entity->name);
  gtk_label_set_text (GTK_LABEL (type), type_text);
  gtk_label_set_text (GTK_LABEL (count), count_text);
  gtk_widget_set_tooltip_text (count, _("Mentions in the library"));
}

GtkWindow *
dossier_entity_merge_dialog_new (GtkWindow    *parent,
                                 DossierStore *store,
                                 gint64        entity_id)
{
  g_autoptr(DossierEntity) entity = NULL;
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  GListStore *items;
  GtkFilterListModel *filtered;
  GtkListItemFactory *factory;
  MergeChooser *chooser;
  GtkWidget *window, *box, *header, *cancel, *search, *scrolled, *view, *explanation;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  if (!(entity = get_entity_or_report (GTK_WIDGET (parent), store, entity_id)))
    return NULL;

  entities = dossier_store_list_entities (store, 0, TRUE, &error);
  if (entities == NULL)
    {
      dossier_entity_dialogs_report_error (GTK_WIDGET (parent), _("Could Not List the Entities"), error);
      return NULL;
    }

  chooser = g_new0 (MergeChooser, 1);
  chooser->store = g_object_ref (store);
  chooser->from_id = entity_id;
  chooser->from_name = g_strdup (entity->name);

  window = adw_window_new ();
  chooser->window = window;
  g_object_set_data_full (G_OBJECT (window), "merge-chooser", chooser, merge_chooser_free);
  title = g_strdup_printf (_("Merge “%s” Into"), entity->name);
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_default_size (GTK_WINDOW (window), 380, 520);
  gtk_widget_add_css_class (window, "dossier-merge-chooser");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  chooser->merge_button = gtk_button_new_with_mnemonic (_("_Merge"));
  gtk_widget_add_css_class (chooser->merge_button, "suggested-action");
  gtk_widget_set_sensitive (chooser->merge_button, FALSE);
  g_signal_connect (chooser->merge_button, "clicked", G_CALLBACK (on_merge_clicked_cb), chooser);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Merge Into"), entity->name));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), chooser->merge_button);
  gtk_box_append (GTK_BOX (box), header);

  explanation = gtk_label_new (NULL);
  {
    g_autofree char *text =
      g_strdup_printf (_("Every mention of “%s” becomes a mention of the entity you choose, "
                         "in every document. Entities of any type can be chosen."),
                       entity->name);
    gtk_label_set_text (GTK_LABEL (explanation), text);
  }
  gtk_label_set_wrap (GTK_LABEL (explanation), TRUE);
  gtk_label_set_xalign (GTK_LABEL (explanation), 0);
  gtk_widget_add_css_class (explanation, "dim-label");
  gtk_widget_set_margin_start (explanation, 12);
  gtk_widget_set_margin_end (explanation, 12);
  gtk_widget_set_margin_top (explanation, 12);
  gtk_box_append (GTK_BOX (box), explanation);

  search = gtk_search_entry_new ();
  g_object_set (search, "placeholder-text", _("Search entities"), NULL);
  gtk_widget_set_margin_start (search, 12);
  gtk_widget_set_margin_end (search, 12);
  gtk_widget_set_margin_top (search, 12);
  gtk_widget_set_margin_bottom (search, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (search),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search entities"), -1);
  gtk_box_append (GTK_BOX (box), search);

  items = dossier_entity_items_from_array (entities);
  chooser->filter = gtk_custom_filter_new (merge_filter_func, chooser, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (items), GTK_FILTER (chooser->filter));
  chooser->selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_single_selection_set_autoselect (chooser->selection, FALSE);
  gtk_single_selection_set_can_unselect (chooser->selection, TRUE);
  gtk_single_selection_set_selected (chooser->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (chooser->selection, "notify::selected",
                    G_CALLBACK (on_merge_selection_changed_cb), chooser);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_merge_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_merge_item_bind_cb), NULL);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (chooser->selection)), factory);
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (view), FALSE);
  gtk_widget_add_css_class (view, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Entities in the library"), -1);
  g_signal_connect (view, "activate", G_CALLBACK (on_merge_list_activate_cb), chooser);
  g_object_set_data_full (G_OBJECT (window), "merge-list", g_object_ref (view), g_object_unref);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_box_append (GTK_BOX (box), scrolled);

  g_signal_connect (search, "search-changed", G_CALLBACK (on_merge_search_changed_cb), chooser);
  g_signal_connect (search, "activate", G_CALLBACK (on_merge_search_activate_cb), chooser);
  gtk_search_entry_set_key_capture_widget (GTK_SEARCH_ENTRY (search), window);

  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                            gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (window, shortcuts);
  }

  adw_window_set_content (ADW_WINDOW (window), box);
  g_object_unref (chooser->selection);  /* owned by the list view now */
  g_object_set_data_full (G_OBJECT (window), "merge-search", g_object_ref (search), g_object_unref);

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (search);
  return GTK_WINDOW (window);
}

/* ------------------------------------------------------------- actions -- */

static void
entity_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = parent_window (widget);

  g_object_get (widget, "store", &store, NULL);
  g_return_if_fail (DOSSIER_IS_STORE (store));

  if (g_str_equal (action_name, "entity.rename"))
    dossier_entity_rename_dialog_new (parent, store, g_variant_get_int64 (param));
  else if (g_str_equal (action_name, "entity.merge"))
    {
      GtkWindow *dialog = dossier_entity_merge_dialog_new (parent, store, g_variant_get_int64 (param));

      if (dialog != NULL)
        {
          GWeakRef *origin_ref = g_new0 (GWeakRef, 1);

          g_weak_ref_init (origin_ref, widget);
          g_object_set_data_full (G_OBJECT (dialog), "origin-widget", origin_ref, weak_ref_free);
        }
    }
  else if (g_str_equal (action_name, "entity.change-type"))
    dossier_entity_type_dialog_new (parent, store, g_variant_get_int64 (param));
  else if (g_str_equal (action_name, "entity.set-type"))
    {
      gint64 id;
      const char *type_name;
      DossierEntityType type;

      g_variant_get (param, "(x&s)", &id, &type_name);
      if (!dossier_entity_type_from_string (type_name, &type))
        g_set_error (&error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_INVALID,
                     _("“%s” is not an entity type"), type_name);
      else
        dossier_store_set_entity_type (store, id, type, &error);
      if (error != NULL)
        dossier_entity_dialogs_report_error (widget, _("Could Not Change the Type"), error);
    }
  else if (g_str_equal (action_name, "entity.set-hidden"))
    {
      gint64 id;
      gboolean hidden;

      g_variant_get (param, "(xb)", &id, &hidden);
      if (!dossier_store_set_entity_hidden (store, id, hidden, &error))
        dossier_entity_dialogs_report_error (widget,
                                             hidden ? _("Could Not Hide the Entity")
                                                    : _("Could Not Show the Entity"),
                                             error);
    }
  else
    g_assert_not_reached ();
}

void
dossier_entity_dialogs_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "entity.rename", "x", entity_action_cb);
  gtk_widget_class_install_action (widget_class, "entity.merge", "x", entity_action_cb);
  gtk_widget_class_install_action (widget_class, "entity.change-type", "x", entity_action_cb);
  gtk_widget_class_install_action (widget_class, "entity.set-type", "(xs)", entity_action_cb);
  gtk_widget_class_install_action (widget_class, "entity.set-hidden", "(xb)", entity_action_cb);
}

GMenuModel *
dossier_entity_dialogs_build_menu (const DossierEntity *entity)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) corrections = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;

  g_return_val_if_fail (entity != NULL, NULL);

  item = g_menu_item_new (_("_Rename…"), NULL);
  g_menu_item_set_action_and_target_value (item, "entity.rename", g_variant_new_int64 (entity->id));
  g_menu_append_item (corrections, item);
  g_clear_object (&item);

  item = g_menu_item_new (_("_Merge Into…"), NULL);
  g_menu_item_set_action_and_target_value (item, "entity.merge", g_variant_new_int64 (entity->id));
  g_menu_append_item (corrections, item);
  g_clear_object (&item);

  item = g_menu_item_new (_("Change _Type…"), NULL);
  g_menu_item_set_action_and_target_value (item, "entity.change-type", g_variant_new_int64 (entity->id));
  g_menu_append_item (corrections, item);
  g_clear_object (&item);

  g_menu_append_section (menu, NULL, G_MENU_MODEL (corrections));

  item = g_menu_item_new (entity->hidden ? _("_Show in Lists") : _("_Hide"), NULL);
  g_menu_item_set_action_and_target_value (item, "entity.set-hidden",
                                           g_variant_new ("(xb)", entity->id, !entity->hidden));
  g_menu_append_item (menu, item);

  return G_MENU_MODEL (menu);
}
