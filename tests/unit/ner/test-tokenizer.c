/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tokenizer.c: the tokenizer's split points and code point offsets,
 * table-driven, with multi-byte and invalid text. */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "dossier-tokenizer.h"

typedef struct {
  const char *text;
  const char *expected;   /* tokens separated by '|' */
} Case;

static const Case cases[] = {
  { "", "" },
  { "   \n\t ", "" },
  { "Hello world.", "Hello|world|." },
  { "The U.S. economy grew.", "The|U.S.|economy|grew|." },
  { "On Feb. 4, 2021, it rained.", "On|Feb.|4|,|2021|,|it|rained|." },
  { "J. R. R. Tolkien wrote it.", "J.|R.|R.|Tolkien|wrote|it|." },
  { "Germany's chancellor", "Germany|'s|chancellor" },
  { "Germany\xE2\x80\x99s chancellor", "Germany|\xE2\x80\x99s|chancellor" },
  { "They don't know.", "They|do|n't|know|." },
  { "O'Brien and Qur'an", "O'Brien|and|Qur'an" },
  { "the workers' union", "the|workers|'|union" },
  { "Hewlett-Packard and Saint-Denis", "Hewlett-Packard|and|Saint-Denis" },
  { "\xE2\x80\x9CNo,\xE2\x80\x9D she said", "\xE2\x80\x9C|No|,|\xE2\x80\x9D|she|said" },
  { "\"Yes\" he said", "\"|Yes|\"|he|said" },
  { "It cost $3.5 million, or 12,000 euros (5%).",
    "It|cost|$|3.5|million|,|or|12,000|euros|(|5|%|)|." },
  { "See https://example.com/a?b=1. Then", "See|https://example.com/a?b=1|.|Then" },
  { "Visit www.dossier.org, now", "Visit|www.dossier.org|,|now" },
  { "Mail ana@example.com today", "Mail|ana@example.com|today" },
  { "Wait... what?!", "Wait|...|what|?!" },
  { "He left -- then came back", "He|left|--|then|came|back" },
  { "1980\xE2\x80\x93" "1988", "1980|\xE2\x80\x93|1988" },
  { "Durr\xC3\xABs and Tiran\xC3\xAB", "Durr\xC3\xABs|and|Tiran\xC3\xAB" },
  { "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 \xE6\x9D\xB1\xE4\xBA\xAC",
    "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0|\xE6\x9D\xB1\xE4\xBA\xAC" },
  { "Mr. Rama met Gen. Smith at 10:30.", "Mr.|Rama|met|Gen.|Smith|at|10:30|." },
  { "AT&T and e.g. this", "AT&T|and|e.g.|this" },
  { "end.", "end|." },
};

static void
test_table (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GArray) tokens = dossier_tokenize (cases[c].text, -1);
      g_autoptr(GString) got = g_string_new (NULL);

      for (guint i = 0; i < tokens->len; i++)
        {
          DossierToken *t = &g_array_index (tokens, DossierToken, i);

          if (i > 0)
            g_string_append_c (got, '|');
          g_string_append_len (got, cases[c].text + t->byte_start, t->byte_end - t->byte_start);
        }
      if (g_strcmp0 (got->str, cases[c].expected) != 0)
        g_test_message ("case %u: “%s”", c, cases[c].text);
      g_assert_cmpstr (got->str, ==, cases[c].expected);
    }
}

/* Code point offsets must agree with byte offsets for every token. */
static void
test_offsets (void)
{
  const char *text = "Caf\xC3\xA9 \xE2\x80\x9CZ\xC3\xBCrich\xE2\x80\x9D \xF0\x9F\x98\x80 Edi Rama\xE2\x80\x99s party";
  g_autoptr(GArray) tokens = dossier_tokenize (text, -1);

  g_assert_cmpuint (tokens->len, ==, 9);
  for (guint i = 0; i < tokens->len; i++)
    {
      DossierToken *t = &g_array_index (tokens, DossierToken, i);

      g_assert_cmpint (g_utf8_pointer_to_offset (text, text + t->byte_start), ==, t->start);
      g_assert_cmpint (g_utf8_pointer_to_offset (text, text + t->byte_end), ==, t->end);
    }
  /* "Rama" starts at code point 20. */
  g_assert_cmpuint (g_array_index (tokens, DossierToken, 6).start, ==, 20);
  g_assert_cmpuint (g_array_index (tokens, DossierToken, 6).end, ==, 24);
}

/* Invalid bytes count as one code point each, like g_utf8_make_valid(). */
static void
test_invalid (void)
{
  const char text[] = "ab\xFF\xFE cd \xC3 Rome";
  g_autoptr(GArray) tokens = dossier_tokenize (text, -1);
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  DossierToken *last;

  g_assert_cmpuint (tokens->len, >=, 3);
  last = &g_array_index (tokens, DossierToken, tokens->len - 1);
  g_assert_cmpint (last->end, ==, g_utf8_strlen (valid, -1));
  g_assert_cmpint (last->end - last->start, ==, 4);
  g_assert_true (memcmp (text + last->byte_start, "Rome", 4) == 0);
}

static void
test_newlines (void)
{
  g_autoptr(GArray) tokens = dossier_tokenize ("Title\n\nBody one\nline", -1);

  g_assert_cmpuint (tokens->len, ==, 4);
  g_assert_cmpuint (g_array_index (tokens, DossierToken, 0).newlines, ==, 0);
  g_assert_cmpuint (g_array_index (tokens, DossierToken, 1).newlines, ==, 2);
  g_assert_cmpuint (g_array_index (tokens, DossierToken, 2).newlines, ==, 0);
  g_assert_cmpuint (g_array_index (tokens, DossierToken, 3).newlines, ==, 1);
}

/* A text longer than the tokenizer's chunk keeps exact offsets across chunks. */
static void
test_long_text (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) tokens = NULL;
  guint expected = 0;

  while (text->len < 300 * 1024)
    {
      g_string_append (text, "Tiran\xC3\xAB \xE2\x80\x94 ");
      expected += 2;
    }
  tokens = dossier_tokenize (text->str, (gssize) text->len);
  g_assert_cmpuint (tokens->len, ==, expected);
  for (guint i = 0; i < tokens->len; i++)
    {
      DossierToken *t = &g_array_index (tokens, DossierToken, i);

      g_assert_cmpuint (t->start, ==, (i / 2) * 9 + (i % 2 ? 7 : 0));
      g_assert_cmpuint (t->end - t->start, ==, i % 2 ? 1 : 6);
    }
}

static void
test_normalize (void)
{
  const char *text = "\xE2\x80\x98Kosovo\xE2\x80\x99s\xE2\x80\x94";
  DossierToken tok = { 0, 0, 0, (guint) strlen (text), 0 };
  char buf[64];

  dossier_token_normalize (text, &tok, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "'Kosovo's--");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ner/tokenizer/table", test_table);
  g_test_add_func ("/ner/tokenizer/offsets", test_offsets);
  g_test_add_func ("/ner/tokenizer/invalid", test_invalid);
  g_test_add_func ("/ner/tokenizer/newlines", test_newlines);
  g_test_add_func ("/ner/tokenizer/long-text", test_long_text);
  g_test_add_func ("/ner/tokenizer/normalize", test_normalize);
  return g_test_run ();
}
