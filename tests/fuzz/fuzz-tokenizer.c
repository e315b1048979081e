/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-tokenizer.c: any bytes through the tokenizer and sentence splitter,
 * checking their invariants, and through the recognizer when a model is
 * found (DOSSIER_NER_MODEL or the default path). */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "dossier-recognizer.h"
#include "dossier-sentences.h"
#include "dossier-tokenizer.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static DossierRecognizer *recognizer;
static gboolean tried;

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);   /* stops at a NUL, as C strings do */
  gsize len = strlen (text);
  g_autoptr(GArray) tokens = dossier_tokenize (text, (gssize) len);
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (guint));
  guint prev_end = 0, prev_byte = 0;

  for (guint i = 0; i < tokens->len; i++)
    {
      DossierToken *t = &g_array_index (tokens, DossierToken, i);

      g_assert_cmpuint (t->start, <, t->end);
      g_assert_cmpuint (t->start, >=, prev_end);
      g_assert_cmpuint (t->byte_start, <, t->byte_end);
      g_assert_cmpuint (t->byte_start, >=, prev_byte);
      g_assert_cmpuint (t->byte_end, <=, len);
      g_assert_cmpuint (t->end - t->start, <=, t->byte_end - t->byte_start);
      prev_end = t->end;
      prev_byte = t->byte_end;
    }

  dossier_split_sentences (text, (const DossierToken *) (gpointer) tokens->data, tokens->len, ends);
  for (guint s = 0, start = 0; s < ends->len; s++)
    {
      guint end = g_array_index (ends, guint, s);

      g_assert_cmpuint (end, >, start);
      g_assert_cmpuint (end - start, <=, DOSSIER_MAX_SENTENCE_TOKENS);
      start = end;
    }
  if (tokens->len > 0)
    g_assert_cmpuint (g_array_index (ends, guint, ends->len - 1), ==, tokens->len);

  if (!tried)
    {
      g_autofree char *path = dossier_recognizer_default_model_path ();

      recognizer = dossier_recognizer_new_from_file (path, NULL);
      tried = TRUE;
    }
  if (recognizer != NULL)
    {
      g_autoptr(GArray) spans = dossier_recognizer_find_names (recognizer, text);

      for (guint i = 0; i < spans->len; i++)
        {
          DossierNameSpan *span = &g_array_index (spans, DossierNameSpan, i);

          g_assert_cmpuint (span->start, <, span->end);
          g_assert_cmpuint (span->end, <=, prev_end);
        }
    }
  return 0;
}
