/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-feed-parser.h: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 1.0 (and 0.3) and
 * JSON Feed 1.0/1.1 into one plain structure. Pure function, any thread, no
 * network: XML is read by libxml2 without entity substitution, DTD loading or
 * network access, with nesting and size limits. HTML in feed content becomes
 * plain text here (scripts, styles and event attributes never get through).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DOSSIER_FEED_ERROR (dossier_feed_error_quark ())

typedef enum {
  DOSSIER_FEED_ERROR_NOT_A_FEED,   /* parsed, but not RSS, Atom, RDF or JSON Feed */
  DOSSIER_FEED_ERROR_MALFORMED,    /* could not be parsed at all */
  DOSSIER_FEED_ERROR_TOO_LARGE,    /* over the size or nesting limits */
} DossierFeedError;

GQuark dossier_feed_error_quark (void);

#define DOSSIER_FEED_MAX_SIZE   (10 * 1024 * 1024)
#define DOSSIER_FEED_MAX_DEPTH  64
#define DOSSIER_FEED_MAX_TEXT   (1024 * 1024)  /* per field; longer text is cut with a warning */
#define DOSSIER_FEED_MAX_ITEMS  1000
#define DOSSIER_FEED_MAX_LINE   4096         /* bytes of a title, name or address */

typedef enum {
  DOSSIER_FEED_FORMAT_UNKNOWN,
  DOSSIER_FEED_FORMAT_RSS,       /* 0.9x and 2.0 */
  DOSSIER_FEED_FORMAT_RDF,       /* RSS 1.0 / 0.90 */
  DOSSIER_FEED_FORMAT_ATOM,      /* 1.0 and 0.3 */
  DOSSIER_FEED_FORMAT_JSON,
} DossierFeedFormat;

typedef struct {
  char   *guid;          /* id / guid, nullable */
  char   *title;         /* plain text, control and bidi-override characters stripped, nullable */
  char   *link;          /* absolute, resolved against xml:base / the feed address, nullable */
  char   *author;        /* nullable */
  gint64  published;     /* Unix seconds, 0 = unknown */
  gint64  updated;       /* 0 = unknown */
  char   *summary;       /* plain text, nullable */
  char   *content;       /* plain text of the fullest content (content:encoded, atom:content…), nullable */
  char   *content_html;  /* that content as given (HTML or text), nullable: never shown as HTML */
  char   *media_description; /* media:description, nullable */
  GStrv   categories;    /* nullable */
} DossierFeedItem;

typedef struct {
  DossierFeedFormat  format;
  char              *version;      /* "rss20", "rss091u", "rss10", "atom10", "atom03", "json11"… (feedparser's names) */
  char              *title;
  char              *link;         /* the site, absolute, nullable */
  char              *description;  /* plain text, nullable */
  char              *author;       /* nullable */
  char              *lang;         /* nullable */
  char              *encoding;     /* the encoding the document was read in, lower case */
  gint64             updated;      /* 0 = unknown */
  GPtrArray         *items;        /* DossierFeedItem */
  gboolean           bozo;         /* something was wrong and repaired */
  GPtrArray         *warnings;     /* one-line reasons for anything repaired or cut (char *) */
} DossierParsedFeed;

void dossier_feed_item_free   (DossierFeedItem   *item);
void dossier_parsed_feed_free (DossierParsedFeed *feed);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierParsedFeed, dossier_parsed_feed_free)

/* `data` need not be NUL-terminated. `base_url` (the address it came from)
 * resolves relative links, nullable. `charset` is the HTTP header's charset,
 * which wins over the document's declaration, nullable. `content_type` (no
 * parameters, nullable) helps tell JSON from XML. */
DossierParsedFeed *dossier_feed_parse (const char  *data,
                                       gsize        length,
                                       const char  *base_url,
                                       const char  *content_type,
                                       const char  *charset,
                                       GError     **error);

/* Feed addresses announced by an HTML page (<link rel="alternate"
 * type="application/rss+xml|atom+xml|feed+json">), resolved, best first.
 * Empty when none. */
GPtrArray *dossier_feed_discover (const char *html,
                                  gsize       length,
                                  const char *base_url);

/* Every date format feeds use: RFC 822/1123/850 with odd zones, asctime,
 * ISO 8601 and W3CDTF (with reduced precision), and a few localised forms.
 * Returns Unix seconds (UTC), or 0 when the text cannot be read. */
gint64 dossier_feed_parse_date (const char *text);

/* Plain text of an HTML fragment as feeds carry it: dossier_html_to_text
 * (paragraphs separated by a blank line, no scripts, styles or attributes),
 * then C1 characters read as Windows-1252 and controls dropped. */
char  *dossier_feed_html_to_text (const char *html);

/* Strips C0/C1 controls (but tab and newline become spaces), bidi overrides
 * and isolates; collapses whitespace; repairs invalid UTF-8; cuts at
 * DOSSIER_FEED_MAX_LINE bytes. For titles, names and one-line fields. */
char  *dossier_feed_clean_line (const char *text);

G_END_DECLS
