/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-feeds-window.c: the subscriptions window.
 *
 * Owns: the list of feeds grouped by folder, subscribing, per-feed settings,
 * refresh with progress and Stop, OPML import/export through file choosers.
 * Must not: touch the network or parse anything itself (DossierFeeds does),
 * write SQL, or remove articles (removing a feed keeps them). */
#define G_LOG_DOMAIN "dossier-feeds-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-feeds-window-private.h"

struct _DossierFeedsWindow
{
  AdwWindow        parent_instance;

  /* template widgets */
  GtkRevealer     *progress_revealer;
  GtkProgressBar  *progress_bar;
  AdwToastOverlay *toast_overlay;
  AdwEntryRow     *subscribe_row;
  GtkSpinner      *subscribe_spinner;
  GtkLabel        *subscribe_error;
  AdwStatusPage   *empty_page;
  GtkBox          *groups_box;

  /* owned */
  DossierFeeds    *feeds;
  GHashTable      *rows;            /* feed id → FeedRow */
  char            *layout;          /* ids and folders of the rows shown, to rebuild only when it changes */
  GCancellable    *refresh;
  GCancellable    *subscribe;
  GtkNativeDialog *file_chooser;
  guint            clock_source;
  gboolean         updating;        /* rows are being filled from the store: ignore their signals */
  gboolean         disposed;        /* a late callback must not touch the widgets */
};

G_DEFINE_FINAL_TYPE (DossierFeedsWindow, dossier_feeds_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_FEEDS,
  N_PROPS
};

enum {
  SHOW_FEED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The widgets of one feed, updated in place when only its values change. */
typedef struct
{
  gint64          id;
  AdwExpanderRow *row;
  GtkSwitch      *full_text;
  GtkSpinButton  *interval;
  AdwActionRow   *address;
  GtkWidget      *refresh_button;
  GtkWidget      *failed_icon;    /* a feed icon, or a warning when the last refresh failed */
} FeedRow;

/* -------------------------------------------------------------- helpers -- */

static DossierStore *
get_store (DossierFeedsWindow *self)
{
  return dossier_feeds_get_store (self->feeds);
}

static void
show_toast (DossierFeedsWindow *self,
            const char         *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static const char *
feed_title (const DossierFeed *feed)
{
  if (feed->title != NULL && *feed->title != '\0')
    return feed->title;
  return feed->url;
}

static char *
format_ago (gint64 when,
            gint64 now)
{
  gint64 seconds = MAX (now - when, 0);
  guint n;

  if (seconds < 60)
    return g_strdup (_("just now"));
  if (seconds < 3600)
    {
      n = seconds / 60;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute ago", "%u minutes ago", n), n);
    }
  if (seconds < 86400)
    {
      n = seconds / 3600;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour ago", "%u hours ago", n), n);
    }
  if (seconds < 86400 * 30)
    {
      n = seconds / 86400;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day ago", "%u days ago", n), n);
    }
  {
    g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (when);
    g_autofree char *day = g_date_time_format (date, "%-d %b %Y");

    return g_strdup_printf (_("on %s"), day);
  }
}

/* "Updated 5 minutes ago", or the reason of the last failure in words. */
static char *
feed_status_text (const DossierFeed *feed)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *ago = NULL;

  if (g_strcmp0 (feed->status, "error") == 0)
    {
      const char *reason = feed->error != NULL && *feed->error != '\0' ? feed->error : _("unknown error");

      if (feed->last_success > 0)
        {
          ago = format_ago (feed->last_success, now);
          /* Translators: "Failed: server answered 404 · last updated 2 days ago" */
          return g_strdup_printf (_("Failed: %s · last updated %s"), reason, ago);
        }
      return g_strdup_printf (_("Failed: %s"), reason);
    }

  if (feed->last_success > 0)
    {
      ago = format_ago (feed->last_success, now);
      return g_strdup_printf (_("Updated %s"), ago);
    }

  return g_strdup (_("Not fetched yet"));
}

static void
feed_row_update (DossierFeedsWindow *self,
                 FeedRow            *feed_row,
                 const DossierFeed  *feed)
{
  g_autofree char *status = feed_status_text (feed);
  gboolean failed = g_strcmp0 (feed->status, "error") == 0;

  self->updating = TRUE;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (feed_row->row), feed_title (feed));
  adw_expander_row_set_subtitle (feed_row->row, status);
  /* Every row has an icon, so titles line up; a failed feed shows a warning. */
  gtk_image_set_from_icon_name (GTK_IMAGE (feed_row->failed_icon),
                                failed ? "dialog-warning-symbolic" : "application-rss+xml-symbolic");
  if (failed)
    gtk_widget_add_css_class (feed_row->failed_icon, "warning");
  else
    gtk_widget_remove_css_class (feed_row->failed_icon, "warning");
  gtk_widget_set_tooltip_text (feed_row->failed_icon, failed ? _("The last refresh failed") : NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (feed_row->failed_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  failed ? _("The last refresh failed") : _("Feed"), -1);
  gtk_switch_set_active (feed_row->full_text, feed->full_text);
  gtk_spin_button_set_value (feed_row->interval, feed->interval);
  adw_action_row_set_subtitle (feed_row->address, feed->url);
  gtk_widget_set_sensitive (feed_row->refresh_button, self->refresh == NULL);
  self->updating = FALSE;
}

static void feed_row_free (gpointer data) { g_free (data); }

static void on_full_text_notify_cb (GtkSwitch *toggle, GParamSpec *pspec, DossierFeedsWindow *self);
static void on_interval_changed_cb (GtkSpinButton *spin, DossierFeedsWindow *self);

static FeedRow *
feed_row_new (DossierFeedsWindow *self,
              const DossierFeed  *feed)
{
  FeedRow *feed_row = g_new0 (FeedRow, 1);
  g_autofree char *refresh_label = g_strdup_printf (_("Refresh “%s”"), feed_title (feed));
  GtkWidget *row, *full_text_row, *interval_row, *show_row, *remove_row, *remove_button;
  GtkWidget *toggle, *spin, *address_row, *arrow;

  feed_row->id = feed->id;

  row = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "dossier-feed-row");
  feed_row->row = ADW_EXPANDER_ROW (row);

  feed_row->refresh_button = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  gtk_widget_set_valign (feed_row->refresh_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (feed_row->refresh_button, "flat");
  gtk_widget_set_tooltip_text (feed_row->refresh_button, _("Refresh This Feed"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (feed_row->refresh_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, refresh_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (feed_row->refresh_button), "feeds.refresh");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (feed_row->refresh_button),
                                          g_variant_new_int64 (feed->id));
  adw_expander_row_add_action (feed_row->row, feed_row->refresh_button);

  feed_row->failed_icon = gtk_image_new ();
  adw_expander_row_add_prefix (feed_row->row, feed_row->failed_icon);

  full_text_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (full_text_row), _("Full Text"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (full_text_row),
                               _("Fetch each article’s page instead of keeping the feed’s own text"));
  toggle = gtk_switch_new ();
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (full_text_row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (full_text_row), toggle);
  feed_row->full_text = GTK_SWITCH (toggle);
  g_signal_connect (toggle, "notify::active", G_CALLBACK (on_full_text_notify_cb), self);
  g_object_set_data (G_OBJECT (toggle), "feed-id", feed_row);
  adw_expander_row_add_row (feed_row->row, full_text_row);

  interval_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (interval_row), _("Refresh Interval"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (interval_row),
                               _("Minutes between refreshes; 0 uses the interval from Preferences"));
  spin = gtk_spin_button_new_with_range (0, 7 * 24 * 60, 15);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Refresh interval in minutes"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (interval_row), spin);
  feed_row->interval = GTK_SPIN_BUTTON (spin);
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_interval_changed_cb), self);
  g_object_set_data (G_OBJECT (spin), "feed-id", feed_row);
  adw_expander_row_add_row (feed_row->row, interval_row);

  address_row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (address_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (address_row), _("Address"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (address_row), 2);
  feed_row->address = ADW_ACTION_ROW (address_row);
  adw_expander_row_add_row (feed_row->row, address_row);

  show_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (show_row), _("Show Articles"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (show_row), _("Show only this feed’s articles in the library"));
  arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  adw_action_row_add_suffix (ADW_ACTION_ROW (show_row), arrow);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (show_row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (show_row), "feeds.show");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (show_row), g_variant_new_int64 (feed->id));
  adw_expander_row_add_row (feed_row->row, show_row);

  remove_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (remove_row), _("Unsubscribe"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (remove_row), _("Its articles stay in the library"));
  remove_button = gtk_button_new_with_mnemonic (_("_Remove…"));
  gtk_widget_set_valign (remove_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove_button, "destructive-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove_button), "feeds.remove");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove_button), g_variant_new_int64 (feed->id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (remove_row), remove_button);
  adw_expander_row_add_row (feed_row->row, remove_row);

  feed_row_update (self, feed_row, feed);
  return feed_row;
}

static int
compare_feeds (gconstpointer a,
               gconstpointer b)
{
  const DossierFeed *fa = *(DossierFeed * const *) a;
  const DossierFeed *fb = *(DossierFeed * const *) b;
  int cmp;

  /* Feeds outside any folder first, then folders by name, then titles. */
  if ((fa->folder == NULL) != (fb->folder == NULL))
    return fa->folder == NULL ? -1 : 1;
  if (fa->folder != NULL && (cmp = g_utf8_collate (fa->folder, fb->folder)) != 0)
    return cmp;
  return g_utf8_collate (feed_title (fa), feed_title (fb));
}

static void
remove_children (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
refresh_list (DossierFeedsWindow *self)
{
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) layout = g_string_new (NULL);
  g_autoptr(GHashTable) expanded = NULL;
  AdwPreferencesGroup *group = NULL;
  const char *group_folder = NULL;

  feeds = dossier_store_list_feeds (get_store (self), &error);
  if (feeds == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not read the subscriptions: %s"), error->message);
      show_toast (self, message);
      return;
    }

  g_ptr_array_sort (feeds, compare_feeds);
  for (guint i = 0; i < feeds->len; i++)
    {
      const DossierFeed *feed = g_ptr_array_index (feeds, i);
      g_string_append_printf (layout, "%" G_GINT64_FORMAT "/%s/%s\n", feed->id,
                              feed->folder != NULL ? feed->folder : "", feed_title (feed));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->empty_page), feeds->len == 0);

  /* Same feeds in the same places: update the rows in place, so an open row
   * and the focus in its interval field survive a refresh. */
  if (g_strcmp0 (layout->str, self->layout) == 0)
    {
      for (guint i = 0; i < feeds->len; i++)
        {
          const DossierFeed *feed = g_ptr_array_index (feeds, i);
          FeedRow *feed_row = g_hash_table_lookup (self->rows, &feed->id);

          if (feed_row != NULL)
            feed_row_update (self, feed_row, feed);
        }
      return;
    }

  expanded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  {
    GHashTableIter iter;
    FeedRow *feed_row;

    g_hash_table_iter_init (&iter, self->rows);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &feed_row))
      if (adw_expander_row_get_expanded (feed_row->row))
        g_hash_table_add (expanded, g_memdup2 (&feed_row->id, sizeof feed_row->id));
  }

  g_free (self->layout);
  self->layout = g_string_free (g_steal_pointer (&layout), FALSE);
  g_hash_table_remove_all (self->rows);
  remove_children (self->groups_box);

  for (guint i = 0; i < feeds->len; i++)
    {
      const DossierFeed *feed = g_ptr_array_index (feeds, i);
      FeedRow *feed_row;
      gint64 *key;

      if (group == NULL || g_strcmp0 (group_folder, feed->folder) != 0)
        {
          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, feed->folder != NULL ? feed->folder : _("Subscriptions"));
          gtk_box_append (self->groups_box, GTK_WIDGET (group));
          group_folder = feed->folder;
        }

      feed_row = feed_row_new (self, feed);
      adw_expander_row_set_expanded (feed_row->row, g_hash_table_contains (expanded, &feed->id));
      adw_preferences_group_add (group, GTK_WIDGET (feed_row->row));
      key = g_memdup2 (&feed->id, sizeof feed->id);
      g_hash_table_insert (self->rows, key, feed_row);
    }
}

static gboolean
clock_cb (gpointer data)
{
  /* "Updated 5 minutes ago" must not stay "just now" all afternoon. */
  refresh_list (data);
  return G_SOURCE_CONTINUE;
}

static void
set_refreshing (DossierFeedsWindow *self,
                gboolean            refreshing)
{
  GHashTableIter iter;
  FeedRow *feed_row;

  gtk_revealer_set_reveal_child (self->progress_revealer, refreshing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "feeds.refresh-all", !refreshing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "feeds.refresh", !refreshing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "feeds.stop", refreshing);

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &feed_row))
    gtk_widget_set_sensitive (feed_row->refresh_button, !refreshing);
}

/* ------------------------------------------------------------ callbacks -- */

static void
on_store_changed_cb (DossierStore       *store,
                     const char         *what,
                     DossierFeedsWindow *self)
{
  /* A refresh may still be storing after the window was closed. */
  if (!self->disposed && g_strcmp0 (what, "feeds") == 0)
    refresh_list (self);
}

static gboolean
update_feed (DossierFeedsWindow *self,
             gint64              feed_id,
             gboolean            set_full_text,
             gboolean            full_text,
             gboolean            set_interval,
             guint               interval)
{
  g_autoptr(DossierFeed) feed = NULL;
  g_autoptr(GError) error = NULL;

  feed = dossier_store_get_feed (get_store (self), feed_id, &error);
  if (feed != NULL)
    {
      if (set_full_text)
        feed->full_text = full_text;
      if (set_interval)
        feed->interval = interval;
      if (dossier_store_update_feed (get_store (self), feed, &error))
        return TRUE;
    }

  {
    g_autofree char *message = g_strdup_printf (_("Could not change the feed: %s"), error->message);
    show_toast (self, message);
  }
  refresh_list (self);
  return FALSE;
}

static void
on_full_text_notify_cb (GtkSwitch          *toggle,
                        GParamSpec         *pspec,
                        DossierFeedsWindow *self)
{
  FeedRow *feed_row = g_object_get_data (G_OBJECT (toggle), "feed-id");

  if (!self->updating)
    update_feed (self, feed_row->id, TRUE, gtk_switch_get_active (toggle), FALSE, 0);
}

static void
on_interval_changed_cb (GtkSpinButton      *spin,
                        DossierFeedsWindow *self)
{
  FeedRow *feed_row = g_object_get_data (G_OBJECT (spin), "feed-id");

  if (!self->updating)
    update_feed (self, feed_row->id, FALSE, FALSE, TRUE, gtk_spin_button_get_value_as_int (spin));
}

static void
on_subscribe_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DossierFeedsWindow) self = user_data;
  g_autoptr(DossierFeed) feed = NULL;
  g_autoptr(GError) error = NULL;

  feed = dossier_feeds_subscribe_finish (DOSSIER_FEEDS (source), result, &error);
  g_clear_object (&self->subscribe);
  if (self->disposed)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->subscribe_spinner), FALSE);
  gtk_spinner_stop (self->subscribe_spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->subscribe_row), TRUE);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (feed == NULL)
    {
      gtk_label_set_text (self->subscribe_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->subscribe_error), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->subscribe_row), "error");
      return;
    }

  {
    g_autofree char *message = g_strdup_printf (_("Subscribed to “%s”"), feed_title (feed));
    show_toast (self, message);
  }
  gtk_editable_set_text (GTK_EDITABLE (self->subscribe_row), "");
  refresh_list (self);
}

static void
on_subscribe_apply_cb (AdwEntryRow        *row,
                       DossierFeedsWindow *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*url == '\0' || self->subscribe != NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "feeds.subscribe", "s", url);
}

static void
on_refresh_progress_cb (guint       done,
                        guint       total,
                        const char *message,
                        gpointer    user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(DossierFeedsWindow) self = g_weak_ref_get (ref);
  g_autofree char *text = NULL;

  if (self == NULL)
    return;

  if (message != NULL && *message != '\0')
    text = g_strdup_printf (_("%u of %u feeds · %s"), done, total, message);
  else
    text = g_strdup_printf (_("%u of %u feeds"), done, total);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
on_refresh_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DossierFeedsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) message = g_string_new (NULL);
  DossierRefreshSummary summary = { 0, };

  gboolean ok;

  ok = dossier_feeds_refresh_finish (DOSSIER_FEEDS (source), result, &summary, &error);
  g_clear_object (&self->refresh);
  if (self->disposed)
    return;
  set_refreshing (self, FALSE);

  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_string_append (message, _("Stopped. Articles fetched so far are kept."));
      else
        g_string_append_printf (message, _("Could not refresh: %s"), error->message);
    }
  else
    {
      if (summary.n_new == 0 && summary.n_updated == 0)
        g_string_append (message, _("No new articles"));
      else
        g_string_append_printf (message, g_dngettext (GETTEXT_PACKAGE, "%u new article", "%u new articles",
                                                      summary.n_new), summary.n_new);
      if (summary.n_updated > 0)
        g_string_append_printf (message, g_dngettext (GETTEXT_PACKAGE, ", %u updated", ", %u updated",
                                                      summary.n_updated), summary.n_updated);
      if (summary.n_failed > 0)
        g_string_append_printf (message, g_dngettext (GETTEXT_PACKAGE, " · %u feed failed", " · %u feeds failed",
                                                      summary.n_failed), summary.n_failed);
    }

  show_toast (self, message->str);
  refresh_list (self);
}

static void
start_refresh (DossierFeedsWindow *self,
               gint64              feed_id)
{
  GWeakRef *ref;

  if (self->refresh != NULL)
    return;

  self->refresh = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Starting…"));
  set_refreshing (self, TRUE);

  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  /* By hand means now: force skips only the feeds whose server asked us to wait. */
  dossier_feeds_refresh_async (self->feeds, feed_id, TRUE,
                               on_refresh_progress_cb, ref, weak_ref_free,
                               self->refresh,
                               on_refresh_done_cb, g_object_ref (self));
}

static void
on_remove_response_cb (AdwMessageDialog   *dialog,
                       const char         *response,
                       DossierFeedsWindow *self)
{
  gint64 *feed_id = g_object_get_data (G_OBJECT (dialog), "feed-id");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;

  if (!dossier_feeds_remove (self->feeds, *feed_id, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not remove the feed: %s"), error->message);
      show_toast (self, message);
    }
  refresh_list (self);
}

static void
on_import_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DossierFeedsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  g_autofree char *message = NULL;
  gsize length = 0;
  guint added = 0, skipped = 0;

  if (self->disposed)
    return;
  if (!g_file_load_contents_finish (G_FILE (source), result, &data, &length, NULL, &error) ||
      !dossier_feeds_import_opml (self->feeds, data, length, &added, &skipped, &error))
    {
      message = g_strdup_printf (_("Could not import “%s”: %s"), name, error->message);
      show_toast (self, message);
      return;
    }

  if (skipped > 0)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u feed imported, %u already subscribed",
                                            "%u feeds imported, %u already subscribed", added),
                               added, skipped);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u feed imported", "%u feeds imported", added),
                               added);
  show_toast (self, message);
  refresh_list (self);
}

static void
on_export_saved_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DossierFeedsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  g_autofree char *message = NULL;
  gboolean ok;

  ok = g_file_replace_contents_finish (G_FILE (source), result, NULL, &error);
  if (self->disposed)
    return;
  if (!ok)
    message = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
  else
    message = g_strdup_printf (_("Subscriptions saved to “%s”"), name);
  show_toast (self, message);
}

static void
on_file_chooser_response_cb (GtkNativeDialog    *chooser,
                             int                 response,
                             DossierFeedsWindow *self)
{
  g_autoptr(GFile) file = NULL;
  gboolean exporting = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->file_chooser);
  if (file == NULL)
    return;

  if (exporting)
    _dossier_feeds_window_export_to (self, file);
  else
    _dossier_feeds_window_import_from (self, file);
}

/* -------------------------------------------------------------- actions -- */

static void
refresh_all_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  start_refresh (DOSSIER_FEEDS_WINDOW (widget), 0);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  start_refresh (DOSSIER_FEEDS_WINDOW (widget), g_variant_get_int64 (param));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DossierFeedsWindow *self = DOSSIER_FEEDS_WINDOW (widget);

  if (self->refresh != NULL)
    g_cancellable_cancel (self->refresh);
}

static void
show_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  g_signal_emit (widget, signals[SHOW_FEED], 0, g_variant_get_int64 (param));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DossierFeedsWindow *self = DOSSIER_FEEDS_WINDOW (widget);
  gint64 feed_id = g_variant_get_int64 (param);
  g_autoptr(DossierFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  feed = dossier_store_get_feed (get_store (self), feed_id, &error);
  if (feed == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not remove the feed: %s"), error->message);
      show_toast (self, message);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Unsubscribe?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” will no longer be refreshed. Its articles stay in the library, "
                                    "with your highlights and notes."),
                                  feed_title (feed));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Unsubscribe"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "feed-id",
                          g_memdup2 (&feed_id, sizeof feed_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
subscribe_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  DossierFeedsWindow *self = DOSSIER_FEEDS_WINDOW (widget);
  const char *url = g_variant_get_string (param, NULL);

  if (self->subscribe != NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->subscribe_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->subscribe_row), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->subscribe_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->subscribe_spinner), TRUE);
  gtk_spinner_start (self->subscribe_spinner);

  self->subscribe = g_cancellable_new ();
  dossier_feeds_subscribe_async (self->feeds, url, NULL, self->subscribe,
                                 on_subscribe_done_cb, g_object_ref (self));
}

static void
set_full_text_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  gint64 feed_id;
  gboolean full_text;

  g_variant_get (param, "(xb)", &feed_id, &full_text);
  if (update_feed (DOSSIER_FEEDS_WINDOW (widget), feed_id, TRUE, full_text, FALSE, 0))
    refresh_list (DOSSIER_FEEDS_WINDOW (widget));
}

static void
set_interval_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  gint64 feed_id;
  guint32 interval;

  g_variant_get (param, "(xu)", &feed_id, &interval);
  if (update_feed (DOSSIER_FEEDS_WINDOW (widget), feed_id, FALSE, FALSE, TRUE, interval))
    refresh_list (DOSSIER_FEEDS_WINDOW (widget));
}

static void
run_file_chooser (DossierFeedsWindow   *self,
                  GtkFileChooserAction  action)
{
  g_autoptr(GtkFileFilter) opml = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;
  gboolean exporting = action == GTK_FILE_CHOOSER_ACTION_SAVE;

  if (self->file_chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (exporting ? _("Export Subscriptions") : _("Import Subscriptions"),
                                         GTK_WINDOW (self), action,
                                         exporting ? _("_Export") : _("_Import"),
                                         _("_Cancel"));
  gtk_file_filter_set_name (opml, _("OPML files"));
  gtk_file_filter_add_pattern (opml, "*.opml");
  gtk_file_filter_add_pattern (opml, "*.xml");
  gtk_file_filter_add_mime_type (opml, "text/x-opml+xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), opml);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  if (exporting)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("dossier-subscriptions.opml"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chooser_response_cb), self);
  self->file_chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
import_opml_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  run_file_chooser (DOSSIER_FEEDS_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
export_opml_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  run_file_chooser (DOSSIER_FEEDS_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SAVE);
}

/* ------------------------------------------------------------ overrides -- */

static void
dossier_feeds_window_constructed (GObject *object)
{
  DossierFeedsWindow *self = (DossierFeedsWindow *) object;

  G_OBJECT_CLASS (dossier_feeds_window_parent_class)->constructed (object);

  g_assert (DOSSIER_IS_FEEDS (self->feeds));
  g_signal_connect_object (get_store (self), "changed", G_CALLBACK (on_store_changed_cb), self, 0);
  set_refreshing (self, FALSE);
  refresh_list (self);
  self->clock_source = g_timeout_add_seconds (60, clock_cb, self);
}

static void
dossier_feeds_window_dispose (GObject *object)
{
  DossierFeedsWindow *self = (DossierFeedsWindow *) object;

  /* Closing the window stops its work; what was stored stays stored. */
  self->disposed = TRUE;
  if (self->feeds != NULL)
    g_signal_handlers_disconnect_by_func (get_store (self), on_store_changed_cb, self);
  if (self->refresh != NULL)
    g_cancellable_cancel (self->refresh);
  if (self->subscribe != NULL)
    g_cancellable_cancel (self->subscribe);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  if (self->file_chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->file_chooser, self);
      gtk_native_dialog_destroy (self->file_chooser);
      g_clear_object (&self->file_chooser);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), DOSSIER_TYPE_FEEDS_WINDOW);

  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_object (&self->feeds);

  G_OBJECT_CLASS (dossier_feeds_window_parent_class)->dispose (object);
}

static void
dossier_feeds_window_finalize (GObject *object)
{
  DossierFeedsWindow *self = (DossierFeedsWindow *) object;

  g_clear_object (&self->refresh);
  g_clear_object (&self->subscribe);
  g_clear_pointer (&self->layout, g_free);

  G_OBJECT_CLASS (dossier_feeds_window_parent_class)->finalize (object);
}

static void
dossier_feeds_window_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DossierFeedsWindow *self = DOSSIER_FEEDS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FEEDS:
      g_value_set_object (value, self->feeds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_feeds_window_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  DossierFeedsWindow *self = DOSSIER_FEEDS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FEEDS:
      self->feeds = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_feeds_window_class_init (DossierFeedsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dossier_feeds_window_constructed;
  object_class->dispose = dossier_feeds_window_dispose;
  object_class->finalize = dossier_feeds_window_finalize;
  object_class->get_property = dossier_feeds_window_get_property;
  object_class->set_property = dossier_feeds_window_set_property;

  properties[PROP_FEEDS] =
    g_param_spec_object ("feeds", NULL, NULL,
                         DOSSIER_TYPE_FEEDS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SHOW_FEED] =
    g_signal_new ("show-feed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dossier/Dossier/ui/dossier-feeds-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierFeedsWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedsWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedsWindow, subscribe_row);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedsWindow, subscribe_spinner);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedsWindow, subscribe_error);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedsWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DossierFeedsWindow, groups_box);
  gtk_widget_class_bind_template_callback (widget_class, on_subscribe_apply_cb);

  gtk_widget_class_install_action (widget_class, "feeds.refresh-all", NULL, refresh_all_action);
  gtk_widget_class_install_action (widget_class, "feeds.refresh", "x", refresh_action);
  gtk_widget_class_install_action (widget_class, "feeds.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "feeds.show", "x", show_action);
  gtk_widget_class_install_action (widget_class, "feeds.remove", "x", remove_action);
  gtk_widget_class_install_action (widget_class, "feeds.subscribe", "s", subscribe_action);
  gtk_widget_class_install_action (widget_class, "feeds.set-full-text", "(xb)", set_full_text_action);
  gtk_widget_class_install_action (widget_class, "feeds.set-interval", "(xu)", set_interval_action);
  gtk_widget_class_install_action (widget_class, "feeds.import-opml", NULL, import_opml_action);
  gtk_widget_class_install_action (widget_class, "feeds.export-opml", NULL, export_opml_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "feeds.refresh-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "feeds.refresh-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "feeds.import-opml", NULL);
}

static void
dossier_feeds_window_init (DossierFeedsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, feed_row_free);
}

/* ----------------------------------------------------------- public API -- */

GtkWidget *
dossier_feeds_window_new (GtkWindow    *parent,
                          DossierFeeds *feeds)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DOSSIER_IS_FEEDS (feeds), NULL);

  return g_object_new (DOSSIER_TYPE_FEEDS_WINDOW,
                       "feeds", feeds,
                       "transient-for", parent,
                       NULL);
}

DossierFeeds *
dossier_feeds_window_get_feeds (DossierFeedsWindow *self)
{
  g_return_val_if_fail (DOSSIER_IS_FEEDS_WINDOW (self), NULL);

  return self->feeds;
}

void
dossier_feeds_window_refresh_all (DossierFeedsWindow *self)
{
  g_return_if_fail (DOSSIER_IS_FEEDS_WINDOW (self));

  start_refresh (self, 0);
}

/* ----------------------------------------------------- private (tests) -- */

void
_dossier_feeds_window_export_to (DossierFeedsWindow *self,
                                 GFile              *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *opml = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;

  g_assert (DOSSIER_IS_FEEDS_WINDOW (self));
  g_assert (G_IS_FILE (file));

  opml = dossier_feeds_export_opml (self->feeds, &error);
  if (opml == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not export the subscriptions: %s"), error->message);
      show_toast (self, message);
      return;
    }

  length = strlen (opml);
  bytes = g_bytes_new_take (g_steal_pointer (&opml), length);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, on_export_saved_cb, g_object_ref (self));
}

void
_dossier_feeds_window_import_from (DossierFeedsWindow *self,
                                   GFile              *file)
{
  g_assert (DOSSIER_IS_FEEDS_WINDOW (self));
  g_assert (G_IS_FILE (file));

  g_file_load_contents_async (file, NULL, on_import_loaded_cb, g_object_ref (self));
}
