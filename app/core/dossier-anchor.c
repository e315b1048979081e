/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-anchor.c: re-anchoring highlights by quote and context. Pure string
 * work: the store calls it when a document's text is replaced; it never
 * touches the database. */
#define G_LOG_DOMAIN "dossier-anchor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-anchor.h"
#include "dossier-text.h"

/* ------------------------------------------------------------ helpers -- */

/* Characters shared by the end of text[0, at) and the end of `prefix`. */
static guint
common_prefix_context (const char *text,
                       const char *at,
                       const char *prefix)
{
  const char *t = at;
  const char *p = prefix + strlen (prefix);
  guint n = 0;

  while (t > text && p > prefix)
    {
      const char *tc = g_utf8_prev_char (t);
      const char *pc = g_utf8_prev_char (p);

      if (g_utf8_get_char (tc) != g_utf8_get_char (pc))
        break;
      t = tc;
      p = pc;
      n++;
    }
  return n;
}

/* Characters shared by the start of `at` and the start of `suffix`. */
static guint
common_suffix_context (const char *at,
                       const char *suffix)
{
  guint n = 0;

  while (*at != '\0' && *suffix != '\0' && g_utf8_get_char (at) == g_utf8_get_char (suffix))
    {
      at = g_utf8_next_char (at);
      suffix = g_utf8_next_char (suffix);
      n++;
    }
  return n;
}

/* --------------------------------------------------------- public API -- */

void
dossier_anchor_describe (const char  *text,
                         guint        start,
                         guint        end,
                         char       **out_quote,
                         char       **out_prefix,
                         char       **out_suffix)
{
  g_return_if_fail (text != NULL);
  g_return_if_fail (start <= end);

  if (out_quote != NULL)
    *out_quote = dossier_text_substring (text, start, end);
  if (out_prefix != NULL)
    *out_prefix = dossier_text_substring (text,
                                          start > DOSSIER_ANCHOR_CONTEXT ? start - DOSSIER_ANCHOR_CONTEXT : 0,
                                          start);
  if (out_suffix != NULL)
    *out_suffix = dossier_text_substring (text, end, end + DOSSIER_ANCHOR_CONTEXT);
}

gboolean
dossier_anchor_find (const char *text,
                     const char *quote,
                     const char *prefix,
                     const char *suffix,
                     guint       old_start,
                     guint      *out_start,
                     guint      *out_end)
{
  const char *counted = text;   /* offsets are counted incrementally, once over the text */
  guint counted_offset = 0;
  const char *hit;
  gboolean found = FALSE;
  guint best_start = 0;
  guint best_score = 0;
  guint best_distance = G_MAXUINT;
  guint quote_length;

  g_return_val_if_fail (text != NULL, FALSE);

  if (quote == NULL || *quote == '\0')
    return FALSE;
  if (prefix == NULL)
    prefix = "";
  if (suffix == NULL)
    suffix = "";

  quote_length = dossier_text_length (quote);

  for (hit = strstr (text, quote); hit != NULL; hit = strstr (g_utf8_next_char (hit), quote))
    {
      guint offset;
      guint score;
      guint distance;

      counted_offset += (guint) g_utf8_strlen (counted, hit - counted);
      counted = hit;
      offset = counted_offset;

      score = common_prefix_context (text, hit, prefix) +
              common_suffix_context (hit + strlen (quote), suffix);
      distance = offset > old_start ? offset - old_start : old_start - offset;

      if (!found || score > best_score || (score == best_score && distance < best_distance))
        {
          found = TRUE;
          best_start = offset;
          best_score = score;
          best_distance = distance;
        }
    }

  if (!found)
    return FALSE;

  if (out_start != NULL)
    *out_start = best_start;
  if (out_end != NULL)
    *out_end = best_start + quote_length;
  return TRUE;
}
