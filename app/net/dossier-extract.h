/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-extract.h: readability-style main-text extraction on libxml2's HTML
 * parser (no network, no DTD, no entity loading). Pure function, any thread. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DOSSIER_EXTRACT_ERROR (dossier_extract_error_quark ())

typedef enum {
  DOSSIER_EXTRACT_ERROR_TOO_LARGE,   /* input over the limit */
  DOSSIER_EXTRACT_ERROR_NOT_HTML,    /* could not be parsed as HTML at all */
  DOSSIER_EXTRACT_ERROR_NO_CONTENT,  /* parsed, but no readable text found */
} DossierExtractError;

GQuark dossier_extract_error_quark (void);

typedef struct {
  char      *title;
  char      *byline;      /* nullable */
  char      *date;        /* ISO 8601 as found, nullable */
  gint64     published;   /* Unix seconds, 0 = unknown */
  char      *site_name;   /* nullable */
  char      *lang;        /* nullable */
  char      *excerpt;     /* nullable */
  char      *text;        /* plain text: paragraphs separated by one blank line */
  GPtrArray *warnings;    /* one-line reasons for anything repaired or cut (char *) */
} DossierArticle;

void dossier_article_free (DossierArticle *article);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierArticle, dossier_article_free)

/* `html` need not be NUL-terminated nor valid UTF-8 (charset from meta/BOM,
 * else `charset_hint`, else UTF-8 with invalid bytes replaced). `base_url`
 * resolves relative links, nullable.
 *
 * The text leaves out navigation, share bars, related stories, captions,
 * bylines and dates; headings and list items stand on their own lines. The
 * title is never NULL (without any, the first heading or first words). Pages
 * over 16 MB are refused (DOSSIER_EXTRACT_ERROR_TOO_LARGE); nesting deeper than
 * libxml2 allows is flattened, a text block over 1 MB or a text over 4 MB is
 * cut, each with a line in `warnings`. */
DossierArticle *dossier_extract_article (const char   *html,
                                         gsize         length,
                                         const char   *charset_hint,
                                         const char   *base_url,
                                         GError      **error);

/* An HTML fragment (feed content:encoded, descriptions) as plain text:
 * paragraphs separated by one blank line, list items and headings on their
 * own lines, entities decoded, whitespace normalised, no scripts, styles or
 * markup. An element that never gives text (object, iframe, video, select…)
 * left unclosed ends at once, so the text after it stays. Input with no
 * markup at all is plain text: its newlines are line breaks and a blank line
 * a paragraph break (prose hard-wrapped at a fixed width is re-joined).
 * Invalid UTF-8 is repaired. Never NULL ("" for empty input).
 * `base_url` is accepted for symmetry with dossier_extract_article (links are
 * not part of the text), nullable. Free with g_free. */
char *dossier_html_to_text (const char *html,
                            gsize       length,
                            const char *base_url);

G_END_DECLS
