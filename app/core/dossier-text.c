/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-text.c: UTF-8 offsets, word counts, content identity and
 * sanitising of outside text. Pure functions over strings: no I/O, no SQL. */
#define G_LOG_DOMAIN "dossier-text"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-text.h"

/* ------------------------------------------------------------ helpers -- */

static gboolean
is_bidi_control (gunichar c)
{
  /* LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI: they reorder what is
   * shown without changing what is stored ("Trojan Source"). The plain marks
   * LRM/RLM/ALM only nudge neutral characters and are kept. */
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

static gboolean
is_word_char (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_word_joiner (gunichar c)
{
  /* "don't", "O’Brien", "well-known" count as one word each. */
  return c == '\'' || c == 0x2019 || c == '-' || c == 0x2010 || c == 0x2011;
}

/* --------------------------------------------------------- public API -- */

guint
dossier_text_length (const char *text)
{
  g_return_val_if_fail (text != NULL, 0);
  return (guint) g_utf8_strlen (text, -1);
}

gsize
dossier_text_offset_to_byte (const char *text,
                             guint       offset)
{
  const char *p = text;

  g_return_val_if_fail (text != NULL, 0);

  while (offset > 0 && *p != '\0')
    {
      p = g_utf8_next_char (p);
      offset--;
    }
  return (gsize) (p - text);
}

guint
dossier_text_byte_to_offset (const char *text,
                             gsize       byte)
{
  const char *p = text;
  guint offset = 0;

  g_return_val_if_fail (text != NULL, 0);

  while (*p != '\0' && (gsize) (p - text) < byte)
    {
      p = g_utf8_next_char (p);
      offset++;
    }
  return offset;
}

char *
dossier_text_substring (const char *text,
                        guint       start,
                        guint       end)
{
  gsize start_byte;
  gsize end_byte;

  g_return_val_if_fail (text != NULL, NULL);

  if (end < start)
    end = start;
  start_byte = dossier_text_offset_to_byte (text, start);
  end_byte = start_byte + dossier_text_offset_to_byte (text + start_byte, end - start);
  return g_strndup (text + start_byte, end_byte - start_byte);
}

guint
dossier_text_word_count (const char *text)
{
  gboolean in_word = FALSE;
  guint count = 0;

  g_return_val_if_fail (text != NULL, 0);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_word_char (c))
        {
          if (!in_word)
            count++;
          in_word = TRUE;
        }
      else if (in_word && is_word_joiner (c))
        {
          /* A joiner keeps the word going only when a word character follows. */
          const char *next = g_utf8_next_char (p);

          in_word = *next != '\0' && is_word_char (g_utf8_get_char (next));
          if (in_word)
            p = next;
        }
      else
        in_word = FALSE;
    }
  return count;
}

char *
dossier_text_content_uid (const char *text)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  return g_strconcat ("sha256:", hash, NULL);
}

char *
dossier_text_sanitize (const char *text,
                       gssize      length,
                       guint      *out_n_removed)
{
  g_autofree char *valid = NULL;
  GString *out;
  guint n_removed = 0;
  const char *p;
  const char *end;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (text);

  if (!g_utf8_validate_len (text, length, NULL))
    {
      /* Count what g_utf8_make_valid replaces, so the caller can report it. */
      const char *rest = text;
      gsize left = length;

      while (left > 0)
        {
          const char *bad = NULL;

          if (g_utf8_validate_len (rest, left, &bad))
            break;
          n_removed++;
          left -= (bad - rest) + 1;
          rest = bad + 1;
        }
      valid = g_utf8_make_valid (text, length);
      text = valid;
      length = strlen (valid);
    }

  out = g_string_sized_new (length + 1);
  p = text;
  end = text + length;

  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (c == '\r')
        {
          g_string_append_c (out, '\n');
          if (next < end && *next == '\n')
            next++;
        }
      else if (c == '\n' || c == '\t')
        g_string_append_c (out, (char) c);
      /* U+E000 and U+E001 mark search hits in snippets: never part of a text. */
      else if (c == 0 || (c < 0x20) || (c >= 0x7F && c < 0xA0) || is_bidi_control (c) || c == 0xFEFF ||
               c == 0xE000 || c == 0xE001)
        n_removed++;
      else
        g_string_append_len (out, p, next - p);
      p = next;
    }

  if (out_n_removed != NULL)
    *out_n_removed = n_removed;
  return g_string_free (out, FALSE);
}
