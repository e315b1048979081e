/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-library.c: the library verbs of dossier-cli — import, list, show,
 * search, annotate, export.
 *
 * Owns: option parsing and output formats of these verbs (text for people,
 * one JSON object per line with --json). It must not hold SQL or import
 * logic: the store, the importer and the exporter in app/core do the work.
 */
#define G_LOG_DOMAIN "dossier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "dossier-cli-private.h"
#include "dossier-export.h"
#include "dossier-import.h"

#define SNIPPET_OPEN  "\xee\x80\x80"   /* U+E000, the store's match markers */
#define SNIPPET_CLOSE "\xee\x80\x81"   /* U+E001 */

/* --------------------------------------------------------------- helpers -- */

static gboolean
parse_id (const char *str,
          gint64     *out_id)
{
  guint64 value = 0;

  if (str == NULL || !g_ascii_string_to_unsigned (str, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *out_id = (gint64) value;
  return TRUE;
}

static char *
iso_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time == 0)
    return NULL;
  dt = g_date_time_new_from_unix_utc (unix_time);
  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static char *
short_date (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time == 0)
    return g_strdup ("—");
  dt = g_date_time_new_from_unix_utc (unix_time);
  return dt ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup ("—");
}

static void
json_add_string (JsonBuilder *builder,
                 const char  *name,
                 const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
json_add_int (JsonBuilder *builder,
              const char  *name,
              gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
json_add_time (JsonBuilder *builder,
               const char  *name,
               gint64       value)
{
  g_autofree char *iso = iso_time (value);

  json_add_string (builder, name, iso);
}

/* One line of text for a terminal: line breaks become spaces, long text is cut. */
static char *
one_line (const char *text,
          guint       max_chars)
{
  g_autofree char *flat = g_strdup (text ? text : "");
  GString *out;

  g_strdelimit (flat, "\r\n\t", ' ');
  if (g_utf8_strlen (flat, -1) <= max_chars)
    return g_steal_pointer (&flat);
  out = g_string_new_len (flat, g_utf8_offset_to_pointer (flat, max_chars) - flat);
  g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static DossierStore *
open_store (DossierCliContext *ctx)
{
  g_autoptr(GError) error = NULL;
  DossierStore *store = dossier_cli_open_store (ctx, &error);

  if (store == NULL)
    dossier_cli_error ("%s", error->message);
  return store;
}

static DossierDocument *
get_document (DossierStore *store,
              gint64        id)
{
  g_autoptr(GError) error = NULL;
  DossierDocument *doc = dossier_store_get_document (store, id, &error);

  if (doc == NULL)
    {
      if (g_error_matches (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND))
        dossier_cli_error (_("no document with id %" G_GINT64_FORMAT " in the library"), id);
      else
        dossier_cli_error ("%s", error->message);
    }
  return doc;
}

/* ---------------------------------------------------------------- import -- */

static void
print_import_result (DossierCliContext         *ctx,
                     const DossierImportResult *result)
{
  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      static const char *statuses[] = { "stored", "duplicate", "refused" };

      json_builder_begin_object (builder);
      json_add_string (builder, "path", result->path);
      json_add_string (builder, "status", statuses[result->status]);
      json_builder_set_member_name (builder, "id");
      if (result->id > 0)
        json_builder_add_int_value (builder, result->id);
      else
        json_builder_add_null_value (builder);
      json_add_string (builder, "title", result->title);
      json_add_string (builder, "reason", result->reason);
      json_builder_set_member_name (builder, "warnings");
      json_builder_begin_array (builder);
      for (guint i = 0; result->warnings && i < result->warnings->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (result->warnings, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      dossier_cli_print_json (builder);
      return;
    }

  for (guint i = 0; result->warnings && i < result->warnings->len; i++)
    dossier_cli_error (_("warning: %s"), (const char *) g_ptr_array_index (result->warnings, i));

  switch (result->status)
    {
    case DOSSIER_IMPORT_STORED:
      printf (_("stored %" G_GINT64_FORMAT ": “%s” from %s\n"), result->id, result->title, result->path);
      break;
    case DOSSIER_IMPORT_DUPLICATE:
      printf (_("duplicate %" G_GINT64_FORMAT ": %s\n"), result->id, result->reason);
      break;
    case DOSSIER_IMPORT_REFUSED:
    default:
      dossier_cli_error (_("refused: %s"), result->reason);
      break;
    }
}

int
dossier_cli_import (DossierCliContext *ctx,
                    int                argc,
                    char             **argv)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GArray) stored_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  DossierImportOptions options = { 0 };
  double max_size_mb = 0;
  gboolean any_refused = FALSE;
  GOptionEntry entries[] = {
    { "max-size", 0, 0, G_OPTION_ARG_DOUBLE, &max_size_mb,
      N_("Refuse files larger than MB megabytes (default 50)"), N_("MB") },
    { NULL }
  };

  if (!dossier_cli_parse (ctx, _("PATH…"), _("Imports text, Markdown and HTML files, or folders of them."),
                          entries, &argc, &argv))
    return 2;
  if (argc < 2)
    {
      dossier_cli_error (_("import needs at least one file or folder"));
      return 2;
    }
  if (max_size_mb < 0 || max_size_mb > 1024 * 1024)
    {
      dossier_cli_error (_("--max-size must be a positive number of megabytes"));
      return 2;
    }
  options.max_size = (guint64) (max_size_mb * 1024 * 1024);

  store = open_store (ctx);
  if (store == NULL)
    return 1;

  for (int i = 1; i < argc; i++)
    {
      const char *paths[] = { argv[i], NULL };
      g_autoptr(GPtrArray) results = dossier_import_paths (store, paths, &options, NULL);

      for (guint j = 0; j < results->len; j++)
        {
          const DossierImportResult *result = g_ptr_array_index (results, j);

          print_import_result (ctx, result);
          if (result->status == DOSSIER_IMPORT_REFUSED)
            any_refused = TRUE;
          else if (result->status == DOSSIER_IMPORT_STORED)
            g_array_append_val (stored_ids, result->id);
        }
      fflush (stdout);
    }

  /* ------------------------------------------------------------------------
   * DOCUMENTS STORED BY THIS CALL: `stored_ids` (gint64) holds the id of each
   * newly stored document, in import order. Entity analysis of the new
   * documents belongs here, after every file has been stored.
   * ------------------------------------------------------------------------ */
  dossier_cli_analyze_stored (store, stored_ids);

  return any_refused ? 1 : 0;
}

/* ------------------------------------------------------------------ list -- */

static void
print_document_json (const DossierDocument *doc,
                     gboolean               with_text)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_add_int (builder, "id", doc->id);
  json_add_string (builder, "title", doc->title);
  json_add_string (builder, "author", doc->author);
  json_add_string (builder, "source", doc->source);
  json_add_string (builder, "url", doc->url);
  json_add_time (builder, "published", doc->published);
  json_add_time (builder, "added", doc->added);
  json_add_int (builder, "notes", doc->note_count);
  json_add_int (builder, "words", doc->word_count);
  json_add_string (builder, "lang", doc->lang);
  if (with_text)
    json_add_string (builder, "text", doc->text);
  json_builder_end_object (builder);
  dossier_cli_print_json (builder);
}

int
dossier_cli_list (DossierCliContext *ctx,
                  int                argc,
                  char             **argv)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sort = NULL;
  DossierQuery query = { 0 };
  GOptionEntry entries[] = {
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort, N_("Order by date (default), title or added"), N_("ORDER") },
    { NULL }
  };

  if (!dossier_cli_parse (ctx, NULL, _("Lists the documents in the library."), entries, &argc, &argv))
    return 2;
  if (argc > 1)
    {
      dossier_cli_error (_("list takes no arguments (got “%s”)"), argv[1]);
      return 2;
    }
  if (sort == NULL || strcmp (sort, "date") == 0)
    query.sort = DOSSIER_SORT_PUBLISHED;
  else if (strcmp (sort, "title") == 0)
    query.sort = DOSSIER_SORT_TITLE;
  else if (strcmp (sort, "added") == 0)
    query.sort = DOSSIER_SORT_ADDED;
  else
    {
      dossier_cli_error (_("unknown order “%s”: use date, title or added"), sort);
      return 2;
    }

  store = open_store (ctx);
  if (store == NULL)
    return 1;

  ids = dossier_store_query_ids (store, &query, &error);
  if (ids == NULL)
    {
      dossier_cli_error ("%s", error->message);
      return 1;
    }

  /* Rows in pages, so a large library never sits in memory at once. */
  for (guint offset = 0; offset < ids->len; offset += 256)
    {
      guint n = MIN (256, ids->len - offset);
      g_autoptr(GPtrArray) docs = dossier_store_get_documents (store, &g_array_index (ids, gint64, offset), n, &error);

      if (docs == NULL)
        {
          dossier_cli_error ("%s", error->message);
          return 1;
        }
      for (guint i = 0; i < docs->len; i++)
        {
          const DossierDocument *doc = g_ptr_array_index (docs, i);

          if (ctx->json)
            print_document_json (doc, FALSE);
          else
            {
              g_autofree char *date = short_date (doc->published);
              g_autofree char *title = one_line (doc->title, 80);
              GString *line = g_string_new (NULL);

              g_string_append_printf (line, "%6" G_GINT64_FORMAT "  %-10s  %s", doc->id, date, title);
              if (doc->source != NULL && *doc->source != '\0')
                g_string_append_printf (line, " — %s", doc->source);
              if (doc->note_count > 0)
                {
                  g_string_append (line, "  [");
                  g_string_append_printf (line, g_dngettext (GETTEXT_PACKAGE, "%u note", "%u notes", doc->note_count),
                                          doc->note_count);
                  g_string_append_c (line, ']');
                }
              puts (line->str);
              g_string_free (line, TRUE);
            }
        }
    }
  return 0;
}

/* ------------------------------------------------------------------ show -- */

int
dossier_cli_show (DossierCliContext *ctx,
                  int                argc,
                  char             **argv)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierDocument) doc = NULL;
  gint64 id = 0;

  if (!dossier_cli_parse (ctx, _("ID"), _("Shows one document: its details and text."), NULL, &argc, &argv))
    return 2;
  if (argc != 2 || !parse_id (argv[1], &id))
    {
      dossier_cli_error (_("show needs one document id (a positive number)"));
      return 2;
    }

  store = open_store (ctx);
  if (store == NULL)
    return 1;
  doc = get_document (store, id);
  if (doc == NULL)
    return 1;

  if (ctx->json)
    print_document_json (doc, TRUE);
  else
    {
      g_autofree char *published = short_date (doc->published);
      g_autofree char *added = short_date (doc->added);

      printf ("%s\n", doc->title);
      if (doc->author != NULL && *doc->author)
        printf ("%s: %s\n", _("Author"), doc->author);
      if (doc->source != NULL && *doc->source)
        printf ("%s: %s\n", _("Source"), doc->source);
      if (doc->url != NULL && *doc->url)
        printf ("%s: %s\n", _("URL"), doc->url);
      printf ("%s: %s\n", _("Published"), published);
      printf ("%s: %s\n", _("Added"), added);
      printf ("%s: %u\n", _("Words"), doc->word_count);
      printf ("%s: %u\n", _("Notes"), doc->note_count);
      printf ("\n%s\n", doc->text ? doc->text : "");
    }
  return 0;
}

/* ---------------------------------------------------------------- search -- */

static char *
snippet_text (const char *snippet,
              gboolean    plain)
{
  g_autoptr(GString) out = g_string_new (snippet ? snippet : "");

  g_string_replace (out, SNIPPET_OPEN, plain ? "" : "«", 0);
  g_string_replace (out, SNIPPET_CLOSE, plain ? "" : "»", 0);
  g_strdelimit (out->str, "\n\t", ' ');
  return g_strdup (out->str);
}

int
dossier_cli_search (DossierCliContext *ctx,
                    int                argc,
                    char             **argv)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  int limit = 20;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show at most N results (default 20)"), N_("N") },
    { NULL }
  };

  if (!dossier_cli_parse (ctx, _("QUERY"), _("Searches the library; the best matches come first."),
                          entries, &argc, &argv))
    return 2;
  if (argc < 2)
    {
      dossier_cli_error (_("search needs a query"));
      return 2;
    }
  if (limit <= 0)
    {
      dossier_cli_error (_("--limit must be a positive number"));
      return 2;
    }
  query = g_strjoinv (" ", argv + 1);
  if (*g_strstrip (query) == '\0')
    {
      dossier_cli_error (_("search needs a query"));
      return 2;
    }

  store = open_store (ctx);
  if (store == NULL)
    return 1;

  hits = dossier_store_search (store, query, 0, limit, &error);
  if (hits == NULL)
    {
      dossier_cli_error (_("search for “%s” failed: %s"), query, error->message);
      return 1;
    }

  for (guint i = 0; i < hits->len; i++)
    {
      const DossierSearchHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *snippet = snippet_text (hit->snippet, ctx->json);

      if (ctx->json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          json_add_int (builder, "id", hit->id);
          json_add_string (builder, "title", hit->title);
          json_add_string (builder, "snippet", snippet);
          json_builder_set_member_name (builder, "rank");
          json_builder_add_double_value (builder, hit->rank);
          json_builder_end_object (builder);
          dossier_cli_print_json (builder);
        }
      else
        printf ("%6" G_GINT64_FORMAT "  %s\n        %s\n", hit->id, hit->title, snippet);
    }
  if (hits->len == 0 && !ctx->json)
    fprintf (stderr, "%s\n", _("No documents match."));
  return 0;
}

/* -------------------------------------------------------------- annotate -- */

static void
print_annotation (DossierCliContext       *ctx,
                  const DossierAnnotation *a)
{
  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_add_int (builder, "id", a->id);
      json_add_int (builder, "document_id", a->document_id);
      json_add_int (builder, "start", a->start);
      json_add_int (builder, "end", a->end);
      json_add_string (builder, "color", dossier_color_to_string (a->color));
      json_add_string (builder, "quote", a->quote);
      json_add_string (builder, "prefix", a->prefix);
      json_add_string (builder, "suffix", a->suffix);
      json_add_string (builder, "note", a->note ? a->note : "");
      json_builder_set_member_name (builder, "orphaned");
      json_builder_add_boolean_value (builder, a->orphaned);
      json_add_time (builder, "created", a->created);
      json_add_time (builder, "updated", a->updated);
      json_builder_end_object (builder);
      dossier_cli_print_json (builder);
    }
  else
    {
      g_autofree char *quote = one_line (a->quote, 60);
      g_autofree char *note = one_line (a->note, 60);

      printf ("%6" G_GINT64_FORMAT "  %s %" G_GINT64_FORMAT "  %u–%u  %-6s  “%s”%s%s\n",
              a->id, _("document"), a->document_id, a->start, a->end,
              dossier_color_to_string (a->color), quote,
              *note ? "  — " : "", note);
    }
}

static int
annotate_add (DossierCliContext *ctx,
              int                argc,
              char             **argv)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierDocument) doc = NULL;
  g_autoptr(DossierAnnotation) annotation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *color_name = NULL;
  g_autofree char *note = NULL;
  gint64 start = -1;
  gint64 end = -1;
  gint64 id = 0;
  glong length;
  DossierColor color = DOSSIER_COLOR_YELLOW;
  GOptionEntry entries[] = {
    { "start", 0, 0, G_OPTION_ARG_INT64, &start, N_("First character of the highlight (from 0)"), N_("N") },
    { "end", 0, 0, G_OPTION_ARG_INT64, &end, N_("Character after the highlight"), N_("N") },
    { "color", 0, 0, G_OPTION_ARG_STRING, &color_name,
      N_("yellow (default), green, blue, pink, purple or orange"), N_("NAME") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note on the highlight"), N_("TEXT") },
    { NULL }
  };

  if (!dossier_cli_parse (ctx, _("ID --start N --end N"), _("Highlights characters START to END of a document."),
                          entries, &argc, &argv))
    return 2;
  if (argc != 2 || !parse_id (argv[1], &id))
    {
      dossier_cli_error (_("annotate add needs one document id (a positive number)"));
      return 2;
    }
  if (start < 0 || end < 0)
    {
      dossier_cli_error (_("annotate add needs --start and --end (character offsets from 0)"));
      return 2;
    }
  if (color_name != NULL && !dossier_color_from_string (color_name, &color))
    {
      dossier_cli_error (_("unknown color “%s”: use yellow, green, blue, pink, purple or orange"), color_name);
      return 2;
    }
  if (note != NULL && !g_utf8_validate (note, -1, NULL))
    {
      dossier_cli_error (_("the note is not valid UTF-8"));
      return 2;
    }

  store = open_store (ctx);
  if (store == NULL)
    return 1;
  doc = get_document (store, id);
  if (doc == NULL)
    return 1;

  length = g_utf8_strlen (doc->text, -1);
  if (start >= end)
    {
      dossier_cli_error (_("bad range %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT ": --start must be less than --end"),
                         start, end);
      return 1;
    }
  if (end > length)
    {
      dossier_cli_error (_("bad range %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT ": document %" G_GINT64_FORMAT
                           " has only %ld characters"),
                         start, end, id, length);
      return 1;
    }

  annotation = dossier_annotation_new ();
  annotation->document_id = id;
  annotation->start = (guint) start;
  annotation->end = (guint) end;
  annotation->color = color;
  g_free (annotation->note);
  annotation->note = g_strdup (note ? note : "");
  if (!dossier_store_add_annotation (store, annotation, &error))
    {
      dossier_cli_error (_("could not add the highlight: %s"), error->message);
      return 1;
    }

  if (ctx->json)
    print_annotation (ctx, annotation);
  else
    {
      g_autofree char *quote = one_line (annotation->quote, 60);

      printf (_("added highlight %" G_GINT64_FORMAT " on document %" G_GINT64_FORMAT ": “%s”\n"),
              annotation->id, id, quote);
    }
  return 0;
}

static int
annotate_list (DossierCliContext *ctx,
               int                argc,
               char             **argv)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  if (!dossier_cli_parse (ctx, _("[ID]"), _("Lists the highlights of one document, or of the whole library."),
                          NULL, &argc, &argv))
    return 2;
  if (argc > 2 || (argc == 2 && !parse_id (argv[1], &id)))
    {
      dossier_cli_error (_("annotate list takes at most one document id (a positive number)"));
      return 2;
    }

  store = open_store (ctx);
  if (store == NULL)
    return 1;
  if (id > 0)
    {
      g_autoptr(DossierDocument) doc = get_document (store, id);

      if (doc == NULL)
        return 1;
    }

  annotations = dossier_store_list_annotations (store, id, &error);
  if (annotations == NULL)
    {
      dossier_cli_error ("%s", error->message);
      return 1;
    }
  for (guint i = 0; i < annotations->len; i++)
    print_annotation (ctx, g_ptr_array_index (annotations, i));
  return 0;
}

static int
annotate_remove (DossierCliContext *ctx,
                 int                argc,
                 char             **argv)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierAnnotation) annotation = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  if (!dossier_cli_parse (ctx, _("ANNOTATION_ID"), _("Removes one highlight."), NULL, &argc, &argv))
    return 2;
  if (argc != 2 || !parse_id (argv[1], &id))
    {
      dossier_cli_error (_("annotate remove needs one highlight id (a positive number)"));
      return 2;
    }

  store = open_store (ctx);
  if (store == NULL)
    return 1;
  annotation = dossier_store_get_annotation (store, id, &error);
  if (annotation == NULL)
    {
      if (g_error_matches (error, DOSSIER_STORE_ERROR, DOSSIER_STORE_ERROR_NOT_FOUND))
        dossier_cli_error (_("no highlight with id %" G_GINT64_FORMAT " in the library"), id);
      else
        dossier_cli_error ("%s", error->message);
      return 1;
    }
  g_clear_error (&error);
  if (!dossier_store_remove_annotation (store, id, &error))
    {
      dossier_cli_error (_("could not remove highlight %" G_GINT64_FORMAT ": %s"), id, error->message);
      return 1;
    }

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_add_int (builder, "id", id);
      json_add_string (builder, "status", "removed");
      json_builder_end_object (builder);
      dossier_cli_print_json (builder);
    }
  else
    printf (_("removed highlight %" G_GINT64_FORMAT "\n"), id);
  return 0;
}

int
dossier_cli_annotate (DossierCliContext *ctx,
                      int                argc,
                      char             **argv)
{
  g_autofree char *name = NULL;
  const char *sub = argc >= 2 ? argv[1] : NULL;
  int status;

  if (sub == NULL || strcmp (sub, "--help") == 0 || strcmp (sub, "-h") == 0)
    {
      FILE *out = sub ? stdout : stderr;

      fprintf (out, "%s\n", _("Usage: dossier-cli annotate add ID --start N --end N [--color NAME] [--note TEXT]"));
      fprintf (out, "%s\n", _("       dossier-cli annotate list [--json] [ID]"));
      fprintf (out, "%s\n", _("       dossier-cli annotate remove ANNOTATION_ID"));
      return sub ? 0 : 2;
    }

  /* "annotate add …" parses as a verb of its own named "annotate add". */
  name = g_strdup_printf ("%s %s", argv[0], sub);
  argv[1] = name;
  if (strcmp (sub, "add") == 0)
    status = annotate_add (ctx, argc - 1, argv + 1);
  else if (strcmp (sub, "list") == 0)
    status = annotate_list (ctx, argc - 1, argv + 1);
  else if (strcmp (sub, "remove") == 0)
    status = annotate_remove (ctx, argc - 1, argv + 1);
  else
    {
      dossier_cli_error (_("unknown annotate command “%s”: use add, list or remove"), sub);
      status = 2;
    }
  return status;
}

/* ---------------------------------------------------------------- export -- */

int
dossier_cli_export (DossierCliContext *ctx,
                    int                argc,
                    char             **argv)
{
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *document = NULL;
  g_autofree char *output = NULL;
  DossierExportFormat format;
  gint64 id = 0;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, N_("markdown, w3c or csv"), N_("FORMAT") },
    { "document", 0, 0, G_OPTION_ARG_STRING, &document, N_("Only this document’s notes"), N_("ID") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, N_("Write to PATH instead of standard output"), N_("PATH") },
    { NULL }
  };

  if (!dossier_cli_parse (ctx, NULL, _("Exports highlights and notes with the entities they mention."),
                          entries, &argc, &argv))
    return 2;
  if (argc > 1)
    {
      dossier_cli_error (_("export takes no arguments (got “%s”)"), argv[1]);
      return 2;
    }
  if (format_name == NULL)
    {
      dossier_cli_error (_("export needs --format markdown, w3c or csv"));
      return 2;
    }
  if (!dossier_export_format_from_string (format_name, &format))
    {
      dossier_cli_error (_("unknown format “%s”: use markdown, w3c or csv"), format_name);
      return 2;
    }
  if (document != NULL && !parse_id (document, &id))
    {
      dossier_cli_error (_("--document needs a document id (a positive number), not “%s”"), document);
      return 2;
    }

  store = open_store (ctx);
  if (store == NULL)
    return 1;
  if (id > 0)
    {
      g_autoptr(DossierDocument) doc = get_document (store, id);

      if (doc == NULL)
        return 1;
    }

  if (output != NULL)
    {
      if (!dossier_export_to_file (store, format, id, output, &error))
        {
          dossier_cli_error (_("export failed: %s"), error->message);
          return 1;
        }
    }
  else
    {
      g_autofree char *text = dossier_export_to_string (store, format, id, &error);

      if (text == NULL)
        {
          dossier_cli_error (_("export failed: %s"), error->message);
          return 1;
        }
      fputs (text, stdout);
    }
  return 0;
}
