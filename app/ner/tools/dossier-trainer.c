/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-trainer: trains and evaluates the entity model from CoNLL files.
 *
 *   dossier-trainer train --train FILE [--dev FILE] [--gazetteers DIR] --out MODEL
 *   dossier-trainer eval --model MODEL --test FILE
 *   dossier-trainer info --model MODEL
 *
 * A developer tool, built but not installed. It owns the command line only;
 * training lives in dossier-perceptron.c, tagging in dossier-recognizer.c. */

#define G_LOG_DOMAIN "dossier-trainer"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "dossier-model.h"
#include "dossier-perceptron.h"
#include "dossier-recognizer.h"

static int
cmd_train (int argc, char **argv)
{
  g_autofree char *train_path = NULL, *dev_path = NULL, *gaz = NULL, *out = NULL;
  int epochs = 15, seed = 1, min_count = 1, stages = 1;
  gboolean entity_names = FALSE, keep_last = FALSE;
  double prune = 0.0;
  GOptionEntry entries[] = {
    { "train", 0, 0, G_OPTION_ARG_FILENAME, &train_path, "Training data (CoNLL)", "FILE" },
    { "dev", 0, 0, G_OPTION_ARG_FILENAME, &dev_path, "Development data: picks the epoch", "FILE" },
    { "gazetteers", 0, 0, G_OPTION_ARG_FILENAME, &gaz, "Folder of name lists (*.txt)", "DIR" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "Model file to write", "MODEL" },
    { "epochs", 0, 0, G_OPTION_ARG_INT, &epochs, "Most epochs (default 15)", "N" },
    { "stages", 0, 0, G_OPTION_ARG_INT, &stages, "1, or 2 for a document-level second pass (default 1)", "N" },
    { "entity-names", 0, 0, G_OPTION_ARG_NONE, &entity_names, "Use the training data's entity names as a gazetteer", NULL },
    { "last", 0, 0, G_OPTION_ARG_NONE, &keep_last, "Keep the last epoch, not the best on --dev", NULL },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Shuffling seed (default 1)", "N" },
    { "min-count", 0, 0, G_OPTION_ARG_INT, &min_count, "Drop rarer features (default 1)", "N" },
    { "prune", 0, 0, G_OPTION_ARG_DOUBLE, &prune, "Drop features with all |weights| below this", "W" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- train the entity model");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) train = NULL;
  g_autoptr(GPtrArray) dev = NULL;
  DossierTrainOptions options = { 0 };
  gint64 t0 = g_get_monotonic_time ();

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("dossier-trainer train: %s\n", error->message);
      return 2;
    }
  if (train_path == NULL || out == NULL)
    {
      g_printerr ("dossier-trainer train: --train and --out are required\n");
      return 2;
    }
  train = dossier_conll_read (train_path, &error);
  if (train == NULL)
    {
      g_printerr ("dossier-trainer: %s\n", error->message);
      return 1;
    }
  if (dev_path != NULL && (dev = dossier_conll_read (dev_path, &error)) == NULL)
    {
      g_printerr ("dossier-trainer: %s\n", error->message);
      return 1;
    }
  options.epochs = (guint) MAX (epochs, 1);
  options.seed = (guint32) seed;
  options.stages = (guint) CLAMP (stages, 1, 2);
  options.entity_names = entity_names;
  options.keep_last = keep_last;
  options.min_count = (guint) MAX (min_count, 1);
  options.prune = prune;
  options.gazetteers = gaz;
  options.verbose = TRUE;
  if (!dossier_perceptron_train (train, dev, &options, out, &error))
    {
      g_printerr ("dossier-trainer: %s\n", error->message);
      return 1;
    }
  g_printerr ("wrote %s in %.1f s\n", out, (g_get_monotonic_time () - t0) / 1e6);
  return 0;
}

static int
cmd_eval (int argc, char **argv)
{
  g_autofree char *model_path = NULL, *test_path = NULL, *output_path = NULL;
  GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &model_path, "Model file", "MODEL" },
    { "test", 0, 0, G_OPTION_ARG_FILENAME, &test_path, "Test data (CoNLL)", "FILE" },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output_path, "Write each line with the gold (IOB2) and predicted tag", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- score the model conlleval-style");
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierRecognizer) recognizer = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autofree char *report = NULL;
  DossierConllScore score = { { 0 } };
  g_autoptr(GString) output = g_string_new (NULL);
  gint64 t0;
  guint n_tokens = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("dossier-trainer eval: %s\n", error->message);
      return 2;
    }
  if (model_path == NULL)
    model_path = dossier_recognizer_default_model_path ();
  if (test_path == NULL)
    {
      g_printerr ("dossier-trainer eval: --test is required\n");
      return 2;
    }
  recognizer = dossier_recognizer_new_from_file (model_path, &error);
  if (recognizer == NULL)
    {
      g_printerr ("dossier-trainer: %s\n", error->message);
      return 1;
    }
  docs = dossier_conll_read (test_path, &error);
  if (docs == NULL)
    {
      g_printerr ("dossier-trainer: %s\n", error->message);
      return 1;
    }

  t0 = g_get_monotonic_time ();
  for (guint d = 0; d < docs->len; d++)
    {
      DossierConllDoc *doc = docs->pdata[d];
      guint n = doc->words->len;
      g_autofree const char **pred = g_new0 (const char *, n + 1);
      g_autofree const char **gold = g_new0 (const char *, n + 1);
      guint start = 0;

      dossier_recognizer_tag_tokens (recognizer, (const char *const *) doc->words->pdata, n,
                                     (const guint *) (gpointer) doc->sent_ends->data,
                                     doc->sent_ends->len, pred);
      n_tokens += n;
      for (guint s = 0; s < doc->sent_ends->len; s++)
        {
          guint end = g_array_index (doc->sent_ends, guint, s);

          for (guint i = start; i < end; i++)
            {
              gold[i] = dossier_label_to_iob2 (g_array_index (doc->gold, guint8, i),
                                               i > start ? g_array_index (doc->gold, guint8, i - 1) : 0);
              if (output_path != NULL)
                g_string_append_printf (output, "%s %s %s\n", (char *) doc->words->pdata[i], gold[i], pred[i]);
            }
          if (output_path != NULL)
            g_string_append_c (output, '\n');
          dossier_conll_score_add_sentence (&score, gold + start, pred + start, end - start);
          start = end;
        }
    }
  if (output_path != NULL && !g_file_set_contents (output_path, output->str, (gssize) output->len, &error))
    {
      g_printerr ("dossier-trainer: %s\n", error->message);
      return 1;
    }
  report = dossier_conll_score_format (&score);
  g_print ("%s", report);
  g_printerr ("tagged %u tokens in %.2f s\n", n_tokens, (g_get_monotonic_time () - t0) / 1e6);
  return 0;
}

static int
cmd_info (int argc, char **argv)
{
  g_autofree char *model_path = NULL;
  GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &model_path, "Model file", "MODEL" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- describe a model");
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierModel) model = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("dossier-trainer info: %s\n", error->message);
      return 2;
    }
  if (model_path == NULL)
    model_path = dossier_recognizer_default_model_path ();
  model = dossier_model_load (model_path, &error);
  if (model == NULL)
    {
      g_printerr ("dossier-trainer: %s\n", error->message);
      return 1;
    }
  g_print ("%s", dossier_model_metadata (model));
  return 0;
}

static int
cmd_prune (int argc, char **argv)
{
  g_autofree char *model_path = NULL, *out = NULL;
  int min_weight = 0;
  GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_FILENAME, &model_path, "Model file", "MODEL" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "Pruned model to write", "MODEL" },
    { "min-weight", 0, 0, G_OPTION_ARG_INT, &min_weight, "Drop weights below this (of 32000)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- drop small weights");
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierModel) model = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("dossier-trainer prune: %s\n", error->message);
      return 2;
    }
  if (model_path == NULL || out == NULL)
    {
      g_printerr ("dossier-trainer prune: --model and --out are required\n");
      return 2;
    }
  model = dossier_model_load (model_path, &error);
  if (model == NULL || !dossier_model_write_pruned (model, out, (guint) MAX (min_weight, 0), &error))
    {
      g_printerr ("dossier-trainer: %s\n", error->message);
      return 1;
    }
  return 0;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");

  if (argc >= 2 && g_str_equal (argv[1], "train"))
    return cmd_train (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "eval"))
    return cmd_eval (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "prune"))
    return cmd_prune (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "info"))
    return cmd_info (argc - 1, argv + 1);
  g_printerr ("Usage: dossier-trainer train|eval|prune|info [OPTION…]\n");
  return 2;
}
