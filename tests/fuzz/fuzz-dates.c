/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-dates.c: the date rules and name normalisation on any bytes. The
 * rules must never crash, loop or return spans outside the text. */
#include "config.h"

#include <string.h>

#include "dossier-dates.h"
#include "dossier-linker.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GArray) spans = NULL;
  g_autofree char *norm = NULL;
  g_autofree char *skeleton = NULL;
  glong length;

  /* One document date from the input itself, so relative dates get exercised
   * with many anchors, including the edges of the calendar. */
  gint64 date = size >= 8 ? (gint64) (((guint64) data[0] << 24 | data[1] << 16 | data[2] << 8 | data[3]) * 7) : 0;

  spans = dossier_dates_find (text, date);
  length = g_utf8_strlen (text, -1);
  for (guint i = 0; i < spans->len; i++)
    {
      DossierDateSpan *span = &g_array_index (spans, DossierDateSpan, i);

      g_assert (span->start < span->end);
      /* Invalid bytes count one each, so the span may reach past what
       * g_utf8_strlen counts only when the input is not UTF-8. */
      g_assert (!g_utf8_validate (text, -1, NULL) || span->end <= (guint) length);
      g_assert (i == 0 || g_array_index (spans, DossierDateSpan, i - 1).end <= span->start);
    }

  norm = dossier_linker_normalize (text);
  skeleton = dossier_linker_skeleton (norm);
  if (skeleton != NULL)
    g_assert (skeleton[0] == '~');
  return 0;
}
