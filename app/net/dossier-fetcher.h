/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-fetcher.h: the application's one SoupSession and its manners.
 *
 * User-Agent naming Dossier, conditional GET, at most 2 connections per host
 * and 6 in all, connect timeout 15 s, whole request 60 s, body at most 10 MB,
 * at most 5 redirects followed by hand (loops refused), http and https only,
 * TLS failures are errors, the system proxy. Knows nothing of the store.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DOSSIER_FETCH_ERROR (dossier_fetch_error_quark ())

typedef enum {
  DOSSIER_FETCH_ERROR_BAD_URL,          /* not an absolute http(s) address */
  DOSSIER_FETCH_ERROR_HTTP,             /* the server answered an error status */
  DOSSIER_FETCH_ERROR_RETRY_LATER,      /* 429 / 503: see DossierFetchResult.not_before */
  DOSSIER_FETCH_ERROR_TOO_LARGE,        /* body over the limit */
  DOSSIER_FETCH_ERROR_REDIRECTS,        /* too many redirects, a loop, or to another scheme */
  DOSSIER_FETCH_ERROR_TLS,              /* certificate not trusted, TLS failure */
  DOSSIER_FETCH_ERROR_TIMEOUT,          /* connect or whole-request timeout */
  DOSSIER_FETCH_ERROR_NETWORK,          /* cannot resolve, connection refused… */
} DossierFetchError;

GQuark dossier_fetch_error_quark (void);

#define DOSSIER_FETCH_MAX_BODY       (10 * 1024 * 1024)
#define DOSSIER_FETCH_MAX_REDIRECTS  5

typedef struct {
  guint    status;          /* final HTTP status: 200, 304, or an error status */
  char    *url;             /* final address after redirects */
  char    *permanent_url;   /* set when every redirect was permanent (301/308): the new address to store */
  GBytes  *body;            /* 2xx only, decoded (gzip), at most the limit; else NULL */
  char    *content_type;    /* without parameters, lower case, nullable */
  char    *charset;         /* from Content-Type, nullable */
  char    *etag;            /* nullable */
  char    *last_modified;   /* nullable */
  gint64   not_before;      /* Unix time before which we must not ask again (Retry-After, max-age), 0 = none */
} DossierFetchResult;

void dossier_fetch_result_free (DossierFetchResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierFetchResult, dossier_fetch_result_free)

#define DOSSIER_TYPE_FETCHER (dossier_fetcher_get_type ())
G_DECLARE_FINAL_TYPE (DossierFetcher, dossier_fetcher, DOSSIER, FETCHER, GObject)

/* Properties (for tests, to keep them short): "connect-timeout" (seconds,
 * also the stall timeout of one read), "request-timeout" (milliseconds for
 * the whole request), "max-body-size" (bytes). */
DossierFetcher *dossier_fetcher_new (void);

/* GETs `url`, following redirects by hand. `etag` / `last_modified` (nullable)
 * make it conditional: a 304 comes back as a result with status 304 and no
 * body. Any final HTTP answer other than 2xx/304 is an error whose message
 * says it in words ("server answered 404 (Not Found)"); for 429 and 503
 * dossier_fetcher_fetch_finish_full also gives the time the server asked us
 * to wait until. `accept` is the Accept header, nullable. */
void                dossier_fetcher_fetch_async       (DossierFetcher       *self,
                                                       const char           *url,
                                                       const char           *accept,
                                                       const char           *etag,
                                                       const char           *last_modified,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
DossierFetchResult *dossier_fetcher_fetch_finish      (DossierFetcher       *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
/* As _finish, and on DOSSIER_FETCH_ERROR_RETRY_LATER the time the server
 * asked us to wait until (0 when it did not say). */
DossierFetchResult *dossier_fetcher_fetch_finish_full (DossierFetcher       *self,
                                                       GAsyncResult         *result,
                                                       gint64               *out_not_before,
                                                       GError              **error);

/* Parses a Retry-After value (delta seconds or HTTP date) into Unix time,
 * 0 when it cannot be read. */
gint64 dossier_fetcher_parse_retry_after (const char *value,
                                          gint64      now);

G_END_DECLS
