/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-feeds.h: subscriptions, refresh, "add from address" and OPML.
 *
 * One DossierFeeds per application: it owns the DossierFetcher (the one
 * SoupSession) and borrows the application's DossierStore.
 *
 * Threads: every call here, and every callback (completion and progress),
 * happens on the thread-default main context of the caller, which must be the
 * thread that owns the store. Store calls stay on that thread; only network I/O
 * (asynchronous on that same context) and parsing/extraction (GTask worker
 * threads, no store access) happen elsewhere. So the store needs no second
 * connection, and a worker can never half-write the library.
 *
 * A failed fetch never removes or changes stored articles: it only records
 * the reason on the feed (DossierFeed.status = "error", .error in words).
 */
#pragma once

#include <gio/gio.h>

#include "dossier-store.h"
#include "dossier-fetcher.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_FEEDS (dossier_feeds_get_type ())
G_DECLARE_FINAL_TYPE (DossierFeeds, dossier_feeds, DOSSIER, FEEDS, GObject)

/* Called on the caller's main context while a refresh runs. `done` of
 * `total` feeds are finished; `message` says what happens now in words
 * ("Fetching “Example News”…"), nullable. */
typedef void (*DossierFeedsProgressFunc) (guint       done,
                                          guint       total,
                                          const char *message,
                                          gpointer    user_data);

typedef struct {
  guint n_feeds;      /* feeds considered */
  guint n_ok;         /* fetched and parsed (304 counts as ok) */
  guint n_failed;     /* reason stored on the feed */
  guint n_skipped;    /* not due yet, or the server asked us to wait */
  guint n_new;        /* new articles stored */
  guint n_updated;    /* stored articles whose text changed */
} DossierRefreshSummary;

DossierFeeds   *dossier_feeds_new         (DossierStore *store);
DossierStore   *dossier_feeds_get_store   (DossierFeeds *self);
DossierFetcher *dossier_feeds_get_fetcher (DossierFeeds *self);

/* Minutes between automatic refreshes for feeds whose interval is 0
 * (property "default-interval", default 60). */
void            dossier_feeds_set_default_interval (DossierFeeds *self,
                                                    guint         minutes);

/* Subscribes to `url`: a feed address, or a page whose
 * <link rel="alternate"> names a feed (discovery). Stores the feed, then
 * fetches it once and stores its articles. Already subscribed → that feed.
 * `folder` (nullable) is the OPML folder. Returns the stored feed. */
void         dossier_feeds_subscribe_async  (DossierFeeds        *self,
                                             const char          *url,
                                             const char          *folder,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
DossierFeed *dossier_feeds_subscribe_finish (DossierFeeds        *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* Refreshes one feed (feed_id) or all (0), at most a few at a time. Without
 * `force`, only feeds that are due (interval elapsed) are fetched; feeds the
 * server asked us to leave alone (Retry-After, Cache-Control max-age) are
 * skipped either way. Per-feed failures do not fail the operation: they are
 * stored on the feed and counted; the call fails only when cancelled (stored
 * work stays) or when feed_id does not exist. */
void     dossier_feeds_refresh_async  (DossierFeeds             *self,
                                       gint64                    feed_id,
                                       gboolean                  force,
                                       DossierFeedsProgressFunc  progress,
                                       gpointer                  progress_data,
                                       GDestroyNotify            progress_destroy,
                                       GCancellable             *cancellable,
                                       GAsyncReadyCallback       callback,
                                       gpointer                  user_data);
gboolean dossier_feeds_refresh_finish (DossierFeeds           *self,
                                       GAsyncResult           *result,
                                       DossierRefreshSummary  *out_summary,
                                       GError                **error);

/* Unsubscribes; the feed's articles stay in the library. */
gboolean dossier_feeds_remove (DossierFeeds  *self,
                               gint64         feed_id,
                               GError       **error);

/* "Add from address": fetches one web page, extracts the article and stores
 * it. Returns the document id (an existing one for a duplicate), 0 on error. */
void   dossier_feeds_fetch_page_async  (DossierFeeds        *self,
                                        const char          *url,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gint64 dossier_feeds_fetch_page_finish (DossierFeeds        *self,
                                        GAsyncResult        *result,
                                        GError             **error);

/* OPML: subscriptions with their folders. Import adds feeds (not yet
 * fetched, status "new") and skips those already subscribed; nothing is
 * fetched. Fast and local, so synchronous. */
gboolean dossier_feeds_import_opml (DossierFeeds  *self,
                                    const char    *data,
                                    gsize          length,
                                    guint         *out_added,
                                    guint         *out_skipped,
                                    GError       **error);
char    *dossier_feeds_export_opml (DossierFeeds  *self,
                                    GError       **error);

G_END_DECLS
