/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-dates.c: date expressions in English news text, by hand-written rules.
 *
 * Owns its own light tokenizer (words, numbers with their letter suffix, single
 * punctuation marks, with code point offsets) and a set of small recursive
 * matchers over those tokens. At each token every matcher is tried and the
 * longest match wins, so "from May to July 2021" beats "May" and "July 2021".
 * Text is scanned in bounded chunks (a line, or a few thousand tokens) so huge
 * input never grows memory. It must not guess: bare numbers that are counts,
 * amounts, times or scores, "May" the name and "march" the verb are left
 * alone, and values are only given when the document's date allows them. */
#define G_LOG_DOMAIN "dossier-dates"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-dates.h"

/* ------------------------------------------------------------- structs -- */

typedef enum {
  TOK_WORD,
  TOK_NUM,
  TOK_PUNCT,
} TokKind;

typedef struct {
  TokKind   kind;
  guint     start;          /* code points */
  guint     end;
  gboolean  space_before;   /* whitespace or the start of the chunk before it */
  gboolean  cap;            /* WORD: first letter upper case */
  gboolean  allcaps;        /* WORD: two letters or more, all upper case */
  int       num;            /* NUM: value, capped at 99999 */
  guint     n_digits;       /* NUM */
  gunichar  ch;             /* PUNCT */
  char      lower[20];      /* WORD: lower-cased text (truncated); NUM: letter suffix ("th", "s") */
} Tok;

typedef struct {
  gboolean valid;
  GDate    date;
  int      year;
  int      month;
  int      day;
} Ref;

/* What one matcher found. Either year/month/day (0 = absent, the year filled
 * in from the document when left out), a ready `fixed` value, or `unknown`. */
typedef struct {
  int       year;
  int       month;
  int       day;
  int       part;          /* SEASON_*, or 0 */
  char      fixed[48];
  gboolean  unknown;
} DateVal;

enum { SEASON_NONE, SEASON_SP, SEASON_SU, SEASON_FA, SEASON_WI };

typedef enum {
  TENSE_NONE,
  TENSE_PAST,
  TENSE_FUTURE,
} Tense;

typedef struct {
  const Tok *toks;
  guint      n;
  const Ref *ref;
  guint8    *tenses;  /* Tense of the sentence of each token */
} Scan;

#define MAX_CHUNK_TOKENS 4096

/* -------------------------------------------------------------- tables -- */

static const char *month_names[] = {
  "january", "february", "march", "april", "may", "june",
  "july", "august", "september", "october", "november", "december",
};

static const struct { const char *word; int month; } month_abbrevs[] = {
  { "jan", 1 }, { "feb", 2 }, { "mar", 3 }, { "apr", 4 }, { "jun", 6 },
  { "jul", 7 }, { "aug", 8 }, { "sep", 9 }, { "sept", 9 }, { "oct", 10 },
  { "nov", 11 }, { "dec", 12 },
};

static const char *weekday_names[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

static const struct { const char *word; int value; } number_words[] = {
  { "a", 1 }, { "an", 1 }, { "one", 1 }, { "two", 2 }, { "three", 3 }, { "four", 4 },
  { "five", 5 }, { "six", 6 }, { "seven", 7 }, { "eight", 8 }, { "nine", 9 },
  { "ten", 10 }, { "eleven", 11 }, { "twelve", 12 }, { "thirteen", 13 },
  { "fourteen", 14 }, { "fifteen", 15 }, { "sixteen", 16 }, { "seventeen", 17 },
  { "eighteen", 18 }, { "nineteen", 19 }, { "twenty", 20 }, { "thirty", 30 },
  { "forty", 40 }, { "fifty", 50 }, { "sixty", 60 }, { "hundred", 100 },
};

static const struct { const char *word; int decade; } decade_words[] = {
  { "twenties", 192 }, { "thirties", 193 }, { "forties", 194 }, { "fifties", 195 },
  { "sixties", 196 }, { "seventies", 197 }, { "eighties", 198 }, { "nineties", 199 },
};

static const struct { const char *word; int century; } century_words[] = {
  { "eighteenth", 18 }, { "nineteenth", 19 }, { "twentieth", 20 }, { "twenty-first", 21 },
};

/* Words after which a 4-digit number is a year even when a plural follows. */
static const char *year_context_words[] = {
  "in", "since", "until", "till", "by", "from", "during", "before", "after",
  "early", "late", "mid", "year", "between", "through", "spring", "summer",
  "autumn", "fall", "winter", "circa", "throughout",
};

/* Words after which a 4-digit number is more likely a year than not. */
static const char *year_weak_context_words[] = {
  "of", "the", "and", "to", "its", "their", "his", "her", "on", "at", "as", "than", "for",
  "around", "or", "said", "that", "since",
};

/* Words that put a sentence in the future: dates without a year or weekdays
 * alone then mean the next one, not the last one. */
static const char *future_words[] = {
  "will", "shall", "ll", "expected", "expect", "expects", "due", "scheduled",
  "planned", "plans", "plan", "upcoming", "intends", "aims", "going",
  "tomorrow", "hope", "hopes",
};

/* Irregular past forms; regular ones end in -ed. */
static const char *past_words[] = {
  "was", "were", "had", "did", "said", "began", "came", "fell", "rose", "took", "left",
  "went", "won", "lost", "shot", "struck", "met", "spoke", "told", "gave", "made",
  "saw", "held", "broke", "ran", "sold", "bought", "brought", "fought", "led", "ago",
  "last", "yesterday", "became", "grew", "knew", "thought", "felt", "kept", "sent",
  "spent", "built", "wrote", "drew", "flew", "stood", "began", "arrived", "died",
};

/* Words before a 4-digit number that make it a label, not a year. */
static const char *number_label_words[] = {
  "resolution", "article", "section", "flight", "route", "room", "no", "number",
  "page", "pages", "chapter", "paragraph", "rule", "highway", "platform", "model",
  "version", "windows", "iso", "bus", "line", "code", "grade", "decree", "order",
  "item", "file", "case", "box", "suite", "unit", "apartment", "lot", "exit",
  "channel", "vol", "volume", "issue", "pin", "id", "tel", "phone", "ext",
  "about", "some", "nearly", "almost", "over", "than", "only", "just", "least",
};

/* Words after a 4-digit number that make it an amount or a time, always. */
static const char *unit_words[] = {
  "percent", "per", "gmt", "utc", "bst", "est", "edt", "cet", "cest", "pst", "hrs",
  "hours", "h", "local", "km", "kilometres", "kilometers", "metres", "meters",
  "miles", "feet", "ft", "kg", "tonnes", "tons", "pounds", "dollars", "euros",
  "yuan", "rubles", "roubles", "rupees", "barrels", "gb", "mb", "acres", "hectares",
  "degrees", "calories", "million", "billion", "thousand",
};

/* Words after a 4-digit number that make it a count. */
static const char *count_words[] = {
  "people", "persons", "men",
  "women", "children", "soldiers", "troops", "workers", "votes", "seats", "cases",
  "deaths", "jobs", "homes", "houses", "units", "times", "points", "members",
  "refugees", "migrants", "civilians", "more",
  "others", "million", "billion", "thousand", "new", "residents", "students",
  "employees", "fighters", "police", "officers", "words", "pages", "acres",
  "hectares", "square", "degrees", "calories", "mb", "gb", "other", "of",
  "percent", "per", "gmt", "utc", "hours", "km", "miles", "feet", "dollars", "euros",
};

/* Lower-case words ending in -s after a year that are verbs, not counts. */
static const char *year_verb_words[] = {
  "was", "has", "is", "saw", "marks", "sees", "brings", "remains", "looks",
  "seems", "proves", "goes", "promises", "begins", "ends", "starts", "means",
  "comes", "follows", "becomes", "this", "plus", "versus", "elections", "census",
  "olympics", "games", "finals", "accords", "protests", "riots", "talks", "attacks",
  "floods", "polls", "midterms", "negotiations", "sanctions", "events", "reforms",
  "changes", "rules", "results", "figures", "statistics", "levels", "budgets",
};

static const char *approx_words[] = {
  "about", "some", "nearly", "almost", "around", "roughly", "approximately",
  "over", "just", "only", "barely", "exactly", "precisely", "fully",
};

static const char *month_context_words[] = {
  "in", "since", "until", "till", "by", "from", "through", "during", "before",
  "after", "of", "early", "late", "mid", "last", "next", "this", "between",
  "throughout", "to", "and", "or", "until", "into", "for", "every",
};

static const char *event_words_before_weekday[] = {
  "good", "black", "super", "bloody", "ash", "holy", "cyber", "maundy", "palm",
  "easter", "giving", "manic", "blue",
};

/* ------------------------------------------------------------- helpers -- */

static gboolean
in_list (const char  *word,
         const char **list,
         gsize        n)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (word, list[i]) == 0)
      return TRUE;
  return FALSE;
}

#define IN_LIST(word, list) in_list ((word), (list), G_N_ELEMENTS (list))

static const Tok *
tok (const Scan *s,
     guint       i)
{
  return i < s->n ? &s->toks[i] : NULL;
}

static gboolean
is_word (const Scan *s,
         guint       i,
         const char *word)
{
  const Tok *t = tok (s, i);

  return t != NULL && t->kind == TOK_WORD && strcmp (t->lower, word) == 0;
}

static gboolean
is_punct (const Scan *s,
          guint       i,
          gunichar    ch)
{
  const Tok *t = tok (s, i);

  return t != NULL && t->kind == TOK_PUNCT && t->ch == ch;
}

static gboolean
is_dash_char (gunichar ch)
{
  return ch == '-' || ch == 0x2010 || ch == 0x2011 || ch == 0x2012 ||
         ch == 0x2013 || ch == 0x2014 || ch == 0x2212;
}

static gboolean
is_dash (const Scan *s,
         guint       i)
{
  const Tok *t = tok (s, i);

  return t != NULL && t->kind == TOK_PUNCT && is_dash_char (t->ch);
}

static gboolean
is_apostrophe (const Scan *s,
               guint       i)
{
  const Tok *t = tok (s, i);

  return t != NULL && t->kind == TOK_PUNCT &&
         (t->ch == '\'' || t->ch == 0x2019 || t->ch == 0x2018 || t->ch == 0x02BC);
}

static gboolean
adjacent (const Scan *s,
          guint       i)
{
  const Tok *t = tok (s, i);

  return t != NULL && !t->space_before;
}

static gboolean
word_in (const Scan  *s,
         guint        i,
         const char **list,
         gsize        n)
{
  const Tok *t = tok (s, i);

  return t != NULL && t->kind == TOK_WORD && in_list (t->lower, list, n);
}

#define WORD_IN(s, i, list) word_in ((s), (i), (list), G_N_ELEMENTS (list))

static Tense
tense_at (const Scan *s,
          guint       i)
{
  return i < s->n ? (Tense) s->tenses[i] : TENSE_NONE;
}

/* Whether the sentences of the chunk speak of the future or the past, by a
 * few cue words: enough to tell "will meet on Friday" from "met on Friday". */
static void
find_tenses (Scan *s)
{
  guint start = 0;

  for (guint i = 0; i <= s->n; i++)
    {
      gboolean end = i == s->n ||
                     (s->toks[i].kind == TOK_PUNCT &&
                      (s->toks[i].ch == '.' || s->toks[i].ch == '!' || s->toks[i].ch == '?' ||
                       s->toks[i].ch == ';') &&
                      (i + 1 >= s->n || s->toks[i + 1].space_before) &&
                      !(i > 0 && s->toks[i - 1].kind == TOK_WORD && strlen (s->toks[i - 1].lower) <= 4 &&
                        s->toks[i - 1].cap && i + 1 < s->n && s->toks[i + 1].kind == TOK_NUM));
      Tense tense = TENSE_NONE;

      if (!end)
        continue;
      for (guint k = start; k < i; k++)
        {
          const Tok *t = &s->toks[k];
          gsize len;

          if (t->kind != TOK_WORD)
            continue;
          if (IN_LIST (t->lower, future_words))
            {
              tense = TENSE_FUTURE;
              break;
            }
          len = strlen (t->lower);
          if (IN_LIST (t->lower, past_words) ||
              (len >= 5 && t->lower[len - 2] == 'e' && t->lower[len - 1] == 'd' && !t->cap))
            tense = TENSE_PAST;
        }
      for (guint k = start; k <= i && k < s->n; k++)
        s->tenses[k] = tense;
      start = i + 1;
    }
}

/* The year of a day or month the text leaves without one, from the tense. */
static int
year_for (const Ref *ref,
          Tense      tense,
          int        month,
          int        day)
{
  int here = ref->month * 32 + ref->day;
  int there = month * 32 + (day ? day : (tense == TENSE_FUTURE ? 31 : 0));

  if (tense == TENSE_FUTURE)
    return there < here ? ref->year + 1 : ref->year;
  if (tense == TENSE_PAST)
    return there > here + 32 ? ref->year - 1 : ref->year;
  if (month - ref->month > 6)
    return ref->year - 1;
  if (ref->month - month > 6)
    return ref->year + 1;
  return ref->year;
}

static int
days_in_month (int year,
               int month)
{
  if (year <= 0)
    year = 2000;   /* leap: "29 February" without a year stays possible */
  return g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);
}

static gboolean
valid_ymd (int year, int month, int day)
{
  if (month < 1 || month > 12)
    return FALSE;
  if (day != 0 && (day < 1 || day > days_in_month (year, month)))
    return FALSE;
  return TRUE;
}

/* ISO 8601 week of a date: "2022-W28". */
static void
format_week (const GDate *date,
             char        *out,
             gsize        size)
{
  GDate thursday = *date;
  int weekday = g_date_get_weekday (date);

  if (weekday < 4)
    g_date_add_days (&thursday, 4 - weekday);
  else if (weekday > 4)
    g_date_subtract_days (&thursday, weekday - 4);
  g_snprintf (out, size, "%04d-W%02u", g_date_get_year (&thursday),
              g_date_get_iso8601_week_of_year (date));
}

static void
set_date (DateVal     *val,
          const GDate *date)
{
  val->year = g_date_get_year (date);
  val->month = g_date_get_month (date);
  val->day = g_date_get_day (date);
}

static char *
resolve (const DateVal *val,
         const Ref     *ref)
{
  static const char *seasons[] = { NULL, "SP", "SU", "FA", "WI" };
  int year = val->year;

  if (val->unknown)
    return NULL;
  if (val->fixed[0] != '\0')
    return g_strdup (val->fixed);
  if (year == 0)
    {
      if (!ref->valid)
        return NULL;
      year = ref->year;
    }
  if (val->part != SEASON_NONE)
    return g_strdup_printf ("%04d-%s", year, seasons[val->part]);
  if (val->month == 0)
    return g_strdup_printf ("%04d", year);
  if (val->day == 0)
    return g_strdup_printf ("%04d-%02d", year, val->month);
  if (!valid_ymd (year, val->month, val->day))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", year, val->month, val->day);
}

/* ----------------------------------------------------------- tokenizer -- */

static gboolean
is_space_char (gunichar ch)
{
  return g_unichar_isspace (ch) || ch == 0x00A0 || ch == 0x202F || ch == 0x2009;
}

/* Tokens of one chunk of `text` from byte `*pos`, code point `*cp`; the chunk
 * ends after a newline or near MAX_CHUNK_TOKENS. Returns FALSE at the end. */
static gboolean
next_chunk (const char *text,
            gsize       len,
            gsize      *pos,
            guint      *cp,
            GArray     *toks)
{
  gboolean space = TRUE;

  g_array_set_size (toks, 0);
  if (*pos >= len)
    return FALSE;

  while (*pos < len)
    {
      const char *p = text + *pos;
      gunichar ch = g_utf8_get_char_validated (p, len - *pos);
      Tok t = { 0 };

      if (ch == (gunichar) -1 || ch == (gunichar) -2)
        {
          /* An invalid byte counts as one character and separates tokens. */
          (*pos)++;
          (*cp)++;
          space = TRUE;
          continue;
        }

      if (is_space_char (ch))
        {
          *pos = g_utf8_next_char (p) - text;
          (*cp)++;
          space = TRUE;
          if ((ch == '\n' || toks->len >= MAX_CHUNK_TOKENS - 64) && toks->len > 0)
            return TRUE;
          continue;
        }

      t.start = *cp;
      t.space_before = space;
      space = FALSE;

      if (g_unichar_isdigit (ch) && ch < 128)
        {
          guint n_suffix = 0;

          t.kind = TOK_NUM;
          while (*pos < len && g_ascii_isdigit (text[*pos]))
            {
              if (t.num < 99999)
                t.num = t.num * 10 + (text[*pos] - '0');
              t.n_digits++;
              (*pos)++;
              (*cp)++;
            }
          /* Letters glued to the digits: "15th", "1990s". */
          while (*pos < len && g_ascii_isalpha (text[*pos]))
            {
              if (n_suffix < sizeof t.lower - 1)
                t.lower[n_suffix++] = g_ascii_tolower (text[*pos]);
              (*pos)++;
              (*cp)++;
            }
        }
      else if (g_unichar_isalpha (ch))
        {
          gsize n_lower = 0;

          t.kind = TOK_WORD;
          t.cap = g_unichar_isupper (ch) || g_unichar_istitle (ch);
          while (*pos < len)
            {
              gunichar c = g_utf8_get_char_validated (text + *pos, len - *pos);
              char buf[6];
              int n;

              if (c == (gunichar) -1 || c == (gunichar) -2 || !g_unichar_isalpha (c))
                break;
              n = g_unichar_to_utf8 (g_unichar_tolower (c), buf);
              if (n_lower + n < sizeof t.lower - 1)
                {
                  memcpy (t.lower + n_lower, buf, n);
                  n_lower += n;
                }
              else
                {
                  /* Too long to be any of our words: make sure it matches none. */
                  t.lower[0] = '#';
                }
              *pos = g_utf8_next_char (text + *pos) - text;
              (*cp)++;
            }
          t.lower[n_lower] = '\0';
          if (t.lower[0] == '#')
            t.lower[1] = '\0';
          {
            const char *w = p;
            guint n_upper = 0, n_letters = 0;

            for (; w < text + *pos; w = g_utf8_next_char (w), n_letters++)
              n_upper += g_unichar_isupper (g_utf8_get_char (w)) ? 1 : 0;
            t.allcaps = n_letters >= 2 && n_upper == n_letters;
          }
        }
      else
        {
          t.kind = TOK_PUNCT;
          t.ch = ch;
          *pos = g_utf8_next_char (p) - text;
          (*cp)++;
        }
      t.end = *cp;
      g_array_append_val (toks, t);
    }
  return TRUE;
}

/* ------------------------------------------------------------ matchers -- */

static int
month_at (const Scan *s,
          guint       i,
          guint      *n_used)
{
  const Tok *t = tok (s, i);

  if (t == NULL || t->kind != TOK_WORD || !t->cap)
    return 0;
  for (guint m = 0; m < G_N_ELEMENTS (month_names); m++)
    if (strcmp (t->lower, month_names[m]) == 0)
      {
        *n_used = 1;
        return m + 1;
      }
  for (guint k = 0; k < G_N_ELEMENTS (month_abbrevs); k++)
    if (strcmp (t->lower, month_abbrevs[k].word) == 0)
      {
        *n_used = is_punct (s, i + 1, '.') && adjacent (s, i + 1) ? 2 : 1;
        return month_abbrevs[k].month;
      }
  return 0;
}

static gboolean
month_is_abbrev (const Scan *s,
                 guint       i)
{
  const Tok *t = tok (s, i);

  return t != NULL && strlen (t->lower) <= 4 && strcmp (t->lower, "june") != 0 &&
         strcmp (t->lower, "july") != 0 && strcmp (t->lower, "may") != 0;
}

static int
weekday_at (const Scan *s,
            guint       i)
{
  const Tok *t = tok (s, i);

  if (t == NULL || t->kind != TOK_WORD || !t->cap)
    return 0;
  for (guint d = 0; d < G_N_ELEMENTS (weekday_names); d++)
    if (strcmp (t->lower, weekday_names[d]) == 0)
      return d + 1;
  return 0;
}

static int
season_at (const Scan *s,
           guint       i)
{
  const Tok *t = tok (s, i);

  if (t == NULL || t->kind != TOK_WORD)
    return SEASON_NONE;
  if (strcmp (t->lower, "spring") == 0)
    return SEASON_SP;
  if (strcmp (t->lower, "summer") == 0)
    return SEASON_SU;
  if (strcmp (t->lower, "autumn") == 0 || strcmp (t->lower, "fall") == 0)
    return SEASON_FA;
  if (strcmp (t->lower, "winter") == 0)
    return SEASON_WI;
  return SEASON_NONE;
}

/* A number glued to the next tokens as part of a bigger number, a time or a
 * decimal: "2,000", "3.5", "20:13". */
static gboolean
number_continues (const Scan *s,
                  guint       i)
{
  const Tok *next = tok (s, i + 1);

  if (next == NULL || next->space_before || next->kind != TOK_PUNCT)
    return FALSE;
  if (next->ch == ':' || next->ch == '%')
    return TRUE;
  if ((next->ch == ',' || next->ch == '.') && adjacent (s, i + 2) &&
      tok (s, i + 2)->kind == TOK_NUM)
    return TRUE;
  return FALSE;
}

static gboolean
number_glued_before (const Scan *s,
                     guint       i)
{
  const Tok *prev;

  if (i == 0 || !adjacent (s, i))
    return FALSE;
  prev = tok (s, i - 1);
  if (prev->kind != TOK_PUNCT)
    return TRUE;   /* "A2013", "12013" */
  if (prev->ch == '$' || prev->ch == 0x20AC || prev->ch == 0x00A3 || prev->ch == 0x00A5 ||
      prev->ch == '#' || prev->ch == '+')
    return TRUE;
  if ((prev->ch == ',' || prev->ch == '.' || prev->ch == ':') && i >= 2 && adjacent (s, i - 1) &&
      tok (s, i - 2)->kind == TOK_NUM)
    return TRUE;
  return FALSE;
}

static gboolean
day_at (const Scan *s,
        guint       i,
        int        *day)
{
  const Tok *t = tok (s, i);

  if (t == NULL || t->kind != TOK_NUM || t->n_digits > 2 || t->num < 1 || t->num > 31)
    return FALSE;
  if (t->lower[0] != '\0' && strcmp (t->lower, "st") != 0 && strcmp (t->lower, "nd") != 0 &&
      strcmp (t->lower, "rd") != 0 && strcmp (t->lower, "th") != 0)
    return FALSE;
  if (number_continues (s, i) || number_glued_before (s, i))
    return FALSE;
  *day = t->num;
  return TRUE;
}

static gboolean
year_at (const Scan *s,
         guint       i,
         int        *year)
{
  const Tok *t = tok (s, i);

  if (t == NULL || t->kind != TOK_NUM || t->n_digits != 4 || t->lower[0] != '\0' ||
      t->num < 1000 || t->num > 2099)
    return FALSE;
  if (number_continues (s, i) || number_glued_before (s, i))
    return FALSE;
  *year = t->num;
  return TRUE;
}

/* "2022-07-15", "15/07/2022", "15.07.2022" */
static guint
match_numeric (const Scan *s,
               guint       i,
               DateVal    *val)
{
  const Tok *a = tok (s, i), *b = tok (s, i + 2), *c = tok (s, i + 4);
  gunichar sep;

  if (a == NULL || b == NULL || c == NULL || a->kind != TOK_NUM || b->kind != TOK_NUM ||
      c->kind != TOK_NUM || tok (s, i + 1)->kind != TOK_PUNCT)
    return 0;
  if (!adjacent (s, i + 1) || !adjacent (s, i + 2) || !adjacent (s, i + 3) || !adjacent (s, i + 4))
    return 0;
  if (a->lower[0] || b->lower[0] || c->lower[0] || number_glued_before (s, i))
    return 0;
  sep = tok (s, i + 1)->ch;
  if (!is_punct (s, i + 3, sep) || (sep != '-' && sep != '/' && sep != '.'))
    return 0;
  if (number_continues (s, i + 4))
    return 0;

  if (sep == '-' && a->n_digits == 4 && b->n_digits == 2 && c->n_digits == 2)
    {
      val->year = a->num, val->month = b->num, val->day = c->num;
    }
  else if (sep != '-' && a->n_digits <= 2 && b->n_digits <= 2 && c->n_digits == 4)
    {
      /* Day first, as the rest of the world writes it, unless that cannot be. */
      if (b->num > 12 && a->num <= 12)
        val->month = a->num, val->day = b->num;
      else
        val->day = a->num, val->month = b->num;
      val->year = c->num;
    }
  else
    return 0;

  if (val->year < 1000 || val->year > 2099 || !valid_ymd (val->year, val->month, val->day))
    return 0;
  return 5;
}

/* A year after a month or day: "[,] 2022". */
static guint
trailing_year (const Scan *s,
               guint       i,
               int        *year)
{
  if (year_at (s, i, year))
    return 1;
  if (is_punct (s, i, ',') && year_at (s, i + 1, year))
    return 2;
  return 0;
}

/* "15 July [2022]", "15th of July", "the 15th of July, 2022" */
static guint
match_day_month (const Scan *s,
                 guint       i,
                 DateVal    *val)
{
  guint j = i, n_month = 0, n_year;
  int day, month;
  gboolean the = FALSE;

  if (is_word (s, j, "the"))
    the = TRUE, j++;
  if (!day_at (s, j, &day))
    return 0;
  j++;
  if (is_word (s, j, "of"))
    j++;
  else if (the)
    return 0;
  month = month_at (s, j, &n_month);
  if (month == 0)
    return 0;
  j += n_month;
  n_year = trailing_year (s, j, &val->year);
  j += n_year;
  if (day > days_in_month (val->year, month))
    return 0;
  val->month = month;
  val->day = day;
  return j - i;
}

/* "July 15[, 2022]", "Feb. 4, 2021", "July 15th" */
static guint
match_month_day (const Scan *s,
                 guint       i,
                 DateVal    *val)
{
  guint n_month = 0, j;
  int month = month_at (s, i, &n_month), day;

  if (month == 0)
    return 0;
  j = i + n_month;
  if (!day_at (s, j, &day) || day > days_in_month (0, month))
    return 0;
  /* "May 15 people": a count after a bare "May 15" is no date. */
  if (tok (s, j + 1) != NULL && tok (s, j + 1)->kind == TOK_WORD &&
      WORD_IN (s, j + 1, count_words) && !tok (s, j + 1)->cap)
    return 0;
  j++;
  j += trailing_year (s, j, &val->year);
  val->month = month;
  val->day = day;
  return j - i;
}

/* "July 2022", "July of 2022", "June, 2019" */
static guint
match_month_year (const Scan *s,
                  guint       i,
                  DateVal    *val)
{
  guint n_month = 0, j;
  int month = month_at (s, i, &n_month);

  if (month == 0)
    return 0;
  j = i + n_month;
  if (is_word (s, j, "of"))
    j++;
  else if (is_punct (s, j, ','))
    j++;
  if (!year_at (s, j, &val->year))
    return 0;
  val->month = month;
  return j + 1 - i;
}

/* A month on its own: "in July". Months that are also names, verbs or
 * abbreviations need a word before them that only a date can follow. */
static guint
match_month_alone (const Scan *s,
                   guint       i,
                   DateVal    *val)
{
  guint n_month = 0;
  int month = month_at (s, i, &n_month);
  gboolean context;

  if (month == 0)
    return 0;
  if (month_is_abbrev (s, i))
    return 0;
  context = i > 0 && WORD_IN (s, i - 1, month_context_words) && !tok (s, i - 1)->cap;
  if (i > 0 && is_punct (s, i - 1, ','))
    context = i > 1 && month_at (s, i - 2, &n_month) != 0;
  if (!context)
    {
      if (month == 3 || month == 4 || month == 5 || month == 6 || month == 8)
        return 0;
      /* Capitalised word before: a name ("Operation July") or a sentence start. */
      if (i > 0 && tok (s, i - 1)->kind == TOK_WORD && tok (s, i - 1)->cap)
        return 0;
    }
  /* "in May Day", "in April Ryan's words": a capitalised word right after is a name. */
  if ((month == 4 || month == 5 || month == 6 || month == 8) &&
      tok (s, i + 1) != NULL && tok (s, i + 1)->kind == TOK_WORD && tok (s, i + 1)->cap &&
      month_at (s, i + 1, &n_month) == 0)
    return 0;
  val->month = month;
  return 1;
}

static guint
match_absolute (const Scan *s,
                guint       i,
                DateVal    *val);
static guint
match_relative (const Scan *s,
                guint       i,
                const Ref  *ref,
                DateVal    *val);

/* "New Year's Eve", "Christmas Day" */
static guint
match_holiday (const Scan *s,
               guint       i,
               DateVal    *val)
{
  guint j = i;

  if (is_word (s, j, "new") && tok (s, j)->cap && is_word (s, j + 1, "year") && tok (s, j + 1)->cap)
    {
      j += 2;
      if (is_apostrophe (s, j) && is_word (s, j + 1, "s"))
        j += 2;
      if (is_word (s, j, "eve") && tok (s, j)->cap)
        val->month = 12, val->day = 31;
      else if (is_word (s, j, "day") && tok (s, j)->cap)
        val->month = 1, val->day = 1;
      else
        return 0;
      return j + 1 - i;
    }
  if (is_word (s, j, "christmas") && tok (s, j)->cap)
    {
      if (is_word (s, j + 1, "eve") && tok (s, j + 1)->cap)
        val->month = 12, val->day = 24;
      else if (is_word (s, j + 1, "day") && tok (s, j + 1)->cap)
        val->month = 12, val->day = 25;
      else
        return 0;
      return 2;
    }
  return 0;
}

/* "summer 2020", "the summer of 1989", "spring of 2019" */
static guint
match_season_year (const Scan *s,
                   guint       i,
                   DateVal    *val)
{
  guint j = i;
  int season;

  if (is_word (s, j, "the"))
    j++;
  season = season_at (s, j);
  if (season == SEASON_NONE)
    return 0;
  j++;
  if (is_word (s, j, "of"))
    j++;
  if (!year_at (s, j, &val->year))
    return 0;
  val->part = season;
  return j + 1 - i;
}

/* "early 2020", "mid-2019", "late July", "the end of 2019", "the first half of 2020" */
static guint
match_modified (const Scan *s,
                guint       i,
                DateVal    *val)
{
  guint j = i, n;
  int half = 0, quarter = 0;
  static const char *ordinals[] = { "first", "second", "third", "fourth", "final" };

  if (is_word (s, j, "early") || is_word (s, j, "late") || is_word (s, j, "mid"))
    {
      j++;
      if (is_dash (s, j) && adjacent (s, j))
        j++;
      else if (is_word (s, i, "mid"))
        return 0;
    }
  else if (is_word (s, j, "the") &&
           (is_word (s, j + 1, "end") || is_word (s, j + 1, "beginning") ||
            is_word (s, j + 1, "start") || is_word (s, j + 1, "middle") ||
            is_word (s, j + 1, "turn")) &&
           is_word (s, j + 2, "of"))
    {
      j += 3;
    }
  else if (is_word (s, j, "the") && WORD_IN (s, j + 1, ordinals) &&
           (is_word (s, j + 2, "half") || is_word (s, j + 2, "quarter")) &&
           is_word (s, j + 3, "of"))
    {
      for (guint k = 0; k < G_N_ELEMENTS (ordinals); k++)
        if (is_word (s, j + 1, ordinals[k]))
          {
            gboolean last = k == G_N_ELEMENTS (ordinals) - 1;

            if (is_word (s, j + 2, "half"))
              half = last ? 2 : k + 1;
            else
              quarter = last ? 4 : k + 1;
          }
      if (half > 2)
        return 0;
      j += 4;
    }
  else
    return 0;

  if (is_word (s, i + 1, "turn") && is_word (s, j, "the") && is_word (s, j + 1, "century"))
    {
      val->unknown = TRUE;   /* which century, the text rarely says */
      return j + 2 - i;
    }

  /* What follows must be a year, a month (with or without year) or a season year. */
  {
    DateVal inner = { 0 };
    guint n_month = 0;

    n = match_month_year (s, j, &inner);
    if (n == 0)
      n = match_season_year (s, j, &inner);
    if (n == 0 && j > i + 2 && is_word (s, j, "the") &&
        (is_word (s, j + 1, "year") || is_word (s, j + 1, "month")))
      {
        /* "the end of the year": the document's year or month */
        if (!s->ref->valid)
          inner.unknown = TRUE;
        else
          {
            inner.year = s->ref->year;
            inner.month = is_word (s, j + 1, "month") ? s->ref->month : 0;
          }
        n = 2;
      }
    if (n == 0 && j > i + 2)
      n = match_relative (s, j, s->ref, &inner);
    if (n == 0 && year_at (s, j, &inner.year))
      n = 1;
    if (n == 0 && !month_is_abbrev (s, j) && (inner.month = month_at (s, j, &n_month)) != 0)
      n = 1;
    if (n > 0)
      {
        *val = inner;
        if ((half || quarter) && (inner.month != 0 || inner.part != 0 || inner.year == 0))
          return 0;
        if (half)
          g_snprintf (val->fixed, sizeof val->fixed, "%04d-H%d", inner.year, half);
        else if (quarter)
          g_snprintf (val->fixed, sizeof val->fixed, "%04d-Q%d", inner.year, quarter);
        return j + n - i;
      }
  }
  return 0;
}

/* "the 1990s", "the early eighties", "the ’90s", "mid-1990s", "the 1990’s" */
static guint
match_decade (const Scan *s,
              guint       i,
              DateVal    *val)
{
  guint j = i;
  gboolean the = FALSE, modifier = FALSE;
  const Tok *t;

  if (is_word (s, j, "the"))
    the = TRUE, j++;
  if (is_word (s, j, "early") || is_word (s, j, "late") || is_word (s, j, "mid"))
    {
      modifier = TRUE;
      j++;
      if (is_dash (s, j))
        j++;
    }
  t = tok (s, j);
  if (t == NULL)
    return 0;

  if (t->kind == TOK_NUM && t->n_digits == 4 && t->num >= 1000 && t->num <= 2099 &&
      t->num % 10 == 0 && !number_glued_before (s, j))
    {
      if (strcmp (t->lower, "s") == 0)
        j++;
      else if (t->lower[0] == '\0' && is_apostrophe (s, j + 1) && adjacent (s, j + 1) &&
               is_word (s, j + 2, "s") && adjacent (s, j + 2) && (the || modifier))
        j += 3;
      else
        return 0;
      if (t->num % 100 == 0 && t->num < 2000)
        g_snprintf (val->fixed, sizeof val->fixed, "%02dXX", t->num / 100);
      else
        g_snprintf (val->fixed, sizeof val->fixed, "%03dX", t->num / 10);
      return j - i;
    }

  if (is_apostrophe (s, j) && tok (s, j + 1) != NULL && tok (s, j + 1)->kind == TOK_NUM &&
      tok (s, j + 1)->n_digits == 2 && tok (s, j + 1)->num % 10 == 0 &&
      strcmp (tok (s, j + 1)->lower, "s") == 0 && adjacent (s, j + 1))
    {
      int n = tok (s, j + 1)->num;

      g_snprintf (val->fixed, sizeof val->fixed, "%d%dX", n >= 30 ? 19 : 20, n / 10);
      return j + 2 - i;
    }

  if (the && t->kind == TOK_WORD)
    for (guint k = 0; k < G_N_ELEMENTS (decade_words); k++)
      if (strcmp (t->lower, decade_words[k].word) == 0)
        {
          g_snprintf (val->fixed, sizeof val->fixed, "%dX", decade_words[k].decade);
          return j + 1 - i;
        }
  return 0;
}

/* "the 19th century", "the twentieth century" */
static guint
match_century (const Scan *s,
               guint       i,
               DateVal    *val)
{
  const Tok *t = tok (s, i + 1);
  int century = 0;
  guint j = i + 2;

  if (!is_word (s, i, "the") || t == NULL)
    return 0;
  if (t->kind == TOK_NUM && t->n_digits == 2 && (strcmp (t->lower, "th") == 0 || strcmp (t->lower, "st") == 0))
    century = t->num;
  else if (t->kind == TOK_WORD)
    {
      for (guint k = 0; k < G_N_ELEMENTS (century_words); k++)
        if (strcmp (t->lower, century_words[k].word) == 0)
          century = century_words[k].century;
      if (is_word (s, i + 1, "twenty") && is_dash (s, i + 2) && is_word (s, i + 3, "first"))
        century = 21, j = i + 4;
    }
  if (century < 10 || century > 21)
    return 0;
  if (is_dash (s, j))
    j++;
  if (!is_word (s, j, "century"))
    return 0;
  g_snprintf (val->fixed, sizeof val->fixed, "%02dXX", century - 1);
  return j + 1 - i;
}

/* A 4-digit number that is a year and not a count, amount, label or time. */
static guint
match_bare_year (const Scan *s,
                 guint       i,
                 DateVal    *val)
{
  const Tok *prev = i > 0 ? tok (s, i - 1) : NULL;
  const Tok *next = tok (s, i + 1);
  gboolean strong = FALSE, weak = FALSE;
  guint n_month = 0;
  int year, other;

  if (!year_at (s, i, &year))
    return 0;
  if (prev != NULL && prev->kind == TOK_WORD)
    {
      if (IN_LIST (prev->lower, number_label_words))
        return 0;
      strong = IN_LIST (prev->lower, year_context_words) || month_at (s, i - 1, &n_month) != 0;
      weak = IN_LIST (prev->lower, year_weak_context_words);
      /* "AF 1987", "Euro 2024", "Vision 2030": part of a name or a code. */
      if (!strong && !weak && (prev->allcaps || (prev->cap && i >= 2)))
        return 0;
    }
  if (prev != NULL && prev->kind == TOK_NUM)
    return 0;
  if (year < 1900 && !strong)
    return 0;

  if (next != NULL && next->kind == TOK_WORD && !adjacent (s, i + 1))
    {
      gsize len = strlen (next->lower);

      if (IN_LIST (next->lower, unit_words))
        return 0;
      if (!strong && IN_LIST (next->lower, count_words))
        return 0;
      if (!next->cap && !strong && len >= 4 && next->lower[len - 1] == 's' &&
          next->lower[len - 2] != 's' && !IN_LIST (next->lower, year_verb_words))
        return 0;
    }
  /* "from 2000 to 3000 troops": the other end is no year, so neither is this. */
  if (next != NULL && (is_dash (s, i + 1) || is_word (s, i + 1, "to") || is_word (s, i + 1, "and")) &&
      tok (s, i + 2) != NULL && tok (s, i + 2)->kind == TOK_NUM && tok (s, i + 2)->n_digits >= 3 &&
      !year_at (s, i + 2, &other))
    return 0;
  if (is_dash (s, i + 1) && adjacent (s, i + 1) && tok (s, i + 2) != NULL &&
      tok (s, i + 2)->kind == TOK_NUM && tok (s, i + 2)->n_digits == 1)
    return 0;   /* "2013-4" is a score or a code */

  val->year = year;
  return 1;
}

static guint
match_absolute (const Scan *s,
                guint       i,
                DateVal    *val)
{
  guint best = 0;
  guint (*matchers[]) (const Scan *, guint, DateVal *) = {
    match_numeric, match_day_month, match_month_day, match_month_year,
    match_season_year, match_modified, match_decade, match_century,
    match_month_alone, match_bare_year, match_holiday,
  };

  for (guint k = 0; k < G_N_ELEMENTS (matchers); k++)
    {
      DateVal v = { 0 };
      guint n = matchers[k] (s, i, &v);

      if (n > best)
        {
          best = n;
          *val = v;
        }
    }
  return best;
}

/* Fills what one end of a range leaves out from the other end. */
static void
complete_range (DateVal *left,
                DateVal *right)
{
  if (left->year == 0 && right->year != 0 && left->fixed[0] == '\0')
    left->year = right->year;
  if (left->day != 0 && left->month == 0)
    left->month = right->month;
}

/* "1980–1988", "2013-14", "from May to July 2021", "between 2010 and 2014",
 * "15–17 July 2022", "July 15-17, 2022" */
static guint
match_range (const Scan *s,
             guint       i,
             const Ref  *ref,
             char      **out_value,
             gboolean   *matched)
{
  guint j = i, nl, nr;
  gboolean from = FALSE, between = FALSE;
  DateVal left = { 0 }, right = { 0 };
  int day;

  *matched = FALSE;
  if (is_word (s, j, "from"))
    from = TRUE, j++;
  else if (is_word (s, j, "between"))
    between = TRUE, j++;

  nl = match_absolute (s, j, &left);
  if (nl == 0)
    {
      /* A bare day before a dash or "to": "15–17 July", "from 15 to 17 July". */
      if (!day_at (s, j, &day))
        return 0;
      left.day = day;
      nl = 1;
    }
  j += nl;

  if (between)
    {
      if (!is_word (s, j, "and"))
        return 0;
      j++;
    }
  else if (is_dash (s, j) || is_word (s, j, "to") || is_word (s, j, "until") ||
           is_word (s, j, "till") || is_word (s, j, "through") || is_word (s, j, "thru"))
    {
      if (!from && !is_dash (s, j))
        return 0;
      j++;
    }
  else
    return 0;

  nr = match_absolute (s, j, &right);
  if (nr == 0 && left.year != 0 && left.month == 0 && left.fixed[0] == '\0' &&
      is_dash (s, j - 1) && adjacent (s, j - 1) && adjacent (s, j) &&
      tok (s, j) != NULL && tok (s, j)->kind == TOK_NUM && tok (s, j)->n_digits == 2 &&
      tok (s, j)->lower[0] == '\0' && !number_continues (s, j))
    {
      /* "1980-88", "2013–14": the century of the first year. */
      right.year = left.year / 100 * 100 + tok (s, j)->num;
      if (right.year <= left.year)
        return 0;
      nr = 1;
    }
  else if (nr == 0 && left.month != 0 && left.day != 0 && day_at (s, j, &day))
    {
      /* "July 15-17, 2022" */
      right.month = left.month;
      right.day = day;
      nr = 1 + trailing_year (s, j + 1, &right.year);
    }
  if (nr == 0)
    return 0;
  /* Both ends must be of the same kind of thing: a bare day needs a month on the right. */
  if (left.month == 0 && left.day != 0 && right.month == 0)
    return 0;
  if (left.fixed[0] != '\0' || right.fixed[0] != '\0')
    {
      if (left.fixed[0] == '\0' || right.fixed[0] == '\0')
        return 0;
    }
  complete_range (&left, &right);
  if (right.year == 0 && left.year != 0 && right.fixed[0] == '\0')
    right.year = left.year;

  {
    g_autofree char *a = resolve (&left, ref);
    g_autofree char *b = resolve (&right, ref);

    *out_value = a != NULL && b != NULL ? g_strdup_printf ("%s/%s", a, b) : NULL;
  }
  *matched = TRUE;
  return j + nr - i;
}

static gboolean
quantity_at (const Scan *s,
             guint      *j,
             int        *qty)
{
  const Tok *t = tok (s, *j);

  if (t == NULL)
    return FALSE;
  if (t->kind == TOK_NUM && t->lower[0] == '\0' && t->n_digits <= 3 && !number_continues (s, *j))
    {
      *qty = t->num;
      (*j)++;
      return TRUE;
    }
  if (t->kind != TOK_WORD)
    return FALSE;
  if ((is_word (s, *j, "a") && is_word (s, *j + 1, "few")) || is_word (s, *j, "several") ||
      is_word (s, *j, "many") || is_word (s, *j, "few"))
    {
      *qty = -1;
      *j += is_word (s, *j, "a") ? 2 : 1;
      return TRUE;
    }
  if (is_word (s, *j, "a") && is_word (s, *j + 1, "couple") && is_word (s, *j + 2, "of"))
    {
      *qty = 2;
      *j += 3;
      return TRUE;
    }
  if (is_word (s, *j, "a") && is_word (s, *j + 1, "dozen"))
    {
      *qty = 12;
      *j += 2;
      return TRUE;
    }
  for (guint k = 0; k < G_N_ELEMENTS (number_words); k++)
    if (strcmp (t->lower, number_words[k].word) == 0)
      {
        *qty = number_words[k].value;
        (*j)++;
        /* "twenty-five", "twenty five" */
        if (*qty >= 20 && *qty < 100)
          {
            guint k2 = *j + (is_dash (s, *j) ? 1 : 0);

            for (guint m = 0; m < 9; m++)
              if (tok (s, k2) != NULL && strcmp (tok (s, k2)->lower, number_words[m + 2].word) == 0)
                {
                  *qty += number_words[m + 2].value;
                  *j = k2 + 1;
                  break;
                }
          }
        return TRUE;
      }
  return FALSE;
}

typedef enum { UNIT_NONE, UNIT_DAY, UNIT_WEEK, UNIT_MONTH, UNIT_YEAR, UNIT_DECADE, UNIT_CENTURY } Unit;

static Unit
unit_at (const Scan *s,
         guint       i)
{
  const Tok *t = tok (s, i);

  if (t == NULL || t->kind != TOK_WORD)
    return UNIT_NONE;
  if (strcmp (t->lower, "day") == 0 || strcmp (t->lower, "days") == 0)
    return UNIT_DAY;
  if (strcmp (t->lower, "week") == 0 || strcmp (t->lower, "weeks") == 0)
    return UNIT_WEEK;
  if (strcmp (t->lower, "month") == 0 || strcmp (t->lower, "months") == 0)
    return UNIT_MONTH;
  if (strcmp (t->lower, "year") == 0 || strcmp (t->lower, "years") == 0)
    return UNIT_YEAR;
  if (strcmp (t->lower, "decade") == 0 || strcmp (t->lower, "decades") == 0)
    return UNIT_DECADE;
  if (strcmp (t->lower, "century") == 0 || strcmp (t->lower, "centuries") == 0)
    return UNIT_CENTURY;
  return UNIT_NONE;
}

/* The value of "qty units" before (sign -1) or after the document date. */
static void
shift_value (const Ref *ref,
             int        qty,
             Unit       unit,
             int        sign,
             DateVal   *val)
{
  GDate d;

  if (!ref->valid || qty <= 0 || qty > 500)
    {
      val->unknown = TRUE;
      return;
    }
  d = ref->date;
  switch (unit)
    {
    case UNIT_DAY:
      if (sign < 0)
        g_date_subtract_days (&d, qty);
      else
        g_date_add_days (&d, qty);
      set_date (val, &d);
      break;
    case UNIT_WEEK:
      if (sign < 0)
        g_date_subtract_days (&d, qty * 7);
      else
        g_date_add_days (&d, qty * 7);
      format_week (&d, val->fixed, sizeof val->fixed);
      break;
    case UNIT_MONTH:
      if (sign < 0)
        g_date_subtract_months (&d, qty);
      else
        g_date_add_months (&d, qty);
      val->year = g_date_get_year (&d);
      val->month = g_date_get_month (&d);
      break;
    case UNIT_YEAR:
      val->year = ref->year + sign * qty;
      break;
    case UNIT_DECADE:
      val->year = ref->year + sign * qty * 10;
      break;
    case UNIT_CENTURY:
      val->year = ref->year + sign * qty * 100;
      break;
    case UNIT_NONE:
    default:
      val->unknown = TRUE;
      break;
    }
}

/* "about two weeks ago", "a year ago", "three days earlier", "a decade later" */
static guint
match_ago (const Scan *s,
           guint       i,
           const Ref  *ref,
           DateVal    *val)
{
  guint j = i;
  int qty = 0;
  Unit unit;

  while (WORD_IN (s, j, approx_words) ||
         ((is_word (s, j, "more") || is_word (s, j, "less")) && is_word (s, j + 1, "than")))
    j += is_word (s, j + 1, "than") ? 2 : 1;
  if (!quantity_at (s, &j, &qty))
    return 0;
  unit = unit_at (s, j);
  if (unit == UNIT_NONE)
    return 0;
  j++;
  if (is_word (s, j, "ago"))
    {
      if (qty < 0)
        val->unknown = TRUE;
      else
        shift_value (ref, qty, unit, -1, val);
    }
  else
    return 0;   /* "a year earlier", "three days later": relative to an event, and often a comparison */
  return j + 1 - i;
}

/* "today", "yesterday", "last year", "this summer", "earlier this month",
 * "next week", "last night", "the previous day" */
static guint
match_relative (const Scan *s,
                guint       i,
                const Ref  *ref,
                DateVal    *val)
{
  guint j = i;
  int shift = 0, season;
  guint n_month = 0;
  int month;
  Unit unit;

  if ((is_word (s, i, "earlier") || is_word (s, i, "later")) &&
      (is_word (s, i + 1, "today") || is_word (s, i + 1, "tonight")))
    {
      if (!ref->valid)
        val->unknown = TRUE;
      else
        set_date (val, &ref->date);
      return 2;
    }

  month = month_at (s, i, &n_month);
  if (month != 0 && !month_is_abbrev (s, i) &&
      (is_word (s, i + 1, "last") || is_word (s, i + 1, "this") || is_word (s, i + 1, "next")) &&
      is_word (s, i + 2, "year"))
    {
      if (!ref->valid)
        val->unknown = TRUE;
      else
        {
          val->month = month;
          val->year = ref->year + (is_word (s, i + 1, "last") ? -1 : is_word (s, i + 1, "next") ? 1 : 0);
        }
      return 3;
    }

  if (is_word (s, i, "the") && (is_word (s, i + 1, "weekend") || season_at (s, i + 1) != SEASON_NONE) &&
      !is_word (s, i + 2, "of") && !(tok (s, i + 2) != NULL && tok (s, i + 2)->kind == TOK_NUM))
    {
      /* "the weekend", "the summer": the last one, or the next in a sentence about the future. */
      Tense tense = tense_at (s, i);

      if (!ref->valid)
        {
          val->unknown = TRUE;
          return 2;
        }
      if (is_word (s, i + 1, "weekend"))
        {
          GDate d = ref->date;
          int wd = g_date_get_weekday (&d);

          if (tense == TENSE_FUTURE)
            {
              if (wd < 6)
                g_date_add_days (&d, 6 - wd);
              else if (wd == 7)
                g_date_subtract_days (&d, 1);
            }
          else if (wd == 7)
            g_date_subtract_days (&d, 1);
          else if (wd != 6)
            g_date_subtract_days (&d, wd + 1);
          format_week (&d, val->fixed, sizeof val->fixed);
          strcat (val->fixed, "-WE");
          return 2;
        }
      else
        {
          static const int starts[] = { 0, 3, 6, 9, 12 };
          int which = season_at (s, i + 1);
          int m = ref->month;

          val->part = which;
          if (which == SEASON_WI)
            val->year = tense == TENSE_FUTURE ? (m <= 2 ? ref->year - 1 : ref->year)
                                              : (m <= 2 ? ref->year - 1 : (m == 12 ? ref->year : ref->year - 1));
          else if (tense == TENSE_FUTURE)
            val->year = m < starts[which] + 3 ? ref->year : ref->year + 1;
          else
            val->year = m >= starts[which] ? ref->year : ref->year - 1;
          return 2;
        }
    }

  if (is_word (s, i, "today") || is_word (s, i, "tonight") || is_word (s, i, "yesterday") ||
      is_word (s, i, "tomorrow"))
    {
      GDate d = ref->date;

      /* "Today's" and "today" at any position; "Yesterday" as a song title is rare in news. */
      if (!ref->valid)
        val->unknown = TRUE;
      else
        {
          if (is_word (s, i, "yesterday"))
            g_date_subtract_days (&d, 1);
          else if (is_word (s, i, "tomorrow"))
            g_date_add_days (&d, 1);
          set_date (val, &d);
        }
      return 1;
    }

  if (is_word (s, i, "the") &&
      (is_word (s, i + 1, "previous") || is_word (s, i + 1, "following") ||
       is_word (s, i + 1, "next") || is_word (s, i + 1, "same")) &&
      (unit_at (s, i + 2) == UNIT_DAY || unit_at (s, i + 2) == UNIT_WEEK ||
       unit_at (s, i + 2) == UNIT_MONTH || unit_at (s, i + 2) == UNIT_YEAR ||
       is_word (s, i + 2, "morning") || is_word (s, i + 2, "evening") ||
       is_word (s, i + 2, "night") || is_word (s, i + 2, "weekend")))
    {
      if (g_str_has_suffix (tok (s, i + 2)->lower, "s"))
        return 0;
      val->unknown = TRUE;
      return 3;
    }

  if (is_word (s, j, "earlier") || is_word (s, j, "later"))
    {
      if (!is_word (s, j + 1, "this"))
        return 0;
      j++;
    }

  if (is_word (s, j, "last") || is_word (s, j, "past"))
    shift = -1;
  else if (is_word (s, j, "this"))
    shift = 0;
  else if (is_word (s, j, "next") || is_word (s, j, "coming"))
    shift = 1;
  else
    return 0;
  /* "past" only with "the": "the past week" is a duration, "past Tuesday" rare. */
  if (is_word (s, j, "past"))
    return 0;
  j++;

  if (j > i + 1 && shift != 0)
    return 0;   /* "earlier last year" */

  if (!ref->valid)
    val->unknown = TRUE;

  unit = unit_at (s, j);
  if (unit != UNIT_NONE && unit != UNIT_DECADE && unit != UNIT_CENTURY && !g_str_has_suffix (tok (s, j)->lower, "s"))
    {
      if (ref->valid)
        {
          GDate d = ref->date;

          switch (unit)
            {
            case UNIT_DAY:
              return 0;   /* "this day" */
            case UNIT_WEEK:
              if (shift < 0)
                g_date_subtract_days (&d, 7);
              else if (shift > 0)
                g_date_add_days (&d, 7);
              format_week (&d, val->fixed, sizeof val->fixed);
              break;
            case UNIT_MONTH:
              if (shift < 0)
                g_date_subtract_months (&d, 1);
              else if (shift > 0)
                g_date_add_months (&d, 1);
              val->year = g_date_get_year (&d);
              val->month = g_date_get_month (&d);
              break;
            case UNIT_YEAR:
              val->year = ref->year + shift;
              break;
            case UNIT_DECADE:
            case UNIT_CENTURY:
            case UNIT_NONE:
            default:
              break;
            }
        }
      return j + 1 - i;
    }

  if (is_word (s, j, "weekend"))
    {
      if (ref->valid)
        {
          GDate d = ref->date;
          int wd = g_date_get_weekday (&d);

          /* The Saturday of the weekend meant. */
          if (shift < 0)
            g_date_subtract_days (&d, wd == 7 ? 8 : wd + 1);
          else if (shift == 0)
            {
              if (wd < 6)
                g_date_add_days (&d, 6 - wd);
              else if (wd == 7)
                g_date_subtract_days (&d, 1);
            }
          else
            g_date_add_days (&d, 13 - wd);
          format_week (&d, val->fixed, sizeof val->fixed);
          strcat (val->fixed, "-WE");
        }
      return j + 1 - i;
    }

  if (is_word (s, j, "night") || is_word (s, j, "morning") || is_word (s, j, "afternoon") ||
      is_word (s, j, "evening"))
    {
      if (shift > 0 || (shift < 0 && !is_word (s, j, "night")))
        return 0;
      if (ref->valid)
        {
          GDate d = ref->date;

          if (shift < 0)
            g_date_subtract_days (&d, 1);
          set_date (val, &d);
        }
      return j + 1 - i;
    }

  season = season_at (s, j);
  if (season != SEASON_NONE)
    {
      if (ref->valid)
        {
          int year = ref->year, m = ref->month;
          /* The season we are in, or the next one of that name. */
          int start[] = { 0, 3, 6, 9, 12 };
          int this_year = season == SEASON_WI ? (m <= 2 ? year - 1 : year) : year;

          if (shift < 0)
            {
              if (season == SEASON_WI)
                this_year = m <= 2 ? year - 2 : (m == 12 ? year - 1 : year - 1);
              else
                this_year = m >= start[season] + 3 ? year : year - 1;
            }
          else if (shift > 0)
            {
              if (season == SEASON_WI)
                this_year = m <= 2 ? year : year + (m == 12 ? 1 : 0);
              else
                this_year = m < start[season] ? year : year + 1;
            }
          val->year = this_year;
          val->part = season;
        }
      return j + 1 - i;
    }

  month = month_at (s, j, &n_month);
  if (month != 0 && !month_is_abbrev (s, j))
    {
      if (ref->valid)
        {
          val->month = month;
          val->year = ref->year;
          if (shift < 0 && month >= ref->month)
            val->year--;
          else if (shift > 0 && month <= ref->month)
            val->year++;
        }
      return j + 1 - i;
    }

  return 0;
}

/* "Tuesday", "last Tuesday", "Tuesday night", "Tuesday, July 12[, 2022]" */
static guint
match_weekday (const Scan *s,
               guint       i,
               const Ref  *ref,
               DateVal    *val)
{
  guint j = i;
  int shift = 0, wd;

  if (is_word (s, j, "last"))
    shift = -1, j++;
  else if (is_word (s, j, "next"))
    shift = 1, j++;
  else if (is_word (s, j, "this"))
    shift = 2, j++;

  wd = weekday_at (s, j);
  if (wd == 0)
    return 0;
  if (j > 0 && adjacent (s, j) == FALSE && tok (s, j - 1) != NULL && j == i &&
      WORD_IN (s, j - 1, event_words_before_weekday) && tok (s, j - 1)->cap)
    return 0;
  /* "The Sunday Times", "the Monday Night Football": a name, not a day
   * ("on Monday Rama said" stays a day). */
  {
    const Tok *next = tok (s, j + 1);
    guint n_month = 0;

    if (j > 0 && is_word (s, j - 1, "the") && next != NULL && next->kind == TOK_WORD && next->cap &&
        month_at (s, j + 1, &n_month) == 0 && !is_word (s, j + 1, "morning") &&
        !is_word (s, j + 1, "afternoon") && !is_word (s, j + 1, "evening") && !is_word (s, j + 1, "night"))
      return 0;
  }
  j++;

  /* A full date after the weekday says more than the weekday. */
  {
    DateVal date = { 0 };
    guint k = j + (is_punct (s, j, ',') ? 1 : 0);
    guint n = match_day_month (s, k, &date);

    if (n == 0)
      n = match_month_day (s, k, &date);
    if (n == 0)
      n = match_numeric (s, k, &date);
    if (n > 0 && shift == 0)
      {
        *val = date;
        return k + n - i;
      }
  }

  if (is_word (s, j, "morning") || is_word (s, j, "afternoon") || is_word (s, j, "evening") ||
      is_word (s, j, "night"))
    j++;

  if (!ref->valid)
    {
      val->unknown = TRUE;
      return j - i;
    }
  {
    GDate d = ref->date;
    int ref_wd = g_date_get_weekday (&d);
    int back = (ref_wd - wd + 7) % 7;
    int fwd = (wd - ref_wd + 7) % 7;

    if (shift == 0 && tense_at (s, i) == TENSE_FUTURE)
      g_date_add_days (&d, fwd);
    else if (shift == 0)
      g_date_subtract_days (&d, back);
    else if (shift < 0)
      g_date_subtract_days (&d, back == 0 ? 7 : back);
    else if (shift == 1)
      g_date_add_days (&d, fwd == 0 ? 7 : fwd);
    else if (wd >= ref_wd)
      g_date_add_days (&d, wd - ref_wd);
    else
      g_date_subtract_days (&d, ref_wd - wd);
    set_date (val, &d);
  }
  return j - i;
}

/* The longest date expression starting at token i, or 0. */
static guint
match_at (const Scan *s,
          guint       i,
          char      **out_value)
{
  DateVal best_val = { 0 };
  guint best = 0;
  gboolean range_matched;
  char *range_value = NULL;
  guint n_range = match_range (s, i, s->ref, &range_value, &range_matched);

  if (range_matched)
    best = n_range;

  for (guint k = 0; k < 4; k++)
    {
      DateVal v = { 0 };
      guint n = 0;

      switch (k)
        {
        case 0: n = match_absolute (s, i, &v); break;
        case 1: n = match_relative (s, i, s->ref, &v); break;
        case 2: n = match_ago (s, i, s->ref, &v); break;
        default: n = match_weekday (s, i, s->ref, &v); break;
        }
      if (n > best)
        {
          best = n;
          best_val = v;
          range_matched = FALSE;
        }
    }

  if (best == 0)
    return 0;
  if (range_matched)
    {
      *out_value = range_value;
      return best;
    }
  g_free (range_value);
  if (best_val.year == 0 && best_val.month != 0 && best_val.part == SEASON_NONE &&
      best_val.fixed[0] == '\0' && !best_val.unknown && s->ref->valid)
    best_val.year = year_for (s->ref, tense_at (s, i), best_val.month, best_val.day);
  *out_value = resolve (&best_val, s->ref);
  return best;
}

/* ---------------------------------------------------------- public API -- */

void
dossier_date_span_clear (DossierDateSpan *span)
{
  g_clear_pointer (&span->value, g_free);
}

GArray *
dossier_dates_find (const char *text,
                    gint64      document_date)
{
  g_autoptr(GArray) toks = g_array_sized_new (FALSE, FALSE, sizeof (Tok), 256);
  g_autoptr(GByteArray) tenses = g_byte_array_new ();
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (DossierDateSpan));
  Ref ref = { 0 };
  gsize len, pos = 0;
  guint cp = 0;

  g_array_set_clear_func (spans, (GDestroyNotify) dossier_date_span_clear);
  if (text == NULL)
    return spans;

  if (document_date > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (document_date);

      if (dt != NULL)
        {
          ref.valid = TRUE;
          ref.year = g_date_time_get_year (dt);
          ref.month = g_date_time_get_month (dt);
          ref.day = g_date_time_get_day_of_month (dt);
          g_date_clear (&ref.date, 1);
          g_date_set_dmy (&ref.date, ref.day, ref.month, ref.year);
        }
    }

  len = strlen (text);
  while (next_chunk (text, len, &pos, &cp, toks))
    {
      Scan s = { (const Tok *) toks->data, toks->len, &ref, NULL };

      g_byte_array_set_size (tenses, toks->len + 1);
      s.tenses = tenses->data;
      find_tenses (&s);

      for (guint i = 0; i < s.n;)
        {
          char *value = NULL;
          guint n = match_at (&s, i, &value);

          if (n == 0)
            {
              i++;
              continue;
            }
          {
            DossierDateSpan span = { s.toks[i].start, s.toks[i + n - 1].end, value };

            g_array_append_val (spans, span);
          }
          i += n;
        }
    }
  return spans;
}
