/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-tokenizer.c: news text → tokens with code point and byte offsets.
 *
 * Owns the token rules (what stays whole, what is split off) so that the
 * tagger sees tokens shaped like CoNLL-2003's. Must not allocate per token
 * beyond the output array, nor hold more than one bounded chunk of decoded
 * text at a time: texts can be huge. */

#define G_LOG_DOMAIN "dossier-ner"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-tokenizer.h"

/* Text is decoded in chunks of about this many bytes, cut at whitespace. */
#define CHUNK_BYTES (64 * 1024)

typedef struct {
  gunichar c;
  guint    byte;   /* offset of this code point in the text */
} Cp;

static const char *abbreviations[] = {
  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
  "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
  "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "rev", "gen", "col", "lt", "sgt",
  "capt", "cmdr", "maj", "adm", "gov", "sen", "rep", "pres", "hon", "fr", "mt", "ft",
  "inc", "corp", "co", "ltd", "bros", "vs", "etc", "no", "nos", "vol", "approx",
  "dept", "univ", "ave", "blvd", "rd", "est", "fig", "al", "cf", "mln", "bln", "pct",
};

static gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum ((char) c);
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static gboolean
is_space (gunichar c)
{
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' ||
         (c >= 0x80 && (g_unichar_isspace (c) || c == 0x00A0 || c == 0x200B || c == 0xFEFF ||
                        g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR));
}

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC;
}

static gboolean
is_joining_hyphen (gunichar c)
{
  return c == '-' || c == 0x2010 || c == 0x2011 || c == '&' || c == '/' || c == '@' ||
         c == '_' || c == 0x00B7;
}

static gunichar
lower_ascii (gunichar c)
{
  return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static gboolean
matches_ascii (const Cp *cps, guint i, guint n, const char *word)
{
  for (; *word; word++, i++)
    if (i >= n || lower_ascii (cps[i].c) != (gunichar) *word)
      return FALSE;
  return TRUE;
}

/* "U.S", "e.g", "Ph.D": letter segments of at most two letters, split by periods. */
static gboolean
is_dotted_abbreviation (const Cp *cps, guint start, guint end)
{
  guint seg = 0;
  gboolean had_period = FALSE;

  for (guint i = start; i < end; i++)
    {
      if (cps[i].c == '.')
        {
          if (seg == 0)
            return FALSE;
          had_period = TRUE;
          seg = 0;
        }
      else if (g_unichar_isalpha (cps[i].c) && ++seg <= 2)
        ;
      else
        return FALSE;
    }
  return had_period;
}

static gboolean
is_known_abbreviation (const Cp *cps, guint start, guint end)
{
  char buf[8];
  guint len = end - start;

  if (len == 1 && g_unichar_isupper (cps[start].c))
    return TRUE;   /* an initial: "J." */
  if (len >= sizeof buf)
    return FALSE;
  for (guint i = 0; i < len; i++)
    {
      if (cps[start + i].c >= 0x80)
        return FALSE;
      buf[i] = (char) lower_ascii (cps[start + i].c);
    }
  buf[len] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (abbreviations); i++)
    if (strcmp (buf, abbreviations[i]) == 0)
      return TRUE;
  return FALSE;
}

/* End of the word starting at `i`. */
static guint
scan_word (const Cp *cps, guint i, guint n)
{
  guint j = i + 1;

  for (;;)
    {
      gunichar c;

      while (j < n && is_word_char (cps[j].c))
        j++;
      if (j >= n)
        break;
      c = cps[j].c;
      if (j + 1 < n && is_word_char (cps[j + 1].c) &&
          (is_joining_hyphen (c) || c == '.' || is_apostrophe (c) ||
           ((c == ',' || c == ':') && g_unichar_isdigit (cps[j - 1].c) &&
            g_unichar_isdigit (cps[j + 1].c))))
        {
          j++;
          continue;
        }
      if (c == '.' && (is_dotted_abbreviation (cps, i, j) || is_known_abbreviation (cps, i, j)))
        j++;
      break;
    }
  return j;
}

static guint
scan_url (const Cp *cps, guint i, guint n)
{
  guint j = i;

  while (j < n && !is_space (cps[j].c) && cps[j].c != '"' && cps[j].c != '<' &&
         cps[j].c != '>' && cps[j].c != 0x201D)
    j++;
  /* Sentence punctuation after a URL is not part of it. */
  while (j > i + 4 && strchr (".,;:!?)]'", (int) MIN (cps[j - 1].c, 0x7f)) != NULL &&
         cps[j - 1].c < 0x80)
    j--;
  return j;
}

static void
emit (GArray *tokens, const Cp *cps, guint start, guint end, guint first_cp,
      guint newlines)
{
  DossierToken token;

  token.start = first_cp + start;
  token.end = first_cp + end;
  token.byte_start = cps[start].byte;
  token.byte_end = cps[end].byte;   /* cps has a sentinel at n */
  token.newlines = (guint8) MIN (newlines, 2);
  g_array_append_val (tokens, token);
}

/* Emits the word [start, end), splitting off "'s", "'re", "n't"… */
static void
emit_word (GArray *tokens, const Cp *cps, guint start, guint end, guint first_cp,
           guint newlines)
{
  for (guint k = end - 1; k > start; k--)
    {
      guint tail;

      if (!is_apostrophe (cps[k].c))
        continue;
      tail = end - k - 1;
      if ((tail == 1 && (lower_ascii (cps[k + 1].c) == 's' || lower_ascii (cps[k + 1].c) == 'd' ||
                         lower_ascii (cps[k + 1].c) == 'm')) ||
          (tail == 2 && (matches_ascii (cps, k + 1, end, "re") || matches_ascii (cps, k + 1, end, "ve") ||
                         matches_ascii (cps, k + 1, end, "ll"))))
        {
          emit (tokens, cps, start, k, first_cp, newlines);
          emit (tokens, cps, k, end, first_cp, 0);
          return;
        }
      if (tail == 1 && lower_ascii (cps[k + 1].c) == 't' && k - 1 > start &&
          lower_ascii (cps[k - 1].c) == 'n')
        {
          emit (tokens, cps, start, k - 1, first_cp, newlines);
          emit (tokens, cps, k - 1, end, first_cp, 0);
          return;
        }
      break;
    }
  emit (tokens, cps, start, end, first_cp, newlines);
}

/* Tokenizes decoded code points; returns the number of newlines pending at the end. */
static guint
tokenize_cps (const Cp *cps, guint n, guint first_cp, guint newlines, GArray *tokens)
{
  guint i = 0;

  while (i < n)
    {
      gunichar c = cps[i].c;
      guint j;

      if (is_space (c))
        {
          if (c == '\n' || c == 0x2028 || c == 0x2029)
            newlines++;
          i++;
          continue;
        }

      if ((c == 'h' || c == 'H' || c == 'w' || c == 'W') &&
          (matches_ascii (cps, i, n, "http://") || matches_ascii (cps, i, n, "https://") ||
           matches_ascii (cps, i, n, "www.")))
        {
          j = scan_url (cps, i, n);
          emit (tokens, cps, i, j, first_cp, newlines);
        }
      else if (is_word_char (c))
        {
          j = scan_word (cps, i, n);
          emit_word (tokens, cps, i, j, first_cp, newlines);
        }
      else
        {
          j = i + 1;
          /* "...", "--", "!!", "``", "''" stay one token. */
          if (c == '!' || c == '?')
            while (j < n && (cps[j].c == '!' || cps[j].c == '?'))
              j++;
          else if (c < 0x80 && strchr (".-`'=*_", (int) c) != NULL && c != 0)
            while (j < n && cps[j].c == c)
              j++;
          emit (tokens, cps, i, j, first_cp, newlines);
        }
      newlines = 0;
      i = j;
    }
  return newlines;
}

static guint
decode (const char *text, gsize start, gsize end, GArray *cps)
{
  gsize p = start;

  g_array_set_size (cps, 0);
  while (p < end)
    {
      Cp cp;
      guchar b = (guchar) text[p];

      cp.byte = (guint) p;
      if (b < 0x80)
        {
          cp.c = b;
          p++;
        }
      else
        {
          gunichar c = g_utf8_get_char_validated (text + p, (gssize) (end - p));

          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              cp.c = 0xFFFD;
              p++;
            }
          else
            {
              cp.c = c;
              p += (gsize) g_unichar_to_utf8 (c, NULL);
            }
        }
      g_array_append_val (cps, cp);
    }
  return cps->len;
}

void
dossier_tokenize_append (const char *text,
                         gssize      length,
                         guint       first_offset,
                         GArray     *tokens)
{
  g_autoptr(GArray) cps = NULL;
  gsize len;
  gsize pos = 0;
  guint cp_offset = first_offset;
  guint newlines = 0;

  g_return_if_fail (tokens != NULL);

  if (text == NULL)
    return;
  len = length < 0 ? strlen (text) : (gsize) length;
  cps = g_array_sized_new (FALSE, FALSE, sizeof (Cp), MIN (len, CHUNK_BYTES) + 16);

  while (pos < len)
    {
      gsize end = MIN (len, pos + CHUNK_BYTES);
      guint n;
      Cp sentinel;

      /* Cut at whitespace so that no token straddles two chunks; a chunk
       * without any (binary junk) is cut at a character boundary. */
      if (end < len)
        {
          gsize cut = end;

          while (cut > pos + CHUNK_BYTES / 2 && text[cut] != ' ' && text[cut] != '\n' &&
                 text[cut] != '\t')
            cut--;
          if (cut > pos + CHUNK_BYTES / 2)
            end = cut;
          else
            while (end > pos + 1 && ((guchar) text[end] & 0xC0) == 0x80)
              end--;
        }
      n = decode (text, pos, end, cps);
      sentinel.c = 0;
      sentinel.byte = (guint) end;
      g_array_append_val (cps, sentinel);
      newlines = tokenize_cps ((const Cp *) cps->data, n, cp_offset, newlines, tokens);
      cp_offset += n;
      pos = end;
    }
}

GArray *
dossier_tokenize (const char *text,
                  gssize      length)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (DossierToken));

  dossier_tokenize_append (text, length, 0, tokens);
  return tokens;
}

gsize
dossier_token_normalize (const char         *text,
                         const DossierToken *token,
                         char               *buf,
                         gsize               size)
{
  const char *p = text + token->byte_start;
  const char *end = text + token->byte_end;
  gsize n = 0;

  g_return_val_if_fail (size >= 8, 0);

  while (p < end && n + 4 < size)
    {
      guchar b = (guchar) *p;
      gunichar c;

      if (b < 0x80)
        {
          buf[n++] = (char) b;
          p++;
          continue;
        }
      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          c = 0xFFFD;
          p++;
        }
      else
        p = g_utf8_next_char (p);

      switch (c)
        {
        case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC:
          buf[n++] = '\'';
          break;
        case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB: case 0x00BB:
          buf[n++] = '"';
          break;
        case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212:
          buf[n++] = '-';
          break;
        case 0x2014: case 0x2015:
          buf[n++] = '-';
          buf[n++] = '-';
          break;
        default:
          n += (gsize) g_unichar_to_utf8 (c, buf + n);
          break;
        }
    }
  buf[n] = '\0';
  return n;
}
