/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-opml.c: reading and writing OPML subscription lists.
 *
 * Owns: the OPML format, folders included. Must not: touch the network or
 * the store, expand entities or load DTDs, recurse without a bound.
 */
#define G_LOG_DOMAIN "dossier-opml"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <string.h>

#include "dossier-opml.h"
#include "dossier-feed-parser.h"

#define OPML_MAX_SIZE     (10 * 1024 * 1024)
#define OPML_MAX_ENTRIES  10000

G_DEFINE_QUARK (dossier-opml-error-quark, dossier_opml_error)

void
dossier_opml_entry_free (DossierOpmlEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->url);
  g_free (entry->title);
  g_free (entry->site_url);
  g_free (entry->folder);
  g_free (entry);
}

static char *
prop_line (xmlNode    *node,
           const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *line;

  if (value == NULL)
    return NULL;
  line = dossier_feed_clean_line ((const char *) value);
  xmlFree (value);
  if (*line == '\0')
    g_clear_pointer (&line, g_free);
  return line;
}

static gboolean
is_web_url (const char *url)
{
  return url != NULL && (g_ascii_strncasecmp (url, "http://", 7) == 0
                         || g_ascii_strncasecmp (url, "https://", 8) == 0);
}

static gboolean
is_outline (xmlNode *node)
{
  return node->type == XML_ELEMENT_NODE && node->name != NULL
         && g_ascii_strcasecmp ((const char *) node->name, "outline") == 0;
}

/* The folder of an outline: the titles of its outline ancestors. */
static char *
folder_of (xmlNode *outline,
           xmlNode *body)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GString *folder;

  for (xmlNode *p = outline->parent; p != NULL && p != body; p = p->parent)
    if (is_outline (p))
      {
        char *name = prop_line (p, "title");
        if (name == NULL)
          name = prop_line (p, "text");
        if (name != NULL)
          g_ptr_array_insert (names, 0, name);
      }
  if (names->len == 0)
    return NULL;
  folder = g_string_new (NULL);
  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        g_string_append (folder, " / ");
      g_string_append (folder, g_ptr_array_index (names, i));
    }
  return g_string_free (folder, FALSE);
}

GPtrArray *
dossier_opml_parse (const char  *data,
                    gsize        length,
                    guint       *out_skipped,
                    GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_opml_entry_free);
  xmlParserCtxt *ctxt;
  xmlDoc *doc;
  xmlNode *root;
  xmlNode *body = NULL;
  xmlNode *node;
  guint skipped = 0;

  if (out_skipped != NULL)
    *out_skipped = 0;
  if (length > OPML_MAX_SIZE)
    {
      g_set_error (error, DOSSIER_OPML_ERROR, DOSSIER_OPML_ERROR_TOO_LARGE,
                   _("Refused: the OPML file is larger than %u MB"), OPML_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  /* Same rules as feeds: no entity substitution, no DTD, no network, and
   * libxml2's depth and size limits kept (no XML_PARSE_HUGE). */
  ctxt = xmlNewParserCtxt ();
  doc = xmlCtxtReadMemory (ctxt, data, (int) length, NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL || (root = xmlDocGetRootElement (doc)) == NULL)
    {
      const xmlError *last = xmlCtxtGetLastError (ctxt);
      g_autofree char *message = last && last->message ? g_strchomp (g_strdup (last->message)) : NULL;

      g_set_error (error, DOSSIER_OPML_ERROR, DOSSIER_OPML_ERROR_MALFORMED,
                   _("Not an OPML file: %s"), message ? message : _("not XML"));
      xmlFreeParserCtxt (ctxt);
      g_clear_pointer (&doc, xmlFreeDoc);
      return NULL;
    }
  if (!ctxt->wellFormed)
    {
      const xmlError *last = xmlCtxtGetLastError (ctxt);

      if (last != NULL && last->code == XML_ERR_INTERNAL_ERROR)
        {
          g_set_error (error, DOSSIER_OPML_ERROR, DOSSIER_OPML_ERROR_TOO_LARGE,
                       _("Refused: the OPML file is nested too deeply"));
          xmlFreeParserCtxt (ctxt);
          xmlFreeDoc (doc);
          return NULL;
        }
    }
  xmlFreeParserCtxt (ctxt);

  if (g_ascii_strcasecmp ((const char *) root->name, "opml") != 0)
    {
      g_set_error (error, DOSSIER_OPML_ERROR, DOSSIER_OPML_ERROR_MALFORMED,
                   _("Not an OPML file: the document is “%s”"), (const char *) root->name);
      xmlFreeDoc (doc);
      return NULL;
    }
  for (xmlNode *child = root->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && g_ascii_strcasecmp ((const char *) child->name, "body") == 0)
      body = child;
  if (body == NULL)
    {
      g_set_error (error, DOSSIER_OPML_ERROR, DOSSIER_OPML_ERROR_MALFORMED,
                   _("Not an OPML file: it has no body"));
      xmlFreeDoc (doc);
      return NULL;
    }

  /* Iterative walk over the outlines of the body. */
  node = body->children;
  while (node != NULL && node != body)
    {
      if (is_outline (node))
        {
          g_autofree char *url = prop_line (node, "xmlUrl");

          if (url == NULL)
            url = prop_line (node, "xmlurl");
          if (url != NULL)
            {
              if (!is_web_url (url) || entries->len >= OPML_MAX_ENTRIES)
                skipped++;
              else
                {
                  DossierOpmlEntry *entry = g_new0 (DossierOpmlEntry, 1);

                  entry->url = g_steal_pointer (&url);
                  entry->title = prop_line (node, "title");
                  if (entry->title == NULL)
                    entry->title = prop_line (node, "text");
                  entry->site_url = prop_line (node, "htmlUrl");
                  if (entry->site_url != NULL && !is_web_url (entry->site_url))
                    g_clear_pointer (&entry->site_url, g_free);
                  entry->folder = folder_of (node, body);
                  g_ptr_array_add (entries, entry);
                }
            }
          if (node->children != NULL)
            {
              node = node->children;
              continue;
            }
        }
      while (node != body && node->next == NULL)
        node = node->parent;
      if (node == body)
        break;
      node = node->next;
    }
  xmlFreeDoc (doc);

  if (out_skipped != NULL)
    *out_skipped = skipped;
  return g_steal_pointer (&entries);
}

static void
set_prop (xmlNode    *node,
          const char *name,
          const char *value)
{
  if (value != NULL)
    xmlNewProp (node, (const xmlChar *) name, (const xmlChar *) value);
}

char *
dossier_opml_write (GPtrArray  *entries,
                    const char *title)
{
  xmlDoc *doc = xmlNewDoc ((const xmlChar *) "1.0");
  xmlNode *opml = xmlNewNode (NULL, (const xmlChar *) "opml");
  xmlNode *head;
  xmlNode *body;
  g_autoptr(GHashTable) folders = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%a, %d %b %Y %H:%M:%S GMT");
  xmlChar *out = NULL;
  int out_len = 0;
  char *ret;

  xmlDocSetRootElement (doc, opml);
  xmlNewProp (opml, (const xmlChar *) "version", (const xmlChar *) "2.0");
  head = xmlNewChild (opml, NULL, (const xmlChar *) "head", NULL);
  xmlNewTextChild (head, NULL, (const xmlChar *) "title", (const xmlChar *) (title ? title : "Dossier"));
  xmlNewTextChild (head, NULL, (const xmlChar *) "dateCreated", (const xmlChar *) date);
  body = xmlNewChild (opml, NULL, (const xmlChar *) "body", NULL);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      DossierOpmlEntry *entry = g_ptr_array_index (entries, i);
      xmlNode *parent = body;
      xmlNode *outline;

      if (entry->folder != NULL && *entry->folder != '\0')
        {
          parent = g_hash_table_lookup (folders, entry->folder);
          if (parent == NULL)
            {
              parent = xmlNewChild (body, NULL, (const xmlChar *) "outline", NULL);
              set_prop (parent, "text", entry->folder);
              set_prop (parent, "title", entry->folder);
              g_hash_table_insert (folders, entry->folder, parent);
            }
        }
      outline = xmlNewChild (parent, NULL, (const xmlChar *) "outline", NULL);
      set_prop (outline, "type", "rss");
      set_prop (outline, "text", entry->title ? entry->title : entry->url);
      set_prop (outline, "title", entry->title ? entry->title : entry->url);
      set_prop (outline, "xmlUrl", entry->url);
      set_prop (outline, "htmlUrl", entry->site_url);
    }

  xmlDocDumpFormatMemoryEnc (doc, &out, &out_len, "UTF-8", 1);
  ret = g_strndup ((const char *) out, out_len);
  xmlFree (out);
  xmlFreeDoc (doc);
  return ret;
}
