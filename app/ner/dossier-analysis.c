/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-analysis.c: the entity pipeline for one text.
 *
 * Owns the order of the steps (names from the recognizer, dates from the
 * rules, linking) and how names and dates that overlap are reconciled. It
 * must not touch the store or the model file: the recognizer is handed in,
 * the caller stores the spans. Recognizer loading lives in
 * dossier-recognizer.c. */
#define G_LOG_DOMAIN "dossier-analysis"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-analysis.h"
#include "dossier-dates.h"
#include "dossier-linker.h"
#include "dossier-recognizer.h"

void
dossier_span_clear (DossierSpan *span)
{
  g_clear_pointer (&span->text, g_free);
  g_clear_pointer (&span->name, g_free);
  g_clear_pointer (&span->key, g_free);
  g_clear_pointer (&span->aliases, g_strfreev);
  g_clear_pointer (&span->value, g_free);
}

/* A date wins over names it fully covers only when they are MISC ("Christmas
 * Day", "New Year's Eve"); any other overlap with a name drops the date. */
static void
add_dates (GArray     *spans,
           const char *text,
           gint64      document_date)
{
  g_autoptr(GArray) dates = dossier_dates_find (text, document_date);
  guint n_names = spans->len;

  for (guint d = 0; d < dates->len; d++)
    {
      DossierDateSpan *date = &g_array_index (dates, DossierDateSpan, d);
      gboolean keep = TRUE;

      for (guint n = 0; n < n_names && keep; n++)
        {
          DossierSpan *name = &g_array_index (spans, DossierSpan, n);

          if (name->end <= date->start || name->start >= date->end)
            continue;
          if (name->type == DOSSIER_ENTITY_MISC && name->start >= date->start && name->end <= date->end)
            name->end = name->start;   /* marked for removal below */
          else
            keep = FALSE;
        }
      if (keep)
        {
          DossierSpan span = { date->start, date->end, DOSSIER_ENTITY_DATE,
                               NULL, NULL, NULL, NULL, g_steal_pointer (&date->value) };

          g_array_append_val (spans, span);
        }
    }
  for (guint n = n_names; n > 0; n--)
    if (g_array_index (spans, DossierSpan, n - 1).start == g_array_index (spans, DossierSpan, n - 1).end)
      g_array_remove_index (spans, n - 1);
}

GArray *
dossier_analyze_text (DossierRecognizer *recognizer,
                      const char        *text,
                      gint64             document_date)
{
  GArray *spans = g_array_new (FALSE, TRUE, sizeof (DossierSpan));

  g_array_set_clear_func (spans, (GDestroyNotify) dossier_span_clear);
  if (text == NULL || *text == '\0')
    return spans;

  if (recognizer != NULL)
    {
      g_autoptr(GArray) names = dossier_recognizer_find_names (recognizer, text);

      for (guint i = 0; i < names->len; i++)
        {
          DossierNameSpan *name = &g_array_index (names, DossierNameSpan, i);
          DossierSpan span = { name->start, name->end, name->type, NULL, NULL, NULL, NULL, NULL };

          if (name->end > name->start && name->type < DOSSIER_ENTITY_DATE)
            g_array_append_val (spans, span);
        }
    }

  /* The tagger breaks some names around an apostrophe or a particle
   * ("People" + "'s Mojahedin …", "Mujahedin-e" + "Khalq"): mend them
   * before dates are reconciled and names linked. */
  dossier_linker_repair_spans (spans, text);
  add_dates (spans, text, document_date);
  dossier_linker_link (spans, text);

  /* Dates link by their value, so "15 July" and "July 15, 2022" are one date. */
  for (guint i = 0; i < spans->len; i++)
    {
      DossierSpan *span = &g_array_index (spans, DossierSpan, i);

      if (span->type != DOSSIER_ENTITY_DATE)
        continue;
      g_free (span->name);
      g_free (span->key);
      span->name = g_strdup (span->text);
      span->key = span->value != NULL ? g_strconcat ("date:", span->value, NULL)
                                      : dossier_linker_normalize (span->text);
    }
  return spans;
}
