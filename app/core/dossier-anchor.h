/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-anchor.h: describing a range of a text by its quote and context, and
 * finding it again after the text changed (W3C Web Annotation
 * TextQuoteSelector + TextPositionSelector). GLib only; offsets are code points. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Characters of context kept before and after a quote. */
#define DOSSIER_ANCHOR_CONTEXT 32

/* The quote [start, end) of `text` and up to DOSSIER_ANCHOR_CONTEXT characters
 * before (prefix) and after (suffix). Offsets must lie within the text. */
void     dossier_anchor_describe (const char  *text,
                                  guint        start,
                                  guint        end,
                                  char       **out_quote,
                                  char       **out_prefix,
                                  char       **out_suffix);

/* Finds `quote` in `text`. Among its occurrences the one whose surrounding
 * text agrees best with `prefix` and `suffix` wins; among equally good ones,
 * the nearest to `old_start`. Returns FALSE (orphaned) when the quote is empty
 * or no longer occurs. */
gboolean dossier_anchor_find     (const char  *text,
                                  const char  *quote,
                                  const char  *prefix,
                                  const char  *suffix,
                                  guint        old_start,
                                  guint       *out_start,
                                  guint       *out_end);

G_END_DECLS
