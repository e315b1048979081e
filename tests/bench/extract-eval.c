/* SPDX-License-Identifier: GPL-3.0-or-later */
/* extract-eval.c: measures the article extractor against reference texts.
 *
 *   extract-eval [-v] [DIR]       Readability test pages (default:
 *                                 $DOSSIER_SHARED_DATA/readability-test-pages)
 *   extract-eval --gold DIR       human-written gold: DIR/NAME.html + DIR/NAME.txt,
 *                                 or DIR/NAME/source.html + DIR/NAME/gold.txt
 *
 * Prints one line per page (word 4-gram F1, precision, recall, title and byline
 * agreement) and the median and mean F1. Figures only: never fails on them. */
#define G_LOG_DOMAIN "extract-eval"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "extract-score.h"

static void
print_scores (GPtrArray *scores,
              gboolean   with_metadata)
{
  guint titles = 0, bylines = 0, with_meta = 0, failures = 0, above = 0;
  double median, mean;

  for (guint i = 0; i < scores->len; i++)
    {
      ExtractScore *score = scores->pdata[i];

      printf ("%-42s F1 %.3f  P %.3f  R %.3f", score->name, score->f1, score->precision, score->recall);
      if (score->has_metadata)
        {
          printf ("  title %s  byline %s", score->title_agrees ? "yes" : "NO ", score->byline_agrees ? "yes" : "NO ");
          with_meta++;
          titles += score->title_agrees;
          bylines += score->byline_agrees;
        }
      if (score->error != NULL)
        {
          printf ("  (%s)", score->error);
          failures++;
        }
      if (score->f1 >= 0.95)
        above++;
      printf ("\n");
    }
  extract_score_summary (scores, &median, &mean);
  printf ("\npages %u  median F1 %.4f  mean F1 %.4f  pages with F1 >= 0.95: %u  failures %u\n",
          scores->len, median, mean, above, failures);
  if (with_metadata)
    printf ("title agreement %u/%u  byline agreement %u/%u\n", titles, with_meta, bylines, with_meta);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autofree char *gold = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *dump = NULL;
  GOptionEntry entries[] = {
    { "gold", 0, 0, G_OPTION_ARG_FILENAME, &gold, "Score against human-written gold texts in DIR", "DIR" },
    { "dump", 0, 0, G_OPTION_ARG_FILENAME, &dump, "Also write NAME.ours.txt and NAME.expected.txt into DIR", "DIR" },
    { NULL }
  };

  context = g_option_context_new ("[DIR]");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("extract-eval: %s\n", error->message);
      return 2;
    }

  if (gold != NULL)
    {
      scores = extract_score_gold_dir (gold);
      if (scores == NULL)
        {
          g_printerr ("extract-eval: can not read %s\n", gold);
          return 1;
        }
      print_scores (scores, FALSE);
      return 0;
    }

  if (argc > 1)
    dir = g_strdup (argv[1]);
  else if (g_getenv ("DOSSIER_SHARED_DATA") != NULL)
    dir = g_build_filename (g_getenv ("DOSSIER_SHARED_DATA"), "readability-test-pages", NULL);
  else
    {
      g_printerr ("extract-eval: name the test pages folder or set DOSSIER_SHARED_DATA\n");
      return 2;
    }

  if (dump != NULL)
    {
      g_mkdir_with_parents (dump, 0755);
      g_setenv ("EXTRACT_SCORE_DUMP", dump, TRUE);
    }
  scores = extract_score_readability_dir (dir);
  if (scores == NULL)
    {
      /* Absent data is not a failure of the code: say so and skip. */
      printf ("extract-eval: %s not found, nothing measured\n", dir);
      return 0;
    }
  printf ("extract-eval over %s\n\n", dir);
  print_scores (scores, TRUE);
  return 0;
}
