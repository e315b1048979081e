/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-import.c: libFuzzer target for the importer's parsers — encoding
 * detection, Markdown and front matter, plain text — without a library. The
 * first byte picks the format. Checks that whatever comes out is valid UTF-8
 * without control characters other than newline and tab, with a title. */
#define G_LOG_DOMAIN "fuzz-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-import.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static const char *names[] = { "fuzz.md", "fuzz.txt", "fuzz.markdown", "fuzz.html", "fuzz" };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DossierDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  DossierImportOptions options = { .max_size = 1024 * 1024 };
  const char *name;

  if (size == 0)
    return 0;
  name = names[data[0] % G_N_ELEMENTS (names)];

  doc = dossier_import_parse (name, (const char *) data + 1, size - 1, &options, warnings, &error);
  if (doc == NULL)
    {
      g_assert (error != NULL && error->domain == DOSSIER_IMPORT_ERROR);
      g_assert (strchr (error->message, '\n') == NULL);
      return 0;
    }

  g_assert (error == NULL);
  g_assert (doc->text != NULL && *doc->text != '\0');
  g_assert (g_utf8_validate (doc->text, -1, NULL));
  g_assert (doc->title != NULL && *doc->title != '\0');
  g_assert (g_utf8_validate (doc->title, -1, NULL));
  g_assert (g_str_has_prefix (doc->uid, "sha256:"));
  for (const char *p = doc->text; *p != '\0'; p++)
    g_assert ((guchar) *p >= 0x20 || *p == '\n' || *p == '\t');
  for (const char *p = doc->title; *p != '\0'; p++)
    g_assert ((guchar) *p >= 0x20);
  for (guint i = 0; i < warnings->len; i++)
    g_assert (strchr (g_ptr_array_index (warnings, i), '\n') == NULL);
  return 0;
}
