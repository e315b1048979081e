/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-feed-parser.c: feeds (RSS, RDF, Atom, JSON Feed) into
 * DossierParsedFeed, feed discovery in HTML pages, and feed dates.
 *
 * Owns: reading outside XML/JSON safely and turning feed HTML into plain
 * text. Must not: touch the network or the store, expand entities declared
 * by the document, load DTDs, recurse without a bound (hostile documents nest
 * 100,000 deep), or let script/style text or event attributes through.
 */
#define G_LOG_DOMAIN "dossier-feed-parser"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <string.h>

#include "dossier-feed-parser.h"
#include "dossier-extract.h"

#define NS_ATOM10   "http://www.w3.org/2005/Atom"
#define NS_ATOM03   "http://purl.org/atom/ns#"
#define NS_RDF      "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RSS10    "http://purl.org/rss/1.0/"
#define NS_RSS090   "http://my.netscape.com/rdf/simple/0.9/"
#define NS_DC       "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS  "http://purl.org/dc/terms/"
#define NS_CONTENT  "http://purl.org/rss/1.0/modules/content/"
#define NS_MEDIA    "http://search.yahoo.com/mrss/"
#define NS_XHTML    "http://www.w3.org/1999/xhtml"
#define NS_ITUNES   "http://www.itunes.com/dtds/podcast-1.0.dtd"

/* libxml2's own limit without XML_PARSE_HUGE; we say it in words. */
#define XML_DEPTH_LIMIT 256

typedef struct {
  DossierParsedFeed *feed;
  const char        *base_url;
} ParseState;

G_DEFINE_QUARK (dossier-feed-error-quark, dossier_feed_error)

/* --------------------------------------------------------------- values -- */

void
dossier_feed_item_free (DossierFeedItem *item)
{
  if (item == NULL)
    return;
  g_free (item->guid);
  g_free (item->title);
  g_free (item->link);
  g_free (item->author);
  g_free (item->summary);
  g_free (item->content);
  g_free (item->content_html);
  g_free (item->media_description);
  g_strfreev (item->categories);
  g_free (item);
}

void
dossier_parsed_feed_free (DossierParsedFeed *feed)
{
  if (feed == NULL)
    return;
  g_free (feed->version);
  g_free (feed->title);
  g_free (feed->link);
  g_free (feed->description);
  g_free (feed->author);
  g_free (feed->lang);
  g_free (feed->encoding);
  g_clear_pointer (&feed->items, g_ptr_array_unref);
  g_clear_pointer (&feed->warnings, g_ptr_array_unref);
  g_free (feed);
}

static void
add_warning (DossierParsedFeed *feed,
             const char        *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_warning (DossierParsedFeed *feed,
             const char        *format,
             ...)
{
  va_list args;
  char *message;

  feed->bozo = TRUE;
  /* A hostile feed could repeat the same fault a million times. */
  if (feed->warnings->len >= 20)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  for (guint i = 0; i < feed->warnings->len; i++)
    if (g_str_equal (g_ptr_array_index (feed->warnings, i), message))
      {
        g_free (message);
        return;
      }
  g_ptr_array_add (feed->warnings, message);
}

/* ----------------------------------------------------------- text utils -- */

/* U+0080–U+009F are never meant: they are Windows-1252 bytes decoded as
 * Latin-1. Returns the character meant, or 0. */
static gunichar
c1_to_cp1252 (gunichar c)
{
  static const gunichar table[32] = {
    0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
    0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
  };

  return c >= 0x80 && c <= 0x9f ? table[c - 0x80] : 0;
}

static gboolean
is_stripped_char (gunichar c)
{
  /* C0/C1 controls, bidi embeddings/overrides/isolates, and the marks that
   * let a title pretend to be something else on screen. */
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
         || (c >= 0x7f && c <= 0x9f)
         || (c >= 0x202a && c <= 0x202e)
         || (c >= 0x2066 && c <= 0x2069)
         || c == 0x200e || c == 0x200f || c == 0x061c
         || c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb);
}

static char *
make_valid (const char *text,
            gssize      length)
{
  if (length < 0)
    length = strlen (text);
  return g_utf8_make_valid (text, length);
}

char *
dossier_feed_clean_line (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  gboolean space = FALSE;

  if (text == NULL)
    return NULL;

  valid = make_valid (text, -1);
  out = g_string_sized_new (MIN (strlen (valid), DOSSIER_FEED_MAX_LINE));
  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* One line is a title, a name or an address: a megabyte of it is an
       * attack on the list views, not information. */
      if (out->len >= DOSSIER_FEED_MAX_LINE)
        {
          g_string_append (out, "…");
          break;
        }
      if (c1_to_cp1252 (c) != 0)
        c = c1_to_cp1252 (c);
      if (is_stripped_char (c))
        continue;
      if (g_unichar_isspace (c) || c == 0xa0)
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static char *
line_take (char *text)
{
  char *line = dossier_feed_clean_line (text);

  g_free (text);
  return line;
}

/* Plain text of several paragraphs: controls stripped (newlines kept),
 * runs of blank lines collapsed to one, spaces collapsed. */
static char *
clean_text (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  guint newlines = 0;
  gboolean space = FALSE;

  if (text == NULL)
    return NULL;

  valid = make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\r')
        continue;
      if (c == '\n')
        {
          newlines++;
          space = FALSE;
          continue;
        }
      if (c1_to_cp1252 (c) != 0)
        c = c1_to_cp1252 (c);
      if (is_stripped_char (c))
        continue;
      if (g_unichar_isspace (c) || c == 0xa0)
        {
          space = TRUE;
          continue;
        }
      if (out->len > 0)
        {
          if (newlines >= 2)
            g_string_append (out, "\n\n");
          else if (newlines == 1)
            g_string_append_c (out, '\n');
          else if (space)
            g_string_append_c (out, ' ');
        }
      newlines = 0;
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------- HTML → text -- */

/* The extractor's reading of HTML fragments (no scripts, styles or
 * attributes), then our own cleaning: C1 bytes read as Windows-1252,
 * controls dropped, blank lines collapsed. */
char *
dossier_feed_html_to_text (const char *html)
{
  g_autofree char *text = NULL;

  if (html == NULL)
    return NULL;
  if (g_utf8_validate (html, -1, NULL) && strstr (html, "\xc2") != NULL)
    {
      /* Read C1 characters as the Windows-1252 ones they were meant to be
       * before the HTML reader drops them as controls. */
      g_autofree char *mapped = NULL;
      GString *out = g_string_sized_new (strlen (html));

      for (const char *p = html; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          g_string_append_unichar (out, c1_to_cp1252 (c) != 0 ? c1_to_cp1252 (c) : c);
        }
      mapped = g_string_free (out, FALSE);
      text = dossier_html_to_text (mapped, strlen (mapped), NULL);
    }
  else
    text = dossier_html_to_text (html, strlen (html), NULL);
  return clean_text (text);
}

/* ---------------------------------------------------------- XML helpers -- */

static gboolean
node_is (xmlNode    *node,
         const char *ns,
         const char *name)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE || node->name == NULL)
    return FALSE;
  if (g_ascii_strcasecmp ((const char *) node->name, name) != 0)
    return FALSE;
  if (ns == NULL)
    return TRUE;
  if (g_str_equal (ns, ""))
    return node->ns == NULL || node->ns->href == NULL;
  return node->ns != NULL && node->ns->href != NULL
         && g_ascii_strcasecmp ((const char *) node->ns->href, ns) == 0;
}

static const char *
node_ns (xmlNode *node)
{
  return node->ns != NULL && node->ns->href != NULL ? (const char *) node->ns->href : "";
}

static gboolean
in_ns (xmlNode    *node,
       const char *ns)
{
  return g_ascii_strcasecmp (node_ns (node), ns) == 0;
}

/* The namespaces whose elements are the feed's own (RSS in its several
 * namespaces, Atom); extension modules may reuse the same local names. */
static gboolean
core_is (xmlNode    *node,
         const char *name)
{
  static const char *core[] = {
    "", NS_RSS10, NS_RSS090, NS_ATOM10, NS_ATOM03,
    "http://backend.userland.com/rss2", "http://backend.userland.com/rss",
    "http://purl.org/net/rss1.1#",
  };
  const char *ns;

  xmlNode *root;

  if (!node_is (node, NULL, name))
    return FALSE;
  ns = node_ns (node);
  for (guint i = 0; i < G_N_ELEMENTS (core); i++)
    if (g_ascii_strcasecmp (ns, core[i]) == 0)
      return TRUE;
  /* Whatever namespace the document's root element is in is its own. */
  root = node->doc != NULL ? xmlDocGetRootElement (node->doc) : NULL;
  return root != NULL && g_ascii_strcasecmp (ns, node_ns (root)) == 0;
}

/* Text of a node's text children only, never entity references (those would
 * expand entities the document declared itself). Cut at the field limit. */
static char *
node_text (ParseState *state,
           xmlNode    *top)
{
  GString *out = g_string_new (NULL);
  xmlNode *node = top->children;
  gboolean cut = FALSE;

  while (node != NULL)
    {
      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
        {
          if (node->content != NULL)
            g_string_append (out, (const char *) node->content);
        }
      else if (node->type == XML_ENTITY_REF_NODE)
        add_warning (state->feed, _("Entity “%s” declared by the feed was not expanded"),
                     node->name ? (const char *) node->name : "");
      if (out->len > DOSSIER_FEED_MAX_TEXT)
        {
          cut = TRUE;
          break;
        }
      if (node->type == XML_ELEMENT_NODE && node->children != NULL)
        {
          node = node->children;
          continue;
        }
      while (node != NULL && node != top && node->next == NULL)
        node = node->parent;
      if (node == NULL || node == top)
        break;
      node = node->next;
    }

  if (cut)
    {
      const char *end;

      g_string_truncate (out, DOSSIER_FEED_MAX_TEXT);
      /* Do not leave half a character behind. */
      end = out->str + out->len;
      g_utf8_validate (out->str, out->len, &end);
      g_string_truncate (out, end - out->str);
      add_warning (state->feed, _("A text longer than %u KB was cut short"),
                   DOSSIER_FEED_MAX_TEXT / 1024);
    }
  return g_string_free (out, FALSE);
}

static char *
node_prop (xmlNode    *node,
           const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *ret;

  if (value == NULL)
    return NULL;
  ret = g_strdup ((const char *) value);
  xmlFree (value);
  return ret;
}

static char *
resolve_url (xmlNode    *node,
             const char *base_url,
             const char *href)
{
  g_autofree char *trimmed = NULL;
  xmlChar *base = NULL;
  xmlChar *built;
  char *ret;

  if (href == NULL)
    return NULL;
  trimmed = dossier_feed_clean_line (href);
  if (*trimmed == '\0')
    return NULL;

  if (node != NULL && node->doc != NULL)
    base = xmlNodeGetBase (node->doc, node);
  if (base != NULL && base_url != NULL && strstr ((const char *) base, "://") == NULL)
    {
      /* A relative xml:base: resolve it against the feed's own address. */
      xmlChar *abs = xmlBuildURI (base, (const xmlChar *) base_url);
      xmlFree (base);
      base = abs;
    }
  built = xmlBuildURI ((const xmlChar *) trimmed,
                       base != NULL ? base : (const xmlChar *) base_url);
  if (base != NULL)
    xmlFree (base);
  if (built == NULL)
    return g_steal_pointer (&trimmed);
  ret = g_strdup ((const char *) built);
  xmlFree (built);
  return ret;
}

/* A text construct as plain text: Atom's type attribute says text, html or
 * xhtml; RSS fields are usually escaped HTML. */
static char *
construct_text (ParseState *state,
                xmlNode    *node,
                gboolean    html_default,
                char      **out_raw)
{
  g_autofree char *type = node_prop (node, "type");
  g_autofree char *mode = node_prop (node, "mode");
  gboolean is_html = html_default;

  if (type != NULL)
    {
      if (g_ascii_strcasecmp (type, "xhtml") == 0
          || g_ascii_strcasecmp (type, "application/xhtml+xml") == 0)
        {
          /* The content is child elements: serialise them, then read as HTML. */
          xmlBuffer *buffer = xmlBufferCreate ();
          char *text;

          for (xmlNode *child = node->children; child != NULL; child = child->next)
            xmlNodeDump (buffer, node->doc, child, 0, 0);
          if (out_raw != NULL)
            *out_raw = g_strdup ((const char *) xmlBufferContent (buffer));
          text = dossier_feed_html_to_text ((const char *) xmlBufferContent (buffer));
          xmlBufferFree (buffer);
          return text;
        }
      if (strchr (type, '/') != NULL && !g_str_has_prefix (type, "text/")
          && !g_str_has_suffix (type, "+xml") && !g_str_has_suffix (type, "/xml"))
        {
          /* Atom: any other media type is base64 (RFC 4287, 4.1.3.3). */
          g_free (mode);
          mode = g_strdup ("base64");
        }
      is_html = g_ascii_strcasecmp (type, "html") == 0
                || g_ascii_strcasecmp (type, "text/html") == 0
                || (html_default && g_ascii_strcasecmp (type, "text") != 0
                    && g_ascii_strcasecmp (type, "text/plain") != 0);
    }

  {
    g_autofree char *raw = node_text (state, node);
    char *text;

    if (mode != NULL && g_ascii_strcasecmp (mode, "base64") == 0)
      {
        gsize len = 0;
        guchar *decoded = g_base64_decode (raw, &len);
        g_free (raw);
        raw = make_valid ((const char *) decoded, len);
        g_free (decoded);
      }
    text = is_html ? dossier_feed_html_to_text (raw) : clean_text (raw);
    if (out_raw != NULL)
      *out_raw = g_steal_pointer (&raw);
    return text;
  }
}

static char *
construct_line (ParseState *state,
                xmlNode    *node,
                gboolean    html_default)
{
  g_autofree char *text = construct_text (state, node, html_default, NULL);

  return dossier_feed_clean_line (text);
}

static void
set_once (char **field,
          char  *value)
{
  if (*field == NULL && value != NULL && *value != '\0')
    *field = value;
  else
    g_free (value);
}

static char *
person_name (ParseState *state,
             xmlNode    *node)
{
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (g_ascii_strcasecmp ((const char *) child->name, "name") == 0)
        set_once (&name, line_take (node_text (state, child)));
      else if (g_ascii_strcasecmp ((const char *) child->name, "email") == 0)
        set_once (&email, line_take (node_text (state, child)));
    }
  if (name == NULL && email == NULL)
    {
      g_autofree char *text = node_text (state, node);
      return dossier_feed_clean_line (text);
    }
  if (name != NULL && email != NULL)
    return g_strdup_printf ("%s (%s)", name, email);
  return g_strdup (name != NULL ? name : email);
}

static char *
rss_author (ParseState *state,
            xmlNode    *node)
{
  return line_take (node_text (state, node));
}

static gint64
node_date (ParseState *state,
           xmlNode    *node)
{
  g_autofree char *text = node_text (state, node);
  gint64 t = dossier_feed_parse_date (text);

  if (t == 0 && text != NULL && *text != '\0')
    {
      g_autofree char *line = dossier_feed_clean_line (text);
      if (g_utf8_strlen (line, -1) > 40)
        {
          char *end = g_utf8_offset_to_pointer (line, 40);
          *end = '\0';
        }
      add_warning (state->feed, _("Date “%s” could not be read"), line);
    }
  return t;
}

/* ---------------------------------------------------------------- items -- */

static void
append_category (GPtrArray *categories,
                 char      *value)
{
  if (value == NULL || *value == '\0')
    {
      g_free (value);
      return;
    }
  g_ptr_array_add (categories, value);
}

static void
take_content (DossierFeedItem *item,
              char            *text,
              char            *raw)
{
  /* The fullest content wins: feeds put a teaser in one element and the
   * article in another. */
  if (text != NULL && *text != '\0'
      && (item->content == NULL || strlen (text) > strlen (item->content)))
    {
      g_free (item->content);
      g_free (item->content_html);
      item->content = text;
      item->content_html = raw;
      return;
    }
  g_free (text);
  g_free (raw);
}

static void
read_media (ParseState      *state,
            DossierFeedItem *item,
            xmlNode         *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE || !in_ns (child, NS_MEDIA))
        continue;
      if (node_is (child, NS_MEDIA, "description"))
        set_once (&item->media_description, construct_text (state, child, FALSE, NULL));
      else if (node_is (child, NS_MEDIA, "group") || node_is (child, NS_MEDIA, "content"))
        read_media (state, item, child);
    }
}

static DossierFeedItem *
read_item (ParseState *state,
           xmlNode    *item_node,
           gboolean    atom)
{
  DossierFeedItem *item = g_new0 (DossierFeedItem, 1);
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *permalink = NULL;
  g_autofree char *about = node_prop (item_node, "about");

  for (xmlNode *child = item_node->children; child != NULL; child = child->next)
    {

      if (child->type != XML_ELEMENT_NODE)
        continue;

      if (core_is (child, "title"))
        set_once (&item->title, construct_line (state, child, !atom));
      else if (node_is (child, NS_DC, "title"))
        set_once (&item->title, construct_line (state, child, FALSE));
      else if (core_is (child, "link"))
        {
          g_autofree char *href = node_prop (child, "href");
          g_autofree char *rel = node_prop (child, "rel");

          if (href != NULL)
            {
              /* Atom: the alternate link is the article; enclosures, replies… are not. */
              if (rel == NULL || g_ascii_strcasecmp (rel, "alternate") == 0)
                set_once (&item->link, resolve_url (child, state->base_url, href));
            }
          else
            {
              g_autofree char *text = node_text (state, child);
              set_once (&item->link, resolve_url (child, state->base_url, text));
            }
        }
      else if (core_is (child, "guid") || (atom && core_is (child, "id")))
        {
          g_autofree char *text = node_text (state, child);
          g_autofree char *is_permalink = node_prop (child, "isPermaLink");

          set_once (&item->guid, dossier_feed_clean_line (text));
          if (!atom && (is_permalink == NULL || g_ascii_strcasecmp (is_permalink, "false") != 0)
              && item->guid != NULL && (g_str_has_prefix (item->guid, "http://")
                                        || g_str_has_prefix (item->guid, "https://")))
            set_once (&permalink, g_strdup (item->guid));
        }
      else if (core_is (child, "pubDate") || core_is (child, "published")
               || core_is (child, "issued") || node_is (child, NS_DCTERMS, "issued")
               || node_is (child, NS_DCTERMS, "created"))
        {
          /* The last date given wins, as in every other reader. */
          gint64 t = node_date (state, child);
          if (t != 0)
            item->published = t;
        }
      else if (core_is (child, "updated") || core_is (child, "modified")
               || node_is (child, NS_DCTERMS, "modified") || node_is (child, NS_DC, "date"))
        {
          gint64 t = node_date (state, child);
          if (t != 0)
            item->updated = t;
        }
      else if (node_is (child, NS_DC, "creator") || node_is (child, NS_DC, "author"))
        set_once (&item->author, line_take (node_text (state, child)));
      else if (core_is (child, "author"))
        set_once (&item->author, atom || child->children == NULL || child->children->type != XML_TEXT_NODE
                                 || child->children->next != NULL
                                 ? person_name (state, child) : rss_author (state, child));
      else if (node_is (child, NS_CONTENT, "encoded"))
        {
          char *raw = NULL;
          char *text = construct_text (state, child, TRUE, &raw);
          take_content (item, text, raw);
        }
      else if (core_is (child, "content"))
        {
          char *raw = NULL;
          g_autofree char *src = node_prop (child, "src");
          char *text;

          if (src != NULL && child->children == NULL)
            continue;
          text = construct_text (state, child, FALSE, &raw);
          take_content (item, text, raw);
        }
      else if (node_is (child, NULL, "body") || node_is (child, NULL, "fullitem"))
        {
          char *raw = NULL;
          char *text;

          if (node_is (child, NULL, "body"))
            {
              /* XHTML children, as Atom's type="xhtml". */
              xmlBuffer *buffer = xmlBufferCreate ();
              for (xmlNode *n = child->children; n != NULL; n = n->next)
                xmlNodeDump (buffer, child->doc, n, 0, 0);
              raw = g_strdup ((const char *) xmlBufferContent (buffer));
              xmlBufferFree (buffer);
              text = dossier_feed_html_to_text (raw);
            }
          else
            text = construct_text (state, child, TRUE, &raw);
          take_content (item, text, raw);
        }
      else if (core_is (child, "description"))
        set_once (&item->summary, construct_text (state, child, TRUE, NULL));
      else if (core_is (child, "summary"))
        set_once (&item->summary, construct_text (state, child, atom ? FALSE : TRUE, NULL));
      else if (node_is (child, NS_DC, "description"))
        set_once (&item->summary, construct_text (state, child, TRUE, NULL));
      else if (core_is (child, "category"))
        {
          g_autofree char *term = node_prop (child, "term");
          append_category (categories, term != NULL ? dossier_feed_clean_line (term) : line_take (node_text (state, child)));
        }
      else if (node_is (child, NS_ITUNES, "category"))
        {
          /* Nested categories: the parent, then its children. */
          g_autofree char *text = node_prop (child, "text");
          append_category (categories, dossier_feed_clean_line (text));
          for (xmlNode *n = child->children; n != NULL; n = n->next)
            if (node_is (n, NS_ITUNES, "category"))
              {
                g_autofree char *sub = node_prop (n, "text");
                append_category (categories, dossier_feed_clean_line (sub));
              }
        }
      else if (node_is (child, NS_ITUNES, "summary"))
        set_once (&item->summary, construct_text (state, child, FALSE, NULL));
      else if (node_is (child, NS_DC, "subject"))
        append_category (categories, line_take (node_text (state, child)));
      else if (in_ns (child, NS_MEDIA))
        {
          if (node_is (child, NS_MEDIA, "description"))
            set_once (&item->media_description, construct_text (state, child, FALSE, NULL));
          else if (node_is (child, NS_MEDIA, "group") || node_is (child, NS_MEDIA, "content"))
            read_media (state, item, child);
        }
    }

  if (item->link == NULL && permalink != NULL)
    item->link = resolve_url (item_node, state->base_url, permalink);
  if (item->link == NULL && about != NULL)
    item->link = resolve_url (item_node, state->base_url, about);
  if (item->guid == NULL && about != NULL)
    item->guid = dossier_feed_clean_line (about);
  if (item->published == 0)
    item->published = item->updated;
  if (categories->len > 0)
    {
      g_ptr_array_add (categories, NULL);
      item->categories = (GStrv) g_ptr_array_steal (categories, NULL);
    }
  return item;
}

/* --------------------------------------------------------- channel / feed -- */

static void
read_channel (ParseState *state,
              xmlNode    *channel,
              gboolean    atom)
{
  DossierParsedFeed *feed = state->feed;

  for (xmlNode *child = channel->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;

      if (core_is (child, "title"))
        set_once (&feed->title, construct_line (state, child, !atom));
      else if (node_is (child, NS_DC, "title"))
        set_once (&feed->title, construct_line (state, child, FALSE));
      else if (core_is (child, "link"))
        {
          g_autofree char *href = node_prop (child, "href");
          g_autofree char *rel = node_prop (child, "rel");

          if (href != NULL)
            {
              if (rel == NULL || g_ascii_strcasecmp (rel, "alternate") == 0)
                set_once (&feed->link, resolve_url (child, state->base_url, href));
            }
          else
            {
              g_autofree char *text = node_text (state, child);
              set_once (&feed->link, resolve_url (child, state->base_url, text));
            }
        }
      else if (core_is (child, "description") || core_is (child, "subtitle")
               || core_is (child, "tagline") || node_is (child, NS_DC, "description")
               || node_is (child, NS_ITUNES, "summary"))
        set_once (&feed->description, construct_text (state, child, !atom, NULL));
      else if (core_is (child, "language") || node_is (child, NS_DC, "language"))
        set_once (&feed->lang, line_take (node_text (state, child)));
      else if (node_is (child, NS_DC, "creator") || core_is (child, "managingEditor"))
        set_once (&feed->author, line_take (node_text (state, child)));
      else if (core_is (child, "author"))
        set_once (&feed->author, atom ? person_name (state, child) : line_take (node_text (state, child)));
      else if (core_is (child, "updated") || core_is (child, "modified")
               || core_is (child, "lastBuildDate") || node_is (child, NS_DC, "date")
               || node_is (child, NS_DCTERMS, "modified")
               || core_is (child, "pubDate"))
        {
          if (feed->updated == 0)
            feed->updated = node_date (state, child);
        }
      else if (core_is (child, "item") || core_is (child, "entry"))
        {
          if (feed->items->len >= DOSSIER_FEED_MAX_ITEMS)
            {
              add_warning (feed, _("Only the first %u items were read"), DOSSIER_FEED_MAX_ITEMS);
              continue;
            }
          g_ptr_array_add (feed->items, read_item (state, child, atom));
        }
    }
  if (feed->lang == NULL)
    {
      xmlChar *lang = xmlNodeGetLang (channel);
      if (lang != NULL)
        {
          feed->lang = dossier_feed_clean_line ((const char *) lang);
          xmlFree (lang);
        }
    }
  if (feed->lang != NULL)
    g_strdelimit (feed->lang, "_", '-');
}

static gboolean
read_xml_feed (ParseState  *state,
               xmlDoc      *doc,
               GError     **error)
{
  DossierParsedFeed *feed = state->feed;
  xmlNode *root = xmlDocGetRootElement (doc);

  if (root == NULL)
    {
      g_set_error (error, DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_MALFORMED,
                   _("Not a feed: the document is empty"));
      return FALSE;
    }

  if (node_is (root, NULL, "rss") || node_is (root, NULL, "channel"))
    {
      g_autofree char *version = node_prop (root, "version");
      xmlNode *channel = NULL;

      feed->format = DOSSIER_FEED_FORMAT_RSS;
      if (version == NULL)
        feed->version = g_strdup ("rss");
      else if (g_str_has_prefix (version, "2"))
        feed->version = g_strdup ("rss20");
      else if (g_str_equal (version, "0.91"))
        feed->version = g_strdup (doc->intSubset != NULL && doc->intSubset->ExternalID != NULL
                                  && strstr ((const char *) doc->intSubset->ExternalID, "Netscape")
                                  ? "rss091n" : "rss091u");
      else if (g_str_equal (version, "0.92"))
        feed->version = g_strdup ("rss092");
      else if (g_str_equal (version, "0.93"))
        feed->version = g_strdup ("rss093");
      else if (g_str_equal (version, "0.94"))
        feed->version = g_strdup ("rss094");
      else
        feed->version = g_strdup ("rss");

      if (node_is (root, NULL, "channel"))
        channel = root;
      else
        for (xmlNode *child = root->children; child != NULL; child = child->next)
          if (node_is (child, NULL, "channel"))
            {
              channel = child;
              break;
            }
      if (channel != NULL)
        read_channel (state, channel, FALSE);
      /* RSS 0.91 variants put items beside the channel. */
      if (channel != root)
        for (xmlNode *child = root->children; child != NULL; child = child->next)
          if (core_is (child, "item") && feed->items->len < DOSSIER_FEED_MAX_ITEMS)
            g_ptr_array_add (feed->items, read_item (state, child, FALSE));
      return TRUE;
    }

  if (node_is (root, NULL, "RDF"))
    {
      feed->format = DOSSIER_FEED_FORMAT_RDF;
      feed->version = g_strdup ("rss10");
      for (xmlNs *ns = root->nsDef; ns != NULL; ns = ns->next)
        if (ns->href != NULL && g_str_equal ((const char *) ns->href, NS_RSS090))
          {
            g_free (feed->version);
            feed->version = g_strdup ("rss090");
          }
      for (xmlNode *child = root->children; child != NULL; child = child->next)
        {
          if (node_is (child, NULL, "channel"))
            {
              if (in_ns (child, NS_RSS090))
                {
                  g_free (feed->version);
                  feed->version = g_strdup ("rss090");
                }
              read_channel (state, child, FALSE);
            }
          else if (core_is (child, "item") && feed->items->len < DOSSIER_FEED_MAX_ITEMS)
            g_ptr_array_add (feed->items, read_item (state, child, FALSE));
        }
      return TRUE;
    }

  if (node_is (root, NULL, "feed"))
    {
      feed->format = DOSSIER_FEED_FORMAT_ATOM;
      if (in_ns (root, NS_ATOM10))
        feed->version = g_strdup ("atom10");
      else if (in_ns (root, NS_ATOM03))
        feed->version = g_strdup ("atom03");
      else
        feed->version = g_strdup ("atom");
      read_channel (state, root, TRUE);
      return TRUE;
    }

  g_set_error (error, DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_NOT_A_FEED,
               _("Not a feed: the document is “%s”, not RSS, Atom or RDF"),
               root->name ? (const char *) root->name : "?");
  return FALSE;
}

/* Named HTML entities (&nbsp;, &eacute;…) are everywhere in feeds but
 * undefined in XML without a DTD, which we never load. Rewrite the ones
 * HTML knows (and XML's own five) as numeric references; leave CDATA and
 * comments alone. Entities the document declares itself stay references. */
static GBytes *
replace_html_entities (const char *data,
                       gsize       length)
{
  GString *out = NULL;
  gsize copied = 0;
  gsize i = 0;

  while (i < length)
    {
      if (data[i] == '<' && i + 9 <= length && memcmp (data + i, "<![CDATA[", 9) == 0)
        {
          const char *end = g_strstr_len (data + i, length - i, "]]>");
          i = end ? (gsize) (end - data) + 3 : length;
          continue;
        }
      if (data[i] == '<' && i + 4 <= length && memcmp (data + i, "<!--", 4) == 0)
        {
          const char *end = g_strstr_len (data + i, length - i, "-->");
          i = end ? (gsize) (end - data) + 3 : length;
          continue;
        }
      if (data[i] == '&' && i + 1 < length && data[i + 1] == '#')
        {
          /* Character references: "&#X41;" is HTML, not XML; references to
           * characters XML forbids (controls) would make the document
           * ill-formed, and libxml2 then drops every later entity. */
          gboolean hex = i + 2 < length && (data[i + 2] == 'x' || data[i + 2] == 'X');
          gsize j = i + (hex ? 3 : 2);
          guint64 value = 0;
          gboolean valid;

          while (j < length && (hex ? g_ascii_isxdigit (data[j]) : g_ascii_isdigit (data[j])) && value <= 0x10ffff)
            {
              value = value * (hex ? 16 : 10) + (hex ? (guint64) g_ascii_xdigit_value (data[j]) : (guint64) (data[j] - '0'));
              j++;
            }
          if (j >= length || data[j] != ';' || j == i + (hex ? 3 : 2))
            {
              i++;
              continue;
            }
          valid = value == 0x9 || value == 0xa || value == 0xd
                  || (value >= 0x20 && value <= 0xd7ff) || (value >= 0xe000 && value <= 0xfffd)
                  || (value >= 0x10000 && value <= 0x10ffff);
          if (!valid || (hex && data[i + 2] == 'X'))
            {
              if (out == NULL)
                out = g_string_sized_new (length + 64);
              g_string_append_len (out, data + copied, i - copied);
              if (valid)
                g_string_append_printf (out, "&#%u;", (guint) value);
              copied = j + 1;
            }
          i = j + 1;
          continue;
        }
      if (data[i] == '&' && i + 1 < length && g_ascii_isalpha (data[i + 1]))
        {
          gsize j = i + 1;
          char name[32];

          while (j < length && j - i < sizeof name && g_ascii_isalnum (data[j]))
            j++;
          if (j < length && data[j] == ';' && j - i - 1 < sizeof name)
            {
              const htmlEntityDesc *desc;

              memcpy (name, data + i + 1, j - i - 1);
              name[j - i - 1] = '\0';
              /* The five XML entities too: after any well-formedness error
               * libxml2 2.9 drops entity references (but not character
               * references), which would turn escaped HTML into soup. */
              if ((desc = htmlEntityLookup ((const xmlChar *) name)) != NULL
                  || g_str_equal (name, "apos"))
                {
                  if (out == NULL)
                    out = g_string_sized_new (length + 64);
                  g_string_append_len (out, data + copied, i - copied);
                  g_string_append_printf (out, "&#%u;", desc ? desc->value : 39);
                  copied = j + 1;
                }
            }
          i = j;
          continue;
        }
      i++;
    }
  if (out == NULL)
    return NULL;
  g_string_append_len (out, data + copied, length - copied);
  return g_string_free_to_bytes (out);
}

static gboolean
is_encoding_error (int code)
{
  return code == XML_ERR_INVALID_CHAR || code == XML_ERR_INVALID_ENCODING
         || code == XML_ERR_UNSUPPORTED_ENCODING || code == XML_ERR_UNKNOWN_ENCODING
         || code == XML_I18N_CONV_FAILED || code == XML_ERR_ENCODING_NAME
         || code == XML_I18N_NO_HANDLER;
}

/* The declared encoding from <?xml … encoding="…"?>, lower case, or NULL. */
static char *
declared_encoding (const char *data,
                   gsize       length)
{
  const char *end;
  const char *enc;
  const char *q;
  char quote;

  if (length < 5 || memcmp (data, "<?xml", 5) != 0)
    return NULL;
  end = g_strstr_len (data, MIN (length, 512), "?>");
  if (end == NULL)
    return NULL;
  enc = g_strstr_len (data, end - data, "encoding");
  if (enc == NULL)
    return NULL;
  enc += strlen ("encoding");
  while (enc < end && (*enc == ' ' || *enc == '='))
    enc++;
  if (enc >= end || (*enc != '"' && *enc != '\''))
    return NULL;
  quote = *enc++;
  q = memchr (enc, quote, end - enc);
  if (q == NULL || q - enc > 40)
    return NULL;
  return g_ascii_strdown (enc, q - enc);
}

static gboolean
has_utf8_sequences (const char *data,
                    gsize       length)
{
  for (gsize i = 0; i + 1 < length; i++)
    if (((guchar) data[i] & 0xe0) == 0xc0 && ((guchar) data[i + 1] & 0xc0) == 0x80)
      return TRUE;
    else if (((guchar) data[i] & 0xf0) == 0xe0 && i + 2 < length
             && ((guchar) data[i + 1] & 0xc0) == 0x80 && ((guchar) data[i + 2] & 0xc0) == 0x80)
      return TRUE;
  return FALSE;
}

/* UTF-16 and UTF-32 told by their BOM or by how "<?" is spelled; libxml2
 * reads the first but not the second, so both are converted here. */
static const char *
detect_wide_encoding (const char *data,
                      gsize       length,
                      gsize      *out_bom)
{
  const guchar *d = (const guchar *) data;

  *out_bom = 0;
  if (length < 4)
    return NULL;
  if (d[0] == 0x00 && d[1] == 0x00 && d[2] == 0xfe && d[3] == 0xff)
    return *out_bom = 4, "UTF-32BE";
  if (d[0] == 0xff && d[1] == 0xfe && d[2] == 0x00 && d[3] == 0x00)
    return *out_bom = 4, "UTF-32LE";
  if (d[0] == 0xfe && d[1] == 0xff)
    return *out_bom = 2, "UTF-16BE";
  if (d[0] == 0xff && d[1] == 0xfe)
    return *out_bom = 2, "UTF-16LE";
  if (d[0] == 0x00 && d[1] == 0x00 && d[2] == 0x00 && d[3] == 0x3c)
    return "UTF-32BE";
  if (d[0] == 0x3c && d[1] == 0x00 && d[2] == 0x00 && d[3] == 0x00)
    return "UTF-32LE";
  if (d[0] == 0x00 && d[1] == 0x3c && d[2] == 0x00 && d[3] == 0x3f)
    return "UTF-16BE";
  if (d[0] == 0x3c && d[1] == 0x00 && d[2] == 0x3f && d[3] == 0x00)
    return "UTF-16LE";
  return NULL;
}

/* Drops the encoding from an XML declaration of text already in UTF-8. */
static GBytes *
utf8_with_plain_declaration (const char *utf8,
                             gsize       length)
{
  GString *out = g_string_sized_new (length + 40);

  if (length >= 5 && memcmp (utf8, "<?xml", 5) == 0)
    {
      const char *end = g_strstr_len (utf8, MIN (length, 512), "?>");
      if (end != NULL)
        {
          g_string_append (out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
          g_string_append_len (out, end + 2, length - (end + 2 - utf8));
          return g_string_free_to_bytes (out);
        }
    }
  g_string_append_len (out, utf8, length);
  return g_string_free_to_bytes (out);
}

/* Bytes as UTF-8 with the XML declaration's encoding dropped: used when the
 * declared (or HTTP) charset was wrong. Tries the declared charset with
 * fallbacks, else UTF-8 with replacement characters. */
static GBytes *
repair_to_utf8 (const char *data,
                gsize       length,
                const char *charset)
{
  g_autofree char *converted = NULL;
  g_autofree char *valid = NULL;
  GString *out;
  const char *body = data;
  gsize body_len = length;

  if (charset != NULL && g_ascii_strcasecmp (charset, "utf-8") != 0)
    {
      gsize written = 0;
      converted = g_convert_with_fallback (data, length, "UTF-8", charset, "\xef\xbf\xbd",
                                           NULL, &written, NULL);
      if (converted != NULL)
        {
          body = converted;
          body_len = written;
        }
    }
  if (body_len >= 3 && memcmp (body, "\xef\xbb\xbf", 3) == 0)
    {
      body += 3;
      body_len -= 3;
    }
  if (converted == NULL && !has_utf8_sequences (body, body_len))
    {
      /* No UTF-8 anywhere: most likely Windows-1252 sent without a label. */
      gsize written = 0;
      converted = g_convert (body, body_len, "UTF-8", "WINDOWS-1252", NULL, &written, NULL);
      if (converted != NULL)
        {
          body = converted;
          body_len = written;
        }
    }
  valid = g_utf8_make_valid (body, body_len);
  out = g_string_new (NULL);
  if (g_str_has_prefix (valid, "<?xml"))
    {
      const char *end = strstr (valid, "?>");
      if (end != NULL)
        {
          g_string_append (out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
          g_string_append (out, end + 2);
        }
      else
        g_string_append (out, valid);
    }
  else
    g_string_append (out, valid);
  return g_string_free_to_bytes (out);
}

static void
silent_error (void       *ctx,
              const char *msg,
              ...)
{
}

static xmlDoc *
parse_xml (const char  *data,
           gsize        length,
           const char  *base_url,
           const char  *encoding,
           int         *out_code,
           char       **out_message,
           gboolean    *out_well_formed)
{
  xmlParserCtxt *ctxt;
  xmlDoc *doc;
  const xmlError *last;

  /* Encoding errors are printed by libxml2's input layer whatever the parse
   * options say; we report them ourselves. (Per thread in libxml2.) */
  xmlSetGenericErrorFunc (NULL, silent_error);
  ctxt = xmlNewParserCtxt ();

  /* Never XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_HUGE: entities stay
   * references, no DTD is fetched, libxml2 keeps its depth and size limits. */
  doc = xmlCtxtReadMemory (ctxt, data, (int) length, base_url, encoding,
                           XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR
                           | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
  last = xmlCtxtGetLastError (ctxt);
  *out_code = last != NULL ? last->code : 0;
  *out_message = last != NULL && last->message != NULL ? g_strchomp (g_strdup (last->message)) : NULL;
  *out_well_formed = ctxt->wellFormed;
  xmlFreeParserCtxt (ctxt);
  return doc;
}

/* ------------------------------------------------------------- JSON Feed -- */

static gboolean
json_too_deep (const char *data,
               gsize       length)
{
  int depth = 0;
  gboolean in_string = FALSE;

  /* json-glib recurses per nesting level; count before it sees the text. */
  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > DOSSIER_FEED_MAX_DEPTH)
            return TRUE;
        }
      else if (c == '}' || c == ']')
        depth--;
    }
  return FALSE;
}

static char *
json_string (JsonObject *object,
             const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

static JsonObject *
json_object_member (JsonObject *object,
                    const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  node = json_object_get_member (object, member);
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static char *
json_author (JsonObject *object)
{
  JsonObject *author = json_object_member (object, "author");
  JsonNode *authors;

  if (author != NULL)
    return line_take (json_string (author, "name"));
  if (object != NULL && json_object_has_member (object, "authors")
      && (authors = json_object_get_member (object, "authors")) != NULL
      && JSON_NODE_HOLDS_ARRAY (authors)
      && json_array_get_length (json_node_get_array (authors)) > 0)
    {
      JsonNode *first = json_array_get_element (json_node_get_array (authors), 0);
      if (JSON_NODE_HOLDS_OBJECT (first))
        return line_take (json_string (json_node_get_object (first), "name"));
    }
  return NULL;
}

static char *
json_url (const char *base_url,
          char       *url)
{
  g_autofree char *owned = url;

  if (owned == NULL)
    return NULL;
  return resolve_url (NULL, base_url, owned);
}

static gboolean
read_json_feed (ParseState  *state,
                const char  *data,
                gsize        length,
                GError     **error)
{
  DossierParsedFeed *feed = state->feed;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *valid = make_valid (data, length);
  g_autofree char *version = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *items;

  if (json_too_deep (data, length))
    {
      g_set_error (error, DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_TOO_LARGE,
                   _("Refused: the feed is nested more than %u levels deep"), DOSSIER_FEED_MAX_DEPTH);
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, valid, -1, &local_error))
    {
      g_set_error (error, DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_MALFORMED,
                   _("Malformed JSON feed: %s"), local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_NOT_A_FEED,
                   _("Not a feed: the JSON document is not a JSON Feed"));
      return FALSE;
    }
  object = json_node_get_object (root);
  version = json_string (object, "version");
  if (version == NULL || !g_str_has_prefix (version, "https://jsonfeed.org/version/"))
    {
      g_set_error (error, DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_NOT_A_FEED,
                   _("Not a feed: the JSON document is not a JSON Feed"));
      return FALSE;
    }

  feed->format = DOSSIER_FEED_FORMAT_JSON;
  feed->version = g_strdup (g_str_has_suffix (version, "/1.1") ? "json11" : "json10");
  feed->encoding = g_strdup ("utf-8");
  feed->title = line_take (json_string (object, "title"));
  feed->link = json_url (state->base_url, json_string (object, "home_page_url"));
  {
    g_autofree char *description = json_string (object, "description");
    feed->description = clean_text (description);
  }
  feed->author = json_author (object);
  feed->lang = line_take (json_string (object, "language"));

  if (json_object_has_member (object, "items")
      && (items = json_object_get_member (object, "items")) != NULL
      && JSON_NODE_HOLDS_ARRAY (items))
    {
      JsonArray *array = json_node_get_array (items);

      for (guint i = 0; i < json_array_get_length (array) && i < DOSSIER_FEED_MAX_ITEMS; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *entry;
          DossierFeedItem *item;
          g_autofree char *html = NULL;
          g_autofree char *text = NULL;
          g_autofree char *summary = NULL;
          g_autofree char *published = NULL;
          g_autofree char *modified = NULL;
          g_autofree char *title = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          entry = json_node_get_object (element);
          item = g_new0 (DossierFeedItem, 1);
          item->guid = line_take (json_string (entry, "id"));
          title = json_string (entry, "title");
          item->title = dossier_feed_clean_line (title);
          item->link = json_url (state->base_url, json_string (entry, "url"));
          if (item->link == NULL)
            item->link = json_url (state->base_url, json_string (entry, "external_url"));
          item->author = json_author (entry);
          html = json_string (entry, "content_html");
          text = json_string (entry, "content_text");
          if (html != NULL && strlen (html) > DOSSIER_FEED_MAX_TEXT)
            {
              html[DOSSIER_FEED_MAX_TEXT] = '\0';
              add_warning (feed, _("A text longer than %u KB was cut short"), DOSSIER_FEED_MAX_TEXT / 1024);
            }
          if (html != NULL)
            {
              item->content = dossier_feed_html_to_text (html);
              item->content_html = g_steal_pointer (&html);
            }
          else if (text != NULL)
            {
              item->content = clean_text (text);
              item->content_html = g_steal_pointer (&text);
            }
          summary = json_string (entry, "summary");
          item->summary = clean_text (summary);
          published = json_string (entry, "date_published");
          modified = json_string (entry, "date_modified");
          item->published = dossier_feed_parse_date (published);
          item->updated = dossier_feed_parse_date (modified);
          if (item->published == 0)
            item->published = item->updated;
          g_ptr_array_add (feed->items, item);
        }
    }
  return TRUE;
}

/* ---------------------------------------------------------------- parse -- */

static gboolean
looks_like_json (const char *data,
                 gsize       length,
                 const char *content_type)
{
  gsize i = 0;

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (data[i]))
    i++;
  if (i < length && data[i] == '{')
    return TRUE;
  return content_type != NULL && strstr (content_type, "json") != NULL && i < length && data[i] != '<';
}

DossierParsedFeed *
dossier_feed_parse (const char  *data,
                    gsize        length,
                    const char  *base_url,
                    const char  *content_type,
                    const char  *charset,
                    GError     **error)
{
  g_autoptr(DossierParsedFeed) feed = NULL;
  g_autoptr(GBytes) replaced = NULL;
  g_autofree char *message = NULL;
  g_autofree char *declared = NULL;
  g_autofree char *http_charset = NULL;
  g_autoptr(GBytes) wide_utf8 = NULL;
  const char *effective;
  ParseState state;
  const char *xml;
  gsize xml_len;
  xmlDoc *doc;
  gboolean well_formed = FALSE;
  int code = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > DOSSIER_FEED_MAX_SIZE)
    {
      g_set_error (error, DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_TOO_LARGE,
                   _("Refused: the feed is larger than %u MB"), DOSSIER_FEED_MAX_SIZE / (1024 * 1024));
      return NULL;
    }
  if (length == 0)
    {
      g_set_error (error, DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_MALFORMED,
                   _("Not a feed: the document is empty"));
      return NULL;
    }

  feed = g_new0 (DossierParsedFeed, 1);
  feed->items = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_feed_item_free);
  feed->warnings = g_ptr_array_new_with_free_func (g_free);
  state.feed = feed;
  state.base_url = base_url;

  if (looks_like_json (data, length, content_type))
    {
      if (!read_json_feed (&state, data, length, error))
        return NULL;
      return g_steal_pointer (&feed);
    }

  {
    gsize bom = 0;
    const char *wide = detect_wide_encoding (data, length, &bom);

    if (wide != NULL)
      {
        gsize written = 0;
        g_autofree char *utf8 = g_convert (data + bom, length - bom, "UTF-8", wide, NULL, &written, NULL);

        if (utf8 == NULL)
          {
            g_set_error (error, DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_MALFORMED,
                         _("Malformed feed: invalid %s text"), wide);
            return NULL;
          }
        wide_utf8 = utf8_with_plain_declaration (utf8, written);
        data = g_bytes_get_data (wide_utf8, &length);
        feed->encoding = g_ascii_strdown (wide, -1);
        charset = "UTF-8";
      }
  }

  replaced = replace_html_entities (data, length);
  xml = replaced ? g_bytes_get_data (replaced, &xml_len) : data;
  if (replaced == NULL)
    xml_len = length;

  declared = declared_encoding (xml, xml_len);
  if (charset != NULL)
    {
      /* HTTP's charset wins over the document (RFC 3023). Quotes happen. */
      http_charset = g_ascii_strdown (charset, -1);
      g_strstrip (g_strdelimit (http_charset, "'\"", ' '));
      if (feed->encoding == NULL)
        feed->encoding = g_strdup (http_charset);
    }
  effective = http_charset != NULL ? http_charset : declared;
  /* Labels of Latin-1 and ASCII mean Windows-1252, as browsers read them:
   * feeds are full of curly quotes in the 0x80–0x9F range. */
  if (effective != NULL && (g_str_equal (effective, "iso-8859-1") || g_str_equal (effective, "latin1")
                            || g_str_equal (effective, "us-ascii") || g_str_equal (effective, "ascii")
                            || g_str_equal (effective, "iso8859-1")))
    effective = "windows-1252";
  else if (effective == declared)
    effective = NULL;  /* let libxml2 read the declaration itself */
  doc = parse_xml (xml, xml_len, base_url, effective, &code, &message, &well_formed);

  if (code == XML_ERR_INTERNAL_ERROR && message != NULL && strstr (message, "depth") != NULL)
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      g_set_error (error, DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_TOO_LARGE,
                   _("Refused: the feed is nested more than %u levels deep"), XML_DEPTH_LIMIT);
      return NULL;
    }
  if (code == XML_ERR_ENTITY_LOOP
      || (message != NULL && strstr (message, "amplification") != NULL))
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      g_set_error (error, DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_TOO_LARGE,
                   _("Refused: the feed declares entities that expand without bound"));
      return NULL;
    }
  if (!well_formed && is_encoding_error (code))
    {
      /* Wrong declared charset or broken bytes: read again as repaired UTF-8. */
      g_autoptr(GBytes) repaired = repair_to_utf8 (xml, xml_len, http_charset ? http_charset : declared);
      gsize repaired_len;
      const char *repaired_data = g_bytes_get_data (repaired, &repaired_len);

      g_clear_pointer (&doc, xmlFreeDoc);
      g_clear_pointer (&message, g_free);
      doc = parse_xml (repaired_data, repaired_len, base_url, "UTF-8", &code, &message, &well_formed);
      add_warning (feed, _("Invalid characters for its declared encoding were replaced"));
      if (feed->encoding == NULL)
        feed->encoding = g_strdup (declared ? declared : "utf-8");
    }
  if (doc == NULL)
    {
      g_set_error (error, DOSSIER_FEED_ERROR, DOSSIER_FEED_ERROR_MALFORMED,
                   _("Malformed feed: %s"), message ? message : _("not XML"));
      return NULL;
    }
  if (!well_formed)
    add_warning (feed, _("Malformed XML repaired: %s"), message ? message : "?");

  if (feed->encoding == NULL)
    feed->encoding = g_ascii_strdown (declared ? declared : "utf-8", -1);

  if (!read_xml_feed (&state, doc, error))
    {
      xmlFreeDoc (doc);
      return NULL;
    }
  xmlFreeDoc (doc);

  if (feed->title == NULL)
    feed->title = g_strdup ("");
  return g_steal_pointer (&feed);
}

/* ------------------------------------------------------------ discovery -- */

static int
feed_type_rank (const char *type)
{
  if (type == NULL)
    return -1;
  if (g_ascii_strcasecmp (type, "application/atom+xml") == 0)
    return 0;
  if (g_ascii_strcasecmp (type, "application/rss+xml") == 0)
    return 1;
  if (g_ascii_strcasecmp (type, "application/rdf+xml") == 0)
    return 2;
  if (g_ascii_strcasecmp (type, "application/feed+json") == 0
      || g_ascii_strcasecmp (type, "application/json") == 0)
    return 3;
  if (g_ascii_strcasecmp (type, "text/xml") == 0 || g_ascii_strcasecmp (type, "application/xml") == 0)
    return 4;
  return -1;
}

typedef struct {
  int   rank;
  guint order;
  char *url;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = *(const Candidate **) a;
  const Candidate *cb = *(const Candidate **) b;

  if (ca->rank != cb->rank)
    return ca->rank - cb->rank;
  return (int) ca->order - (int) cb->order;
}

GPtrArray *
dossier_feed_discover (const char *html,
                       gsize       length,
                       const char *base_url)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  htmlDocPtr doc;
  xmlNode *node;
  guint order = 0;

  if (html == NULL || length == 0 || length > DOSSIER_FEED_MAX_SIZE)
    return result;

  doc = htmlReadMemory (html, (int) length, base_url, NULL,
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
  if (doc == NULL)
    return result;

  /* Iterative walk; <link> may sit in <head> or, wrongly, in <body>. */
  node = doc->children;
  while (node != NULL)
    {
      if (node->type == XML_ELEMENT_NODE && node->name != NULL
          && g_ascii_strcasecmp ((const char *) node->name, "link") == 0)
        {
          g_autofree char *rel = node_prop (node, "rel");
          g_autofree char *type = node_prop (node, "type");
          g_autofree char *href = node_prop (node, "href");
          int rank = feed_type_rank (type);
          g_auto(GStrv) rels = rel ? g_strsplit_set (rel, " \t\n", -1) : NULL;
          gboolean alternate = FALSE;

          for (guint i = 0; rels != NULL && rels[i] != NULL; i++)
            if (g_ascii_strcasecmp (rels[i], "alternate") == 0)
              alternate = TRUE;
          if (alternate && rank >= 0 && href != NULL)
            {
              Candidate *c = g_new0 (Candidate, 1);
              xmlChar *abs = xmlBuildURI ((const xmlChar *) href, (const xmlChar *) base_url);

              c->rank = rank;
              c->order = order++;
              c->url = g_strdup (abs ? (const char *) abs : href);
              if (abs)
                xmlFree (abs);
              g_ptr_array_add (candidates, c);
            }
        }
      if (node->type == XML_ELEMENT_NODE && node->children != NULL)
        {
          node = node->children;
          continue;
        }
      while (node != NULL && node->next == NULL)
        node = node->parent;
      if (node == NULL || node == (xmlNode *) doc)
        break;
      node = node->next;
    }
  xmlFreeDoc (doc);

  g_ptr_array_sort (candidates, compare_candidates);
  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = g_ptr_array_index (candidates, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < result->len; j++)
        if (g_str_equal (g_ptr_array_index (result, j), c->url))
          seen = TRUE;
      if (!seen && (g_str_has_prefix (c->url, "http://") || g_str_has_prefix (c->url, "https://")))
        g_ptr_array_add (result, g_steal_pointer (&c->url));
      g_free (c->url);
      g_free (c);
    }
  return result;
}

/* ---------------------------------------------------------------- dates -- */

/* Days since 1970-01-01 of a proleptic Gregorian date (any year). */
static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era;
  gint64 yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int
days_in_month (gint64 y,
               int    m)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return days[m - 1];
}

/* Unix time, or G_MININT64 when a field is out of range. */
static gint64
make_time (gint64 year,
           int    month,
           int    day,
           int    hour,
           int    minute,
           int    second,
           int    offset_minutes)
{
  if (month < 1 || month > 12 || day < 1 || day > days_in_month (year, month)
      || hour < 0 || hour > 24 || minute < 0 || minute > 59 || second < 0 || second > 60)
    return G_MININT64;
  return days_from_civil (year, month, day) * 86400
         + hour * 3600 + minute * 60 + second - (gint64) offset_minutes * 60;
}

static int
month_from_name (const char *word)
{
  static const struct { const char *name; int month; } months[] = {
    { "jan", 1 }, { "feb", 2 }, { "mar", 3 }, { "apr", 4 }, { "may", 5 }, { "jun", 6 },
    { "jul", 7 }, { "aug", 8 }, { "sep", 9 }, { "oct", 10 }, { "nov", 11 }, { "dec", 12 },
    /* Greek abbreviations (lower case) as Greek blogs write them. */
    { "ιαν", 1 }, { "φεβ", 2 }, { "μάώ", 3 }, { "μαρ", 3 }, { "μάρ", 3 }, { "απρ", 4 },
    { "μάι", 5 }, { "μαϊ", 5 }, { "μαι", 5 }, { "ιούν", 6 }, { "ιον", 6 }, { "ιουν", 6 },
    { "ιούλ", 7 }, { "ιολ", 7 }, { "ιουλ", 7 }, { "αύγ", 8 }, { "αυγ", 8 }, { "σεπ", 9 },
    { "οκτ", 10 }, { "νοέ", 11 }, { "νοε", 11 }, { "δεκ", 12 },
    /* Hungarian month names. */
    { "január", 1 }, { "február", 2 }, { "március", 3 }, { "április", 4 }, { "május", 5 },
    { "június", 6 }, { "július", 7 }, { "augusztus", 8 }, { "szeptember", 9 },
    { "október", 10 }, { "november", 11 }, { "december", 12 },
  };
  g_autofree char *lower = g_utf8_strdown (word, -1);
  gsize len = strlen (lower);

  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    {
      const char *name = months[i].name;
      gsize name_len = strlen (name);

      /* English: "Jan", "January", "Sept". Others: exact. */
      if (i < 12 ? (len >= 3 && g_str_has_prefix (lower, name) && len <= 9)
                 : g_str_equal (lower, name))
        return months[i].month;
      (void) name_len;
    }
  return 0;
}

static gboolean
is_weekday (const char *word)
{
  static const char *days[] = {
    "mon", "tue", "wed", "thu", "fri", "sat", "sun",
    "κυρ", "δευ", "τρι", "τετ", "πεμ", "παρ", "σαβ",
  };
  g_autofree char *lower = g_utf8_strdown (word, -1);

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    if (g_str_has_prefix (lower, days[i]))
      return TRUE;
  return FALSE;
}

static gboolean
zone_from_name (const char *word,
                int        *out_minutes)
{
  static const struct { const char *name; int hours; } zones[] = {
    { "ut", 0 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 }, { "etc/gmt", 0 }, { "etc/utc", 0 },
    { "wet", 0 }, { "west", 1 }, { "bst", 1 }, { "cet", 1 }, { "cest", 2 }, { "met", 1 },
    { "mest", 2 }, { "eet", 2 }, { "eest", 3 }, { "msk", 3 }, { "ist", 5 }, { "jst", 9 },
    { "kst", 9 }, { "hkt", 8 }, { "awst", 8 }, { "aest", 10 }, { "aedt", 11 }, { "nzst", 12 },
    { "nzdt", 13 }, { "est", -5 }, { "edt", -4 }, { "cst", -6 }, { "cdt", -5 }, { "mst", -7 },
    { "mdt", -6 }, { "pst", -8 }, { "pdt", -7 }, { "akst", -9 }, { "akdt", -8 }, { "hst", -10 },
    { "ast", -4 }, { "adt", -3 }, { "at", -4 }, { "et", -5 }, { "ct", -6 }, { "mt", -7 },
    { "pt", -8 },
  };
  g_autofree char *lower = g_ascii_strdown (word, -1);

  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    if (g_str_equal (lower, zones[i].name))
      {
        *out_minutes = zones[i].hours * 60;
        return TRUE;
      }
  return FALSE;
}

/* "+0200", "-01:01", "+02", with the sign. */
static gboolean
parse_offset (const char *s,
              int        *out_minutes)
{
  int sign;
  int hours, minutes = 0;

  if (*s != '+' && *s != '-')
    return FALSE;
  sign = *s == '-' ? -1 : 1;
  s++;
  if (!g_ascii_isdigit (s[0]) || !g_ascii_isdigit (s[1]))
    return FALSE;
  hours = (s[0] - '0') * 10 + (s[1] - '0');
  s += 2;
  if (*s == ':')
    s++;
  if (*s != '\0')
    {
      if (!g_ascii_isdigit (s[0]) || !g_ascii_isdigit (s[1]) || s[2] != '\0')
        return FALSE;
      minutes = (s[0] - '0') * 10 + (s[1] - '0');
    }
  if (hours > 23 || minutes > 59)
    return FALSE;
  *out_minutes = sign * (hours * 60 + minutes);
  return TRUE;
}

static gboolean
parse_zone (const char *word,
            int        *out_minutes)
{
  g_autofree char *lower = g_ascii_strdown (word, -1);

  if (parse_offset (lower, out_minutes) || zone_from_name (lower, out_minutes))
    return TRUE;
  /* "GMT+2", "UTC-01:01" */
  if ((g_str_has_prefix (lower, "gmt") || g_str_has_prefix (lower, "utc"))
      && parse_offset (lower + 3, out_minutes))
    return TRUE;
  /* RFC 822 military zones: their signs were famously written backwards,
   * so every feed reader reads them as UTC. */
  if (strlen (lower) == 1 && g_ascii_isalpha (lower[0]) && lower[0] != 'j')
    {
      *out_minutes = 0;
      return TRUE;
    }
  return FALSE;
}

static gboolean
all_digits (const char *s,
            gsize       min,
            gsize       max)
{
  gsize n = 0;

  for (; *s; s++, n++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return n >= min && n <= max;
}

static gboolean
parse_clock (const char *word,
             int        *h,
             int        *m,
             int        *s)
{
  g_auto(GStrv) parts = g_strsplit (word, ":", -1);
  guint n = g_strv_length (parts);

  if (n < 2 || n > 3)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      /* Drop fractions of a second. */
      char *dot = i == 2 ? strchr (parts[i], '.') : NULL;
      if (dot != NULL)
        *dot = '\0';
      if (!all_digits (parts[i], 1, 2))
        return FALSE;
    }
  *h = atoi (parts[0]);
  *m = atoi (parts[1]);
  *s = n == 3 ? atoi (parts[2]) : 0;
  return TRUE;
}

static gint64
full_year (const char *digits)
{
  gint64 y = g_ascii_strtoll (digits, NULL, 10);
  gsize len = strlen (digits);

  if (len == 2)
    return y < 50 ? 2000 + y : 1900 + y;
  if (len == 3)
    return 1900 + y;
  return y;
}

/* RFC 822 and its relatives: tokens in any of the orders feeds use. */
static gint64
parse_rfc822_like (const char *text)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) raw = g_strsplit_set (text, " \t\n\r,", -1);
  const char *numbers[2] = { NULL, NULL };
  guint n_numbers = 0;
  int month = 0, hour = 0, minute = 0, second = 0, zone = 0;
  gboolean have_clock = FALSE, have_zone = FALSE, pm = FALSE, am = FALSE;
  gint64 year = 0;
  int day = 0;
  gint64 t;

  for (guint i = 0; raw[i] != NULL; i++)
    {
      char *w = raw[i];

      if (*w == '\0')
        continue;
      /* "06-Nov-94" (RFC 850) and "2006/09/15" (Perforce) split further. */
      if (g_ascii_isdigit (*w) && (strchr (w, '-') != NULL || strchr (w, '/') != NULL) && strchr (w, ':') == NULL)
        {
          g_auto(GStrv) parts = g_strsplit_set (w, "-/", -1);
          if (g_strv_length (parts) != 3)
            return G_MININT64;
          if (strlen (parts[0]) == 4 && all_digits (parts[1], 1, 2))
            {
              /* Y/M/D: reorder to D M Y by naming the month. */
              static const char *names[] = { "jan", "feb", "mar", "apr", "may", "jun",
                                             "jul", "aug", "sep", "oct", "nov", "dec" };
              int m = atoi (parts[1]);
              if (m < 1 || m > 12)
                return G_MININT64;
              g_ptr_array_add (words, g_strdup (parts[2]));
              g_ptr_array_add (words, g_strdup (names[m - 1]));
              g_ptr_array_add (words, g_strdup (parts[0]));
            }
          else
            for (guint j = 0; parts[j] != NULL; j++)
              g_ptr_array_add (words, g_strdup (parts[j]));
          continue;
        }
      g_ptr_array_add (words, g_strdup (w));
    }

  for (guint i = 0; i < words->len; i++)
    {
      const char *w = g_ptr_array_index (words, i);
      int minutes;

      if (all_digits (w, 1, 4))
        {
          if (n_numbers >= 2)
            return G_MININT64;
          numbers[n_numbers++] = w;
        }
      else if (strchr (w, ':') != NULL && g_ascii_isdigit (*w))
        {
          if (have_clock || !parse_clock (w, &hour, &minute, &second))
            return G_MININT64;
          have_clock = TRUE;
        }
      else if (month == 0 && month_from_name (w) != 0)
        month = month_from_name (w);
      else if (g_ascii_strcasecmp (w, "am") == 0)
        am = TRUE;
      else if (g_ascii_strcasecmp (w, "pm") == 0)
        pm = TRUE;
      else if (!have_zone && (have_clock || n_numbers == 2) && parse_zone (w, &minutes))
        {
          zone = minutes;
          have_zone = TRUE;
        }
      else if (is_weekday (w) && month == 0 && n_numbers == 0)
        continue;
      else
        return G_MININT64;
    }

  if (month == 0 || n_numbers != 2)
    return G_MININT64;
  if (strlen (numbers[0]) > 2)
    {
      /* "2004 Jan 01" */
      year = full_year (numbers[0]);
      day = atoi (numbers[1]);
    }
  else
    {
      day = atoi (numbers[0]);
      year = full_year (numbers[1]);
    }
  if (pm && hour < 12)
    hour += 12;
  if (am && hour == 12)
    hour = 0;
  t = make_time (year, month, day, hour, minute, second, zone);
  return t;
}

static GRegex *
iso_regex (void)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    {
      GRegex *r = g_regex_new (
        "^(\\d{4})(?:-?(0\\d{2}(?=-)|\\d{2})(?:-?(\\d{1,2}))?)?"
        "(?:(?:T|\\s+)(\\d{1,2}):?(\\d{2})(?::?(\\d{2})(?:[.,]\\d+)?)?"
        "\\s*(Z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?)?$",
        G_REGEX_OPTIMIZE | G_REGEX_CASELESS, 0, NULL);
      g_once_init_leave (&regex, r);
    }
  return regex;
}

static int
match_int (GMatchInfo *info,
           int         group,
           int         fallback)
{
  g_autofree char *s = g_match_info_fetch (info, group);

  return s != NULL && *s != '\0' ? atoi (s) : fallback;
}

static gint64
parse_iso8601 (const char *text)
{
  g_autoptr(GMatchInfo) info = NULL;
  g_autofree char *zone = NULL;
  int offset = 0;
  gint64 year;
  int month, day;

  /* The short forms of ISO 8601 that feeds still carry. */
  if (all_digits (text, 6, 6))
    {
      /* YYMMDD */
      char y[3] = { text[0], text[1], 0 };
      return make_time (full_year (y), (text[2] - '0') * 10 + text[3] - '0',
                        (text[4] - '0') * 10 + text[5] - '0', 0, 0, 0, 0);
    }
  if (all_digits (text, 5, 5))
    {
      /* YYDDD, an ordinal date */
      char y[3] = { text[0], text[1], 0 };
      int ordinal = atoi (text + 2);
      gint64 yy = full_year (y);
      if (ordinal < 1 || ordinal > 366)
        return G_MININT64;
      return days_from_civil (yy, 1, 1) * 86400 + (gint64) (ordinal - 1) * 86400;
    }
  if (strlen (text) == 8 && g_ascii_isdigit (text[0]) && text[2] == '-' && text[5] == '-')
    {
      /* YY-MM-DD */
      char y[3] = { text[0], text[1], 0 };
      return make_time (full_year (y), atoi (text + 3), atoi (text + 6), 0, 0, 0, 0);
    }
  if (text[0] == '-' && (all_digits (text + 1, 4, 4)
                         || (strlen (text) == 6 && text[3] == '-')))
    {
      /* -YYMM, -YY-MM */
      char y[3] = { text[1], text[2], 0 };
      const char *m = text[3] == '-' ? text + 4 : text + 3;
      return make_time (full_year (y), (m[0] - '0') * 10 + m[1] - '0', 1, 0, 0, 0, 0);
    }

  if (!g_regex_match (iso_regex (), text, 0, &info))
    return G_MININT64;

  year = match_int (info, 1, 0);
  month = match_int (info, 2, 1);
  day = match_int (info, 3, 1);
  zone = g_match_info_fetch (info, 7);
  if (zone != NULL && *zone != '\0' && g_ascii_isalpha (*zone) == FALSE)
    {
      if (!parse_offset (zone, &offset))
        return G_MININT64;
    }
  return make_time (year, month, day, match_int (info, 4, 0), match_int (info, 5, 0),
                    match_int (info, 6, 0), offset);
}

/* Korean (nate, onblog) and Hungarian dates, rewritten to ISO 8601. */
static char *
rewrite_localised (const char *text)
{
  static const char *hungarian[] = {
    "január", "február", "március", "április", "május", "június", "július",
    "augusztus", "szeptember", "október", "november", "december",
  };
  GString *s;

  if (strstr (text, "년") != NULL || strstr (text, "오전") != NULL || strstr (text, "오후") != NULL)
    {
      /* Korean blogs: "2004년 05월 28일 01:31:15", "2004-05-25 오후 11:23:17", KST. */
      int v[6] = { 0 };
      guint n = 0;
      gboolean pm = strstr (text, "오후") != NULL;
      int y, mo, d, h, mi, se;
      char *r;

      for (const char *p = text; *p != '\0' && n < 6;)
        {
          if (g_ascii_isdigit (*p))
            {
              guint64 value = g_ascii_strtoull (p, (char **) &p, 10);
              /* Bounded: a hostile run of digits must not overflow. */
              v[n++] = (int) MIN (value, 99999);
            }
          else
            p++;
        }
      if (n < 5)
        return NULL;
      y = v[0], mo = v[1], d = v[2], h = v[3], mi = v[4], se = v[5];
      if (pm && h < 12)
        h += 12;
      r = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d+09:00", y, mo, d, h, mi, se);
      return r;
    }

  for (guint i = 0; i < G_N_ELEMENTS (hungarian); i++)
    {
      const char *found = strstr (text, hungarian[i]);
      if (found != NULL && found > text && found[-1] == '-')
        {
          s = g_string_new (NULL);
          g_string_append_len (s, text, found - text);
          g_string_append_printf (s, "%02u", i + 1);
          g_string_append (s, found + strlen (hungarian[i]));
          return g_string_free (s, FALSE);
        }
    }
  return NULL;
}

gint64
dossier_feed_parse_date (const char *text)
{
  g_autofree char *line = NULL;
  g_autofree char *rewritten = NULL;
  gint64 t;

  if (text == NULL)
    return 0;
  line = dossier_feed_clean_line (text);
  if (*line == '\0' || strlen (line) > 100)
    return 0;

  rewritten = rewrite_localised (line);
  if (rewritten != NULL)
    {
      g_free (line);
      line = g_steal_pointer (&rewritten);
    }

  if (g_ascii_isdigit (line[0]) || line[0] == '-')
    {
      t = parse_iso8601 (line);
      if (t != G_MININT64)
        return t == 0 ? 1 : t;
    }
  t = parse_rfc822_like (line);
  if (t != G_MININT64)
    return t == 0 ? 1 : t;
  return 0;
}
