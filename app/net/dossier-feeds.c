/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-feeds.c: subscriptions, refresh, "add from address" and OPML.
 *
 * Owns: turning fetched feeds and pages into stored documents, and each
 * feed's bookkeeping (validators, not-before time, status and reason).
 * Must not: call the store from a worker thread (only parsing and extraction
 * run there), change or remove stored articles when a fetch fails, or fetch
 * a feed the server asked us to leave alone.
 */
#define G_LOG_DOMAIN "dossier-feeds"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <string.h>

#include "dossier-feeds.h"
#include "dossier-extract.h"
#include "dossier-feed-parser.h"
#include "dossier-opml.h"

#define MAX_PARALLEL_FEEDS     3
#define MAX_FULL_TEXT_PER_FEED 20

#define FEED_ACCEPT "application/rss+xml, application/atom+xml, application/feed+json, " \
                    "application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, " \
                    "text/html;q=0.7, */*;q=0.5"
#define PAGE_ACCEPT "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"

struct _DossierFeeds
{
  GObject         parent_instance;

  DossierStore   *store;
  DossierFetcher *fetcher;
  guint           default_interval;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_DEFAULT_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DossierFeeds, dossier_feeds, G_TYPE_OBJECT)

/* What a worker hands back: a feed, or feed addresses found in a page. */
typedef struct {
  DossierParsedFeed *parsed;
  GPtrArray         *candidates;
  GError            *error;
} ParseOutcome;

typedef struct {
  GBytes *body;
  char   *url;
  char   *content_type;
  char   *charset;
  gboolean discover;
} ParseInput;

/* One feed being refreshed or subscribed. */
typedef struct {
  DossierFeeds          *self;
  DossierFeed           *feed;
  GCancellable          *cancellable;
  DossierFetchResult    *fetched;
  DossierParsedFeed     *parsed;
  GHashTable            *known;        /* urls and guids already stored for this feed */
  GPtrArray             *full_texts;   /* char * per parsed item, nullable entries */
  guint                  full_index;
  guint                  n_full;
  DossierRefreshSummary  summary;
  GTask                 *owner;        /* the refresh or subscribe task */
  void                 (*done) (GTask *owner, gpointer job, const GError *error);
  gboolean               discovering;  /* subscribe: allowed to follow discovery once */
} FeedJob;

typedef struct {
  GPtrArray                *queue;     /* DossierFeed */
  guint                     next;
  guint                     running;
  guint                     done;
  DossierRefreshSummary     summary;
  DossierFeedsProgressFunc  progress;
  gpointer                  progress_data;
  GDestroyNotify            progress_destroy;
} RefreshData;

static void feed_job_fetch    (FeedJob *job);
static void refresh_pump      (GTask   *task);

/* -------------------------------------------------------------- helpers -- */

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
parse_outcome_free (ParseOutcome *outcome)
{
  g_clear_pointer (&outcome->parsed, dossier_parsed_feed_free);
  g_clear_pointer (&outcome->candidates, g_ptr_array_unref);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

static void
parse_input_free (ParseInput *input)
{
  g_clear_pointer (&input->body, g_bytes_unref);
  g_free (input->url);
  g_free (input->content_type);
  g_free (input->charset);
  g_free (input);
}

static void
feed_job_free (FeedJob *job)
{
  g_clear_object (&job->self);
  g_clear_pointer (&job->feed, dossier_feed_free);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->fetched, dossier_fetch_result_free);
  g_clear_pointer (&job->parsed, dossier_parsed_feed_free);
  g_clear_pointer (&job->known, g_hash_table_unref);
  g_clear_pointer (&job->full_texts, g_ptr_array_unref);
  g_free (job);
}

static void
refresh_data_free (RefreshData *data)
{
  if (data->progress_destroy != NULL)
    data->progress_destroy (data->progress_data);
  g_clear_pointer (&data->queue, g_ptr_array_unref);
  g_free (data);
}

/* "example.org/feed" → "https://example.org/feed"; anything else as typed. */
static char *
normalise_address (const char *address)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (address));

  /* "localhost:8080/feed" too; "javascript:…" then fails as a bad address. */
  if (strstr (trimmed, "://") == NULL && *trimmed != '\0' && strchr (trimmed, ' ') == NULL)
    return g_strconcat ("https://", trimmed, NULL);
  return g_steal_pointer (&trimmed);
}

static char *
host_name (const char *url)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && g_uri_get_host (uri) != NULL ? g_strdup (g_uri_get_host (uri)) : NULL;
}

static gboolean
is_web_url (const char *url)
{
  return url != NULL && (g_ascii_strncasecmp (url, "http://", 7) == 0
                         || g_ascii_strncasecmp (url, "https://", 8) == 0);
}

/* -------------------------------------------------------- parse worker -- */

static gboolean
looks_like_html (GBytes     *body,
                 const char *content_type)
{
  gsize len;
  const char *data = g_bytes_get_data (body, &len);
  g_autofree char *head = g_ascii_strdown (data, MIN (len, 1024));

  if (content_type != NULL && (strstr (content_type, "html") != NULL))
    return TRUE;
  return strstr (head, "<html") != NULL || strstr (head, "<!doctype html") != NULL;
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ParseInput *input = task_data;
  ParseOutcome *outcome = g_new0 (ParseOutcome, 1);
  gsize len = 0;
  const char *data = input->body ? g_bytes_get_data (input->body, &len) : "";

  outcome->parsed = dossier_feed_parse (data, len, input->url, input->content_type,
                                        input->charset, &outcome->error);
  if (outcome->parsed == NULL && input->discover && input->body != NULL
      && looks_like_html (input->body, input->content_type))
    {
      outcome->candidates = dossier_feed_discover (data, len, input->url);
      if (outcome->candidates->len > 0)
        g_clear_error (&outcome->error);
      else
        {
          g_clear_error (&outcome->error);
          outcome->error = g_error_new (DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_NOT_A_FEED,
                                        _("Not a feed: %s is a web page that names no feed"),
                                        input->url);
        }
    }
  g_task_return_pointer (task, outcome, (GDestroyNotify) parse_outcome_free);
}

typedef struct {
  GBytes *body;
  char   *url;
  char   *charset;
} ExtractInput;

static void
extract_input_free (ExtractInput *input)
{
  g_clear_pointer (&input->body, g_bytes_unref);
  g_free (input->url);
  g_free (input->charset);
  g_free (input);
}

static void
extract_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ExtractInput *input = task_data;
  GError *error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (input->body, &len);
  DossierArticle *article = dossier_extract_article (data, len, input->charset, input->url, &error);

  if (article == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, article, (GDestroyNotify) dossier_article_free);
}

static void
run_extract (DossierFeeds        *self,
             DossierFetchResult  *fetched,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ExtractInput *input = g_new0 (ExtractInput, 1);

  input->body = fetched->body ? g_bytes_ref (fetched->body) : g_bytes_new (NULL, 0);
  input->url = g_strdup (fetched->url);
  input->charset = g_strdup (fetched->charset);
  g_task_set_task_data (task, input, (GDestroyNotify) extract_input_free);
  g_task_run_in_thread (task, extract_thread);
  g_object_unref (task);
}

/* ------------------------------------------------------ storing articles -- */

/* The document identity: the article's address when it has one (the same
 * story reached through two feeds or "add from address" is stored once),
 * else the feed's guid scoped to the feed, else the text itself. */
static char *
item_uid (const DossierFeed     *feed,
          const DossierFeedItem *item)
{
  if (is_web_url (item->link))
    return g_strdup (item->link);
  if (item->guid != NULL && *item->guid != '\0')
    {
      if (strchr (item->guid, ':') != NULL)
        return g_strdup (item->guid);
      return g_strdup_printf ("%s#%s", feed->url, item->guid);
    }
  return NULL;
}

static const char *
item_text (const DossierFeedItem *item)
{
  if (item->content != NULL && *item->content != '\0')
    return item->content;
  if (item->summary != NULL && *item->summary != '\0')
    return item->summary;
  if (item->media_description != NULL && *item->media_description != '\0')
    return item->media_description;
  return NULL;
}

static void
store_items (FeedJob *job)
{
  DossierFeeds *self = job->self;
  DossierParsedFeed *parsed = job->parsed;
  g_autoptr(GError) error = NULL;
  gboolean in_transaction;

  /* One transaction for the whole feed (fast); each document is still its
   * own savepoint, so a refused item leaves the others stored. */
  in_transaction = dossier_store_begin (self->store, NULL);
  for (guint i = 0; i < parsed->items->len; i++)
    {
      DossierFeedItem *item = g_ptr_array_index (parsed->items, i);
      const char *full = job->full_texts && i < job->full_texts->len ? g_ptr_array_index (job->full_texts, i) : NULL;
      const char *text = full != NULL ? full : item_text (item);
      g_autoptr(DossierDocument) doc = NULL;
      g_autoptr(GError) item_error = NULL;
      DossierAddResult result = DOSSIER_ADD_DUPLICATE;
      gint64 id = 0;
      gboolean mine;

      if (text == NULL)
        continue;
      /* Only this feed's own articles are updated: the same story stored
       * through another feed (or "add from address") keeps its text. */
      mine = job->known != NULL
             && ((item->link != NULL && g_hash_table_contains (job->known, item->link))
                 || (item->guid != NULL && g_hash_table_contains (job->known, item->guid)));
      /* Full-text feeds: an article already stored holds the extracted page;
       * the feed's teaser must not replace it (and move its highlights). */
      if (mine && job->feed->full_text && full == NULL)
        continue;
      doc = dossier_document_new ();
      doc->uid = item_uid (job->feed, item);
      doc->title = g_strdup (item->title);
      doc->author = g_strdup (item->author);
      doc->source = g_strdup (parsed->title && *parsed->title ? parsed->title : job->feed->title);
      doc->url = is_web_url (item->link) ? g_strdup (item->link) : NULL;
      doc->published = item->published > 0 ? item->published : item->updated;
      doc->lang = g_strdup (parsed->lang);
      doc->text = g_strdup (text);
      doc->feed_id = job->feed->id;
      doc->guid = g_strdup (item->guid);
      if (!dossier_store_add_document (self->store, doc, mine, &result, &id, &item_error))
        {
          g_debug ("%s: item “%s” not stored: %s", job->feed->url,
                   item->title ? item->title : "?", item_error->message);
          continue;
        }
      if (result == DOSSIER_ADD_STORED)
        job->summary.n_new++;
      else if (result == DOSSIER_ADD_UPDATED)
        job->summary.n_updated++;
    }
  if (in_transaction && !dossier_store_commit (self->store, &error))
    {
      g_warning ("%s: could not store its articles: %s", job->feed->url, error->message);
      dossier_store_rollback (self->store);
    }
}

/* Everything stored for this feed, to fetch full text for new items only. */
static GHashTable *
known_items (DossierFeeds *self,
             gint64        feed_id)
{
  GHashTable *known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  DossierQuery query = { .sort = DOSSIER_SORT_ADDED, .feed_id = feed_id };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) docs = NULL;

  if (feed_id == 0)
    return known;
  ids = dossier_store_query_ids (self->store, &query, NULL);
  if (ids == NULL || ids->len == 0)
    return known;
  docs = dossier_store_get_documents (self->store, (const gint64 *) (gpointer) ids->data, ids->len, NULL);
  for (guint i = 0; docs != NULL && i < docs->len; i++)
    {
      DossierDocument *doc = g_ptr_array_index (docs, i);
      if (doc->url != NULL)
        g_hash_table_add (known, g_strdup (doc->url));
      if (doc->guid != NULL)
        g_hash_table_add (known, g_strdup (doc->guid));
    }
  return known;
}

/* ------------------------------------------------------------- feed jobs -- */

static void
feed_job_finish (FeedJob      *job,
                 const GError *error)
{
  job->done (job->owner, job, error);
}

static void
record_failure (FeedJob      *job,
                const GError *error,
                gint64        not_before)
{
  DossierFeed *feed = job->feed;
  g_autoptr(GError) store_error = NULL;

  /* Cancelling is the user's doing, not the feed's fault: record nothing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || feed->id == 0)
    return;
  feed->fetched = now_seconds ();
  g_free (feed->status);
  feed->status = g_strdup ("error");
  g_free (feed->error);
  feed->error = g_strdup (error->message);
  if (not_before > 0)
    feed->retry_after = not_before;
  if (!dossier_store_update_feed (job->self->store, feed, &store_error))
    g_warning ("%s: %s", feed->url, store_error->message);
}

static void
record_success (FeedJob *job)
{
  DossierFeed *feed = job->feed;
  DossierFetchResult *fetched = job->fetched;
  g_autoptr(GError) error = NULL;

  feed->fetched = now_seconds ();
  feed->last_success = feed->fetched;
  g_free (feed->status);
  feed->status = g_strdup ("ok");
  g_clear_pointer (&feed->error, g_free);
  feed->retry_after = fetched->not_before;
  if (fetched->etag != NULL || fetched->last_modified != NULL || fetched->status == 200)
    {
      g_free (feed->etag);
      feed->etag = g_strdup (fetched->etag);
      g_free (feed->last_modified);
      feed->last_modified = g_strdup (fetched->last_modified);
    }
  if (fetched->permanent_url != NULL && !g_str_equal (fetched->permanent_url, feed->url))
    {
      /* 301/308 all the way: the feed has moved for good. Unless another
       * subscription already has that address. */
      g_autoptr(DossierFeed) other = dossier_store_find_feed_by_url (job->self->store, fetched->permanent_url, NULL);
      if (other == NULL)
        {
          g_free (feed->url);
          feed->url = g_strdup (fetched->permanent_url);
        }
    }
  if (job->parsed != NULL)
    {
      if (job->parsed->title != NULL && *job->parsed->title != '\0'
          && (feed->title == NULL || *feed->title == '\0' || g_str_equal (feed->title, feed->url)))
        {
          g_free (feed->title);
          feed->title = g_strdup (job->parsed->title);
        }
      if (feed->site_url == NULL && is_web_url (job->parsed->link))
        feed->site_url = g_strdup (job->parsed->link);
    }
  if (feed->id == 0)
    {
      if (!dossier_store_add_feed (job->self->store, feed, &error))
        g_warning ("%s: %s", feed->url, error->message);
    }
  else if (!dossier_store_update_feed (job->self->store, feed, &error))
    g_warning ("%s: %s", feed->url, error->message);
}

static void full_text_next (FeedJob *job);

static void
finish_parsed (FeedJob *job)
{
  /* A new subscription needs its id before its articles can point at it. */
  if (job->feed->id == 0)
    {
      record_success (job);
      if (job->feed->id == 0)
        {
          g_autoptr(GError) error = g_error_new (DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_NOT_A_FEED,
                                                 _("Could not store the subscription to %s"), job->feed->url);
          feed_job_finish (job, error);
          return;
        }
    }
  store_items (job);
  record_success (job);
  feed_job_finish (job, NULL);
}

static void
on_full_text_extracted (GObject      *source,
                        GAsyncResult *res,
                        gpointer      user_data)
{
  FeedJob *job = user_data;
  g_autoptr(DossierArticle) article = g_task_propagate_pointer (G_TASK (res), NULL);

  if (article != NULL && article->text != NULL && *article->text != '\0')
    {
      DossierFeedItem *item = g_ptr_array_index (job->parsed->items, job->full_index);
      const char *own = item_text (item);

      /* The extracted page wins unless it is shorter than the feed's own text. */
      if (own == NULL || strlen (article->text) >= strlen (own))
        {
          g_free (g_ptr_array_index (job->full_texts, job->full_index));
          g_ptr_array_index (job->full_texts, job->full_index) = g_strdup (article->text);
        }
    }
  job->full_index++;
  full_text_next (job);
}

static void
on_full_text_fetched (GObject      *source,
                      GAsyncResult *res,
                      gpointer      user_data)
{
  FeedJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierFetchResult) fetched = dossier_fetcher_fetch_finish (DOSSIER_FETCHER (source), res, &error);

  if (fetched == NULL || fetched->body == NULL)
    {
      /* The feed's own text stays; a failed page is no reason to lose it. */
      if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          feed_job_finish (job, error);
          return;
        }
      job->full_index++;
      full_text_next (job);
      return;
    }
  run_extract (job->self, fetched, job->cancellable, on_full_text_extracted, job);
}

static void
full_text_next (FeedJob *job)
{
  while (job->full_index < job->parsed->items->len)
    {
      DossierFeedItem *item = g_ptr_array_index (job->parsed->items, job->full_index);

      if (job->n_full < MAX_FULL_TEXT_PER_FEED && is_web_url (item->link)
          && !g_hash_table_contains (job->known, item->link)
          && (item->guid == NULL || !g_hash_table_contains (job->known, item->guid)))
        {
          job->n_full++;
          dossier_fetcher_fetch_async (job->self->fetcher, item->link, PAGE_ACCEPT, NULL, NULL,
                                       job->cancellable, on_full_text_fetched, job);
          return;
        }
      job->full_index++;
    }

  finish_parsed (job);
}

static void
on_feed_parsed (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  FeedJob *job = user_data;
  ParseOutcome *outcome = g_task_propagate_pointer (G_TASK (res), NULL);

  if (outcome->candidates != NULL && outcome->candidates->len > 0 && job->discovering)
    {
      const char *found = g_ptr_array_index (outcome->candidates, 0);
      g_autoptr(DossierFeed) existing = dossier_store_find_feed_by_url (job->self->store, found, NULL);

      /* Discovery happens once: the page named a feed, fetch that. */
      job->discovering = FALSE;
      g_free (job->feed->url);
      job->feed->url = g_strdup (found);
      if (existing != NULL)
        {
          dossier_feed_free (job->feed);
          job->feed = g_steal_pointer (&existing);
          parse_outcome_free (outcome);
          feed_job_finish (job, NULL);
          return;
        }
      g_clear_pointer (&job->fetched, dossier_fetch_result_free);
      parse_outcome_free (outcome);
      feed_job_fetch (job);
      return;
    }
  if (outcome->parsed == NULL)
    {
      GError *error = outcome->error ? g_error_copy (outcome->error)
                                     : g_error_new (DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_NOT_A_FEED,
                                                    _("Not a feed"));
      record_failure (job, error, 0);
      parse_outcome_free (outcome);
      feed_job_finish (job, error);
      g_error_free (error);
      return;
    }

  job->parsed = g_steal_pointer (&outcome->parsed);
  parse_outcome_free (outcome);

  if (job->parsed->title != NULL && *job->parsed->title != '\0'
      && (job->feed->title == NULL || *job->feed->title == '\0'))
    job->feed->title = g_strdup (job->parsed->title);

  job->known = known_items (job->self, job->feed->id);
  if (job->feed->full_text)
    {
      job->full_texts = g_ptr_array_new_full (job->parsed->items->len, g_free);
      for (guint i = 0; i < job->parsed->items->len; i++)
        g_ptr_array_add (job->full_texts, NULL);
      job->full_index = 0;
      full_text_next (job);
      return;
    }

  finish_parsed (job);
}

static void
on_feed_fetched (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  FeedJob *job = user_data;
  GError *error = NULL;
  gint64 not_before = 0;
  GTask *task;
  ParseInput *input;

  job->fetched = dossier_fetcher_fetch_finish_full (DOSSIER_FETCHER (source), res, &not_before, &error);
  if (job->fetched == NULL)
    {
      record_failure (job, error, not_before);
      feed_job_finish (job, error);
      g_error_free (error);
      return;
    }

  if (job->fetched->status == 304)
    {
      /* Not modified: nothing to parse, nothing changes but the bookkeeping. */
      record_success (job);
      feed_job_finish (job, NULL);
      return;
    }

  task = g_task_new (job->self, job->cancellable, on_feed_parsed, job);
  input = g_new0 (ParseInput, 1);
  input->body = job->fetched->body ? g_bytes_ref (job->fetched->body) : NULL;
  input->url = g_strdup (job->fetched->url);
  input->content_type = g_strdup (job->fetched->content_type);
  input->charset = g_strdup (job->fetched->charset);
  input->discover = job->discovering;
  g_task_set_task_data (task, input, (GDestroyNotify) parse_input_free);
  /* Parsing the outside world's XML happens off the main thread. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, parse_thread);
  g_object_unref (task);
}

static void
feed_job_fetch (FeedJob *job)
{
  /* Validators only for a feed we fetched before from this same address. */
  gboolean conditional = job->feed->id != 0;

  dossier_fetcher_fetch_async (job->self->fetcher, job->feed->url, FEED_ACCEPT,
                               conditional ? job->feed->etag : NULL,
                               conditional ? job->feed->last_modified : NULL,
                               job->cancellable, on_feed_fetched, job);
}

static FeedJob *
feed_job_new (DossierFeeds *self,
              DossierFeed  *feed,
              GCancellable *cancellable,
              GTask        *owner,
              void        (*done) (GTask *, gpointer, const GError *))
{
  FeedJob *job = g_new0 (FeedJob, 1);

  job->self = g_object_ref (self);
  job->feed = feed;
  job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  job->owner = owner;
  job->done = done;
  return job;
}

/* -------------------------------------------------------------- refresh -- */

static void
refresh_report (RefreshData *data,
                const char  *message)
{
  if (data->progress != NULL)
    data->progress (data->done, data->queue->len, message, data->progress_data);
}

static void
on_refresh_job_done (GTask        *task,
                     gpointer      job_pointer,
                     const GError *error)
{
  FeedJob *job = job_pointer;
  RefreshData *data = g_task_get_task_data (task);
  g_autofree char *message = NULL;

  data->running--;
  data->done++;
  if (error == NULL)
    {
      data->summary.n_ok++;
      data->summary.n_new += job->summary.n_new;
      data->summary.n_updated += job->summary.n_updated;
      if (job->parsed != NULL && job->parsed->warnings->len > 0)
        /* Repairs and cuts are said, not hidden. */
        message = g_strdup_printf (_("“%s” is up to date (%s)"), job->feed->title ? job->feed->title : job->feed->url,
                                   (const char *) g_ptr_array_index (job->parsed->warnings, 0));
      else
        message = g_strdup_printf (_("“%s” is up to date"), job->feed->title ? job->feed->title : job->feed->url);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      data->summary.n_failed++;
      message = g_strdup_printf ("%s: %s", job->feed->title ? job->feed->title : job->feed->url, error->message);
    }
  feed_job_free (job);
  refresh_report (data, message);
  refresh_pump (task);
}

static void
refresh_pump (GTask *task)
{
  RefreshData *data = g_task_get_task_data (task);
  DossierFeeds *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  while (data->running < MAX_PARALLEL_FEEDS && data->next < data->queue->len
         && !g_cancellable_is_cancelled (cancellable))
    {
      DossierFeed *feed = dossier_feed_copy (g_ptr_array_index (data->queue, data->next++));
      g_autofree char *message = g_strdup_printf (_("Fetching “%s”…"), feed->title ? feed->title : feed->url);
      FeedJob *job = feed_job_new (self, feed, cancellable, task, on_refresh_job_done);

      data->running++;
      refresh_report (data, message);
      feed_job_fetch (job);
    }

  if (data->running > 0)
    return;
  if (data->next < data->queue->len || g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Refresh cancelled"));
      g_object_unref (task);
      return;
    }
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* ------------------------------------------------------------ overrides -- */

static void
dossier_feeds_dispose (GObject *object)
{
  DossierFeeds *self = DOSSIER_FEEDS (object);

  g_clear_object (&self->fetcher);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dossier_feeds_parent_class)->dispose (object);
}

static void
dossier_feeds_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DossierFeeds *self = DOSSIER_FEEDS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_DEFAULT_INTERVAL:
      g_value_set_uint (value, self->default_interval);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_feeds_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DossierFeeds *self = DOSSIER_FEEDS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_DEFAULT_INTERVAL:
      self->default_interval = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_feeds_class_init (DossierFeedsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dossier_feeds_dispose;
  object_class->get_property = dossier_feeds_get_property;
  object_class->set_property = dossier_feeds_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, DOSSIER_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEFAULT_INTERVAL] =
    g_param_spec_uint ("default-interval", NULL, NULL, 1, 7 * 24 * 60, 60,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Parsing runs in several worker threads at once: libxml2 must be set up
   * once, on this thread, before any of them starts. */
  xmlInitParser ();
}

static void
dossier_feeds_init (DossierFeeds *self)
{
  self->default_interval = 60;
  self->fetcher = dossier_fetcher_new ();
}

/* ----------------------------------------------------------- public API -- */

DossierFeeds *
dossier_feeds_new (DossierStore *store)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  return g_object_new (DOSSIER_TYPE_FEEDS, "store", store, NULL);
}

DossierStore *
dossier_feeds_get_store (DossierFeeds *self)
{
  g_return_val_if_fail (DOSSIER_IS_FEEDS (self), NULL);

  return self->store;
}

DossierFetcher *
dossier_feeds_get_fetcher (DossierFeeds *self)
{
  g_return_val_if_fail (DOSSIER_IS_FEEDS (self), NULL);

  return self->fetcher;
}

void
dossier_feeds_set_default_interval (DossierFeeds *self,
                                    guint         minutes)
{
  g_return_if_fail (DOSSIER_IS_FEEDS (self));

  minutes = CLAMP (minutes, 1, 7 * 24 * 60);
  if (self->default_interval == minutes)
    return;
  self->default_interval = minutes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULT_INTERVAL]);
}

/* subscribe */

static void
on_subscribe_job_done (GTask        *task,
                       gpointer      job_pointer,
                       const GError *error)
{
  FeedJob *job = job_pointer;

  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_pointer (task, dossier_feed_copy (job->feed), (GDestroyNotify) dossier_feed_free);
  feed_job_free (job);
  g_object_unref (task);
}

void
dossier_feeds_subscribe_async (DossierFeeds        *self,
                               const char          *url,
                               const char          *folder,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  g_autofree char *address = NULL;
  g_autoptr(DossierFeed) existing = NULL;
  DossierFeed *feed;
  FeedJob *job;

  g_return_if_fail (DOSSIER_IS_FEEDS (self));
  g_return_if_fail (url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_feeds_subscribe_async);

  address = normalise_address (url);
  existing = dossier_store_find_feed_by_url (self->store, address, NULL);
  if (existing != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&existing), (GDestroyNotify) dossier_feed_free);
      g_object_unref (task);
      return;
    }

  feed = dossier_feed_new ();
  feed->url = g_steal_pointer (&address);
  feed->folder = g_strdup (folder);
  job = feed_job_new (self, feed, cancellable, task, on_subscribe_job_done);
  job->discovering = TRUE;
  feed_job_fetch (job);
}

DossierFeed *
dossier_feeds_subscribe_finish (DossierFeeds  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* refresh */

void
dossier_feeds_refresh_async (DossierFeeds             *self,
                             gint64                    feed_id,
                             gboolean                  force,
                             DossierFeedsProgressFunc  progress,
                             gpointer                  progress_data,
                             GDestroyNotify            progress_destroy,
                             GCancellable             *cancellable,
                             GAsyncReadyCallback       callback,
                             gpointer                  user_data)
{
  GTask *task;
  RefreshData *data;
  g_autoptr(GPtrArray) feeds = NULL;
  GError *error = NULL;
  gint64 now = now_seconds ();

  g_return_if_fail (DOSSIER_IS_FEEDS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_feeds_refresh_async);
  data = g_new0 (RefreshData, 1);
  data->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_feed_free);
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_destroy = progress_destroy;
  g_task_set_task_data (task, data, (GDestroyNotify) refresh_data_free);

  if (feed_id != 0)
    {
      DossierFeed *feed = dossier_store_get_feed (self->store, feed_id, &error);
      if (feed == NULL)
        {
          g_task_return_error (task, error);
          g_object_unref (task);
          return;
        }
      feeds = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_feed_free);
      g_ptr_array_add (feeds, feed);
    }
  else
    {
      feeds = dossier_store_list_feeds (self->store, &error);
      if (feeds == NULL)
        {
          g_task_return_error (task, error);
          g_object_unref (task);
          return;
        }
    }

  for (guint i = 0; i < feeds->len; i++)
    {
      DossierFeed *feed = g_ptr_array_index (feeds, i);
      guint interval = feed->interval > 0 ? feed->interval : self->default_interval;

      data->summary.n_feeds++;
      /* The server's wishes (Retry-After, max-age) hold even when forced. */
      if (feed->retry_after > now)
        {
          data->summary.n_skipped++;
          continue;
        }
      if (!force && feed->fetched > 0 && now < feed->fetched + (gint64) interval * 60)
        {
          data->summary.n_skipped++;
          continue;
        }
      g_ptr_array_add (data->queue, dossier_feed_copy (feed));
    }

  refresh_report (data, NULL);
  refresh_pump (task);
}

gboolean
dossier_feeds_refresh_finish (DossierFeeds           *self,
                              GAsyncResult           *result,
                              DossierRefreshSummary  *out_summary,
                              GError                **error)
{
  RefreshData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (out_summary != NULL)
    *out_summary = data->summary;
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
dossier_feeds_remove (DossierFeeds  *self,
                      gint64         feed_id,
                      GError       **error)
{
  g_return_val_if_fail (DOSSIER_IS_FEEDS (self), FALSE);

  return dossier_store_remove_feed (self->store, feed_id, error);
}

/* fetch page */

static void
on_page_extracted (GObject      *source,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  GTask *task = user_data;
  DossierFeeds *self = g_task_get_source_object (task);
  const char *url = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(DossierArticle) article = g_task_propagate_pointer (G_TASK (res), &error);
  g_autoptr(DossierDocument) doc = NULL;
  DossierAddResult result;
  gint64 id = 0;

  if (article == NULL)
    {
      g_autoptr(GError) inner = error;
      g_task_return_new_error (task, inner->domain, inner->code, "%s: %s", url, inner->message);
      g_object_unref (task);
      return;
    }

  doc = dossier_document_new ();
  doc->uid = g_strdup (url);
  doc->title = g_strdup (article->title && *article->title ? article->title : url);
  doc->author = g_strdup (article->byline);
  doc->source = article->site_name ? g_strdup (article->site_name) : host_name (url);
  doc->url = g_strdup (url);
  doc->published = article->published;
  doc->lang = g_strdup (article->lang);
  doc->text = g_strdup (article->text);
  if (!dossier_store_add_document (self->store, doc, FALSE, &result, &id, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_task_return_int (task, id);
  g_object_unref (task);
}

static void
on_page_fetched (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  GTask *task = user_data;
  DossierFeeds *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr(DossierFetchResult) fetched = dossier_fetcher_fetch_finish (DOSSIER_FETCHER (source), res, &error);

  if (fetched == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  /* The page's final address (after redirects) is its identity. */
  g_task_set_task_data (task, g_strdup (fetched->url), g_free);
  run_extract (self, fetched, g_task_get_cancellable (task), on_page_extracted, task);
}

void
dossier_feeds_fetch_page_async (DossierFeeds        *self,
                                const char          *url,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  g_autofree char *address = NULL;

  g_return_if_fail (DOSSIER_IS_FEEDS (self));
  g_return_if_fail (url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_feeds_fetch_page_async);
  address = normalise_address (url);
  dossier_fetcher_fetch_async (self->fetcher, address, PAGE_ACCEPT, NULL, NULL, cancellable,
                               on_page_fetched, task);
}

gint64
dossier_feeds_fetch_page_finish (DossierFeeds  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  gssize id;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  id = g_task_propagate_int (G_TASK (result), error);
  return id < 0 ? 0 : id;
}

/* OPML */

gboolean
dossier_feeds_import_opml (DossierFeeds  *self,
                           const char    *data,
                           gsize          length,
                           guint         *out_added,
                           guint         *out_skipped,
                           GError       **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  guint added = 0;
  guint skipped = 0;

  g_return_val_if_fail (DOSSIER_IS_FEEDS (self), FALSE);

  entries = dossier_opml_parse (data, length, &skipped, error);
  if (entries == NULL)
    return FALSE;

  /* All or nothing: a half-imported list is harder to fix than none. */
  if (!dossier_store_begin (self->store, error))
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      DossierOpmlEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(DossierFeed) existing = dossier_store_find_feed_by_url (self->store, entry->url, NULL);
      g_autoptr(DossierFeed) feed = NULL;

      if (existing != NULL)
        {
          skipped++;
          continue;
        }
      feed = dossier_feed_new ();
      feed->url = g_strdup (entry->url);
      feed->title = g_strdup (entry->title);
      feed->site_url = g_strdup (entry->site_url);
      feed->folder = g_strdup (entry->folder);
      if (!dossier_store_add_feed (self->store, feed, error))
        {
          dossier_store_rollback (self->store);
          return FALSE;
        }
      added++;
    }
  if (!dossier_store_commit (self->store, error))
    {
      dossier_store_rollback (self->store);
      return FALSE;
    }
  if (out_added != NULL)
    *out_added = added;
  if (out_skipped != NULL)
    *out_skipped = skipped;
  return TRUE;
}

char *
dossier_feeds_export_opml (DossierFeeds  *self,
                           GError       **error)
{
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_opml_entry_free);

  g_return_val_if_fail (DOSSIER_IS_FEEDS (self), NULL);

  feeds = dossier_store_list_feeds (self->store, error);
  if (feeds == NULL)
    return NULL;
  for (guint i = 0; i < feeds->len; i++)
    {
      DossierFeed *feed = g_ptr_array_index (feeds, i);
      DossierOpmlEntry *entry = g_new0 (DossierOpmlEntry, 1);

      entry->url = g_strdup (feed->url);
      entry->title = g_strdup (feed->title);
      entry->site_url = g_strdup (feed->site_url);
      entry->folder = g_strdup (feed->folder);
      g_ptr_array_add (entries, entry);
    }
  return dossier_opml_write (entries, _("Dossier subscriptions"));
}
