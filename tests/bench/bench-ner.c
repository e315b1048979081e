/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ner.c: the recognizer's figures for issue 3's budget — model load
 * time, tokenizing + tagging throughput on one core, and memory. Prints
 * figures; never fails on time. Uses the CoNLL-2003 dev split's text when
 * DOSSIER_SHARED_DATA has it, else a synthetic news-like text. */

#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dossier-perceptron.h"
#include "dossier-recognizer.h"
#include "dossier-sentences.h"
#include "dossier-tokenizer.h"

/* CPU time of this thread, in microseconds: the machine is shared, so wall
 * time alone would measure the neighbours too. Both are printed. */
static gint64
cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static long
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  p = strstr (status, field);
  return p ? strtol (p + strlen (field) + 1, NULL, 10) : -1;
}

/* The dev split as running text: one line per sentence, a blank line per document. */
static GPtrArray *
load_texts (guint *n_tokens)
{
  const char *data = g_getenv ("DOSSIER_SHARED_DATA");
  g_autofree char *path = g_build_filename (data ? data : "", "ner", "conll2003", "eng.testa", NULL);
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) docs = NULL;

  *n_tokens = 0;
  if (data != NULL && (docs = dossier_conll_read (path, NULL)) != NULL)
    {
      g_print ("text: CoNLL-2003 eng.testa, %u documents\n", docs->len);
      for (guint d = 0; d < docs->len; d++)
        {
          DossierConllDoc *doc = docs->pdata[d];
          GString *s = g_string_new (NULL);
          guint start = 0;

          for (guint k = 0; k < doc->sent_ends->len; k++)
            {
              guint end = g_array_index (doc->sent_ends, guint, k);

              for (guint i = start; i < end; i++)
                {
                  g_string_append (s, doc->words->pdata[i]);
                  g_string_append_c (s, i + 1 < end ? ' ' : '\n');
                }
              start = end;
            }
          g_ptr_array_add (texts, g_string_free (s, FALSE));
        }
    }
  else
    {
      static const char *sentences[] = {
        "Albania cut diplomatic ties with Iran on Wednesday after a cyberattack in July.",
        "Prime Minister Edi Rama said Microsoft and the FBI had traced the attack to Tehran.",
        "The People's Mojahedin Organization of Iran (MEK) runs a camp near Durr\xC3\xABs.",
        "\xE2\x80\x9CWe will respond,\xE2\x80\x9D a spokesman for the U.S. State Department told Reuters.",
        "NATO allies in Brussels backed Tirana, and the European Union condemned the attack.",
      };
      g_print ("text: synthetic (set DOSSIER_SHARED_DATA for the dev split)\n");
      for (guint d = 0; d < 200; d++)
        {
          GString *s = g_string_new (NULL);

          for (guint k = 0; k < 50; k++)
            {
              g_string_append (s, sentences[(d + k) % G_N_ELEMENTS (sentences)]);
              g_string_append_c (s, k % 5 == 4 ? '\n' : ' ');
            }
          g_ptr_array_add (texts, g_string_free (s, FALSE));
        }
    }
  for (guint d = 0; d < texts->len; d++)
    {
      g_autoptr(GArray) tokens = dossier_tokenize (texts->pdata[d], -1);

      *n_tokens += tokens->len;
    }
  return texts;
}

int
main (int argc, char **argv)
{
  g_autofree char *model_path = dossier_recognizer_default_model_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  DossierRecognizer *recognizer;
  guint n_tokens, n_spans = 0;
  long rss_before, rss_after;
  gint64 t0, t1;
  double load_ms = 1e9, best = 0.0, tok_only = 0.0, best_cpu = 0.0;
  gint64 c0, c1;

  texts = load_texts (&n_tokens);
  rss_before = status_kb ("VmRSS:");

  /* Model load: best of five (the first may include reading from disk). */
  for (guint round = 0; round < 5; round++)
    {
      t0 = g_get_monotonic_time ();
      recognizer = dossier_recognizer_new_from_file (model_path, &error);
      t1 = g_get_monotonic_time ();
      if (recognizer == NULL)
        {
          g_print ("cannot load the model: %s\n", error->message);
          return 0;
        }
      load_ms = MIN (load_ms, (t1 - t0) / 1000.0);
      if (round < 4)
        dossier_recognizer_unref (recognizer);
    }
  g_print ("model: %s\n", model_path);
  g_print ("model load: %.2f ms\n", load_ms);

  /* Tokenizing alone, and tokenizing + sentences + tagging (find_names). */
  for (guint round = 0; round < 3; round++)
    {
      t0 = g_get_monotonic_time ();
      for (guint d = 0; d < texts->len; d++)
        {
          g_autoptr(GArray) tokens = dossier_tokenize (texts->pdata[d], -1);
          g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (guint));

          dossier_split_sentences (texts->pdata[d], (const DossierToken *) (gpointer) tokens->data,
                                   tokens->len, ends);
        }
      t1 = g_get_monotonic_time ();
      tok_only = MAX (tok_only, n_tokens / ((t1 - t0) / 1e6));

      n_spans = 0;
      t0 = g_get_monotonic_time ();
      c0 = cpu_time ();
      for (guint d = 0; d < texts->len; d++)
        {
          g_autoptr(GArray) spans = dossier_recognizer_find_names (recognizer, texts->pdata[d]);

          n_spans += spans->len;
        }
      t1 = g_get_monotonic_time ();
      c1 = cpu_time ();
      best = MAX (best, n_tokens / ((t1 - t0) / 1e6));
      best_cpu = MAX (best_cpu, n_tokens / ((c1 - c0) / 1e6));
    }
  rss_after = status_kb ("VmRSS:");

  g_print ("tokens: %u, names found: %u\n", n_tokens, n_spans);
  g_print ("tokenizing + sentences: %.0f tokens/s\n", tok_only);
  g_print ("tokenizing + tagging (find_names, one thread): %.0f tokens/s wall, %.0f tokens/s of CPU time\n",
           best, best_cpu);
  g_print ("memory: %ld kB resident after loading and tagging (+%ld kB over the texts; peak %ld kB)\n",
           rss_after, rss_after - rss_before, status_kb ("VmHWM:"));

  /* One large text, to see the memory bound of block-wise tagging. */
  {
    g_autoptr(GString) big = g_string_new (NULL);
    g_autoptr(GArray) spans = NULL;

    while (big->len < 4 * 1024 * 1024)
      for (guint d = 0; d < texts->len && big->len < 4 * 1024 * 1024; d++)
        g_string_append (big, texts->pdata[d]);
    rss_before = status_kb ("VmRSS:");
    t0 = g_get_monotonic_time ();
    spans = dossier_recognizer_find_names (recognizer, big->str);
    t1 = g_get_monotonic_time ();
    g_print ("4 MB text: %u names in %.2f s; resident %+ld kB while tagging it (peak %ld kB)\n",
             spans->len, (t1 - t0) / 1e6, status_kb ("VmRSS:") - rss_before, status_kb ("VmHWM:"));
  }

  dossier_recognizer_unref (recognizer);
  return 0;
}
