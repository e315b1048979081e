/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-linker.c: in-document linking of names and the keys that link them
 * across the library.
 *
 * Owns the normalisation of names, the transliteration skeleton, acronym
 * definitions ("People's Mojahedin Organization of Iran (MEK)", "MEK (the
 * People's …)", "known as", "aka"), other names by apposition ("X, … better
 * known as Y", "X, or Y", "X (the Y)"), acronyms spelled by a name's
 * initials, shorter forms of an organization's name ("the Mojahedin"),
 * partial person names ("Rama" after "Edi Rama", "Saddam" beside "Saddam
 * Hussein"), spelling variants inside one document, and the repair of names
 * the tagger broke apart ("People" + "'s Mojahedin …"). It must not merge people
 * across documents on a surname: partial names never become keys or aliases,
 * only full names, acronyms defined in the text and long spelling variants do.
 * It never touches the store; dossier-store-entities.c resolves the keys. */
#define G_LOG_DOMAIN "dossier-linker"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-linker.h"

/* ------------------------------------------------------------- structs -- */

typedef struct {
  guint     span;          /* index into the spans array */
  char     *surface;       /* display name: text without "the" and possessive */
  char     *norm;
  GStrv     words;         /* norm split on spaces */
  guint     n_words;
  guint     parent;        /* union-find */
  gboolean  partial;       /* linked as a part of a longer person name */
  gboolean  acronym;       /* all capitals, defined in the text */
} Item;

typedef struct {
  GArray      *spans;
  GArray      *chars;      /* gunichar, the text decoded */
  Item        *items;
  guint        n_items;
  GHashTable  *acronyms;   /* norm of acronym → GUINT (item index of the long form) + 1 */
  GHashTable  *names;      /* norm of another name defined in the text → the same */
} Linker;

/* Longer than this and pairwise variant matching is skipped: it is quadratic. */
#define MAX_VARIANT_NAMES 1500
#define MIN_SKELETON_LETTERS 8
#define MIN_SKELETON_CONSONANTS 4

/* ------------------------------------------------------------- helpers -- */

static gboolean
is_apostrophe (gunichar ch)
{
  return ch == '\'' || ch == 0x2019 || ch == 0x2018 || ch == 0x02BC || ch == 0x0060 ||
         ch == 0x00B4 || ch == 0x02BB;
}

/* Letters that do not decompose into a base letter and a mark. */
static const char *
fold_special (gunichar ch)
{
  switch (ch)
    {
    case 0x0142: case 0x0141: return "l";   /* ł */
    case 0x00F8: case 0x00D8: return "o";   /* ø */
    case 0x0111: case 0x0110: return "d";   /* đ */
    case 0x00E6: case 0x00C6: return "ae";
    case 0x0153: case 0x0152: return "oe";
    case 0x0131: return "i";                /* dotless ı */
    case 0x00DF: return "ss";
    case 0x00FE: case 0x00DE: return "th";
    case 0x00F0: case 0x00D0: return "d";
    default: return NULL;
    }
}

/* A trailing possessive: "Rama's", "Rama’s", "Jesus'". */
static gsize
strip_possessive (const char *s,
                  gsize       len)
{
  const char *end = s + len;
  const char *p;

  if (len >= 3 && (end[-1] == 's' || end[-1] == 'S'))
    {
      p = g_utf8_find_prev_char (s, end - 1);
      if (p != NULL && is_apostrophe (g_utf8_get_char (p)) && p > s)
        return p - s;
    }
  if (len >= 3)
    {
      p = g_utf8_find_prev_char (s, end);
      if (p != NULL && is_apostrophe (g_utf8_get_char (p)) && p > s &&
          (p[-1] == 's' || p[-1] == 'S'))
        return p - s;
    }
  return len;
}

/* The text as written, without a leading lower-case "the" and a possessive. */
static char *
clean_surface (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  const char *s = stripped;
  gsize len;

  /* "the European Union" → "European Union"; "The Hague" and "The Times"
   * keep a capital "The" that is part of the name. */
  if (strncmp (s, "the ", 4) == 0 && s[4] != '\0')
    s += 4;
  /* "**People's Mojahedin …**": emphasis marks of plain-text markup */
  while (*s == '*' || *s == '_')
    s++;
  len = strlen (s);
  while (len > 0 && (s[len - 1] == '*' || s[len - 1] == '_'))
    len--;
  len = strip_possessive (s, len);
  return g_strndup (s, len);
}

static guint
find_root (Linker *l,
           guint   i)
{
  while (l->items[i].parent != i)
    {
      l->items[i].parent = l->items[l->items[i].parent].parent;
      i = l->items[i].parent;
    }
  return i;
}

static void
unite (Linker *l,
       guint   a,
       guint   b)
{
  guint ra = find_root (l, a), rb = find_root (l, b);

  if (ra != rb)
    l->items[MAX (ra, rb)].parent = MIN (ra, rb);
}

static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = NULL;

  if (la > 200 || lb > 200)
    return G_MAXUINT;
  row = g_new (guint, lb + 1);
  for (gsize j = 0; j <= lb; j++)
    row[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diag = row[0];

      row[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint up = row[j];
          guint best = diag + (a[i - 1] == b[j - 1] ? 0 : 1);

          best = MIN (best, row[j] + 1);
          best = MIN (best, row[j - 1] + 1);
          diag = up;
          row[j] = best;
        }
    }
  return row[lb];
}

static gboolean
is_vowel (char c)
{
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* ---------------------------------------------------------- public API -- */

char *
dossier_linker_normalize (const char *name)
{
  g_autofree char *stripped = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;
  const char *p;
  gsize len;
  gboolean space = TRUE;

  if (name == NULL)
    return g_strdup ("");

  stripped = g_utf8_make_valid (name, -1);
  g_strstrip (stripped);
  len = strip_possessive (stripped, strlen (stripped));
  stripped[len] = '\0';
  decomposed = g_utf8_normalize (stripped, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_strdup ("");

  out = g_string_new (NULL);
  for (p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);
      const char *special;

      if (g_unichar_ismark (ch) || is_apostrophe (ch) || ch == '.')
        continue;
      special = fold_special (ch);
      if (special != NULL)
        {
          g_string_append (out, special);
          space = FALSE;
        }
      else if (g_unichar_isalnum (ch))
        {
          char buf[8];
          g_autofree char *folded = NULL;
          int n = g_unichar_to_utf8 (ch, buf);

          folded = g_utf8_casefold (buf, n);
          g_string_append (out, folded);
          space = FALSE;
        }
      else if (!space)
        {
          /* hyphens, dashes, slashes, spaces and other punctuation separate words */
          g_string_append_c (out, ' ');
          space = TRUE;
        }
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  if (g_str_has_prefix (out->str, "the ") && out->len > 4)
    g_string_erase (out, 0, 4);
  return g_string_free (out, FALSE);
}

char *
dossier_linker_skeleton (const char *norm)
{
  GString *out;
  guint n_letters = 0, n_consonants = 0;
  char last = '\0';

  g_return_val_if_fail (norm != NULL, NULL);

  out = g_string_new ("~");
  for (const char *p = norm; *p != '\0'; p++)
    {
      char c = *p;

      if (c == ' ')
        {
          g_string_append_c (out, ' ');
          last = ' ';
          continue;
        }
      if (!g_ascii_isalpha (c))
        {
          /* Digits or letters outside a–z: no loose matching for such names. */
          g_string_free (out, TRUE);
          return NULL;
        }
      n_letters++;
      if (is_vowel (c))
        {
          gboolean word_end = p[1] == '\0' || p[1] == ' ';
          const char *q = p;

          /* A vowel run: one slot inside a word, its last letter at the end
           * ("Maria" and "Mario" stay apart). */
          while (is_vowel (q[1]))
            q++;
          word_end = q[1] == '\0' || q[1] == ' ';
          if (word_end)
            g_string_append_c (out, *q);
          else
            g_string_append_c (out, 'V');
          n_letters += q - p;
          p = q;
          last = 'V';
          continue;
        }
      /* Spelling habits of transliteration: ph = f, ck = k, dj = j. */
      if (c == 'p' && p[1] == 'h')
        c = 'f', p++, n_letters++;
      else if (c == 'c' && p[1] == 'k')
        c = 'k', p++, n_letters++;
      else if (c == 'd' && p[1] == 'j')
        c = 'j', p++, n_letters++;
      n_consonants++;
      if (c == last)
        continue;   /* doubled consonants */
      g_string_append_c (out, c);
      last = c;
    }
  if (n_letters < MIN_SKELETON_LETTERS || n_consonants < MIN_SKELETON_CONSONANTS)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

gboolean
dossier_linker_similar (const char *norm_a,
                        const char *norm_b)
{
  g_autofree char *ska = NULL;
  g_autofree char *skb = NULL;
  gsize longest;

  g_return_val_if_fail (norm_a != NULL && norm_b != NULL, FALSE);

  if (strcmp (norm_a, norm_b) == 0)
    return TRUE;
  ska = dossier_linker_skeleton (norm_a);
  skb = dossier_linker_skeleton (norm_b);
  if (ska == NULL || skb == NULL || strcmp (ska, skb) != 0)
    return FALSE;
  longest = MAX (strlen (norm_a), strlen (norm_b));
  return edit_distance (norm_a, norm_b) <= MAX (2, longest / 3);
}

/* ------------------------------------------------------------ acronyms -- */

static gboolean
is_acronym_text (const char *text)
{
  guint n_upper = 0, n_other = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (g_unichar_isupper (ch))
        n_upper++;
      else if (ch == '-' || ch == '&' || ch == '.' || g_unichar_isdigit (ch) || g_unichar_islower (ch))
        n_other++;
      else
        return FALSE;
    }
  /* "MEK", "PMOI", "NATO", "MeK", "U.S." */
  return n_upper >= 2 && n_upper + n_other <= 10 && n_upper > n_other;
}

static char *
chars_to_utf8 (GArray *chars,
               guint   start,
               guint   end)
{
  g_autoptr(GError) error = NULL;
  char *s;

  end = MIN (end, chars->len);
  if (start >= end)
    return g_strdup ("");
  s = g_ucs4_to_utf8 (&g_array_index (chars, gunichar, start), end - start, NULL, NULL, &error);
  return s != NULL ? s : g_strdup ("");
}

static GArray *
decode (const char *text)
{
  GArray *chars = g_array_sized_new (FALSE, FALSE, sizeof (gunichar), strlen (text) + 1);
  gsize len = strlen (text), pos = 0;

  /* Invalid bytes count as one character each, as in the tokenizer. */
  while (pos < len)
    {
      gunichar ch = g_utf8_get_char_validated (text + pos, len - pos);

      if (ch == (gunichar) -1 || ch == (gunichar) -2)
        {
          ch = 0xFFFD;
          pos++;
        }
      else
        pos = g_utf8_next_char (text + pos) - text;
      g_array_append_val (chars, ch);
    }
  return chars;
}

static gboolean
word_char (gunichar ch)
{
  return g_unichar_isalnum (ch);
}

/* The end of an acronym word starting at `start`, or `start` when none. */
static guint
acronym_word_end (GArray *chars,
                  guint   start)
{
  guint i = start;

  while (i < chars->len && (word_char (g_array_index (chars, gunichar, i)) ||
                            g_array_index (chars, gunichar, i) == '-' ||
                            g_array_index (chars, gunichar, i) == '&'))
    i++;
  return i;
}

/* Whether [start, end) overlaps one of the first `n_sorted` spans, which are
 * sorted by start and do not overlap each other. */
static gboolean
overlaps_span (GArray *spans,
               guint   n_sorted,
               guint   start,
               guint   end)
{
  guint lo = 0, hi = n_sorted;

  /* the first span starting at or after `end` */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (spans, DossierSpan, mid).start < end)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (guint i = lo; i > 0 && lo - i < 4; i--)
    if (g_array_index (spans, DossierSpan, i - 1).end > start)
      return TRUE;
  return FALSE;
}

static guint
skip_spaces (GArray *chars,
             guint   i)
{
  while (i < chars->len && g_unichar_isspace (g_array_index (chars, gunichar, i)))
    i++;
  return i;
}

static gboolean
chars_match_word (GArray     *chars,
                  guint       i,
                  const char *word)
{
  guint n = strlen (word);

  if (i + n > chars->len)
    return FALSE;
  for (guint k = 0; k < n; k++)
    if (g_unichar_tolower (g_array_index (chars, gunichar, i + k)) != (gunichar) word[k])
      return FALSE;
  return i + n == chars->len || !word_char (g_array_index (chars, gunichar, i + n));
}

typedef struct {
  guint long_span;
  char *acronym;      /* as written */
  guint acr_start;
  guint acr_end;
} Definition;

static void
definition_clear (Definition *d)
{
  g_free (d->acronym);
}

/* Definitions of acronyms and other names in the text around each span. */
static void
find_definitions (GArray *spans,
                  GArray *chars,
                  GArray *defs)
{
  for (guint i = 0; i < spans->len; i++)
    {
      DossierSpan *s = &g_array_index (spans, DossierSpan, i);
      guint j, end;

      if (s->type == DOSSIER_ENTITY_DATE)
        continue;

      /* LONG (ACR) / LONG (also known as ACR) / LONG, known as ACR / LONG, aka ACR */
      j = s->end;
      /* "*Mojahedin-e Khalq*, or …": emphasis marks of plain-text markup */
      while (j < chars->len && (g_array_index (chars, gunichar, j) == '*' || g_array_index (chars, gunichar, j) == '_'))
        j++;
      j = skip_spaces (chars, j);
      if (j < chars->len && (g_array_index (chars, gunichar, j) == '(' ||
                             g_array_index (chars, gunichar, j) == ','))
        {
          gboolean paren = g_array_index (chars, gunichar, j) == '(';
          gboolean the = FALSE;
          guint k = skip_spaces (chars, j + 1);

          if (!paren)
            {
              /* "LONG, the exiled group better known as the ACR": an
               * apposition up to "known as" in the same clause, never a
               * relative clause ("Rama, whose party is known as …"). */
              for (guint w = k; w < chars->len && w < k + 120; w++)
                {
                  gunichar ch = g_array_index (chars, gunichar, w);

                  if (strchr (".;:()\n", (int) ch) != NULL && ch < 128)
                    break;
                  if (w > 0 && word_char (g_array_index (chars, gunichar, w - 1)))
                    continue;
                  if (chars_match_word (chars, w, "whose") || chars_match_word (chars, w, "which") ||
                      chars_match_word (chars, w, "who") || chars_match_word (chars, w, "that") ||
                      chars_match_word (chars, w, "where"))
                    break;
                  if (chars_match_word (chars, w, "known") &&
                      chars_match_word (chars, skip_spaces (chars, w + 5), "as"))
                    {
                      k = w;
                      break;
                    }
                }
              /* "X, or Y,": two names of one organization side by side */
              if (chars_match_word (chars, k, "or") && s->type == DOSSIER_ENTITY_ORGANIZATION &&
                  !(i > 0 && g_array_index (spans, DossierSpan, i - 1).type != DOSSIER_ENTITY_DATE &&
                    skip_spaces (chars, g_array_index (spans, DossierSpan, i - 1).end) < chars->len &&
                    g_array_index (chars, gunichar, skip_spaces (chars, g_array_index (spans, DossierSpan, i - 1).end)) == ',' &&
                    skip_spaces (chars, skip_spaces (chars, g_array_index (spans, DossierSpan, i - 1).end) + 1) == s->start))
                {
                  guint y = skip_spaces (chars, k + 2);

                  if (chars_match_word (chars, y, "the"))
                    y = skip_spaces (chars, y + 3);
                  for (guint o = i + 1; o < spans->len; o++)
                    {
                      DossierSpan *t = &g_array_index (spans, DossierSpan, o);
                      guint after = skip_spaces (chars, t->end);

                      if (t->start != y)
                        {
                          if (t->start > y)
                            break;
                          continue;
                        }
                      if (t->type == DOSSIER_ENTITY_ORGANIZATION &&
                          (after >= chars->len || strchr (",.;)", (int) g_array_index (chars, gunichar, after)) != NULL))
                        {
                          Definition d = { i, chars_to_utf8 (chars, t->start, t->end), t->start, t->end };

                          g_array_append_val (defs, d);
                        }
                      break;
                    }
                  continue;
                }
            }
          if (chars_match_word (chars, k, "also"))
            k = skip_spaces (chars, k + 4);
          if (chars_match_word (chars, k, "known") && chars_match_word (chars, skip_spaces (chars, k + 5), "as"))
            k = skip_spaces (chars, skip_spaces (chars, k + 5) + 2);
          else if (chars_match_word (chars, k, "aka") || chars_match_word (chars, k, "a.k.a"))
            k = skip_spaces (chars, k + (chars_match_word (chars, k, "aka") ? 3 : 5));
          else if (!paren)
            continue;
          if (chars_match_word (chars, k, "the"))
            {
              k = skip_spaces (chars, k + 3);
              the = TRUE;
            }
          end = acronym_word_end (chars, k);
          if (end > k)
            {
              g_autofree char *word = chars_to_utf8 (chars, k, end);
              guint after = skip_spaces (chars, end);
              gboolean closed = after < chars->len &&
                                (paren ? g_array_index (chars, gunichar, after) == ')'
                                       : strchr (",.;)", (int) g_array_index (chars, gunichar, after)) != NULL);
              int other = -1;

              /* A span inside: "(the Mujahedin-e Khalq)", "known as the MEK" */
              for (guint o = i + 1; o < spans->len && other < 0; o++)
                {
                  DossierSpan *t = &g_array_index (spans, DossierSpan, o);

                  if (t->start >= k && t->start <= k + 4 && t->type != DOSSIER_ENTITY_DATE &&
                      t->start < (paren ? chars->len : k + 80))
                    other = o;
                  if (t->start > k + 4)
                    break;
                }
              if (closed && is_acronym_text (word) && (other < 0 ||
                                                      (g_array_index (spans, DossierSpan, other).end == end)))
                {
                  Definition d = { i, g_steal_pointer (&word), k, end };

                  g_array_append_val (defs, d);
                }
              else if (other >= 0 && (!paren || the) &&
                       (!paren || (skip_spaces (chars, g_array_index (spans, DossierSpan, other).end) < chars->len &&
                                   g_array_index (chars, gunichar,
                                                  skip_spaces (chars, g_array_index (spans, DossierSpan, other).end)) == ')')))
                {
                  /* "LONG, known as OTHER", "LONG (the OTHER)": any name, not only an acronym */
                  DossierSpan *t = &g_array_index (spans, DossierSpan, other);
                  Definition d = { i, chars_to_utf8 (chars, t->start, t->end), t->start, t->end };

                  g_array_append_val (defs, d);
                }
            }
          continue;
        }
    }

  /* ACR (the LONG …) */
  for (guint i = 0; i < spans->len; i++)
    {
      DossierSpan *s = &g_array_index (spans, DossierSpan, i);
      g_autofree char *word = NULL;
      guint j;

      if (s->type == DOSSIER_ENTITY_DATE)
        continue;
      word = chars_to_utf8 (chars, s->start, s->end);
      if (!is_acronym_text (word))
        continue;
      j = skip_spaces (chars, s->end);
      if (j >= chars->len || g_array_index (chars, gunichar, j) != '(')
        continue;
      j = skip_spaces (chars, j + 1);
      if (chars_match_word (chars, j, "the"))
        j = skip_spaces (chars, j + 3);
      for (guint o = i + 1; o < spans->len; o++)
        {
          DossierSpan *t = &g_array_index (spans, DossierSpan, o);

          if (t->start > j + 4)
            break;
          if (t->start >= j && t->type != DOSSIER_ENTITY_DATE)
            {
              guint after = skip_spaces (chars, t->end);

              if (after < chars->len && g_array_index (chars, gunichar, after) == ')')
                {
                  Definition d = { o, g_steal_pointer (&word), s->start, s->end };

                  g_array_append_val (defs, d);
                }
              break;
            }
        }
    }
}

static gint
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const DossierSpan *sa = a, *sb = b;

  if (sa->start != sb->start)
    return sa->start < sb->start ? -1 : 1;
  if (sa->end != sb->end)
    return sa->end < sb->end ? -1 : 1;
  return 0;
}

/* Every whole-word use of a defined acronym that no span covers becomes a
 * span of the long form's type: the tagger often misses them. */
static void
add_acronym_uses (GArray *spans,
                  GArray *chars,
                  GArray *defs)
{
  guint n_before = spans->len;

  for (guint d = 0; d < defs->len; d++)
    {
      Definition *def = &g_array_index (defs, Definition, d);
      g_autofree gunichar *acr = NULL;
      glong n = 0;
      DossierEntityType type = g_array_index (spans, DossierSpan, def->long_span).type;

      acr = g_utf8_to_ucs4_fast (def->acronym, -1, &n);
      if (n < 2 || !is_acronym_text (def->acronym))
        continue;
      for (guint i = 0; i + n <= chars->len; i++)
        {
          if (memcmp (&g_array_index (chars, gunichar, i), acr, n * sizeof (gunichar)) != 0)
            continue;
          if ((i > 0 && word_char (g_array_index (chars, gunichar, i - 1))) ||
              (i + n < chars->len && word_char (g_array_index (chars, gunichar, i + n))))
            continue;
          if (overlaps_span (spans, n_before, i, i + n))
            continue;
          {
            DossierSpan span = { i, i + n, type, NULL, NULL, NULL, NULL, NULL };

            g_array_append_val (spans, span);
          }
        }
    }
  if (spans->len != n_before)
    {
      /* Definitions point at indices: keep them valid by sorting only the new
       * spans in and renumbering through start offsets. */
      g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint64));

      for (guint d = 0; d < defs->len; d++)
        {
          DossierSpan *s = &g_array_index (spans, DossierSpan, g_array_index (defs, Definition, d).long_span);
          guint64 key = ((guint64) s->start << 32) | s->end;

          g_array_append_val (starts, key);
        }
      g_array_sort (spans, compare_spans);
      {
        g_autoptr(GHashTable) index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

        for (guint i = 0; i < spans->len; i++)
          {
            DossierSpan *s = &g_array_index (spans, DossierSpan, i);
            guint64 key = ((guint64) s->start << 32) | s->end;

            if (!g_hash_table_contains (index, &key))
              g_hash_table_insert (index, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (i));
          }
        for (guint d = 0; d < defs->len; d++)
          g_array_index (defs, Definition, d).long_span =
            GPOINTER_TO_UINT (g_hash_table_lookup (index, &g_array_index (starts, guint64, d)));
      }
    }
}

/* ------------------------------------------------------------- linking -- */

static gboolean
is_person_part (const Item *shorter,
                const Item *longer)
{
  guint k = 0;

  /* Ordered sub-sequence with the same last word: "Rama" ⊂ "Edi Rama",
   * "Rodham Clinton" ⊂ "Hillary Rodham Clinton", "George Bush" ⊂ "George W Bush". */
  if (shorter->n_words == 0 || shorter->n_words >= longer->n_words)
    return FALSE;
  if (strcmp (shorter->words[shorter->n_words - 1], longer->words[longer->n_words - 1]) != 0)
    return FALSE;
  for (guint i = 0; i < longer->n_words && k < shorter->n_words; i++)
    if (strcmp (longer->words[i], shorter->words[k]) == 0)
      k++;
  return k == shorter->n_words;
}

/* Words around a one-word name that only a person has: "Mr Rama", "Rama said". */
static gboolean
person_context (Linker            *l,
                const DossierSpan *s)
{
  static const char *before[] = { "mr", "mrs", "ms", "dr", "president", "minister", "premier", "senator",
                                  "chancellor", "general", "judge", "sir", "lady", "lord" };
  static const char *after[] = { "said", "says", "told", "added", "asked", "argued", "wrote", "insisted",
                                 "replied", "denied", "admitted", "himself", "herself", "who" };
  GString *word = g_string_new (NULL);
  gboolean found = FALSE;
  guint i;

  /* the word before, skipping spaces and a full stop */
  i = s->start;
  while (i > 0 && (g_unichar_isspace (g_array_index (l->chars, gunichar, i - 1)) ||
                   g_array_index (l->chars, gunichar, i - 1) == '.'))
    i--;
  {
    guint end = i;

    while (i > 0 && g_unichar_isalpha (g_array_index (l->chars, gunichar, i - 1)))
      i--;
    for (guint k = i; k < end; k++)
      g_string_append_unichar (word, g_unichar_tolower (g_array_index (l->chars, gunichar, k)));
    for (guint k = 0; k < G_N_ELEMENTS (before) && !found; k++)
      found = strcmp (word->str, before[k]) == 0;
  }

  /* the word after, skipping a comma and spaces */
  g_string_truncate (word, 0);
  i = s->end;
  while (i < l->chars->len && (g_unichar_isspace (g_array_index (l->chars, gunichar, i)) ||
                               g_array_index (l->chars, gunichar, i) == ','))
    i++;
  while (i < l->chars->len && g_unichar_isalpha (g_array_index (l->chars, gunichar, i)))
    g_string_append_unichar (word, g_unichar_tolower (g_array_index (l->chars, gunichar, i++)));
  for (guint k = 0; k < G_N_ELEMENTS (after) && !found; k++)
    found = strcmp (word->str, after[k]) == 0;
  g_string_free (word, TRUE);
  return found;
}

static void
link_partial_names (Linker *l)
{
  /* Full person names by their last word, each list by position. */
  g_autoptr(GHashTable) by_last = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) g_array_unref);

  for (guint j = 0; j < l->n_items; j++)
    {
      Item *full = &l->items[j];
      GArray *list;

      if (full->n_words < 2 || g_array_index (l->spans, DossierSpan, full->span).type != DOSSIER_ENTITY_PERSON)
        continue;
      list = g_hash_table_lookup (by_last, full->words[full->n_words - 1]);
      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (by_last, full->words[full->n_words - 1], list);
        }
      /* Many mentions of one name: one entry per distinct name is enough
       * for "nearest before", so collapse runs of the same norm. */
      if (list->len > 0 &&
          strcmp (l->items[g_array_index (list, guint, list->len - 1)].norm, full->norm) == 0 &&
          list->len > 64)
        g_array_index (list, guint, list->len - 1) = j;
      else
        g_array_append_val (list, j);
    }

  for (guint i = 0; i < l->n_items; i++)
    {
      Item *it = &l->items[i];
      DossierSpan *s = &g_array_index (l->spans, DossierSpan, it->span);
      int before = -1, after = -1;
      GArray *list;

      if (it->acronym || it->n_words == 0)
        continue;
      /* Only persons, or a one-word name the tagger typed otherwise; a
       * place only when the words around it say it is a person
       * ("Washington" after "Denzel Washington" is still the city). */
      if (s->type != DOSSIER_ENTITY_PERSON && it->n_words != 1)
        continue;
      if (s->type == DOSSIER_ENTITY_PLACE && !person_context (l, s))
        continue;
      list = g_hash_table_lookup (by_last, it->words[it->n_words - 1]);
      for (guint k = 0; list != NULL && k < list->len; k++)
        {
          guint j = g_array_index (list, guint, k);
          Item *full = &l->items[j];

          if (j == i)
            continue;
          if (!is_person_part (it, full))
            continue;
          if (j < i)
            before = j;          /* the nearest one before wins */
          else
            {
              after = j;
              break;
            }
        }
      if (before < 0 && after < 0)
        continue;
      it->partial = TRUE;
      s->type = DOSSIER_ENTITY_PERSON;
      unite (l, i, before >= 0 ? before : after);
    }

  /* A first name alone ("Saddam" beside "Saddam Hussein") is that person
   * when exactly one full name in the text starts with it and no full name
   * ends with it; like a surname it is never a key. Only spans the tagger
   * called a person: "Jordan" the country stays a place. */
  {
    /* first word → item index + 1 of the one full name, G_MAXUINT when several */
    g_autoptr(GHashTable) by_first = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint j = 0; j < l->n_items; j++)
      {
        Item *full = &l->items[j];
        gpointer found;

        if (full->n_words < 2 || g_array_index (l->spans, DossierSpan, full->span).type != DOSSIER_ENTITY_PERSON)
          continue;
        found = g_hash_table_lookup (by_first, full->words[0]);
        if (found == NULL)
          g_hash_table_insert (by_first, full->words[0], GUINT_TO_POINTER (j + 1));
        else if (GPOINTER_TO_UINT (found) != G_MAXUINT &&
                 strcmp (l->items[GPOINTER_TO_UINT (found) - 1].norm, full->norm) != 0 &&
                 find_root (l, GPOINTER_TO_UINT (found) - 1) != find_root (l, j))
          g_hash_table_insert (by_first, full->words[0], GUINT_TO_POINTER (G_MAXUINT));
      }
    for (guint i = 0; i < l->n_items; i++)
      {
        Item *it = &l->items[i];
        DossierSpan *s = &g_array_index (l->spans, DossierSpan, it->span);
        guint found;

        if (it->partial || it->acronym || it->n_words != 1 || s->type != DOSSIER_ENTITY_PERSON ||
            g_hash_table_contains (by_last, it->words[0]))
          continue;
        found = GPOINTER_TO_UINT (g_hash_table_lookup (by_first, it->words[0]));
        if (found == 0 || found == G_MAXUINT)
          continue;
        it->partial = TRUE;
        unite (l, i, found - 1);
      }
  }
}

static gboolean
acronym_fits (const Item *long_form,
              const char *acr_norm)
{
  if (long_form->n_words < 2)
    return FALSE;
  for (guint i = 0; i < long_form->n_words; i++)
    if (long_form->words[i][0] == acr_norm[0])
      return TRUE;
  return FALSE;
}

static void
link_definitions (Linker *l,
                  GArray *defs)
{
  g_autoptr(GHashTable) item_of_span = g_hash_table_new (NULL, NULL);

  g_autoptr(GHashTable) item_of_start = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < l->n_items; i++)
    {
      g_hash_table_insert (item_of_span, GUINT_TO_POINTER (l->items[i].span), GUINT_TO_POINTER (i + 1));
      g_hash_table_insert (item_of_start, GUINT_TO_POINTER (g_array_index (l->spans, DossierSpan, l->items[i].span).start),
                           GUINT_TO_POINTER (i + 1));
    }

  for (guint d = 0; d < defs->len; d++)
    {
      Definition *def = &g_array_index (defs, Definition, d);
      guint long_item = GPOINTER_TO_UINT (g_hash_table_lookup (item_of_span, GUINT_TO_POINTER (def->long_span)));
      g_autofree char *acr_norm = dossier_linker_normalize (def->acronym);

      if (long_item == 0 || *acr_norm == '\0')
        continue;
      long_item--;
      if (!is_acronym_text (def->acronym))
        {
          /* Another name of the same thing ("X, or Y", "X (the Y)", "better
           * known as Y"): either may be the longer one, neither is an acronym. */
          gpointer other = g_hash_table_lookup (item_of_start, GUINT_TO_POINTER (def->acr_start));

          if (other != NULL && GPOINTER_TO_UINT (other) - 1 != long_item &&
              g_array_index (l->spans, DossierSpan, l->items[GPOINTER_TO_UINT (other) - 1].span).type != DOSSIER_ENTITY_PERSON &&
              g_array_index (l->spans, DossierSpan, l->items[long_item].span).type != DOSSIER_ENTITY_PERSON)
            g_hash_table_replace (l->names, g_strdup (acr_norm), GUINT_TO_POINTER (long_item + 1));
          continue;
        }
      /* "Iran (MEK)" is a tagger's half name, not a definition: an acronym's
       * long form has several words, one of them starting with its first letter. */
      if (is_acronym_text (def->acronym) && !acronym_fits (&l->items[long_item], acr_norm))
        continue;
      /* The long form must be the longer one; "MEK (the People's …)" gives it either way. */
      if (strlen (l->items[long_item].norm) < strlen (acr_norm))
        continue;
      g_hash_table_replace (l->acronyms, g_steal_pointer (&acr_norm), GUINT_TO_POINTER (long_item + 1));
    }

  for (guint i = 0; i < l->n_items; i++)
    {
      gpointer found = g_hash_table_lookup (l->acronyms, l->items[i].norm);

      if (found != NULL && GPOINTER_TO_UINT (found) - 1 != i)
        {
          guint long_item = GPOINTER_TO_UINT (found) - 1;
          DossierSpan *s = &g_array_index (l->spans, DossierSpan, l->items[i].span);

          l->items[i].acronym = TRUE;
          s->type = g_array_index (l->spans, DossierSpan, l->items[long_item].span).type;
          unite (l, i, long_item);
        }
      found = g_hash_table_lookup (l->names, l->items[i].norm);
      if (found != NULL && GPOINTER_TO_UINT (found) - 1 != i)
        unite (l, i, GPOINTER_TO_UINT (found) - 1);
    }
}

static void
link_same_and_similar (Linker *l)
{
  g_autoptr(GHashTable) first = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) distinct = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < l->n_items; i++)
    {
      DossierSpan *s = &g_array_index (l->spans, DossierSpan, l->items[i].span);
      int type = s->type != DOSSIER_ENTITY_PERSON && l->items[i].n_words >= 2 ? -1 : (int) s->type;
      g_autofree char *k = g_strdup_printf ("%d:%s", type, l->items[i].norm);
      gpointer found = g_hash_table_lookup (first, k);

      if (found != NULL)
        unite (l, i, GPOINTER_TO_UINT (found) - 1);
      else
        {
          g_hash_table_insert (first, g_steal_pointer (&k), GUINT_TO_POINTER (i + 1));
          g_array_append_val (distinct, i);
        }
    }

  if (distinct->len > MAX_VARIANT_NAMES)
    return;
  {
    /* Only names with the same type and skeleton can be variants. */
    g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint a = 0; a < distinct->len; a++)
      {
        guint ia = g_array_index (distinct, guint, a);
        DossierSpan *sa = &g_array_index (l->spans, DossierSpan, l->items[ia].span);
        g_autofree char *skeleton = NULL;
        g_autofree char *group = NULL;
        gpointer other;
        int type = sa->type;

        if (l->items[ia].partial)
          continue;
        skeleton = dossier_linker_skeleton (l->items[ia].norm);
        if (skeleton == NULL)
          continue;
        /* The tagger calls one long name a place here, an organization
         * there ("Mujahedin-e Khalq"): only people are kept apart. */
        if (type != DOSSIER_ENTITY_PERSON && l->items[ia].n_words >= 2)
          type = -1;
        group = g_strdup_printf ("%d%s", type, skeleton);
        other = g_hash_table_lookup (groups, group);
        if (other == NULL)
          g_hash_table_insert (groups, g_steal_pointer (&group), GUINT_TO_POINTER (ia + 1));
        else if (dossier_linker_similar (l->items[GPOINTER_TO_UINT (other) - 1].norm, l->items[ia].norm))
          unite (l, ia, GPOINTER_TO_UINT (other) - 1);
      }
  }
}

static void
add_alias (GPtrArray  *aliases,
           const char *key,
           const char *alias)
{
  if (alias == NULL || *alias == '\0' || g_strcmp0 (alias, key) == 0)
    return;
  for (guint i = 0; i < aliases->len; i++)
    if (strcmp (g_ptr_array_index (aliases, i), alias) == 0)
      return;
  g_ptr_array_add (aliases, g_strdup (alias));
}

/* "ROMANIA", "EDI RAMA": a headline's capitals, not how the name is written. */
static gboolean
is_shouting (const char *surface)
{
  guint n_upper = 0;

  for (const char *p = surface; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (g_unichar_islower (ch))
        return FALSE;
      n_upper += g_unichar_isupper (ch) ? 1 : 0;
    }
  return n_upper >= 5;
}

/* Words an acronym skips: "Ministry of Intelligence", "Party for Freedom". */
static gboolean
is_function_word (const char *w)
{
  static const char *words[] = { "of", "the", "and", "for", "in", "on", "to", "de", "la", "le",
                                 "du", "des", "del", "di", "da", "und", "fur", "et", "y" };

  for (guint k = 0; k < G_N_ELEMENTS (words); k++)
    if (strcmp (w, words[k]) == 0)
      return TRUE;
  return FALSE;
}

/* Particles of Arabic and Persian names: an acronym may count them ("MEK" =
 * Mujahedin-e Khalq) or not ("AQAP" = al-Qaeda in the Arabian Peninsula). */
static gboolean
is_particle (const char *w)
{
  static const char *words[] = { "e", "i", "al", "el", "ul", "ut", "ud", "ad", "bin", "ibn", "bint" };

  for (guint k = 0; k < G_N_ELEMENTS (words); k++)
    if (strcmp (w, words[k]) == 0)
      return TRUE;
  return FALSE;
}

/* Whether the normalised acronym is the initials of the name's content
 * words, with or without its particles. */
gboolean
dossier_linker_initials_match (const char *acr_norm,
                               const char *name_norm)
{
  g_auto(GStrv) words = g_strsplit (name_norm, " ", -1);
  guint n_words = g_strv_length (words);

  if (n_words < 2 || strlen (acr_norm) < 2 || strchr (acr_norm, ' ') != NULL)
    return FALSE;
  for (int with_particles = 0; with_particles < 2; with_particles++)
    {
      GString *initials = g_string_new (NULL);
      gboolean same;

      for (guint k = 0; k < n_words; k++)
        {
          if (*words[k] == '\0' || is_function_word (words[k]))
            continue;
          if (!with_particles && is_particle (words[k]))
            continue;
          g_string_append_c (initials, words[k][0]);
        }
      same = strcmp (initials->str, acr_norm) == 0;
      g_string_free (initials, TRUE);
      if (same)
        return TRUE;
    }
  return FALSE;
}

/* "MEK" after "Mujahedin-e Khalq", "EU" after "European Union": an acronym
 * written in the text next to one name whose initials it spells is that
 * name. Two different names with those initials make it ambiguous: it stays
 * alone. Never a person's name. */
static void
link_acronym_initials (Linker *l)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  /* acronym norm → item index + 1 of its one name, G_MAXUINT when none or several */
  g_autoptr(GHashTable) result = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) fulls = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint j = 0; j < l->n_items; j++)
    {
      Item *full = &l->items[j];

      if (full->n_words < 2 || g_array_index (l->spans, DossierSpan, full->span).type == DOSSIER_ENTITY_PERSON ||
          g_hash_table_contains (seen, full->norm))
        continue;
      g_hash_table_add (seen, full->norm);
      g_array_append_val (fulls, j);
    }
  if (fulls->len > MAX_VARIANT_NAMES)
    return;

  for (guint i = 0; i < l->n_items; i++)
    {
      Item *it = &l->items[i];
      DossierSpan *s = &g_array_index (l->spans, DossierSpan, it->span);
      gpointer cached;
      guint match = G_MAXUINT;

      if (it->n_words != 1 || s->type == DOSSIER_ENTITY_PERSON || !is_acronym_text (it->surface))
        continue;
      cached = g_hash_table_lookup (result, it->norm);
      if (cached != NULL)
        match = GPOINTER_TO_UINT (cached) == G_MAXUINT ? G_MAXUINT : GPOINTER_TO_UINT (cached) - 1;
      else
        {
          gboolean ambiguous = FALSE;

          for (guint f = 0; f < fulls->len && !ambiguous; f++)
            {
              guint j = g_array_index (fulls, guint, f);

              if (!dossier_linker_initials_match (it->norm, l->items[j].norm))
                continue;
              if (match == G_MAXUINT)
                match = j;
              else if (find_root (l, j) != find_root (l, match) &&
                       !dossier_linker_similar (l->items[j].norm, l->items[match].norm))
                ambiguous = TRUE;
            }
          if (ambiguous)
            match = G_MAXUINT;
          g_hash_table_insert (result, it->norm, GUINT_TO_POINTER (match == G_MAXUINT ? G_MAXUINT : match + 1));
        }
      if (match != G_MAXUINT)
        {
          it->acronym = TRUE;
          unite (l, i, match);
        }
    }
}

/* Words too common to stand for one organization on their own. */
static gboolean
is_generic_word (const char *w)
{
  static const char *words[] = {
    "organization", "organisation", "ministry", "council", "party", "front", "movement", "army",
    "union", "league", "committee", "agency", "bank", "university", "institute", "department",
    "office", "court", "assembly", "federation", "association", "foundation", "church", "bureau",
    "service", "services", "academy", "commission", "group", "national", "international", "state",
    "states", "united", "federal", "central", "general", "security", "republic", "islamic",
    "democratic", "peoples", "people", "new", "north", "south", "east", "west", "world", "government",
    "police", "forces", "resistance", "intelligence", "information", "house", "white",
  };

  if (strlen (w) < 4 || is_function_word (w) || is_particle (w))
    return TRUE;
  for (guint k = 0; k < G_N_ELEMENTS (words); k++)
    if (strcmp (w, words[k]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
same_word (const char *a,
           const char *b)
{
  gsize la = strlen (a), lb = strlen (b);

  /* Spelling variants of one long word: "Mojahedin" / "Mujahedin". */
  if (strcmp (a, b) == 0)
    return TRUE;
  return la >= 6 && lb >= 6 && a[0] == b[0] && edit_distance (a, b) <= 2;
}

/* "the Mojahedin" after "People's Mojahedin Organization of Iran": a shorter
 * form made of consecutive words of one earlier organization name, with a
 * word that is neither generic ("Organization", "Ministry") nor a place or
 * person named in the text ("Iran"). Fits two different names: left alone. */
static void
link_short_forms (Linker *l)
{
  g_autoptr(GHashTable) other_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  /* short norm → item index + 1 of its long name, G_MAXUINT when none or several */
  g_autoptr(GHashTable) result = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) fulls = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint j = 0; j < l->n_items; j++)
    {
      Item *full = &l->items[j];
      DossierEntityType t = g_array_index (l->spans, DossierSpan, full->span).type;

      if (t == DOSSIER_ENTITY_PLACE || t == DOSSIER_ENTITY_PERSON)
        for (guint k = 0; k < full->n_words; k++)
          g_hash_table_add (other_names, full->words[k]);
      if (t == DOSSIER_ENTITY_ORGANIZATION && full->n_words >= 2 && !g_hash_table_contains (seen, full->norm))
        {
          g_hash_table_add (seen, full->norm);
          g_array_append_val (fulls, j);
        }
    }
  if (fulls->len > MAX_VARIANT_NAMES)
    return;

  for (guint i = 0; i < l->n_items; i++)
    {
      Item *it = &l->items[i];
      DossierSpan *s = &g_array_index (l->spans, DossierSpan, it->span);
      gboolean distinctive = FALSE;
      gpointer cached;
      guint match = G_MAXUINT;

      if (it->acronym || it->partial || it->n_words == 0 ||
          (s->type != DOSSIER_ENTITY_ORGANIZATION && s->type != DOSSIER_ENTITY_MISC))
        continue;
      cached = g_hash_table_lookup (result, it->norm);
      if (cached != NULL)
        match = GPOINTER_TO_UINT (cached) == G_MAXUINT ? G_MAXUINT : GPOINTER_TO_UINT (cached) - 1;
      else
        {
          gboolean ambiguous = FALSE;

          for (guint k = 0; k < it->n_words; k++)
            if (!is_generic_word (it->words[k]) && !g_hash_table_contains (other_names, it->words[k]))
              distinctive = TRUE;
          /* Only a longer name met before this first use; names with the
           * words as written beat spelling variants ("Mojahedin" is the
           * People's Mojahedin … before the Mujahedin-e Khalq). */
          for (int exact = 1; exact >= 0 && match == G_MAXUINT && !ambiguous; exact--)
            for (guint f = 0; distinctive && f < fulls->len && !ambiguous; f++)
              {
                guint j = g_array_index (fulls, guint, f);
                Item *full = &l->items[j];
                gboolean inside = FALSE;

                if (j >= i)
                  break;
                if (full->n_words <= it->n_words)
                  continue;
                for (guint start = 0; start + it->n_words <= full->n_words && !inside; start++)
                  {
                    guint k = 0;

                    while (k < it->n_words &&
                           (exact ? strcmp (it->words[k], full->words[start + k]) == 0
                                  : same_word (it->words[k], full->words[start + k])))
                      k++;
                    inside = k == it->n_words;
                  }
                if (!inside)
                  continue;
                if (match == G_MAXUINT)
                  match = j;
                else if (find_root (l, j) != find_root (l, match))
                  ambiguous = TRUE;
              }
          if (ambiguous)
            match = G_MAXUINT;
          g_hash_table_insert (result, it->norm, GUINT_TO_POINTER (match == G_MAXUINT ? G_MAXUINT : match + 1));
        }
      if (match != G_MAXUINT)
        {
          it->partial = TRUE;
          s->type = DOSSIER_ENTITY_ORGANIZATION;
          unite (l, i, match);
        }
    }
}

/* Chooses each group's name and key, gathers its aliases, writes the spans. */
static void
write_groups (Linker *l)
{
  g_autofree guint *best = g_new (guint, l->n_items);
  g_autofree guint *votes = NULL;
  g_autofree DossierEntityType *group_type = g_new0 (DossierEntityType, l->n_items);
  g_autoptr(GHashTable) aliases_of = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < l->n_items; i++)
    best[i] = G_MAXUINT;
  for (guint i = 0; i < l->n_items; i++)
    {
      guint r = find_root (l, i);
      Item *it = &l->items[i];
      Item *cur = best[r] == G_MAXUINT ? NULL : &l->items[best[r]];

      /* The fullest name: most words, then written in normal case (not a
       * headline's capitals), then first seen; never an acronym when a long
       * form exists. */
      if (cur == NULL ||
          (cur->acronym && !it->acronym) ||
          (cur->acronym == it->acronym &&
           (it->n_words > cur->n_words ||
            (it->n_words == cur->n_words && is_shouting (cur->surface) && !is_shouting (it->surface)))))
        best[r] = i;
    }

  for (guint i = 0; i < l->n_items; i++)
    {
      guint r = find_root (l, i);
      Item *canon = &l->items[best[r]];
      GPtrArray *aliases = g_hash_table_lookup (aliases_of, GUINT_TO_POINTER (r));
      Item *it = &l->items[i];
      g_autofree char *skeleton = NULL;

      if (aliases == NULL)
        {
          aliases = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (aliases_of, GUINT_TO_POINTER (r), aliases);
          skeleton = dossier_linker_skeleton (canon->norm);
          add_alias (aliases, canon->norm, skeleton);
        }
      if (!it->partial)
        {
          g_autofree char *own_skeleton = dossier_linker_skeleton (it->norm);

          add_alias (aliases, canon->norm, it->norm);
          add_alias (aliases, canon->norm, own_skeleton);
        }
    }

  /* A group's type is the one most of its mentions have ("MEK" ×5 as an
   * organization outvotes one "Mujahedin-e Khalq" tagged a place); a tie
   * goes to the full name's. */
  votes = g_new0 (guint, (gsize) l->n_items * DOSSIER_N_ENTITY_TYPES);
  for (guint i = 0; i < l->n_items; i++)
    votes[find_root (l, i) * DOSSIER_N_ENTITY_TYPES + g_array_index (l->spans, DossierSpan, l->items[i].span).type]++;
  for (guint i = 0; i < l->n_items; i++)
    {
      guint r = find_root (l, i);
      DossierEntityType t;

      if (r != i)
        continue;
      group_type[r] = g_array_index (l->spans, DossierSpan, l->items[best[r]].span).type;
      for (t = 0; t < DOSSIER_ENTITY_DATE; t++)
        if (votes[r * DOSSIER_N_ENTITY_TYPES + t] > votes[r * DOSSIER_N_ENTITY_TYPES + group_type[r]])
          group_type[r] = t;
    }

  for (guint i = 0; i < l->n_items; i++)
    {
      guint r = find_root (l, i);
      Item *canon = &l->items[best[r]];
      DossierSpan *s = &g_array_index (l->spans, DossierSpan, l->items[i].span);
      GPtrArray *aliases = g_hash_table_lookup (aliases_of, GUINT_TO_POINTER (r));

      g_free (s->name);
      g_free (s->key);
      g_strfreev (s->aliases);
      s->name = g_strdup (canon->surface);
      s->key = g_strdup (canon->norm);
      s->type = group_type[r];
      s->aliases = NULL;
      if (aliases->len > 0)
        {
          s->aliases = g_new0 (char *, aliases->len + 1);
          for (guint k = 0; k < aliases->len; k++)
            s->aliases[k] = g_strdup (g_ptr_array_index (aliases, k));
        }
    }
}

/* -------------------------------------------------------- span repair -- */

/* Last words that make an organization's name go on with "of" + a place:
 * "… Organization of Iran", "… Council of Europe". */
static const char *org_heads[] = {
  "organization", "organisation", "council", "ministry", "party", "front", "movement", "army",
  "union", "league", "committee", "agency", "bank", "university", "institute", "department",
  "office", "court", "assembly", "federation", "association", "foundation", "church", "bureau",
  "service", "academy", "commission", "guard", "guards", "forces", "police",
};

static gboolean
gap_is (GArray     *chars,
        guint       start,
        guint       end,
        const char *pattern)
{
  guint n = strlen (pattern);

  /* `pattern` is ASCII; "'" stands for any apostrophe, " " for one space. */
  if (end - start != n)
    return FALSE;
  for (guint k = 0; k < n; k++)
    {
      gunichar ch = g_array_index (chars, gunichar, start + k);

      if (pattern[k] == '\'' ? !is_apostrophe (ch) :
          pattern[k] == ' ' ? !g_unichar_isspace (ch) :
          g_unichar_tolower (ch) != (gunichar) pattern[k])
        return FALSE;
    }
  return TRUE;
}

static gboolean
ends_with_particle (GArray *chars,
                    guint   start,
                    guint   end)
{
  /* "Mujahedin-e", "Hizb-ut", "Ansar-al": a hyphen and a short particle. */
  static const char *particles[] = { "-e", "-i", "-al", "-el", "-ul", "-ut", "-ud", "-ad" };

  for (guint k = 0; k < G_N_ELEMENTS (particles); k++)
    {
      guint n = strlen (particles[k]);

      if (end - start > n + 1 && gap_is (chars, end - n, end, particles[k]))
        return TRUE;
    }
  return FALSE;
}

static gboolean
last_word_is_head (GArray *chars,
                   guint   start,
                   guint   end)
{
  g_autofree char *text = chars_to_utf8 (chars, start, end);
  g_autofree char *norm = dossier_linker_normalize (text);
  const char *last = strrchr (norm, ' ');

  last = last != NULL ? last + 1 : norm;
  for (guint k = 0; k < G_N_ELEMENTS (org_heads); k++)
    if (strcmp (last, org_heads[k]) == 0)
      return TRUE;
  return FALSE;
}

/* How many spans have each text: a name that is a span of its own
 * elsewhere is counted more than once. */
static GHashTable *
count_span_texts (GArray *spans,
                  GArray *chars)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint k = 0; k < spans->len; k++)
    {
      DossierSpan *b = &g_array_index (spans, DossierSpan, k);
      char *t;

      if (b->type == DOSSIER_ENTITY_DATE || b->end > chars->len || b->start >= b->end)
        continue;
      t = chars_to_utf8 (chars, b->start, b->end);
      g_hash_table_replace (counts, t, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, t)) + 1));
    }
  return counts;
}

static gboolean
named_elsewhere (GHashTable *counts,
                 GArray     *chars,
                 DossierSpan *a)
{
  g_autofree char *t = chars_to_utf8 (chars, a->start, a->end);

  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, t)) > 1;
}

void
dossier_linker_repair_spans (GArray     *spans,
                             const char *text)
{
  g_autoptr(GArray) chars = NULL;
  g_autoptr(GHashTable) counts = NULL;

  g_return_if_fail (spans != NULL);
  g_return_if_fail (text != NULL);

  g_array_sort (spans, compare_spans);
  chars = decode (text);
  counts = count_span_texts (spans, chars);
  for (guint i = 0; i + 1 < spans->len;)
    {
      DossierSpan *a = &g_array_index (spans, DossierSpan, i);
      DossierSpan *b = &g_array_index (spans, DossierSpan, i + 1);
      gboolean join = FALSE;
      DossierEntityType type;

      if (a->type == DOSSIER_ENTITY_DATE || b->type == DOSSIER_ENTITY_DATE ||
          a->end > b->start || b->end > chars->len || b->start >= b->end ||
          !g_unichar_isupper (g_array_index (chars, gunichar, b->start)))
        {
          i++;
          continue;
        }
      /* A possessive is usually an owner ("Albania's prime minister", "Iran's
       * Ministry …"): only a piece of the same type that is no name anywhere
       * else in the text is a broken name ("People" + "'s Mojahedin …"). */
      if (gap_is (chars, a->end, b->start, "'s "))
        join = a->type == b->type && !named_elsewhere (counts, chars, a);
      else if (gap_is (chars, a->end, b->start, "-") || gap_is (chars, a->end, b->start, "-e-") ||
               gap_is (chars, a->end, b->start, "-e ") || gap_is (chars, a->end, b->start, "-i-") ||
               gap_is (chars, a->end, b->start, " al-") || gap_is (chars, a->end, b->start, "-al-") ||
               gap_is (chars, a->end, b->start, "-ul-"))
        join = TRUE;
      else if (gap_is (chars, a->end, b->start, " "))
        join = ends_with_particle (chars, a->start, a->end);
      else if (gap_is (chars, a->end, b->start, " of "))
        join = a->type == DOSSIER_ENTITY_ORGANIZATION && b->type == DOSSIER_ENTITY_PLACE &&
               last_word_is_head (chars, a->start, a->end);
      if (!join)
        {
          i++;
          continue;
        }
      /* The longer piece knows the type better; an "of" place keeps the organization's. */
      type = b->end - b->start > a->end - a->start && a->type != DOSSIER_ENTITY_ORGANIZATION ? b->type : a->type;
      a->end = b->end;
      a->type = type;
      g_clear_pointer (&a->text, g_free);
      g_array_remove_index (spans, i + 1);
    }
}

void
dossier_linker_link (GArray     *spans,
                     const char *text)
{
  g_autoptr(GArray) chars = NULL;
  g_autoptr(GArray) defs = g_array_new (FALSE, FALSE, sizeof (Definition));
  Linker l = { 0 };

  g_return_if_fail (spans != NULL);
  g_return_if_fail (text != NULL);

  g_array_set_clear_func (defs, (GDestroyNotify) definition_clear);
  g_array_sort (spans, compare_spans);
  chars = decode (text);

  /* Spans outside the text (a caller's mistake) are dropped, not trusted. */
  for (guint i = spans->len; i > 0; i--)
    {
      DossierSpan *s = &g_array_index (spans, DossierSpan, i - 1);

      if (s->end > chars->len || s->start >= s->end)
        g_array_remove_index (spans, i - 1);
    }

  find_definitions (spans, chars, defs);
  {
    /* A long text repeats its definitions: the first of each is enough. */
    g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint d = 0; d < defs->len;)
      {
        Definition *def = &g_array_index (defs, Definition, d);

        if (g_hash_table_contains (seen, def->acronym))
          g_array_remove_index (defs, d);
        else
          {
            g_hash_table_add (seen, def->acronym);
            d++;
          }
      }
  }
  add_acronym_uses (spans, chars, defs);

  for (guint i = 0; i < spans->len; i++)
    {
      DossierSpan *s = &g_array_index (spans, DossierSpan, i);

      if (s->text == NULL)
        s->text = chars_to_utf8 (chars, s->start, s->end);
    }

  /* Names with nothing to link by ("—", "'s") are no mentions. */
  for (guint i = spans->len; i > 0; i--)
    {
      DossierSpan *s = &g_array_index (spans, DossierSpan, i - 1);
      g_autofree char *norm = NULL;

      if (s->type == DOSSIER_ENTITY_DATE)
        continue;
      norm = dossier_linker_normalize (s->text);
      if (*norm == '\0')
        {
          /* keep the definitions' indices right */
          for (guint d = 0; d < defs->len; d++)
            {
              Definition *def = &g_array_index (defs, Definition, d);

              if (def->long_span == i - 1)
                def->long_span = G_MAXUINT;
              else if (def->long_span != G_MAXUINT && def->long_span > i - 1)
                def->long_span--;
            }
          g_array_remove_index (spans, i - 1);
        }
    }

  l.spans = spans;
  l.chars = chars;
  l.acronyms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  l.names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  l.items = g_new0 (Item, spans->len);
  for (guint i = 0; i < spans->len; i++)
    {
      DossierSpan *s = &g_array_index (spans, DossierSpan, i);
      Item *it;

      if (s->type == DOSSIER_ENTITY_DATE)
        continue;
      it = &l.items[l.n_items];
      it->span = i;
      it->surface = clean_surface (s->text);
      it->norm = dossier_linker_normalize (s->text);
      it->words = g_strsplit (it->norm, " ", -1);
      it->n_words = g_strv_length (it->words);
      it->parent = l.n_items;
      it->acronym = is_acronym_text (it->surface);
      l.n_items++;
    }
  /* "acronym" above marks all-capital names; only defined ones keep it. */
  for (guint i = 0; i < l.n_items; i++)
    l.items[i].acronym = FALSE;

  {
    /* Definitions whose long span was dropped point nowhere: remove them. */
    for (guint d = defs->len; d > 0; d--)
      if (g_array_index (defs, Definition, d - 1).long_span >= spans->len)
        g_array_remove_index (defs, d - 1);
  }

  link_definitions (&l, defs);
  link_partial_names (&l);
  link_acronym_initials (&l);
  link_short_forms (&l);
  link_same_and_similar (&l);
  write_groups (&l);

  for (guint i = 0; i < l.n_items; i++)
    {
      g_free (l.items[i].surface);
      g_free (l.items[i].norm);
      g_strfreev (l.items[i].words);
    }
  g_free (l.items);
  g_hash_table_unref (l.acronyms);
  g_hash_table_unref (l.names);
}
