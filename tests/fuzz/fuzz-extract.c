/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-extract.c: libFuzzer target for the article extractor and for
 * HTML-to-text, the two entry points that see untrusted HTML. Checks that
 * whatever comes out is valid UTF-8 without control characters in the title. */
#define G_LOG_DOMAIN "fuzz-extract"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-extract.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierArticle) article = NULL;
  g_autofree char *text = NULL;

  article = dossier_extract_article ((const char *) data, size, size % 2 ? "ISO-8859-1" : NULL,
                                     "https://example.com/a/b.html", &error);
  if (article != NULL)
    {
      g_assert (g_utf8_validate (article->text, -1, NULL));
      g_assert (g_utf8_validate (article->title, -1, NULL));
      for (const char *p = article->title; *p != '\0'; p++)
        g_assert ((guchar) *p >= 0x20);
    }
  else
    g_assert (error != NULL && error->message != NULL);

  text = dossier_html_to_text ((const char *) data, size, NULL);
  g_assert (text != NULL && g_utf8_validate (text, -1, NULL));
  return 0;
}
