/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-feeds-window.h: the subscriptions window.
 *
 * Lists feeds grouped by folder with their title, last success ("Updated 5
 * minutes ago") or the reason the last fetch failed; subscribes to a pasted
 * feed or site address; per feed: full text on/off, refresh interval, show its
 * articles, remove (asks first; its articles stay); refresh one or all with
 * progress and Stop; OPML import and export. Fetching goes through
 * app/net/dossier-feeds.h; this window never talks to the network itself.
 *
 * Signals:
 *   show-feed (gint64 feed_id)   filter the library to this feed's articles
 */
#pragma once

#include <adwaita.h>

#include "dossier-feeds.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_FEEDS_WINDOW (dossier_feeds_window_get_type ())
G_DECLARE_FINAL_TYPE (DossierFeedsWindow, dossier_feeds_window, DOSSIER, FEEDS_WINDOW, AdwWindow)

/* `parent` may be NULL. `feeds` is the application's one DossierFeeds. */
GtkWidget    *dossier_feeds_window_new         (GtkWindow          *parent,
                                                DossierFeeds       *feeds);
DossierFeeds *dossier_feeds_window_get_feeds   (DossierFeedsWindow *self);

/* Same as the window's "Refresh All" button (action "feeds.refresh-all"). */
void          dossier_feeds_window_refresh_all (DossierFeedsWindow *self);

G_END_DECLS
