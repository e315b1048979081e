/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-dates.h: rule-based date expressions in English news text (GLib only).
 * Finds absolute dates, ranges, decades, weekdays and relative dates and
 * normalises them against the document's date. Pure functions: no model, no
 * store, no global state, safe from any thread. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint  start;   /* code point offsets into the text */
  guint  end;
  char  *value;   /* "2022-07-15", "2022-07", "2022", "199X", "2022-SU", "2022-W28",
                   * "2010/2014"…; NULL when the document date does not allow one */
} DossierDateSpan;

void    dossier_date_span_clear (DossierDateSpan *span);

/* Every date expression in `text` (any UTF-8; invalid bytes are skipped), by
 * start offset, never overlapping. `document_date` (Unix seconds, 0 =
 * unknown) anchors relative dates and years left out. The array clears its
 * elements when freed. */
GArray *dossier_dates_find      (const char *text,
                                 gint64      document_date);

/* Bumped whenever the rules change, so stored analyses are redone. */
#define DOSSIER_DATES_VERSION 1

G_END_DECLS
