/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-entities.c: the entities panel, the entity page and the corrections,
 * in a real window under Xvfb, against a real temporary library whose
 * entities are written with dossier_store_set_auto_mentions. */
#define G_LOG_DOMAIN "test-entities"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dossier-resources.h"
#include "dossier-test-ui.h"
#include "dossier-entities-panel.h"
#include "dossier-entity-dialogs.h"
#include "dossier-entity-page.h"
#include "dossier-store.h"
#include "dossier-analysis.h"

/* Offsets are code points: "Durrës" has a multi-byte character before later mentions. */
static const char doc1_text[] =
  "Edi Rama said on 15 July 2022 that Albania would cut ties with Iran. "
  "The camp of the MEK near Durrës was searched. "
  "Rama repeated that Albania had proof.";
static const char doc2_text[] =
  "Iran denied it. Edi Rama did not answer questions about Iran.";
static const char doc3_text[] =
  "Nothing here names anyone.";

typedef struct
{
  char         *dir;
  char         *path;
  DossierStore *store;
  gint64        doc1, doc2, doc3;
  GtkWindow    *window;
  GtkWidget    *panel;
} Fixture;

/* -------------------------------------------------------------- helpers -- */

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for `ms` milliseconds (search entries wait before they search). */
static void
spin_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  spin ();
}

static guint
offset_of (const char *text,
           const char *needle,
           guint       nth)
{
  const char *p = text;

  for (guint i = 0; i <= nth; i++)
    {
      p = strstr (i == 0 ? p : p + 1, needle);
      g_assert_nonnull (p);
    }
  return g_utf8_pointer_to_offset (text, p);
}

static DossierMentionInput
mention (const char        *text,
         const char        *needle,
         guint              nth,
         DossierEntityType  type,
         const char        *name,
         const char        *key)
{
  DossierMentionInput input = { 0, };

  input.start = offset_of (text, needle, nth);
  input.end = input.start + g_utf8_strlen (needle, -1);
  input.type = type;
  input.name = name;
  input.key = key;
  return input;
}

static gint64
add_document (DossierStore *store,
              const char   *title,
              const char   *text)
{
  g_autoptr(DossierDocument) doc = dossier_document_new ();
  g_autoptr(GError) error = NULL;
  DossierAddResult result;
  gint64 id = 0;

  doc->uid = g_strdup_printf ("test:%s", title);
  doc->title = g_strdup (title);
  doc->source = g_strdup ("Test Wire");
  doc->text = g_strdup (text);
  g_assert_true (dossier_store_add_document (store, doc, FALSE, &result, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, DOSSIER_ADD_STORED);
  return id;
}

static gint64
find_entity (DossierStore *store,
             const char   *name)
{
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GError) error = NULL;

  entities = dossier_store_list_entities (store, 0, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entities->len; i++)
    {
      const DossierEntity *entity = g_ptr_array_index (entities, i);

      if (g_strcmp0 (entity->name, name) == 0)
        return entity->id;
    }
  return 0;
}

static GtkWidget *
find_child (GtkWidget  *root,
            GType       type,
            const char *css_class)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (css_class == NULL || gtk_widget_has_css_class (root, css_class)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_child (child, type, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkStack *
find_stack_with_page (GtkWidget  *root,
                      const char *page)
{
  if (GTK_IS_STACK (root) && gtk_stack_get_child_by_name (GTK_STACK (root), page) != NULL)
    return GTK_STACK (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found = find_stack_with_page (child, page);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
content_page (Fixture *f)
{
  GtkStack *stack = find_stack_with_page (f->panel, "no-document");

  g_assert_nonnull (stack);
  return gtk_stack_get_visible_child_name (stack);
}

/* The name label of an entity row: the first child of its box. */
static const char *
row_name (GtkListBoxRow *row)
{
  GtkWidget *box = gtk_list_box_row_get_child (row);

  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (box)));
}

/* The count label: the last label before the two buttons. */
static const char *
row_count (GtkListBoxRow *row)
{
  GtkWidget *box = gtk_list_box_row_get_child (row);
  GtkWidget *child = gtk_widget_get_last_child (box);

  while (child != NULL && !GTK_IS_LABEL (child))
    child = gtk_widget_get_prev_sibling (child);
  g_assert_nonnull (child);
  return gtk_label_get_text (GTK_LABEL (child));
}

/* "People: Edi Rama 3; Places: …" — the visible rows with their group headings. */
static char *
describe_list (Fixture *f)
{
  GtkListBox *list = GTK_LIST_BOX (find_child (f->panel, GTK_TYPE_LIST_BOX, "dossier-entity-list"));
  GString *out = g_string_new (NULL);
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    {
      GtkWidget *header = gtk_list_box_row_get_header (row);

      if (header != NULL)
        g_string_append_printf (out, "%s%s:", out->len > 0 ? "; " : "", gtk_label_get_text (GTK_LABEL (header)));
      g_string_append_printf (out, " %s %s", row_name (row), row_count (row));
    }
  return g_string_free (out, FALSE);
}

static GtkListBoxRow *
row_named (Fixture    *f,
           const char *name)
{
  GtkListBox *list = GTK_LIST_BOX (find_child (f->panel, GTK_TYPE_LIST_BOX, "dossier-entity-list"));
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_strcmp0 (row_name (row), name) == 0)
      return row;
  return NULL;
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* ------------------------------------------------------------- fixture -- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DossierMentionInput m1[8];
  DossierMentionInput m2[3];

  dossier_test_ui_tolerate_known_gtk_warnings ();
  f->dir = g_dir_make_tmp ("dossier-test-entities-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "library.db", NULL);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);

  f->doc1 = add_document (f->store, "Albania cuts ties with Iran", doc1_text);
  f->doc2 = add_document (f->store, "Tehran answers", doc2_text);
  f->doc3 = add_document (f->store, "A quiet day", doc3_text);

  m1[0] = mention (doc1_text, "Edi Rama", 0, DOSSIER_ENTITY_PERSON, "Edi Rama", "edi rama");
  m1[1] = mention (doc1_text, "15 July 2022", 0, DOSSIER_ENTITY_DATE, "15 July 2022", "2022-07-15");
  m1[2] = mention (doc1_text, "Albania", 0, DOSSIER_ENTITY_PLACE, "Albania", "albania");
  m1[3] = mention (doc1_text, "Iran", 0, DOSSIER_ENTITY_PLACE, "Iran", "iran");
  m1[4] = mention (doc1_text, "MEK", 0, DOSSIER_ENTITY_ORGANIZATION, "MEK", "mek");
  m1[5] = mention (doc1_text, "Durrës", 0, DOSSIER_ENTITY_PLACE, "Durrës", "durres");
  m1[6] = mention (doc1_text, "Rama", 1, DOSSIER_ENTITY_PERSON, "Edi Rama", "edi rama");
  m1[7] = mention (doc1_text, "Albania", 1, DOSSIER_ENTITY_PLACE, "Albania", "albania");
  g_assert_true (dossier_store_set_auto_mentions (f->store, f->doc1, m1, G_N_ELEMENTS (m1), &error));
  g_assert_no_error (error);

  m2[0] = mention (doc2_text, "Iran", 0, DOSSIER_ENTITY_PLACE, "Iran", "iran");
  m2[1] = mention (doc2_text, "Edi Rama", 0, DOSSIER_ENTITY_PERSON, "Edi Rama", "edi rama");
  m2[2] = mention (doc2_text, "Iran", 1, DOSSIER_ENTITY_PLACE, "Iran", "iran");
  g_assert_true (dossier_store_set_auto_mentions (f->store, f->doc2, m2, G_N_ELEMENTS (m2), &error));
  g_assert_no_error (error);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 360, 700);
  f->panel = dossier_entities_panel_new (f->store);
  gtk_window_set_child (f->window, f->panel);
  gtk_window_present (f->window);
  spin ();
}

static void
close_dialogs (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) || ADW_IS_WINDOW (l->data))
      {
        gtk_window_set_focus (l->data, NULL);
        gtk_window_destroy (l->data);
      }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  close_dialogs ();
  /* Focus leaves first, so no entry is destroyed while it holds the focus. */
  gtk_window_set_focus (f->window, NULL);
  spin ();
  gtk_window_destroy (f->window);
  spin ();
  g_clear_object (&f->store);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* ---------------------------------------------------------------- tests -- */

static void
test_empty_states (Fixture       *f,
                   gconstpointer  data)
{
  AdwStatusPage *off;

  g_assert_cmpstr (content_page (f), ==, "no-document");

  dossier_entities_panel_set_document (DOSSIER_ENTITIES_PANEL (f->panel), f->doc3);
  spin ();
  g_assert_cmpstr (content_page (f), ==, "empty");

  dossier_entities_panel_set_disabled_reason (DOSSIER_ENTITIES_PANEL (f->panel),
                                              "the model file “dossier-ner.model” is missing");
  spin ();
  g_assert_cmpstr (content_page (f), ==, "off");
  off = ADW_STATUS_PAGE (gtk_stack_get_child_by_name (find_stack_with_page (f->panel, "off"), "off"));
  g_assert_nonnull (strstr (adw_status_page_get_description (off), "dossier-ner.model” is missing"));

  /* A document with entities still shows them, with the reason above. */
  dossier_entities_panel_set_document (DOSSIER_ENTITIES_PANEL (f->panel), f->doc1);
  spin ();
  g_assert_cmpstr (content_page (f), ==, "list");
}

static void
test_grouped_rows (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *described = NULL;

  dossier_entities_panel_set_document (DOSSIER_ENTITIES_PANEL (f->panel), f->doc1);
  spin ();

  described = describe_list (f);
  /* Groups in the panel's order, each by mention count then name. */
  g_assert_cmpstr (described, ==,
                   "People: Edi Rama 2; Organizations: MEK 1; "
                   "Places: Albania 2 Durrës 1 Iran 1; Dates: 15 July 2022 1");

  g_clear_pointer (&described, g_free);
  dossier_entities_panel_set_document (DOSSIER_ENTITIES_PANEL (f->panel), f->doc2);
  spin ();
  described = describe_list (f);
  g_assert_cmpstr (described, ==, "People: Edi Rama 1; Places: Iran 2");
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *entry = find_child (f->panel, GTK_TYPE_SEARCH_ENTRY, NULL);
  g_autofree char *described = NULL;

  dossier_entities_panel_set_document (DOSSIER_ENTITIES_PANEL (f->panel), f->doc1);
  spin ();

  /* Case and diacritics do not matter. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "DURRES");
  spin_for (400);
  described = describe_list (f);
  g_assert_cmpstr (described, ==, "Places: Durrës 1");

  /* A reload keeps the search. */
  dossier_entities_panel_reload (DOSSIER_ENTITIES_PANEL (f->panel));
  spin ();
  g_clear_pointer (&described, g_free);
  described = describe_list (f);
  g_assert_cmpstr (described, ==, "Places: Durrës 1");

  gtk_editable_set_text (GTK_EDITABLE (entry), "nobody by this name");
  spin_for (400);
  g_assert_cmpstr (content_page (f), ==, "no-results");

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  spin_for (400);
  g_assert_cmpstr (content_page (f), ==, "list");
}

static void
on_entity_activated_cb (GtkWidget *panel,
                        gint64     entity_id,
                        gint64    *out)
{
  *out = entity_id;
}

static void
on_show_documents_cb (GtkWidget *widget,
                      gint64     entity_id,
                      gint64    *out)
{
  *out = entity_id;
}

typedef struct { gint64 document_id; guint offset; } Opened;

static void
on_open_document_cb (GtkWidget *widget,
                     gint64     document_id,
                     guint      offset,
                     Opened    *out)
{
  out->document_id = document_id;
  out->offset = offset;
}

static void
test_activate_and_signals (Fixture       *f,
                           gconstpointer  data)
{
  gint64 activated = 0, shown = 0;
  gint64 rama = find_entity (f->store, "Edi Rama");
  GtkMenuButton *menu_button;
  GtkListBoxRow *row;

  g_signal_connect (f->panel, "entity-activated", G_CALLBACK (on_entity_activated_cb), &activated);
  g_signal_connect (f->panel, "show-documents", G_CALLBACK (on_show_documents_cb), &shown);
  dossier_entities_panel_set_document (DOSSIER_ENTITIES_PANEL (f->panel), f->doc1);
  spin ();

  row = row_named (f, "Edi Rama");
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");
  spin ();
  g_assert_cmpint (activated, ==, rama);

  gtk_widget_activate_action (f->panel, "entities.show-documents", "x", rama);
  g_assert_cmpint (shown, ==, rama);

  /* The corrections menu is built when first opened, and then it opens. */
  menu_button = GTK_MENU_BUTTON (find_child (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON, NULL));
  g_assert_null (gtk_menu_button_get_menu_model (menu_button));
  gtk_menu_button_popup (menu_button);
  spin ();
  g_assert_nonnull (gtk_menu_button_get_menu_model (menu_button));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (menu_button))));
  gtk_menu_button_popdown (menu_button);
  spin ();
}

static void
test_rename (Fixture       *f,
             gconstpointer  data)
{
  gint64 mek = find_entity (f->store, "MEK");
  g_autoptr(DossierEntity) entity = NULL;
  GtkWindow *dialog;
  GtkWidget *entry;

  dossier_entities_panel_set_document (DOSSIER_ENTITIES_PANEL (f->panel), f->doc1);
  spin ();

  g_assert_true (gtk_widget_activate_action (f->panel, "entity.rename", "x", mek));
  spin ();
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  entry = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "MEK");

  /* An empty name cannot be confirmed. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "rename"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "People's Mojahedin Organization of Iran");
  g_signal_emit_by_name (entry, "activate");
  spin ();

  entity = dossier_store_get_entity (f->store, mek, NULL);
  g_assert_nonnull (entity);
  g_assert_cmpstr (entity->name, ==, "People's Mojahedin Organization of Iran");
  g_assert_cmpint (entity->origin, ==, DOSSIER_ORIGIN_USER);

  /* The panel followed the store's "changed" signal. */
  g_assert_nonnull (row_named (f, "People's Mojahedin Organization of Iran"));
  g_assert_null (row_named (f, "MEK"));
}

static void
test_hide_and_type (Fixture       *f,
                    gconstpointer  data)
{
  gint64 durres = find_entity (f->store, "Durrës");
  GtkToggleButton *toggle;
  g_autofree char *described = NULL;

  dossier_entities_panel_set_document (DOSSIER_ENTITIES_PANEL (f->panel), f->doc1);
  spin ();

  gtk_widget_activate_action (f->panel, "entity.set-hidden", "(xb)", durres, TRUE);
  spin ();
  g_assert_null (row_named (f, "Durrës"));

  toggle = GTK_TOGGLE_BUTTON (find_child (f->panel, GTK_TYPE_TOGGLE_BUTTON, NULL));
  gtk_toggle_button_set_active (toggle, TRUE);
  spin ();
  g_assert_nonnull (row_named (f, "Durrës"));
  gtk_toggle_button_set_active (toggle, FALSE);
  spin ();

  gtk_widget_activate_action (f->panel, "entity.set-hidden", "(xb)", durres, FALSE);
  gtk_widget_activate_action (f->panel, "entity.set-type", "(xs)", durres, "organization");
  spin ();
  described = describe_list (f);
  g_assert_cmpstr (described, ==,
                   "People: Edi Rama 2; Organizations: Durrës 1 MEK 1; "
                   "Places: Albania 2 Iran 1; Dates: 15 July 2022 1");
}

static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  gint64 albania = find_entity (f->store, "Albania");
  gint64 iran = find_entity (f->store, "Iran");
  g_autoptr(DossierEntity) merged = NULL;
  g_autoptr(DossierEntity) gone = NULL;
  GtkWindow *chooser;
  GtkWidget *search, *list;
  g_autofree char *described = NULL;

  dossier_entities_panel_set_document (DOSSIER_ENTITIES_PANEL (f->panel), f->doc1);
  spin ();

  g_assert_true (gtk_widget_activate_action (f->panel, "entity.merge", "x", albania));
  spin ();
  chooser = find_toplevel (ADW_TYPE_WINDOW);
  g_assert_nonnull (chooser);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (chooser), "dossier-merge-chooser"));

  search = find_child (GTK_WIDGET (chooser), GTK_TYPE_SEARCH_ENTRY, NULL);
  gtk_editable_set_text (GTK_EDITABLE (search), "ira");
  spin_for (400);
  list = find_child (GTK_WIDGET (chooser), GTK_TYPE_LIST_VIEW, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))), ==, 1);
  g_assert_true (gtk_widget_activate_action (list, "list.activate-item", "u", 0));
  spin ();

  gone = dossier_store_get_entity (f->store, albania, NULL);
  g_assert_null (gone);
  merged = dossier_store_get_entity (f->store, iran, NULL);
  g_assert_cmpuint (merged->mention_count, ==, 5);
  g_assert_null (find_toplevel (ADW_TYPE_WINDOW));

  described = describe_list (f);
  g_assert_cmpstr (described, ==,
                   "People: Edi Rama 2; Organizations: MEK 1; "
                   "Places: Iran 3 Durrës 1; Dates: 15 July 2022 1");
}

static DossierEntityPage *
entity_page (Fixture *f)
{
  return DOSSIER_ENTITY_PAGE (find_child (f->panel, DOSSIER_TYPE_ENTITY_PAGE, NULL));
}

static guint
count_rows (GtkWidget  *root,
            const char *css_class)
{
  guint n = 0;

  if (GTK_IS_LIST_BOX_ROW (root) && gtk_widget_has_css_class (root, css_class))
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_rows (child, css_class);
  return n;
}

static GtkLabel *
first_mention_label (DossierEntityPage *page)
{
  GtkWidget *row = find_child (GTK_WIDGET (page), GTK_TYPE_LIST_BOX_ROW, "dossier-mention-row");

  g_assert_nonnull (row);
  return GTK_LABEL (gtk_widget_get_first_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))));
}

static void
test_entity_page (Fixture       *f,
                  gconstpointer  data)
{
  gint64 rama = find_entity (f->store, "Edi Rama");
  g_autoptr(DossierAnnotation) annotation = dossier_annotation_new ();
  g_autoptr(GPtrArray) mentions = NULL;
  g_autoptr(GError) error = NULL;
  DossierEntityPage *page;
  GtkWidget *cooccurring;
  gint64 shown = 0;
  Opened opened = { 0, };
  gint64 split_id;

  g_signal_connect (f->panel, "show-documents", G_CALLBACK (on_show_documents_cb), &shown);
  g_signal_connect (f->panel, "open-document", G_CALLBACK (on_open_document_cb), &opened);

  /* A highlight over "Rama repeated": it must show on Rama's page. */
  annotation->document_id = f->doc1;
  annotation->start = offset_of (doc1_text, "Rama repeated", 0);
  annotation->end = annotation->start + strlen ("Rama repeated");
  annotation->note = g_strdup ("He says it twice.");
  g_assert_true (dossier_store_add_annotation (f->store, annotation, &error));
  g_assert_no_error (error);

  dossier_entities_panel_set_document (DOSSIER_ENTITIES_PANEL (f->panel), f->doc1);
  spin ();
  gtk_widget_activate_action (f->panel, "entities.open-page", "x", rama);
  spin ();
  page = entity_page (f);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpint (dossier_entity_page_get_entity (page), ==, rama);

  /* Three mentions in two documents, each with its sentence and the mention in bold. */
  g_assert_cmpuint (count_rows (GTK_WIDGET (page), "dossier-mention-row"), ==, 3);
  g_assert_cmpstr (gtk_label_get_label (first_mention_label (page)), ==,
                   "<b>Edi Rama</b> said on 15 July 2022 that Albania would cut ties with Iran.");

  /* The documents it appears in, with their counts. */
  g_assert_cmpuint (count_rows (GTK_WIDGET (page), "dossier-document-row"), ==, 2);
  {
    GtkWidget *doc_row = find_child (GTK_WIDGET (page), GTK_TYPE_LIST_BOX_ROW, "dossier-document-row");
    GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (doc_row));

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (box))), ==,
                     "Albania cuts ties with Iran");
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (box))), ==, "2");
  }

  /* Appears with: Iran shares both documents, so it comes first. */
  cooccurring = find_child (GTK_WIDGET (page), GTK_TYPE_LIST_BOX_ROW, "dossier-cooccurring-row");
  g_assert_nonnull (cooccurring);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_child (cooccurring, GTK_TYPE_LABEL, NULL))), ==, "Iran");
  g_assert_cmpuint (count_rows (GTK_WIDGET (page), "dossier-note-row"), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (page), "entity-page.show-documents", NULL);
  g_assert_cmpint (shown, ==, rama);
  gtk_widget_activate_action (GTK_WIDGET (page), "mention.open", "(xu)", f->doc2, (guint32) 16);
  g_assert_cmpint (opened.document_id, ==, f->doc2);
  g_assert_cmpuint (opened.offset, ==, 16);

  /* Reject one mention and split another off: the store records both. */
  mentions = dossier_store_list_entity_mentions (f->store, rama, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mentions->len, ==, 3);
  gtk_widget_activate_action (GTK_WIDGET (page), "mention.reject", "x",
                              ((DossierMention *) g_ptr_array_index (mentions, 2))->id);
  gtk_widget_activate_action (GTK_WIDGET (page), "mention.split", "x",
                              ((DossierMention *) g_ptr_array_index (mentions, 1))->id);
  spin ();
  g_clear_pointer (&mentions, g_ptr_array_unref);
  mentions = dossier_store_list_entity_mentions (f->store, rama, &error);
  g_assert_cmpuint (mentions->len, ==, 1);
  g_assert_cmpuint (count_rows (GTK_WIDGET (page), "dossier-mention-row"), ==, 1);
  split_id = find_entity (f->store, "Rama");
  g_assert_cmpint (split_id, >, 0);
  g_assert_cmpint (split_id, !=, rama);

  /* Back to the list. */
  gtk_widget_activate_action (GTK_WIDGET (page), "entity-page.back", NULL);
  spin ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (find_stack_with_page (f->panel, "entity")), ==, "list");
}

static void
test_page_follows_merge (Fixture       *f,
                         gconstpointer  data)
{
  gint64 albania = find_entity (f->store, "Albania");
  gint64 iran = find_entity (f->store, "Iran");
  DossierEntityPage *page;
  GtkWindow *chooser;
  GtkWidget *search, *list;

  dossier_entities_panel_show_entity (DOSSIER_ENTITIES_PANEL (f->panel), albania);
  spin ();
  page = entity_page (f);
  g_assert_cmpint (dossier_entity_page_get_entity (page), ==, albania);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "entity.merge", "x", albania));
  spin ();
  chooser = find_toplevel (ADW_TYPE_WINDOW);
  g_assert_nonnull (chooser);
  search = find_child (GTK_WIDGET (chooser), GTK_TYPE_SEARCH_ENTRY, NULL);
  gtk_editable_set_text (GTK_EDITABLE (search), "iran");
  spin_for (400);
  list = find_child (GTK_WIDGET (chooser), GTK_TYPE_LIST_VIEW, NULL);
  g_assert_true (gtk_widget_activate_action (list, "list.activate-item", "u", 0));
  spin ();

  /* The page went where the mentions went, and shows all five. */
  g_assert_cmpint (dossier_entity_page_get_entity (page), ==, iran);
  g_assert_cmpuint (count_rows (GTK_WIDGET (page), "dossier-mention-row"), ==, 5);
}

static void
test_show_more (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  DossierMentionInput mentions[70];
  DossierEntityPage *page;
  GtkWidget *first_row;
  gint64 doc, tirana;

  for (guint i = 0; i < G_N_ELEMENTS (mentions); i++)
    g_string_append_printf (text, "Meeting %u was held in Tirana. ", i);
  doc = add_document (f->store, "Minutes", text->str);
  for (guint i = 0; i < G_N_ELEMENTS (mentions); i++)
    mentions[i] = mention (text->str, "Tirana", i, DOSSIER_ENTITY_PLACE, "Tirana", "tirana");
  g_assert_true (dossier_store_set_auto_mentions (f->store, doc, mentions, G_N_ELEMENTS (mentions), &error));
  g_assert_no_error (error);
  tirana = find_entity (f->store, "Tirana");

  dossier_entities_panel_show_entity (DOSSIER_ENTITIES_PANEL (f->panel), tirana);
  spin ();
  page = entity_page (f);
  g_assert_cmpuint (count_rows (GTK_WIDGET (page), "dossier-mention-row"), ==, 30);
  first_row = find_child (GTK_WIDGET (page), GTK_TYPE_LIST_BOX_ROW, "dossier-mention-row");
  g_assert_cmpstr (gtk_label_get_label (first_mention_label (page)), ==, "Meeting 0 was held in <b>Tirana</b>.");

  /* More rows are appended: the rows already there stay the same widgets. */
  gtk_widget_activate_action (GTK_WIDGET (page), "entity-page.more", NULL);
  spin ();
  g_assert_cmpuint (count_rows (GTK_WIDGET (page), "dossier-mention-row"), ==, 60);
  g_assert_true (find_child (GTK_WIDGET (page), GTK_TYPE_LIST_BOX_ROW, "dossier-mention-row") == first_row);
  gtk_widget_activate_action (GTK_WIDGET (page), "entity-page.more", NULL);
  spin ();
  g_assert_cmpuint (count_rows (GTK_WIDGET (page), "dossier-mention-row"), ==, 70);
  g_assert_false (gtk_widget_get_visible (find_child (GTK_WIDGET (page), GTK_TYPE_BUTTON, "dossier-more-button")));
}

static void
on_library_analyzed_cb (GtkWidget *panel,
                        guint      n_analyzed,
                        int       *out)
{
  *out = n_analyzed;
}

static void
test_analyze_library (Fixture       *f,
                      gconstpointer  data)
{
  static const char text[] = "The talks began in Tirana on 4 February 2021 and ended in May.";
  gint64 doc4 = add_document (f->store, "Talks", text);
  GtkStack *analysis = find_stack_with_page (f->panel, "running");
  g_autofree char *described = NULL;
  GtkWidget *status;
  gint64 deadline;
  int analyzed = -1;

  g_autoptr(DossierRecognizer) recognizer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *model = dossier_recognizer_default_model_path ();

  /* With the model the names are found too; without it only dates. */
  recognizer = dossier_recognizer_new_from_file (model, &error);
  if (recognizer == NULL)
    g_test_message ("no recognizer (%s): dates only", error->message);
  dossier_entities_panel_set_recognizer (DOSSIER_ENTITIES_PANEL (f->panel), recognizer);

  g_signal_connect (f->panel, "library-analyzed", G_CALLBACK (on_library_analyzed_cb), &analyzed);
  dossier_entities_panel_set_document (DOSSIER_ENTITIES_PANEL (f->panel), doc4);
  spin ();
  g_assert_cmpstr (content_page (f), ==, "empty");

  /* The analysis runs in a worker with its own connection to the library. */
  g_assert_true (gtk_widget_activate_action (f->panel, "entities.analyze-library", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (analysis), ==, "running");
  /* A second start while running is ignored. */
  dossier_entities_panel_analyze_library (DOSSIER_ENTITIES_PANEL (f->panel));

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (analyzed < 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  spin ();

  g_assert_cmpint (analyzed, >=, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (analysis), ==, "idle");
  status = find_child (f->panel, GTK_TYPE_LABEL, "dossier-analysis-status");
  g_assert_true (gtk_widget_get_visible (status));
  g_test_message ("status: %s", gtk_label_get_text (GTK_LABEL (status)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), !=, "");

  g_assert_cmpint (analyzed, >=, 4);
  /* The panel re-read the document the worker just analysed. */
  g_assert_cmpstr (content_page (f), ==, "list");
  described = describe_list (f);
  g_test_message ("after analysis: %s", described);
  g_assert_nonnull (strstr (described, "Dates:"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  dossier_test_ui_tolerate_known_gtk_warnings ();
  gtk_init ();
  adw_init ();
  /* Pulls the resources' object (and its registering constructor) out of the static library. */
  g_assert_nonnull (dossier_get_resource ());
  /* A blinking cursor in an entry destroyed by a test makes GTK warn (fatal here). */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

#define ADD(name, func) g_test_add ("/ui/entities/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("empty-states", test_empty_states);
  ADD ("grouped-rows", test_grouped_rows);
  ADD ("search", test_search);
  ADD ("activate-and-signals", test_activate_and_signals);
  ADD ("rename", test_rename);
  ADD ("hide-and-type", test_hide_and_type);
  ADD ("merge", test_merge);
  ADD ("entity-page", test_entity_page);
  ADD ("page-follows-merge", test_page_follows_merge);
  ADD ("show-more", test_show_more);
  ADD ("analyze-library", test_analyze_library);
#undef ADD

  return g_test_run ();
}
