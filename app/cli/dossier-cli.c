/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-cli.c: the command-line entry point; shares the core with the window. */
#define G_LOG_DOMAIN "dossier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "dossier-cli-private.h"

typedef struct {
  const char     *name;
  DossierCliVerb  run;
  const char     *summary;
} VerbEntry;

static const VerbEntry verbs[] = {
  { "import",   dossier_cli_import,   N_("Import files or folders into the library") },
  { "list",     dossier_cli_list,     N_("List the documents") },
  { "show",     dossier_cli_show,     N_("Show one document") },
  { "search",   dossier_cli_search,   N_("Search the library") },
  { "annotate", dossier_cli_annotate, N_("Add, list or remove highlights") },
  { "export",   dossier_cli_export,   N_("Export notes") },
  { "entities", dossier_cli_entities, N_("List the library's entities") },
  { "ner",      dossier_cli_ner,      N_("Find entities in files without storing them") },
  { "tag",      dossier_cli_tag,      N_("Tag CoNLL text on standard input") },
  { "feeds",    dossier_cli_feeds,    N_("Manage feed subscriptions") },
  { "fetch",    dossier_cli_fetch,    N_("Fetch one web page into the library") },
  { "extract",  dossier_cli_extract,  N_("Extract the article from an HTML file") },
};

void
dossier_cli_error (const char *format,
                   ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line, always: a multi-line reason would break scripts reading stderr. */
  g_strdelimit (message, "\r\n", ' ');
  fprintf (stderr, "dossier-cli: %s\n", message);
}

void
dossier_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *str = NULL;

  json_generator_set_root (generator, root);
  str = json_generator_to_data (generator, NULL);
  fputs (str, stdout);
  fputc ('\n', stdout);
}

DossierStore *
dossier_cli_open_store (DossierCliContext  *ctx,
                        GError            **error)
{
  g_autofree char *path = NULL;

  path = ctx->library_path ? g_strdup (ctx->library_path) : dossier_store_default_path ();
  return dossier_store_open (path, error);
}

gboolean
dossier_cli_parse (DossierCliContext   *ctx,
                   const char          *parameter_string,
                   const char          *summary,
                   GOptionEntry        *entries,
                   int                 *argc,
                   char              ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("%s %s", (*argv)[0], parameter_string ? parameter_string : "");
  GOptionEntry common[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &ctx->json, N_("Print one JSON object per line"), NULL },
    { "library", 0, 0, G_OPTION_ARG_FILENAME, &ctx->library_path, N_("Use the library at PATH"), N_("PATH") },
    { NULL }
  };

  context = g_option_context_new (name);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      dossier_cli_error ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: dossier-cli [--library PATH] VERB [OPTIONS…]"));
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    fprintf (out, "  %-10s %s\n", verbs[i].name, _(verbs[i].summary));
  fprintf (out, "\n%s\n", _("Run “dossier-cli VERB --help” for the options of a verb."));
}

int
main (int   argc,
      char *argv[])
{
  DossierCliContext ctx = { 0 };
  int first = 1;
  int status;

  setlocale (LC_ALL, "");
  g_set_prgname ("dossier-cli");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options may stand before the verb. */
  while (first < argc && argv[first][0] == '-')
    {
      if (strcmp (argv[first], "--library") == 0 && first + 1 < argc)
        {
          g_free (ctx.library_path);
          ctx.library_path = g_strdup (argv[first + 1]);
          first += 2;
        }
      else if (g_str_has_prefix (argv[first], "--library="))
        {
          g_free (ctx.library_path);
          ctx.library_path = g_strdup (argv[first] + strlen ("--library="));
          first += 1;
        }
      else if (strcmp (argv[first], "--json") == 0)
        {
          ctx.json = TRUE;
          first += 1;
        }
      else if (strcmp (argv[first], "--help") == 0 || strcmp (argv[first], "-h") == 0)
        {
          print_usage (stdout);
          return 0;
        }
      else if (strcmp (argv[first], "--version") == 0)
        {
          printf ("dossier-cli %s\n", PACKAGE_VERSION);
          return 0;
        }
      else
        {
          dossier_cli_error (_("unknown option “%s”"), argv[first]);
          return 2;
        }
    }

  if (first >= argc)
    {
      print_usage (stderr);
      return 2;
    }

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      if (strcmp (argv[first], verbs[i].name) == 0)
        {
          status = verbs[i].run (&ctx, argc - first, argv + first);
          g_free (ctx.library_path);
          fflush (stdout);
          return status;
        }
    }

  dossier_cli_error (_("unknown verb “%s”; run “dossier-cli --help” for the list"), argv[first]);
  g_free (ctx.library_path);
  return 2;
}
