/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-text.h: small UTF-8 helpers shared by the store, the importers and
 * the window (GLib only). Offsets are Unicode code points, as everywhere in
 * Dossier; these functions convert them to and from byte positions. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The number of code points in `text` (valid UTF-8). */
guint  dossier_text_length          (const char *text);
/* The byte position of code point `offset`; clamped to the end of the text. */
gsize  dossier_text_offset_to_byte  (const char *text,
                                     guint       offset);
/* The code point offset of byte position `byte` (which must fall on a
 * character boundary); clamped to the end of the text. */
guint  dossier_text_byte_to_offset  (const char *text,
                                     gsize       byte);
/* Characters [start, end) as a new string; both clamped to the text. */
char  *dossier_text_substring       (const char *text,
                                     guint       start,
                                     guint       end);
/* Words: runs of letters, digits, marks and joining apostrophes/hyphens. */
guint  dossier_text_word_count      (const char *text);
/* "sha256:" + the hex SHA-256 of the text: a document's identity when it has no URL. */
char  *dossier_text_content_uid     (const char *text);
/* A copy fit to store and show: invalid bytes replaced by U+FFFD, CR LF and
 * CR turned into LF, a leading byte order mark dropped, and control
 * characters (except tab and newline) and bidirectional embedding/override/
 * isolate characters removed, since they can disguise what a text says, and
 * U+E000/U+E001 removed (they mark search hits in snippets).
 * `out_n_removed` (nullable) counts the characters removed or replaced. */
char  *dossier_text_sanitize        (const char *text,
                                     gssize      length,
                                     guint      *out_n_removed);

G_END_DECLS
