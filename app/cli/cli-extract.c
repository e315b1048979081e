/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-extract.c: the `extract` verb — runs the article extractor on one HTML
 * file and prints the result. Owns only printing; must not open or write the
 * library (extraction only, nothing stored). */
#define G_LOG_DOMAIN "dossier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "dossier-cli-private.h"
#include "dossier-extract.h"

static void
add_nullable (JsonBuilder *builder,
              const char  *member,
              const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
print_json (const char     *path,
            DossierArticle *article)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_nullable (builder, "file", path);
  add_nullable (builder, "title", article->title);
  add_nullable (builder, "byline", article->byline);
  add_nullable (builder, "date", article->date);
  json_builder_set_member_name (builder, "published");
  if (article->published != 0)
    json_builder_add_int_value (builder, article->published);
  else
    json_builder_add_null_value (builder);
  add_nullable (builder, "site_name", article->site_name);
  add_nullable (builder, "lang", article->lang);
  add_nullable (builder, "excerpt", article->excerpt);
  add_nullable (builder, "text", article->text);
  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < article->warnings->len; i++)
    json_builder_add_string_value (builder, article->warnings->pdata[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  dossier_cli_print_json (builder);
}

static void
print_summary (DossierArticle *article)
{
  g_autofree char *date = NULL;
  guint words = 0;
  gboolean in_word = FALSE;

  for (const char *p = article->text; *p != '\0'; p++)
    {
      gboolean space = g_ascii_isspace (*p);
      if (!space && !in_word)
        words++;
      in_word = !space;
    }

  printf ("%s: %s\n", _("Title"), article->title);
  if (article->byline != NULL)
    printf ("%s: %s\n", _("By"), article->byline);
  if (article->date != NULL)
    printf ("%s: %s\n", _("Published"), article->date);
  if (article->site_name != NULL)
    printf ("%s: %s\n", _("Site"), article->site_name);
  if (article->lang != NULL)
    printf ("%s: %s\n", _("Language"), article->lang);
  printf ("%s: %u\n", _("Words"), words);
  printf ("\n%s\n", article->text);
}

int
dossier_cli_extract (DossierCliContext  *ctx,
                     int                 argc,
                     char              **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierArticle) article = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *url = NULL;
  g_autofree char *charset = NULL;
  gboolean text_only = FALSE;
  gsize length = 0;
  GOptionEntry entries[] = {
    { "text", 0, 0, G_OPTION_ARG_NONE, &text_only, N_("Print only the article text"), NULL },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("The address the page came from (resolves relative links)"), N_("URL") },
    { "charset", 0, 0, G_OPTION_ARG_STRING, &charset, N_("Character set to assume when the page names none"), N_("CHARSET") },
    { NULL }
  };

  if (!dossier_cli_parse (ctx, "FILE.html",
                          _("Extract the article from an HTML file. Nothing is stored."),
                          entries, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      dossier_cli_error (_("extract needs exactly one HTML file"));
      return 2;
    }
  if (text_only && ctx->json)
    {
      dossier_cli_error (_("--text and --json can not be used together"));
      return 2;
    }

  if (!g_file_get_contents (argv[1], &contents, &length, &error))
    {
      dossier_cli_error ("%s", error->message);
      return 1;
    }

  article = dossier_extract_article (contents, length, charset, url, &error);
  if (article == NULL)
    {
      dossier_cli_error (_("%s: %s"), argv[1], error->message);
      return 1;
    }

  for (guint i = 0; i < article->warnings->len; i++)
    g_printerr ("dossier-cli: %s: %s\n", argv[1], (const char *) article->warnings->pdata[i]);

  if (text_only)
    printf ("%s\n", article->text);
  else if (ctx->json)
    print_json (argv[1], article);
  else
    print_summary (article);
  return 0;
}
