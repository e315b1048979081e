/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-library-model.c: the library list as a lazy GListModel.
 *
 * Owns only the ordered ids of the matching documents (from
 * dossier_store_query_ids) and a small cache of rows read in pages of
 * PAGE_SIZE with dossier_store_get_documents. It must never read the whole
 * documents table: a library holds 100,000 documents and the list view only
 * ever asks for the few rows on screen. Queries run in a worker thread with
 * its own connection; the result is spliced in on the main thread. */
#define G_LOG_DOMAIN "dossier-library-model"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-library-model.h"

#define PAGE_SIZE 50
/* Enough pages for a few screens of scrolling both ways; beyond that the
 * cache is dropped and refilled on demand. */
#define MAX_CACHED_PAGES 16

struct _DossierLibraryRow
{
  GObject  parent_instance;

  gint64   id;
  char    *title;
  char    *subtitle;
  char    *snippet;     /* Pango markup, "" when not searching */
  guint    note_count;
};

struct _DossierLibraryModel
{
  GObject       parent_instance;

  /* owned */
  DossierStore *store;
  GArray       *ids;            /* gint64 */
  GHashTable   *pages;          /* page number → GPtrArray of DossierLibraryRow */
  GCancellable *cancellable;
  char         *search;
  char         *error;
  DossierSort   sort;
  gint64        entity_id;
  gint64        feed_id;
  guint         loading : 1;
};

typedef struct
{
  char        *path;
  DossierSort  sort;
  char        *search;
  gint64       entity_id;
  gint64       feed_id;
} QueryData;

enum {
  ROW_PROP_0,
  ROW_PROP_ID,
  ROW_PROP_TITLE,
  ROW_PROP_SUBTITLE,
  ROW_PROP_SNIPPET,
  ROW_PROP_HAS_SNIPPET,
  ROW_PROP_NOTES,
  ROW_PROP_HAS_NOTES,
  ROW_PROP_NOTES_TOOLTIP,
  ROW_N_PROPS
};

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

enum {
  RELOADED,
  N_SIGNALS
};

static GParamSpec *row_properties[ROW_N_PROPS];
static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE (DossierLibraryRow, dossier_library_row, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE_WITH_CODE (DossierLibraryModel, dossier_library_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* ------------------------------------------------------------------ row -- */

static void
dossier_library_row_finalize (GObject *object)
{
  DossierLibraryRow *self = DOSSIER_LIBRARY_ROW (object);

  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->snippet);

  G_OBJECT_CLASS (dossier_library_row_parent_class)->finalize (object);
}

static void
dossier_library_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DossierLibraryRow *self = DOSSIER_LIBRARY_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case ROW_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case ROW_PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case ROW_PROP_SNIPPET:
      g_value_set_string (value, self->snippet);
      break;
    case ROW_PROP_HAS_SNIPPET:
      g_value_set_boolean (value, self->snippet != NULL && self->snippet[0] != '\0');
      break;
    case ROW_PROP_NOTES:
      if (self->note_count > 0)
        g_value_take_string (value, g_strdup_printf ("%u", self->note_count));
      else
        g_value_set_string (value, "");
      break;
    case ROW_PROP_HAS_NOTES:
      g_value_set_boolean (value, self->note_count > 0);
      break;
    case ROW_PROP_NOTES_TOOLTIP:
      g_value_take_string (value, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u highlight", "%u highlights",
                                                                self->note_count),
                                                   self->note_count));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_library_row_class_init (DossierLibraryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dossier_library_row_finalize;
  object_class->get_property = dossier_library_row_get_property;

  row_properties[ROW_PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  row_properties[ROW_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  row_properties[ROW_PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  row_properties[ROW_PROP_SNIPPET] =
    g_param_spec_string ("snippet", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  row_properties[ROW_PROP_HAS_SNIPPET] =
    g_param_spec_boolean ("has-snippet", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  row_properties[ROW_PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  row_properties[ROW_PROP_HAS_NOTES] =
    g_param_spec_boolean ("has-notes", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  row_properties[ROW_PROP_NOTES_TOOLTIP] =
    g_param_spec_string ("notes-tooltip", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
dossier_library_row_init (DossierLibraryRow *self)
{
}

/* "Source · 5 Sep 2022"; either part may be missing. */
static char *
format_subtitle (const DossierDocument *doc)
{
  g_autofree char *date = NULL;

  if (doc->published > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (doc->published);

      if (dt != NULL)
        /* Translators: the date under a document's title; see strftime(3) */
        date = g_date_time_format (dt, _("%-d %b %Y"));
    }

  if (doc->source != NULL && doc->source[0] != '\0' && date != NULL)
    return g_strdup_printf ("%s · %s", doc->source, date);
  if (doc->source != NULL && doc->source[0] != '\0')
    return g_strdup (doc->source);
  if (date != NULL)
    return g_steal_pointer (&date);
  if (doc->added > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (doc->added);

      /* Translators: under a title without source or date; see strftime(3) */
      if (dt != NULL)
        return g_date_time_format (dt, _("Added %-d %b %Y"));
    }
  return g_strdup ("");
}

/* The store marks matched words with U+E000 … U+E001; everything else is
 * document text and must be escaped before it becomes markup. */
static char *
snippet_to_markup (const char *snippet)
{
  GString *out = g_string_new (NULL);
  const char *p = snippet;

  while (*p != '\0')
    {
      const char *next = g_utf8_next_char (p);
      gunichar ch = g_utf8_get_char (p);

      if (ch == 0xE000)
        g_string_append (out, "<b>");
      else if (ch == 0xE001)
        g_string_append (out, "</b>");
      else if (g_unichar_isspace (ch))
        {
          /* paragraph breaks become one space */
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        {
          g_autofree char *escaped = g_markup_escape_text (p, next - p);
          g_string_append (out, escaped);
        }
      p = next;
    }

  return g_string_free (out, FALSE);
}

static DossierLibraryRow *
row_new (const DossierDocument *doc,
         const char            *snippet)
{
  DossierLibraryRow *row = g_object_new (DOSSIER_TYPE_LIBRARY_ROW, NULL);

  row->id = doc->id;
  row->title = g_strdup (doc->title != NULL && doc->title[0] != '\0' ? doc->title : _("Untitled"));
  row->subtitle = format_subtitle (doc);
  row->snippet = snippet != NULL ? snippet_to_markup (snippet) : g_strdup ("");
  row->note_count = doc->note_count;

  return row;
}

gint64
dossier_library_row_get_id (DossierLibraryRow *self)
{
  g_return_val_if_fail (DOSSIER_IS_LIBRARY_ROW (self), 0);
  return self->id;
}

const char *
dossier_library_row_get_title (DossierLibraryRow *self)
{
  g_return_val_if_fail (DOSSIER_IS_LIBRARY_ROW (self), NULL);
  return self->title;
}

const char *
dossier_library_row_get_subtitle (DossierLibraryRow *self)
{
  g_return_val_if_fail (DOSSIER_IS_LIBRARY_ROW (self), NULL);
  return self->subtitle;
}

const char *
dossier_library_row_get_snippet (DossierLibraryRow *self)
{
  g_return_val_if_fail (DOSSIER_IS_LIBRARY_ROW (self), NULL);
  return self->snippet;
}

guint
dossier_library_row_get_note_count (DossierLibraryRow *self)
{
  g_return_val_if_fail (DOSSIER_IS_LIBRARY_ROW (self), 0);
  return self->note_count;
}

/* ---------------------------------------------------------------- model -- */

static void
query_data_free (QueryData *data)
{
  g_free (data->path);
  g_free (data->search);
  g_free (data);
}

static GArray *
run_query (DossierStore     *store,
           const QueryData  *data,
           GError          **error)
{
  DossierQuery query = { 0 };

  query.sort = data->sort;
  query.search = data->search;
  query.entity_id = data->entity_id;
  query.feed_id = data->feed_id;

  return dossier_store_query_ids (store, &query, error);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryData *data = task_data;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GArray *ids;

  /* A connection of our own: a DossierStore is used by one thread at a time. */
  if (!(store = dossier_store_open (data->path, &error)) ||
      !(ids = run_query (store, data, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
}

static void
apply_ids (DossierLibraryModel *self,
           GArray              *ids,
           const GError        *error)
{
  guint old_n = self->ids->len;

  g_clear_pointer (&self->error, g_free);
  if (error != NULL)
    self->error = g_strdup (error->message);

  g_array_unref (self->ids);
  self->ids = ids != NULL ? g_array_ref (ids) : g_array_new (FALSE, FALSE, sizeof (gint64));
  g_hash_table_remove_all (self->pages);

  self->loading = FALSE;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->ids->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  g_signal_emit (self, signals[RELOADED], 0);
}

static void
on_query_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DossierLibraryModel) self = user_data;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  ids = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A newer query was started: its answer is the one that counts. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  if (error != NULL)
    g_debug ("Library query failed: %s", error->message);
  apply_ids (self, ids, error);
}

static GPtrArray *
load_page (DossierLibraryModel *self,
           guint                page)
{
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GHashTable) snippets = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  GPtrArray *rows;
  guint first = page * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->ids->len - first);

  docs = dossier_store_get_documents (self->store,
                                      &g_array_index (self->ids, gint64, first),
                                      n, &error);
  if (docs == NULL)
    g_warning ("Could not read library rows: %s", error->message);

  if (self->search != NULL && self->search[0] != '\0')
    {
      g_autoptr(GPtrArray) hits = NULL;

      /* Search results are ranked, so page N of the ids is page N of the hits. */
      hits = dossier_store_search (self->store, self->search, first, n, NULL);
      snippets = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, NULL);
      for (guint i = 0; hits != NULL && i < hits->len; i++)
        {
          DossierSearchHit *hit = g_ptr_array_index (hits, i);
          g_hash_table_insert (snippets, &hit->id, g_strdup (hit->snippet));
        }
      by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint i = 0; docs != NULL && i < docs->len; i++)
        {
          DossierDocument *doc = g_ptr_array_index (docs, i);
          g_hash_table_insert (by_id, &doc->id, doc);
        }
      rows = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < n; i++)
        {
          gint64 id = g_array_index (self->ids, gint64, first + i);
          DossierDocument *doc = g_hash_table_lookup (by_id, &id);
          g_autofree char *snippet = g_hash_table_lookup (snippets, &id);

          g_hash_table_steal (snippets, &id);
          if (doc == NULL)
            {
              DossierDocument missing = { .id = id, .title = (char *) _("Removed document") };
              g_ptr_array_add (rows, row_new (&missing, NULL));
            }
          else
            g_ptr_array_add (rows, row_new (doc, snippet));
        }
      /* free the snippets that matched no row on this page */
      {
        GHashTableIter iter;
        gpointer value;

        g_hash_table_iter_init (&iter, snippets);
        while (g_hash_table_iter_next (&iter, NULL, &value))
          g_free (value);
      }
      return rows;
    }

  rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      gint64 id = g_array_index (self->ids, gint64, first + i);

      /* get_documents answers in the order given; a row removed meanwhile is skipped by it */
      if (docs != NULL && i < docs->len &&
          ((DossierDocument *) g_ptr_array_index (docs, i))->id == id)
        g_ptr_array_add (rows, row_new (g_ptr_array_index (docs, i), NULL));
      else
        {
          DossierDocument *doc = NULL;

          for (guint j = 0; docs != NULL && j < docs->len; j++)
            if (((DossierDocument *) g_ptr_array_index (docs, j))->id == id)
              doc = g_ptr_array_index (docs, j);
          if (doc != NULL)
            g_ptr_array_add (rows, row_new (doc, NULL));
          else
            {
              DossierDocument missing = { .id = id, .title = (char *) _("Removed document") };
              g_ptr_array_add (rows, row_new (&missing, NULL));
            }
        }
    }

  return rows;
}

static GType
dossier_library_model_get_item_type (GListModel *model)
{
  return DOSSIER_TYPE_LIBRARY_ROW;
}

static guint
dossier_library_model_get_n_items (GListModel *model)
{
  return DOSSIER_LIBRARY_MODEL (model)->ids->len;
}

static gpointer
dossier_library_model_get_item (GListModel *model,
                                guint       position)
{
  DossierLibraryModel *self = DOSSIER_LIBRARY_MODEL (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *rows;

  if (position >= self->ids->len)
    return NULL;

  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows == NULL)
    {
      if (g_hash_table_size (self->pages) >= MAX_CACHED_PAGES)
        g_hash_table_remove_all (self->pages);
      rows = load_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);
    }

  return g_object_ref (g_ptr_array_index (rows, position % PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = dossier_library_model_get_item_type;
  iface->get_n_items = dossier_library_model_get_n_items;
  iface->get_item = dossier_library_model_get_item;
}

static void
dossier_library_model_dispose (GObject *object)
{
  DossierLibraryModel *self = DOSSIER_LIBRARY_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dossier_library_model_parent_class)->dispose (object);
}

static void
dossier_library_model_finalize (GObject *object)
{
  DossierLibraryModel *self = DOSSIER_LIBRARY_MODEL (object);

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_free (self->search);
  g_free (self->error);

  G_OBJECT_CLASS (dossier_library_model_parent_class)->finalize (object);
}

static void
dossier_library_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  DossierLibraryModel *self = DOSSIER_LIBRARY_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_library_model_class_init (DossierLibraryModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dossier_library_model_dispose;
  object_class->finalize = dossier_library_model_finalize;
  object_class->get_property = dossier_library_model_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After each query has been spliced in (also when it failed). */
  signals[RELOADED] =
    g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dossier_library_model_init (DossierLibraryModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->sort = DOSSIER_SORT_PUBLISHED;
}

/* ----------------------------------------------------------------- public -- */

DossierLibraryModel *
dossier_library_model_new (DossierStore *store)
{
  DossierLibraryModel *self;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  self = g_object_new (DOSSIER_TYPE_LIBRARY_MODEL, NULL);
  self->store = g_object_ref (store);

  return self;
}

DossierStore *
dossier_library_model_get_store (DossierLibraryModel *self)
{
  g_return_val_if_fail (DOSSIER_IS_LIBRARY_MODEL (self), NULL);
  return self->store;
}

void
dossier_library_model_reload (DossierLibraryModel *self)
{
  const char *path;
  QueryData *data;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DOSSIER_IS_LIBRARY_MODEL (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  data = g_new0 (QueryData, 1);
  path = dossier_store_get_path (self->store);
  data->path = g_strdup (path);
  data->sort = self->sort;
  data->search = g_strdup (self->search);
  data->entity_id = self->entity_id;
  data->feed_id = self->feed_id;

  if (!self->loading)
    {
      self->loading = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }

  /* An in-memory library cannot be opened twice: query it here. */
  if (path == NULL || g_str_equal (path, ":memory:"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) ids = run_query (self->store, data, &error);

      query_data_free (data);
      apply_ids (self, ids, error);
      return;
    }

  task = g_task_new (NULL, self->cancellable, on_query_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, dossier_library_model_reload);
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);
  g_task_run_in_thread (task, query_thread);
}

void
dossier_library_model_refresh_rows (DossierLibraryModel *self)
{
  g_return_if_fail (DOSSIER_IS_LIBRARY_MODEL (self));

  g_hash_table_remove_all (self->pages);
  if (self->ids->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, self->ids->len, self->ids->len);
}

void
dossier_library_model_set_sort (DossierLibraryModel *self,
                                DossierSort          sort)
{
  g_return_if_fail (DOSSIER_IS_LIBRARY_MODEL (self));

  if (self->sort == sort)
    return;
  self->sort = sort;
  dossier_library_model_reload (self);
}

void
dossier_library_model_set_search (DossierLibraryModel *self,
                                  const char          *search)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (DOSSIER_IS_LIBRARY_MODEL (self));

  stripped = g_strstrip (g_strdup (search != NULL ? search : ""));
  if (g_strcmp0 (stripped, self->search != NULL ? self->search : "") == 0)
    return;
  g_free (self->search);
  self->search = stripped[0] != '\0' ? g_steal_pointer (&stripped) : NULL;
  dossier_library_model_reload (self);
}

const char *
dossier_library_model_get_search (DossierLibraryModel *self)
{
  g_return_val_if_fail (DOSSIER_IS_LIBRARY_MODEL (self), NULL);
  return self->search;
}

void
dossier_library_model_set_entity (DossierLibraryModel *self,
                                  gint64               entity_id)
{
  g_return_if_fail (DOSSIER_IS_LIBRARY_MODEL (self));

  if (self->entity_id == entity_id)
    return;
  self->entity_id = entity_id;
  dossier_library_model_reload (self);
}

void
dossier_library_model_set_feed (DossierLibraryModel *self,
                                gint64               feed_id)
{
  g_return_if_fail (DOSSIER_IS_LIBRARY_MODEL (self));

  if (self->feed_id == feed_id)
    return;
  self->feed_id = feed_id;
  dossier_library_model_reload (self);
}

gboolean
dossier_library_model_is_loading (DossierLibraryModel *self)
{
  g_return_val_if_fail (DOSSIER_IS_LIBRARY_MODEL (self), FALSE);
  return self->loading;
}

guint
dossier_library_model_find (DossierLibraryModel *self,
                            gint64               document_id)
{
  g_return_val_if_fail (DOSSIER_IS_LIBRARY_MODEL (self), G_MAXUINT);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == document_id)
      return i;
  return G_MAXUINT;
}

const char *
dossier_library_model_get_error (DossierLibraryModel *self)
{
  g_return_val_if_fail (DOSSIER_IS_LIBRARY_MODEL (self), NULL);
  return self->error;
}
