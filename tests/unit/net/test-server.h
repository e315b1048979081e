/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server.h: a SoupServer on 127.0.0.1 in its own thread and main
 * context, for the net tests (never the internet). Routes are registered
 * before or while it runs; special paths make it slow, stall or flood. */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _TestServer TestServer;

TestServer *test_server_new        (void);
/* HTTPS with the given (self-signed) certificate. */
TestServer *test_server_new_tls    (GTlsCertificate *certificate);
void        test_server_free       (TestServer *server);
/* "http://127.0.0.1:PORT" + path */
char       *test_server_url        (TestServer *server, const char *path);
/* Serves `body` at `path` with `status`; content_type nullable (no header);
 * extra headers as name, value pairs, NULL-terminated. */
void        test_server_add        (TestServer *server, const char *path, guint status,
                                    const char *content_type, GBytes *body, ...) G_GNUC_NULL_TERMINATED;
void        test_server_add_string (TestServer *server, const char *path, const char *content_type,
                                    const char *body);
/* Requests seen for a path, and the last If-None-Match / User-Agent seen. */
guint       test_server_hits       (TestServer *server, const char *path);
char       *test_server_last_header (TestServer *server, const char *name);

/* Special paths, always there:
 *   /stall      answers nothing, ever
 *   /drip       sends headers, then one byte every 200 ms, forever
 *   /flood      chunked, 11 MB of text with no Content-Length
 *   /flood-cl   Content-Length of 11 MB
 *   /etag       200 with ETag "v1"; 304 when If-None-Match is "v1"
 */

G_END_DECLS
