/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-export.c: notes out of the library (Markdown, W3C JSON-LD, CSV).
 *
 * Owns: gathering highlights with the entities they overlap, and formatting
 * them. It reads through the store's API only and never writes to the
 * library; it never asks the clock, so exports are reproducible.
 */
#define G_LOG_DOMAIN "dossier-export"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dossier-export.h"

/* Highlight colours in the W3C stylesheet: the GNOME palette's light tones. */
static const char *css_colors[DOSSIER_N_COLORS] = {
  "#f9f06b", "#8ff0a4", "#99c1f1", "#ffa8c8", "#dc8add", "#ffbe6f",
};

/* ---------------------------------------------------------------- values -- */

gboolean
dossier_export_format_from_string (const char          *str,
                                   DossierExportFormat *out_format)
{
  g_return_val_if_fail (out_format != NULL, FALSE);

  if (str == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (str, "markdown") == 0 || g_ascii_strcasecmp (str, "md") == 0)
    *out_format = DOSSIER_EXPORT_MARKDOWN;
  else if (g_ascii_strcasecmp (str, "w3c") == 0 || g_ascii_strcasecmp (str, "jsonld") == 0
           || g_ascii_strcasecmp (str, "json-ld") == 0)
    *out_format = DOSSIER_EXPORT_W3C;
  else if (g_ascii_strcasecmp (str, "csv") == 0)
    *out_format = DOSSIER_EXPORT_CSV;
  else
    return FALSE;
  return TRUE;
}

const char *
dossier_export_format_to_string (DossierExportFormat format)
{
  switch (format)
    {
    case DOSSIER_EXPORT_MARKDOWN: return "markdown";
    case DOSSIER_EXPORT_W3C:      return "w3c";
    case DOSSIER_EXPORT_CSV:      return "csv";
    default:                      g_return_val_if_reached (NULL);
    }
}

const char *
dossier_export_format_extension (DossierExportFormat format)
{
  switch (format)
    {
    case DOSSIER_EXPORT_MARKDOWN: return ".md";
    case DOSSIER_EXPORT_W3C:      return ".jsonld";
    case DOSSIER_EXPORT_CSV:      return ".csv";
    default:                      g_return_val_if_reached (NULL);
    }
}

const char *
dossier_export_format_content_type (DossierExportFormat format)
{
  switch (format)
    {
    case DOSSIER_EXPORT_MARKDOWN: return "text/markdown";
    case DOSSIER_EXPORT_W3C:      return "application/ld+json";
    case DOSSIER_EXPORT_CSV:      return "text/csv";
    default:                      g_return_val_if_reached (NULL);
    }
}

static void
export_entity_free (DossierExportEntity *entity)
{
  g_free (entity->name);
  g_free (entity);
}

DossierExportNote *
dossier_export_note_new (DossierAnnotation *annotation)
{
  DossierExportNote *note = g_new0 (DossierExportNote, 1);

  note->annotation = annotation;
  note->entities = g_ptr_array_new_with_free_func ((GDestroyNotify) export_entity_free);
  return note;
}

void
dossier_export_note_add_entity (DossierExportNote *note,
                                const char        *name,
                                DossierEntityType  type)
{
  DossierExportEntity *entity;

  g_return_if_fail (note != NULL);
  g_return_if_fail (name != NULL);

  entity = g_new0 (DossierExportEntity, 1);
  entity->name = g_strdup (name);
  entity->type = type;
  g_ptr_array_add (note->entities, entity);
}

void
dossier_export_note_free (DossierExportNote *note)
{
  if (note == NULL)
    return;
  g_clear_pointer (&note->annotation, dossier_annotation_free);
  g_clear_pointer (&note->entities, g_ptr_array_unref);
  g_free (note);
}

DossierExportDocument *
dossier_export_document_new (DossierDocument *document)
{
  DossierExportDocument *doc = g_new0 (DossierExportDocument, 1);

  doc->document = document;
  doc->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_export_note_free);
  return doc;
}

void
dossier_export_document_free (DossierExportDocument *document)
{
  if (document == NULL)
    return;
  g_clear_pointer (&document->document, dossier_document_free);
  g_clear_pointer (&document->notes, g_ptr_array_unref);
  g_free (document);
}

/* --------------------------------------------------------------- helpers -- */

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time == 0)
    return g_strdup ("");
  dt = g_date_time_new_from_unix_utc (unix_time);
  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
}

static char *
format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time == 0)
    return g_strdup ("");
  dt = g_date_time_new_from_unix_utc (unix_time);
  return dt ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup ("");
}

static const char *
nonnull (const char *str)
{
  return str ? str : "";
}

static char *
document_source_iri (const DossierDocument *doc)
{
  if (doc->url != NULL && *doc->url != '\0')
    return g_strdup (doc->url);
  if (doc->uid != NULL && *doc->uid != '\0')
    return g_strconcat ("urn:dossier:document:", doc->uid, NULL);
  return g_strdup_printf ("urn:dossier:document:%" G_GINT64_FORMAT, doc->id);
}

static char *
entities_summary (const DossierExportNote *note)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < note->entities->len; i++)
    {
      const DossierExportEntity *entity = g_ptr_array_index (note->entities, i);

      if (i > 0)
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s (%s)", entity->name, dossier_entity_type_to_string (entity->type));
    }
  return g_string_free (out, FALSE);
}

/* --------------------------------------------------------------- collect -- */

static gboolean
collect_notes (DossierStore           *store,
               DossierExportDocument  *export_doc,
               GPtrArray              *annotations,
               guint                   from,
               guint                   to,
               GHashTable             *entity_cache,
               GError                **error)
{
  g_autoptr(GPtrArray) mentions = NULL;
  g_autoptr(GError) mention_error = NULL;

  mentions = dossier_store_list_mentions (store, export_doc->document->id, 0, &mention_error);
  if (mentions == NULL)
    {
      /* A library without entities yet still exports its highlights. */
      g_debug ("No mentions for document %" G_GINT64_FORMAT ": %s",
               export_doc->document->id, mention_error ? mention_error->message : "none");
    }

  for (guint i = from; i < to; i++)
    {
      DossierAnnotation *annotation = g_ptr_array_index (annotations, i);
      DossierExportNote *note = dossier_export_note_new (dossier_annotation_copy (annotation));
      g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

      for (guint m = 0; mentions != NULL && m < mentions->len; m++)
        {
          DossierMention *mention = g_ptr_array_index (mentions, m);
          DossierEntity *entity;

          if (mention->rejected || mention->start >= annotation->end || mention->end <= annotation->start)
            continue;
          if (g_hash_table_contains (seen, &mention->entity_id))
            continue;
          g_hash_table_add (seen, &mention->entity_id);

          entity = g_hash_table_lookup (entity_cache, &mention->entity_id);
          if (entity == NULL)
            {
              entity = dossier_store_get_entity (store, mention->entity_id, NULL);
              if (entity == NULL)
                continue;
              g_hash_table_insert (entity_cache, &entity->id, entity);
            }
          if (!entity->hidden)
            dossier_export_note_add_entity (note, entity->name, entity->type);
        }
      g_ptr_array_add (export_doc->notes, note);
    }
  return TRUE;
}

GPtrArray *
dossier_export_collect (DossierStore  *store,
                        gint64         document_id,
                        GError       **error)
{
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_export_document_free);
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GHashTable) entity_cache = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  entity_cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) dossier_entity_free);

  if (document_id > 0)
    {
      DossierDocument *doc = dossier_store_get_document (store, document_id, error);
      DossierExportDocument *export_doc;

      if (doc == NULL)
        return NULL;
      export_doc = dossier_export_document_new (doc);
      g_ptr_array_add (documents, export_doc);
      annotations = dossier_store_list_annotations (store, document_id, error);
      if (annotations == NULL)
        return NULL;
      if (!collect_notes (store, export_doc, annotations, 0, annotations->len, entity_cache, error))
        return NULL;
      return g_steal_pointer (&documents);
    }

  annotations = dossier_store_list_annotations (store, 0, error);
  if (annotations == NULL)
    return NULL;

  /* The store lists them by document, then start: each run is one document. */
  for (guint i = 0; i < annotations->len;)
    {
      DossierAnnotation *first = g_ptr_array_index (annotations, i);
      gint64 id = first->document_id;
      g_autoptr(GPtrArray) rows = NULL;
      DossierExportDocument *export_doc;
      guint j = i;

      while (j < annotations->len && ((DossierAnnotation *) g_ptr_array_index (annotations, j))->document_id == id)
        j++;

      rows = dossier_store_get_documents (store, &id, 1, error);
      if (rows == NULL)
        return NULL;
      if (rows->len == 0)
        {
          i = j;
          continue;
        }
      export_doc = dossier_export_document_new (dossier_document_copy (g_ptr_array_index (rows, 0)));
      g_ptr_array_add (documents, export_doc);
      if (!collect_notes (store, export_doc, annotations, i, j, entity_cache, error))
        return NULL;
      i = j;
    }

  return g_steal_pointer (&documents);
}

/* -------------------------------------------------------------- markdown -- */

/* YAML double-quoted scalar: always quoted, so titles with colons are safe. */
static void
append_yaml_string (GString    *out,
                    const char *str)
{
  g_string_append_c (out, '"');
  for (const char *p = nonnull (str); *p; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\x%02x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_front_matter_field (GString    *out,
                           const char *key,
                           const char *value)
{
  g_string_append_printf (out, "%s: ", key);
  append_yaml_string (out, value);
  g_string_append_c (out, '\n');
}

/* Every line of `text` prefixed, blank lines included, so a multi-paragraph
 * quote stays one block quote. */
static void
append_prefixed (GString    *out,
                 const char *text,
                 const char *prefix,
                 const char *blank_prefix)
{
  g_auto(GStrv) lines = g_strsplit (nonnull (text), "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);
      if (lines[i][0] == '\0')
        g_string_append_printf (out, "%s\n", blank_prefix);
      else
        g_string_append_printf (out, "%s%s\n", prefix, lines[i]);
    }
}

static void
append_markdown_note (GString                 *out,
                      const DossierExportNote *note)
{
  const DossierAnnotation *annotation = note->annotation;

  append_prefixed (out, annotation->quote, "> ", ">");
  g_string_append_c (out, '\n');
  g_string_append_printf (out, "- %s: %s\n", _("Color"), dossier_color_to_string (annotation->color));
  if (annotation->note != NULL && *annotation->note != '\0')
    {
      g_auto(GStrv) lines = g_strsplit (annotation->note, "\n", -1);

      g_string_append_printf (out, "- %s: %s\n", _("Note"), lines[0]);
      for (guint i = 1; lines[i] != NULL; i++)
        g_string_append_printf (out, "  %s\n", lines[i]);
    }
  if (note->entities->len > 0)
    {
      g_autofree char *summary = entities_summary (note);

      g_string_append_printf (out, "- %s: %s\n", _("Entities"), summary);
    }
  g_string_append_printf (out, "- %s: %u–%u\n", _("Characters"), annotation->start, annotation->end);
  g_string_append_c (out, '\n');
}

static void
append_markdown_notes (GString                     *out,
                       const DossierExportDocument *doc)
{
  if (doc->notes->len == 0)
    {
      g_string_append_printf (out, "%s\n\n", _("No highlights yet."));
      return;
    }
  for (guint i = 0; i < doc->notes->len; i++)
    append_markdown_note (out, g_ptr_array_index (doc->notes, i));
}

static char *
render_markdown (GPtrArray *documents,
                 gboolean   whole_library)
{
  GString *out = g_string_new (NULL);
  guint n_notes = 0;

  if (!whole_library && documents->len == 1)
    {
      const DossierExportDocument *doc = g_ptr_array_index (documents, 0);
      const DossierDocument *d = doc->document;
      g_autofree char *date = format_date (d->published);

      g_string_append (out, "---\n");
      append_front_matter_field (out, "title", d->title);
      if (d->author != NULL && *d->author != '\0')
        append_front_matter_field (out, "author", d->author);
      append_front_matter_field (out, "source", d->source);
      append_front_matter_field (out, "url", d->url);
      if (*date != '\0')
        g_string_append_printf (out, "date: %s\n", date);
      else
        g_string_append (out, "date:\n");
      g_string_append (out, "---\n\n");
      g_string_append_printf (out, "# %s\n\n", nonnull (d->title));
      append_markdown_notes (out, doc);
    }
  else
    {
      for (guint i = 0; i < documents->len; i++)
        n_notes += ((DossierExportDocument *) g_ptr_array_index (documents, i))->notes->len;

      g_string_append (out, "---\n");
      append_front_matter_field (out, "title", _("Dossier notes"));
      g_string_append_printf (out, "documents: %u\n", documents->len);
      g_string_append_printf (out, "highlights: %u\n", n_notes);
      g_string_append (out, "---\n\n");
      g_string_append_printf (out, "# %s\n\n", _("Dossier notes"));
      if (documents->len == 0)
        g_string_append_printf (out, "%s\n\n", _("No highlights yet."));

      for (guint i = 0; i < documents->len; i++)
        {
          const DossierExportDocument *doc = g_ptr_array_index (documents, i);
          const DossierDocument *d = doc->document;
          g_autofree char *date = format_date (d->published);
          gboolean meta = FALSE;

          g_string_append_printf (out, "## %s\n\n", nonnull (d->title));
          if (d->author != NULL && *d->author != '\0')
            {
              g_string_append_printf (out, "- %s: %s\n", _("Author"), d->author);
              meta = TRUE;
            }
          if (d->source != NULL && *d->source != '\0')
            {
              g_string_append_printf (out, "- %s: %s\n", _("Source"), d->source);
              meta = TRUE;
            }
          if (d->url != NULL && *d->url != '\0')
            {
              g_string_append_printf (out, "- %s: <%s>\n", _("URL"), d->url);
              meta = TRUE;
            }
          if (*date != '\0')
            {
              g_string_append_printf (out, "- %s: %s\n", _("Date"), date);
              meta = TRUE;
            }
          if (meta)
            g_string_append_c (out, '\n');
          append_markdown_notes (out, doc);
        }
    }

  /* One newline at the end, never a trailing blank line. */
  while (out->len >= 2 && out->str[out->len - 1] == '\n' && out->str[out->len - 2] == '\n')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------- w3c -- */

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, nonnull (value));
}

static void
build_annotation (JsonBuilder                 *builder,
                  const DossierExportDocument *doc,
                  const DossierExportNote     *note)
{
  const DossierAnnotation *a = note->annotation;
  g_autofree char *id = g_strdup_printf ("urn:dossier:annotation:%" G_GINT64_FORMAT, a->id);
  g_autofree char *created = format_time (a->created);
  g_autofree char *modified = format_time (a->updated);
  g_autofree char *source = document_source_iri (doc->document);
  g_autofree char *css = NULL;
  const char *color = dossier_color_to_string (a->color);
  gboolean has_note = a->note != NULL && *a->note != '\0';

  json_builder_begin_object (builder);
  add_string_member (builder, "id", id);
  add_string_member (builder, "type", "Annotation");
  add_string_member (builder, "motivation", has_note ? "commenting" : "highlighting");
  if (*created != '\0')
    add_string_member (builder, "created", created);
  if (*modified != '\0')
    add_string_member (builder, "modified", modified);

  css = g_strdup_printf (".%s { background-color: %s; }", color, css_colors[a->color]);
  json_builder_set_member_name (builder, "stylesheet");
  json_builder_begin_object (builder);
  add_string_member (builder, "type", "CssStylesheet");
  add_string_member (builder, "value", css);
  json_builder_end_object (builder);

  if (has_note || note->entities->len > 0)
    {
      json_builder_set_member_name (builder, "body");
      json_builder_begin_array (builder);
      if (has_note)
        {
          json_builder_begin_object (builder);
          add_string_member (builder, "type", "TextualBody");
          add_string_member (builder, "purpose", "commenting");
          add_string_member (builder, "value", a->note);
          add_string_member (builder, "format", "text/plain");
          json_builder_end_object (builder);
        }
      /* Entities the highlight mentions: "identifying" bodies, typed. */
      for (guint i = 0; i < note->entities->len; i++)
        {
          const DossierExportEntity *entity = g_ptr_array_index (note->entities, i);

          json_builder_begin_object (builder);
          add_string_member (builder, "type", "TextualBody");
          add_string_member (builder, "purpose", "identifying");
          add_string_member (builder, "value", entity->name);
          add_string_member (builder, "dossier:entityType", dossier_entity_type_to_string (entity->type));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_set_member_name (builder, "target");
  json_builder_begin_object (builder);
  add_string_member (builder, "source", source);
  if (doc->document->title != NULL)
    add_string_member (builder, "dossier:title", doc->document->title);
  add_string_member (builder, "styleClass", color);
  json_builder_set_member_name (builder, "selector");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string_member (builder, "type", "TextQuoteSelector");
  add_string_member (builder, "exact", a->quote);
  add_string_member (builder, "prefix", a->prefix);
  add_string_member (builder, "suffix", a->suffix);
  json_builder_end_object (builder);
  json_builder_begin_object (builder);
  add_string_member (builder, "type", "TextPositionSelector");
  json_builder_set_member_name (builder, "start");
  json_builder_add_int_value (builder, a->start);
  json_builder_set_member_name (builder, "end");
  json_builder_add_int_value (builder, a->end);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
}

static char *
render_w3c (GPtrArray *documents,
            gboolean   whole_library)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *collection_id = NULL;
  const char *label;
  guint total = 0;

  for (guint i = 0; i < documents->len; i++)
    total += ((DossierExportDocument *) g_ptr_array_index (documents, i))->notes->len;

  if (!whole_library && documents->len == 1)
    {
      const DossierExportDocument *doc = g_ptr_array_index (documents, 0);
      g_autofree char *source = document_source_iri (doc->document);

      collection_id = g_strconcat (source, "#dossier-notes", NULL);
      label = nonnull (doc->document->title);
    }
  else
    {
      collection_id = g_strdup ("urn:dossier:notes");
      label = _("Dossier notes");
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "@context");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "http://www.w3.org/ns/anno.jsonld");
  json_builder_begin_object (builder);
  add_string_member (builder, "dossier", "https://io.github.dossier/ns#");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  add_string_member (builder, "id", collection_id);
  add_string_member (builder, "type", "AnnotationCollection");
  add_string_member (builder, "label", label);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, total);

  json_builder_set_member_name (builder, "first");
  json_builder_begin_object (builder);
  add_string_member (builder, "type", "AnnotationPage");
  json_builder_set_member_name (builder, "startIndex");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < documents->len; i++)
    {
      const DossierExportDocument *doc = g_ptr_array_index (documents, i);

      for (guint j = 0; j < doc->notes->len; j++)
        build_annotation (builder, doc, g_ptr_array_index (doc->notes, j));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json = json_generator_to_data (generator, NULL);
  return g_strconcat (json, "\n", NULL);
}

/* ------------------------------------------------------------------- csv -- */

/* RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled.
 * Text from the web that starts like a formula ("=HYPERLINK(…)") would run in
 * a spreadsheet: such a field gets a leading apostrophe, as OWASP advises. */
static void
append_csv_field (GString    *out,
                  const char *value,
                  gboolean    last)
{
  const char *v = nonnull (value);
  gboolean formula = *v != '\0' && strchr ("=+-@\t\r", *v) != NULL;

  if (strpbrk (v, ",\"\r\n") != NULL || formula)
    {
      g_string_append_c (out, '"');
      if (formula)
        g_string_append_c (out, '\'');
      for (const char *p = v; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, v);
  g_string_append (out, last ? "\r\n" : ",");
}

static void
append_csv_int (GString *out,
                gint64   value)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT ",", value);
}

static char *
render_csv (GPtrArray *documents)
{
  static const char *header[] = {
    "document_id", "title", "author", "source", "url", "published",
    "annotation_id", "start", "end", "color", "quote", "prefix", "suffix",
    "note", "entities", "created", "updated",
  };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    append_csv_field (out, header[i], i + 1 == G_N_ELEMENTS (header));

  for (guint i = 0; i < documents->len; i++)
    {
      const DossierExportDocument *doc = g_ptr_array_index (documents, i);
      const DossierDocument *d = doc->document;
      g_autofree char *published = format_date (d->published);

      for (guint j = 0; j < doc->notes->len; j++)
        {
          const DossierExportNote *note = g_ptr_array_index (doc->notes, j);
          const DossierAnnotation *a = note->annotation;
          g_autofree char *entities = entities_summary (note);
          g_autofree char *created = format_time (a->created);
          g_autofree char *updated = format_time (a->updated);

          append_csv_int (out, d->id);
          append_csv_field (out, d->title, FALSE);
          append_csv_field (out, d->author, FALSE);
          append_csv_field (out, d->source, FALSE);
          append_csv_field (out, d->url, FALSE);
          append_csv_field (out, published, FALSE);
          append_csv_int (out, a->id);
          append_csv_int (out, a->start);
          append_csv_int (out, a->end);
          append_csv_field (out, dossier_color_to_string (a->color), FALSE);
          append_csv_field (out, a->quote, FALSE);
          append_csv_field (out, a->prefix, FALSE);
          append_csv_field (out, a->suffix, FALSE);
          append_csv_field (out, a->note, FALSE);
          append_csv_field (out, entities, FALSE);
          append_csv_field (out, created, FALSE);
          append_csv_field (out, updated, TRUE);
        }
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------ public api -- */

char *
dossier_export_render (GPtrArray           *documents,
                       DossierExportFormat  format,
                       gboolean             whole_library)
{
  g_return_val_if_fail (documents != NULL, NULL);

  switch (format)
    {
    case DOSSIER_EXPORT_MARKDOWN: return render_markdown (documents, whole_library);
    case DOSSIER_EXPORT_W3C:      return render_w3c (documents, whole_library);
    case DOSSIER_EXPORT_CSV:      return render_csv (documents);
    default:                      g_return_val_if_reached (NULL);
    }
}

char *
dossier_export_to_string (DossierStore         *store,
                          DossierExportFormat   format,
                          gint64                document_id,
                          GError              **error)
{
  g_autoptr(GPtrArray) documents = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), NULL);

  documents = dossier_export_collect (store, document_id, error);
  if (documents == NULL)
    return NULL;
  return dossier_export_render (documents, format, document_id <= 0);
}

gboolean
dossier_export_to_file (DossierStore         *store,
                        DossierExportFormat   format,
                        gint64                document_id,
                        const char           *path,
                        GError              **error)
{
  g_autofree char *contents = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  contents = dossier_export_to_string (store, format, document_id, error);
  if (contents == NULL)
    return FALSE;
  /* g_file_set_contents writes a temporary file and renames it over `path`. */
  return g_file_set_contents (path, contents, -1, error);
}
