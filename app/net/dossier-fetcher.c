/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-fetcher.c: the one SoupSession and how it behaves.
 *
 * Owns: HTTP manners (User-Agent, conditional GET, Retry-After and max-age,
 * connection limits, timeouts, body limit, redirects by hand, http(s) only,
 * TLS errors as errors). Must not: parse what it fetches, touch the store,
 * follow a redirect to another scheme, or accept a bad certificate.
 *
 * All I/O is asynchronous on the thread-default main context of the caller.
 */
#define G_LOG_DOMAIN "dossier-fetcher"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dossier-fetcher.h"

#define READ_CHUNK           (64 * 1024)
#define MAX_NOT_BEFORE_DELAY (7 * 24 * 3600)  /* a week: any longer is a broken header */
#define MAX_AGE_CAP          (24 * 3600)      /* a feed is worth looking at once a day */

struct _DossierFetcher
{
  GObject      parent_instance;

  SoupSession *session;
  guint        connect_timeout;  /* seconds */
  guint        request_timeout;  /* milliseconds */
  gsize        max_body_size;
};

typedef struct {
  DossierFetcher *self;
  char           *url;
  char           *accept;
  char           *etag;
  char           *last_modified;
  GHashTable     *visited;
  guint           n_redirects;
  gboolean        all_permanent;
  gboolean        redirected;
  SoupMessage    *msg;
  GInputStream   *stream;
  GByteArray     *body;
  GCancellable   *internal;
  GCancellable   *external;
  gulong          cancel_id;
  GSource        *timeout;
  gboolean        timed_out;
  gint64          not_before;
} FetchData;

enum {
  PROP_0,
  PROP_CONNECT_TIMEOUT,
  PROP_REQUEST_TIMEOUT,
  PROP_MAX_BODY_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DossierFetcher, dossier_fetcher, G_TYPE_OBJECT)

G_DEFINE_QUARK (dossier-fetch-error-quark, dossier_fetch_error)

static void start_request (GTask *task);

/* --------------------------------------------------------------- values -- */

void
dossier_fetch_result_free (DossierFetchResult *result)
{
  if (result == NULL)
    return;
  g_free (result->url);
  g_free (result->permanent_url);
  g_clear_pointer (&result->body, g_bytes_unref);
  g_free (result->content_type);
  g_free (result->charset);
  g_free (result->etag);
  g_free (result->last_modified);
  g_free (result);
}

static void
fetch_data_free (FetchData *data)
{
  if (data->timeout != NULL)
    {
      g_source_destroy (data->timeout);
      g_source_unref (data->timeout);
    }
  if (data->external != NULL)
    {
      g_cancellable_disconnect (data->external, data->cancel_id);
      g_object_unref (data->external);
    }
  g_clear_object (&data->internal);
  g_clear_object (&data->stream);
  g_clear_object (&data->msg);
  g_clear_pointer (&data->body, g_byte_array_unref);
  g_clear_pointer (&data->visited, g_hash_table_unref);
  g_free (data->url);
  g_free (data->accept);
  g_free (data->etag);
  g_free (data->last_modified);
  g_clear_object (&data->self);
  g_free (data);
}

/* -------------------------------------------------------------- helpers -- */

static char *
host_of (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return g_strdup (uri != NULL && g_uri_get_host (uri) ? g_uri_get_host (uri) : url);
}

static gboolean
check_url (const char  *url,
           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL || (uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL)) == NULL)
    {
      g_set_error (error, DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_BAD_URL,
                   _("“%s” is not a web address"), url ? url : "");
      return FALSE;
    }
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      g_set_error (error, DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_BAD_URL,
                   _("Only http and https addresses can be fetched, not “%s:”"), scheme);
      return FALSE;
    }
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_BAD_URL,
                   _("“%s” names no server"), url);
      return FALSE;
    }
  return TRUE;
}

gint64
dossier_fetcher_parse_retry_after (const char *value,
                                   gint64      now)
{
  g_autoptr(GDateTime) date = NULL;
  char *end = NULL;
  gint64 seconds;

  if (value == NULL)
    return 0;
  while (g_ascii_isspace (*value))
    value++;
  if (g_ascii_isdigit (*value))
    {
      seconds = g_ascii_strtoll (value, &end, 10);
      if (end != NULL && (*end == '\0' || g_ascii_isspace (*end)))
        return now + MIN (seconds, MAX_NOT_BEFORE_DELAY);
      return 0;
    }
  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return 0;
  seconds = g_date_time_to_unix (date);
  if (seconds <= now)
    return 0;
  return MIN (seconds, now + MAX_NOT_BEFORE_DELAY);
}

static gint64
max_age_not_before (SoupMessageHeaders *headers,
                    gint64              now)
{
  const char *cache_control = soup_message_headers_get_list (headers, "Cache-Control");
  GHashTable *params;
  const char *max_age;
  gint64 result = 0;

  if (cache_control == NULL)
    return 0;
  params = soup_header_parse_param_list (cache_control);
  max_age = g_hash_table_lookup (params, "max-age");
  if (max_age != NULL && g_ascii_isdigit (*max_age))
    {
      gint64 seconds = g_ascii_strtoll (max_age, NULL, 10);
      if (seconds > 0)
        result = now + MIN (seconds, MAX_AGE_CAP);
    }
  soup_header_free_param_list (params);
  return result;
}

static void
return_error (GTask  *task,
              GError *error)
{
  FetchData *data = g_task_get_task_data (task);

  /* Our own timer cancelled the request: say so, not "Operation was cancelled". */
  if (data->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      error = g_error_new (DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_TIMEOUT,
                           _("%s did not finish answering within %u seconds"),
                           data->url, (data->self->request_timeout + 999) / 1000);
    }
  g_task_return_error (task, error);
  g_object_unref (task);
}

static GError *
transport_error (FetchData    *data,
                 const GError *error)
{
  g_autofree char *host = host_of (data->url);

  if (error->domain == G_TLS_ERROR)
    {
      if (error->code == G_TLS_ERROR_BAD_CERTIFICATE)
        return g_error_new (DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_TLS,
                            _("Certificate not trusted for %s"), host);
      return g_error_new (DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_TLS,
                          _("Secure connection to %s failed: %s"), host, error->message);
    }
  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_NETWORK,
                        _("Server %s not found"), host);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_TIMEOUT,
                        _("%s did not answer within %u seconds"), host, data->self->connect_timeout);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_NETWORK,
                        _("%s refused the connection"), host);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  return g_error_new (DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_NETWORK,
                      _("Could not fetch from %s: %s"), host, error->message);
}

static void
finish_with_body (GTask *task)
{
  FetchData *data = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (data->msg);
  DossierFetchResult *result = g_new0 (DossierFetchResult, 1);
  GHashTable *params = NULL;
  const char *type;

  result->status = soup_message_get_status (data->msg);
  result->url = g_strdup (data->url);
  if (data->redirected && data->all_permanent)
    result->permanent_url = g_strdup (data->url);
  if (data->body != NULL)
    result->body = g_byte_array_free_to_bytes (g_steal_pointer (&data->body));
  type = soup_message_headers_get_content_type (headers, &params);
  if (type != NULL)
    result->content_type = g_ascii_strdown (type, -1);
  if (params != NULL)
    {
      const char *charset = g_hash_table_lookup (params, "charset");
      if (charset != NULL)
        result->charset = g_strdup (charset);
      g_hash_table_destroy (params);
    }
  result->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  result->last_modified = g_strdup (soup_message_headers_get_one (headers, "Last-Modified"));
  if (result->status == SOUP_STATUS_NOT_MODIFIED)
    {
      /* A 304 may omit the validators: the ones we sent are still good. */
      if (result->etag == NULL)
        result->etag = g_strdup (data->etag);
      if (result->last_modified == NULL)
        result->last_modified = g_strdup (data->last_modified);
    }
  result->not_before = max_age_not_before (headers, g_get_real_time () / G_USEC_PER_SEC);

  g_task_return_pointer (task, result, (GDestroyNotify) dossier_fetch_result_free);
  g_object_unref (task);
}

/* ------------------------------------------------------------ callbacks -- */

static void
on_read_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  GTask *task = user_data;
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), res, &error);
  if (chunk == NULL)
    {
      GError *mapped = transport_error (data, error);
      g_error_free (error);
      return_error (task, mapped);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      g_input_stream_close (data->stream, NULL, NULL);
      finish_with_body (task);
      return;
    }
  if (data->body->len + g_bytes_get_size (chunk) > data->self->max_body_size)
    {
      /* Stop reading at the limit: a hostile server could send forever. */
      g_cancellable_cancel (data->internal);
      return_error (task, g_error_new (DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_TOO_LARGE,
                                       _("Refused %s: larger than %" G_GSIZE_FORMAT " MB"),
                                       data->url, data->self->max_body_size / (1024 * 1024)));
      return;
    }
  g_byte_array_append (data->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   data->internal, on_read_cb, task);
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  GTask *task = user_data;
  FetchData *data = g_task_get_task_data (task);
  DossierFetcher *self = data->self;
  SoupMessageHeaders *headers;
  GError *error = NULL;
  guint status;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  data->stream = soup_session_send_finish (SOUP_SESSION (source), res, &error);
  if (data->stream == NULL)
    {
      GError *mapped = transport_error (data, error);
      g_error_free (error);
      return_error (task, mapped);
      return;
    }

  status = soup_message_get_status (data->msg);
  headers = soup_message_get_response_headers (data->msg);

  if (SOUP_STATUS_IS_REDIRECTION (status) && status != SOUP_STATUS_NOT_MODIFIED
      && soup_message_headers_get_one (headers, "Location") != NULL)
    {
      const char *location = soup_message_headers_get_one (headers, "Location");
      g_autofree char *next = g_uri_resolve_relative (data->url, location, G_URI_FLAGS_NONE, NULL);
      g_autoptr(GError) url_error = NULL;

      /* Dropping the unread stream closes it; a sync close could block. */
      g_clear_object (&data->stream);
      if (next == NULL || !check_url (next, &url_error))
        {
          return_error (task, g_error_new (DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_REDIRECTS,
                                           _("Refused redirect from %s to “%s”"), data->url, location));
          return;
        }
      if (g_hash_table_contains (data->visited, next))
        {
          return_error (task, g_error_new (DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_REDIRECTS,
                                           _("Redirect loop at %s"), next));
          return;
        }
      if (++data->n_redirects > DOSSIER_FETCH_MAX_REDIRECTS)
        {
          return_error (task, g_error_new (DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_REDIRECTS,
                                           _("More than %u redirects from %s"),
                                           DOSSIER_FETCH_MAX_REDIRECTS, data->url));
          return;
        }
      if (status != SOUP_STATUS_MOVED_PERMANENTLY && status != SOUP_STATUS_PERMANENT_REDIRECT)
        data->all_permanent = FALSE;
      data->redirected = TRUE;
      g_free (data->url);
      data->url = g_steal_pointer (&next);
      g_hash_table_add (data->visited, g_strdup (data->url));
      g_clear_object (&data->msg);
      start_request (task);
      return;
    }

  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      g_clear_object (&data->stream);
      finish_with_body (task);
      return;
    }

  if (status == 429 || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      g_autofree char *when = NULL;

      data->not_before = dossier_fetcher_parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"), now);
      g_clear_object (&data->stream);
      if (data->not_before > 0)
        {
          g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (data->not_before);
          when = g_date_time_format (dt, "%Y-%m-%d %H:%M");
          return_error (task, g_error_new (DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_RETRY_LATER,
                                           _("Server answered %u (%s) and asked us to wait until %s"),
                                           status, soup_message_get_reason_phrase (data->msg), when));
        }
      else
        return_error (task, g_error_new (DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_RETRY_LATER,
                                         _("Server answered %u (%s): try again later"),
                                         status, soup_message_get_reason_phrase (data->msg)));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      const char *reason = soup_message_get_reason_phrase (data->msg);

      g_clear_object (&data->stream);
      if (reason == NULL || *reason == '\0')
        reason = soup_status_get_phrase (status);
      return_error (task, g_error_new (DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_HTTP,
                                       _("Server answered %u (%s)"), status,
                                       reason ? reason : _("unknown status")));
      return;
    }

  if (soup_message_headers_get_content_length (headers) > (goffset) self->max_body_size
      && soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    {
      g_cancellable_cancel (data->internal);
      return_error (task, g_error_new (DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_TOO_LARGE,
                                       _("Refused %s: larger than %" G_GSIZE_FORMAT " MB"),
                                       data->url, self->max_body_size / (1024 * 1024)));
      return;
    }

  data->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   data->internal, on_read_cb, task);
}

static gboolean
on_request_timeout_cb (gpointer user_data)
{
  FetchData *data = user_data;

  data->timed_out = TRUE;
  g_cancellable_cancel (data->internal);
  g_clear_pointer (&data->timeout, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
on_external_cancelled_cb (GCancellable *cancellable,
                          gpointer      user_data)
{
  GCancellable *internal = user_data;

  g_cancellable_cancel (internal);
}

static void
start_request (GTask *task)
{
  FetchData *data = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  data->msg = soup_message_new ("GET", data->url);
  if (data->msg == NULL)
    {
      return_error (task, g_error_new (DOSSIER_FETCH_ERROR, DOSSIER_FETCH_ERROR_BAD_URL,
                                       _("“%s” is not a web address"), data->url));
      return;
    }
  /* Redirects by hand: we count them, refuse loops and scheme changes, and
   * learn whether the address moved for good. */
  soup_message_add_flags (data->msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (data->msg);
  if (data->accept != NULL)
    soup_message_headers_replace (headers, "Accept", data->accept);
  if (data->etag != NULL)
    soup_message_headers_replace (headers, "If-None-Match", data->etag);
  if (data->last_modified != NULL)
    soup_message_headers_replace (headers, "If-Modified-Since", data->last_modified);

  soup_session_send_async (data->self->session, data->msg, G_PRIORITY_DEFAULT,
                           data->internal, on_sent_cb, task);
}

/* ------------------------------------------------------------ overrides -- */

static void
dossier_fetcher_finalize (GObject *object)
{
  DossierFetcher *self = DOSSIER_FETCHER (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (dossier_fetcher_parent_class)->finalize (object);
}

static void
dossier_fetcher_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DossierFetcher *self = DOSSIER_FETCHER (object);

  switch (prop_id)
    {
    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout);
      break;
    case PROP_REQUEST_TIMEOUT:
      g_value_set_uint (value, self->request_timeout);
      break;
    case PROP_MAX_BODY_SIZE:
      g_value_set_uint64 (value, self->max_body_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_fetcher_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DossierFetcher *self = DOSSIER_FETCHER (object);

  switch (prop_id)
    {
    case PROP_CONNECT_TIMEOUT:
      self->connect_timeout = g_value_get_uint (value);
      /* libsoup's I/O timeout bounds both connecting and each read, so a
       * stalled server is noticed as quickly as one that never answers. */
      soup_session_set_timeout (self->session, self->connect_timeout);
      break;
    case PROP_REQUEST_TIMEOUT:
      self->request_timeout = g_value_get_uint (value);
      break;
    case PROP_MAX_BODY_SIZE:
      self->max_body_size = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_fetcher_class_init (DossierFetcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dossier_fetcher_finalize;
  object_class->get_property = dossier_fetcher_get_property;
  object_class->set_property = dossier_fetcher_set_property;

  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 1, 600, 15,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUEST_TIMEOUT] =
    g_param_spec_uint ("request-timeout", NULL, NULL, 100, 3600 * 1000, 60 * 1000,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_BODY_SIZE] =
    g_param_spec_uint64 ("max-body-size", NULL, NULL, 1, G_MAXUINT32, DOSSIER_FETCH_MAX_BODY,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dossier_fetcher_init (DossierFetcher *self)
{
  self->connect_timeout = 15;
  self->request_timeout = 60 * 1000;
  self->max_body_size = DOSSIER_FETCH_MAX_BODY;
  /* The proxy resolver defaults to the system's; the TLS database to the
   * system's trust store, and with no "accept-certificate" handler a bad
   * certificate fails the request. */
  self->session = soup_session_new_with_options ("user-agent", USER_AGENT,
                                                 "max-conns", 6,
                                                 "max-conns-per-host", 2,
                                                 "timeout", self->connect_timeout,
                                                 NULL);
}

/* ----------------------------------------------------------- public API -- */

DossierFetcher *
dossier_fetcher_new (void)
{
  return g_object_new (DOSSIER_TYPE_FETCHER, NULL);
}

void
dossier_fetcher_fetch_async (DossierFetcher      *self,
                             const char          *url,
                             const char          *accept,
                             const char          *etag,
                             const char          *last_modified,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  FetchData *data;
  GError *error = NULL;

  g_return_if_fail (DOSSIER_IS_FETCHER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dossier_fetcher_fetch_async);
  data = g_new0 (FetchData, 1);
  data->self = g_object_ref (self);
  data->url = g_strdup (url);
  data->accept = g_strdup (accept);
  data->etag = g_strdup (etag);
  data->last_modified = g_strdup (last_modified);
  data->all_permanent = TRUE;
  data->visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  data->internal = g_cancellable_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);

  if (!check_url (url, &error))
    {
      return_error (task, error);
      return;
    }
  g_hash_table_add (data->visited, g_strdup (url));

  if (cancellable != NULL)
    {
      data->external = g_object_ref (cancellable);
      data->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_external_cancelled_cb),
                                               data->internal, NULL);
    }
  data->timeout = g_timeout_source_new (self->request_timeout);
  g_source_set_callback (data->timeout, on_request_timeout_cb, data, NULL);
  g_source_attach (data->timeout, g_main_context_get_thread_default ());

  start_request (task);
}

DossierFetchResult *
dossier_fetcher_fetch_finish_full (DossierFetcher  *self,
                                   GAsyncResult    *result,
                                   gint64          *out_not_before,
                                   GError         **error)
{
  FetchData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (out_not_before != NULL)
    *out_not_before = data->not_before;
  return g_task_propagate_pointer (G_TASK (result), error);
}

DossierFetchResult *
dossier_fetcher_fetch_finish (DossierFetcher  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  return dossier_fetcher_fetch_finish_full (self, result, NULL, error);
}
