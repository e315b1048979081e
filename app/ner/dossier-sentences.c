/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-sentences.c: sentence boundaries over tokens.
 *
 * Owns the rules for where a sentence ends in news text: final punctuation
 * followed by a capital, closing quotes that belong to the sentence before,
 * blank lines, and headline lines. Must not tokenize or look beyond the first
 * character of a neighbouring token. */

#define G_LOG_DOMAIN "dossier-ner"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-sentences.h"

static gunichar
first_char (const char *text, const DossierToken *token)
{
  gunichar c = g_utf8_get_char_validated (text + token->byte_start,
                                          token->byte_end - token->byte_start);

  return (c == (gunichar) -1 || c == (gunichar) -2) ? 0xFFFD : c;
}

/* ".", "!?", "...", "…" */
static gboolean
is_final (const char *text, const DossierToken *token)
{
  const char *p = text + token->byte_start;
  const char *end = text + token->byte_end;

  if (p == end)
    return FALSE;
  if (end - p == 3 && (guchar) p[0] == 0xE2 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0xA6)
    return TRUE;
  for (; p < end; p++)
    if (*p != '.' && *p != '!' && *p != '?')
      return FALSE;
  return TRUE;
}

static gboolean
is_closer (const char *text, const DossierToken *token)
{
  gunichar c = first_char (text, token);

  return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D || c == 0x2019 ||
         c == 0x00BB;
}

static gboolean
opens_sentence (const char *text, const DossierToken *token)
{
  gunichar c = first_char (text, token);

  return g_unichar_isupper (c) || g_unichar_istitle (c) || g_unichar_isdigit (c) ||
         c == '"' || c == '\'' || c == '(' || c == '[' || c == '`' || c == 0x201C ||
         c == 0x2018 || c == 0x00AB || c == '-' || c == 0x2014 || c == 0x2013 ||
         (!g_unichar_isalpha (c) && !g_unichar_ispunct (c));
}

static gboolean
continues_line (const char *text, const DossierToken *prev, const DossierToken *next)
{
  gunichar p = first_char (text, prev);
  gunichar n = first_char (text, next);

  return g_unichar_islower (n) || p == ',' || p == ';' || p == '-' || p == '(' || p == '&';
}

void
dossier_split_sentences (const char         *text,
                         const DossierToken *tokens,
                         guint               n_tokens,
                         GArray             *ends)
{
  guint start = 0;

  g_return_if_fail (ends != NULL);
  g_return_if_fail (n_tokens == 0 || (text != NULL && tokens != NULL));

  for (guint i = 0; i < n_tokens; i++)
    {
      gboolean cut = FALSE;
      guint last = i;

      if (i + 1 == n_tokens)
        cut = TRUE;
      else if (i + 1 - start >= DOSSIER_MAX_SENTENCE_TOKENS)
        cut = TRUE;
      else if (tokens[i + 1].newlines >= 2)
        cut = TRUE;
      else if (is_final (text, &tokens[i]))
        {
          guint j = i + 1;

          /* Only a quote glued to the full stop closes this sentence. */
          while (j < n_tokens && tokens[j].byte_start == tokens[j - 1].byte_end &&
                 is_closer (text, &tokens[j]) && j - i < 3)
            j++;
          if (j == n_tokens || tokens[j].newlines > 0 || opens_sentence (text, &tokens[j]))
            {
              cut = TRUE;
              last = j - 1;
            }
        }
      else if (tokens[i + 1].newlines == 1 && !continues_line (text, &tokens[i], &tokens[i + 1]))
        cut = TRUE;

      if (cut)
        {
          guint end = last + 1;

          g_array_append_val (ends, end);
          start = end;
          i = last;
        }
    }
}
