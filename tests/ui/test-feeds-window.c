/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-feeds-window.c: the feeds window and the address dialog, under Xvfb,
 * against a real temporary library and a SoupServer on 127.0.0.1 started here. */
#define G_LOG_DOMAIN "test-feeds-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dossier-resources.h"
#include "dossier-test-ui.h"
#include "dossier-address-dialog.h"
#include "dossier-feeds-window-private.h"

static const char rss[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<rss version=\"2.0\"><channel><title>Balkan Wire</title><link>http://example.org/</link>"
  "<item><title>Albania cuts ties with Iran</title><link>http://example.org/a</link><guid>a</guid>"
  "<description>Edi Rama said on 7 September 2022 that Albania would cut diplomatic ties with Iran "
  "after a cyberattack on government services in July.</description></item>"
  "<item><title>Tehran answers</title><link>http://example.org/b</link><guid>b</guid>"
  "<description>Iran denied any part in the attack and called the decision a provocation.</description></item>"
  "</channel></rss>";

static const char page[] =
  "<!DOCTYPE html><html><head><title>A long read about the camp</title></head><body>"
  "<article><h1>A long read about the camp</h1>"
  "<p>The camp near Durrës houses about three thousand members of the exiled opposition group. "
  "It was built in 2016 on farmland outside the town, and its walls have grown every year since.</p>"
  "<p>Residents of the nearby village say they rarely see anyone leave. Police visited the camp in June "
  "after reports that it was used to run online campaigns, and took away computers for inspection.</p>"
  "<p>The government says the camp has no link to the cyberattack, but officials have asked for more "
  "information about what happens inside, and the question is likely to come up again in parliament.</p>"
  "</article></body></html>";

typedef struct
{
  char         *dir;
  char         *path;
  DossierStore *store;
  DossierFeeds *feeds;
  SoupServer   *server;
  char         *base;
  GtkWidget    *window;
} Fixture;

/* -------------------------------------------------------------- helpers -- */

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef gboolean (*Predicate) (Fixture *f);

/* Runs the main loop (the server and the fetches live on it) until `done`
 * holds, for at most 20 s. */
static gboolean
wait_until (Fixture   *f,
            Predicate  done)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (f))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  spin ();
  return TRUE;
}

static gboolean
unpause_cb (gpointer data)
{
  SoupServerMessage *msg = data;

  soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC, rss, strlen (rss));
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  if (g_str_equal (path, "/feed.xml"))
    {
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC, rss, strlen (rss));
      soup_server_message_set_status (msg, 200, NULL);
    }
  else if (g_str_equal (path, "/slow.xml"))
    {
      /* Answers after a second, so a refresh is still running when the test acts. */
      soup_server_message_pause (msg);
      g_timeout_add (1000, unpause_cb, g_object_ref (msg));
    }
  else if (g_str_equal (path, "/page.html"))
    {
      soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC, page, strlen (page));
      soup_server_message_set_status (msg, 200, NULL);
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
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

static void
collect (GtkWidget  *root,
         GType       type,
         const char *css_class,
         GPtrArray  *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (css_class == NULL || gtk_widget_has_css_class (root, css_class)))
    g_ptr_array_add (out, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, css_class, out);
}

static AdwExpanderRow *
feed_row (Fixture    *f,
          const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (f->window, ADW_TYPE_EXPANDER_ROW, "dossier-feed-row", rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), title) == 0)
      return rows->pdata[i];
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

static DossierFeed *
only_feed (Fixture *f)
{
  g_autoptr(GPtrArray) feeds = dossier_store_list_feeds (f->store, NULL);

  if (feeds == NULL || feeds->len != 1)
    return NULL;
  return dossier_feed_copy (g_ptr_array_index (feeds, 0));
}

/* ------------------------------------------------------------- fixture -- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *uri = NULL;

  dossier_test_ui_tolerate_known_gtk_warnings ();
  f->dir = g_dir_make_tmp ("dossier-test-feeds-window-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "library.db", NULL);
  f->store = dossier_store_open (f->path, &error);
  g_assert_no_error (error);
  f->feeds = dossier_feeds_new (f->store);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  uri = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  /* "http://127.0.0.1:PORT/" */
  f->base = g_strndup (uri, strlen (uri) - (g_str_has_suffix (uri, "/") ? 1 : 0));

  f->window = dossier_feeds_window_new (NULL, f->feeds);
  gtk_window_present (GTK_WINDOW (f->window));
  spin ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  /* Focus leaves first, so no entry is destroyed while it holds the focus. */
  for (GList *l = toplevels; l != NULL; l = l->next)
    gtk_window_set_focus (l->data, NULL);
  spin ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  spin ();
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->feeds);
  g_clear_object (&f->store);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_free (f->base);
}

/* ---------------------------------------------------------------- tests -- */

static gboolean
subscribed (Fixture *f)
{
  g_autoptr(DossierFeed) feed = only_feed (f);

  return feed != NULL && g_strcmp0 (feed->status, "new") != 0 &&
         feed_row (f, "Balkan Wire") != NULL &&
         gtk_widget_get_sensitive (find_child (f->window, ADW_TYPE_ENTRY_ROW, NULL));
}

static gboolean
subscribe_failed (Fixture *f)
{
  GtkWidget *label = find_child (f->window, GTK_TYPE_LABEL, "error");

  return label != NULL && gtk_widget_get_visible (label);
}

static void
on_show_feed_cb (GtkWidget *window,
                 gint64     feed_id,
                 gint64    *out)
{
  *out = feed_id;
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *status = find_child (f->window, ADW_TYPE_STATUS_PAGE, NULL);

  g_assert_nonnull (status);
  g_assert_true (gtk_widget_get_visible (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "No Subscriptions");
}

static void
test_subscribe_and_settings (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *url = g_strconcat (f->base, "/feed.xml", NULL);
  g_autoptr(DossierFeed) feed = NULL;
  g_autoptr(DossierFeed) changed = NULL;
  AdwExpanderRow *row;
  gint64 shown = 0;
  guint n_documents;

  g_signal_connect (f->window, "show-feed", G_CALLBACK (on_show_feed_cb), &shown);

  gtk_widget_activate_action (f->window, "feeds.subscribe", "s", url);
  g_assert_true (wait_until (f, subscribed));

  feed = only_feed (f);
  g_assert_cmpstr (feed->status, ==, "ok");
  n_documents = dossier_store_count_documents (f->store);
  g_assert_cmpuint (n_documents, ==, 2);
  g_assert_false (gtk_widget_get_visible (find_child (f->window, ADW_TYPE_STATUS_PAGE, NULL)));

  row = feed_row (f, "Balkan Wire");
  g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (row), "Updated "));

  /* Full text and interval go to the store; the row follows. */
  gtk_widget_activate_action (f->window, "feeds.set-full-text", "(xb)", feed->id, TRUE);
  gtk_widget_activate_action (f->window, "feeds.set-interval", "(xu)", feed->id, (guint32) 90);
  spin ();
  changed = dossier_store_get_feed (f->store, feed->id, NULL);
  g_assert_true (changed->full_text);
  g_assert_cmpuint (changed->interval, ==, 90);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (find_child (GTK_WIDGET (row), GTK_TYPE_SWITCH, NULL))));

  gtk_widget_activate_action (f->window, "feeds.show", "x", feed->id);
  g_assert_cmpint (shown, ==, feed->id);

  /* Remove asks first; the articles stay. */
  gtk_widget_activate_action (f->window, "feeds.remove", "x", feed->id);
  spin ();
  {
    GtkWindow *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

    g_assert_nonnull (dialog);
    g_assert_nonnull (only_feed (f));
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  }
  spin ();
  {
    g_autoptr(GPtrArray) left = dossier_store_list_feeds (f->store, NULL);

    g_assert_cmpuint (left->len, ==, 0);
  }
  g_assert_cmpuint (dossier_store_count_documents (f->store), ==, n_documents);
  g_assert_null (feed_row (f, "Balkan Wire"));
}

static void
test_subscribe_failure (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *url = g_strconcat (f->base, "/missing.xml", NULL);
  GtkWidget *label;

  gtk_widget_activate_action (f->window, "feeds.subscribe", "s", url);
  g_assert_true (wait_until (f, subscribe_failed));
  label = find_child (f->window, GTK_TYPE_LABEL, "error");
  g_test_message ("reason shown: %s", gtk_label_get_text (GTK_LABEL (label)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "404"));
}

static void
test_groups_and_failures (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(DossierFeed) ok = dossier_feed_new ();
  g_autoptr(DossierFeed) failed = dossier_feed_new ();
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();
  AdwExpanderRow *row;

  ok->url = g_strdup ("http://127.0.0.1:9/ok.xml");
  ok->title = g_strdup ("Quiet Feed");
  ok->status = g_strdup ("ok");
  ok->last_success = g_get_real_time () / G_USEC_PER_SEC - 5 * 60;
  g_assert_true (dossier_store_add_feed (f->store, ok, NULL));
  failed->url = g_strdup ("http://127.0.0.1:9/gone.xml");
  failed->title = g_strdup ("Gone Feed");
  failed->folder = g_strdup ("News");
  failed->status = g_strdup ("error");
  failed->error = g_strdup ("server answered 404");
  g_assert_true (dossier_store_add_feed (f->store, failed, NULL));
  /* add_feed may store only the address: set the rest as a fetch would. */
  g_assert_true (dossier_store_update_feed (f->store, ok, NULL));
  g_assert_true (dossier_store_update_feed (f->store, failed, NULL));
  spin ();

  collect (f->window, ADW_TYPE_PREFERENCES_GROUP, NULL, groups);
  /* "Subscribe", then the feeds without a folder, then "News". */
  g_assert_cmpuint (groups->len, ==, 3);
  g_assert_cmpstr (adw_preferences_group_get_title (groups->pdata[1]), ==, "Subscriptions");
  g_assert_cmpstr (adw_preferences_group_get_title (groups->pdata[2]), ==, "News");

  row = feed_row (f, "Quiet Feed");
  g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==, "Updated 5 minutes ago");
  row = feed_row (f, "Gone Feed");
  g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==, "Failed: server answered 404");
}

static gboolean
refreshed (Fixture *f)
{
  GtkRevealer *revealer = GTK_REVEALER (find_child (f->window, GTK_TYPE_REVEALER, NULL));

  return !gtk_revealer_get_reveal_child (revealer);
}

static void
test_refresh_all (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(DossierFeed) feed = dossier_feed_new ();
  g_autoptr(DossierFeed) after = NULL;
  GtkRevealer *revealer = GTK_REVEALER (find_child (f->window, GTK_TYPE_REVEALER, NULL));

  feed->url = g_strconcat (f->base, "/feed.xml", NULL);
  g_assert_true (dossier_store_add_feed (f->store, feed, NULL));
  spin ();

  dossier_feeds_window_refresh_all (DOSSIER_FEEDS_WINDOW (f->window));
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  g_assert_true (wait_until (f, refreshed));

  after = dossier_store_get_feed (f->store, feed->id, NULL);
  g_assert_cmpstr (after->status, ==, "ok");
  g_assert_cmpuint (dossier_store_count_documents (f->store), ==, 2);
  g_assert_nonnull (feed_row (f, "Balkan Wire"));
}

static void
test_stop_and_close_while_refreshing (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(DossierFeed) feed = dossier_feed_new ();
  GtkRevealer *revealer = GTK_REVEALER (find_child (f->window, GTK_TYPE_REVEALER, NULL));

  feed->url = g_strconcat (f->base, "/slow.xml", NULL);
  g_assert_true (dossier_store_add_feed (f->store, feed, NULL));
  spin ();

  /* Stop: the progress goes away and nothing is half-stored. */
  dossier_feeds_window_refresh_all (DOSSIER_FEEDS_WINDOW (f->window));
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  g_assert_true (gtk_widget_activate_action (f->window, "feeds.stop", NULL));
  g_assert_true (wait_until (f, refreshed));
  g_assert_cmpuint (dossier_store_count_documents (f->store), ==, 0);

  /* Closing the window while a refresh runs cancels it without touching gone widgets. */
  dossier_feeds_window_refresh_all (DOSSIER_FEEDS_WINDOW (f->window));
  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  {
    gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

    while (g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }
}

static char *opml_path;

static gboolean
exported (Fixture *f)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (opml_path, &contents, NULL, NULL) && strstr (contents, "</opml>") != NULL;
}

static guint
n_feeds (Fixture *f)
{
  g_autoptr(GPtrArray) feeds = dossier_store_list_feeds (f->store, NULL);

  return feeds != NULL ? feeds->len : 0;
}

static gboolean
imported (Fixture *f)
{
  return n_feeds (f) == 2 && feed_row (f, "Tirana Times") != NULL;
}

static void
test_opml_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(DossierFeed) a = dossier_feed_new ();
  g_autoptr(DossierFeed) b = dossier_feed_new ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) garbage = NULL;
  g_autofree char *garbage_path = g_build_filename (f->dir, "garbage.opml", NULL);
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();
  gint64 deadline;

  a->url = g_strdup ("http://127.0.0.1:9/a.xml");
  a->title = g_strdup ("Balkan Wire");
  b->url = g_strdup ("http://127.0.0.1:9/b.xml");
  b->title = g_strdup ("Tirana Times");
  b->folder = g_strdup ("Albania");
  g_assert_true (dossier_store_add_feed (f->store, a, NULL));
  g_assert_true (dossier_store_add_feed (f->store, b, NULL));
  spin ();

  opml_path = g_build_filename (f->dir, "subscriptions.opml", NULL);
  file = g_file_new_for_path (opml_path);
  _dossier_feeds_window_export_to (DOSSIER_FEEDS_WINDOW (f->window), file);
  g_assert_true (wait_until (f, exported));

  g_assert_true (dossier_store_remove_feed (f->store, a->id, NULL));
  g_assert_true (dossier_store_remove_feed (f->store, b->id, NULL));
  spin ();
  g_assert_null (feed_row (f, "Tirana Times"));

  /* A file that is not OPML changes nothing. */
  g_assert_true (g_file_set_contents (garbage_path, "\x01\x02 not xml at all", -1, NULL));
  garbage = g_file_new_for_path (garbage_path);
  _dossier_feeds_window_import_from (DOSSIER_FEEDS_WINDOW (f->window), garbage);
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (n_feeds (f), ==, 0);

  _dossier_feeds_window_import_from (DOSSIER_FEEDS_WINDOW (f->window), file);
  g_assert_true (wait_until (f, imported));

  /* The folder came back with the feed. */
  collect (f->window, ADW_TYPE_PREFERENCES_GROUP, NULL, groups);
  g_assert_cmpuint (groups->len, ==, 3);
  g_assert_cmpstr (adw_preferences_group_get_title (groups->pdata[2]), ==, "Albania");

  g_unlink (opml_path);
  g_unlink (garbage_path);
  g_clear_pointer (&opml_path, g_free);
}

/* ------------------------------------------------------ address dialog -- */

static gint64 added_id;

static void
on_document_added_cb (GtkWidget *dialog,
                      gint64     document_id,
                      gpointer   user_data)
{
  added_id = document_id;
}

static gboolean
page_added (Fixture *f)
{
  return added_id != 0;
}

static gboolean
page_refused (Fixture *f)
{
  GtkWindow *dialog = find_toplevel (DOSSIER_TYPE_ADDRESS_DIALOG);
  GtkWidget *label = dialog != NULL ? find_child (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "error") : NULL;

  return label != NULL && *gtk_label_get_text (GTK_LABEL (label)) != '\0';
}

static void
test_address_dialog (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *bad = g_strconcat (f->base, "/nothing-here.html", NULL);
  g_autofree char *good = g_strconcat (f->base, "/page.html", NULL);
  g_autoptr(DossierDocument) doc = NULL;
  GtkWidget *dialog;

  dialog = dossier_address_dialog_new (GTK_WINDOW (f->window), f->feeds);
  g_signal_connect (dialog, "document-added", G_CALLBACK (on_document_added_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  spin ();

  /* Nothing to add yet. */
  g_assert_false (gtk_widget_get_sensitive (find_child (dialog, GTK_TYPE_BUTTON, "suggested-action")));

  added_id = 0;
  dossier_address_dialog_set_address (DOSSIER_ADDRESS_DIALOG (dialog), bad);
  gtk_widget_activate_action (dialog, "address.add", NULL);
  g_assert_true (wait_until (f, page_refused));
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_cmpuint (dossier_store_count_documents (f->store), ==, 0);

  dossier_address_dialog_set_address (DOSSIER_ADDRESS_DIALOG (dialog), good);
  gtk_widget_activate_action (dialog, "address.add", NULL);
  g_assert_true (wait_until (f, page_added));

  doc = dossier_store_get_document (f->store, added_id, NULL);
  g_assert_nonnull (doc);
  g_assert_cmpstr (doc->title, ==, "A long read about the camp");
  g_assert_null (find_toplevel (DOSSIER_TYPE_ADDRESS_DIALOG));
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

#define ADD(name, func) g_test_add ("/ui/feeds-window/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("empty", test_empty);
  ADD ("subscribe-and-settings", test_subscribe_and_settings);
  ADD ("subscribe-failure", test_subscribe_failure);
  ADD ("groups-and-failures", test_groups_and_failures);
  ADD ("refresh-all", test_refresh_all);
  ADD ("opml-round-trip", test_opml_round_trip);
  ADD ("stop-and-close-while-refreshing", test_stop_and_close_while_refreshing);
  ADD ("address-dialog", test_address_dialog);
#undef ADD

  return g_test_run ();
}
