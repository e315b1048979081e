/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sentences.c: sentence boundaries in news text, table-driven. */

#include "config.h"

#include <glib.h>

#include "dossier-sentences.h"

typedef struct {
  const char *text;
  const char *expected;   /* sentences separated by '|', tokens by ' ' as in the text */
} Case;

static const Case cases[] = {
  { "", "" },
  { "One sentence", "One sentence" },
  { "It rained. Then it stopped.", "It rained.|Then it stopped." },
  { "Is it? Yes! Good.", "Is it?|Yes!|Good." },
  { "The U.S. Army left Feb. 4 and Mr. Smith stayed.", "The U.S. Army left Feb. 4 and Mr. Smith stayed." },
  { "J. R. R. Tolkien wrote it.", "J. R. R. Tolkien wrote it." },
  { "\xE2\x80\x9CWe will go.\xE2\x80\x9D Then they went.", "\xE2\x80\x9CWe will go.\xE2\x80\x9D|Then they went." },
  { "He said: \"Stop.\" She did.", "He said: \"Stop.\"|She did." },
  { "It was 3.5 percent. in fact", "It was 3.5 percent. in fact" },
  { "Albania cuts ties with Iran\nTIRANA, Sept 7 (Reuters) - Albania", "Albania cuts ties with Iran|TIRANA, Sept 7 (Reuters) - Albania" },
  { "First paragraph ends here\n\nsecond starts lower", "First paragraph ends here|second starts lower" },
  { "a line that wraps\nin the middle", "a line that wraps in the middle" },
  { "Prices rose 5%. 2023 was worse.", "Prices rose 5%.|2023 was worse." },
  { "Wait... What?", "Wait...|What?" },
};

static void
test_table (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const char *text = cases[c].text;
      g_autoptr(GArray) tokens = dossier_tokenize (text, -1);
      g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GString) got = g_string_new (NULL);
      guint start = 0;

      dossier_split_sentences (text, (const DossierToken *) (gpointer) tokens->data, tokens->len, ends);
      for (guint s = 0; s < ends->len; s++)
        {
          guint end = g_array_index (ends, guint, s);
          const DossierToken *first = &g_array_index (tokens, DossierToken, start);
          const DossierToken *last = &g_array_index (tokens, DossierToken, end - 1);
          g_autofree char *sentence = NULL;

          g_assert_cmpuint (end, >, start);
          sentence = g_strndup (text + first->byte_start, last->byte_end - first->byte_start);
          g_strdelimit (sentence, "\n", ' ');
          if (s > 0)
            g_string_append_c (got, '|');
          g_string_append (got, sentence);
          start = end;
        }
      g_assert_cmpuint (start, ==, tokens->len);
      if (g_strcmp0 (got->str, cases[c].expected) != 0)
        g_test_message ("case %u: “%s”", c, text);
      g_assert_cmpstr (got->str, ==, cases[c].expected);
    }
}

/* Run-on junk is cut so that no sentence grows without bound. */
static void
test_long_sentence (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (guint));
  guint start = 0;

  for (guint i = 0; i < 1000; i++)
    g_string_append (text, "word ");
  tokens = dossier_tokenize (text->str, -1);
  dossier_split_sentences (text->str, (const DossierToken *) (gpointer) tokens->data, tokens->len, ends);
  g_assert_cmpuint (ends->len, ==, 1000 / DOSSIER_MAX_SENTENCE_TOKENS);
  for (guint s = 0; s < ends->len; s++)
    {
      g_assert_cmpuint (g_array_index (ends, guint, s) - start, <=, DOSSIER_MAX_SENTENCE_TOKENS);
      start = g_array_index (ends, guint, s);
    }
  g_assert_cmpuint (start, ==, 1000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ner/sentences/table", test_table);
  g_test_add_func ("/ner/sentences/long", test_long_sentence);
  return g_test_run ();
}
