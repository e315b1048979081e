/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server.c: see test-server.h. */
#include "config.h"

#include <string.h>

#include "test-server.h"

typedef struct {
  guint       status;
  char       *content_type;
  GBytes     *body;
  GPtrArray  *headers;   /* name, value, name, value… */
} Route;

struct _TestServer {
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  GUri         *base;
  GMutex        mutex;
  GCond         cond;
  gboolean      ready;
  GHashTable   *routes;  /* path → Route */
  GHashTable   *hits;    /* path → count */
  GHashTable   *seen;    /* lower-case header name → last value */
  GTlsCertificate *certificate;  /* HTTPS when set */
};

static void
route_free (Route *route)
{
  g_free (route->content_type);
  g_clear_pointer (&route->body, g_bytes_unref);
  g_clear_pointer (&route->headers, g_ptr_array_unref);
  g_free (route);
}

typedef struct {
  SoupServerMessage *msg;
  guint              count;
} Drip;

static gboolean
drip_cb (gpointer user_data)
{
  Drip *drip = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (drip->msg);

  soup_message_body_append (body, SOUP_MEMORY_STATIC, "x", 1);
  soup_server_message_unpause (drip->msg);
  /* The client gives up long before this. */
  return ++drip->count < 600 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
on_finished (SoupServerMessage *msg,
             gpointer           user_data)
{
  GSource *source = user_data;

  g_source_destroy (source);
}

static void
handler (SoupServer        *soup_server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  TestServer *server = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  Route *route;

  g_mutex_lock (&server->mutex);
  g_hash_table_insert (server->hits, g_strdup (path),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (server->hits, path)) + 1));
  soup_message_headers_iter_init (&iter, request);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_hash_table_insert (server->seen, g_ascii_strdown (name, -1), g_strdup (value));
  route = g_hash_table_lookup (server->routes, path);
  if (route != NULL)
    {
      soup_server_message_set_status (msg, route->status, NULL);
      for (guint i = 0; i + 1 < route->headers->len; i += 2)
        soup_message_headers_append (response, g_ptr_array_index (route->headers, i),
                                     g_ptr_array_index (route->headers, i + 1));
      if (route->body != NULL)
        {
          gsize len;
          const char *data = g_bytes_get_data (route->body, &len);
          if (route->content_type != NULL)
            soup_server_message_set_response (msg, route->content_type, SOUP_MEMORY_COPY, data, len);
          else
            soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_COPY, data, len);
        }
      g_mutex_unlock (&server->mutex);
      return;
    }
  g_mutex_unlock (&server->mutex);

  if (g_str_equal (path, "/stall"))
    {
      soup_server_message_pause (msg);
      return;
    }
  if (g_str_equal (path, "/drip"))
    {
      Drip *drip = g_new0 (Drip, 1);
      GSource *source = g_timeout_source_new (200);

      drip->msg = msg;
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (response, "application/rss+xml", NULL);
      g_source_set_callback (source, drip_cb, drip, g_free);
      g_source_attach (source, server->context);
      g_signal_connect_data (msg, "finished", G_CALLBACK (on_finished), source,
                             (GClosureNotify) (void (*) (void)) g_source_unref, 0);
      soup_server_message_pause (msg);
      return;
    }
  if (g_str_equal (path, "/flood") || g_str_equal (path, "/flood-cl"))
    {
      gsize size = 11 * 1024 * 1024;
      char *data = g_malloc (size);

      memset (data, 'a', size);
      soup_server_message_set_status (msg, 200, NULL);
      if (g_str_equal (path, "/flood"))
        soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_TAKE, data, size);
      return;
    }
  if (g_str_equal (path, "/etag"))
    {
      const char *inm = soup_message_headers_get_one (request, "If-None-Match");

      soup_message_headers_replace (response, "ETag", "\"v1\"");
      if (inm != NULL && g_str_equal (inm, "\"v1\""))
        {
          soup_server_message_set_status (msg, 304, NULL);
          return;
        }
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/rss+xml", SOUP_MEMORY_STATIC,
                                        "<rss version=\"2.0\"><channel><title>Tagged</title>"
                                        "<item><title>One</title><guid>urn:etag:1</guid>"
                                        "<description>The only item of the tagged feed.</description></item>"
                                        "</channel></rss>", strlen ("<rss version=\"2.0\"><channel><title>Tagged</title>"
                                        "<item><title>One</title><guid>urn:etag:1</guid>"
                                        "<description>The only item of the tagged feed.</description></item>"
                                        "</channel></rss>"));
      return;
    }
  soup_server_message_set_status (msg, 404, NULL);
}

static gpointer
server_thread (gpointer user_data)
{
  TestServer *server = user_data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (server->context);
  server->server = soup_server_new ("tls-certificate", server->certificate, NULL);
  soup_server_add_handler (server->server, NULL, handler, server, NULL);
  if (!soup_server_listen_local (server->server, 0,
                                 SOUP_SERVER_LISTEN_IPV4_ONLY
                                 | (server->certificate ? SOUP_SERVER_LISTEN_HTTPS : 0), &error))
    g_error ("test server: %s", error->message);
  uris = soup_server_get_uris (server->server);
  server->base = g_uri_ref (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_mutex_lock (&server->mutex);
  server->ready = TRUE;
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->mutex);

  g_main_loop_run (server->loop);

  soup_server_disconnect (server->server);
  g_clear_object (&server->server);
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

TestServer *
test_server_new (void)
{
  return test_server_new_tls (NULL);
}

TestServer *
test_server_new_tls (GTlsCertificate *certificate)
{
  TestServer *server = g_new0 (TestServer, 1);

  server->certificate = certificate ? g_object_ref (certificate) : NULL;
  g_mutex_init (&server->mutex);
  g_cond_init (&server->cond);
  server->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) route_free);
  server->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  server->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->thread = g_thread_new ("test-server", server_thread, server);

  g_mutex_lock (&server->mutex);
  while (!server->ready)
    g_cond_wait (&server->cond, &server->mutex);
  g_mutex_unlock (&server->mutex);
  return server;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

void
test_server_free (TestServer *server)
{
  g_main_context_invoke (server->context, quit_cb, server->loop);
  g_thread_join (server->thread);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_uri_unref (server->base);
  g_hash_table_unref (server->routes);
  g_hash_table_unref (server->hits);
  g_hash_table_unref (server->seen);
  g_mutex_clear (&server->mutex);
  g_cond_clear (&server->cond);
  g_clear_object (&server->certificate);
  g_free (server);
}

char *
test_server_url (TestServer *server,
                 const char *path)
{
  return g_strdup_printf ("%s://127.0.0.1:%d%s", server->certificate ? "https" : "http",
                          g_uri_get_port (server->base), path);
}

void
test_server_add (TestServer *server,
                 const char *path,
                 guint       status,
                 const char *content_type,
                 GBytes     *body,
                 ...)
{
  Route *route = g_new0 (Route, 1);
  va_list args;
  const char *name;

  route->status = status;
  route->content_type = g_strdup (content_type);
  route->body = body ? g_bytes_ref (body) : NULL;
  route->headers = g_ptr_array_new_with_free_func (g_free);
  va_start (args, body);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      g_ptr_array_add (route->headers, g_strdup (name));
      g_ptr_array_add (route->headers, g_strdup (va_arg (args, const char *)));
    }
  va_end (args);

  g_mutex_lock (&server->mutex);
  g_hash_table_insert (server->routes, g_strdup (path), route);
  g_mutex_unlock (&server->mutex);
}

void
test_server_add_string (TestServer *server,
                        const char *path,
                        const char *content_type,
                        const char *body)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  test_server_add (server, path, 200, content_type, bytes, NULL);
}

guint
test_server_hits (TestServer *server,
                  const char *path)
{
  guint hits;

  g_mutex_lock (&server->mutex);
  hits = GPOINTER_TO_UINT (g_hash_table_lookup (server->hits, path));
  g_mutex_unlock (&server->mutex);
  return hits;
}

char *
test_server_last_header (TestServer *server,
                         const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  char *value;

  g_mutex_lock (&server->mutex);
  value = g_strdup (g_hash_table_lookup (server->seen, lower));
  g_mutex_unlock (&server->mutex);
  return value;
}
