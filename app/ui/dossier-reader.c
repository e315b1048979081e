/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-reader.c: one document's text with its highlights and entity mentions.
 *
 * Owns the text buffer, the tags drawn on it and the highlight popover, and
 * commits highlight changes to the store as they happen. The buffer holds the
 * document text and nothing else, so buffer offsets are stored offsets: the
 * title and byline live in a widget laid over the top margin. It must not
 * read other documents or the library list. */
#define G_LOG_DOMAIN "dossier-reader"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "dossier-reader.h"
#include "dossier-highlight-popover.h"

#define BASE_FONT_PT 12.5
#define MAX_FIND_MATCHES 10000
#define SAVE_POSITION_DELAY_MS 1500

/* ------------------------------------------------------------ text view -- */

/* A GtkTextView whose top margin makes room for the title block. The block
 * is not in the buffer (offsets must stay the stored ones) and not a text
 * view overlay (GTK 4.8 neither scrolls those reliably nor lets them be wider
 * than the view's minimum): it lives in a GtkFixed laid over the scrolled
 * window and is moved with the text. */
#define DOSSIER_TYPE_READER_VIEW (dossier_reader_view_get_type ())
G_DECLARE_FINAL_TYPE (DossierReaderView, dossier_reader_view, DOSSIER, READER_VIEW, GtkTextView)

struct _DossierReaderView
{
  GtkTextView  parent_instance;

  /* borrowed */
  GtkWidget   *reader;
  GtkWidget   *header;
  GtkWidget   *header_layer;
  GtkWidget   *popover;
  int          header_width;
  int          header_height;
  int          wanted_width;
  int          wanted_height;
  guint        apply_header_id;
};

G_DEFINE_FINAL_TYPE (DossierReaderView, dossier_reader_view, GTK_TYPE_TEXT_VIEW)

#define HEADER_GAP 28

static void dossier_reader_view_allocated (GtkWidget *reader);

/* Puts the title block where the top margin of the text is now on screen. */
static void
dossier_reader_view_place_header (DossierReaderView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self));
  graphene_point_t origin;

  if (self->header == NULL || self->header_layer == NULL || vadjustment == NULL ||
      !gtk_widget_compute_point (GTK_WIDGET (self), self->header_layer,
                                 &GRAPHENE_POINT_INIT (gtk_text_view_get_left_margin (view), 0),
                                 &origin))
    return;
  /* the adjustment counts from the top of the top margin, where the block sits */
  gtk_fixed_move (GTK_FIXED (self->header_layer), self->header,
                  origin.x, origin.y + HEADER_GAP - gtk_adjustment_get_value (vadjustment));
}

/* The title block as wide as the text, and the text below it: the top
 * margin grows with a title that wraps onto more lines. */
static gboolean
dossier_reader_view_apply_header (gpointer user_data)
{
  DossierReaderView *self = user_data;
  GtkTextView *view = GTK_TEXT_VIEW (self);

  self->apply_header_id = 0;
  if (self->header == NULL)
    return G_SOURCE_REMOVE;
  if (self->wanted_width != self->header_width)
    {
      self->header_width = self->wanted_width;
      gtk_widget_set_size_request (self->header, self->wanted_width, -1);
    }
  if (self->wanted_height != self->header_height)
    {
      int h = self->wanted_height;

      self->header_height = h;
      gtk_text_view_set_top_margin (view, HEADER_GAP + h + (h > 0 ? HEADER_GAP : 0));
    }
  dossier_reader_view_place_header (self);
  return G_SOURCE_REMOVE;
}

static void
dossier_reader_view_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  DossierReaderView *self = DOSSIER_READER_VIEW (widget);
  GtkTextView *view = GTK_TEXT_VIEW (widget);

  if (self->header != NULL)
    {
      int left = gtk_text_view_get_left_margin (view);
      int right = gtk_text_view_get_right_margin (view);
      int avail = MAX (width - left - right, 1);
      int min_height = 0;

      if (gtk_widget_get_visible (self->header))
        gtk_widget_measure (self->header, GTK_ORIENTATION_VERTICAL, avail,
                            &min_height, NULL, NULL, NULL);
      /* Resizing the block or the margin now would queue a resize of widgets
       * this frame has already laid out: do it right after. */
      self->wanted_width = avail;
      self->wanted_height = min_height;
    }

  GTK_WIDGET_CLASS (dossier_reader_view_parent_class)->size_allocate (widget, width, height, baseline);

  /* where the block goes depends on this allocation: placed right after it */
  if (self->header != NULL && self->apply_header_id == 0)
    self->apply_header_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, dossier_reader_view_apply_header,
                                             self, NULL);
  if (self->popover != NULL && gtk_widget_get_visible (self->popover))
    gtk_popover_present (GTK_POPOVER (self->popover));
  if (self->reader != NULL)
    dossier_reader_view_allocated (self->reader);
}

static void
dossier_reader_view_dispose (GObject *object)
{
  DossierReaderView *self = DOSSIER_READER_VIEW (object);

  g_clear_handle_id (&self->apply_header_id, g_source_remove);
  if (self->popover != NULL)
    {
      gtk_widget_unparent (self->popover);
      self->popover = NULL;
    }
  self->header = NULL;
  self->header_layer = NULL;
  self->reader = NULL;

  G_OBJECT_CLASS (dossier_reader_view_parent_class)->dispose (object);
}

static void
dossier_reader_view_class_init (DossierReaderViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dossier_reader_view_dispose;
  GTK_WIDGET_CLASS (klass)->size_allocate = dossier_reader_view_size_allocate;
}

static void
dossier_reader_view_init (DossierReaderView *self)
{
  self->header_width = -1;
  self->header_height = -1;
}

/* --------------------------------------------------------------- reader -- */

struct _DossierReader
{
  GtkWidget          parent_instance;

  /* template widgets */
  GtkSearchBar      *find_bar;
  GtkSearchEntry    *find_entry;
  GtkLabel          *find_count;
  GtkScrolledWindow *scroller;
  AdwClampScrollable *clamp;
  GtkFixed          *header_layer;

  /* owned by the widget tree */
  GtkTextView       *text_view;
  GtkTextBuffer     *buffer;
  GtkWidget         *header;
  GtkLabel          *title_label;
  GtkLabel          *byline_label;
  DossierHighlightPopover *popover;
  GtkCssProvider    *zoom_css;

  /* owned */
  DossierStore      *store;
  DossierDocument   *document;
  GPtrArray         *annotations;     /* DossierAnnotation*, by start */
  GPtrArray         *mentions;        /* DossierMention*, by start */
  GArray            *find_matches;    /* guint pairs: start, end */
  GtkTextTag        *color_tags[DOSSIER_N_COLORS];
  GtkTextTag        *note_tag;
  GtkTextTag        *mention_tags[DOSSIER_N_ENTITY_TYPES];
  GtkTextTag        *marked_tag;
  GtkTextTag        *find_tag;
  GtkTextTag        *find_current_tag;
  gint64             marked_entity_id;
  guint              find_current;    /* index into find_matches */
  guint              save_position_id;
  double             zoom;
  double             release_x;
  double             release_y;
  guint              release_idle_id;
  /* a scroll asked for before the view had a size: done once it has one */
  int                pending_scroll;
  double             pending_yalign;
  guint              pending_scroll_id;
  guint              scroll_check_id;
  guint              scroll_retries;
  guint              scroll_target;
  /* what the open popover edits: a stored highlight, or the pending range */
  gint64             popover_annotation_id;
  guint              pending_start;
  guint              pending_end;
};

enum {
  PROP_0,
  PROP_ZOOM,
  N_PROPS
};

enum {
  ANNOTATIONS_CHANGED,
  ANNOTATION_REMOVED,
  MENTIONS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DossierReader, dossier_reader, GTK_TYPE_WIDGET)

/* -------------------------------------------------------------- helpers -- */

static const char *highlight_colors[DOSSIER_N_COLORS] = {
  "rgba(248,228,92,0.55)",   /* yellow */
  "rgba(143,240,164,0.55)",  /* green */
  "rgba(153,193,241,0.6)",   /* blue */
  "rgba(255,163,201,0.55)",  /* pink */
  "rgba(220,138,221,0.5)",   /* purple */
  "rgba(255,190,111,0.6)",   /* orange */
};

static const char *mention_colors[DOSSIER_N_ENTITY_TYPES] = {
  "rgba(53,132,228,0.55)",   /* person */
  "rgba(145,65,172,0.55)",   /* organization */
  "rgba(46,194,126,0.6)",    /* place */
  "rgba(119,118,123,0.5)",   /* misc */
  "rgba(230,97,0,0.55)",     /* date */
};

static void
get_iters (DossierReader *self,
           guint          start,
           guint          end,
           GtkTextIter   *start_iter,
           GtkTextIter   *end_iter)
{
  gtk_text_buffer_get_iter_at_offset (self->buffer, start_iter, start);
  gtk_text_buffer_get_iter_at_offset (self->buffer, end_iter, end);
}

static void
apply_annotation_tags (DossierReader           *self,
                       const DossierAnnotation *annotation)
{
  GtkTextIter start, end;

  if (annotation->orphaned || annotation->color >= DOSSIER_N_COLORS)
    return;
  get_iters (self, annotation->start, annotation->end, &start, &end);
  gtk_text_buffer_apply_tag (self->buffer, self->color_tags[annotation->color], &start, &end);
  if (annotation->note != NULL && annotation->note[0] != '\0')
    gtk_text_buffer_apply_tag (self->buffer, self->note_tag, &start, &end);
}

/* Highlights may overlap: clear a range, then draw again every highlight touching it. */
static void
redraw_highlights (DossierReader *self,
                   guint          start,
                   guint          end)
{
  GtkTextIter start_iter, end_iter;

  get_iters (self, start, end, &start_iter, &end_iter);
  for (guint i = 0; i < DOSSIER_N_COLORS; i++)
    gtk_text_buffer_remove_tag (self->buffer, self->color_tags[i], &start_iter, &end_iter);
  gtk_text_buffer_remove_tag (self->buffer, self->note_tag, &start_iter, &end_iter);

  for (guint i = 0; i < self->annotations->len; i++)
    {
      const DossierAnnotation *annotation = g_ptr_array_index (self->annotations, i);

      if (annotation->start < end && annotation->end > start)
        apply_annotation_tags (self, annotation);
    }
}

static DossierAnnotation *
find_annotation (DossierReader *self,
                 gint64         id,
                 guint         *out_index)
{
  for (guint i = 0; i < self->annotations->len; i++)
    {
      DossierAnnotation *annotation = g_ptr_array_index (self->annotations, i);

      if (annotation->id == id)
        {
          if (out_index != NULL)
            *out_index = i;
          return annotation;
        }
    }
  return NULL;
}

/* The innermost (shortest) highlight covering an offset. */
static DossierAnnotation *
annotation_at_offset (DossierReader *self,
                      guint          offset)
{
  DossierAnnotation *best = NULL;

  for (guint i = 0; i < self->annotations->len; i++)
    {
      DossierAnnotation *annotation = g_ptr_array_index (self->annotations, i);

      if (annotation->orphaned || offset < annotation->start || offset >= annotation->end)
        continue;
      if (best == NULL || annotation->end - annotation->start < best->end - best->start)
        best = annotation;
    }
  return best;
}

static int
compare_annotations (gconstpointer a,
                     gconstpointer b)
{
  const DossierAnnotation *x = *(DossierAnnotation * const *) a;
  const DossierAnnotation *y = *(DossierAnnotation * const *) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->id < y->id ? -1 : (x->id > y->id);
}

static void
update_zoom_css (DossierReader *self)
{
  g_autofree char *css = NULL;
  char size[G_ASCII_DTOSTR_BUF_SIZE];
  char title_size[G_ASCII_DTOSTR_BUF_SIZE];
  char byline_size[G_ASCII_DTOSTR_BUF_SIZE];
  double pixels = BASE_FONT_PT * self->zoom * 96.0 / 72.0;

  /* the title block is outside the text view: it scales with the text */
  g_ascii_formatd (size, sizeof size, "%.2f", BASE_FONT_PT * self->zoom);
  g_ascii_formatd (title_size, sizeof title_size, "%.2f", BASE_FONT_PT * 1.9 * self->zoom);
  g_ascii_formatd (byline_size, sizeof byline_size, "%.2f", BASE_FONT_PT * 0.9 * self->zoom);
  css = g_strdup_printf ("textview.reader-text { font-size: %spt; }\n"
                         "label.reader-title { font-size: %spt; }\n"
                         "label.reader-byline { font-size: %spt; }\n",
                         size, title_size, byline_size);
  gtk_css_provider_load_from_data (self->zoom_css, css, -1);

  /* generous leading: about 1.6 lines */
  gtk_text_view_set_pixels_inside_wrap (self->text_view, (int) (pixels * 0.55));
  gtk_text_view_set_pixels_above_lines (self->text_view, (int) (pixels * 0.55));
}

static char *
format_byline (const DossierDocument *doc)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  if (doc->author != NULL && doc->author[0] != '\0')
    g_ptr_array_add (parts, g_strdup (doc->author));
  if (doc->source != NULL && doc->source[0] != '\0')
    g_ptr_array_add (parts, g_strdup (doc->source));
  if (doc->published > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (doc->published);

      if (dt != NULL)
        /* Translators: the date in the reader's byline; see strftime(3) */
        g_ptr_array_add (parts, g_date_time_format (dt, _("%-d %B %Y")));
    }
  if (doc->word_count > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u word", "%u words", doc->word_count),
                                             doc->word_count));
  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv (" · ", (char **) parts->pdata);
  g_ptr_array_unref (parts);

  return g_steal_pointer (&joined);
}

static gboolean on_scroll_check_cb (gpointer user_data);

static void
scroll_to_offset (DossierReader *self,
                  guint          offset,
                  double         yalign)
{
  GtkTextIter iter;
  GtkTextMark *mark;
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->text_view));

  /* GtkTextView loses a scroll asked for before its first allocation (the
   * reader is hidden behind the welcome page, or not mapped yet) */
  if (vadjustment == NULL || gtk_adjustment_get_page_size (vadjustment) <= 0)
    {
      self->pending_scroll = offset;
      self->pending_yalign = yalign;
      return;
    }
  self->pending_scroll = -1;

  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, offset);
  mark = gtk_text_buffer_get_mark (self->buffer, "dossier-scroll");
  if (mark == NULL)
    mark = gtk_text_buffer_create_mark (self->buffer, "dossier-scroll", &iter, TRUE);
  else
    gtk_text_buffer_move_mark (self->buffer, mark, &iter);
  /* scroll_to_mark waits for the layout of that line, scroll_to_iter does not */
  gtk_text_view_scroll_to_mark (self->text_view, mark, 0.0, TRUE, 0.0, yalign);
  self->pending_yalign = yalign;
  self->scroll_target = offset;
  self->scroll_retries = 0;
  g_clear_handle_id (&self->scroll_check_id, g_source_remove);
  self->scroll_check_id = g_timeout_add (150, on_scroll_check_cb, self);
}

/* GtkTextView can drop a scroll when the layout changes under it (a new
 * text, the top margin growing with the title): look again, and ask again. */
static gboolean
on_scroll_check_cb (gpointer user_data)
{
  DossierReader *self = user_data;
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->text_view));
  GdkRectangle visible, location;
  GtkTextIter iter;

  self->scroll_check_id = 0;
  if (self->document == NULL || vadjustment == NULL)
    return G_SOURCE_REMOVE;
  gtk_text_view_get_visible_rect (self->text_view, &visible);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, self->scroll_target);
  gtk_text_view_get_iter_location (self->text_view, &iter, &location);
  if ((location.y < visible.y || location.y >= visible.y + visible.height) && self->scroll_retries++ < 5)
    {
      GtkTextMark *mark = gtk_text_buffer_get_mark (self->buffer, "dossier-scroll");

      if (mark != NULL)
        gtk_text_view_scroll_to_mark (self->text_view, mark, 0.0, TRUE, 0.0, self->pending_yalign);
      self->scroll_check_id = g_timeout_add (150, on_scroll_check_cb, self);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
on_pending_scroll_cb (gpointer user_data)
{
  DossierReader *self = user_data;

  self->pending_scroll_id = 0;
  if (self->pending_scroll >= 0 && self->document != NULL)
    {
      scroll_to_offset (self, self->pending_scroll, self->pending_yalign);
      /* the position was set for the user, not by the user */
      g_clear_handle_id (&self->save_position_id, g_source_remove);
    }
  return G_SOURCE_REMOVE;
}

static void
dossier_reader_view_allocated (GtkWidget *reader)
{
  DossierReader *self = DOSSIER_READER (reader);

  if (self->pending_scroll >= 0 && self->pending_scroll_id == 0)
    self->pending_scroll_id = g_idle_add (on_pending_scroll_cb, self);
}

static guint
first_visible_offset (DossierReader *self)
{
  GdkRectangle rect;
  GtkTextIter iter;

  gtk_text_view_get_visible_rect (self->text_view, &rect);
  /* buffer y 0 is the first line of text; the top margin (under the title
   * block) lies above it, at negative y */
  gtk_text_view_get_iter_at_location (self->text_view, &iter, rect.x, MAX (rect.y, 0));
  return gtk_text_iter_get_offset (&iter);
}

static GtkTextIter *
selection_or_null (DossierReader *self,
                   GtkTextIter   *start,
                   GtkTextIter   *end)
{
  if (!gtk_text_buffer_get_selection_bounds (self->buffer, start, end))
    return NULL;
  return start;
}

/* Points the popover at the end of a range, in text view coordinates. */
static void
point_popover_at (DossierReader *self,
                  guint          start,
                  guint          end)
{
  GtkTextIter iter;
  GdkRectangle rect, start_rect;
  int x, y;

  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, start);
  gtk_text_view_get_iter_location (self->text_view, &iter, &start_rect);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, end);
  gtk_text_view_get_iter_location (self->text_view, &iter, &rect);
  /* a range across lines: point at the start of its last line */
  if (rect.y != start_rect.y)
    start_rect = rect;
  gtk_text_view_buffer_to_window_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         (start_rect.x + rect.x) / 2, rect.y, &x, &y);
  rect.x = x;
  rect.y = y;
  rect.width = 1;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &rect);
}

static void
show_popover_for_selection (DossierReader *self,
                            guint          start,
                            guint          end)
{
  self->popover_annotation_id = 0;
  self->pending_start = start;
  self->pending_end = end;
  dossier_highlight_popover_setup (self->popover, FALSE, DOSSIER_COLOR_YELLOW, "");
  point_popover_at (self, start, end);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
show_popover_for_annotation (DossierReader     *self,
                             DossierAnnotation *annotation)
{
  self->popover_annotation_id = annotation->id;
  dossier_highlight_popover_setup (self->popover, TRUE, annotation->color, annotation->note);
  point_popover_at (self, annotation->start, annotation->end);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
show_error (DossierReader *self,
            const GError  *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  g_warning ("%s", error->message);
  if (!GTK_IS_WINDOW (root))
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Could Not Save the Change"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
clear_find (DossierReader *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->find_tag, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->find_current_tag, &start, &end);
  g_array_set_size (self->find_matches, 0);
  self->find_current = 0;
}

static void
update_find_label (DossierReader *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->find_entry));
  g_autofree char *label = NULL;

  if (text[0] == '\0')
    label = g_strdup ("");
  else if (self->find_matches->len == 0)
    label = g_strdup (_("No matches"));
  else
    /* Translators: the current match and the number of matches, "3 of 12" */
    label = g_strdup_printf (_("%u of %u"), self->find_current + 1, self->find_matches->len / 2);
  gtk_label_set_label (self->find_count, label);
}

static void
select_find_match (DossierReader *self,
                   guint          index)
{
  GtkTextIter start, end;
  guint s, e;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->find_current_tag, &start, &end);
  if (self->find_matches->len == 0)
    return;

  self->find_current = index;
  s = g_array_index (self->find_matches, guint, index * 2);
  e = g_array_index (self->find_matches, guint, index * 2 + 1);
  get_iters (self, s, e, &start, &end);
  gtk_text_buffer_apply_tag (self->buffer, self->find_current_tag, &start, &end);
  gtk_text_buffer_place_cursor (self->buffer, &start);
  scroll_to_offset (self, s, 0.3);
}

static void
apply_mention_tags (DossierReader *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  for (guint i = 0; i < DOSSIER_N_ENTITY_TYPES; i++)
    gtk_text_buffer_remove_tag (self->buffer, self->mention_tags[i], &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->marked_tag, &start, &end);

  for (guint i = 0; i < self->mentions->len; i++)
    {
      const DossierMention *mention = g_ptr_array_index (self->mentions, i);

      if (mention->rejected || mention->type >= DOSSIER_N_ENTITY_TYPES)
        continue;
      get_iters (self, mention->start, mention->end, &start, &end);
      gtk_text_buffer_apply_tag (self->buffer, self->mention_tags[mention->type], &start, &end);
      if (self->marked_entity_id != 0 && mention->entity_id == self->marked_entity_id)
        gtk_text_buffer_apply_tag (self->buffer, self->marked_tag, &start, &end);
    }
}

static void
save_position_now (DossierReader *self)
{
  g_autoptr(GError) error = NULL;
  guint pos;

  g_clear_handle_id (&self->save_position_id, g_source_remove);
  if (self->document == NULL || self->store == NULL ||
      !gtk_widget_get_mapped (GTK_WIDGET (self->text_view)))
    return;

  pos = first_visible_offset (self);
  if (pos == self->document->read_pos)
    return;
  if (!dossier_store_set_read_pos (self->store, self->document->id, pos, &error))
    g_debug ("Could not save the reading position: %s", error->message);
  else
    self->document->read_pos = pos;
}

/* ------------------------------------------------------------ callbacks -- */

static gboolean
on_save_position_timeout_cb (gpointer user_data)
{
  DossierReader *self = user_data;

  self->save_position_id = 0;
  save_position_now (self);
  return G_SOURCE_REMOVE;
}

static void
on_scrolled_cb (GtkAdjustment *adjustment,
                DossierReader *self)
{
  dossier_reader_view_place_header (DOSSIER_READER_VIEW (self->text_view));
  if (self->document == NULL)
    return;
  g_clear_handle_id (&self->save_position_id, g_source_remove);
  self->save_position_id = g_timeout_add (SAVE_POSITION_DELAY_MS, on_save_position_timeout_cb, self);
}

static void
on_popover_color_chosen_cb (DossierHighlightPopover *popover,
                            guint                    color,
                            DossierReader           *self)
{
  g_autoptr(GError) error = NULL;

  if (self->popover_annotation_id == 0)
    {
      gint64 id = dossier_reader_add_highlight (self, self->pending_start, self->pending_end, color,
                                                dossier_highlight_popover_get_note (popover), &error);
      if (id == 0)
        {
          show_error (self, error);
          return;
        }
      self->popover_annotation_id = id;
    }
  else
    {
      DossierAnnotation *annotation = find_annotation (self, self->popover_annotation_id, NULL);

      if (annotation != NULL &&
          !dossier_reader_update_highlight (self, annotation->id, color, annotation->note, &error))
        show_error (self, error);
    }
}

static void
on_popover_note_changed_cb (DossierHighlightPopover *popover,
                            const char              *note,
                            DossierReader           *self)
{
  g_autoptr(GError) error = NULL;
  DossierAnnotation *annotation;

  if (self->popover_annotation_id == 0)
    {
      gint64 id;

      /* a note without a colour chosen: a yellow highlight carries it */
      if (note == NULL || note[0] == '\0')
        return;
      id = dossier_reader_add_highlight (self, self->pending_start, self->pending_end,
                                         DOSSIER_COLOR_YELLOW, note, &error);
      if (id == 0)
        show_error (self, error);
      else
        self->popover_annotation_id = id;
      return;
    }

  annotation = find_annotation (self, self->popover_annotation_id, NULL);
  if (annotation != NULL &&
      !dossier_reader_update_highlight (self, annotation->id, annotation->color, note, &error))
    show_error (self, error);
}

static void
on_popover_delete_requested_cb (DossierHighlightPopover *popover,
                                DossierReader           *self)
{
  g_autoptr(GError) error = NULL;

  if (self->popover_annotation_id != 0 &&
      !dossier_reader_remove_highlight (self, self->popover_annotation_id, &error))
    show_error (self, error);
  self->popover_annotation_id = 0;
}

static gboolean
on_popover_key_pressed_cb (GtkEventControllerKey *controller,
                           guint                  keyval,
                           guint                  keycode,
                           GdkModifierType        state,
                           DossierReader         *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self->popover)));

  /* digits belong to the note while it is being typed */
  if (focus != NULL && GTK_IS_TEXT (focus))
    return FALSE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0 || keyval < GDK_KEY_1 || keyval > GDK_KEY_6)
    return FALSE;

  on_popover_color_chosen_cb (self->popover, keyval - GDK_KEY_1, self);
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  return TRUE;
}

static gboolean
on_release_idle_cb (gpointer user_data)
{
  DossierReader *self = user_data;
  GtkTextIter start, end, iter;
  int bx, by;
  DossierAnnotation *annotation;

  self->release_idle_id = 0;
  if (self->document == NULL)
    return G_SOURCE_REMOVE;

  if (selection_or_null (self, &start, &end) != NULL)
    {
      show_popover_for_selection (self, gtk_text_iter_get_offset (&start), gtk_text_iter_get_offset (&end));
      return G_SOURCE_REMOVE;
    }

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         (int) self->release_x, (int) self->release_y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (self->text_view, &iter, bx, by))
    return G_SOURCE_REMOVE;
  annotation = annotation_at_offset (self, gtk_text_iter_get_offset (&iter));
  if (annotation != NULL)
    show_popover_for_annotation (self, annotation);

  return G_SOURCE_REMOVE;
}

static gboolean
on_text_view_event_cb (GtkEventControllerLegacy *controller,
                       GdkEvent                 *event,
                       DossierReader            *self)
{
  /* Watch the release only: the text view itself makes the selection, and
   * the popover is shown once it has. */
  if (gdk_event_get_event_type (event) == GDK_BUTTON_RELEASE &&
      gdk_button_event_get_button (event) == GDK_BUTTON_PRIMARY)
    {
      double x, y;
      GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self->text_view));
      graphene_point_t in, out;
      double nx, ny;

      gdk_event_get_position (event, &x, &y);
      gtk_native_get_surface_transform (native, &nx, &ny);
      in = GRAPHENE_POINT_INIT ((float) (x - nx), (float) (y - ny));
      if (gtk_widget_compute_point (GTK_WIDGET (native), GTK_WIDGET (self->text_view), &in, &out))
        {
          self->release_x = out.x;
          self->release_y = out.y;
          g_clear_handle_id (&self->release_idle_id, g_source_remove);
          self->release_idle_id = g_idle_add (on_release_idle_cb, self);
        }
    }
  return GDK_EVENT_PROPAGATE;
}

static void
on_find_changed_cb (GtkSearchEntry *entry,
                    DossierReader  *self)
{
  dossier_reader_find (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_find_activate_cb (GtkSearchEntry *entry,
                     DossierReader  *self)
{
  dossier_reader_find_next (self, FALSE);
}

static void
on_find_next_match_cb (GtkSearchEntry *entry,
                       DossierReader  *self)
{
  dossier_reader_find_next (self, FALSE);
}

static void
on_find_previous_match_cb (GtkSearchEntry *entry,
                           DossierReader  *self)
{
  dossier_reader_find_next (self, TRUE);
}

static void
on_find_stop_cb (GtkSearchEntry *entry,
                 DossierReader  *self)
{
  gtk_search_bar_set_search_mode (self->find_bar, FALSE);
  clear_find (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
on_find_mode_changed_cb (GtkSearchBar  *bar,
                         GParamSpec    *pspec,
                         DossierReader *self)
{
  if (!gtk_search_bar_get_search_mode (bar))
    clear_find (self);
}

/* --------------------------------------------------------------- actions -- */

static void
reader_highlight_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  DossierReader *self = DOSSIER_READER (widget);
  GtkTextIter start, end;
  g_autoptr(GError) error = NULL;
  int color = g_variant_get_int32 (param);

  if (color < 0 || color >= DOSSIER_N_COLORS || self->document == NULL)
    return;

  if (selection_or_null (self, &start, &end) != NULL)
    {
      gint64 id = dossier_reader_add_highlight (self, gtk_text_iter_get_offset (&start),
                                                gtk_text_iter_get_offset (&end), color, "", &error);
      if (id == 0)
        show_error (self, error);
      else
        /* the highlight is visible only once the selection is gone */
        gtk_text_buffer_place_cursor (self->buffer, &end);
      return;
    }

  /* no selection: recolour the highlight under the cursor */
  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, gtk_text_buffer_get_insert (self->buffer));
  {
    DossierAnnotation *annotation = annotation_at_offset (self, gtk_text_iter_get_offset (&start));

    if (annotation != NULL &&
        !dossier_reader_update_highlight (self, annotation->id, color, annotation->note, &error))
      show_error (self, error);
  }
}

static gboolean
reader_highlight_key_cb (GtkWidget *widget,
                         GVariant  *args,
                         gpointer   user_data)
{
  DossierReader *self = DOSSIER_READER (widget);
  GtkTextIter start, end;
  GtkTextIter cursor;

  if (self->document == NULL)
    return FALSE;
  gtk_text_buffer_get_iter_at_mark (self->buffer, &cursor, gtk_text_buffer_get_insert (self->buffer));
  /* digits mean a colour only over a selection or a highlight */
  if (selection_or_null (self, &start, &end) == NULL &&
      annotation_at_offset (self, gtk_text_iter_get_offset (&cursor)) == NULL)
    return FALSE;

  reader_highlight_action (widget, "reader.highlight", args);
  return TRUE;
}

static void
reader_note_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DossierReader *self = DOSSIER_READER (widget);

  if (dossier_reader_open_highlight_popover (self))
    dossier_highlight_popover_focus_note (self->popover);
}

static void
reader_find_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  dossier_reader_start_find (DOSSIER_READER (widget));
}

static void
reader_find_next_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  dossier_reader_find_next (DOSSIER_READER (widget), g_str_equal (action_name, "reader.find-previous"));
}

static void
reader_mention_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  if (g_str_equal (action_name, "reader.previous-mention"))
    dossier_reader_previous_mention (DOSSIER_READER (widget));
  else
    dossier_reader_next_mention (DOSSIER_READER (widget));
}

typedef struct
{
  DossierReader *reader;
  GtkEntry      *name_entry;
  GtkDropDown   *type_dropdown;
  gint64         document_id;
  guint          start;
  guint          end;
} MarkEntityData;

static void
mark_entity_data_free (gpointer  user_data,
                       GClosure *closure)
{
  MarkEntityData *data = user_data;

  g_object_unref (data->reader);
  g_free (data);
}

static void
on_mark_entity_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            MarkEntityData   *data)
{
  DossierReader *self = data->reader;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  guint type;

  if (!g_str_equal (response, "mark") || self->document == NULL ||
      self->document->id != data->document_id || self->store == NULL)
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (data->name_entry))));
  type = gtk_drop_down_get_selected (data->type_dropdown);
  if (name[0] == '\0' || type >= DOSSIER_N_ENTITY_TYPES)
    return;

  if (dossier_store_add_user_mention (self->store, data->document_id, data->start, data->end,
                                      0, name, type, &error) == 0)
    {
      show_error (self, error);
      return;
    }
  dossier_reader_reload_mentions (self);
  g_signal_emit (self, signals[MENTIONS_CHANGED], 0);
}

static void
reader_mark_entity_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  DossierReader *self = DOSSIER_READER (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  GtkWidget *dialog, *box, *entry, *dropdown;
  MarkEntityData *data;
  /* the order of DossierEntityType */
  const char *types[] = { _("Person"), _("Organization"), _("Place"), _("Other"), _("Date"), NULL };

  if (self->document == NULL || selection_or_null (self, &start, &end) == NULL || !GTK_IS_WINDOW (root))
    return;

  text = gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
  g_strstrip (text);

  dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Mark as Entity"),
                                   _("The selected words become a mention of this entity."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  dropdown = gtk_drop_down_new_from_strings (types);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Type"), -1);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), dropdown);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "mark", _("_Mark"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "mark", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "mark");

  data = g_new0 (MarkEntityData, 1);
  data->reader = g_object_ref (self);
  data->name_entry = GTK_ENTRY (entry);
  data->type_dropdown = GTK_DROP_DOWN (dropdown);
  data->document_id = self->document->id;
  data->start = gtk_text_iter_get_offset (&start);
  data->end = gtk_text_iter_get_offset (&end);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_mark_entity_response_cb),
                         data, mark_entity_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------ overrides -- */

static void
dossier_reader_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (dossier_reader_parent_class)->map (widget);
}

static void
dossier_reader_unmap (GtkWidget *widget)
{
  save_position_now (DOSSIER_READER (widget));
  GTK_WIDGET_CLASS (dossier_reader_parent_class)->unmap (widget);
}

static void
dossier_reader_dispose (GObject *object)
{
  DossierReader *self = DOSSIER_READER (object);

  g_clear_handle_id (&self->save_position_id, g_source_remove);
  g_clear_handle_id (&self->release_idle_id, g_source_remove);
  g_clear_handle_id (&self->pending_scroll_id, g_source_remove);
  g_clear_handle_id (&self->scroll_check_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_READER);
  /* the template's overlay is not bound to a field: unparent it too */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->store);
  g_clear_object (&self->zoom_css);

  G_OBJECT_CLASS (dossier_reader_parent_class)->dispose (object);
}

static void
dossier_reader_finalize (GObject *object)
{
  DossierReader *self = DOSSIER_READER (object);

  g_clear_pointer (&self->document, dossier_document_free);
  g_clear_pointer (&self->annotations, g_ptr_array_unref);
  g_clear_pointer (&self->mentions, g_ptr_array_unref);
  g_clear_pointer (&self->find_matches, g_array_unref);

  G_OBJECT_CLASS (dossier_reader_parent_class)->finalize (object);
}

static void
dossier_reader_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DossierReader *self = DOSSIER_READER (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_reader_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DossierReader *self = DOSSIER_READER (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      dossier_reader_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_reader_class_init (DossierReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_reader_dispose;
  object_class->finalize = dossier_reader_finalize;
  object_class->get_property = dossier_reader_get_property;
  object_class->set_property = dossier_reader_set_property;
  widget_class->map = dossier_reader_map;
  widget_class->unmap = dossier_reader_unmap;

  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0.5, 3.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After any highlight was added, changed or removed. */
  signals[ANNOTATIONS_CHANGED] =
    g_signal_new ("annotations-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A removed highlight (const DossierAnnotation *), for an undo. */
  signals[ANNOTATION_REMOVED] =
    g_signal_new ("annotation-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  /* The user marked a new mention. */
  signals[MENTIONS_CHANGED] =
    g_signal_new ("mentions-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/dossier-reader.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierReader, find_bar);
  gtk_widget_class_bind_template_child (widget_class, DossierReader, find_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierReader, find_count);
  gtk_widget_class_bind_template_child (widget_class, DossierReader, scroller);
  gtk_widget_class_bind_template_child (widget_class, DossierReader, clamp);
  gtk_widget_class_bind_template_child (widget_class, DossierReader, header_layer);
  gtk_widget_class_bind_template_callback (widget_class, on_find_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_find_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_find_next_match_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_find_previous_match_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_find_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_find_mode_changed_cb);

  gtk_widget_class_install_action (widget_class, "reader.highlight", "i", reader_highlight_action);
  gtk_widget_class_install_action (widget_class, "reader.note", NULL, reader_note_action);
  gtk_widget_class_install_action (widget_class, "reader.find", NULL, reader_find_action);
  gtk_widget_class_install_action (widget_class, "reader.find-next", NULL, reader_find_next_action);
  gtk_widget_class_install_action (widget_class, "reader.find-previous", NULL, reader_find_next_action);
  gtk_widget_class_install_action (widget_class, "reader.next-mention", NULL, reader_mention_action);
  gtk_widget_class_install_action (widget_class, "reader.previous-mention", NULL, reader_mention_action);
  gtk_widget_class_install_action (widget_class, "reader.mark-entity", NULL, reader_mark_entity_action);

  for (guint i = 0; i < DOSSIER_N_COLORS; i++)
    {
      gtk_widget_class_add_binding (widget_class, GDK_KEY_1 + i, 0, reader_highlight_key_cb, "i", (gint32) i);
      gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_1 + i, 0, reader_highlight_key_cb, "i", (gint32) i);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, 0, "reader.note", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, 0, "reader.next-mention", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, GDK_SHIFT_MASK, "reader.previous-mention", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "reader.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "reader.find-previous", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reader");
}

static void
dossier_reader_init (DossierReader *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  GtkEventController *controller;
  GtkTextTagTable *table;
  GtkWidget *view;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  self->annotations = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_annotation_free);
  self->mentions = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_mention_free);
  self->find_matches = g_array_new (FALSE, FALSE, sizeof (guint));
  self->zoom = 1.0;
  self->pending_scroll = -1;

  view = g_object_new (DOSSIER_TYPE_READER_VIEW,
                       "editable", FALSE,
                       "cursor-visible", TRUE,
                       "wrap-mode", GTK_WRAP_WORD_CHAR,
                       "left-margin", 24,
                       "right-margin", 24,
                       "bottom-margin", 48,
                       "hexpand", TRUE,
                       "vexpand", TRUE,
                       NULL);
  self->text_view = GTK_TEXT_VIEW (view);
  self->buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_widget_add_css_class (view, "reader-text");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Document text"), -1);
  adw_clamp_scrollable_set_child (self->clamp, view);

  /* the title block, laid over the top margin */
  self->header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->header, "reader-header");
  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->title_label, TRUE);
  gtk_label_set_wrap_mode (self->title_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->title_label, 0.0);
  gtk_label_set_selectable (self->title_label, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "reader-title");
  self->byline_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->byline_label, TRUE);
  gtk_label_set_xalign (self->byline_label, 0.0);
  gtk_widget_add_css_class (GTK_WIDGET (self->byline_label), "reader-byline");
  gtk_widget_add_css_class (GTK_WIDGET (self->byline_label), "dim-label");
  gtk_box_append (GTK_BOX (self->header), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (self->header), GTK_WIDGET (self->byline_label));
  gtk_fixed_put (self->header_layer, self->header, 24, HEADER_GAP);
  DOSSIER_READER_VIEW (view)->header = self->header;
  DOSSIER_READER_VIEW (view)->reader = GTK_WIDGET (self);
  DOSSIER_READER_VIEW (view)->header_layer = GTK_WIDGET (self->header_layer);

  self->zoom_css = gtk_css_provider_new ();
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_add_provider (gtk_widget_get_style_context (view),
                                  GTK_STYLE_PROVIDER (self->zoom_css),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_style_context_add_provider (gtk_widget_get_style_context (GTK_WIDGET (self->title_label)),
                                  GTK_STYLE_PROVIDER (self->zoom_css),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_style_context_add_provider (gtk_widget_get_style_context (GTK_WIDGET (self->byline_label)),
                                  GTK_STYLE_PROVIDER (self->zoom_css),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  G_GNUC_END_IGNORE_DEPRECATIONS
  update_zoom_css (self);

  /* Tags, lowest priority first: mentions, the marked entity, highlights, find. */
  table = gtk_text_buffer_get_tag_table (self->buffer);
  for (guint i = 0; i < DOSSIER_N_ENTITY_TYPES; i++)
    {
      GdkRGBA rgba;
      g_autofree char *name = g_strdup_printf ("mention-%s", dossier_entity_type_to_string (i));

      gdk_rgba_parse (&rgba, mention_colors[i]);
      self->mention_tags[i] = gtk_text_buffer_create_tag (self->buffer, name,
                                                          "underline", PANGO_UNDERLINE_SINGLE,
                                                          "underline-rgba", &rgba,
                                                          NULL);
    }
  self->marked_tag = gtk_text_buffer_create_tag (self->buffer, "mention-marked",
                                                 "background", "rgba(53,132,228,0.28)",
                                                 "weight", PANGO_WEIGHT_SEMIBOLD,
                                                 NULL);
  for (guint i = 0; i < DOSSIER_N_COLORS; i++)
    {
      g_autofree char *name = g_strdup_printf ("highlight-%s", dossier_color_to_string (i));

      self->color_tags[i] = gtk_text_buffer_create_tag (self->buffer, name,
                                                        "background", highlight_colors[i],
                                                        NULL);
    }
  {
    GdkRGBA rgba;

    gdk_rgba_parse (&rgba, "rgba(94,92,100,0.9)");
    /* the visible marker of a highlight that carries a note */
    self->note_tag = gtk_text_buffer_create_tag (self->buffer, "highlight-note",
                                                 "underline", PANGO_UNDERLINE_DOUBLE,
                                                 "underline-rgba", &rgba,
                                                 NULL);
  }
  self->find_tag = gtk_text_buffer_create_tag (self->buffer, "find-match",
                                               "background", "rgba(246,211,45,0.45)",
                                               NULL);
  self->find_current_tag = gtk_text_buffer_create_tag (self->buffer, "find-current",
                                                       "background", "rgba(255,120,0,0.75)",
                                                       NULL);
  (void) table;

  /* the selection's context menu */
  g_menu_append (section, _("_Highlight…"), "reader.note");
  g_menu_append (section, _("Mark as _Entity…"), "reader.mark-entity");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  gtk_text_view_set_extra_menu (self->text_view, G_MENU_MODEL (menu));

  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (on_text_view_event_cb), self);
  gtk_widget_add_controller (view, controller);

  self->popover = DOSSIER_HIGHLIGHT_POPOVER (dossier_highlight_popover_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->popover), view);
  DOSSIER_READER_VIEW (view)->popover = GTK_WIDGET (self->popover);
  g_signal_connect (self->popover, "color-chosen", G_CALLBACK (on_popover_color_chosen_cb), self);
  g_signal_connect (self->popover, "note-changed", G_CALLBACK (on_popover_note_changed_cb), self);
  g_signal_connect (self->popover, "delete-requested", G_CALLBACK (on_popover_delete_requested_cb), self);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_popover_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->popover), controller);

  g_signal_connect (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                    G_CALLBACK (on_scrolled_cb), self);
  gtk_search_bar_connect_entry (self->find_bar, GTK_EDITABLE (self->find_entry));

  /* Enter finds the next match (the entry's "activate"), Shift+Enter the previous */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    /* before the entry's text, which takes Return for itself */
    gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Shift>Return|<Shift>KP_Enter"),
                                                            gtk_named_action_new ("reader.find-previous")));
    gtk_widget_add_controller (GTK_WIDGET (self->find_entry), shortcuts);
  }
}

/* ----------------------------------------------------------------- public -- */

GtkWidget *
dossier_reader_new (void)
{
  return g_object_new (DOSSIER_TYPE_READER, NULL);
}

void
dossier_reader_set_store (DossierReader *self,
                          DossierStore  *store)
{
  g_return_if_fail (DOSSIER_IS_READER (self));
  g_return_if_fail (store == NULL || DOSSIER_IS_STORE (store));

  if (self->store == store)
    return;
  dossier_reader_close_document (self);
  g_set_object (&self->store, store);
}

gboolean
dossier_reader_load_document (DossierReader  *self,
                              gint64          document_id,
                              GError        **error)
{
  g_autoptr(DossierDocument) doc = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GPtrArray) mentions = NULL;
  g_autofree char *byline = NULL;
  g_autoptr(GError) mention_error = NULL;

  g_return_val_if_fail (DOSSIER_IS_READER (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  if (!(doc = dossier_store_get_document (self->store, document_id, error)) ||
      !(annotations = dossier_store_list_annotations (self->store, document_id, error)))
    return FALSE;
  /* Mentions are an extra: a document reads fine without them. */
  mentions = dossier_store_list_mentions (self->store, document_id, 0, &mention_error);
  if (mentions == NULL)
    g_debug ("No mentions for document %" G_GINT64_FORMAT ": %s", document_id, mention_error->message);

  dossier_reader_close_document (self);

  self->document = g_steal_pointer (&doc);
  gtk_label_set_label (self->title_label, self->document->title);
  byline = format_byline (self->document);
  gtk_label_set_label (self->byline_label, byline);
  gtk_widget_set_visible (GTK_WIDGET (self->byline_label), byline[0] != '\0');
  gtk_widget_set_visible (self->header, TRUE);
  gtk_widget_queue_resize (GTK_WIDGET (self->text_view));

  gtk_text_buffer_set_text (self->buffer, self->document->text != NULL ? self->document->text : "", -1);

  for (guint i = 0; i < annotations->len; i++)
    {
      DossierAnnotation *annotation = g_ptr_array_index (annotations, i);

      g_ptr_array_add (self->annotations, dossier_annotation_copy (annotation));
      apply_annotation_tags (self, annotation);
    }

  if (mentions != NULL)
    {
      for (guint i = 0; i < mentions->len; i++)
        g_ptr_array_add (self->mentions, dossier_mention_copy (g_ptr_array_index (mentions, i)));
      apply_mention_tags (self);
    }

  {
    GtkTextIter iter;

    gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, self->document->read_pos);
    gtk_text_buffer_place_cursor (self->buffer, &iter);
  }
  self->pending_scroll = -1;
  if (self->document->read_pos > 0)
    scroll_to_offset (self, self->document->read_pos, 0.0);
  else
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  /* restoring the position is not a scroll by the user */
  g_clear_handle_id (&self->save_position_id, g_source_remove);

  if (gtk_search_bar_get_search_mode (self->find_bar))
    dossier_reader_find (self, gtk_editable_get_text (GTK_EDITABLE (self->find_entry)));

  g_signal_emit (self, signals[ANNOTATIONS_CHANGED], 0);
  return TRUE;
}

void
dossier_reader_close_document (DossierReader *self)
{
  g_return_if_fail (DOSSIER_IS_READER (self));

  if (self->document != NULL)
    save_position_now (self);
  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    gtk_popover_popdown (GTK_POPOVER (self->popover));

  g_clear_pointer (&self->document, dossier_document_free);
  g_ptr_array_set_size (self->annotations, 0);
  g_ptr_array_set_size (self->mentions, 0);
  g_array_set_size (self->find_matches, 0);
  self->marked_entity_id = 0;
  self->popover_annotation_id = 0;
  gtk_text_buffer_set_text (self->buffer, "", 0);
  gtk_widget_set_visible (self->header, FALSE);
}

gint64
dossier_reader_get_document_id (DossierReader *self)
{
  g_return_val_if_fail (DOSSIER_IS_READER (self), 0);
  return self->document != NULL ? self->document->id : 0;
}

const DossierDocument *
dossier_reader_get_document (DossierReader *self)
{
  g_return_val_if_fail (DOSSIER_IS_READER (self), NULL);
  return self->document;
}

void
dossier_reader_save_position (DossierReader *self)
{
  g_return_if_fail (DOSSIER_IS_READER (self));
  save_position_now (self);
}

GtkTextView *
dossier_reader_get_text_view (DossierReader *self)
{
  g_return_val_if_fail (DOSSIER_IS_READER (self), NULL);
  return self->text_view;
}

double
dossier_reader_get_zoom (DossierReader *self)
{
  g_return_val_if_fail (DOSSIER_IS_READER (self), 1.0);
  return self->zoom;
}

void
dossier_reader_set_zoom (DossierReader *self,
                         double         zoom)
{
  g_return_if_fail (DOSSIER_IS_READER (self));

  zoom = CLAMP (zoom, 0.5, 3.0);
  if (G_APPROX_VALUE (zoom, self->zoom, 0.001))
    return;
  self->zoom = zoom;
  update_zoom_css (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

void
dossier_reader_select_range (DossierReader *self,
                             guint          start,
                             guint          end)
{
  GtkTextIter start_iter, end_iter;

  g_return_if_fail (DOSSIER_IS_READER (self));

  get_iters (self, start, end, &start_iter, &end_iter);
  gtk_text_buffer_select_range (self->buffer, &end_iter, &start_iter);
}

gboolean
dossier_reader_get_selection (DossierReader *self,
                              guint         *start,
                              guint         *end)
{
  GtkTextIter start_iter, end_iter;

  g_return_val_if_fail (DOSSIER_IS_READER (self), FALSE);

  if (!gtk_text_buffer_get_selection_bounds (self->buffer, &start_iter, &end_iter))
    return FALSE;
  if (start != NULL)
    *start = gtk_text_iter_get_offset (&start_iter);
  if (end != NULL)
    *end = gtk_text_iter_get_offset (&end_iter);
  return TRUE;
}

GPtrArray *
dossier_reader_get_annotations (DossierReader *self)
{
  g_return_val_if_fail (DOSSIER_IS_READER (self), NULL);
  return self->annotations;
}

gint64
dossier_reader_add_highlight (DossierReader  *self,
                              guint           start,
                              guint           end,
                              DossierColor    color,
                              const char     *note,
                              GError        **error)
{
  g_autoptr(DossierAnnotation) annotation = NULL;
  gint64 id;

  g_return_val_if_fail (DOSSIER_IS_READER (self), 0);
  g_return_val_if_fail (self->document != NULL, 0);

  annotation = dossier_annotation_new ();
  annotation->document_id = self->document->id;
  annotation->start = MIN (start, end);
  annotation->end = MAX (start, end);
  annotation->color = color;
  g_free (annotation->note);
  annotation->note = g_strdup (note != NULL ? note : "");

  if (!dossier_store_add_annotation (self->store, annotation, error))
    return 0;

  id = annotation->id;
  apply_annotation_tags (self, annotation);
  g_ptr_array_add (self->annotations, g_steal_pointer (&annotation));
  g_ptr_array_sort (self->annotations, compare_annotations);
  self->document->note_count++;
  g_signal_emit (self, signals[ANNOTATIONS_CHANGED], 0);

  return id;
}

gboolean
dossier_reader_update_highlight (DossierReader  *self,
                                 gint64          annotation_id,
                                 DossierColor    color,
                                 const char     *note,
                                 GError        **error)
{
  DossierAnnotation *annotation;
  g_autoptr(DossierAnnotation) changed = NULL;

  g_return_val_if_fail (DOSSIER_IS_READER (self), FALSE);

  if (!(annotation = find_annotation (self, annotation_id, NULL)))
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND,
                   _("The highlight is no longer in this document"));
      return FALSE;
    }

  changed = dossier_annotation_copy (annotation);
  changed->color = color;
  g_free (changed->note);
  changed->note = g_strdup (note != NULL ? note : "");
  if (!dossier_store_update_annotation (self->store, changed, error))
    return FALSE;

  annotation->color = changed->color;
  g_free (annotation->note);
  annotation->note = g_strdup (changed->note);
  annotation->updated = g_get_real_time () / G_USEC_PER_SEC;
  redraw_highlights (self, annotation->start, annotation->end);
  g_signal_emit (self, signals[ANNOTATIONS_CHANGED], 0);

  return TRUE;
}

gboolean
dossier_reader_remove_highlight (DossierReader  *self,
                                 gint64          annotation_id,
                                 GError        **error)
{
  g_autoptr(DossierAnnotation) removed = NULL;
  guint index;

  g_return_val_if_fail (DOSSIER_IS_READER (self), FALSE);

  if (find_annotation (self, annotation_id, &index) == NULL)
    {
      g_set_error (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND,
                   _("The highlight is no longer in this document"));
      return FALSE;
    }
  if (!dossier_store_remove_annotation (self->store, annotation_id, error))
    return FALSE;

  removed = g_ptr_array_steal_index (self->annotations, index);
  redraw_highlights (self, removed->start, removed->end);
  if (self->document->note_count > 0)
    self->document->note_count--;
  g_signal_emit (self, signals[ANNOTATIONS_CHANGED], 0);
  g_signal_emit (self, signals[ANNOTATION_REMOVED], 0, removed);

  return TRUE;
}

gboolean
dossier_reader_restore_highlight (DossierReader            *self,
                                  const DossierAnnotation  *annotation,
                                  GError                  **error)
{
  g_return_val_if_fail (DOSSIER_IS_READER (self), FALSE);
  g_return_val_if_fail (annotation != NULL, FALSE);

  if (!dossier_store_restore_annotation (self->store, annotation, error))
    return FALSE;

  /* the document may have been closed meanwhile: the store has it back either way */
  if (self->document != NULL && self->document->id == annotation->document_id)
    {
      g_ptr_array_add (self->annotations, dossier_annotation_copy (annotation));
      g_ptr_array_sort (self->annotations, compare_annotations);
      apply_annotation_tags (self, annotation);
      self->document->note_count++;
      g_signal_emit (self, signals[ANNOTATIONS_CHANGED], 0);
    }
  return TRUE;
}

void
dossier_reader_scroll_to_offset (DossierReader *self,
                                 guint          offset)
{
  GtkTextIter iter;

  g_return_if_fail (DOSSIER_IS_READER (self));

  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, offset);
  gtk_text_buffer_place_cursor (self->buffer, &iter);
  scroll_to_offset (self, offset, 0.3);
}

void
dossier_reader_show_annotation (DossierReader *self,
                                gint64         annotation_id)
{
  DossierAnnotation *annotation;
  GtkTextIter start, end;

  g_return_if_fail (DOSSIER_IS_READER (self));

  if (!(annotation = find_annotation (self, annotation_id, NULL)))
    return;
  get_iters (self, annotation->start, annotation->end, &start, &end);
  gtk_text_buffer_place_cursor (self->buffer, &start);
  scroll_to_offset (self, annotation->start, 0.3);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

gboolean
dossier_reader_open_highlight_popover (DossierReader *self)
{
  GtkTextIter start, end;
  DossierAnnotation *annotation;

  g_return_val_if_fail (DOSSIER_IS_READER (self), FALSE);

  if (self->document == NULL)
    return FALSE;
  if (selection_or_null (self, &start, &end) != NULL)
    {
      show_popover_for_selection (self, gtk_text_iter_get_offset (&start), gtk_text_iter_get_offset (&end));
      return TRUE;
    }
  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, gtk_text_buffer_get_insert (self->buffer));
  annotation = annotation_at_offset (self, gtk_text_iter_get_offset (&start));
  if (annotation == NULL)
    return FALSE;
  show_popover_for_annotation (self, annotation);
  return TRUE;
}

void
dossier_reader_set_mentions (DossierReader *self,
                             GPtrArray     *mentions)
{
  g_return_if_fail (DOSSIER_IS_READER (self));

  g_ptr_array_set_size (self->mentions, 0);
  for (guint i = 0; mentions != NULL && i < mentions->len; i++)
    g_ptr_array_add (self->mentions, dossier_mention_copy (g_ptr_array_index (mentions, i)));
  apply_mention_tags (self);
}

void
dossier_reader_reload_mentions (DossierReader *self)
{
  g_autoptr(GPtrArray) mentions = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DOSSIER_IS_READER (self));

  if (self->document == NULL || self->store == NULL)
    return;
  mentions = dossier_store_list_mentions (self->store, self->document->id, 0, &error);
  if (mentions == NULL)
    g_debug ("Could not read mentions: %s", error->message);
  dossier_reader_set_mentions (self, mentions);
}

guint
dossier_reader_mark_entity (DossierReader *self,
                            gint64         entity_id)
{
  guint count = 0;
  gboolean scrolled = FALSE;

  g_return_val_if_fail (DOSSIER_IS_READER (self), 0);

  self->marked_entity_id = entity_id;
  apply_mention_tags (self);

  for (guint i = 0; i < self->mentions->len; i++)
    {
      const DossierMention *mention = g_ptr_array_index (self->mentions, i);

      if (mention->rejected || mention->entity_id != entity_id || entity_id == 0)
        continue;
      if (!scrolled)
        {
          GtkTextIter start, end;

          /* selected, so F3 goes on from its end */
          get_iters (self, mention->start, mention->end, &start, &end);
          gtk_text_buffer_select_range (self->buffer, &start, &end);
          scroll_to_offset (self, mention->start, 0.3);
          scrolled = TRUE;
        }
      count++;
    }
  return count;
}

static gboolean
move_to_mention (DossierReader *self,
                 gboolean       backwards)
{
  GtkTextIter cursor, start, end;
  guint offset;
  const DossierMention *target = NULL;

  if (self->document == NULL)
    return FALSE;
  gtk_text_buffer_get_iter_at_mark (self->buffer, &cursor, gtk_text_buffer_get_insert (self->buffer));
  if (gtk_text_buffer_get_selection_bounds (self->buffer, &start, &end))
    cursor = backwards ? start : end;
  else if (!backwards)
    /* from a bare cursor, "next" is past the mention the cursor is at */
    gtk_text_iter_forward_char (&cursor);
  offset = gtk_text_iter_get_offset (&cursor);

  for (guint n = 0; n < self->mentions->len; n++)
    {
      guint i = backwards ? self->mentions->len - 1 - n : n;
      const DossierMention *mention = g_ptr_array_index (self->mentions, i);

      if (mention->rejected)
        continue;
      /* with an entity marked, only its mentions; otherwise any mention */
      if (self->marked_entity_id != 0 && mention->entity_id != self->marked_entity_id)
        continue;
      if ((!backwards && mention->start >= offset) || (backwards && mention->end <= offset))
        {
          target = mention;
          break;
        }
    }
  if (target == NULL)
    return FALSE;

  get_iters (self, target->start, target->end, &start, &end);
  gtk_text_buffer_select_range (self->buffer, &start, &end);
  scroll_to_offset (self, target->start, 0.3);
  return TRUE;
}

gboolean
dossier_reader_next_mention (DossierReader *self)
{
  g_return_val_if_fail (DOSSIER_IS_READER (self), FALSE);
  return move_to_mention (self, FALSE);
}

gboolean
dossier_reader_previous_mention (DossierReader *self)
{
  g_return_val_if_fail (DOSSIER_IS_READER (self), FALSE);
  return move_to_mention (self, TRUE);
}

void
dossier_reader_start_find (DossierReader *self)
{
  GtkTextIter start, end;

  g_return_if_fail (DOSSIER_IS_READER (self));

  /* a short selection is what the user wants to find */
  if (gtk_text_buffer_get_selection_bounds (self->buffer, &start, &end) &&
      gtk_text_iter_get_offset (&end) - gtk_text_iter_get_offset (&start) < 80)
    {
      g_autofree char *text = gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);

      if (strchr (text, '\n') == NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->find_entry), text);
    }
  gtk_search_bar_set_search_mode (self->find_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->find_entry), 0, -1);
}

guint
dossier_reader_find (DossierReader *self,
                     const char    *text)
{
  GtkTextIter iter, match_start, match_end, cursor;
  guint cursor_offset;
  guint first_after_cursor = G_MAXUINT;

  g_return_val_if_fail (DOSSIER_IS_READER (self), 0);

  clear_find (self);
  if (text == NULL || text[0] == '\0' || self->document == NULL)
    {
      update_find_label (self);
      return 0;
    }
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->find_entry)), text) != 0)
    {
      /* called from outside: keep the entry in step without searching twice */
      g_signal_handlers_block_by_func (self->find_entry, on_find_changed_cb, self);
      gtk_editable_set_text (GTK_EDITABLE (self->find_entry), text);
      g_signal_handlers_unblock_by_func (self->find_entry, on_find_changed_cb, self);
    }

  gtk_text_buffer_get_iter_at_mark (self->buffer, &cursor, gtk_text_buffer_get_insert (self->buffer));
  cursor_offset = gtk_text_iter_get_offset (&cursor);
  gtk_text_buffer_get_start_iter (self->buffer, &iter);
  while (self->find_matches->len / 2 < MAX_FIND_MATCHES &&
         gtk_text_iter_forward_search (&iter, text,
                                       GTK_TEXT_SEARCH_CASE_INSENSITIVE | GTK_TEXT_SEARCH_TEXT_ONLY,
                                       &match_start, &match_end, NULL))
    {
      guint s = gtk_text_iter_get_offset (&match_start);
      guint e = gtk_text_iter_get_offset (&match_end);

      if (first_after_cursor == G_MAXUINT && s >= cursor_offset)
        first_after_cursor = self->find_matches->len / 2;
      g_array_append_val (self->find_matches, s);
      g_array_append_val (self->find_matches, e);
      gtk_text_buffer_apply_tag (self->buffer, self->find_tag, &match_start, &match_end);
      iter = match_end;
      if (e == s)
        break;
    }

  if (self->find_matches->len > 0)
    select_find_match (self, first_after_cursor != G_MAXUINT ? first_after_cursor : 0);
  update_find_label (self);
  return self->find_matches->len / 2;
}

void
dossier_reader_find_next (DossierReader *self,
                          gboolean       backwards)
{
  guint n;

  g_return_if_fail (DOSSIER_IS_READER (self));

  n = self->find_matches->len / 2;
  if (n == 0)
    return;
  if (backwards)
    select_find_match (self, self->find_current == 0 ? n - 1 : self->find_current - 1);
  else
    select_find_match (self, (self->find_current + 1) % n);
  update_find_label (self);
}

guint
dossier_reader_get_find_current (DossierReader *self)
{
  g_return_val_if_fail (DOSSIER_IS_READER (self), 0);
  return self->find_current;
}
