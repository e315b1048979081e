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

  /* The linker on spans cut from the input at word boundaries, so acronym
   * definitions, partial names and variants get exercised on any bytes. */
  if (g_utf8_validate (text, -1, NULL))
    {
      g_autoptr(GArray) names = g_array_new (FALSE, TRUE, sizeof (DossierSpan));
      guint start = 0, cp = 0;
      gboolean in_word = FALSE;

      g_array_set_clear_func (names, (GDestroyNotify) dossier_span_clear);
      for (const char *p = text; ; p = g_utf8_next_char (p), cp++)
        {
          gunichar ch = *p ? g_utf8_get_char (p) : ' ';
          gboolean word = g_unichar_isalnum (ch);

          if (word && !in_word)
            start = cp;
          if (!word && in_word && (g_unichar_isupper (g_utf8_get_char (g_utf8_offset_to_pointer (text, start)))))
            {
              DossierSpan span = { start, cp, (DossierEntityType) (cp % 4), NULL, NULL, NULL, NULL, NULL };

              g_array_append_val (names, span);
            }
          in_word = word;
          if (*p == '\0')
            break;
        }
      dossier_linker_link (names, text);
      for (guint i = 0; i < names->len; i++)
        {
          DossierSpan *s = &g_array_index (names, DossierSpan, i);

          g_assert (s->start < s->end && s->end <= (guint) length);
          g_assert (s->key != NULL && s->key[0] != '\0');
        }
    }

  norm = dossier_linker_normalize (text);
  skeleton = dossier_linker_skeleton (norm);
  if (skeleton != NULL)
    g_assert (skeleton[0] == '~');
  return 0;
}
