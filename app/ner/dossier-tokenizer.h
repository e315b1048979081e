/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-tokenizer.h: splits news text into CoNLL-like tokens with exact
 * offsets. GLib only; knows nothing about sentences or labels. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint   start;        /* code point offsets into the text */
  guint   end;
  guint   byte_start;   /* byte offsets into the text */
  guint   byte_end;
  guint8  newlines;     /* line breaks in the whitespace before the token (capped at 2) */
} DossierToken;

/* Tokens of `text[0..length)` (length -1: NUL-terminated) appended to `tokens`
 * (an array of DossierToken). Invalid bytes count as one code point each, as
 * g_utf8_make_valid() would replace them. "U.S.", "Feb.", initials, numbers,
 * URLs and hyphenated words stay whole; possessive "'s" and "n't" are split
 * off as in CoNLL-2003. */
void    dossier_tokenize_append (const char *text,
                                 gssize      length,
                                 guint       first_offset,
                                 GArray     *tokens);

GArray *dossier_tokenize        (const char *text,
                                 gssize      length);

/* The token's text normalised for features: curly quotes and apostrophes
 * become straight ones, dashes "-" or "--", invalid bytes U+FFFD. Writes at
 * most `size` bytes (NUL included) into `buf` and returns the length. */
gsize   dossier_token_normalize (const char         *text,
                                 const DossierToken *token,
                                 char               *buf,
                                 gsize               size);

G_END_DECLS
