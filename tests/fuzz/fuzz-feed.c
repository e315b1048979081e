/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-feed.c: libFuzzer target for the feed parser, discovery and dates.
 * Build with -Dfuzzing=true and CC=clang; seeds in corpus/feed/. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "dossier-feed-parser.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(DossierParsedFeed) feed = NULL;
  g_autoptr(DossierParsedFeed) as_json = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *line = NULL;

  feed = dossier_feed_parse ((const char *) data, size, "https://fuzz.example/feed", NULL, NULL, NULL);
  if (feed != NULL)
    {
      /* Whatever comes out must be valid UTF-8 with no controls in titles. */
      g_assert (feed->title == NULL || g_utf8_validate (feed->title, -1, NULL));
      for (guint i = 0; i < feed->items->len; i++)
        {
          DossierFeedItem *item = g_ptr_array_index (feed->items, i);
          g_assert (item->title == NULL || g_utf8_validate (item->title, -1, NULL));
          g_assert (item->content == NULL || g_utf8_validate (item->content, -1, NULL));
          g_assert (item->summary == NULL || g_utf8_validate (item->summary, -1, NULL));
          g_assert (item->title == NULL || strchr (item->title, '\n') == NULL);
        }
    }
  as_json = dossier_feed_parse ((const char *) data, size, NULL, "application/feed+json", "iso-8859-1", NULL);
  found = dossier_feed_discover ((const char *) data, size, "https://fuzz.example/");

  if (size < 200)
    {
      g_autofree char *text = g_strndup ((const char *) data, size);
      (void) dossier_feed_parse_date (text);
      line = dossier_feed_clean_line (text);
    }
  return 0;
}
