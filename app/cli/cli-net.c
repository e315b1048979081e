/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-net.c: `dossier-cli feeds …` and `dossier-cli fetch URL`.
 *
 * Owns: the command-line face of DossierFeeds. Must not: do anything the
 * window could not do through the same API; it only runs a main loop until
 * the asynchronous call returns.
 */
#define G_LOG_DOMAIN "dossier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "dossier-cli-private.h"
#include "dossier-feeds.h"

typedef struct {
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static GAsyncResult *
wait_run (Wait *wait)
{
  g_main_loop_run (wait->loop);
  g_main_loop_unref (wait->loop);
  return wait->result;
}

static gboolean
parse_id (const char *text,
          gint64     *out_id)
{
  char *end = NULL;
  gint64 id;

  if (text == NULL)
    return FALSE;
  id = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || id <= 0)
    return FALSE;
  *out_id = id;
  return TRUE;
}

static char *
format_time (gint64 t)
{
  g_autoptr(GDateTime) dt = NULL;

  if (t <= 0)
    return g_strdup (_("never"));
  dt = g_date_time_new_from_unix_local (t);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

static void
add_feed_json (JsonBuilder       *builder,
               const DossierFeed *feed)
{
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, feed->id);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, feed->url);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, feed->title ? feed->title : "");
  json_builder_set_member_name (builder, "site_url");
  json_builder_add_string_value (builder, feed->site_url);
  json_builder_set_member_name (builder, "folder");
  json_builder_add_string_value (builder, feed->folder);
  json_builder_set_member_name (builder, "fetched");
  json_builder_add_int_value (builder, feed->fetched);
  json_builder_set_member_name (builder, "last_success");
  json_builder_add_int_value (builder, feed->last_success);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, feed->status ? feed->status : "new");
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, feed->error);
  json_builder_set_member_name (builder, "retry_after");
  json_builder_add_int_value (builder, feed->retry_after);
  json_builder_set_member_name (builder, "full_text");
  json_builder_add_boolean_value (builder, feed->full_text);
  json_builder_set_member_name (builder, "unread");
  json_builder_add_int_value (builder, feed->unread_count);
}

static void
print_feed (DossierCliContext *ctx,
            const DossierFeed *feed)
{
  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_feed_json (builder, feed);
      json_builder_end_object (builder);
      dossier_cli_print_json (builder);
      return;
    }
  {
    g_autofree char *fetched = format_time (feed->fetched);

    printf ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s%s%s\n", feed->id,
            feed->title && *feed->title ? feed->title : "—", feed->url, fetched,
            feed->status ? feed->status : "new",
            feed->error ? ": " : "", feed->error ? feed->error : "");
  }
}

/* ------------------------------------------------------------ the verbs -- */

static int
feeds_add (DossierCliContext *ctx,
           DossierFeeds      *feeds,
           int                argc,
           char             **argv)
{
  g_autofree char *folder = NULL;
  gboolean full_text = FALSE;
  GOptionEntry entries[] = {
    { "folder", 0, 0, G_OPTION_ARG_STRING, &folder, N_("Put the feed in FOLDER"), N_("FOLDER") },
    { "full-text", 0, 0, G_OPTION_ARG_NONE, &full_text, N_("Fetch each article's page for its full text"), NULL },
    { NULL }
  };
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierFeed) feed = NULL;

  if (!dossier_cli_parse (ctx, "URL", _("Subscribe to a feed (or a site that names one) and fetch it once"),
                          entries, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      dossier_cli_error ("%s", _("feeds add needs one address"));
      return 2;
    }
  dossier_feeds_subscribe_async (feeds, argv[1], folder, NULL, on_done, &wait);
  result = wait_run (&wait);
  feed = dossier_feeds_subscribe_finish (feeds, result, &error);
  if (feed == NULL)
    {
      dossier_cli_error ("%s: %s", argv[1], error->message);
      return 1;
    }
  if (full_text && !feed->full_text)
    {
      feed->full_text = TRUE;
      if (!dossier_store_update_feed (dossier_feeds_get_store (feeds), feed, &error))
        {
          dossier_cli_error ("%s", error->message);
          return 1;
        }
    }
  {
    /* As stored, with its article count. */
    g_autoptr(DossierFeed) stored = dossier_store_get_feed (dossier_feeds_get_store (feeds), feed->id, NULL);
    print_feed (ctx, stored != NULL ? stored : feed);
  }
  return 0;
}

static int
feeds_list (DossierCliContext *ctx,
            DossierFeeds      *feeds,
            int                argc,
            char             **argv)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  if (!dossier_cli_parse (ctx, NULL, _("List the subscriptions"), NULL, &argc, &argv))
    return 2;
  list = dossier_store_list_feeds (dossier_feeds_get_store (feeds), &error);
  if (list == NULL)
    {
      dossier_cli_error ("%s", error->message);
      return 1;
    }
  for (guint i = 0; i < list->len; i++)
    print_feed (ctx, g_ptr_array_index (list, i));
  return 0;
}

static void
on_progress (guint       done,
             guint       total,
             const char *message,
             gpointer    user_data)
{
  DossierCliContext *ctx = user_data;

  /* Progress goes to stderr so stdout stays parseable. */
  if (message != NULL && !ctx->json)
    fprintf (stderr, "[%u/%u] %s\n", done, total, message);
}

static int
feeds_refresh (DossierCliContext *ctx,
               DossierFeeds      *feeds,
               int                argc,
               char             **argv)
{
  gboolean due_only = FALSE;
  GOptionEntry entries[] = {
    { "due", 0, 0, G_OPTION_ARG_NONE, &due_only, N_("Only feeds whose interval has elapsed"), NULL },
    { NULL }
  };
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DossierRefreshSummary summary = { 0 };
  gint64 feed_id = 0;

  if (!dossier_cli_parse (ctx, "[FEED_ID]", _("Fetch one feed, or all"), entries, &argc, &argv))
    return 2;
  if (argc > 2 || (argc == 2 && !parse_id (argv[1], &feed_id)))
    {
      dossier_cli_error ("%s", _("feeds refresh takes at most one feed id"));
      return 2;
    }
  dossier_feeds_refresh_async (feeds, feed_id, !due_only, on_progress, ctx, NULL, NULL, on_done, &wait);
  result = wait_run (&wait);
  if (!dossier_feeds_refresh_finish (feeds, result, &summary, &error))
    {
      dossier_cli_error ("%s", error->message);
      return 1;
    }

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "feeds");
      json_builder_add_int_value (builder, summary.n_feeds);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_int_value (builder, summary.n_ok);
      json_builder_set_member_name (builder, "failed");
      json_builder_add_int_value (builder, summary.n_failed);
      json_builder_set_member_name (builder, "skipped");
      json_builder_add_int_value (builder, summary.n_skipped);
      json_builder_set_member_name (builder, "new");
      json_builder_add_int_value (builder, summary.n_new);
      json_builder_set_member_name (builder, "updated");
      json_builder_add_int_value (builder, summary.n_updated);
      json_builder_end_object (builder);
      dossier_cli_print_json (builder);
    }
  else
    printf (_("%u feeds: %u fetched, %u failed, %u skipped; %u new articles, %u updated\n"),
            summary.n_feeds, summary.n_ok, summary.n_failed, summary.n_skipped,
            summary.n_new, summary.n_updated);

  if (summary.n_failed > 0)
    {
      g_autoptr(GPtrArray) list = dossier_store_list_feeds (dossier_feeds_get_store (feeds), NULL);

      for (guint i = 0; list != NULL && i < list->len; i++)
        {
          DossierFeed *feed = g_ptr_array_index (list, i);
          if ((feed_id == 0 || feed->id == feed_id) && g_strcmp0 (feed->status, "error") == 0)
            dossier_cli_error ("%s: %s", feed->url, feed->error ? feed->error : _("failed"));
        }
      return 1;
    }
  return 0;
}

static int
feeds_remove (DossierCliContext *ctx,
              DossierFeeds      *feeds,
              int                argc,
              char             **argv)
{
  g_autoptr(GError) error = NULL;
  gint64 feed_id = 0;

  if (!dossier_cli_parse (ctx, "FEED_ID", _("Unsubscribe; the feed's articles stay in the library"),
                          NULL, &argc, &argv))
    return 2;
  if (argc != 2 || !parse_id (argv[1], &feed_id))
    {
      dossier_cli_error ("%s", _("feeds remove needs one feed id"));
      return 2;
    }
  if (!dossier_feeds_remove (feeds, feed_id, &error))
    {
      dossier_cli_error ("%s", error->message);
      return 1;
    }
  return 0;
}

static int
feeds_import_opml (DossierCliContext *ctx,
                   DossierFeeds      *feeds,
                   int                argc,
                   char             **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint added = 0, skipped = 0;

  if (!dossier_cli_parse (ctx, "FILE", _("Add the subscriptions listed in an OPML file"), NULL, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      dossier_cli_error ("%s", _("feeds import-opml needs one file"));
      return 2;
    }
  if (!g_file_get_contents (argv[1], &contents, &length, &error))
    {
      dossier_cli_error ("%s", error->message);
      return 1;
    }
  if (!dossier_feeds_import_opml (feeds, contents, length, &added, &skipped, &error))
    {
      dossier_cli_error ("%s: %s", argv[1], error->message);
      return 1;
    }
  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "added");
      json_builder_add_int_value (builder, added);
      json_builder_set_member_name (builder, "skipped");
      json_builder_add_int_value (builder, skipped);
      json_builder_end_object (builder);
      dossier_cli_print_json (builder);
    }
  else
    printf (_("%u feeds added, %u skipped\n"), added, skipped);
  return 0;
}

static int
feeds_export_opml (DossierCliContext *ctx,
                   DossierFeeds      *feeds,
                   int                argc,
                   char             **argv)
{
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to PATH instead of standard output"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *opml = NULL;

  if (!dossier_cli_parse (ctx, NULL, _("Write the subscriptions as OPML"), entries, &argc, &argv))
    return 2;
  opml = dossier_feeds_export_opml (feeds, &error);
  if (opml == NULL)
    {
      dossier_cli_error ("%s", error->message);
      return 1;
    }
  if (output == NULL)
    {
      fputs (opml, stdout);
      return 0;
    }
  if (!g_file_set_contents (output, opml, -1, &error))
    {
      dossier_cli_error ("%s", error->message);
      return 1;
    }
  return 0;
}

int
dossier_cli_feeds (DossierCliContext *ctx,
                   int                argc,
                   char             **argv)
{
  static const struct {
    const char *name;
    int (*run) (DossierCliContext *, DossierFeeds *, int, char **);
  } subverbs[] = {
    { "add", feeds_add },
    { "list", feeds_list },
    { "refresh", feeds_refresh },
    { "remove", feeds_remove },
    { "import-opml", feeds_import_opml },
    { "export-opml", feeds_export_opml },
  };
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierFeeds) feeds = NULL;
  g_autoptr(GError) error = NULL;

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      fprintf (argc < 2 ? stderr : stdout, "%s\n",
               _("Usage: dossier-cli feeds add URL | list [--json] | refresh [FEED_ID] | remove FEED_ID"
                 " | import-opml FILE | export-opml [--output PATH]"));
      return argc < 2 ? 2 : 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (subverbs); i++)
    {
      if (!g_str_equal (argv[1], subverbs[i].name))
        continue;
      store = dossier_cli_open_store (ctx, &error);
      if (store == NULL)
        {
          dossier_cli_error ("%s", error->message);
          return 1;
        }
      feeds = dossier_feeds_new (store);
      return subverbs[i].run (ctx, feeds, argc - 1, argv + 1);
    }
  dossier_cli_error (_("“%s” is not a feeds command (add, list, refresh, remove, import-opml, export-opml)"), argv[1]);
  return 2;
}

int
dossier_cli_fetch (DossierCliContext *ctx,
                   int                argc,
                   char             **argv)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierFeeds) feeds = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { NULL, NULL };
  gint64 id;

  if (!dossier_cli_parse (ctx, "URL", _("Fetch one web page, extract its article and store it"), NULL, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      dossier_cli_error ("%s", _("fetch needs one address"));
      return 2;
    }
  store = dossier_cli_open_store (ctx, &error);
  if (store == NULL)
    {
      dossier_cli_error ("%s", error->message);
      return 1;
    }
  feeds = dossier_feeds_new (store);
  wait.loop = g_main_loop_new (NULL, FALSE);
  dossier_feeds_fetch_page_async (feeds, argv[1], NULL, on_done, &wait);
  result = wait_run (&wait);
  id = dossier_feeds_fetch_page_finish (feeds, result, &error);
  if (id == 0)
    {
      dossier_cli_error ("%s: %s", argv[1], error ? error->message : _("nothing stored"));
      return 1;
    }

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(DossierDocument) doc = dossier_store_get_document (store, id, NULL);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, id);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, doc ? doc->title : NULL);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, doc ? doc->url : NULL);
      json_builder_set_member_name (builder, "words");
      json_builder_add_int_value (builder, doc ? doc->word_count : 0);
      json_builder_end_object (builder);
      dossier_cli_print_json (builder);
    }
  else
    {
      g_autoptr(DossierDocument) doc = dossier_store_get_document (store, id, NULL);
      printf ("%" G_GINT64_FORMAT "\t%s\n", id, doc && doc->title ? doc->title : argv[1]);
    }
  return 0;
}
