/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-conll-eval.c: conlleval's counting rules, and the shipped model's
 * F1 on the CoNLL-2003 development split (when both are present). */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "dossier-perceptron.h"
#include "dossier-recognizer.h"

typedef struct {
  const char *gold;
  const char *predicted;
  guint correct, n_gold, n_predicted;
} Case;

static const Case cases[] = {
  /* IOB1 gold against IOB2 predictions of the same chunks. */
  { "I-PER I-PER O I-LOC", "B-PER I-PER O B-LOC", 2, 2, 2 },
  /* IOB1 B- splits two touching chunks of one type. */
  { "I-LOC B-LOC O", "B-LOC I-LOC O", 0, 2, 1 },
  { "I-LOC B-LOC O", "B-LOC B-LOC O", 2, 2, 2 },
  /* A wrong type or boundary is wrong. */
  { "I-ORG I-ORG", "B-ORG O", 0, 1, 1 },
  { "I-ORG I-ORG", "B-MISC I-MISC", 0, 1, 1 },
  /* An I- after O or after another type starts a chunk. */
  { "O I-MISC I-PER", "O I-MISC B-PER", 2, 2, 2 },
  { "O O O", "B-PER O O", 0, 0, 1 },
};

static void
test_counting (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_auto(GStrv) gold = g_strsplit (cases[c].gold, " ", -1);
      g_auto(GStrv) pred = g_strsplit (cases[c].predicted, " ", -1);
      DossierConllScore score = { { 0 } };
      guint correct = 0, n_gold = 0, n_pred = 0;

      g_assert_cmpuint (g_strv_length (gold), ==, g_strv_length (pred));
      dossier_conll_score_add_sentence (&score, (const char *const *) gold, (const char *const *) pred,
                                        g_strv_length (gold));
      for (guint k = 0; k < DOSSIER_N_TYPES; k++)
        {
          correct += score.correct[k];
          n_gold += score.gold[k];
          n_pred += score.predicted[k];
        }
      g_test_message ("case %u", c);
      g_assert_cmpuint (correct, ==, cases[c].correct);
      g_assert_cmpuint (n_gold, ==, cases[c].n_gold);
      g_assert_cmpuint (n_pred, ==, cases[c].n_predicted);
    }
}

/* IOB1 input becomes BILOU labels that print back as the same chunks. */
static void
test_iob1_conversion (void)
{
  const char *text =
    "-DOCSTART- -X- -X- O\n\n"
    "EU I-ORG\nrejects O\nGerman I-MISC\ncall O\n\n"
    "Peter I-PER\nBlackburn I-PER\n\n"
    "Bonn I-LOC\nBerlin B-LOC\nParis I-LOC\n";
  g_autoptr(GPtrArray) docs = dossier_conll_parse (text, strlen (text));
  DossierConllDoc *doc;
  const char *expected[] = { "B-ORG", "O", "B-MISC", "O", "B-PER", "I-PER", "B-LOC", "B-LOC", "I-LOC" };

  g_assert_cmpuint (docs->len, ==, 1);
  doc = docs->pdata[0];
  g_assert_cmpuint (doc->words->len, ==, 9);
  g_assert_cmpuint (doc->sent_ends->len, ==, 3);
  for (guint i = 0; i < 9; i++)
    {
      guint prev = (i == 0 || i == 4 || i == 6) ? 0 : g_array_index (doc->gold, guint8, i - 1);

      g_assert_cmpstr (dossier_label_to_iob2 (g_array_index (doc->gold, guint8, i), prev), ==, expected[i]);
    }
}

/* The quality floor of issue 3, on the development split. */
static void
test_dev_split (void)
{
  const char *data = g_getenv ("DOSSIER_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autofree char *model_path = dossier_recognizer_default_model_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierRecognizer) recognizer = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autofree char *report = NULL;
  DossierConllScore score = { { 0 } };

  path = g_build_filename (data ? data : "", "ner", "conll2003", "eng.testa", NULL);
  if (data == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("CoNLL-2003 eng.testa not found (set DOSSIER_SHARED_DATA)");
      return;
    }
  if (!g_file_test (model_path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no trained model (see resources/ner/MODEL.md)");
      return;
    }
  recognizer = dossier_recognizer_new_from_file (model_path, &error);
  g_assert_no_error (error);
  docs = dossier_conll_read (path, &error);
  g_assert_no_error (error);

  for (guint d = 0; d < docs->len; d++)
    {
      DossierConllDoc *doc = docs->pdata[d];
      guint n = doc->words->len;
      g_autofree const char **pred = g_new0 (const char *, n);
      g_autofree const char **gold = g_new0 (const char *, n);
      guint start = 0;

      dossier_recognizer_tag_tokens (recognizer, (const char *const *) doc->words->pdata, n,
                                     (const guint *) (gpointer) doc->sent_ends->data,
                                     doc->sent_ends->len, pred);
      for (guint s = 0; s < doc->sent_ends->len; s++)
        {
          guint end = g_array_index (doc->sent_ends, guint, s);

          for (guint i = start; i < end; i++)
            gold[i] = dossier_label_to_iob2 (g_array_index (doc->gold, guint8, i),
                                             i > start ? g_array_index (doc->gold, guint8, i - 1) : 0);
          dossier_conll_score_add_sentence (&score, gold + start, pred + start, end - start);
          start = end;
        }
    }
  report = dossier_conll_score_format (&score);
  g_test_message ("%s", report);
  g_assert_cmpuint (score.tokens, ==, 51362);
  g_assert_cmpfloat (dossier_conll_score_f1 (&score, -1), >=, 92.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ner/conll/counting", test_counting);
  g_test_add_func ("/ner/conll/iob1", test_iob1_conversion);
  g_test_add_func ("/ner/conll/dev-split", test_dev_split);
  return g_test_run ();
}
