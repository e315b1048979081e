/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-features.c: what the tagger looks at.
 *
 * Owns the feature templates and their hashing. Training and tagging both
 * call these functions, so a feature means the same thing in both. Must not
 * know about weights or files; must stay allocation-free per token except
 * for the document arrays. */

#define G_LOG_DOMAIN "dossier-ner"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-features.h"

typedef enum {
  T_BIAS = 1, T_W, T_LW, T_PRE, T_SUF, T_SHAPE, T_SSHAPE, T_FLAGS,
  T_W_M1, T_LW_M1, T_SS_M1, T_W_P1, T_LW_P1, T_SS_P1,
  T_LW_M2, T_SS_M2, T_LW_P2, T_SS_P2,
  T_BI_L, T_BI_R, T_FIRST, T_FIRST_SS, T_CAPS_S, T_DOC_LC, T_DOC_CAP, T_GAZ, T_SS3,
  T_Y1, T_Y2, T_Y1_LW, T_EPH, T_EPH_MAX, T_GAZ_W, T_FIRST_LW, T_Y1_SS,
  T_P_Y0, T_P_YM1, T_P_YP1, T_P_YP2, T_P_Y01, T_P_AGG_W, T_P_AGG_WMAX, T_P_AGG_L, T_P_AGG_LMAX,
  T_WC, T_WC_M1, T_WC_P1, T_WC_M2, T_WC_P2,
} Template;

#define STAGE_SALT G_GUINT64_CONSTANT (0x6a09e667f3bcc909)

static inline void
salt (guint stage, guint64 *out, guint n)
{
  if (stage == 0)
    return;
  for (guint k = 0; k < n; k++)
    out[k] = dossier_mix64 (out[k] ^ (STAGE_SALT * stage));
}

#define FEAT(t, v) dossier_mix64 ((v) ^ ((guint64) (t) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)))
#define COMBINE(a, b) (dossier_mix64 (a) * G_GUINT64_CONSTANT (31) + (b))

/* ------------------------------------------------------------------------ */
/* Hashing and the map                                                       */
/* ------------------------------------------------------------------------ */

guint64
dossier_hash_bytes (const char *s,
                    gsize       length)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (gsize i = 0; i < length; i++)
    {
      h ^= (guchar) s[i];
      h *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  return dossier_mix64 (h ^ length);
}

void
dossier_u64_map_init (DossierU64Map *map,
                      gsize          size_hint)
{
  gsize size = 16;

  while (size < size_hint * 2)
    size <<= 1;
  map->keys = g_new0 (guint64, size);
  map->values = g_new (guint32, size);
  map->mask = size - 1;
  map->n_items = 0;
}

void
dossier_u64_map_clear (DossierU64Map *map)
{
  g_clear_pointer (&map->keys, g_free);
  g_clear_pointer (&map->values, g_free);
  map->mask = 0;
  map->n_items = 0;
}

gboolean
dossier_u64_map_lookup (const DossierU64Map *map,
                        guint64              key,
                        guint32             *value)
{
  gsize i = (gsize) key & map->mask;

  key |= 1;
  for (;;)
    {
      if (map->keys[i] == key)
        {
          *value = map->values[i];
          return TRUE;
        }
      if (map->keys[i] == 0)
        return FALSE;
      i = (i + 1) & map->mask;
    }
}

static void
u64_map_grow (DossierU64Map *map)
{
  DossierU64Map bigger;

  dossier_u64_map_init (&bigger, (map->mask + 1));
  for (gsize i = 0; i <= map->mask; i++)
    if (map->keys[i] != 0)
      *dossier_u64_map_insert (&bigger, map->keys[i], map->values[i], NULL) = map->values[i];
  dossier_u64_map_clear (map);
  *map = bigger;
}

guint32 *
dossier_u64_map_insert (DossierU64Map *map,
                        guint64        key,
                        guint32        value,
                        gboolean      *inserted)
{
  gsize i;

  if ((map->n_items + 1) * 2 > map->mask + 1)
    u64_map_grow (map);
  key |= 1;
  i = (gsize) key & map->mask;
  for (;;)
    {
      if (map->keys[i] == key)
        {
          if (inserted)
            *inserted = FALSE;
          return &map->values[i];
        }
      if (map->keys[i] == 0)
        {
          map->keys[i] = key;
          map->values[i] = value;
          map->n_items++;
          if (inserted)
            *inserted = TRUE;
          return &map->values[i];
        }
      i = (i + 1) & map->mask;
    }
}

/* ------------------------------------------------------------------------ */
/* Tokens                                                                    */
/* ------------------------------------------------------------------------ */

static char
shape_char (gunichar c)
{
  if (c < 0x80)
    {
      if (g_ascii_isupper ((char) c))
        return 'X';
      if (g_ascii_islower ((char) c))
        return 'x';
      if (g_ascii_isdigit ((char) c))
        return 'd';
      return (char) c;
    }
  if (g_unichar_isupper (c) || g_unichar_istitle (c))
    return 'X';
  if (g_unichar_isalpha (c))
    return 'x';
  if (g_unichar_isdigit (c))
    return 'd';
  return 'o';
}

void
dossier_feat_token_fill (DossierFeatToken *token,
                         const char       *word,
                         gsize             length)
{
  char lower_buf[256];
  char shape[20], short_shape[20];
  const char *lower = lower_buf;
  g_autofree char *lower_owned = NULL;
  gsize lower_len = 0, n_shape = 0, n_short = 0;
  gboolean ascii = TRUE;
  guint n_alpha = 0, n_upper = 0, n_digit = 0, n_alnum = 0, n_chars = 0;
  guint bounds[256 + 1];   /* char starts in `lower` */
  guint32 flags = 0;
  const char *p, *end;

  memset (token, 0, sizeof *token);
  length = MIN (length, 200);

  for (gsize i = 0; i < length; i++)
    if ((guchar) word[i] >= 0x80)
      ascii = FALSE;

  if (ascii)
    {
      for (gsize i = 0; i < length; i++)
        lower_buf[i] = g_ascii_tolower (word[i]);
      lower_len = length;
    }
  else
    {
      lower_owned = g_utf8_strdown (word, (gssize) length);
      lower = lower_owned;
      lower_len = MIN (strlen (lower_owned), 250);
    }

  /* Shapes and character classes from the original word. */
  for (p = word, end = word + length; p < end; )
    {
      gunichar c = ascii ? (gunichar) (guchar) *p : g_utf8_get_char_validated (p, end - p);
      char s;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          c = 0xFFFD;
          p++;
        }
      else
        p = ascii ? p + 1 : g_utf8_next_char (p);

      s = shape_char (c);
      if (s == 'X')
        n_upper++;
      if (s == 'X' || s == 'x')
        n_alpha++;
      if (s == 'd')
        n_digit++;
      if (s == 'X' || s == 'x' || s == 'd')
        n_alnum++;
      if (c == '-')
        flags |= DOSSIER_TOK_HYPHEN;
      if (c == '.')
        flags |= DOSSIER_TOK_PERIOD;
      if (n_chars == 0)
        {
          if (s == 'X')
            flags |= DOSSIER_TOK_INITCAP;
          else if (s == 'x')
            flags |= DOSSIER_TOK_LOWER;
        }
      n_chars++;
      if (n_shape < 16)
        shape[n_shape++] = s;
      if (n_short < 16 && (n_short == 0 || short_shape[n_short - 1] != s))
        short_shape[n_short++] = s;
    }
  if (n_alpha > 0 && n_upper == n_alpha)
    flags |= DOSSIER_TOK_ALLCAPS;
  if (n_digit > 0)
    flags |= DOSSIER_TOK_DIGIT;
  if (n_digit > 0 && n_digit == n_chars)
    flags |= DOSSIER_TOK_ALLDIGIT;
  if (n_alnum == 0)
    flags |= DOSSIER_TOK_NOALNUM;
  if (n_chars > 16)
    shape[n_shape++] = '+';

  token->flags = flags;
  token->word = dossier_hash_bytes (word, length);
  token->lower = dossier_hash_bytes (lower, lower_len);
  token->shape = dossier_hash_bytes (shape, n_shape);

  /* A crude English lemma, enough to find plurals and past forms in WordNet. */
  token->stem = token->lower;
  if (ascii && lower_len > 3 && lower_len < sizeof lower_buf)
    {
      char stem[256];
      gsize n = lower_len;

      memcpy (stem, lower, lower_len);
      if (n > 4 && memcmp (stem + n - 3, "ies", 3) == 0)
        {
          n -= 2;
          stem[n - 1] = 'y';
        }
      else if (n > 5 && memcmp (stem + n - 3, "ing", 3) == 0)
        n -= 3;
      else if (n > 4 && memcmp (stem + n - 2, "ed", 2) == 0)
        n -= 2;
      else if (stem[n - 1] == 's' && stem[n - 2] != 's' && stem[n - 2] != 'u')
        n -= 1;
      if (n != lower_len)
        token->stem = dossier_hash_bytes (stem, n);
    }
  token->short_shape = dossier_hash_bytes (short_shape, n_short);

  /* Title case of the lower-case form: first character upper. */
  {
    char title[256];
    gsize first_len;
    gunichar first;

    first = lower_len > 0 ? g_utf8_get_char_validated (lower, (gssize) lower_len) : 0;
    if (first == (gunichar) -1 || first == (gunichar) -2 || lower_len == 0)
      token->title = token->lower;
    else
      {
        gsize n = (gsize) g_unichar_to_utf8 (g_unichar_toupper (first), title);

        first_len = (gsize) (g_utf8_next_char (lower) - lower);
        if (first_len <= lower_len && n + (lower_len - first_len) < sizeof title)
          {
            memcpy (title + n, lower + first_len, lower_len - first_len);
            token->title = dossier_hash_bytes (title, n + lower_len - first_len);
          }
        else
          token->title = token->lower;
      }
  }

  /* Prefixes and suffixes of 1–4 characters of the lower-case form. */
  {
    guint n_bounds = 0;

    for (p = lower, end = lower + lower_len; p < end && n_bounds < 256; )
      {
        bounds[n_bounds++] = (guint) (p - lower);
        p = ascii ? p + 1 : g_utf8_find_next_char (p, end);
        if (p == NULL)
          p = end;
      }
    bounds[n_bounds] = (guint) lower_len;
    for (guint k = 0; k < 4; k++)
      {
        if (k + 1 < n_bounds)
          {
            token->prefix[k] = dossier_hash_bytes (lower, bounds[k + 1]) ^ (k + 1);
            token->suffix[k] = dossier_hash_bytes (lower + bounds[n_bounds - k - 1],
                                                   lower_len - bounds[n_bounds - k - 1]) ^ (k + 1);
          }
        else
          token->prefix[k] = token->suffix[k] = 0;
      }
  }
}

const DossierFeatToken *
dossier_feat_boundary (int offset)
{
  static DossierFeatToken before, after;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      dossier_feat_token_fill (&before, "<S>", 3);
      dossier_feat_token_fill (&after, "</S>", 4);
      before.flags = after.flags = 0;
      g_once_init_leave (&initialized, 1);
    }
  return offset < 0 ? &before : &after;
}

/* ------------------------------------------------------------------------ */
/* Documents                                                                 */
/* ------------------------------------------------------------------------ */

void
dossier_feat_doc_init (DossierFeatDoc *doc)
{
  doc->tokens = g_array_new (FALSE, FALSE, sizeof (DossierFeatToken));
  doc->sent_ends = g_array_new (FALSE, FALSE, sizeof (guint));
  doc->gaz = g_array_new (FALSE, FALSE, sizeof (guint16));
  doc->stage = 0;
  doc->prior = g_array_new (FALSE, FALSE, sizeof (guint8));
  doc->prior_agg = g_array_new (FALSE, FALSE, sizeof (guint32));
}

void
dossier_feat_doc_clear (DossierFeatDoc *doc)
{
  g_clear_pointer (&doc->tokens, g_array_unref);
  g_clear_pointer (&doc->sent_ends, g_array_unref);
  g_clear_pointer (&doc->gaz, g_array_unref);
  g_clear_pointer (&doc->prior, g_array_unref);
  g_clear_pointer (&doc->prior_agg, g_array_unref);
}

void
dossier_feat_doc_reset (DossierFeatDoc *doc)
{
  g_array_set_size (doc->tokens, 0);
  g_array_set_size (doc->sent_ends, 0);
  g_array_set_size (doc->gaz, 0);
  g_array_set_size (doc->prior, 0);
  g_array_set_size (doc->prior_agg, 0);
  doc->stage = 0;
}

void
dossier_feat_doc_add_token (DossierFeatDoc *doc,
                            const char     *word,
                            gsize           length)
{
  DossierFeatToken token;

  dossier_feat_token_fill (&token, word, length);
  g_array_append_val (doc->tokens, token);
}

void
dossier_feat_doc_end_sentence (DossierFeatDoc *doc)
{
  guint end = doc->tokens->len;

  if (doc->sent_ends->len > 0 && g_array_index (doc->sent_ends, guint, doc->sent_ends->len - 1) == end)
    return;
  g_array_append_val (doc->sent_ends, end);
}

guint64
dossier_word_class_key (guint64 lower_hash)
{
  return dossier_mix64 (lower_hash ^ G_GUINT64_CONSTANT (0x3c6ef372fe94f82b));
}

guint64
dossier_gaz_phrase_start (void)
{
  return G_GUINT64_CONSTANT (0x51ed270b27a3c5f1);
}

guint64
dossier_gaz_phrase_add (guint64 phrase,
                        guint64 lower_hash)
{
  return dossier_mix64 (phrase * G_GUINT64_CONSTANT (0x100000001b3) ^ lower_hash);
}

static void
find_gazetteer_hits (DossierFeatDoc       *doc,
                     guint                 start,
                     guint                 end,
                     DossierGazLookupFunc  lookup,
                     gconstpointer         data)
{
  DossierFeatToken *toks = (DossierFeatToken *) (gpointer) doc->tokens->data;
  /* Hits per token collected first, then laid out contiguously per token. */
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (guint32));   /* token << 16 | code */

  for (guint i = start; i < end; i++)
    {
      guint64 phrase = dossier_gaz_phrase_start ();

      if (!(toks[i].flags & DOSSIER_TOK_INITCAP))
        continue;
      for (guint j = i; j < end && j < i + DOSSIER_GAZ_MAX_TOKENS; j++)
        {
          guint32 mask;

          phrase = dossier_gaz_phrase_add (phrase, toks[j].lower);
          if (!lookup (data, phrase, &mask))
            break;
          /* A name ends on a capitalised word ("Republic of Korea"). */
          if ((mask & ~DOSSIER_GAZ_PREFIX_BIT) != 0 &&
              (toks[j].flags & (DOSSIER_TOK_INITCAP | DOSSIER_TOK_DIGIT)))
            {
              for (guint cat = 0; cat < 31; cat++)
                {
                  if (!(mask & (1u << cat)))
                    continue;
                  for (guint k = i; k <= j; k++)
                    {
                      guint pos = (i == j) ? DOSSIER_POS_U :
                                  (k == i) ? DOSSIER_POS_B :
                                  (k == j) ? DOSSIER_POS_L : DOSSIER_POS_I;
                      guint32 hit = ((k - start) << 16) | (cat << 2 | pos);

                      g_array_append_val (hits, hit);
                    }
                }
            }
          if (!(mask & DOSSIER_GAZ_PREFIX_BIT))
            break;
        }
    }

  /* Sort by token, then store each token's codes contiguously. */
  {
    guint32 *h = (guint32 *) (gpointer) hits->data;
    guint n = hits->len;

    /* Insertion sort is fine: hits come nearly sorted by token. */
    for (guint a = 1; a < n; a++)
      {
        guint32 v = h[a];
        guint b = a;

        while (b > 0 && (h[b - 1] >> 16) > (v >> 16))
          {
            h[b] = h[b - 1];
            b--;
          }
        h[b] = v;
      }
    for (guint a = 0; a < n; a++)
      {
        guint tok = start + (h[a] >> 16);
        guint16 code = (guint16) (h[a] & 0xffff);

        if (toks[tok].n_gaz == 0)
          toks[tok].gaz_first = doc->gaz->len;
        if (toks[tok].n_gaz < 16)
          {
            g_array_append_val (doc->gaz, code);
            toks[tok].n_gaz++;
          }
      }
  }
}

void
dossier_feat_doc_finish (DossierFeatDoc       *doc,
                         DossierGazLookupFunc  lookup,
                         gconstpointer         lookup_data)
{
  DossierFeatToken *toks = (DossierFeatToken *) (gpointer) doc->tokens->data;
  guint n = doc->tokens->len;
  DossierU64Map lower_seen, cap_seen;
  guint start = 0;

  if (doc->sent_ends->len == 0 || g_array_index (doc->sent_ends, guint, doc->sent_ends->len - 1) != n)
    dossier_feat_doc_end_sentence (doc);

  dossier_u64_map_init (&lower_seen, n / 4 + 16);
  dossier_u64_map_init (&cap_seen, n / 8 + 16);

  /* Sentence-level flags, and what the document says about each word. */
  for (guint s = 0; s < doc->sent_ends->len; s++)
    {
      guint end = g_array_index (doc->sent_ends, guint, s);
      guint n_alpha = 0, n_caps = 0;
      gboolean first = TRUE;

      for (guint i = start; i < end; i++)
        {
          if (toks[i].flags & (DOSSIER_TOK_INITCAP | DOSSIER_TOK_LOWER))
            {
              n_alpha++;
              if (toks[i].flags & DOSSIER_TOK_ALLCAPS)
                n_caps++;
            }
        }
      for (guint i = start; i < end; i++)
        {
          /* The first word after opening quotes or dashes counts as first too. */
          if (first && !(toks[i].flags & DOSSIER_TOK_NOALNUM))
            {
              toks[i].flags |= DOSSIER_TOK_FIRST;
              first = FALSE;
            }
          if (n_alpha >= 3 && n_caps * 10 >= n_alpha * 8)
            toks[i].flags |= DOSSIER_TOK_CAPS_SENTENCE;
        }
      for (guint i = start; i < end; i++)
        {
          guint32 f = toks[i].flags;

          if (f & DOSSIER_TOK_LOWER)
            dossier_u64_map_insert (&lower_seen, toks[i].lower, 1, NULL);
          else if ((f & DOSSIER_TOK_INITCAP) && !(f & (DOSSIER_TOK_FIRST | DOSSIER_TOK_CAPS_SENTENCE)))
            dossier_u64_map_insert (&cap_seen, toks[i].title, 1, NULL);
        }
      if (lookup != NULL)
        find_gazetteer_hits (doc, start, end, lookup, lookup_data);
      start = end;
    }

  for (guint i = 0; i < n; i++)
    {
      guint32 f = toks[i].flags;
      guint32 v;

      toks[i].word_class = 0;
      if (lookup != NULL &&
          (lookup (lookup_data, dossier_word_class_key (toks[i].lower), &v) ||
           lookup (lookup_data, dossier_word_class_key (toks[i].stem), &v)))
        toks[i].word_class = (guint8) MIN (v, 255);

      if ((f & DOSSIER_TOK_INITCAP) && dossier_u64_map_lookup (&lower_seen, toks[i].lower, &v))
        toks[i].flags |= DOSSIER_TOK_DOC_LC;
      if ((f & DOSSIER_TOK_INITCAP) && (f & (DOSSIER_TOK_FIRST | DOSSIER_TOK_CAPS_SENTENCE)) &&
          dossier_u64_map_lookup (&cap_seen, toks[i].title, &v))
        toks[i].flags |= DOSSIER_TOK_DOC_CAP;
    }

  dossier_u64_map_clear (&lower_seen);
  dossier_u64_map_clear (&cap_seen);
}

static guint
prior_slot (guint label)
{
  return label == DOSSIER_LABEL_O ? DOSSIER_N_TYPES : (guint) DOSSIER_LABEL_TYPE (label);
}

/* Per token: bits 0–4 the first-stage types (O = bit 4) of the other tokens
 * with the same word, bits 8–11 the majority type + 1; bits 16–20 and 24–27
 * the same for the lower-case form. */
void
dossier_feat_doc_set_prior (DossierFeatDoc *doc,
                            const guint8   *labels)
{
  const DossierFeatToken *toks = (const DossierFeatToken *) (gconstpointer) doc->tokens->data;
  guint n = doc->tokens->len;
  DossierU64Map index;
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (guint32) * (DOSSIER_N_TYPES + 1));
  guint32 *agg;

  doc->stage = 1;
  g_array_set_size (doc->prior, 0);
  g_array_append_vals (doc->prior, labels, n);
  g_array_set_size (doc->prior_agg, n);
  agg = (guint32 *) (gpointer) doc->prior_agg->data;

  dossier_u64_map_init (&index, n + 16);
  for (guint pass = 0; pass < 2; pass++)
    {
      /* pass 0: exact word; pass 1: lower-case form (headlines in capitals). */
      for (guint i = 0; i < n; i++)
        {
          guint64 key = (pass == 0 ? toks[i].word : toks[i].lower) ^ pass;
          gboolean inserted;
          guint32 slot = *dossier_u64_map_insert (&index, key, counts->len, &inserted);

          if (inserted)
            g_array_set_size (counts, counts->len + 1);
          ((guint32 *) (gpointer) (counts->data + slot * sizeof (guint32) * (DOSSIER_N_TYPES + 1)))[prior_slot (labels[i])]++;
        }
      for (guint i = 0; i < n; i++)
        {
          guint64 key = (pass == 0 ? toks[i].word : toks[i].lower) ^ pass;
          guint32 slot, *c;
          guint32 bits = 0, best = 0, best_type = 0;

          dossier_u64_map_lookup (&index, key, &slot);
          c = (guint32 *) (gpointer) (counts->data + slot * sizeof (guint32) * (DOSSIER_N_TYPES + 1));
          for (guint k = 0; k <= DOSSIER_N_TYPES; k++)
            {
              /* The other occurrences only: leave this token's own label out. */
              guint32 v = c[k] - (k == prior_slot (labels[i]) ? 1 : 0);

              if (v > 0)
                bits |= 1u << k;
              if (v > best)
                {
                  best = v;
                  best_type = k + 1;
                }
            }
          if (pass == 0)
            agg[i] = bits | best_type << 8;
          else
            agg[i] |= (bits | best_type << 8) << 16;
        }
    }
  dossier_u64_map_clear (&index);
}

/* ------------------------------------------------------------------------ */
/* Features                                                                  */
/* ------------------------------------------------------------------------ */

guint
dossier_feat_word (const DossierFeatToken *t,
                   int                     offset,
                   guint                   stage,
                   guint64                *out)
{
  guint n = 0;

  switch (offset)
    {
    case 0:
      out[n++] = FEAT (T_BIAS, 0);
      out[n++] = FEAT (T_W, t->word);
      out[n++] = FEAT (T_LW, t->lower);
      for (guint k = 0; k < 4; k++)
        if (t->prefix[k] != 0)
          {
            out[n++] = FEAT (T_PRE, t->prefix[k]);
            out[n++] = FEAT (T_SUF, t->suffix[k]);
          }
      out[n++] = FEAT (T_SHAPE, t->shape);
      out[n++] = FEAT (T_SSHAPE, t->short_shape);
      out[n++] = FEAT (T_FLAGS, t->flags & 0xff);
      if (t->word_class)
        out[n++] = FEAT (T_WC, t->word_class);
      break;
    case -1:
      out[n++] = FEAT (T_W_M1, t->word);
      out[n++] = FEAT (T_LW_M1, t->lower);
      out[n++] = FEAT (T_SS_M1, t->short_shape);
      if (t->word_class)
        out[n++] = FEAT (T_WC_M1, t->word_class);
      break;
    case 1:
      out[n++] = FEAT (T_W_P1, t->word);
      out[n++] = FEAT (T_LW_P1, t->lower);
      out[n++] = FEAT (T_SS_P1, t->short_shape);
      if (t->word_class)
        out[n++] = FEAT (T_WC_P1, t->word_class);
      break;
    case -2:
      out[n++] = FEAT (T_LW_M2, t->lower);
      out[n++] = FEAT (T_SS_M2, t->short_shape);
      if (t->word_class)
        out[n++] = FEAT (T_WC_M2, t->word_class);
      break;
    case 2:
      out[n++] = FEAT (T_LW_P2, t->lower);
      out[n++] = FEAT (T_SS_P2, t->short_shape);
      if (t->word_class)
        out[n++] = FEAT (T_WC_P2, t->word_class);
      break;
    default:
      g_assert_not_reached ();
    }
  salt (stage, out, n);
  return n;
}

guint
dossier_feat_context (const DossierFeatDoc *doc,
                      guint                 i,
                      guint                 sent_start,
                      guint                 sent_end,
                      guint64              *out)
{
  const DossierFeatToken *toks = (const DossierFeatToken *) (gconstpointer) doc->tokens->data;
  const guint16 *gaz = (const guint16 *) (gconstpointer) doc->gaz->data;
  const DossierFeatToken *t = &toks[i];
  const DossierFeatToken *prev = i > sent_start ? &toks[i - 1] : dossier_feat_boundary (-1);
  const DossierFeatToken *next = i + 1 < sent_end ? &toks[i + 1] : dossier_feat_boundary (1);
  guint n = 0;

  out[n++] = FEAT (T_BI_L, COMBINE (prev->lower, t->lower));
  out[n++] = FEAT (T_BI_R, COMBINE (t->lower, next->lower));
  out[n++] = FEAT (T_SS3, COMBINE (COMBINE (prev->short_shape, t->short_shape), next->short_shape));
  if (t->flags & DOSSIER_TOK_FIRST)
    {
      out[n++] = FEAT (T_FIRST, 0);
      out[n++] = FEAT (T_FIRST_SS, t->short_shape);
      out[n++] = FEAT (T_FIRST_LW, t->lower);
    }
  if (t->flags & DOSSIER_TOK_CAPS_SENTENCE)
    {
      out[n++] = FEAT (T_CAPS_S, 0);
      out[n++] = FEAT (T_CAPS_S, t->short_shape);
    }
  if (t->flags & DOSSIER_TOK_DOC_LC)
    out[n++] = FEAT (T_DOC_LC, t->flags & (DOSSIER_TOK_FIRST | DOSSIER_TOK_CAPS_SENTENCE));
  if (t->flags & DOSSIER_TOK_DOC_CAP)
    out[n++] = FEAT (T_DOC_CAP, 0);
  for (guint k = 0; k < t->n_gaz && n + 2 <= DOSSIER_MAX_CONTEXT_FEATURES - 12; k++)
    {
      guint16 code = gaz[t->gaz_first + k];

      out[n++] = FEAT (T_GAZ, code);
      /* The same hit in a capitals line or at sentence start means less. */
      out[n++] = FEAT (T_GAZ_W, COMBINE (code, t->flags & (DOSSIER_TOK_FIRST | DOSSIER_TOK_CAPS_SENTENCE)));
    }
  if (doc->stage > 0)
    {
      const guint8 *prior = (const guint8 *) doc->prior->data;
      guint32 agg = g_array_index (doc->prior_agg, guint32, i);
      guint y0 = prior[i];
      guint ym1 = i > sent_start ? prior[i - 1] : 0xff;
      guint yp1 = i + 1 < sent_end ? prior[i + 1] : 0xff;
      guint yp2 = i + 2 < sent_end ? prior[i + 2] : 0xff;

      out[n++] = FEAT (T_P_Y0, y0);
      out[n++] = FEAT (T_P_YM1, ym1 << 8 | y0);
      out[n++] = FEAT (T_P_YP1, yp1 << 8 | y0);
      out[n++] = FEAT (T_P_YP2, yp2);
      out[n++] = FEAT (T_P_Y01, COMBINE (y0, t->short_shape));
      if (t->flags & (DOSSIER_TOK_INITCAP | DOSSIER_TOK_DIGIT))
        {
          out[n++] = FEAT (T_P_AGG_W, agg & 0x1f);
          out[n++] = FEAT (T_P_AGG_WMAX, (agg >> 8) & 0xf);
          out[n++] = FEAT (T_P_AGG_L, (agg >> 16) & 0x1f);
          out[n++] = FEAT (T_P_AGG_LMAX, COMBINE ((agg >> 24) & 0xf, t->flags & DOSSIER_TOK_CAPS_SENTENCE));
        }
    }
  g_assert (n <= DOSSIER_MAX_CONTEXT_FEATURES);
  salt (doc->stage, out, n);
  return n;
}

guint
dossier_feat_history (const DossierFeatDoc *doc,
                      guint                 i,
                      const guint16        *history,
                      guint64              *out)
{
  const DossierFeatToken *t = &g_array_index (doc->tokens, DossierFeatToken, i);
  guint n = 0;

  if (history != NULL && (t->flags & DOSSIER_TOK_INITCAP))
    {
      guint total = 0, best = 0, best_type = 0;

      for (guint k = 0; k < DOSSIER_N_TYPES + 1; k++)
        {
          total += history[k];
          if (history[k] > best)
            {
              best = history[k];
              best_type = k;
            }
        }
      if (total > 0)
        {
          for (guint k = 0; k < DOSSIER_N_TYPES + 1; k++)
            if (history[k] > 0)
              out[n++] = FEAT (T_EPH, k);
          out[n++] = FEAT (T_EPH_MAX, best_type);
        }
    }
  g_assert (n <= DOSSIER_MAX_HISTORY_FEATURES);
  salt (doc->stage, out, n);
  return n;
}

guint64
dossier_feat_transition (guint stage,
                         guint prev)
{
  guint64 f = FEAT (T_Y1, prev);

  salt (stage, &f, 1);
  return f;
}

/* ------------------------------------------------------------------------ */
/* Labels                                                                    */
/* ------------------------------------------------------------------------ */

gboolean
dossier_label_transition_ok (guint prev,
                             guint next)
{
  gboolean prev_open = prev < DOSSIER_N_LABELS && prev != DOSSIER_LABEL_O &&
                       (DOSSIER_LABEL_POS (prev) == DOSSIER_POS_B ||
                        DOSSIER_LABEL_POS (prev) == DOSSIER_POS_I);
  gboolean next_inside = next != DOSSIER_LABEL_O &&
                         (DOSSIER_LABEL_POS (next) == DOSSIER_POS_I ||
                          DOSSIER_LABEL_POS (next) == DOSSIER_POS_L);

  if (prev_open)
    return next_inside && DOSSIER_LABEL_TYPE (prev) == DOSSIER_LABEL_TYPE (next);
  return !next_inside;
}

gboolean
dossier_label_can_end (guint label)
{
  return label == DOSSIER_LABEL_O ||
         DOSSIER_LABEL_POS (label) == DOSSIER_POS_L || DOSSIER_LABEL_POS (label) == DOSSIER_POS_U;
}

/* Labels that close an entity or are outside one: O, L-*, U-*. Only they
 * may precede O, B-* and U-*; I-t and L-t follow only B-t or I-t. */
static const guint8 closing[9] = { 0, 3, 4, 7, 8, 11, 12, 15, 16 };
static const guint8 opening[9] = { 0, 1, 4, 5, 8, 9, 12, 13, 16 };

void
dossier_viterbi (const float *emission,
                 const float *transition,
                 guint        n,
                 guint8      *back,
                 guint8      *out)
{
  /* Finite, so no path needs a test; far below any real score. */
  const float never = -1e30f;
  float prev[DOSSIER_N_LABELS], cur[DOSSIER_N_LABELS];
  float best_score = never;
  guint best = DOSSIER_LABEL_O;

  if (n == 0)
    return;

  for (guint y = 0; y < DOSSIER_N_LABELS; y++)
    prev[y] = dossier_label_transition_ok (DOSSIER_LABEL_START, y) ?
              transition[DOSSIER_LABEL_START * DOSSIER_N_LABELS + y] + emission[y] : never;
  for (guint i = 1; i < n; i++)
    {
      const float *em = emission + (gsize) i * DOSSIER_N_LABELS;
      guint8 *bk = back + (gsize) i * DOSSIER_N_LABELS;

      /* Candidates are walked in increasing label order, keeping the first
       * best, so ties resolve as in a plain 17 × 17 search. */
      for (guint k = 0; k < G_N_ELEMENTS (opening); k++)
        {
          guint y = opening[k];
          float b = prev[0] + transition[y];
          guint bp = 0;

          for (guint c = 1; c < G_N_ELEMENTS (closing); c++)
            {
              guint p = closing[c];
              float sc = prev[p] + transition[p * DOSSIER_N_LABELS + y];

              if (sc > b)
                {
                  b = sc;
                  bp = p;
                }
            }
          cur[y] = b + em[y];
          bk[y] = (guint8) bp;
        }
      for (guint t = 0; t < DOSSIER_N_TYPES; t++)
        {
          guint lb = DOSSIER_LABEL (t, DOSSIER_POS_B), li = DOSSIER_LABEL (t, DOSSIER_POS_I);

          for (guint pos = DOSSIER_POS_I; pos <= DOSSIER_POS_L; pos++)
            {
              guint y = DOSSIER_LABEL (t, pos);
              float from_b = prev[lb] + transition[lb * DOSSIER_N_LABELS + y];
              float from_i = prev[li] + transition[li * DOSSIER_N_LABELS + y];

              if (from_i > from_b)
                {
                  cur[y] = from_i + em[y];
                  bk[y] = (guint8) li;
                }
              else
                {
                  cur[y] = from_b + em[y];
                  bk[y] = (guint8) lb;
                }
            }
        }
      memcpy (prev, cur, sizeof prev);
    }
  for (guint y = 0; y < DOSSIER_N_LABELS; y++)
    if (dossier_label_can_end (y) && prev[y] > best_score)
      {
        best_score = prev[y];
        best = y;
      }
  for (guint i = n; i-- > 0; )
    {
      out[i] = (guint8) best;
      if (i > 0)
        best = back[i * DOSSIER_N_LABELS + best];
    }
}

const char *
dossier_label_to_iob2 (guint label,
                       guint prev)
{
  static const char *names[DOSSIER_N_TYPES][2] = {
    { "B-PER", "I-PER" }, { "B-ORG", "I-ORG" }, { "B-LOC", "I-LOC" }, { "B-MISC", "I-MISC" },
  };
  guint type, pos;

  if (label == DOSSIER_LABEL_O || label >= DOSSIER_N_LABELS)
    return "O";
  type = DOSSIER_LABEL_TYPE (label);
  pos = DOSSIER_LABEL_POS (label);
  /* An I or L that does not continue an entity of its type starts one. */
  if (pos == DOSSIER_POS_I || pos == DOSSIER_POS_L)
    {
      gboolean continues = prev != DOSSIER_LABEL_O && prev < DOSSIER_N_LABELS &&
                           DOSSIER_LABEL_TYPE (prev) == type &&
                           (DOSSIER_LABEL_POS (prev) == DOSSIER_POS_B ||
                            DOSSIER_LABEL_POS (prev) == DOSSIER_POS_I);
      return names[type][continues ? 1 : 0];
    }
  return names[type][0];
}
