/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-entities.c: the verbs about entities: `ner` (analyse files without
 * storing them), `tag` (CoNLL in, CoNLL with a predicted column out) and
 * `entities` (the library's entities with counts).
 *
 * Owns only the command-line surface: analysis is dossier_analyze_text, the
 * tagger is the recognizer's, cross-file linking is the store's own linking
 * in a private in-memory library, so `ner` names entities exactly as the
 * library would. It must not write to the user's library. */
#define G_LOG_DOMAIN "dossier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "dossier-cli-private.h"
#include "dossier-analysis.h"
#include "dossier-analyzer.h"
#include "dossier-recognizer.h"

/* ------------------------------------------------------------- helpers -- */

/* The recognizer, or NULL after one line saying why entities other than
 * dates are off. */
static DossierRecognizer *
load_recognizer (gboolean quiet)
{
  g_autofree char *path = dossier_recognizer_default_model_path ();
  g_autoptr(GError) error = NULL;
  DossierRecognizer *recognizer = NULL;

  if (path != NULL)
    recognizer = dossier_recognizer_new_from_file (path, &error);
  if (recognizer == NULL && !quiet)
    dossier_cli_error (_("names are off, dates only: %s"),
                       error != NULL ? error->message : _("no entity model is installed"));
  return recognizer;
}

static gint64
parse_date_option (const char *date)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = NULL;

  if (date == NULL)
    return 0;
  iso = strchr (date, 'T') != NULL ? g_strdup (date) : g_strconcat (date, "T12:00:00Z", NULL);
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  return dt != NULL ? g_date_time_to_unix (dt) : -1;
}

/* ------------------------------------------------------------------ ner -- */

typedef struct {
  char   *file;
  char   *text;
  GArray *spans;
  gint64  document_id;
} NerFile;

static void
ner_file_free (NerFile *f)
{
  g_free (f->file);
  g_free (f->text);
  g_clear_pointer (&f->spans, g_array_unref);
  g_free (f);
}

static char *
read_input (const char  *file,
            GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (strcmp (file, "-") == 0)
    {
      g_autoptr(GString) all = g_string_new (NULL);
      char buf[65536];
      size_t n;

      while ((n = fread (buf, 1, sizeof buf, stdin)) > 0)
        g_string_append_len (all, buf, n);
      length = all->len;
      contents = g_string_free (g_steal_pointer (&all), FALSE);
    }
  else if (!g_file_get_contents (file, &contents, &length, error))
    return NULL;

  if (memchr (contents, '\0', length) != NULL || !g_utf8_validate (contents, length, NULL))
    {
      g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                   _("%s: not UTF-8 text"), file);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

/* Stores one file's spans in the private library so its entities link with
 * those of the other files of this call. */
static gboolean
link_in_store (DossierStore *store,
               NerFile      *f,
               guint         n,
               GError      **error)
{
  g_autoptr(DossierDocument) doc = dossier_document_new ();
  g_autofree DossierMentionInput *inputs = g_new0 (DossierMentionInput, f->spans->len + 1);

  if (f->spans->len == 0)
    return TRUE;
  doc->uid = g_strdup_printf ("ner:%u", n);
  doc->title = g_path_get_basename (f->file);
  doc->text = g_strdup (f->text);
  if (!dossier_store_add_document (store, doc, FALSE, NULL, &f->document_id, error))
    return FALSE;
  for (guint i = 0; i < f->spans->len; i++)
    {
      DossierSpan *s = &g_array_index (f->spans, DossierSpan, i);

      inputs[i] = (DossierMentionInput) { s->start, s->end, s->type, s->name, s->key,
                                          (const char * const *) s->aliases, s->value };
    }
  return dossier_store_set_auto_mentions (store, f->document_id, inputs, f->spans->len, error);
}

static char *
entity_name_for (DossierStore *store,
                 GHashTable   *names,
                 NerFile      *f,
                 DossierSpan  *span,
                 GPtrArray    *mentions)
{
  for (guint i = 0; mentions != NULL && i < mentions->len; i++)
    {
      DossierMention *m = g_ptr_array_index (mentions, i);

      if (m->start == span->start && m->end == span->end)
        {
          const char *name = g_hash_table_lookup (names, &m->entity_id);

          if (name == NULL)
            {
              g_autoptr(DossierEntity) entity = dossier_store_get_entity (store, m->entity_id, NULL);
              gint64 *key = g_memdup2 (&m->entity_id, sizeof (gint64));

              name = entity != NULL ? entity->name : span->name;
              g_hash_table_insert (names, key, g_strdup (name));
              name = g_hash_table_lookup (names, key);
            }
          return g_strdup (name);
        }
    }
  return g_strdup (span->name);
}

int
dossier_cli_ner (DossierCliContext *ctx, int argc, char **argv)
{
  g_autofree char *date = NULL;
  GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date,
      N_("Publication date that anchors relative dates (YYYY-MM-DD)"), N_("DATE") },
    { NULL }
  };
  g_autoptr(DossierRecognizer) recognizer = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) ner_file_free);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  gint64 document_date;
  int status = 0;

  if (!dossier_cli_parse (ctx, _("FILE…"), _("Find people, organizations, places and dates in text "
                                             "files without storing them. “-” reads standard input."),
                          entries, &argc, &argv))
    return 2;
  if (argc < 2)
    {
      dossier_cli_error (_("ner: name at least one file"));
      return 2;
    }
  document_date = parse_date_option (date);
  if (document_date < 0)
    {
      dossier_cli_error (_("ner: “%s” is not a date like 2022-07-15"), date);
      return 2;
    }

  recognizer = load_recognizer (FALSE);
  store = dossier_store_open (":memory:", &error);
  if (store == NULL)
    {
      dossier_cli_error ("%s", error->message);
      return 1;
    }

  for (int i = 1; i < argc; i++)
    {
      NerFile *f = g_new0 (NerFile, 1);

      f->file = g_strdup (argv[i]);
      f->text = read_input (argv[i], &error);
      if (f->text == NULL)
        {
          dossier_cli_error ("%s", error->message);
          g_clear_error (&error);
          ner_file_free (f);
          status = 1;
          continue;
        }
      f->spans = dossier_analyze_text (recognizer, f->text, document_date);
      if (!link_in_store (store, f, i, &error))
        {
          dossier_cli_error ("%s: %s", f->file, error->message);
          g_clear_error (&error);
          ner_file_free (f);
          status = 1;
          continue;
        }
      g_ptr_array_add (files, f);
    }

  /* Printed once every file is linked, so a name defined in a later file
   * ("… (MEK)") names the entity everywhere. */
  for (guint i = 0; i < files->len; i++)
    {
      NerFile *f = g_ptr_array_index (files, i);
      g_autoptr(GPtrArray) mentions = NULL;

      if (f->document_id > 0)
        mentions = dossier_store_list_mentions (store, f->document_id, 0, NULL);
      for (guint k = 0; k < f->spans->len; k++)
        {
          DossierSpan *span = &g_array_index (f->spans, DossierSpan, k);
          g_autofree char *entity = entity_name_for (store, names, f, span, mentions);
          const char *type = dossier_entity_type_to_string (span->type);

          if (ctx->json)
            {
              g_autoptr(JsonBuilder) builder = json_builder_new ();

              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "file");
              json_builder_add_string_value (builder, f->file);
              json_builder_set_member_name (builder, "start");
              json_builder_add_int_value (builder, span->start);
              json_builder_set_member_name (builder, "end");
              json_builder_add_int_value (builder, span->end);
              json_builder_set_member_name (builder, "text");
              json_builder_add_string_value (builder, span->text);
              json_builder_set_member_name (builder, "type");
              json_builder_add_string_value (builder, type);
              json_builder_set_member_name (builder, "entity");
              json_builder_add_string_value (builder, entity);
              if (span->value != NULL)
                {
                  json_builder_set_member_name (builder, "value");
                  json_builder_add_string_value (builder, span->value);
                }
              json_builder_end_object (builder);
              dossier_cli_print_json (builder);
            }
          else
            {
              g_autofree char *flat = g_strdup (span->text);

              g_strdelimit (flat, "\t\r\n", ' ');
              printf ("%s:%u-%u\t%s\t%s\t%s%s%s\n", f->file, span->start, span->end, type, flat, entity,
                      span->value ? "\t" : "", span->value ? span->value : "");
            }
        }
    }
  return status;
}

/* ------------------------------------------------------------------ tag -- */

typedef struct {
  GPtrArray *lines;          /* every input line of the document, as read */
  GPtrArray *tokens;         /* first column of each token line */
  GArray    *token_line;     /* index into lines of each token */
  GArray    *sentence_ends;
} ConllDoc;

static void
conll_doc_reset (ConllDoc *doc)
{
  g_ptr_array_set_size (doc->lines, 0);
  g_ptr_array_set_size (doc->tokens, 0);
  g_array_set_size (doc->token_line, 0);
  g_array_set_size (doc->sentence_ends, 0);
}

static void
conll_end_sentence (ConllDoc *doc)
{
  guint n = doc->tokens->len;

  if (n > 0 && (doc->sentence_ends->len == 0 ||
                g_array_index (doc->sentence_ends, guint, doc->sentence_ends->len - 1) != n))
    g_array_append_val (doc->sentence_ends, n);
}

static void
conll_flush (DossierRecognizer *recognizer,
             ConllDoc          *doc,
             GString           *out)
{
  g_autofree const char **labels = NULL;
  guint t = 0;

  conll_end_sentence (doc);
  labels = g_new0 (const char *, doc->tokens->len + 1);
  if (doc->tokens->len > 0)
    dossier_recognizer_tag_tokens (recognizer, (const char * const *) doc->tokens->pdata, doc->tokens->len,
                                   (const guint *) (gpointer) doc->sentence_ends->data,
                                   doc->sentence_ends->len, labels);

  for (guint l = 0; l < doc->lines->len; l++)
    {
      const char *line = g_ptr_array_index (doc->lines, l);
      const char *sep = strchr (line, '\t') != NULL ? "\t" : " ";

      g_string_append (out, line);
      if (t < doc->token_line->len && g_array_index (doc->token_line, guint, t) == l)
        {
          g_string_append (out, sep);
          g_string_append (out, labels[t] != NULL ? labels[t] : "O");
          t++;
        }
      else if (g_str_has_prefix (line, "-DOCSTART-"))
        {
          /* Same number of columns on every line, as conlleval wants. */
          g_string_append (out, sep);
          g_string_append (out, "O");
        }
      g_string_append_c (out, '\n');
    }
  fputs (out->str, stdout);
  g_string_truncate (out, 0);
  conll_doc_reset (doc);
}

int
dossier_cli_tag (DossierCliContext *ctx, int argc, char **argv)
{
  g_autofree char *format = NULL;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Input format (only “conll”)"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(DossierRecognizer) recognizer = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  ConllDoc doc;
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;

  if (!dossier_cli_parse (ctx, NULL, _("Read CoNLL-format text on standard input and write each line "
                                       "back with the predicted IOB2 tag as the last column."),
                          entries, &argc, &argv))
    return 2;
  if (format != NULL && strcmp (format, "conll") != 0)
    {
      dossier_cli_error (_("tag: unknown format “%s” (only “conll”)"), format);
      return 2;
    }

  path = dossier_recognizer_default_model_path ();
  recognizer = path != NULL ? dossier_recognizer_new_from_file (path, &error) : NULL;
  if (recognizer == NULL)
    {
      dossier_cli_error (_("tag: %s"), error != NULL ? error->message : _("no entity model is installed"));
      return 1;
    }

  doc.lines = g_ptr_array_new_with_free_func (g_free);
  doc.tokens = g_ptr_array_new_with_free_func (g_free);
  doc.token_line = g_array_new (FALSE, FALSE, sizeof (guint));
  doc.sentence_ends = g_array_new (FALSE, FALSE, sizeof (guint));

  while ((n = getline (&line, &cap, stdin)) >= 0)
    {
      g_autofree char *valid = NULL;
      char *stripped;

      while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
      valid = g_utf8_make_valid (line, n);
      stripped = g_strstrip (g_strdup (valid));

      if (g_str_has_prefix (stripped, "-DOCSTART-"))
        {
          if (doc.lines->len > 0)
            conll_flush (recognizer, &doc, out);
          g_ptr_array_add (doc.lines, g_steal_pointer (&valid));
          g_free (stripped);
        }
      else if (*stripped == '\0')
        {
          conll_end_sentence (&doc);
          g_ptr_array_add (doc.lines, g_steal_pointer (&valid));
          g_free (stripped);
        }
      else
        {
          char *end = stripped + strcspn (stripped, " \t");
          guint index = doc.lines->len;

          *end = '\0';
          g_ptr_array_add (doc.tokens, stripped);
          g_array_append_val (doc.token_line, index);
          g_ptr_array_add (doc.lines, g_steal_pointer (&valid));
          /* Very long documents without -DOCSTART- are tagged in parts. */
          if (doc.tokens->len >= 200000 && doc.sentence_ends->len > 0)
            conll_flush (recognizer, &doc, out);
        }
    }
  if (doc.lines->len > 0)
    conll_flush (recognizer, &doc, out);

  free (line);
  g_ptr_array_unref (doc.lines);
  g_ptr_array_unref (doc.tokens);
  g_array_unref (doc.token_line);
  g_array_unref (doc.sentence_ends);
  return 0;
}

/* --------------------------------------------------------------- import -- */

void
dossier_cli_analyze_stored (DossierStore *store,
                            GArray       *document_ids)
{
  g_autoptr(DossierRecognizer) recognizer = NULL;

  if (document_ids == NULL || document_ids->len == 0)
    return;
  recognizer = load_recognizer (FALSE);
  for (guint i = 0; i < document_ids->len; i++)
    {
      gint64 id = g_array_index (document_ids, gint64, i);
      g_autoptr(GError) error = NULL;

      /* Each document is its own savepoint; committing a hundred at a
       * time saves a disk sync per document on big imports. */
      if (i % 100 == 0 && !dossier_store_begin (store, &error))
        {
          dossier_cli_error (_("entities not found: %s"), error->message);
          return;
        }
      /* The document is stored either way: a failed analysis only leaves
       * it for the next "analyse library". */
      if (!dossier_analyzer_analyze_document (store, recognizer, id, &error))
        {
          dossier_cli_error (_("document %" G_GINT64_FORMAT ": entities not found: %s"), id, error->message);
          g_clear_error (&error);
        }
      if ((i % 100 == 99 || i == document_ids->len - 1) && !dossier_store_commit (store, &error))
        {
          dossier_cli_error (_("entities not saved: %s"), error->message);
          dossier_store_rollback (store);
          return;
        }
    }
}

/* ------------------------------------------------------------- entities -- */

int
dossier_cli_entities (DossierCliContext *ctx, int argc, char **argv)
{
  gint64 document_id = 0;
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "document", 0, 0, G_OPTION_ARG_INT64, &document_id, N_("Only the entities of document ID"), N_("ID") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Include hidden entities"), NULL },
    { NULL }
  };
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GError) error = NULL;

  if (!dossier_cli_parse (ctx, NULL, _("List the library's entities with their mention and document counts."),
                          entries, &argc, &argv))
    return 2;
  if (argc > 1)
    {
      dossier_cli_error (_("entities: unexpected argument “%s”"), argv[1]);
      return 2;
    }

  store = dossier_cli_open_store (ctx, &error);
  if (store == NULL)
    {
      dossier_cli_error ("%s", error->message);
      return 1;
    }
  if (document_id != 0)
    {
      g_autoptr(DossierDocument) doc = dossier_store_get_document (store, document_id, &error);

      if (doc == NULL)
        {
          dossier_cli_error ("%s", error->message);
          return 1;
        }
    }
  entities = dossier_store_list_entities (store, document_id, all, &error);
  if (entities == NULL)
    {
      dossier_cli_error ("%s", error->message);
      return 1;
    }

  for (guint i = 0; i < entities->len; i++)
    {
      DossierEntity *e = g_ptr_array_index (entities, i);
      const char *type = dossier_entity_type_to_string (e->type);

      if (ctx->json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, e->id);
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, type);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, e->name);
          json_builder_set_member_name (builder, "mentions");
          json_builder_add_int_value (builder, e->mention_count);
          json_builder_set_member_name (builder, "documents");
          json_builder_add_int_value (builder, e->document_count);
          json_builder_set_member_name (builder, "hidden");
          json_builder_add_boolean_value (builder, e->hidden);
          json_builder_end_object (builder);
          dossier_cli_print_json (builder);
        }
      else
        printf ("%-12s %6u %6u  %s%s\n", type, e->mention_count, e->document_count, e->name,
                e->hidden ? _(" (hidden)") : "");
    }
  return 0;
}
