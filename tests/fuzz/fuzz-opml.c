/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-opml.c: libFuzzer target for the OPML reader, and the writer on what
 * it read (a written list must read back). Seeds in corpus/opml/. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "dossier-opml.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GPtrArray) entries = dossier_opml_parse ((const char *) data, size, NULL, NULL);
  g_autofree char *written = NULL;
  g_autoptr(GPtrArray) again = NULL;

  if (entries == NULL)
    return 0;
  written = dossier_opml_write (entries, "fuzz");
  again = dossier_opml_parse (written, strlen (written), NULL, NULL);
  g_assert (again != NULL);
  g_assert (again->len == entries->len);
  return 0;
}
