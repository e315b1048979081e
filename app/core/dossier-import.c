/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-import.c: files into the library — plain text, Markdown and HTML.
 *
 * Owns: reading files and folders, refusing bad input with a one-line reason,
 * encoding detection and repair, Markdown and front matter to plain text,
 * title rules, text normalisation. HTML goes through the article extractor
 * (app/net/dossier-extract.h). It must not write SQL (the store does) nor
 * analyse entities (the analyzer does, after an import).
 */
#define G_LOG_DOMAIN "dossier-import"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "dossier-import.h"
#include "dossier-extract.h"

typedef enum {
  FORMAT_TEXT,
  FORMAT_MARKDOWN,
  FORMAT_HTML,
} Format;

typedef enum {
  BLOCK_PARAGRAPH,
  BLOCK_HEADING,
  BLOCK_LIST,     /* list items and table rows: one line each, no blank line between */
  BLOCK_CODE,
} BlockKind;

typedef struct {
  BlockKind  kind;
  char      *text;
  gboolean   after_blank;   /* a blank line came before it: a new list starts */
} Block;

typedef struct {
  char *title;
  char *author;
  char *source;
  char *url;
  char *date;
  char *lang;
} FrontMatter;

/* Scans for a closing bracket, backtick run or delimiter never go further than
 * this: hostile input ("[[[[…" over megabytes) must stay linear. */
#define INLINE_SCAN_LIMIT 4096
#define INLINE_MAX_DEPTH  8
#define INLINE_MAX_DELIMITERS 10000
#define TITLE_MAX_CHARS   160

G_DEFINE_QUARK (dossier-import-error-quark, dossier_import_error)

/* --------------------------------------------------------------- helpers -- */

static void
block_free (Block *block)
{
  g_free (block->text);
  g_free (block);
}

static void
front_matter_clear (FrontMatter *fm)
{
  g_clear_pointer (&fm->title, g_free);
  g_clear_pointer (&fm->author, g_free);
  g_clear_pointer (&fm->source, g_free);
  g_clear_pointer (&fm->url, g_free);
  g_clear_pointer (&fm->date, g_free);
  g_clear_pointer (&fm->lang, g_free);
}

static void
add_warning (GPtrArray  *warnings,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_warning (GPtrArray  *warnings,
             const char *format,
             ...)
{
  va_list args;
  char *message;

  if (warnings == NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_strdelimit (message, "\r\n", ' ');
  g_ptr_array_add (warnings, message);
}

static gboolean
has_suffix_nocase (const char *name,
                   const char *suffix)
{
  gsize n = strlen (name);
  gsize s = strlen (suffix);

  return n >= s && g_ascii_strcasecmp (name + n - s, suffix) == 0;
}

static Format
format_for_name (const char *name,
                 const char *data,
                 gsize       length)
{
  static const char *markdown[] = { ".md", ".markdown", ".mdown", ".mkd" };
  static const char *html[] = { ".html", ".htm", ".xhtml" };
  g_autofree char *head = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (markdown); i++)
    if (has_suffix_nocase (name, markdown[i]))
      return FORMAT_MARKDOWN;
  for (guint i = 0; i < G_N_ELEMENTS (html); i++)
    if (has_suffix_nocase (name, html[i]))
      return FORMAT_HTML;

  /* A saved page without an extension is still a page. */
  head = g_ascii_strdown (data, MIN (length, 256));
  g_strchug (head);
  if (g_str_has_prefix (head, "<!doctype html") || g_str_has_prefix (head, "<html"))
    return FORMAT_HTML;
  return FORMAT_TEXT;
}

gboolean
dossier_import_is_importable_name (const char *name)
{
  static const char *extensions[] = {
    ".txt", ".text", ".md", ".markdown", ".mdown", ".mkd", ".html", ".htm", ".xhtml",
  };

  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (has_suffix_nocase (name, extensions[i]))
      return TRUE;
  return FALSE;
}

/* Collapses runs of white space into one space and trims. */
static char *
collapse_spaces (const char *str)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = str; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = TRUE;
          continue;
        }
      /* Front matter escapes ("\001") can spell control characters. */
      if (g_unichar_iscntrl (c))
        continue;
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* A title of sensible length: cut at a word boundary with an ellipsis. */
static char *
make_title (const char *str)
{
  g_autofree char *collapsed = collapse_spaces (str);
  const char *cut;
  const char *space;
  GString *out;

  if (g_utf8_strlen (collapsed, -1) <= TITLE_MAX_CHARS)
    return g_steal_pointer (&collapsed);

  cut = g_utf8_offset_to_pointer (collapsed, TITLE_MAX_CHARS);
  out = g_string_new_len (collapsed, cut - collapsed);
  space = strrchr (out->str, ' ');
  if (space != NULL && space - out->str > TITLE_MAX_CHARS / 2)
    g_string_truncate (out, space - out->str);
  g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static gboolean
is_blank (const char *str)
{
  for (const char *p = str; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* -------------------------------------------------------------- encoding -- */

static GString *
decode_utf16 (const guchar *data,
              gsize         length,
              gboolean      big_endian,
              guint        *n_replaced)
{
  GString *out = g_string_sized_new (length);
  gsize i = 0;

  while (i + 1 < length)
    {
      gunichar u = big_endian ? (data[i] << 8 | data[i + 1]) : (data[i + 1] << 8 | data[i]);

      i += 2;
      if (u >= 0xD800 && u <= 0xDBFF)
        {
          gunichar low = 0;

          if (i + 1 < length)
            low = big_endian ? (data[i] << 8 | data[i + 1]) : (data[i + 1] << 8 | data[i]);
          if (low >= 0xDC00 && low <= 0xDFFF)
            {
              i += 2;
              u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
            }
          else
            {
              u = 0xFFFD;
              (*n_replaced)++;
            }
        }
      else if (u >= 0xDC00 && u <= 0xDFFF)
        {
          u = 0xFFFD;
          (*n_replaced)++;
        }
      if (u == 0)
        g_string_append_c (out, '\0');   /* kept, so the binary check sees it */
      else
        g_string_append_unichar (out, u);
    }
  if (i < length)
    {
      /* An odd byte at the end: a truncated file. */
      g_string_append_unichar (out, 0xFFFD);
      (*n_replaced)++;
    }
  return out;
}

/* Bytes that no text file holds in numbers: C0 controls other than the usual
 * white space, and DEL. */
static gboolean
looks_binary (const guchar *data,
              gsize         length)
{
  gsize sample = MIN (length, 65536);
  gsize controls = 0;

  if (memchr (data, '\0', length) != NULL)
    return TRUE;
  for (gsize i = 0; i < sample; i++)
    {
      guchar c = data[i];

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b)
          || c == 0x7f)
        controls++;
    }
  return controls * 10 > sample;
}

/* Any bytes to UTF-8. Returns NULL with an error for binary data. */
static char *
decode_text (const char  *name,
             const char  *data,
             gsize        length,
             GPtrArray   *warnings,
             GError     **error)
{
  const guchar *bytes = (const guchar *) data;
  guint n_replaced = 0;
  gsize n_valid_multibyte = 0;
  gsize n_invalid = 0;
  const char *p;
  const char *end;

  if (length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
    {
      GString *utf16 = decode_utf16 (bytes + 2, length - 2, bytes[0] == 0xFE, &n_replaced);
      gboolean binary = looks_binary ((const guchar *) utf16->str, utf16->len);
      g_autofree char *text = g_string_free (utf16, FALSE);

      if (binary)
        goto binary;
      if (n_replaced > 0)
        add_warning (warnings,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "“%s”: %u invalid character replaced with U+FFFD",
                                  "“%s”: %u invalid characters replaced with U+FFFD",
                                  n_replaced),
                     name, n_replaced);
      return g_steal_pointer (&text);
    }

  if (length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
    {
      data += 3;
      bytes += 3;
      length -= 3;
    }

  if (looks_binary (bytes, length))
    goto binary;

  if (g_utf8_validate_len (data, length, NULL))
    return g_strndup (data, length);

  /* Not UTF-8: either UTF-8 with a few damaged bytes, or a legacy 8-bit
   * encoding where no byte pair happens to form valid UTF-8. */
  end = data + length;
  for (p = data; p < end;)
    {
      if ((guchar) *p < 0x80)
        {
          p++;
          continue;
        }
      if (g_utf8_get_char_validated (p, end - p) < (gunichar) -2)
        {
          n_valid_multibyte++;
          p = g_utf8_next_char (p);
        }
      else
        {
          n_invalid++;
          p++;
        }
    }

  if (n_valid_multibyte == 0 || n_invalid > n_valid_multibyte * 2)
    {
      /* Windows-1252 leaves five bytes undefined; a file using them is Latin-1. */
      gboolean latin1 = FALSE;
      g_autofree char *text = NULL;

      for (gsize i = 0; i < length && !latin1; i++)
        latin1 = bytes[i] == 0x81 || bytes[i] == 0x8D || bytes[i] == 0x8F
                 || bytes[i] == 0x90 || bytes[i] == 0x9D;
      if (!latin1)
        text = g_convert (data, length, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
      if (text == NULL)
        {
          latin1 = TRUE;
          text = g_convert (data, length, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
        }
      if (text != NULL)
        {
          add_warning (warnings, _("“%s” is not UTF-8: read as %s"),
                       name, latin1 ? "ISO-8859-1" : "Windows-1252");
          return g_steal_pointer (&text);
        }
    }

  {
    GString *out = g_string_sized_new (length + 16);

    n_replaced = 0;
    for (p = data; p < end;)
      {
        if ((guchar) *p < 0x80)
          {
            g_string_append_c (out, *p);
            p++;
          }
        else if (g_utf8_get_char_validated (p, end - p) < (gunichar) -2)
          {
            const char *next = g_utf8_next_char (p);

            g_string_append_len (out, p, next - p);
            p = next;
          }
        else
          {
            g_string_append (out, "\xEF\xBF\xBD");
            n_replaced++;
            p++;
          }
      }
    add_warning (warnings,
                 g_dngettext (GETTEXT_PACKAGE,
                              "“%s”: %u invalid byte replaced with U+FFFD",
                              "“%s”: %u invalid bytes replaced with U+FFFD",
                              n_replaced),
                 name, n_replaced);
    return g_string_free (out, FALSE);
  }

binary:
  g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_BINARY,
               _("“%s” is not a text file (it holds binary data)"), name);
  return NULL;
}

/* ---------------------------------------------------------- normalising -- */

/* Line ends to LF, control characters out (tab and newline stay). Trailing
 * white space is kept: Markdown gives it meaning (hard breaks). Works on the
 * bytes of valid UTF-8, copying plain runs whole: files can be 50 MB. */
static char *
clean_characters (const char *text,
                  guint      *n_removed)
{
  gsize length = strlen (text);
  GString *out = g_string_sized_new (length + 1);
  const guchar *p = (const guchar *) text;
  const guchar *end = p + length;

  while (p < end)
    {
      const guchar *run = p;
      guchar c;

      while (p < end && ((*p >= 0x20 && *p < 0x7f) || *p == '\n' || *p == '\t'))
        p++;
      if (p > run)
        g_string_append_len (out, (const char *) run, p - run);
      if (p >= end)
        break;

      c = *p;
      if (c == '\r')
        {
          if (p + 1 >= end || p[1] != '\n')
            g_string_append_c (out, '\n');
          p++;
        }
      else if (c == '\f' || c == '\v')
        {
          g_string_append_c (out, '\n');
          p++;
        }
      else if (c < 0x80)
        {
          (*n_removed)++;   /* C0 controls and DEL */
          p++;
        }
      else if (c == 0xC2 && p + 1 < end && p[1] >= 0x80 && p[1] <= 0x9F)
        {
          (*n_removed)++;   /* C1 controls */
          p += 2;
        }
      else if (c == 0xEF && p + 2 < end && p[1] == 0xBB && p[2] == 0xBF)
        {
          (*n_removed)++;   /* a byte order mark inside the text */
          p += 3;
        }
      else if (c == 0xE2 && p + 2 < end && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
        {
          g_string_append_c (out, '\n');   /* line and paragraph separators */
          p += 3;
        }
      else
        {
          gsize n = MIN ((gsize) g_utf8_skip[c], (gsize) (end - p));

          g_string_append_len (out, (const char *) p, n);
          p += n;
        }
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_unicode_space_before (const char *line,
                         const char *end,
                         const char **out_prev)
{
  const char *prev;

  if (end <= line)
    return FALSE;
  if (end[-1] == ' ' || end[-1] == '\t')
    {
      *out_prev = end - 1;
      return TRUE;
    }
  if ((guchar) end[-1] < 0x80)
    return FALSE;
  prev = g_utf8_find_prev_char (line, end);
  if (prev == NULL || !g_unichar_isspace (g_utf8_get_char (prev)))
    return FALSE;
  *out_prev = prev;
  return TRUE;
}

/* Trailing white space off every line, no blank lines at either end, at most
 * one blank line in a row. */
static char *
tidy_lines (const char *text)
{
  gsize length = strlen (text);
  GString *out = g_string_sized_new (length + 1);
  const char *line = text;
  const char *text_end = text + length;
  guint blank_run = 0;

  while (line <= text_end)
    {
      const char *eol = memchr (line, '\n', text_end - line);
      const char *end = eol ? eol : text_end;
      const char *prev;

      while (is_unicode_space_before (line, end, &prev))
        end = prev;

      if (end == line)
        blank_run++;
      else
        {
          if (out->len > 0)
            g_string_append (out, blank_run > 0 ? "\n\n" : "\n");
          blank_run = 0;
          g_string_append_len (out, line, end - line);
        }
      if (eol == NULL)
        break;
      line = eol + 1;
    }
  return g_string_free (out, FALSE);
}

/* ----------------------------------------------------------------- dates -- */

static int
month_from_name (const char *word)
{
  static const char *months[] = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
  };
  g_autofree char *lower = g_ascii_strdown (word, -1);

  if (strlen (lower) < 3)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    if (strncmp (lower, months[i], 3) == 0)
      return i + 1;
  return 0;
}

static gint64
unix_for_date (int year,
               int month,
               int day)
{
  g_autoptr(GDateTime) dt = NULL;

  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1
      || day > g_date_get_days_in_month (month, year))
    return 0;
  dt = g_date_time_new_utc (year, month, day, 0, 0, 0);
  return dt ? g_date_time_to_unix (dt) : 0;
}

/* The date forms front matter uses: ISO 8601 with or without a time,
 * "2022/09/07", "7 September 2022", "September 7, 2022", RFC 2822. 0 when
 * not understood. */
static gint64
parse_date (const char *str)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *s = g_strstrip (g_strdup (str));
  g_auto(GStrv) words = NULL;
  int year = 0;
  int month = 0;
  int day = 0;
  int a;
  int b;
  int c;

  if (*s == '\0')
    return 0;

  if (strlen (s) > 10 && (s[10] == 'T' || s[10] == 't' || s[10] == ' '))
    {
      g_autoptr(GDateTime) dt = NULL;

      s[10] = 'T';
      /* "2022-09-07T14:05": GLib wants the seconds. */
      if (strlen (s) >= 16 && s[13] == ':' && (s[16] == '\0' || strchr ("Zz+-", s[16]) != NULL))
        {
          g_autofree char *with_seconds = g_strdup_printf ("%.16s:00%s", s, s + 16);

          dt = g_date_time_new_from_iso8601 (with_seconds, utc);
        }
      else
        dt = g_date_time_new_from_iso8601 (s, utc);
      if (dt != NULL)
        return g_date_time_to_unix (dt);
      s[10] = '\0';
    }

  if (sscanf (s, "%4d-%2d-%2d", &a, &b, &c) == 3 || sscanf (s, "%4d/%2d/%2d", &a, &b, &c) == 3
      || sscanf (s, "%4d.%2d.%2d", &a, &b, &c) == 3)
    return unix_for_date (a, b, c);

  /* Words: a month name, a day and a four-digit year in any order. */
  g_strdelimit (s, ",./-", ' ');
  words = g_strsplit (s, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *w = words[i];
      gsize len = strlen (w);
      guint64 n;

      if (len == 0)
        continue;
      if (g_ascii_isdigit (w[0]))
        {
          /* "7th" */
          n = g_ascii_strtoull (w, NULL, 10);
          if (len == 4 && year == 0)
            year = (int) n;
          else if (len <= 4 && n >= 1 && n <= 31 && day == 0 && !strchr (w, ':'))
            day = (int) n;
        }
      else if (month == 0)
        month = month_from_name (w);
    }
  if (year != 0 && month != 0)
    return unix_for_date (year, month, day ? day : 1);
  if (year != 0 && month == 0 && day == 0 && strlen (s) == 4)
    return unix_for_date (year, 1, 1);
  return 0;
}

/* ---------------------------------------------------------- front matter -- */

/* A YAML or TOML scalar without its quotes. */
static char *
unquote_value (const char *raw)
{
  g_autofree char *v = g_strstrip (g_strdup (raw));
  gsize len = strlen (v);

  if (len >= 2 && v[0] == '"' && v[len - 1] == '"')
    {
      v[len - 1] = '\0';
      return g_strcompress (v + 1);
    }
  if (len >= 2 && v[0] == '\'' && v[len - 1] == '\'')
    {
      GString *out = g_string_new (NULL);

      for (gsize i = 1; i < len - 1; i++)
        {
          g_string_append_c (out, v[i]);
          if (v[i] == '\'' && v[i + 1] == '\'')
            i++;
        }
      return g_string_free (out, FALSE);
    }
  if (len >= 2 && v[0] == '[' && v[len - 1] == ']')
    {
      g_auto(GStrv) items = NULL;
      GString *out = g_string_new (NULL);

      v[len - 1] = '\0';
      items = g_strsplit (v + 1, ",", -1);
      for (guint i = 0; items[i] != NULL; i++)
        {
          g_autofree char *item = unquote_value (items[i]);

          if (*item == '\0')
            continue;
          if (out->len > 0)
            g_string_append (out, ", ");
          g_string_append (out, item);
        }
      return g_string_free (out, FALSE);
    }
  /* A plain YAML scalar ends at a comment. */
  {
    char *hash = strstr (v, " #");

    if (hash != NULL)
      *hash = '\0';
  }
  return g_strstrip (g_steal_pointer (&v));
}

static void
front_matter_set (FrontMatter *fm,
                  const char  *raw_key,
                  const char  *value)
{
  static const char *title_keys[] = { "title", "headline", NULL };
  static const char *author_keys[] = { "author", "authors", "by", "byline", "creator", NULL };
  static const char *source_keys[] = { "source", "publication", "publisher", "site", "site_name",
                                       "sitename", "outlet", "newspaper", "journal", NULL };
  static const char *url_keys[] = { "url", "link", "canonical_url", "canonical", "source_url",
                                    "original_url", "permalink", NULL };
  static const char *date_keys[] = { "date", "published", "pubdate", "published_at", "date_published",
                                     "publishdate", "publish_date", "publication_date", "created", NULL };
  static const char *lang_keys[] = { "lang", "language", NULL };
  g_autofree char *key = g_ascii_strdown (raw_key, -1);
  char **slot = NULL;

  if (value == NULL || *value == '\0')
    return;
  g_strdelimit (key, "-", '_');
  if (g_strv_contains (title_keys, key))
    slot = &fm->title;
  else if (g_strv_contains (author_keys, key))
    slot = &fm->author;
  else if (g_strv_contains (source_keys, key))
    slot = &fm->source;
  else if (g_strv_contains (url_keys, key))
    slot = &fm->url;
  else if (g_strv_contains (date_keys, key))
    slot = &fm->date;
  else if (g_strv_contains (lang_keys, key))
    slot = &fm->lang;

  /* The first key of a kind wins ("date" before "created"). */
  if (slot != NULL && *slot == NULL)
    *slot = collapse_spaces (value);
}

/* Reads front matter at the start of `text` (LF line ends). Returns the
 * offset of the body; 0 when there is none. */
static gsize
parse_front_matter (const char  *text,
                    FrontMatter *fm)
{
  gboolean toml;
  const char *delimiter;
  const char *p;
  const char *body = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  gboolean in_table = FALSE;

  if (g_str_has_prefix (text, "---\n") || g_str_has_prefix (text, "--- \n"))
    toml = FALSE;
  else if (g_str_has_prefix (text, "+++\n") || g_str_has_prefix (text, "+++ \n"))
    toml = TRUE;
  else
    return 0;
  delimiter = toml ? "+++" : "---";

  p = strchr (text, '\n') + 1;
  while (*p)
    {
      const char *eol = strchr (p, '\n');
      g_autofree char *line = eol ? g_strndup (p, eol - p) : g_strdup (p);
      const char *next = eol ? eol + 1 : p + strlen (p);

      g_strchomp (line);
      if (strcmp (line, delimiter) == 0 || (!toml && strcmp (line, "...") == 0))
        {
          body = next;
          break;
        }
      g_ptr_array_add (lines, g_steal_pointer (&line));
      p = next;
    }
  if (body == NULL)
    return 0;   /* no closing line: a thematic break, not front matter */

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      const char *sep;
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (*line == '\0' || *line == '#' || g_ascii_isspace (*line))
        continue;
      if (toml && *line == '[')
        {
          in_table = TRUE;   /* keys of a sub-table are not the document's */
          continue;
        }
      if (in_table)
        continue;

      sep = toml ? strchr (line, '=') : strchr (line, ':');
      if (sep == NULL)
        continue;
      key = g_strstrip (g_strndup (line, sep - line));
      if (toml && key[0] == '"')
        {
          g_autofree char *bare = unquote_value (key);

          g_free (key);
          key = g_steal_pointer (&bare);
        }
      value = g_strstrip (g_strdup (sep + 1));

      if (!toml && (*value == '|' || *value == '>' || *value == '\0'))
        {
          /* A block scalar or a list on the following, indented lines. */
          gboolean folded = *value != '|';
          GString *joined = g_string_new (NULL);

          while (i + 1 < lines->len)
            {
              const char *next = g_ptr_array_index (lines, i + 1);
              g_autofree char *item = NULL;

              if (*next != '\0' && !g_ascii_isspace (*next) && *next != '-')
                break;
              i++;
              item = g_strstrip (g_strdup (next));
              if (g_str_has_prefix (item, "- ") || strcmp (item, "-") == 0)
                {
                  g_autofree char *unq = unquote_value (item + 1);

                  if (*unq == '\0')
                    continue;
                  if (joined->len > 0)
                    g_string_append (joined, ", ");
                  g_string_append (joined, unq);
                  continue;
                }
              if (*item == '\0')
                continue;
              if (strchr (item, ':') != NULL && *value == '\0')
                continue;   /* a nested mapping: not a plain value */
              if (joined->len > 0)
                g_string_append_c (joined, folded ? ' ' : '\n');
              g_string_append (joined, item);
            }
          g_free (value);
          value = g_string_free (joined, FALSE);
          front_matter_set (fm, key, value);
          continue;
        }

      {
        g_autofree char *unq = unquote_value (value);
        front_matter_set (fm, key, unq);
      }
    }

  return body - text;
}

/* --------------------------------------------------------------- inline -- */

typedef struct {
  gboolean  delimiter;
  GString  *text;        /* plain pieces */
  char      ch;          /* delimiters: '*', '_' or '~' */
  guint     count;
  gboolean  can_open;
  gboolean  can_close;
  gboolean  matched;
} Piece;

static void
piece_free (Piece *piece)
{
  if (piece->text != NULL)
    g_string_free (piece->text, TRUE);
  g_free (piece);
}

static GString *
pieces_text (GPtrArray *pieces)
{
  Piece *last = pieces->len ? g_ptr_array_index (pieces, pieces->len - 1) : NULL;

  if (last == NULL || last->delimiter)
    {
      last = g_new0 (Piece, 1);
      last->text = g_string_new (NULL);
      g_ptr_array_add (pieces, last);
    }
  return last->text;
}

static gunichar
char_before (const char *start,
             const char *p)
{
  const char *prev = p > start ? g_utf8_find_prev_char (start, p) : NULL;

  return prev ? g_utf8_get_char (prev) : ' ';
}

static gboolean
is_punct (gunichar c)
{
  return g_unichar_ispunct (c) || (c < 0x80 && g_ascii_ispunct (c));
}

/* Matching pairs of `open` and `close` (backslash escapes skipped), found in
 * one pass with a stack: offset + 1 of an opener → offset + 1 of its closer.
 * Linear, so "[[[[…" over megabytes costs no more than plain text. */
static GHashTable *
match_pairs (const char *text,
             gsize       length,
             char        open,
             char        close)
{
  GHashTable *pairs = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) stack = NULL;

  if (memchr (text, open, length) == NULL)
    return pairs;

  stack = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '\\' && i + 1 < length)
        i++;
      else if (text[i] == open)
        g_array_append_val (stack, i);
      else if (text[i] == close && stack->len > 0)
        {
          gsize o = g_array_index (stack, gsize, stack->len - 1);

          g_array_set_size (stack, stack->len - 1);
          g_hash_table_insert (pairs, GSIZE_TO_POINTER (o + 1), GSIZE_TO_POINTER (i + 1));
        }
    }
  return pairs;
}

static const char *
find_close (GHashTable *pairs,
            const char *text,
            const char *open)
{
  gsize close = GPOINTER_TO_SIZE (g_hash_table_lookup (pairs, GSIZE_TO_POINTER (open - text + 1)));

  return close ? text + close - 1 : NULL;
}

static gboolean
decode_entity (const char  *p,
               const char  *end,
               GString     *out,
               const char **out_next)
{
  static const struct { const char *name; const char *text; } entities[] = {
    { "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" }, { "apos", "'" },
    { "nbsp", " " }, { "mdash", "—" }, { "ndash", "–" }, { "hellip", "…" },
    { "lsquo", "‘" }, { "rsquo", "’" }, { "ldquo", "“" }, { "rdquo", "”" },
    { "laquo", "«" }, { "raquo", "»" }, { "copy", "©" }, { "eacute", "é" },
  };
  const char *semi = NULL;

  for (const char *q = p + 1; q < end && q - p < 12; q++)
    if (*q == ';')
      {
        semi = q;
        break;
      }
  if (semi == NULL || semi == p + 1)
    return FALSE;

  if (p[1] == '#')
    {
      g_autofree char *digits = g_strndup (p + 2, semi - p - 2);
      gboolean hex = digits[0] == 'x' || digits[0] == 'X';
      char *endptr = NULL;
      guint64 code = g_ascii_strtoull (hex ? digits + 1 : digits, &endptr, hex ? 16 : 10);

      if (endptr == NULL || *endptr != '\0' || endptr == (hex ? digits + 1 : digits))
        return FALSE;
      if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        code = 0xFFFD;
      /* The text was cleaned before: an entity must not bring controls back. */
      if (code == '\t' || code == '\n' || code == '\r')
        g_string_append_c (out, ' ');
      else if (!(code < 0x20 || (code >= 0x7f && code <= 0x9f)))
        g_string_append_unichar (out, (gunichar) code);
      *out_next = semi + 1;
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      gsize n = strlen (entities[i].name);

      if ((gsize) (semi - p - 1) == n && strncmp (p + 1, entities[i].name, n) == 0)
        {
          g_string_append (out, entities[i].text);
          *out_next = semi + 1;
          return TRUE;
        }
    }
  return FALSE;
}

/* An HTML tag, comment or autolink at `p` ('<'). Returns where it ends, or
 * NULL when this '<' is plain text. */
static const char *
skip_angle (const char *p,
            const char *end,
            GString    *out)
{
  const char *q;

  if (end - p >= 4 && strncmp (p, "<!--", 4) == 0)
    {
      for (q = p + 4; q + 2 < end && q - p < INLINE_SCAN_LIMIT; q++)
        if (strncmp (q, "-->", 3) == 0)
          return q + 3;
      return NULL;
    }

  for (q = p + 1; q < end && q - p < 2048; q++)
    {
      if (*q == '>')
        break;
      if (*q == '<' || *q == '\n')
        return NULL;
    }
  if (q >= end || *q != '>')
    return NULL;

  {
    g_autofree char *inner = g_strndup (p + 1, q - p - 1);

    if (g_str_has_prefix (inner, "http://") || g_str_has_prefix (inner, "https://")
        || g_str_has_prefix (inner, "ftp://"))
      {
        if (strchr (inner, ' ') != NULL)
          return NULL;
        g_string_append (out, inner);
        return q + 1;
      }
    if (g_str_has_prefix (inner, "mailto:"))
      {
        g_string_append (out, inner + 7);
        return q + 1;
      }
    if (strchr (inner, '@') != NULL && strchr (inner, ' ') == NULL)
      {
        g_string_append (out, inner);
        return q + 1;
      }
    if (g_ascii_isalpha (inner[0]) || (inner[0] == '/' && g_ascii_isalpha (inner[1])))
      {
        const char *name = inner[0] == '/' ? inner + 1 : inner;

        if (g_ascii_strncasecmp (name, "br", 2) == 0 && !g_ascii_isalnum (name[2]))
          g_string_append_c (out, '\n');
        return q + 1;
      }
  }
  return NULL;
}

static void inline_to_text (const char *text,
                            gsize       length,
                            GString    *out,
                            int         depth);

/* Markdown inline markup to plain text: link and emphasis text stays, the
 * symbols go. A simplified CommonMark: delimiter runs pair with the nearest
 * opener of the same kind; unpaired ones stay as written. */
static void
inline_to_text (const char *text,
                gsize       length,
                GString    *out,
                int         depth)
{
  g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) piece_free);
  g_autoptr(GHashTable) brackets = match_pairs (text, length, '[', ']');
  g_autoptr(GHashTable) parens = match_pairs (text, length, '(', ')');
  const char *end = text + length;
  const char *p = text;
  guint n_delimiters = 0;

  while (p < end)
    {
      char c = *p;

      if (c == '\\' && p + 1 < end && (g_ascii_ispunct (p[1]) || p[1] == '\n'))
        {
          g_string_append_c (pieces_text (pieces), p[1]);
          p += 2;
        }
      else if (c == '\n')
        {
          g_string_append_c (pieces_text (pieces), ' ');
          p++;
        }
      else if (c == '`')
        {
          const char *run_end = p;
          const char *close = NULL;
          gsize n;

          while (run_end < end && *run_end == '`')
            run_end++;
          n = run_end - p;
          for (const char *q = run_end; q < end && q - run_end < INLINE_SCAN_LIMIT; q++)
            {
              if (*q == '`')
                {
                  const char *r = q;

                  while (r < end && *r == '`')
                    r++;
                  if ((gsize) (r - q) == n)
                    {
                      close = q;
                      break;
                    }
                  q = r - 1;
                }
            }
          if (close != NULL)
            {
              g_autofree char *code = g_strndup (run_end, close - run_end);
              gsize len;

              g_strdelimit (code, "\n", ' ');
              len = strlen (code);
              if (len >= 2 && code[0] == ' ' && code[len - 1] == ' ' && !is_blank (code))
                {
                  code[len - 1] = '\0';
                  g_string_append (pieces_text (pieces), code + 1);
                }
              else
                g_string_append (pieces_text (pieces), code);
              p = close + n;
            }
          else
            {
              g_string_append_len (pieces_text (pieces), p, n);
              p = run_end;
            }
        }
      else if (c == '[' || (c == '!' && p + 1 < end && p[1] == '['))
        {
          gboolean image = c == '!';
          const char *open = image ? p + 1 : p;
          const char *close = depth < INLINE_MAX_DEPTH ? find_close (brackets, text, open) : NULL;
          const char *after = NULL;

          if (close != NULL && close + 1 < end && close[1] == '(')
            {
              const char *paren = find_close (parens, text, close + 1);

              if (paren != NULL)
                after = paren + 1;
            }
          else if (close != NULL && close + 1 < end && close[1] == '[')
            {
              const char *ref = find_close (brackets, text, close + 1);

              if (ref != NULL)
                after = ref + 1;
            }
          else if (close != NULL && open[1] == '^')
            {
              /* A footnote reference: the note itself is kept elsewhere. */
              p = close + 1;
              continue;
            }

          if (after != NULL)
            {
              if (!image)
                inline_to_text (open + 1, close - open - 1, pieces_text (pieces), depth + 1);
              p = after;
            }
          else
            {
              g_string_append_c (pieces_text (pieces), c);
              p++;
            }
        }
      else if (c == '<')
        {
          const char *next = skip_angle (p, end, pieces_text (pieces));

          if (next != NULL)
            p = next;
          else
            {
              g_string_append_c (pieces_text (pieces), c);
              p++;
            }
        }
      else if (c == '&')
        {
          const char *next = NULL;

          if (decode_entity (p, end, pieces_text (pieces), &next))
            p = next;
          else
            {
              g_string_append_c (pieces_text (pieces), c);
              p++;
            }
        }
      else if ((c == '*' || c == '_' || c == '~') && n_delimiters >= INLINE_MAX_DELIMITERS)
        {
          /* Past this many runs in one paragraph it is not prose: keep the
           * rest as written rather than spend memory pairing it. */
          g_string_append_c (pieces_text (pieces), c);
          p++;
        }
      else if (c == '*' || c == '_' || c == '~')
        {
          const char *run_end = p;
          gunichar before = char_before (text, p);
          gunichar after;
          gboolean left;
          gboolean right;
          Piece *piece;

          while (run_end < end && *run_end == c)
            run_end++;
          after = run_end < end ? g_utf8_get_char_validated (run_end, end - run_end) : ' ';
          if (after == (gunichar) -1 || after == (gunichar) -2)
            after = 'a';

          left = !g_unichar_isspace (after)
                 && (!is_punct (after) || g_unichar_isspace (before) || is_punct (before));
          right = !g_unichar_isspace (before)
                  && (!is_punct (before) || g_unichar_isspace (after) || is_punct (after));

          n_delimiters++;
          piece = g_new0 (Piece, 1);
          piece->delimiter = TRUE;
          piece->ch = c;
          piece->count = run_end - p;
          if (c == '_')
            {
              /* snake_case and file_names keep their underscores */
              piece->can_open = left && (!right || is_punct (before));
              piece->can_close = right && (!left || is_punct (after));
            }
          else
            {
              piece->can_open = left;
              piece->can_close = right;
            }
          if (c == '~' && piece->count != 2)
            piece->can_open = piece->can_close = FALSE;
          g_ptr_array_add (pieces, piece);
          p = run_end;
        }
      else
        {
          const char *q = p;

          while (q < end && strchr ("\\\n`[!<&*_~", *q) == NULL)
            q++;
          if (q == p)
            q++;
          g_string_append_len (pieces_text (pieces), p, q - p);
          p = q;
        }
    }

  /* Pair each closer with the nearest open opener of its kind. */
  for (guint i = 0; i < pieces->len; i++)
    {
      Piece *closer = g_ptr_array_index (pieces, i);

      if (!closer->delimiter || !closer->can_close || closer->matched)
        continue;
      for (guint j = i, steps = 0; j-- > 0 && steps < 64; steps++)
        {
          Piece *opener = g_ptr_array_index (pieces, j);

          if (opener->delimiter && !opener->matched && opener->can_open && opener->ch == closer->ch)
            {
              opener->matched = closer->matched = TRUE;
              /* Openers left between the pair can no longer close anything. */
              for (guint k = j + 1; k < i; k++)
                {
                  Piece *inner = g_ptr_array_index (pieces, k);

                  if (inner->delimiter && !inner->matched)
                    inner->can_open = FALSE;
                }
              break;
            }
        }
    }

  for (guint i = 0; i < pieces->len; i++)
    {
      Piece *piece = g_ptr_array_index (pieces, i);

      if (!piece->delimiter)
        g_string_append_len (out, piece->text->str, piece->text->len);
      else if (!piece->matched)
        for (guint k = 0; k < piece->count; k++)
          g_string_append_c (out, piece->ch);
    }
}

/* ---------------------------------------------------------------- blocks -- */

typedef struct {
  GPtrArray *blocks;
  GString   *para;
  BlockKind  para_kind;
  GString   *code;
  char       fence_char;
  gsize      fence_len;
  gboolean   in_fence;
  gboolean   in_list;
  gboolean   blank;        /* a blank line since the last block */
  char      *skip_until;   /* an HTML block whose end we wait for */
} MarkdownParser;

static void
parser_emit (MarkdownParser *parser,
             BlockKind       kind,
             const char     *raw)
{
  GString *text = g_string_new (NULL);
  g_autofree char *tidy = NULL;
  Block *block;

  if (kind == BLOCK_CODE)
    g_string_append (text, raw);
  else
    inline_to_text (raw, strlen (raw), text, 0);

  tidy = kind == BLOCK_CODE ? g_strdup (text->str) : g_strstrip (g_strdup (text->str));
  g_string_free (text, TRUE);
  if (is_blank (tidy))
    return;
  if (kind == BLOCK_HEADING)
    {
      char *collapsed = collapse_spaces (tidy);

      g_free (tidy);
      tidy = collapsed;
    }

  block = g_new0 (Block, 1);
  block->kind = kind;
  block->text = g_steal_pointer (&tidy);
  block->after_blank = parser->blank;
  parser->blank = FALSE;
  g_ptr_array_add (parser->blocks, block);
}

static void
parser_flush (MarkdownParser *parser)
{
  if (parser->para->len > 0)
    parser_emit (parser, parser->para_kind, parser->para->str);
  g_string_truncate (parser->para, 0);
  parser->para_kind = BLOCK_PARAGRAPH;
}

static void
parser_flush_code (MarkdownParser *parser)
{
  if (parser->code->len > 0)
    {
      while (parser->code->len > 0 && parser->code->str[parser->code->len - 1] == '\n')
        g_string_truncate (parser->code, parser->code->len - 1);
      parser_emit (parser, BLOCK_CODE, parser->code->str);
    }
  g_string_truncate (parser->code, 0);
}

static gsize
leading_spaces (const char *line)
{
  gsize n = 0;

  while (line[n] == ' ')
    n++;
  return n;
}

static gboolean
is_thematic_break (const char *line,
                   char       *out_char)
{
  const char *p = line + leading_spaces (line);
  char c = *p;
  guint n = 0;

  if (leading_spaces (line) > 3 || (c != '-' && c != '*' && c != '_'))
    return FALSE;
  for (; *p; p++)
    {
      if (*p == c)
        n++;
      else if (*p != ' ' && *p != '\t')
        return FALSE;
    }
  *out_char = c;
  return n >= 3;
}

/* "1. ", "- ", "* ", "+ ": returns the content after the marker, or NULL. */
static const char *
list_item_content (const char *line,
                   GString    *marker)
{
  const char *p = line + leading_spaces (line);

  if ((*p == '-' || *p == '*' || *p == '+') && (p[1] == ' ' || p[1] == '\t'))
    {
      g_string_assign (marker, "• ");
      p += 2;
    }
  else
    {
      const char *q = p;

      while (g_ascii_isdigit (*q) && q - p < 9)
        q++;
      if (q == p || (*q != '.' && *q != ')') || (q[1] != ' ' && q[1] != '\t'))
        return NULL;
      g_string_assign (marker, "");
      g_string_append_len (marker, p, q - p);
      g_string_append (marker, ". ");
      p = q + 2;
    }
  while (*p == ' ' || *p == '\t')
    p++;
  /* Task list boxes are markup too. */
  if ((g_str_has_prefix (p, "[ ] ") || g_str_has_prefix (p, "[x] ") || g_str_has_prefix (p, "[X] ")))
    p += 4;
  return p;
}

static gboolean
is_table_separator (const char *line)
{
  gboolean dash = FALSE;

  if (strchr (line, '-') == NULL)
    return FALSE;
  for (const char *p = line; *p; p++)
    {
      if (*p == '-')
        dash = TRUE;
      else if (*p != '|' && *p != ':' && *p != ' ' && *p != '\t')
        return FALSE;
    }
  return dash && strchr (line, '|') != NULL;
}

static char *
table_row_text (const char *line)
{
  g_autofree char *row = g_strstrip (g_strdup (line));
  g_auto(GStrv) cells = NULL;
  GString *out = g_string_new (NULL);
  char *start = row;
  gsize len = strlen (row);

  if (len > 0 && row[len - 1] == '|')
    row[len - 1] = '\0';
  if (*start == '|')
    start++;
  cells = g_strsplit (start, "|", -1);
  for (guint i = 0; cells[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, '\t');
      g_string_append (out, g_strstrip (cells[i]));
    }
  return g_string_free (out, FALSE);
}

static void
parser_line (MarkdownParser *parser,
             const char     *raw_line)
{
  g_autofree char *owned = g_strdup (raw_line);
  g_autoptr(GString) marker = g_string_new (NULL);
  char *line = owned;
  const char *content;
  char break_char = 0;
  gsize indent;

  if (parser->skip_until != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (line, -1);

      if (strstr (lower, parser->skip_until) != NULL)
        g_clear_pointer (&parser->skip_until, g_free);
      return;
    }

  if (parser->in_fence)
    {
      const char *p = line + leading_spaces (line);
      gsize n = 0;

      while (p[n] == parser->fence_char)
        n++;
      if (n >= parser->fence_len && is_blank (p + n))
        {
          parser->in_fence = FALSE;
          parser_flush_code (parser);
        }
      else
        {
          g_string_append (parser->code, line);
          g_string_append_c (parser->code, '\n');
        }
      return;
    }

  /* Block quotes: their content is read like any other text. */
  for (;;)
    {
      gsize sp = leading_spaces (line);

      if (sp > 3 || line[sp] != '>')
        break;
      line += sp + 1;
      if (*line == ' ')
        line++;
    }

  if (is_blank (line))
    {
      parser_flush (parser);
      parser_flush_code (parser);
      parser->blank = TRUE;
      return;
    }

  indent = leading_spaces (line);

  /* Indented code, unless it continues a list item. */
  if ((indent >= 4 || line[0] == '\t') && parser->para->len == 0 && !parser->in_list)
    {
      g_string_append (parser->code, line[0] == '\t' ? line + 1 : line + 4);
      g_string_append_c (parser->code, '\n');
      return;
    }
  parser_flush_code (parser);

  if (indent <= 3 && (g_str_has_prefix (line + indent, "```") || g_str_has_prefix (line + indent, "~~~")))
    {
      const char *p = line + indent;

      parser_flush (parser);
      parser->fence_char = *p;
      parser->fence_len = 0;
      while (p[parser->fence_len] == parser->fence_char)
        parser->fence_len++;
      parser->in_fence = TRUE;
      parser->in_list = FALSE;
      return;
    }

  if (indent <= 3 && line[indent] == '#')
    {
      const char *p = line + indent;
      gsize level = 0;

      while (p[level] == '#')
        level++;
      if (level <= 6 && (p[level] == ' ' || p[level] == '\t' || p[level] == '\0'))
        {
          g_autofree char *heading = g_strstrip (g_strdup (p + level));
          gsize len = strlen (heading);

          /* An optional closing run of '#' after a space. */
          while (len > 0 && heading[len - 1] == '#')
            len--;
          if (len == 0 || heading[len - 1] == ' ' || heading[len - 1] == '\t')
            heading[len] = '\0';

          parser_flush (parser);
          parser_emit (parser, BLOCK_HEADING, heading);
          parser->in_list = FALSE;
          return;
        }
    }

  if (parser->para->len > 0 && parser->para_kind == BLOCK_PARAGRAPH && indent <= 3)
    {
      const char *p = line + indent;
      char c = *p;

      if ((c == '=' || c == '-') && strspn (p, c == '=' ? "=" : "-") == strlen (g_strchomp (line) + indent))
        {
          /* Setext heading: the paragraph above is the heading. */
          g_autofree char *heading = g_string_free (g_string_new (parser->para->str), FALSE);

          g_string_truncate (parser->para, 0);
          parser_emit (parser, BLOCK_HEADING, heading);
          return;
        }
    }

  if (is_thematic_break (line, &break_char))
    {
      parser_flush (parser);
      parser->in_list = FALSE;
      return;
    }

  if (indent <= 3 && line[indent] == '[' && parser->para->len == 0)
    {
      const char *close = strchr (line + indent, ']');

      if (close != NULL && close[1] == ':')
        return;   /* a link reference definition (or a footnote's text) */
    }

  if (indent <= 3 && line[indent] == '<')
    {
      g_autofree char *lower = g_ascii_strdown (line + indent, -1);

      if (g_str_has_prefix (lower, "<script") || g_str_has_prefix (lower, "<style")
          || g_str_has_prefix (lower, "<!--"))
        {
          const char *closing = g_str_has_prefix (lower, "<script") ? "</script>"
                                : g_str_has_prefix (lower, "<style") ? "</style>" : "-->";

          parser_flush (parser);
          if (strstr (lower + 4, closing) == NULL)
            parser->skip_until = g_strdup (closing);
          return;
        }
    }

  if (is_table_separator (line))
    return;
  if (indent <= 3 && line[indent] == '|')
    {
      g_autofree char *row = table_row_text (line);

      parser_flush (parser);
      parser->para_kind = BLOCK_LIST;
      g_string_append (parser->para, row);
      parser_flush (parser);
      return;
    }

  content = list_item_content (line, marker);
  if (content != NULL)
    {
      parser_flush (parser);
      parser->para_kind = BLOCK_LIST;
      parser->in_list = TRUE;
      g_string_append (parser->para, marker->str);
      g_string_append (parser->para, content);
      return;
    }

  if (parser->in_list && indent == 0 && parser->para->len == 0)
    parser->in_list = FALSE;

  /* Paragraph text: a line ending in two spaces or a backslash breaks. */
  if (parser->para->len > 0)
    {
      gsize len = parser->para->len;
      gboolean hard = len >= 2 && parser->para->str[len - 1] == ' ' && parser->para->str[len - 2] == ' ';

      while (parser->para->len > 0 && parser->para->str[parser->para->len - 1] == ' ')
        g_string_truncate (parser->para, parser->para->len - 1);
      if (hard && parser->para->str[parser->para->len - 1] != '\\')
        g_string_append_c (parser->para, '\\');
      g_string_append_c (parser->para, '\n');
    }
  g_string_append (parser->para, line + indent);
}

/* Markdown body (without front matter) to blocks of plain text. */
static GPtrArray *
markdown_to_blocks (const char *body)
{
  MarkdownParser parser = { 0 };
  const char *p = body;

  parser.blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  parser.para = g_string_new (NULL);
  parser.code = g_string_new (NULL);

  while (*p)
    {
      const char *eol = strchr (p, '\n');
      g_autofree char *line = eol ? g_strndup (p, eol - p) : g_strdup (p);

      parser_line (&parser, line);
      p = eol ? eol + 1 : p + strlen (p);
    }
  parser_flush (&parser);
  parser_flush_code (&parser);

  g_string_free (parser.para, TRUE);
  g_string_free (parser.code, TRUE);
  g_free (parser.skip_until);
  return parser.blocks;
}

static char *
join_blocks (GPtrArray *blocks,
             guint      first)
{
  GString *out = g_string_new (NULL);
  BlockKind prev = BLOCK_PARAGRAPH;

  for (guint i = first; i < blocks->len; i++)
    {
      Block *block = g_ptr_array_index (blocks, i);

      if (out->len > 0)
        g_string_append (out, prev == BLOCK_LIST && block->kind == BLOCK_LIST && !block->after_blank
                              ? "\n" : "\n\n");
      g_string_append (out, block->text);
      prev = block->kind;
    }
  return g_string_free (out, FALSE);
}

/* Titles compare equal when only case, spacing and end punctuation differ. */
static gboolean
same_title (const char *a,
            const char *b)
{
  g_autofree char *ca = collapse_spaces (a);
  g_autofree char *cb = collapse_spaces (b);
  g_autofree char *fa = g_utf8_casefold (ca, -1);
  g_autofree char *fb = g_utf8_casefold (cb, -1);

  g_strchomp (fa);
  g_strchomp (fb);
  while (*fa && strchr (".:!", fa[strlen (fa) - 1]))
    fa[strlen (fa) - 1] = '\0';
  while (*fb && strchr (".:!", fb[strlen (fb) - 1]))
    fb[strlen (fb) - 1] = '\0';
  return g_utf8_collate (fa, fb) == 0 || strcmp (fa, fb) == 0;
}

/* ---------------------------------------------------------------- title -- */

static char *
title_from_text (const char *text)
{
  const char *p = text;

  while (*p == '\n')
    p++;
  {
    const char *eol = strchr (p, '\n');
    g_autofree char *line = eol ? g_strndup (p, eol - p) : g_strdup (p);

    return make_title (line);
  }
}

static char *
title_from_name (const char *name)
{
  g_autofree char *base = g_path_get_basename (name);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return make_title (base);
}

/* ---------------------------------------------------------------- parse -- */

static void
fill_from_front_matter (DossierDocument *doc,
                        FrontMatter     *fm)
{
  if (fm->author != NULL)
    doc->author = g_strdup (fm->author);
  if (fm->url != NULL)
    doc->url = g_strdup (fm->url);
  if (fm->source != NULL)
    {
      /* "source: https://…" is a link, not a publication. */
      if (g_str_has_prefix (fm->source, "http://") || g_str_has_prefix (fm->source, "https://"))
        {
          if (doc->url == NULL)
            doc->url = g_strdup (fm->source);
        }
      else
        doc->source = g_strdup (fm->source);
    }
  if (fm->date != NULL)
    doc->published = parse_date (fm->date);
  if (fm->lang != NULL)
    doc->lang = g_strdup (fm->lang);
}

static gboolean
parse_markdown (DossierDocument  *doc,
                const char       *name,
                const char       *text)
{
  FrontMatter fm = { 0 };
  gsize body_offset = parse_front_matter (text, &fm);
  g_autoptr(GPtrArray) blocks = markdown_to_blocks (text + body_offset);
  guint first = 0;
  Block *head = blocks->len > 0 ? g_ptr_array_index (blocks, 0) : NULL;

  fill_from_front_matter (doc, &fm);

  if (fm.title != NULL)
    {
      doc->title = make_title (fm.title);
      if (head != NULL && head->kind == BLOCK_HEADING && same_title (head->text, fm.title))
        first = 1;
    }
  else if (head != NULL && head->kind == BLOCK_HEADING)
    {
      doc->title = make_title (head->text);
      first = 1;
    }

  /* A file holding nothing but its heading keeps it as its text. */
  if (first == 1 && blocks->len == 1)
    first = 0;

  doc->text = join_blocks (blocks, first);
  if (doc->title == NULL && !is_blank (doc->text))
    doc->title = title_from_text (doc->text);

  front_matter_clear (&fm);
  return TRUE;
}

static gboolean
parse_html (DossierDocument  *doc,
            const char       *name,
            const char       *data,
            gsize             length,
            GPtrArray        *warnings,
            GError          **error)
{
  g_autoptr(DossierArticle) article = NULL;
  g_autoptr(GError) local_error = NULL;

  article = dossier_extract_article (data, length, NULL, NULL, &local_error);
  if (article == NULL)
    {
      if (g_error_matches (local_error, DOSSIER_EXTRACT_ERROR, DOSSIER_EXTRACT_ERROR_TOO_LARGE))
        g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_TOO_LARGE,
                     _("“%s” is too large to read as a web page"), name);
      else
        g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_NO_CONTENT,
                     _("“%s” holds no readable text: %s"), name, local_error->message);
      return FALSE;
    }

  if (article->warnings != NULL)
    for (guint i = 0; i < article->warnings->len; i++)
      add_warning (warnings, "“%s”: %s", name, (const char *) g_ptr_array_index (article->warnings, i));

  doc->text = g_strdup (article->text ? article->text : "");
  if (article->title != NULL && !is_blank (article->title))
    doc->title = make_title (article->title);
  if (article->byline != NULL && *article->byline)
    doc->author = g_strdup (article->byline);
  if (article->site_name != NULL && *article->site_name)
    doc->source = g_strdup (article->site_name);
  if (article->lang != NULL && *article->lang)
    doc->lang = g_strdup (article->lang);
  doc->published = article->published;
  if (doc->published == 0 && article->date != NULL)
    doc->published = parse_date (article->date);
  return TRUE;
}

DossierDocument *
dossier_import_parse (const char                 *name,
                      const char                 *data,
                      gsize                       length,
                      const DossierImportOptions *options,
                      GPtrArray                  *warnings,
                      GError                    **error)
{
  g_autoptr(DossierDocument) doc = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *cleaned = NULL;
  guint64 max_size = options && options->max_size ? options->max_size : DOSSIER_IMPORT_DEFAULT_MAX_SIZE;
  guint n_removed = 0;
  Format format;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > max_size)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (max_size);

      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_TOO_LARGE,
                   _("“%s” is too large (%s; the limit is %s)"), name, size, limit);
      return NULL;
    }
  if (length == 0)
    {
      g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_EMPTY,
                   _("“%s” is empty"), name);
      return NULL;
    }

  doc = dossier_document_new ();
  format = format_for_name (name, data, length);

  if (format == FORMAT_HTML)
    {
      /* The extractor reads the charset from the page itself; only refuse
       * what is plainly not a page. */
      if (looks_binary ((const guchar *) data, length)
          && !(length >= 2 && ((guchar) data[0] == 0xFF || (guchar) data[0] == 0xFE)))
        {
          g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_BINARY,
                       _("“%s” is not a text file (it holds binary data)"), name);
          return NULL;
        }
      if (!parse_html (doc, name, data, length, warnings, error))
        return NULL;
      if (!g_utf8_validate (doc->text, -1, NULL))
        {
          char *valid = g_utf8_make_valid (doc->text, -1);

          g_free (doc->text);
          doc->text = valid;
        }
      cleaned = clean_characters (doc->text, &n_removed);
    }
  else
    {
      decoded = decode_text (name, data, length, warnings, error);
      if (decoded == NULL)
        return NULL;
      if (!g_utf8_validate (decoded, -1, NULL))
        {
          char *valid = g_utf8_make_valid (decoded, -1);

          g_free (decoded);
          decoded = valid;
        }
      cleaned = clean_characters (decoded, &n_removed);
      if (format == FORMAT_MARKDOWN)
        {
          parse_markdown (doc, name, cleaned);
          g_free (cleaned);
          cleaned = g_strdup (doc->text);
        }
    }

  if (n_removed > 0)
    add_warning (warnings,
                 g_dngettext (GETTEXT_PACKAGE,
                              "“%s”: %u control character removed",
                              "“%s”: %u control characters removed",
                              n_removed),
                 name, n_removed);

  g_free (doc->text);
  doc->text = tidy_lines (cleaned);
  if (*doc->text == '\0')
    {
      if (format == FORMAT_HTML)
        g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_NO_CONTENT,
                     _("“%s” holds no readable text"), name);
      else
        g_set_error (error, DOSSIER_IMPORT_ERROR, DOSSIER_IMPORT_ERROR_EMPTY,
                     _("“%s” is empty (only white space)"), name);
      return NULL;
    }

  if (doc->title == NULL || is_blank (doc->title))
    {
      g_free (doc->title);
      doc->title = title_from_text (doc->text);
    }
  if (doc->title == NULL || is_blank (doc->title))
    {
      g_free (doc->title);
      doc->title = title_from_name (name);
    }
  /* Whatever path made the title (front matter, a heading cut at a byte
   * limit, a file name), it is shown and stored as UTF-8. */
  if (!g_utf8_validate (doc->title, -1, NULL))
    {
      char *valid = g_utf8_make_valid (doc->title, -1);

      g_free (doc->title);
      doc->title = valid;
    }

  {
    g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, doc->text, -1);

    doc->uid = g_strconcat ("sha256:", hash, NULL);
  }
  return g_steal_pointer (&doc);
}

/* ---------------------------------------------------------------- store -- */

void
dossier_import_result_free (DossierImportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->path);
  g_free (result->title);
  g_free (result->reason);
  g_clear_pointer (&result->warnings, g_ptr_array_unref);
  g_free (result);
}

static DossierImportResult *
result_new (const char *path)
{
  DossierImportResult *result = g_new0 (DossierImportResult, 1);

  result->path = g_strdup (path);
  result->warnings = g_ptr_array_new_with_free_func (g_free);
  return result;
}

static DossierImportResult *
result_refused (const char *path,
                char       *reason)
{
  DossierImportResult *result = result_new (path);

  result->status = DOSSIER_IMPORT_REFUSED;
  g_strdelimit (reason, "\r\n", ' ');
  result->reason = reason;
  return result;
}

static DossierImportResult *
import_data (DossierStore               *store,
             const char                 *name,
             const char                 *data,
             gsize                       length,
             const DossierImportOptions *options)
{
  g_autoptr(DossierImportResult) result = result_new (name);
  g_autoptr(DossierDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  DossierAddResult added = DOSSIER_ADD_STORED;
  gint64 id = 0;

  doc = dossier_import_parse (name, data, length, options, result->warnings, &error);
  if (doc == NULL)
    {
      result->status = DOSSIER_IMPORT_REFUSED;
      result->reason = g_strdup (error->message);
      return g_steal_pointer (&result);
    }

  /* One transaction per file: whatever follows the insert (entities, once the
   * analyzer runs here) lands with it or not at all. */
  if (!dossier_store_begin (store, &error)
      || !dossier_store_add_document (store, doc, FALSE, &added, &id, &error)
      || !dossier_store_commit (store, &error))
    {
      dossier_store_rollback (store);
      result->status = DOSSIER_IMPORT_REFUSED;
      result->reason = g_strdup_printf (_("“%s” could not be stored: %s"), name, error->message);
      g_strdelimit (result->reason, "\r\n", ' ');
      return g_steal_pointer (&result);
    }

  result->id = id;
  if (added == DOSSIER_ADD_DUPLICATE)
    {
      g_autoptr(DossierDocument) existing = dossier_store_get_document (store, id, NULL);

      result->status = DOSSIER_IMPORT_DUPLICATE;
      result->title = g_strdup (existing ? existing->title : doc->title);
      result->reason = g_strdup_printf (_("“%s” is already in the library as “%s”"), name, result->title);
    }
  else
    {
      result->status = DOSSIER_IMPORT_STORED;
      result->title = g_strdup (doc->title);
    }
  return g_steal_pointer (&result);
}

DossierImportResult *
dossier_import_bytes (DossierStore               *store,
                      const char                 *name,
                      GBytes                     *bytes,
                      const DossierImportOptions *options)
{
  gsize length = 0;
  const char *data;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  return import_data (store, name, data ? data : "", length, options);
}

static DossierImportResult *
import_file (DossierStore               *store,
             GFile                      *file,
             const char                 *path,
             GFileInfo                  *info,
             const DossierImportOptions *options,
             GCancellable               *cancellable)
{
  guint64 max_size = options && options->max_size ? options->max_size : DOSSIER_IMPORT_DEFAULT_MAX_SIZE;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return result_refused (path, g_strdup_printf (_("“%s” is not a regular file"), path));

  /* Checked before reading, so a huge file is never loaded. */
  if ((guint64) g_file_info_get_size (info) > max_size)
    {
      g_autofree char *size = g_format_size (g_file_info_get_size (info));
      g_autofree char *limit = g_format_size (max_size);

      return result_refused (path, g_strdup_printf (_("“%s” is too large (%s; the limit is %s)"),
                                                    path, size, limit));
    }

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &error))
    return result_refused (path, g_strdup_printf (_("“%s” cannot be read: %s"), path, error->message));

  return import_data (store, path, contents, length, options);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

/* Importable files under `dir`, recursively, in name order; hidden files and
 * folders and links to folders are skipped. Unreadable subfolders become
 * refused results. */
static void
collect_folder (GFile        *dir,
                const char   *dir_path,
                GPtrArray    *files,
                GPtrArray    *results,
                guint         depth,
                GCancellable *cancellable)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  GFileInfo *info;

  if (depth > 64)
    return;

  enumerator = g_file_enumerate_children (dir,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                          G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN ","
                                          G_FILE_ATTRIBUTE_STANDARD_IS_SYMLINK,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          cancellable, &error);
  if (enumerator == NULL)
    {
      g_ptr_array_add (results,
                       result_refused (dir_path, g_strdup_printf (_("“%s” cannot be read: %s"),
                                                                  dir_path, error->message)));
      return;
    }

  while ((info = g_file_enumerator_next_file (enumerator, cancellable, NULL)) != NULL)
    {
      const char *name = g_file_info_get_name (info);
      GFileType type = g_file_info_get_file_type (info);

      if (name[0] == '.' || g_file_info_get_is_hidden (info))
        {
          g_object_unref (info);
          continue;
        }
      if (type == G_FILE_TYPE_SYMBOLIC_LINK)
        {
          /* Links to files count; links to folders could loop. */
          g_autoptr(GFile) child = g_file_get_child (dir, name);
          g_autoptr(GFileInfo) target = g_file_query_info (child, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                                           G_FILE_QUERY_INFO_NONE, cancellable, NULL);

          type = target ? g_file_info_get_file_type (target) : G_FILE_TYPE_UNKNOWN;
          if (type != G_FILE_TYPE_REGULAR)
            type = G_FILE_TYPE_UNKNOWN;
        }
      if (type == G_FILE_TYPE_DIRECTORY || (type == G_FILE_TYPE_REGULAR && dossier_import_is_importable_name (name)))
        {
          g_ptr_array_add (names, g_strdup (name));
          g_hash_table_insert (types, g_strdup (name), GINT_TO_POINTER (type));
        }
      g_object_unref (info);
    }

  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(GFile) child = g_file_get_child (dir, name);
      g_autofree char *child_path = g_build_filename (dir_path, name, NULL);

      if (GPOINTER_TO_INT (g_hash_table_lookup (types, name)) == G_FILE_TYPE_DIRECTORY)
        collect_folder (child, child_path, files, results, depth + 1, cancellable);
      else
        g_ptr_array_add (files, g_steal_pointer (&child_path));
    }
}

GPtrArray *
dossier_import_paths (DossierStore               *store,
                      const char *const          *paths,
                      const DossierImportOptions *options,
                      GCancellable               *cancellable)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_import_result_free);

  g_return_val_if_fail (DOSSIER_IS_STORE (store), results);
  g_return_val_if_fail (paths != NULL, results);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      const char *path = paths[i];
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileInfo) info = NULL;
      g_autoptr(GError) error = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        break;

      info = g_file_query_info (file,
                                G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                G_FILE_QUERY_INFO_NONE, cancellable, &error);
      if (info == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            g_ptr_array_add (results, result_refused (path, g_strdup_printf (_("“%s” does not exist"), path)));
          else
            g_ptr_array_add (results, result_refused (path, g_strdup_printf (_("“%s” cannot be read: %s"),
                                                                             path, error->message)));
          continue;
        }

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
          guint n_results = results->len;

          collect_folder (file, path, files, results, 0, cancellable);
          if (files->len == 0 && results->len == n_results)
            {
              g_ptr_array_add (results,
                               result_refused (path, g_strdup_printf (_("“%s” holds no files to import (.txt, .md, .html)"),
                                                                      path)));
              continue;
            }
          for (guint j = 0; j < files->len; j++)
            {
              const char *child_path = g_ptr_array_index (files, j);
              g_autoptr(GFile) child = g_file_new_for_path (child_path);
              g_autoptr(GFileInfo) child_info = NULL;
              g_autoptr(GError) child_error = NULL;

              if (g_cancellable_is_cancelled (cancellable))
                break;
              child_info = g_file_query_info (child,
                                              G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                              G_FILE_QUERY_INFO_NONE, cancellable, &child_error);
              if (child_info == NULL)
                g_ptr_array_add (results, result_refused (child_path,
                                                          g_strdup_printf (_("“%s” cannot be read: %s"),
                                                                           child_path, child_error->message)));
              else
                g_ptr_array_add (results, import_file (store, child, child_path, child_info, options, cancellable));
            }
          continue;
        }

      g_ptr_array_add (results, import_file (store, file, path, info, options, cancellable));
    }

  return results;
}
