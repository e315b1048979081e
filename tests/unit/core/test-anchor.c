/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-anchor.c: describing a highlight by quote + context and finding it
 * again after the text changed (W3C TextQuoteSelector semantics). */
#include "config.h"

#include <string.h>

#include "dossier-anchor.h"
#include "dossier-text.h"

static void
test_describe (void)
{
  const char *text = "The attack on Albania’s government servers began in July 2022 and lasted for weeks.";
  g_autofree char *quote = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;

  dossier_anchor_describe (text, 14, 23, &quote, &prefix, &suffix);
  g_assert_cmpstr (quote, ==, "Albania’s");
  g_assert_cmpstr (prefix, ==, "The attack on ");
  g_assert_cmpuint (g_utf8_strlen (suffix, -1), ==, DOSSIER_ANCHOR_CONTEXT);
  g_assert_true (g_str_has_prefix (suffix, " government servers"));
}

typedef struct {
  const char *name;
  const char *old_text;
  guint       start;
  guint       end;
  const char *new_text;
  gboolean    found;
  guint       new_start;
} Case;

static void
test_find (void)
{
  static const Case cases[] = {
    { "unchanged", "one two three", 4, 7, "one two three", TRUE, 4 },
    { "text inserted before", "one two three", 4, 7, "zero one two three", TRUE, 9 },
    { "multi-byte text inserted before", "one two three", 4, 7, "Ωμέγα… one two three", TRUE, 11 },
    { "text removed before", "zero one two three", 9, 12, "one two three", TRUE, 4 },
    { "quote gone", "one two three", 4, 7, "one 2 three", FALSE, 0 },
    /* "two" three times: the context decides, not the order or the distance */
    { "context picks the last", "a two b. c two d.", 11, 14, "c two d. a two b. c two d!", TRUE, 20 },
    /* equal context: the nearest to the old offset */
    { "nearest of equals", "x two x two x two x", 8, 11, "x two x two x two x two x", TRUE, 8 },
    { "edited context still found", "the cat sat on the mat", 4, 7, "the cat slept on the mat", TRUE, 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autofree char *quote = NULL;
      g_autofree char *prefix = NULL;
      g_autofree char *suffix = NULL;
      guint start = 999;
      guint end = 999;
      gboolean found;

      g_test_message ("%s", c->name);
      dossier_anchor_describe (c->old_text, c->start, c->end, &quote, &prefix, &suffix);
      found = dossier_anchor_find (c->new_text, quote, prefix, suffix, c->start, &start, &end);
      g_assert_cmpint (found, ==, c->found);
      if (found)
        {
          g_autofree char *again = dossier_text_substring (c->new_text, start, end);

          g_assert_cmpuint (start, ==, c->new_start);
          g_assert_cmpuint (end - start, ==, c->end - c->start);
          g_assert_cmpstr (again, ==, quote);
        }
    }
}

static void
test_empty_quote (void)
{
  guint start;
  guint end;

  g_assert_false (dossier_anchor_find ("text", "", "", "", 0, &start, &end));
  g_assert_false (dossier_anchor_find ("text", NULL, NULL, NULL, 0, &start, &end));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/anchor/describe", test_describe);
  g_test_add_func ("/anchor/find", test_find);
  g_test_add_func ("/anchor/empty-quote", test_empty_quote);

  return g_test_run ();
}
