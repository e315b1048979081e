/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-entity-page.c: one entity across the whole library.
 *
 * Owns: the page of one entity — its mentions with their sentences grouped by
 * document, the entities it appears with, the highlights overlapping it — and
 * the per-mention corrections (reject, split off). Must not: write SQL, know
 * the window (it asks through signals), or keep documents' text after a refresh. */
#define G_LOG_DOMAIN "dossier-entity-page"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "dossier-entity-dialogs.h"
#include "dossier-entity-page.h"

/* Mentions shown at first and added by "Show More Mentions": the page reads
 * each document's text to cut sentences, so it grows in steps. */
#define MENTION_STEP 30
/* How far a sentence may reach on either side of a mention, in characters. */
#define SENTENCE_REACH 240
#define N_COOCCURRING 8
/* Documents listed by title; "Show Documents" filters the library to all of them. */
#define N_DOCUMENTS 50

struct _DossierEntityPage
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkWidget      *back_button;
  GtkLabel       *name_label;
  GtkLabel       *summary_label;
  GtkMenuButton  *corrections_button;
  GtkStack       *content_stack;
  GtkScrolledWindow *scrolled;
  GtkBox         *mentions_box;
  GtkWidget      *more_button;
  GtkListBox     *documents_list;
  GtkListBox     *cooccurring_list;
  GtkListBox     *notes_list;

  /* owned */
  DossierStore   *store;
  gint64          entity_id;
  guint           mention_limit;

  /* what the mentions list shows, kept so "Show More" appends */
  GPtrArray      *mentions;             /* DossierMention, by document then start */
  guint           n_shown;              /* mentions looked at (shown or unreadable) */
  GHashTable     *ranges_by_document;   /* document id → shown DossierMention (borrowed) */
  GPtrArray      *documents;            /* DossierDocument (no text) of the shown groups */
  gint64          group_document;       /* the last group's document, its list and text */
  GtkListBox     *group_list;
  gunichar       *group_text;
  glong           group_text_len;
  guint           refresh_source;
  guint           scroll_source;
  double          scroll_value;
};

G_DEFINE_FINAL_TYPE (DossierEntityPage, dossier_entity_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ENTITY_ID,
  PROP_SHOW_BACK_BUTTON,
  N_PROPS
};

enum {
  SHOW_DOCUMENTS,
  OPEN_DOCUMENT,
  BACK,
  ENTITY_MERGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  gint64 document_id;
  guint  offset;
} Target;

/* -------------------------------------------------------------- helpers -- */

static gboolean
is_sentence_end (const gunichar *text,
                 glong           n,
                 glong           i)
{
  glong word_start;

  if (text[i] != '.' && text[i] != '!' && text[i] != '?' && text[i] != 0x2026)
    return FALSE;
  if (i + 1 < n && !g_unichar_isspace (text[i + 1]) &&
      text[i + 1] != '"' && text[i + 1] != 0x201D && text[i + 1] != '\'' && text[i + 1] != 0x2019)
    return FALSE;
  if (text[i] != '.')
    return TRUE;

  /* "Mr.", "Feb.", "U.S.": a short capitalised word before the dot is an
   * abbreviation more often than the end of a sentence. */
  word_start = i;
  while (word_start > 0 && (g_unichar_isalpha (text[word_start - 1]) || text[word_start - 1] == '.'))
    word_start--;
  if (i - word_start <= 3 && word_start < i && g_unichar_isupper (text[word_start]))
    return FALSE;
  return TRUE;
}

/* The sentence around [start, end) as Pango markup with the mention in bold. */
static char *
sentence_markup (const gunichar *text,
                 glong           n,
                 guint           start,
                 guint           end)
{
  g_autofree char *before = NULL;
  g_autofree char *mention = NULL;
  g_autofree char *after = NULL;
  g_autofree char *before_escaped = NULL;
  g_autofree char *mention_escaped = NULL;
  g_autofree char *after_escaped = NULL;
  glong s, e;
  gboolean cut_before = FALSE, cut_after = FALSE;

  if (text == NULL || start >= (guint) n)
    return g_strdup ("");
  if (end > (guint) n)
    end = n;

  for (s = start; s > 0; s--)
    {
      if (start - s >= SENTENCE_REACH)
        {
          cut_before = TRUE;
          break;
        }
      if (text[s - 1] == '\n' || is_sentence_end (text, n, s - 1))
        break;
    }
  for (e = end; e < n; e++)
    {
      if (e - (glong) end >= SENTENCE_REACH)
        {
          cut_after = TRUE;
          break;
        }
      if (text[e] == '\n')
        break;
      if (is_sentence_end (text, n, e))
        {
          e++;
          break;
        }
    }
  while (s < (glong) start && g_unichar_isspace (text[s]))
    s++;
  while (e > (glong) end && g_unichar_isspace (text[e - 1]))
    e--;

  before = g_ucs4_to_utf8 (text + s, start - s, NULL, NULL, NULL);
  mention = g_ucs4_to_utf8 (text + start, end - start, NULL, NULL, NULL);
  after = g_ucs4_to_utf8 (text + end, e - end, NULL, NULL, NULL);
  before_escaped = g_markup_escape_text (before != NULL ? before : "", -1);
  mention_escaped = g_markup_escape_text (mention != NULL ? mention : "", -1);
  after_escaped = g_markup_escape_text (after != NULL ? after : "", -1);

  return g_strdup_printf ("%s%s<b>%s</b>%s%s",
                          cut_before ? "…" : "", before_escaped,
                          mention_escaped,
                          after_escaped, cut_after ? "…" : "");
}

static void
remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_BOX (parent))
        gtk_box_remove (GTK_BOX (parent), child);
      else if (GTK_IS_LIST_BOX (parent))
        gtk_list_box_remove (GTK_LIST_BOX (parent), child);
      else
        g_assert_not_reached ();
    }
}

static GtkWidget *
placeholder_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
set_row_target (GtkWidget *row,
                gint64     document_id,
                guint      offset)
{
  Target *target = g_new (Target, 1);

  target->document_id = document_id;
  target->offset = offset;
  g_object_set_data_full (G_OBJECT (row), "target", target, g_free);
}

static char *
format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) date = NULL;

  if (unix_time <= 0)
    return NULL;
  date = g_date_time_new_from_unix_utc (unix_time);
  return date != NULL ? g_date_time_format (date, "%-d %b %Y") : NULL;
}

static GtkWidget *
create_mention_row (const DossierMention *mention,
                    const char           *markup)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) corrections = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;
  GtkWidget *row, *box, *label, *menu_button;

  item = g_menu_item_new (_("_Open in Reader"), NULL);
  g_menu_item_set_action_and_target_value (item, "mention.open",
                                           g_variant_new ("(xu)", mention->document_id, mention->start));
  g_menu_append_item (menu, item);
  g_clear_object (&item);

  item = g_menu_item_new (_("_Split Off as a New Entity"), NULL);
  g_menu_item_set_action_and_target_value (item, "mention.split", g_variant_new_int64 (mention->id));
  g_menu_append_item (corrections, item);
  g_clear_object (&item);

  item = g_menu_item_new (_("_Reject This Mention"), NULL);
  g_menu_item_set_action_and_target_value (item, "mention.reject", g_variant_new_int64 (mention->id));
  g_menu_append_item (corrections, item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (corrections));

  row = gtk_list_box_row_new ();
  gtk_widget_add_css_class (row, "dossier-mention-row");
  gtk_widget_set_tooltip_text (row, _("Open in the reader"));
  set_row_target (row, mention->document_id, mention->start);
  {
    gint64 *id = g_new (gint64, 1);
    *id = mention->id;
    g_object_set_data_full (G_OBJECT (row), "mention-id", id, g_free);
  }

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);

  if (mention->origin == DOSSIER_ORIGIN_USER)
    {
      GtkWidget *mine = gtk_image_new_from_icon_name ("document-edit-symbolic");

      gtk_widget_set_valign (mine, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (mine, _("Added or corrected by you"));
      gtk_widget_add_css_class (mine, "dim-label");
      gtk_box_append (GTK_BOX (box), mine);
    }

  menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  dossier_menu_button_set_lazy_menu (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_menu_button_set_has_frame (GTK_MENU_BUTTON (menu_button), FALSE);
  gtk_widget_set_valign (menu_button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (menu_button, _("Mention Actions"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Open, split off or reject this mention"), -1);
  gtk_box_append (GTK_BOX (box), menu_button);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static GtkWidget *
create_document_group (DossierEntityPage     *self,
                       const DossierDocument *doc,
                       guint                  n_mentions,
                       GtkListBox           **out_list)
{
  GtkWidget *group, *title, *details, *list;
  g_autofree char *date = format_date (doc->published);
  g_autofree char *count = NULL;
  g_autoptr(GString) line = g_string_new (NULL);

  group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (group, "dossier-mention-group");

  title = gtk_label_new (doc->title != NULL && *doc->title != '\0' ? doc->title : _("Untitled"));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (title), 2);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (group), title);

  if (doc->source != NULL && *doc->source != '\0')
    g_string_append (line, doc->source);
  if (date != NULL)
    g_string_append_printf (line, "%s%s", line->len > 0 ? " · " : "", date);
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u mention", "%u mentions", n_mentions),
                           n_mentions);
  g_string_append_printf (line, "%s%s", line->len > 0 ? " · " : "", count);

  details = gtk_label_new (line->str);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_wrap (GTK_LABEL (details), TRUE);
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (details, "dim-label");
  gtk_box_append (GTK_BOX (group), details);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, doc->title, -1);
  gtk_box_append (GTK_BOX (group), list);

  *out_list = GTK_LIST_BOX (list);
  return group;
}

static gboolean
restore_scroll_cb (gpointer data)
{
  DossierEntityPage *self = data;

  self->scroll_source = 0;
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), self->scroll_value);
  return G_SOURCE_REMOVE;
}

static void on_mention_row_activated_cb (GtkListBox *box, GtkListBoxRow *row, DossierEntityPage *self);

static void
reset_mentions (DossierEntityPage *self)
{
  g_clear_pointer (&self->mentions, g_ptr_array_unref);
  g_clear_pointer (&self->ranges_by_document, g_hash_table_unref);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_clear_pointer (&self->group_text, g_free);
  self->group_text_len = 0;
  self->group_document = 0;
  self->group_list = NULL;
  self->n_shown = 0;
}

/* Appends mentions, grouped by document, up to mention_limit, and collects
 * the shown ones per document (for the highlights that overlap them). */
static void
append_mentions (DossierEntityPage *self)
{
  GPtrArray *mentions = self->mentions;

  for (; self->n_shown < mentions->len && self->n_shown < self->mention_limit; self->n_shown++)
    {
      const DossierMention *mention = g_ptr_array_index (mentions, self->n_shown);
      g_autofree char *markup = NULL;
      GPtrArray *ranges;

      if (mention->document_id != self->group_document)
        {
          g_autoptr(DossierDocument) doc = NULL;
          g_autoptr(GError) error = NULL;
          guint n_in_document = 0;

          self->group_document = mention->document_id;
          self->group_list = NULL;
          g_clear_pointer (&self->group_text, g_free);
          self->group_text_len = 0;

          for (guint j = self->n_shown; j < mentions->len; j++)
            {
              const DossierMention *other = g_ptr_array_index (mentions, j);

              if (other->document_id != self->group_document)
                break;
              n_in_document++;
            }

          doc = dossier_store_get_document (self->store, self->group_document, &error);
          if (doc == NULL)
            {
              g_message ("Could not read document %" G_GINT64_FORMAT ": %s",
                         self->group_document, error->message);
              continue;
            }
          if (doc->text != NULL)
            self->group_text = g_utf8_to_ucs4_fast (doc->text, -1, &self->group_text_len);
          g_clear_pointer (&doc->text, g_free);

          gtk_box_append (self->mentions_box,
                          create_document_group (self, doc, n_in_document, &self->group_list));
          g_signal_connect (self->group_list, "row-activated", G_CALLBACK (on_mention_row_activated_cb), self);
          g_ptr_array_add (self->documents, g_steal_pointer (&doc));
        }

      if (self->group_list == NULL)
        continue;

      markup = sentence_markup (self->group_text, self->group_text_len, mention->start, mention->end);
      gtk_list_box_append (self->group_list, create_mention_row (mention, markup));

      ranges = g_hash_table_lookup (self->ranges_by_document, &mention->document_id);
      if (ranges == NULL)
        {
          ranges = g_ptr_array_new ();
          g_hash_table_insert (self->ranges_by_document,
                               g_memdup2 (&mention->document_id, sizeof (gint64)), ranges);
        }
      g_ptr_array_add (ranges, (gpointer) mention);
    }

  if (mentions->len > self->n_shown)
    {
      g_autofree char *label = NULL;
      guint left = mentions->len - self->n_shown;

      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Show _More Mentions (%u Left)",
                                            "Show _More Mentions (%u Left)", left), left);
      gtk_button_set_label (GTK_BUTTON (self->more_button), label);
      gtk_widget_set_visible (self->more_button, TRUE);
    }
  else
    gtk_widget_set_visible (self->more_button, FALSE);
}

/* Every document that mentions the entity (up to N_DOCUMENTS), with its
 * count; a row opens the document at its first mention. */
static void
fill_documents (DossierEntityPage *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) firsts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;

  remove_children (GTK_WIDGET (self->documents_list));
  if (self->mentions == NULL)
    return;

  for (guint i = 0; i < self->mentions->len; i++)
    {
      const DossierMention *mention = g_ptr_array_index (self->mentions, i);

      if (ids->len == 0 || g_array_index (ids, gint64, ids->len - 1) != mention->document_id)
        {
          guint zero = 0;

          g_array_append_val (ids, mention->document_id);
          g_array_append_val (firsts, mention->start);
          g_array_append_val (counts, zero);
        }
      g_array_index (counts, guint, counts->len - 1)++;
    }

  docs = dossier_store_get_documents (self->store, (const gint64 *) ids->data,
                                      MIN (ids->len, N_DOCUMENTS), &error);
  if (docs == NULL)
    {
      g_message ("Could not read the documents of %" G_GINT64_FORMAT ": %s", self->entity_id, error->message);
      return;
    }

  for (guint d = 0; d < docs->len; d++)
    {
      const DossierDocument *doc = g_ptr_array_index (docs, d);
      g_autofree char *count = NULL;
      GtkWidget *row, *box, *title, *count_label;
      guint index = 0;

      /* Rows come in the order asked, minus documents removed meanwhile. */
      while (index < ids->len && g_array_index (ids, gint64, index) != doc->id)
        index++;
      if (index == ids->len)
        continue;

      count = g_strdup_printf ("%u", g_array_index (counts, guint, index));
      row = gtk_list_box_row_new ();
      gtk_widget_add_css_class (row, "dossier-document-row");
      set_row_target (row, doc->id, g_array_index (firsts, guint, index));
      gtk_widget_set_tooltip_text (row, _("Open at the first mention"));
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_set_margin_top (box, 8);
      gtk_widget_set_margin_bottom (box, 8);
      title = gtk_label_new (doc->title != NULL && *doc->title != '\0' ? doc->title : _("Untitled"));
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (title, TRUE);
      count_label = gtk_label_new (count);
      gtk_widget_add_css_class (count_label, "dim-label");
      gtk_widget_add_css_class (count_label, "numeric");
      gtk_widget_set_tooltip_text (count_label, _("Mentions in this document"));
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), count_label);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_list_box_append (self->documents_list, row);
    }

  if (ids->len > N_DOCUMENTS)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "And %u more: Show Documents lists them all",
                                                            "And %u more: Show Documents lists them all",
                                                            ids->len - N_DOCUMENTS),
                                               ids->len - N_DOCUMENTS);
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), placeholder_label (more));
      gtk_list_box_append (self->documents_list, row);
    }
}

static void
fill_cooccurring (DossierEntityPage *self)
{
  g_autoptr(GPtrArray) others = NULL;
  g_autoptr(GError) error = NULL;

  remove_children (GTK_WIDGET (self->cooccurring_list));

  others = dossier_store_list_cooccurring (self->store, self->entity_id, N_COOCCURRING, &error);
  if (others == NULL)
    {
      g_message ("Could not list the entities appearing with %" G_GINT64_FORMAT ": %s",
                 self->entity_id, error->message);
      return;
    }

  for (guint i = 0; i < others->len; i++)
    {
      const DossierEntity *other = g_ptr_array_index (others, i);
      g_autofree char *count = g_strdup_printf ("%u", other->document_count);
      g_autofree char *tip = NULL;
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *name = gtk_label_new (other->name);
      GtkWidget *type = gtk_label_new (dossier_entity_type_label (other->type));
      GtkWidget *count_label = gtk_label_new (count);
      gint64 *id = g_new (gint64, 1);

      *id = other->id;
      g_object_set_data_full (G_OBJECT (row), "entity-id", id, g_free);
      gtk_widget_add_css_class (row, "dossier-cooccurring-row");
      tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Together in %u document",
                                          "Together in %u documents", other->document_count),
                             other->document_count);

      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_set_margin_top (box, 8);
      gtk_widget_set_margin_bottom (box, 8);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (name, other->name);
      gtk_label_set_xalign (GTK_LABEL (type), 0);
      gtk_widget_add_css_class (type, "caption");
      gtk_widget_add_css_class (type, "dim-label");
      gtk_widget_set_hexpand (labels, TRUE);
      gtk_widget_add_css_class (count_label, "dim-label");
      gtk_widget_add_css_class (count_label, "numeric");
      gtk_widget_set_tooltip_text (count_label, tip);
      gtk_box_append (GTK_BOX (labels), name);
      gtk_box_append (GTK_BOX (labels), type);
      gtk_box_append (GTK_BOX (box), labels);
      gtk_box_append (GTK_BOX (box), count_label);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      {
        g_autofree char *accessible = g_strdup_printf ("%s, %s, %s", other->name,
                                                       dossier_entity_type_label (other->type), tip);
        gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      }
      gtk_list_box_append (self->cooccurring_list, row);
    }
}

static void
fill_notes (DossierEntityPage *self)
{
  GHashTable *ranges_by_document = self->ranges_by_document;
  GPtrArray *documents = self->documents;

  remove_children (GTK_WIDGET (self->notes_list));
  if (documents == NULL)
    return;

  for (guint d = 0; d < documents->len; d++)
    {
      const DossierDocument *doc = g_ptr_array_index (documents, d);
      GPtrArray *ranges = g_hash_table_lookup (ranges_by_document, &doc->id);
      g_autoptr(GPtrArray) annotations = NULL;
      g_autoptr(GError) error = NULL;

      if (ranges == NULL)
        continue;

      annotations = dossier_store_list_annotations (self->store, doc->id, &error);
      if (annotations == NULL)
        {
          g_message ("Could not list the highlights of %" G_GINT64_FORMAT ": %s", doc->id, error->message);
          continue;
        }

      for (guint a = 0; a < annotations->len; a++)
        {
          const DossierAnnotation *annotation = g_ptr_array_index (annotations, a);
          gboolean overlaps = FALSE;
          GtkWidget *row, *box, *quote, *note, *where;
          g_autofree char *quote_markup = NULL;

          if (annotation->orphaned)
            continue;
          for (guint r = 0; r < ranges->len && !overlaps; r++)
            {
              const DossierMention *mention = g_ptr_array_index (ranges, r);

              overlaps = annotation->start < mention->end && mention->start < annotation->end;
            }
          if (!overlaps)
            continue;

          row = gtk_list_box_row_new ();
          gtk_widget_add_css_class (row, "dossier-note-row");
          set_row_target (row, doc->id, annotation->start);
          gtk_widget_set_tooltip_text (row, _("Open in the reader"));
          box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
          gtk_widget_set_margin_start (box, 12);
          gtk_widget_set_margin_end (box, 12);
          gtk_widget_set_margin_top (box, 8);
          gtk_widget_set_margin_bottom (box, 8);

          quote_markup = g_markup_printf_escaped ("<i>“%s”</i>", annotation->quote != NULL ? annotation->quote : "");
          quote = gtk_label_new (NULL);
          gtk_label_set_markup (GTK_LABEL (quote), quote_markup);
          gtk_label_set_wrap (GTK_LABEL (quote), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (quote), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_lines (GTK_LABEL (quote), 4);
          gtk_label_set_ellipsize (GTK_LABEL (quote), PANGO_ELLIPSIZE_END);
          gtk_label_set_xalign (GTK_LABEL (quote), 0);
          gtk_widget_add_css_class (quote, "dossier-quote");
          gtk_widget_add_css_class (quote, dossier_color_to_string (annotation->color));
          gtk_box_append (GTK_BOX (box), quote);

          if (annotation->note != NULL && *annotation->note != '\0')
            {
              note = gtk_label_new (annotation->note);
              gtk_label_set_wrap (GTK_LABEL (note), TRUE);
              gtk_label_set_wrap_mode (GTK_LABEL (note), PANGO_WRAP_WORD_CHAR);
              gtk_label_set_xalign (GTK_LABEL (note), 0);
              gtk_box_append (GTK_BOX (box), note);
            }

          where = gtk_label_new (doc->title);
          gtk_label_set_xalign (GTK_LABEL (where), 0);
          gtk_label_set_ellipsize (GTK_LABEL (where), PANGO_ELLIPSIZE_END);
          gtk_widget_add_css_class (where, "caption");
          gtk_widget_add_css_class (where, "dim-label");
          gtk_box_append (GTK_BOX (box), where);

          gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
          gtk_list_box_append (self->notes_list, row);
        }
    }
}

static void
set_actions_enabled (DossierEntityPage *self,
                     gboolean           enabled)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entity-page.show-documents", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entity-page.more", enabled);
  gtk_widget_set_sensitive (GTK_WIDGET (self->corrections_button), enabled);
}

static void
refresh (DossierEntityPage *self)
{
  g_autoptr(DossierEntity) entity = NULL;
  g_autoptr(GMenuModel) menu = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mentions_text = NULL;
  g_autofree char *summary = NULL;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  reset_mentions (self);

  if (self->store == NULL || self->entity_id == 0)
    {
      gtk_label_set_text (self->name_label, "");
      gtk_label_set_text (self->summary_label, "");
      set_actions_enabled (self, FALSE);
      gtk_stack_set_visible_child_name (self->content_stack, "none");
      return;
    }

  entity = dossier_store_get_entity (self->store, self->entity_id, &error);
  if (entity == NULL)
    {
      gtk_label_set_text (self->name_label, _("Entity Not Found"));
      gtk_label_set_text (self->summary_label, "");
      set_actions_enabled (self, FALSE);
      gtk_stack_set_visible_child_name (self->content_stack, "missing");
      return;
    }

  self->scroll_value = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scrolled));

  gtk_label_set_text (self->name_label, entity->name);
  mentions_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u mention", "%u mentions", entity->mention_count),
                                   entity->mention_count);
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%s · %s in %u document", "%s · %s in %u documents",
                                          entity->document_count),
                             dossier_entity_type_label (entity->type), mentions_text,
                             entity->document_count);
  if (entity->hidden)
    {
      g_autofree char *with_hidden = g_strdup_printf (_("%s · hidden"), summary);
      gtk_label_set_text (self->summary_label, with_hidden);
    }
  else
    gtk_label_set_text (self->summary_label, summary);

  menu = dossier_entity_dialogs_build_menu (entity);
  gtk_menu_button_set_menu_model (self->corrections_button, menu);
  set_actions_enabled (self, TRUE);

  remove_children (GTK_WIDGET (self->mentions_box));
  self->ranges_by_document = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                    (GDestroyNotify) g_ptr_array_unref);
  self->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_document_free);

  self->mentions = dossier_store_list_entity_mentions (self->store, self->entity_id, &error);
  if (self->mentions == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not read the mentions: %s"), error->message);

      gtk_box_append (self->mentions_box, placeholder_label (message));
      gtk_widget_set_visible (self->more_button, FALSE);
    }
  else if (self->mentions->len == 0)
    {
      gtk_box_append (self->mentions_box, placeholder_label (_("No mentions left: every one was rejected or moved.")));
      gtk_widget_set_visible (self->more_button, FALSE);
    }
  else
    append_mentions (self);

  fill_documents (self);
  fill_cooccurring (self);
  fill_notes (self);

  gtk_stack_set_visible_child_name (self->content_stack, "entity");

  /* The rows were rebuilt: keep the reader where they were once laid out. */
  if (self->scroll_source == 0)
    self->scroll_source = g_idle_add_full (G_PRIORITY_LOW, restore_scroll_cb, self, NULL);
}

static gboolean
refresh_idle_cb (gpointer data)
{
  DossierEntityPage *self = data;

  self->refresh_source = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------ callbacks -- */

static void
on_store_changed_cb (DossierStore      *store,
                     const char        *what,
                     DossierEntityPage *self)
{
  /* A new document alone changes nothing here (it gets mentions through
   * "entities"), and an import emits "documents" for every one of them. */
  if (self->entity_id == 0 ||
      (g_strcmp0 (what, "entities") != 0 && g_strcmp0 (what, "annotations") != 0))
    return;
  /* Several changes in a row (a merge touches many rows) rebuild the page once. */
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refresh_idle_cb, self, NULL);
}

static void
on_mention_row_activated_cb (GtkListBox        *box,
                             GtkListBoxRow     *row,
                             DossierEntityPage *self)
{
  Target *target = g_object_get_data (G_OBJECT (row), "target");

  if (target != NULL)
    g_signal_emit (self, signals[OPEN_DOCUMENT], 0, target->document_id, target->offset);
}

static void
on_note_row_activated_cb (GtkListBox        *box,
                          GtkListBoxRow     *row,
                          DossierEntityPage *self)
{
  on_mention_row_activated_cb (box, row, self);
}

static void
on_cooccurring_row_activated_cb (GtkListBox        *box,
                                 GtkListBoxRow     *row,
                                 DossierEntityPage *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "entity-id");

  if (id != NULL)
    dossier_entity_page_set_entity (self, *id);
}

static void
on_entity_merged_cb (DossierEntityPage *self,
                     gint64             from_id,
                     gint64             into_id)
{
  /* The page follows its mentions to where they went. */
  if (from_id == self->entity_id)
    dossier_entity_page_set_entity (self, into_id);
}

/* -------------------------------------------------------------- actions -- */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  g_signal_emit (widget, signals[BACK], 0);
}

static void
show_documents_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  DossierEntityPage *self = DOSSIER_ENTITY_PAGE (widget);

  if (self->entity_id != 0)
    g_signal_emit (self, signals[SHOW_DOCUMENTS], 0, self->entity_id);
}

static void
more_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DossierEntityPage *self = DOSSIER_ENTITY_PAGE (widget);

  /* Appends: the rows already shown stay as they are. */
  self->mention_limit += MENTION_STEP;
  if (self->mentions != NULL)
    {
      append_mentions (self);
      fill_notes (self);
    }
}

static void
mention_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DossierEntityPage *self = DOSSIER_ENTITY_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (g_str_equal (action_name, "mention.open"))
    {
      gint64 document_id;
      guint32 offset;

      g_variant_get (param, "(xu)", &document_id, &offset);
      g_signal_emit (self, signals[OPEN_DOCUMENT], 0, document_id, (guint) offset);
    }
  else if (g_str_equal (action_name, "mention.reject"))
    {
      if (!dossier_store_reject_mention (self->store, g_variant_get_int64 (param), &error))
        dossier_entity_dialogs_report_error (widget, _("Could Not Reject the Mention"), error);
    }
  else if (g_str_equal (action_name, "mention.split"))
    {
      if (dossier_store_split_mention (self->store, g_variant_get_int64 (param), &error) <= 0)
        {
          if (error == NULL)
            g_set_error_literal (&error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_FAILED,
                                 _("The library did not say why"));
          dossier_entity_dialogs_report_error (widget, _("Could Not Split Off the Mention"), error);
        }
    }
  else
    g_assert_not_reached ();
}

/* ------------------------------------------------------------ overrides -- */

static void
dossier_entity_page_dispose (GObject *object)
{
  DossierEntityPage *self = (DossierEntityPage *) object;
  GtkWidget *child;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->scroll_source, g_source_remove);
  reset_mentions (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_ENTITY_PAGE);
  /* The template's unnamed root box is not cleared by dispose_template (GTK 4.8). */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (dossier_entity_page_parent_class)->dispose (object);
}

static void
set_store (DossierEntityPage *self,
           DossierStore      *store)
{
  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_store_changed_cb, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, 0);

  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

static void
dossier_entity_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DossierEntityPage *self = DOSSIER_ENTITY_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_ENTITY_ID:
      g_value_set_int64 (value, self->entity_id);
      break;
    case PROP_SHOW_BACK_BUTTON:
      g_value_set_boolean (value, gtk_widget_get_visible (self->back_button));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_entity_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DossierEntityPage *self = DOSSIER_ENTITY_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      set_store (self, g_value_get_object (value));
      break;
    case PROP_ENTITY_ID:
      dossier_entity_page_set_entity (self, g_value_get_int64 (value));
      break;
    case PROP_SHOW_BACK_BUTTON:
      dossier_entity_page_set_show_back_button (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_entity_page_class_init (DossierEntityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_entity_page_dispose;
  object_class->get_property = dossier_entity_page_get_property;
  object_class->set_property = dossier_entity_page_set_property;

  /* Writable after construction: the page is also built from the panel's template. */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DOSSIER_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENTITY_ID] =
    g_param_spec_int64 ("entity-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_BACK_BUTTON] =
    g_param_spec_boolean ("show-back-button", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SHOW_DOCUMENTS] =
    g_signal_new ("show-documents", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[OPEN_DOCUMENT] =
    g_signal_new ("open-document", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_UINT);
  signals[BACK] =
    g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Emitted by the merge chooser when it merged this page's entity (see dossier-entity-dialogs.c). */
  signals[ENTITY_MERGED] =
    g_signal_new_class_handler ("entity-merged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (on_entity_merged_cb), NULL, NULL, NULL,
                                G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dossier/Dossier/ui/dossier-entity-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierEntityPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, DossierEntityPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, DossierEntityPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DossierEntityPage, corrections_button);
  gtk_widget_class_bind_template_child (widget_class, DossierEntityPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierEntityPage, scrolled);
  gtk_widget_class_bind_template_child (widget_class, DossierEntityPage, mentions_box);
  gtk_widget_class_bind_template_child (widget_class, DossierEntityPage, more_button);
  gtk_widget_class_bind_template_child (widget_class, DossierEntityPage, documents_list);
  gtk_widget_class_bind_template_child (widget_class, DossierEntityPage, cooccurring_list);
  gtk_widget_class_bind_template_child (widget_class, DossierEntityPage, notes_list);
  gtk_widget_class_bind_template_callback (widget_class, on_cooccurring_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_note_row_activated_cb);

  dossier_entity_dialogs_install_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "entity-page.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "entity-page.show-documents", NULL, show_documents_action);
  gtk_widget_class_install_action (widget_class, "entity-page.more", NULL, more_action);
  gtk_widget_class_install_action (widget_class, "mention.open", "(xu)", mention_action);
  gtk_widget_class_install_action (widget_class, "mention.reject", "x", mention_action);
  gtk_widget_class_install_action (widget_class, "mention.split", "x", mention_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "entity-page.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "entity-page.back", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dossier-entity-page");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
dossier_entity_page_init (DossierEntityPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->mention_limit = MENTION_STEP;
  gtk_list_box_set_placeholder (self->cooccurring_list,
                                placeholder_label (_("It appears with no other entity.")));
  gtk_list_box_set_placeholder (self->notes_list,
                                placeholder_label (_("None of your highlights covers it yet.")));
  set_actions_enabled (self, FALSE);
  /* Escape and Alt+Left only mean "back" where there is a back button. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entity-page.back", FALSE);
}

/* ----------------------------------------------------------- public API -- */

GtkWidget *
dossier_entity_page_new (DossierStore *store)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  return g_object_new (DOSSIER_TYPE_ENTITY_PAGE, "store", store, NULL);
}

DossierStore *
dossier_entity_page_get_store (DossierEntityPage *self)
{
  g_return_val_if_fail (DOSSIER_IS_ENTITY_PAGE (self), NULL);

  return self->store;
}

void
dossier_entity_page_set_entity (DossierEntityPage *self,
                                gint64             entity_id)
{
  g_return_if_fail (DOSSIER_IS_ENTITY_PAGE (self));
  g_return_if_fail (entity_id >= 0);

  if (self->entity_id != entity_id)
    {
      self->entity_id = entity_id;
      self->mention_limit = MENTION_STEP;
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTITY_ID]);
    }

  /* Always re-read: showing a page again must show today's mentions. */
  refresh (self);
  if (entity_id != 0)
    self->scroll_value = 0;
}

gint64
dossier_entity_page_get_entity (DossierEntityPage *self)
{
  g_return_val_if_fail (DOSSIER_IS_ENTITY_PAGE (self), 0);

  return self->entity_id;
}

void
dossier_entity_page_set_show_back_button (DossierEntityPage *self,
                                          gboolean           show)
{
  g_return_if_fail (DOSSIER_IS_ENTITY_PAGE (self));

  show = !!show;
  if (gtk_widget_get_visible (self->back_button) == show)
    return;

  gtk_widget_set_visible (self->back_button, show);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entity-page.back", show);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_BACK_BUTTON]);
}

void
dossier_entity_page_reload (DossierEntityPage *self)
{
  g_return_if_fail (DOSSIER_IS_ENTITY_PAGE (self));

  refresh (self);
}
