/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-extract.c: readability-style article extraction and HTML-to-text.
 *
 * Owns: turning an untrusted HTML page into an article (plain text plus
 * title, byline, date, site name, language, excerpt), and turning an HTML
 * fragment (feed content) into plain text.
 * Must not: touch the network, the store or GTK; load entities, DTDs or any
 * external resource; keep state between calls (it runs on any thread). */
#define G_LOG_DOMAIN "dossier-extract"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-extract.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <math.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Limits                                                                   */

/* Larger pages are not articles; refusing them bounds parse time and memory. */
#define MAX_INPUT_BYTES      (16 * 1024 * 1024)
/* The tree is flattened below this depth so every walk has a bounded depth. */
#define MAX_TREE_DEPTH       160
/* One text node longer than this is cut: no article paragraph is 1 MB. */
#define MAX_TEXT_NODE_BYTES  (1024 * 1024)
/* The whole extracted text is cut at this size. */
#define MAX_TEXT_BYTES       (4 * 1024 * 1024)
/* JSON-LD blocks larger or deeper than this are ignored (json-glib recurses). */
#define MAX_JSONLD_BYTES     (512 * 1024)
#define MAX_JSONLD_DEPTH     48
#define MAX_META_CHARS       2000

/* Readability's thresholds. */
#define CHAR_THRESHOLD       500
#define N_TOP_CANDIDATES     5

enum {
  FLAG_STRIP_UNLIKELYS     = 1 << 0,
  FLAG_WEIGHT_CLASSES      = 1 << 1,
  FLAG_CLEAN_CONDITIONALLY = 1 << 2,
};

/* ------------------------------------------------------------------------ */
/* Structs                                                                  */

typedef struct {
  GRegex *unlikely;
  GRegex *maybe_candidate;
  GRegex *positive;
  GRegex *negative;
  GRegex *byline;
  GRegex *share;
  GRegex *sentence_end;
  GRegex *title_separator;
  GRegex *meta_property;
  GRegex *meta_name;
  GRegex *jsonld_type;
  GRegex *video;
  GRegex *caption;
  GRegex *screen_reader;
  GRegex *edit_link;
  GRegex *dateline;
  GRegex *author_box;
  GRegex *boilerplate;
  GRegex *social_embed;
  GRegex *hcard;
  GRegex *hcard_name;
} Patterns;

typedef struct {
  double   score;
  gboolean initialized;
} NodeScore;

typedef struct {
  GPtrArray *warnings;
  gboolean   text_truncated;
} ParseReport;

typedef struct {
  char *title;
  char *byline;
  char *excerpt;
  char *site_name;
  char *published;
  char *lang;
  char *body;        /* JSON-LD articleBody, for pages built by scripts */
} Metadata;

typedef struct {
  GString  *out;
  int       pending;        /* 0 nothing, 1 line break, 2 blank line */
  gboolean  space;
  gboolean  truncated;
  gboolean  skip_captions;
} TextSink;

/* ------------------------------------------------------------------------ */
/* Statics                                                                  */

G_DEFINE_QUARK (dossier-extract-error-quark, dossier_extract_error)

static const char *const unlikely_roles[] = {
  "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog", NULL
};

static const char *const tags_to_score[] = {
  "section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre", NULL
};

static const char *const div_to_p_block_tags[] = {
  "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul", "select", NULL
};

static const char *const phrasing_tags[] = {
  "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist", "dfn",
  "em", "embed", "i", "img", "input", "kbd", "label", "mark", "math", "meter", "noscript",
  "object", "output", "progress", "q", "ruby", "samp", "script", "select", "small", "span",
  "strong", "sub", "sup", "textarea", "time", "var", "wbr", "a", "del", "ins", "font", "tt",
  "u", "s", "strike", "big", NULL
};

/* Elements whose content is never text a reader should see. */
static const char *const never_text_tags[] = {
  "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe",
  "frame", "frameset", "object", "embed", "applet", "svg", "math", "canvas", "button",
  "input", "select", "textarea", "option", "optgroup", "datalist", "audio", "video",
  "source", "track", "map", "area", "img", "picture", "param", "base", "dialog", NULL
};

/* Whole blocks that say only this are page furniture, not article text. */
static const char *const furniture_labels[] = {
  "advertisement", "advertising", "ad", "ads", "sponsored", "sponsored content", "supported by",
  "photo", "photos", "image", "images", "video", "videos", "watch", "listen", "gallery",
  "share", "share this", "share this article", "share this story", "share on facebook",
  "share on twitter", "tweet", "email", "print", "comments", "comment", "read more",
  "continue reading", "continue reading below", "read next", "related", "related articles",
  "related stories", "related content", "more stories", "skip advertisement", "skip ad",
  "loading", "close", "menu", "story continues below advertisement", "article continues below",
  "scroll to continue with content", "recommended", "trending", "follow us", "subscribe",
  "sign up", "newsletter", "link", "enlarge this image", "toggle caption", "hide caption",
  "view gallery", "expand", "open in app", "you may also like", "you might also like",
  "most popular", "most read", "most viewed", "recommended for you", "related coverage",
  "related posts", "related links", "related topics", "more on this story", "top stories",
  "latest news", "latest stories", "editor s picks", "editors picks", "what to read next",
  "trending now", "popular now", "around the web", "from around the web", "promoted stories",
  "sponsored stories", "recommended stories", "more stories", "more news", "more to explore",
  "share this post", "share the story", "share article", "comments are closed", "leave a comment",
  "leave a reply", "tags", "topics", "filed under", "view this post on instagram",
  "a post shared by", "view on instagram", "view on twitter", "click to expand",
  "continue reading the main story", "skip to content", "skip to main content",
  "listen to this article", "listen to article", "save", "bookmark", "gift this article",
  "share full article", "reprints", "print this page", "back to top", NULL
};

/* Labels that go on with a name: "More from The Gazette", "Sign up for …". */
static const char *const furniture_prefixes[] = {
  "more from ", "more in ", "more on ", "more stories from ", "more articles from ",
  "sign up for ", "subscribe to ", "follow us on ", "get the ", "download the ", NULL
};

/* Removed before scoring, as Readability does. Everything else stays until
 * later, even what has no text (link, meta): it counts as a child when the
 * top candidate's lone-child climb decides how far up to go. */
static const char *const removed_early_tags[] = {
  "script", "style", "noscript", "template", NULL
};

static const char *const heading_tags[] = { "h1", "h2", "h3", "h4", "h5", "h6", NULL };

static const char *const block_tags[] = {
  "p", "div", "section", "article", "main", "header", "footer", "aside", "nav",
  "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table",
  "figure", "figcaption", "address", "hr", "form", "fieldset", "details", "summary",
  "center", "body", "html", "caption", "legend", "menu", "hgroup", "thead", "tbody",
  "tfoot", NULL
};

static const char *const line_tags[] = { "li", "dt", "dd", "tr", NULL };

/* ------------------------------------------------------------------------ */
/* Helpers: patterns                                                        */

static GRegex *
compile (const char *pattern)
{
  g_autoptr(GError) error = NULL;
  GRegex *regex = g_regex_new (pattern, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, &error);

  g_assert_no_error (error);
  return regex;
}

static const Patterns *
get_patterns (void)
{
  static Patterns patterns;
  static gsize initialized = 0;

  /* GRegex matching is thread-safe, so one immutable set serves every thread.
   * libxml2 must also be initialised once before threads parse at the same
   * time; every entry point passes through here first. */
  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      /* Beyond Readability's list: modal and dialog (not "dialogue") catch
       * page-level overlays, which sit beside the article and can score
       * enough on their names alone ("...homepage...") to be appended. */
      patterns.unlikely = compile ("-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|cookie|consent|newsletter|subscribe|promo|modal|dialog(?!ue)");
      patterns.maybe_candidate = compile ("and|article|body|column|content|main|mathjax|shadow");
      patterns.positive = compile ("article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story");
      patterns.negative = compile ("-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|cookie|consent|newsletter");
      patterns.byline = compile ("byline|author|dateline|writtenby|p-author");
      patterns.share = compile ("(\\b|_)(share|sharedaddy)(\\b|_)");
      patterns.sentence_end = compile ("\\.( |$)");
      patterns.title_separator = compile (" [\\|\\-\\x{2013}\\x{2014}\\\\/>\\x{00bb}] ");
      patterns.meta_property = compile ("\\s*(article|dc|dcterm|og|twitter)\\s*:\\s*(author|creator|description|published_time|title|site_name)\\s*");
      patterns.meta_name = compile ("^\\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(article|webpage))\\s*[-\\.:]\\s*)?(author|creator|pub-date|description|title|site_name)\\s*$");
      patterns.jsonld_type = compile ("^(Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference)$");
      patterns.video = compile ("//(www\\.)?((dailymotion|youtube|youtube-nocookie|player\\.vimeo|v\\.qq)\\.com|(archive|upload\\.wikimedia)\\.org|player\\.twitch\\.tv)");
      patterns.caption = compile ("(^|[^a-z])(caption|credit|credits|photocredit|imagecredit)([^a-z]|$)");
      patterns.screen_reader = compile ("visually-?hidden|sr-only|screen-?reader|visuallyhidden|a11y-only|assistive-text|offscreen");
      patterns.edit_link = compile ("(^|[^a-z])(mw-editsection|editsection|edit-link|post-edit-link)([^a-z]|$)");
      patterns.dateline = compile ("(^|[^a-z])(date|dateline|timestamp|published|pubdate|posted-on|posted|updated|post-date|entry-date|article-date|publish-date|byline|author|authors|writtenby)([^a-z]|$)");
      patterns.social_embed = compile ("(^|\\s)(instagram-media|tiktok-embed|fb-post|fb-video)(\\s|$)");
      patterns.hcard = compile ("(^|\\s)(vcard|h-card)(\\s|$)");
      patterns.hcard_name = compile ("(^|\\s)(fn|p-name)(\\s|$)");
      patterns.author_box = compile ("author-?bio|about-?the-?author|author-?info|author-?box|author-?card|contributor-?bio");
      /* Whole class tokens only: obfuscated classes ("ad", "e1ad") and
       * wiki ids ("The_Economist_print_edition") must not match. */
      patterns.boilerplate = compile ("(^|[\\s-])(share|sharing|social|sociable|addthis|sharethis|share-?bar|social-?share|newsletter|newsletter-signup|subscribe|subscription|signup|sign-up|optin|opt-in|ads|advert|advertisement|adslot|ad-slot|ad-container|ad-wrapper|ad-unit|dfp|sponsor|sponsored|breadcrumb|breadcrumbs|tags|tag-list|post-tags|entry-tags|categories|post-categories|pagination|pager|prev-next|next-post|nav-links|post-navigation|related|related-posts|related-articles|recirc|outbrain|taboola|promo|donate|paywall|cookie|cookies|consent|gdpr)([\\s-]|$)");
      g_once_init_leave (&initialized, 1);
    }
  return &patterns;
}

static gboolean
regex_match (GRegex     *regex,
             const char *str)
{
  return str != NULL && *str != '\0' && g_regex_match (regex, str, 0, NULL);
}

/* ------------------------------------------------------------------------ */
/* Helpers: strings                                                         */

static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
         c == 0x200E || c == 0x200F || c == 0x061C;
}

static gboolean
is_unwanted_control (gunichar c)
{
  if (c == '\n' || c == '\t')
    return FALSE;
  return c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0xFEFF || is_bidi_control (c);
}

/* "&#150;" means an en dash on the web: browsers read numeric references
 * 128–159 as windows-1252, libxml2 gives C1 controls. Map them back so
 * "2010&#150;2015" keeps its dash instead of becoming one word. */
static gunichar
windows_1252_c1 (gunichar c)
{
  static const gunichar table[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
  };

  if (c >= 0x80 && c <= 0x9F)
    return table[c - 0x80];
  return c;
}

static gboolean
is_space_char (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         c == 0xA0 || c == 0x2007 || c == 0x202F || (c >= 0x2000 && c <= 0x200B) ||
         c == 0x3000 || c == 0x1680 || c == 0x205F;
}

/* Collapses whitespace, strips controls and bidi overrides: for titles and
 * bylines, which end up in one-line UI labels. Returns NULL for empty. */
static char *
clean_line (const char *str)
{
  GString *out;
  gboolean space = FALSE;
  const char *p;

  if (str == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (p = str; *p != '\0' && out->len < MAX_META_CHARS * 4; p = g_utf8_next_char (p))
    {
      gunichar c = windows_1252_c1 (g_utf8_get_char (p));

      if (is_space_char (c))
        space = out->len > 0;
      else if (is_unwanted_control (c))
        continue;
      else
        {
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_unichar (out, c);
        }
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = clean_line (value);
}

/* Length in characters once trimmed and with whitespace runs counted once,
 * as Readability's _getInnerText(e, true).length. */
static gsize
normalized_length (const char *str)
{
  gsize length = 0;
  gboolean space = FALSE;
  const char *p;

  for (p = str; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_space_char (c))
        space = length > 0;
      else
        {
          length += space ? 2 : 1;
          space = FALSE;
        }
    }
  return length;
}

static guint
word_count (const char *str)
{
  guint count = 0;
  gboolean in_word = FALSE;
  const char *p;

  for (p = str; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      if (is_space_char (g_utf8_get_char (p)))
        in_word = FALSE;
      else if (!in_word)
        {
          in_word = TRUE;
          count++;
        }
    }
  return count;
}

/* ------------------------------------------------------------------------ */
/* Helpers: tree                                                            */

static gboolean
is_element (xmlNode *node)
{
  return node != NULL && node->type == XML_ELEMENT_NODE;
}

static gboolean
tag_is (xmlNode    *node,
        const char *name)
{
  return is_element (node) && node->name != NULL && g_ascii_strcasecmp ((const char *) node->name, name) == 0;
}

static gboolean
tag_in (xmlNode           *node,
        const char *const *names)
{
  if (!is_element (node) || node->name == NULL)
    return FALSE;
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp ((const char *) node->name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlChar *value;
  char *copy;

  if (!is_element (node))
    return NULL;
  value = xmlGetProp (node, (const xmlChar *) name);
  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

static gboolean
has_attr (xmlNode    *node,
          const char *name)
{
  return is_element (node) && xmlHasProp (node, (const xmlChar *) name) != NULL;
}

/* Pre-order successor of `node` within `root`, optionally skipping its children. */
static xmlNode *
next_node (xmlNode  *node,
           xmlNode  *root,
           gboolean  skip_children)
{
  if (!skip_children && is_element (node) && node->children != NULL)
    return node->children;
  while (node != NULL && node != root)
    {
      if (node->next != NULL)
        return node->next;
      node = node->parent;
    }
  return NULL;
}

static void
remove_node (xmlNode *node)
{
  xmlUnlinkNode (node);
  xmlFreeNode (node);
}

static xmlNode *
first_element_child (xmlNode *node)
{
  xmlNode *child;

  for (child = node->children; child != NULL; child = child->next)
    if (is_element (child))
      return child;
  return NULL;
}

static guint
element_child_count (xmlNode *node)
{
  guint count = 0;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_element (child))
      count++;
  return count;
}

static void
set_tag (xmlNode    *node,
         const char *name)
{
  xmlNodeSetName (node, (const xmlChar *) name);
}

/* Moves the children of elements deeper than MAX_TREE_DEPTH up to be their
 * siblings: text and order are kept, and every later walk (several of them
 * recursive) has a bounded depth. Iterative; each node moves at most once. */
static guint
flatten_deep_nesting (xmlNode *root)
{
  xmlNode *node = root;
  guint depth = 0;
  guint flattened = 0;

  while (node != NULL)
    {
      if (is_element (node) && node->children != NULL)
        {
          if (depth >= MAX_TREE_DEPTH && node->parent != NULL)
            {
              xmlNode *first = node->children;
              xmlNode *last = node->last;
              xmlNode *after = node->next;

              for (xmlNode *c = first; c != NULL; c = c->next)
                c->parent = node->parent;
              node->children = NULL;
              node->last = NULL;
              last->next = after;
              if (after != NULL)
                after->prev = last;
              else
                node->parent->last = last;
              node->next = first;
              first->prev = node;
              flattened++;
            }
          else
            {
              node = node->children;
              depth++;
              continue;
            }
        }
      while (node != NULL && node != root && node->next == NULL)
        {
          node = node->parent;
          depth--;
        }
      if (node == NULL || node == root)
        break;
      node = node->next;
    }
  return flattened;
}

/* Cuts text nodes over MAX_TEXT_NODE_BYTES at a character boundary. */
static gboolean
truncate_huge_text (xmlNode *root)
{
  gboolean truncated = FALSE;

  for (xmlNode *node = root; node != NULL; node = next_node (node, root, FALSE))
    {
      if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) &&
          node->content != NULL && strlen ((const char *) node->content) > MAX_TEXT_NODE_BYTES)
        {
          const char *start = (const char *) node->content;
          const char *end = g_utf8_find_prev_char (start, start + MAX_TEXT_NODE_BYTES);
          g_autofree char *cut = g_strndup (start, end != NULL ? (gsize) (end - start) : 0);

          xmlNodeSetContent (node, NULL);
          xmlNodeAddContent (node, (const xmlChar *) cut);
          truncated = TRUE;
        }
    }
  return truncated;
}

/* textContent: all descendant text, in order. */
static void
append_text_content (xmlNode *root,
                     GString *out)
{
  if (root->type == XML_TEXT_NODE || root->type == XML_CDATA_SECTION_NODE)
    {
      if (root->content != NULL)
        g_string_append (out, (const char *) root->content);
      return;
    }
  for (xmlNode *node = root->children; node != NULL; node = next_node (node, root, FALSE))
    if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) && node->content != NULL)
      g_string_append (out, (const char *) node->content);
}

static char *
text_content (xmlNode *node)
{
  GString *out = g_string_new (NULL);

  append_text_content (node, out);
  return g_string_free (out, FALSE);
}

/* Readability's _getInnerText(e, true).length computed while walking, with
 * no string built: trimmed, whitespace runs counted once. */
typedef struct {
  gsize    length;
  gboolean space;
  guint    commas;
} TextMeter;

static gboolean
is_comma (gunichar c)
{
  return c == 0x2C || c == 0x60C || c == 0xFE50 || c == 0xFE10 || c == 0xFE11 ||
         c == 0x2E41 || c == 0x2E34 || c == 0x2E32 || c == 0xFF0C;
}

static void
meter_add (TextMeter  *meter,
           const char *str)
{
  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char (p);

      if (is_space_char (c))
        meter->space = meter->length > 0;
      else
        {
          meter->length += meter->space ? 2 : 1;
          meter->space = FALSE;
          if (is_comma (c))
            meter->commas++;
        }
    }
}

/* Stops early once `cap` is passed (0 = no cap). */
static void
meter_node (TextMeter *meter,
            xmlNode   *root,
            gsize      cap)
{
  if (root->type == XML_TEXT_NODE || root->type == XML_CDATA_SECTION_NODE)
    {
      if (root->content != NULL)
        meter_add (meter, (const char *) root->content);
      return;
    }
  for (xmlNode *node = root->children; node != NULL; node = next_node (node, root, FALSE))
    {
      if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) && node->content != NULL)
        meter_add (meter, (const char *) node->content);
      if (cap > 0 && meter->length > cap)
        return;
    }
}

static gsize
inner_text_length (xmlNode *node)
{
  TextMeter meter = { 0 };

  meter_node (&meter, node, 0);
  return meter.length;
}

static gsize
inner_text_length_capped (xmlNode *node,
                          gsize    cap)
{
  TextMeter meter = { 0 };

  meter_node (&meter, node, cap);
  return meter.length;
}

static guint
count_descendants (xmlNode    *root,
                   const char *name)
{
  guint count = 0;

  for (xmlNode *node = root->children; node != NULL; node = next_node (node, root, FALSE))
    if (tag_is (node, name))
      count++;
  return count;
}

static gboolean
has_ancestor_tag (xmlNode    *node,
                  const char *name,
                  int         max_depth)
{
  int depth = 0;

  for (node = node->parent; node != NULL && is_element (node); node = node->parent)
    {
      if (max_depth > 0 && depth > max_depth)
        return FALSE;
      if (tag_is (node, name))
        return TRUE;
      depth++;
    }
  return FALSE;
}

static char *
class_and_id (xmlNode *node)
{
  g_autofree char *klass = get_attr (node, "class");
  g_autofree char *id = get_attr (node, "id");

  return g_strconcat (klass ? klass : "", " ", id ? id : "", NULL);
}

/* Readability's _isProbablyVisible. */
static gboolean
is_probably_visible (xmlNode *node)
{
  g_autofree char *style = get_attr (node, "style");
  g_autofree char *aria_hidden = get_attr (node, "aria-hidden");
  g_autofree char *klass = NULL;

  if (style != NULL)
    {
      g_autofree char *compact = g_ascii_strdown (style, -1);
      char *w, *r;

      for (w = r = compact; *r != '\0'; r++)
        if (!g_ascii_isspace (*r))
          *w++ = *r;
      *w = '\0';
      if (strstr (compact, "display:none") != NULL || strstr (compact, "visibility:hidden") != NULL)
        return FALSE;
    }
  if (has_attr (node, "hidden"))
    return FALSE;
  if (aria_hidden != NULL && g_strcmp0 (aria_hidden, "true") == 0)
    {
      klass = get_attr (node, "class");
      if (klass == NULL || strstr (klass, "fallback-image") == NULL)
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Helpers: plain text output                                               */

static void
sink_break (TextSink *sink,
            int       level)
{
  if (sink->out->len == 0)
    return;
  sink->pending = MAX (sink->pending, level);
  sink->space = FALSE;
}

static void
sink_flush (TextSink *sink)
{
  if (sink->pending > 0 && sink->out->len > 0)
    g_string_append (sink->out, sink->pending >= 2 ? "\n\n" : "\n");
  else if (sink->space)
    g_string_append_c (sink->out, ' ');
  sink->pending = 0;
  sink->space = FALSE;
}

static void
sink_text (TextSink   *sink,
           const char *text,
           gboolean    preformatted)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = windows_1252_c1 (g_utf8_get_char (p));

      if (sink->out->len >= MAX_TEXT_BYTES)
        {
          sink->truncated = TRUE;
          return;
        }
      if (preformatted && c == '\n')
        {
          if (sink->out->len > 0 && sink->pending == 0)
            {
              sink->space = FALSE;
              g_string_append_c (sink->out, '\n');
            }
          continue;
        }
      if (preformatted && (c == ' ' || c == '\t'))
        {
          sink_flush (sink);
          g_string_append_c (sink->out, (char) c);
          continue;
        }
      if (is_space_char (c))
        {
          if (sink->out->len > 0 && sink->pending == 0)
            sink->space = TRUE;
          continue;
        }
      if (is_unwanted_control (c))
        continue;
      sink_flush (sink);
      g_string_append_unichar (sink->out, c);
    }
}

static int
block_level (xmlNode *node)
{
  if (tag_in (node, line_tags))
    return 1;
  if ((tag_is (node, "ul") || tag_is (node, "ol")) && has_ancestor_tag (node, "li", 0))
    return 1;
  if (tag_in (node, block_tags))
    return 2;
  return 0;
}

/* Recursive, but the tree is flattened to MAX_TREE_DEPTH first. */
static void
sink_node (TextSink *sink,
           xmlNode  *node,
           gboolean  preformatted)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      int level;

      if (sink->truncated)
        return;
      if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
        {
          if (child->content != NULL)
            sink_text (sink, (const char *) child->content, preformatted);
          continue;
        }
      if (!is_element (child))
        continue;
      if (tag_in (child, never_text_tags))
        continue;
      if (sink->skip_captions && tag_is (child, "figcaption"))
        continue;
      if (tag_is (child, "br"))
        {
          if (sink->out->len > 0)
            {
              sink->pending = sink->pending >= 1 ? 2 : 1;
              sink->space = FALSE;
            }
          continue;
        }
      if (tag_is (child, "td") || tag_is (child, "th"))
        {
          if (sink->pending == 0 && sink->out->len > 0)
            sink->space = TRUE;
        }
      level = block_level (child);
      if (level > 0)
        sink_break (sink, level);
      sink_node (sink, child, preformatted || tag_is (child, "pre"));
      if (level > 0)
        sink_break (sink, level);
    }
}

static char *
node_to_text (xmlNode  *node,
              gboolean  skip_captions,
              gboolean *truncated)
{
  TextSink sink = { 0 };

  sink.out = g_string_new (NULL);
  sink.skip_captions = skip_captions;
  sink_node (&sink, node, tag_is (node, "pre"));
  if (truncated != NULL)
    *truncated = sink.truncated;
  return g_string_free (sink.out, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Helpers: charset and parsing                                             */

static char *
normalize_charset (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  g_strstrip (lower);
  if (*lower == '\0')
    return NULL;
  /* The HTML standard maps these labels to windows-1252. */
  if (g_str_equal (lower, "iso-8859-1") || g_str_equal (lower, "latin1") ||
      g_str_equal (lower, "us-ascii") || g_str_equal (lower, "ascii") ||
      g_str_equal (lower, "iso8859-1") || g_str_equal (lower, "l1"))
    return g_strdup ("WINDOWS-1252");
  if (g_str_equal (lower, "utf8") || g_str_equal (lower, "unicode-1-1-utf-8"))
    return g_strdup ("UTF-8");
  /* A page served as UTF-16 but with a meta tag says nothing reliable. */
  if (g_str_has_prefix (lower, "utf-16"))
    return g_strdup ("UTF-8");
  if (g_str_equal (lower, "x-sjis") || g_str_equal (lower, "shift-jis"))
    return g_strdup ("SHIFT_JIS");
  if (g_str_equal (lower, "gb2312") || g_str_equal (lower, "gbk"))
    return g_strdup ("GB18030");
  return g_ascii_strup (lower, -1);
}

static char *
charset_from_attr_value (const char *value)
{
  const char *p = value;
  gsize n = 0;

  while (*p == ' ' || *p == '"' || *p == '\'' || *p == '=')
    p++;
  while (p[n] != '\0' && (g_ascii_isalnum (p[n]) || p[n] == '-' || p[n] == '_' || p[n] == ':' || p[n] == '.'))
    n++;
  if (n == 0 || n > 40)
    return NULL;
  return g_strndup (p, n);
}

/* The HTML prescan, simplified: the first <meta> in the first 4 KB that names
 * a charset, either as charset= or inside http-equiv's content. */
static char *
sniff_meta_charset (const char *html,
                    gsize       length)
{
  gsize n = MIN (length, 4096);
  g_autofree char *head = g_ascii_strdown (html, n);
  const char *p = head;

  /* XHTML may say it only in its XML declaration. */
  if (g_str_has_prefix (head, "<?xml"))
    {
      const char *end = strstr (head, "?>");
      const char *enc = strstr (head, "encoding");

      if (enc != NULL && (end == NULL || enc < end))
        {
          char *name = charset_from_attr_value (enc + strlen ("encoding"));
          if (name != NULL)
            return name;
        }
    }
  /* g_ascii_strdown stops at NUL bytes, which is fine for a prescan. */
  while ((p = strstr (p, "<meta")) != NULL)
    {
      const char *end = strchr (p, '>');
      g_autofree char *tag = g_strndup (p, end ? (gsize) (end - p) : strlen (p));
      const char *cs = strstr (tag, "charset");

      if (cs != NULL)
        {
          char *name = charset_from_attr_value (cs + strlen ("charset"));
          if (name != NULL)
            return name;
        }
      p += 5;
    }
  return NULL;
}

static gboolean
has_non_ascii (const char *data,
               gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if ((guchar) data[i] >= 0x80)
      return TRUE;
  return FALSE;
}

static void
append_replacement (GString *out)
{
  g_string_append (out, "\xEF\xBF\xBD");
}

/* iconv with every undecodable byte turned into U+FFFD rather than failing. */
static char *
convert_to_utf8 (const char *input,
                 gsize       length,
                 const char *charset,
                 gboolean   *had_errors)
{
  GIConv cd = g_iconv_open ("UTF-8", charset);
  GString *out;
  char *inbuf = (char *) input;
  gsize inleft = length;
  char buffer[4096];

  if (cd == (GIConv) -1)
    return NULL;

  out = g_string_sized_new (length + length / 4);
  while (inleft > 0)
    {
      char *outbuf = buffer;
      gsize outleft = sizeof buffer;
      gsize r = g_iconv (cd, &inbuf, &inleft, &outbuf, &outleft);

      g_string_append_len (out, buffer, sizeof buffer - outleft);
      if (r == (gsize) -1)
        {
          if (errno == E2BIG)
            continue;
          *had_errors = TRUE;
          append_replacement (out);
          if (errno == EINVAL)
            break;
          inbuf++;
          inleft--;
          g_iconv (cd, NULL, NULL, NULL, NULL);
        }
    }
  g_iconv_close (cd);
  return g_string_free (out, FALSE);
}

/* Returns NUL-terminated valid UTF-8 with no NUL bytes inside. */
static char *
decode_input (const char  *html,
              gsize        length,
              const char  *charset_hint,
              GPtrArray   *warnings)
{
  g_autofree char *charset = NULL;
  g_autofree char *converted = NULL;
  const char *data = html;
  gsize size = length;
  gboolean had_errors = FALSE;
  char *valid;

  if (length >= 3 && memcmp (html, "\xEF\xBB\xBF", 3) == 0)
    {
      charset = g_strdup ("UTF-8");
      data += 3;
      size -= 3;
    }
  else if (length >= 2 && memcmp (html, "\xFF\xFE", 2) == 0)
    {
      charset = g_strdup ("UTF-16LE");
      data += 2;
      size -= 2;
    }
  else if (length >= 2 && memcmp (html, "\xFE\xFF", 2) == 0)
    {
      charset = g_strdup ("UTF-16BE");
      data += 2;
      size -= 2;
    }
  else
    {
      g_autofree char *meta = sniff_meta_charset (html, length);

      if (meta != NULL)
        charset = normalize_charset (meta);
      /* Pages saved by browsers are re-encoded as UTF-8 but keep their old
       * declaration; non-ASCII text that is valid UTF-8 is almost never a
       * legacy encoding by accident, so the bytes win over the label. */
      if (charset == NULL && charset_hint != NULL)
        charset = normalize_charset (charset_hint);
      if (charset != NULL && g_ascii_strcasecmp (charset, "UTF-8") != 0 &&
          has_non_ascii (html, length) && g_utf8_validate_len (html, length, NULL))
        g_clear_pointer (&charset, g_free);
      if (charset == NULL)
        charset = g_strdup ("UTF-8");
    }

  if (g_ascii_strcasecmp (charset, "UTF-8") != 0)
    {
      converted = convert_to_utf8 (data, size, charset, &had_errors);
      if (converted == NULL)
        {
          g_ptr_array_add (warnings, g_strdup_printf (_("unknown character set “%s”, read as UTF-8"), charset));
          had_errors = FALSE;
        }
      else
        {
          data = converted;
          size = strlen (converted);
        }
    }

  if (!g_utf8_validate_len (data, size, NULL))
    {
      /* g_utf8_make_valid also turns NUL bytes into U+FFFD. */
      valid = g_utf8_make_valid (data, size);
      had_errors = TRUE;
    }
  else
    valid = g_strndup (data, size);

  if (had_errors)
    g_ptr_array_add (warnings, g_strdup (_("invalid bytes for the character set were replaced")));
  return valid;
}

/* libxml2 2.9's HTML parser stops for good at 256 open elements ("Excessive
 * depth"), silently dropping the rest of the page; broken pages (thousands of
 * unclosed <font> or <b>) and hostile ones reach that. So before parsing, a
 * light tag scanner estimates the open-element stack and drops start tags
 * beyond `cap` (their text stays). It only has to be roughly right: libxml2
 * ignores end tags that match nothing. Linear in the input times `cap`. */

static const char *const void_elements[] = {
  "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
  "source", "track", "wbr", "keygen", "frame", "basefont", "isindex", "bgsound", NULL
};

static const char *const raw_text_elements[] = {
  "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", NULL
};

static const char *const self_closing_siblings[] = {
  "p", "li", "dt", "dd", "tr", "td", "th", "option", NULL
};

static gboolean
name_in (const char        *name,
         const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static guint32
name_hash (const char *name)
{
  guint32 hash = 2166136261u;

  for (const char *p = name; *p != '\0'; p++)
    hash = (hash ^ (guchar) *p) * 16777619u;
  return hash;
}

/* End of a tag starting at `p` ('<'), quotes respected; NULL if unterminated. */
static const char *
find_tag_end (const char *p)
{
  char quote = 0;

  for (p++; *p != '\0'; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
        }
      else if (*p == '"' || *p == '\'')
        {
          /* Quotes only open attribute values, right after '='. */
          const char *q = p - 1;
          while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
            q--;
          if (*q == '=')
            quote = *p;
        }
      else if (*p == '>')
        return p;
    }
  return NULL;
}

static char *
limit_nesting (const char *html,
               guint       cap,
               guint      *dropped)
{
  GString *out = g_string_sized_new (strlen (html) + 1);
  guint32 *stack = g_new (guint32, cap + 1);
  guint depth = 0;
  const char *p = html;

  *dropped = 0;
  while (*p != '\0')
    {
      const char *lt = strchr (p, '<');
      const char *end;
      char name[24];
      gsize n = 0;
      gboolean closing;

      if (lt == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, lt - p);
      p = lt;

      if (g_str_has_prefix (p, "<!--"))
        {
          const char *close = strstr (p + 4, "-->");
          end = close ? close + 3 : p + strlen (p);
          g_string_append_len (out, p, end - p);
          p = end;
          continue;
        }
      closing = p[1] == '/';
      if (!g_ascii_isalpha (p[closing ? 2 : 1]))
        {
          g_string_append_c (out, '<');
          p++;
          continue;
        }
      for (const char *q = p + (closing ? 2 : 1); g_ascii_isalnum (*q) && n < sizeof name - 1; q++)
        name[n++] = g_ascii_tolower (*q);
      name[n] = '\0';
      end = find_tag_end (p);
      end = end ? end + 1 : p + strlen (p);

      if (closing)
        {
          guint32 hash = name_hash (name);
          for (guint i = depth; i > 0; i--)
            if (stack[i - 1] == hash)
              {
                depth = i - 1;
                break;
              }
          g_string_append_len (out, p, end - p);
          p = end;
          continue;
        }

      if (name_in (name, void_elements) || end[-2] == '/')
        {
          g_string_append_len (out, p, end - p);
          p = end;
          continue;
        }
      if (name_in (name, raw_text_elements))
        {
          /* Copy through the matching end tag: its content is not markup,
           * and it closes at once, so it never adds to the depth. */
          const char *close = end;
          g_autofree char *needle = g_strconcat ("</", name, NULL);
          gsize needle_length = strlen (needle);

          while (*close != '\0' && g_ascii_strncasecmp (close, needle, needle_length) != 0)
            close++;
          g_string_append_len (out, p, close - p);
          p = close;
          continue;
        }

      if (depth > 0 && name_in (name, self_closing_siblings) && stack[depth - 1] == name_hash (name))
        depth--;
      else if (depth > 0 && stack[depth - 1] == name_hash ("p") && !name_in (name, phrasing_tags))
        depth--;

      if (depth >= cap)
        {
          (*dropped)++;
          p = end;
          continue;
        }
      stack[depth++] = name_hash (name);
      g_string_append_len (out, p, end - p);
      p = end;
    }

  g_free (stack);
  return g_string_free (out, FALSE);
}

/* Elements whose content never reaches the text (see never_text_tags) but
 * which libxml2 2.9 parses as ordinary markup. Without an end tag it nests
 * the whole rest of the input inside them, so one unclosed <object> or
 * <iframe> in a feed entry dropped every word after it. Browsers keep that
 * text visible for most of them; we close each unclosed one right after its
 * start tag instead. script and style stay out: their content is code, and an
 * unclosed one really does swallow the rest (as in a browser). */
static const char *const contentless_containers[] = {
  "object", "embed", "applet", "iframe", "frameset", "video", "audio", "canvas", "picture",
  "map", "svg", "math", "noscript", "template", "dialog", "title", "textarea", "select",
  "option", "optgroup", "datalist", "button", NULL
};

typedef struct {
  gsize end;     /* offset just past the start tag's '>' */
  guint name;    /* index in contentless_containers */
  gboolean open;
} ContainerTag;

static int
container_index (const char *name)
{
  for (guint i = 0; contentless_containers[i] != NULL; i++)
    if (strcmp (name, contentless_containers[i]) == 0)
      return (int) i;
  return -1;
}

/* Returns a copy with "</name>" after each container start tag that no end
 * tag matches, or NULL when there is none. Linear: one pass pairs start and
 * end tags per name on a stack, like the parser would. */
static char *
close_unclosed_containers (const char *html)
{
  g_autoptr(GArray) tags = g_array_new (FALSE, FALSE, sizeof (ContainerTag));
  GArray *stacks[G_N_ELEMENTS (contentless_containers)] = { NULL };
  GString *out;
  const char *p = html;
  gsize copied = 0;
  guint n_open = 0;

  while ((p = strchr (p, '<')) != NULL)
    {
      const char *end;
      char name[24];
      gsize n = 0;
      gboolean closing = p[1] == '/';
      int index;

      if (g_str_has_prefix (p, "<!--"))
        {
          const char *close = strstr (p + 4, "-->");
          if (close == NULL)
            break;
          p = close + 3;
          continue;
        }
      if (!g_ascii_isalpha (p[closing ? 2 : 1]))
        {
          p++;
          continue;
        }
      for (const char *q = p + (closing ? 2 : 1); g_ascii_isalnum (*q) && n < sizeof name - 1; q++)
        name[n++] = g_ascii_tolower (*q);
      name[n] = '\0';
      end = find_tag_end (p);
      if (end == NULL)
        break;
      end++;

      if (!closing && (strcmp (name, "script") == 0 || strcmp (name, "style") == 0))
        {
          /* Code, not markup: a "<object" in a string is not a tag. */
          g_autofree char *needle = g_strconcat ("</", name, NULL);
          gsize needle_length = strlen (needle);

          while (*end != '\0' && g_ascii_strncasecmp (end, needle, needle_length) != 0)
            end++;
          p = end;
          continue;
        }

      index = container_index (name);
      if (index >= 0 && closing)
        {
          GArray *stack = stacks[index];

          if (stack != NULL && stack->len > 0)
            {
              guint last = g_array_index (stack, guint, stack->len - 1);

              g_array_index (tags, ContainerTag, last).open = FALSE;
              g_array_set_size (stack, stack->len - 1);
            }
        }
      else if (index >= 0 && end[-2] != '/')
        {
          ContainerTag tag = { (gsize) (end - html), (guint) index, TRUE };

          if (stacks[index] == NULL)
            stacks[index] = g_array_new (FALSE, FALSE, sizeof (guint));
          g_array_append_val (stacks[index], tags->len);
          g_array_append_val (tags, tag);
        }
      p = end;
    }

  for (guint i = 0; i < G_N_ELEMENTS (stacks); i++)
    if (stacks[i] != NULL)
      {
        n_open += stacks[i]->len;
        g_array_unref (stacks[i]);
      }
  if (n_open == 0)
    return NULL;

  out = g_string_sized_new (strlen (html) + n_open * 12);
  for (guint i = 0; i < tags->len; i++)
    {
      ContainerTag *tag = &g_array_index (tags, ContainerTag, i);

      if (!tag->open)
        continue;
      g_string_append_len (out, html + copied, tag->end - copied);
      g_string_append_printf (out, "</%s>", contentless_containers[tag->name]);
      copied = tag->end;
    }
  g_string_append (out, html + copied);
  return g_string_free (out, FALSE);
}

static htmlDocPtr
read_html (const char *utf8,
           const char *base_url,
           gboolean   *halted)
{
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt ();
  htmlDocPtr doc;
  int options = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC;

  if (ctxt == NULL)
    return NULL;
  /* The input is already UTF-8: a <meta charset> must not switch decoders. */
  doc = htmlCtxtReadMemory (ctxt, utf8, (int) strlen (utf8), base_url, "UTF-8", options);
  *halted = ctxt->lastError.message != NULL && strstr (ctxt->lastError.message, "Excessive depth") != NULL;
  htmlFreeParserCtxt (ctxt);
  return doc;
}

static htmlDocPtr
parse_html (const char  *utf8,
            const char  *base_url,
            ParseReport *report)
{
  htmlDocPtr doc;
  xmlNode *root;
  guint flattened;
  guint dropped = 0;
  gboolean halted = FALSE;
  static const guint caps[] = { 200, 60 };
  g_autofree char *closed = close_unclosed_containers (utf8);

  if (closed != NULL)
    utf8 = closed;
  doc = read_html (utf8, base_url, &halted);
  for (guint i = 0; halted && i < G_N_ELEMENTS (caps); i++)
    {
      g_autofree char *limited = limit_nesting (utf8, caps[i], &dropped);

      g_clear_pointer (&doc, xmlFreeDoc);
      doc = read_html (limited, base_url, &halted);
    }
  if (dropped > 0 || halted)
    g_ptr_array_add (report->warnings,
                     g_strdup (halted ? _("the page is nested too deeply; the rest of it was dropped")
                                      : _("elements nested too deeply were flattened")));
  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  if (root == NULL)
    return doc;

  flattened = flatten_deep_nesting (root);
  if (flattened > 0 && dropped == 0)
    g_ptr_array_add (report->warnings,
                     g_strdup_printf (_("elements nested deeper than %d levels were flattened"), MAX_TREE_DEPTH));
  if (truncate_huge_text (root))
    {
      report->text_truncated = TRUE;
      g_ptr_array_add (report->warnings,
                       g_strdup_printf (_("a text block over %d MB was cut"), MAX_TEXT_NODE_BYTES / (1024 * 1024)));
    }
  return doc;
}

static xmlNode *
find_first (xmlNode    *root,
            const char *name)
{
  for (xmlNode *node = root; node != NULL; node = next_node (node, root, FALSE))
    if (tag_is (node, name))
      return node;
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Helpers: metadata                                                        */

static void
metadata_clear (Metadata *meta)
{
  g_clear_pointer (&meta->title, g_free);
  g_clear_pointer (&meta->byline, g_free);
  g_clear_pointer (&meta->excerpt, g_free);
  g_clear_pointer (&meta->site_name, g_free);
  g_clear_pointer (&meta->published, g_free);
  g_clear_pointer (&meta->lang, g_free);
  g_clear_pointer (&meta->body, g_free);
}

static gboolean
json_nesting_ok (const char *text)
{
  int depth = 0;
  gboolean in_string = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '"')
            in_string = FALSE;
        }
      else if (*p == '"')
        in_string = TRUE;
      else if (*p == '{' || *p == '[')
        {
          if (++depth > MAX_JSONLD_DEPTH)
            return FALSE;
        }
      else if (*p == '}' || *p == ']')
        depth--;
    }
  return TRUE;
}

static const char *
json_object_string (JsonObject *object,
                    const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
jsonld_type_matches (JsonObject *object)
{
  const Patterns *patterns = get_patterns ();
  JsonNode *type;

  if (!json_object_has_member (object, "@type"))
    return FALSE;
  type = json_object_get_member (object, "@type");
  if (JSON_NODE_HOLDS_VALUE (type) && json_node_get_value_type (type) == G_TYPE_STRING)
    return regex_match (patterns->jsonld_type, json_node_get_string (type));
  if (JSON_NODE_HOLDS_ARRAY (type))
    {
      JsonArray *array = json_node_get_array (type);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING &&
              regex_match (patterns->jsonld_type, json_node_get_string (element)))
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
jsonld_context_ok (JsonObject *object)
{
  JsonNode *context;

  if (!json_object_has_member (object, "@context"))
    return FALSE;
  context = json_object_get_member (object, "@context");
  if (JSON_NODE_HOLDS_VALUE (context) && json_node_get_value_type (context) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (context);
      return strstr (s, "schema.org") != NULL;
    }
  if (JSON_NODE_HOLDS_OBJECT (context))
    {
      const char *vocab = json_object_string (json_node_get_object (context), "@vocab");
      return vocab != NULL && strstr (vocab, "schema.org") != NULL;
    }
  return FALSE;
}

static char *
jsonld_author (JsonObject *object)
{
  JsonNode *author;

  if (!json_object_has_member (object, "author"))
    return NULL;
  author = json_object_get_member (object, "author");
  if (JSON_NODE_HOLDS_OBJECT (author))
    {
      const char *name = json_object_string (json_node_get_object (author), "name");
      return name ? g_strdup (name) : NULL;
    }
  if (JSON_NODE_HOLDS_VALUE (author) && json_node_get_value_type (author) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (author));
  if (JSON_NODE_HOLDS_ARRAY (author))
    {
      JsonArray *array = json_node_get_array (author);
      GString *names = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *name = NULL;

          if (JSON_NODE_HOLDS_OBJECT (element))
            name = json_object_string (json_node_get_object (element), "name");
          if (name == NULL)
            continue;
          if (names->len > 0)
            g_string_append (names, ", ");
          g_string_append (names, name);
        }
      if (names->len == 0)
        {
          g_string_free (names, TRUE);
          return NULL;
        }
      return g_string_free (names, FALSE);
    }
  return NULL;
}

static double text_similarity (const char *a, const char *b);

static void
read_jsonld_object (JsonObject *object,
                    const char *document_title,
                    Metadata   *meta)
{
  const char *name = json_object_string (object, "name");
  const char *headline = json_object_string (object, "headline");
  const char *description = json_object_string (object, "description");
  const char *published = json_object_string (object, "datePublished");
  const char *lang = json_object_string (object, "inLanguage");
  g_autofree char *author = jsonld_author (object);

  if (name != NULL && headline != NULL && g_strcmp0 (name, headline) != 0)
    {
      /* Some sites put their own name in `name`: take the headline when it
       * is what the page's title says, or when `name` is the publisher's. */
      const char *publisher = NULL;
      gboolean name_matches = document_title != NULL && text_similarity (name, document_title) > 0.75;
      gboolean headline_matches = document_title != NULL && text_similarity (headline, document_title) > 0.75;

      if (json_object_has_member (object, "publisher") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "publisher")))
        publisher = json_object_string (json_node_get_object (json_object_get_member (object, "publisher")), "name");
      if ((headline_matches && !name_matches) || g_strcmp0 (publisher, name) == 0)
        set_string (&meta->title, headline);
      else
        set_string (&meta->title, name);
    }
  else if (name != NULL)
    set_string (&meta->title, name);
  else if (headline != NULL)
    set_string (&meta->title, headline);

  if (author != NULL)
    set_string (&meta->byline, author);
  if (description != NULL)
    set_string (&meta->excerpt, description);
  if (json_object_has_member (object, "publisher"))
    {
      JsonNode *publisher = json_object_get_member (object, "publisher");
      if (JSON_NODE_HOLDS_OBJECT (publisher))
        {
          const char *publisher_name = json_object_string (json_node_get_object (publisher), "name");
          if (publisher_name != NULL)
            set_string (&meta->site_name, publisher_name);
        }
    }
  if (published != NULL)
    set_string (&meta->published, published);
  if (lang != NULL)
    set_string (&meta->lang, lang);
  {
    const char *body = json_object_string (object, "articleBody");

    if (body != NULL)
      {
        g_free (meta->body);
        meta->body = g_strdup (body);
      }
  }
}

static void
read_jsonld (xmlNode    *root,
             const char *document_title,
             Metadata   *meta)
{
  for (xmlNode *node = root; node != NULL; node = next_node (node, root, FALSE))
    {
      g_autofree char *type = NULL;
      g_autofree char *content = NULL;
      g_autoptr(JsonParser) parser = NULL;
      JsonNode *json;
      JsonObject *object = NULL;

      if (!tag_is (node, "script"))
        continue;
      type = get_attr (node, "type");
      if (type == NULL || g_ascii_strcasecmp (type, "application/ld+json") != 0)
        continue;
      content = text_content (node);
      if (strlen (content) > MAX_JSONLD_BYTES || !json_nesting_ok (content))
        continue;
      /* Some sites wrap the JSON in CDATA markers. */
      g_strstrip (content);
      if (g_str_has_prefix (content, "<![CDATA["))
        {
          char *end = g_strrstr (content, "]]>");
          if (end != NULL)
            *end = '\0';
          memmove (content, content + 9, strlen (content + 9) + 1);
        }
      parser = json_parser_new ();
      if (!json_parser_load_from_data (parser, content, -1, NULL))
        continue;
      json = json_parser_get_root (parser);
      if (json == NULL)
        continue;

      if (JSON_NODE_HOLDS_ARRAY (json))
        {
          JsonArray *array = json_node_get_array (json);
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);
              if (JSON_NODE_HOLDS_OBJECT (element) && jsonld_type_matches (json_node_get_object (element)))
                {
                  object = json_node_get_object (element);
                  break;
                }
            }
        }
      else if (JSON_NODE_HOLDS_OBJECT (json))
        object = json_node_get_object (json);
      if (object == NULL)
        continue;
      /* Only schema.org vocabulary means what we read from it; arrays
       * often carry the context on each element, so be lenient there. */
      if (JSON_NODE_HOLDS_OBJECT (json) && !jsonld_context_ok (object))
        continue;

      if (!jsonld_type_matches (object) && json_object_has_member (object, "@graph"))
        {
          JsonNode *graph = json_object_get_member (object, "@graph");
          JsonObject *found = NULL;

          if (JSON_NODE_HOLDS_ARRAY (graph))
            {
              JsonArray *array = json_node_get_array (graph);
              for (guint i = 0; i < json_array_get_length (array) && found == NULL; i++)
                {
                  JsonNode *element = json_array_get_element (array, i);
                  if (JSON_NODE_HOLDS_OBJECT (element) && jsonld_type_matches (json_node_get_object (element)))
                    found = json_node_get_object (element);
                }
            }
          object = found;
        }
      if (object == NULL || !jsonld_type_matches (object))
        continue;

      read_jsonld_object (object, document_title, meta);
      return;
    }
}

static void
collect_meta (xmlNode    *root,
              GHashTable *values)
{
  const Patterns *patterns = get_patterns ();

  for (xmlNode *node = root; node != NULL; node = next_node (node, root, FALSE))
    {
      g_autofree char *name = NULL;
      g_autofree char *property = NULL;
      g_autofree char *content = NULL;
      gboolean matched = FALSE;

      if (!tag_is (node, "meta"))
        continue;
      content = get_attr (node, "content");
      if (content == NULL)
        continue;
      name = get_attr (node, "name");
      property = get_attr (node, "property");

      if (property != NULL)
        {
          g_autoptr(GMatchInfo) info = NULL;

          g_regex_match (patterns->meta_property, property, 0, &info);
          while (g_match_info_matches (info))
            {
              g_autofree char *match = g_match_info_fetch (info, 0);
              g_autofree char *key = NULL;
              char *w, *r;

              key = g_ascii_strdown (match, -1);
              for (w = r = key; *r != '\0'; r++)
                if (!g_ascii_isspace (*r))
                  *w++ = *r;
              *w = '\0';
              g_hash_table_insert (values, g_steal_pointer (&key), g_strstrip (g_strdup (content)));
              matched = TRUE;
              g_match_info_next (info, NULL);
            }
        }
      if (!matched && name != NULL && regex_match (patterns->meta_name, name))
        {
          g_autofree char *key = g_ascii_strdown (name, -1);
          char *w, *r;

          for (w = r = key; *r != '\0'; r++)
            if (!g_ascii_isspace (*r))
              *w++ = *r == '.' ? ':' : *r;
          *w = '\0';
          g_hash_table_insert (values, g_steal_pointer (&key), g_strstrip (g_strdup (content)));
        }

      /* Extra names Readability does not use, for the date and language. */
      if (name != NULL || property != NULL)
        {
          g_autofree char *key = g_ascii_strdown (name ? name : property, -1);
          if (g_str_equal (key, "date") || g_str_equal (key, "dc.date") || g_str_equal (key, "dc.date.issued") ||
              g_str_equal (key, "dcterms.created") || g_str_equal (key, "dcterms.date") ||
              g_str_equal (key, "pubdate") || g_str_equal (key, "publishdate") || g_str_equal (key, "sailthru.date") ||
              g_str_equal (key, "article.published") || g_str_equal (key, "og:published_time") ||
              g_str_equal (key, "citation_publication_date") || g_str_equal (key, "citation_date") ||
              g_str_equal (key, "dc.language") || g_str_equal (key, "language") || g_str_equal (key, "og:locale") ||
              g_str_equal (key, "citation_author") || g_str_equal (key, "sailthru.author") ||
              g_str_equal (key, "application-name"))
            {
              if (!g_hash_table_contains (values, key))
                g_hash_table_insert (values, g_steal_pointer (&key), g_strstrip (g_strdup (content)));
            }
        }
      {
        g_autofree char *equiv = get_attr (node, "http-equiv");
        if (equiv != NULL && g_ascii_strcasecmp (equiv, "content-language") == 0)
          g_hash_table_insert (values, g_strdup ("http-equiv:content-language"), g_strstrip (g_strdup (content)));
      }
    }
}

static const char *
first_value (GHashTable         *values,
             const char *const *keys)
{
  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *value = g_hash_table_lookup (values, keys[i]);
      if (value != NULL && *value != '\0')
        return value;
    }
  return NULL;
}

static gboolean
looks_like_url (const char *value)
{
  return g_str_has_prefix (value, "http://") || g_str_has_prefix (value, "https://") ||
         g_str_has_prefix (value, "//");
}


/* Bylines as pages write them: "By Jane Doe - Apr 16, 2015 8:02 pm UTC",
 * "Tech Industry by Jane Doe", "por Jane Doe 1 de diciembre". Keeps the
 * names: cuts at the first date-like or separator token and drops the
 * "by" that introduces them. Returns NULL when nothing is left. */
static char *
tidy_byline (const char *raw)
{
  static const char *const stops[] = {
    "|", "\xE2\x80\xA2", "\xC2\xB7", "-", "\xE2\x80\x93", "\xE2\x80\x94", "/", "on", "updated",
    "published", "posted", "am", "pm", "share", "follow", "email", "twitter", "edited", "photos",
    "photography", "illustrations", "last", NULL
  };
  /* Words that introduce the names; in the middle only "by" and its twins. */
  static const char *const introducers[] = {
    "by", "por", "von", "par", "door", "af", "av", "written", "posted", "text", "words", "story",
    "reporting", "author", "authors", NULL
  };
  static const char *const middle_introducers[] = { "by", "por", "par", "von", NULL };
  static const char *const dates[] = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "today", "yesterday", "updated", "published", "last", NULL
  };
  g_autofree char *line = clean_line (raw);
  g_auto(GStrv) words = NULL;
  g_autofree char **keys = NULL;
  GString *out;
  guint start = 0, end, n;
  gboolean introduced = FALSE;

  if (line == NULL || looks_like_url (line))
    return NULL;
  words = g_strsplit (line, " ", -1);
  n = g_strv_length (words);
  keys = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      /* Compare without case and without the punctuation around words. */
      GString *key = g_string_new (NULL);
      g_autofree char *lower = g_utf8_strdown (words[i], -1);

      for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
        if (!g_unichar_ispunct (g_utf8_get_char (p)) || strlen (lower) <= 3)
          g_string_append_unichar (key, g_utf8_get_char (p));
      keys[i] = g_string_free (key, FALSE);
    }

  for (end = 0; end < n; end++)
    {
      const char *digit = strpbrk (words[end], "0123456789");

      if (digit != NULL)
        {
          /* "Nolan22" keeps its letters; a date token goes. */
          if (digit - words[end] >= 2 && end >= start)
            {
              words[end][digit - words[end]] = '\0';
              end++;
            }
          break;
        }
      if (end > start && g_strv_contains (stops, keys[end]))
        break;
      if (!introduced && end + 1 < n &&
          ((end == start && g_strv_contains (introducers, keys[end])) ||
           g_strv_contains (middle_introducers, keys[end])))
        {
          start = end + 1;
          introduced = TRUE;
          /* "Written by", "Story by": both words introduce. */
          if (start + 1 < n && g_strv_contains (middle_introducers, keys[start]))
            start++, end++;
        }
    }
  /* Date words left at the end once the numbers are cut ("Jane Doe May"). */
  while (end > start && g_strv_contains (dates, keys[end - 1]))
    end--;

  out = g_string_new (NULL);
  for (guint i = start; i < end; i++)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }
  for (guint i = 0; i < n; i++)
    g_free (keys[i]);

  /* Trailing punctuation left by the cut ("Nicolas Perriault —"). */
  while (out->len > 0)
    {
      const char *last = g_utf8_find_prev_char (out->str, out->str + out->len);
      gunichar c = g_utf8_get_char (last ? last : out->str);

      if ((!g_unichar_ispunct (c) && !g_unichar_isspace (c) && c != 0x2022) ||
          c == ')' || c == ']' || c == '.')
        break;
      g_string_truncate (out, last ? (gsize) (last - out->str) : 0);
    }
  if (out->len == 0 || g_utf8_strlen (out->str, -1) > 100)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Helpers: title                                                           */

static double
text_similarity (const char *a,
                 const char *b)
{
  g_autofree char *la = g_utf8_strdown (a, -1);
  g_autofree char *lb = g_utf8_strdown (b, -1);
  g_auto(GStrv) tokens_a = g_regex_split_simple ("\\W+", la, G_REGEX_OPTIMIZE, 0);
  g_auto(GStrv) tokens_b = g_regex_split_simple ("\\W+", lb, G_REGEX_OPTIMIZE, 0);
  gsize total = 0, missing = 0;

  if (*la == '\0' || *lb == '\0')
    return 0;
  for (guint i = 0; tokens_b[i] != NULL; i++)
    {
      if (*tokens_b[i] == '\0')
        continue;
      total += strlen (tokens_b[i]) + 1;
      if (!g_strv_contains ((const char *const *) tokens_a, tokens_b[i]))
        missing += strlen (tokens_b[i]) + 1;
    }
  if (total == 0)
    return 0;
  return 1.0 - (double) missing / (double) total;
}

static gboolean
is_title_separator (gunichar c)
{
  return c == '|' || c == '-' || c == 0x2013 || c == 0x2014 || c == '\\' || c == '/' || c == '>' || c == 0xBB;
}

static gboolean
is_hierarchical_separator (gunichar c)
{
  return c == '\\' || c == '/' || c == '>' || c == 0xBB;
}

/* Readability's _getArticleTitle: <title> minus the site's part. */
static char *
article_title_from_document (xmlNode    *root,
                             const char *document_title)
{
  const Patterns *patterns = get_patterns ();
  g_autofree char *orig = clean_line (document_title);
  g_autofree char *cur = NULL;
  gboolean hierarchical = FALSE;

  if (orig == NULL)
    return NULL;
  cur = g_strdup (orig);

  if (regex_match (patterns->title_separator, orig))
    {
      /* Find every " sep " occurrence. */
      const char *last = NULL, *first = NULL;
      gsize first_len = 0;
      g_autoptr(GMatchInfo) info = NULL;

      g_regex_match (patterns->title_separator, orig, 0, &info);
      while (g_match_info_matches (info))
        {
          int start, end;
          gunichar sep;

          g_match_info_fetch_pos (info, 0, &start, &end);
          sep = g_utf8_get_char (orig + start + 1);
          if (is_hierarchical_separator (sep))
            hierarchical = TRUE;
          if (first == NULL)
            {
              first = orig + start;
              first_len = end - start;
            }
          last = orig + start;
          g_match_info_next (info, NULL);
        }
      g_free (cur);
      cur = g_strndup (orig, last - orig);
      if (word_count (cur) < 3)
        {
          g_free (cur);
          cur = g_strdup (first + first_len);
        }
    }
  else if (strstr (orig, ": ") != NULL)
    {
      gboolean heading_matches = FALSE;

      for (xmlNode *node = root; node != NULL && !heading_matches; node = next_node (node, root, FALSE))
        if (tag_is (node, "h1") || tag_is (node, "h2"))
          {
            g_autofree char *text = text_content (node);
            g_autofree char *clean = clean_line (text);
            heading_matches = g_strcmp0 (clean, orig) == 0;
          }
      if (!heading_matches)
        {
          const char *colon = g_strrstr (orig, ":");
          g_free (cur);
          cur = g_strdup (colon + 1);
          if (word_count (cur) < 3)
            {
              g_free (cur);
              cur = g_strdup (strchr (orig, ':') + 1);
            }
          else
            {
              g_autofree char *before = g_strndup (orig, strchr (orig, ':') - orig);
              if (word_count (before) > 5)
                {
                  g_free (cur);
                  cur = g_strdup (orig);
                }
            }
        }
    }
  else if (g_utf8_strlen (orig, -1) > 150 || g_utf8_strlen (orig, -1) < 15)
    {
      xmlNode *only = NULL;
      guint count = 0;

      for (xmlNode *node = root; node != NULL; node = next_node (node, root, FALSE))
        if (tag_is (node, "h1"))
          {
            only = node;
            count++;
          }
      if (count == 1)
        {
          g_autofree char *text = text_content (only);
          g_free (cur);
          cur = g_strdup (text);
        }
    }

  {
    g_autofree char *clean = clean_line (cur);
    guint words = word_count (clean);

    g_free (cur);
    cur = g_steal_pointer (&clean);
    if (cur == NULL)
      return g_steal_pointer (&orig);
    if (words <= 4)
      {
        /* Too short once cut: the site part was probably the title. */
        GString *without = g_string_new (NULL);
        guint orig_words;

        for (const char *p = orig; *p != '\0'; p = g_utf8_next_char (p))
          {
            gunichar c = g_utf8_get_char (p);
            if (!is_title_separator (c))
              g_string_append_unichar (without, c);
          }
        orig_words = word_count (without->str);
        g_string_free (without, TRUE);
        if (!hierarchical || words != orig_words - 1)
          {
            g_free (cur);
            cur = g_steal_pointer (&orig);
          }
      }
  }
  return g_steal_pointer (&cur);
}

/* ------------------------------------------------------------------------ */
/* Helpers: scoring                                                         */

static NodeScore *
score_of (GHashTable *scores,
          xmlNode    *node)
{
  return g_hash_table_lookup (scores, node);
}

static int
class_weight (xmlNode *node,
              int      flags)
{
  const Patterns *patterns = get_patterns ();
  g_autofree char *klass = NULL;
  g_autofree char *id = NULL;
  int weight = 0;

  if (!(flags & FLAG_WEIGHT_CLASSES))
    return 0;
  klass = get_attr (node, "class");
  id = get_attr (node, "id");
  if (klass != NULL && *klass != '\0')
    {
      if (regex_match (patterns->negative, klass))
        weight -= 25;
      if (regex_match (patterns->positive, klass))
        weight += 25;
    }
  if (id != NULL && *id != '\0')
    {
      if (regex_match (patterns->negative, id))
        weight -= 25;
      if (regex_match (patterns->positive, id))
        weight += 25;
    }
  return weight;
}

static NodeScore *
initialize_node (GHashTable *scores,
                 xmlNode    *node,
                 int         flags)
{
  NodeScore *score = g_new0 (NodeScore, 1);
  const char *name = (const char *) node->name;

  score->initialized = TRUE;
  if (g_ascii_strcasecmp (name, "div") == 0)
    score->score += 5;
  else if (g_ascii_strcasecmp (name, "pre") == 0 || g_ascii_strcasecmp (name, "td") == 0 ||
           g_ascii_strcasecmp (name, "blockquote") == 0)
    score->score += 3;
  else if (g_ascii_strcasecmp (name, "address") == 0 || g_ascii_strcasecmp (name, "ol") == 0 ||
           g_ascii_strcasecmp (name, "ul") == 0 || g_ascii_strcasecmp (name, "dl") == 0 ||
           g_ascii_strcasecmp (name, "dd") == 0 || g_ascii_strcasecmp (name, "dt") == 0 ||
           g_ascii_strcasecmp (name, "li") == 0 || g_ascii_strcasecmp (name, "form") == 0)
    score->score -= 3;
  else if (g_ascii_strcasecmp (name, "h1") == 0 || g_ascii_strcasecmp (name, "h2") == 0 ||
           g_ascii_strcasecmp (name, "h3") == 0 || g_ascii_strcasecmp (name, "h4") == 0 ||
           g_ascii_strcasecmp (name, "h5") == 0 || g_ascii_strcasecmp (name, "h6") == 0 ||
           g_ascii_strcasecmp (name, "th") == 0)
    score->score -= 5;
  score->score += class_weight (node, flags);
  g_hash_table_replace (scores, node, score);
  return score;
}

/* Share of the text that sits inside links; in-page (#) links count less. */
static double
link_density (xmlNode *node)
{
  gsize text_length = inner_text_length (node);
  double link_length = 0;
  xmlNode *child;

  if (text_length == 0)
    return 0;
  child = node->children;
  while (child != NULL)
    {
      if (tag_is (child, "a"))
        {
          g_autofree char *href = get_attr (child, "href");
          double coefficient = href != NULL && href[0] == '#' && href[1] != '\0' ? 0.3 : 1.0;

          link_length += inner_text_length (child) * coefficient;
          /* Skip the link's own children: nested links would count twice. */
          child = next_node (child, node, TRUE);
          continue;
        }
      child = next_node (child, node, FALSE);
    }
  return link_length / (double) text_length;
}

static gboolean
is_phrasing_content (xmlNode *node)
{
  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    return TRUE;
  if (!is_element (node))
    return FALSE;
  if (tag_in (node, phrasing_tags))
    return TRUE;
  if (tag_is (node, "a") || tag_is (node, "del") || tag_is (node, "ins"))
    {
      for (xmlNode *child = node->children; child != NULL; child = child->next)
        if (!is_phrasing_content (child))
          return FALSE;
      return TRUE;
    }
  return FALSE;
}

static gboolean
is_whitespace_node (xmlNode *node)
{
  if (node->type == XML_TEXT_NODE)
    {
      for (const char *p = (const char *) node->content; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
        if (!is_space_char (g_utf8_get_char (p)))
          return FALSE;
      return TRUE;
    }
  return tag_is (node, "br");
}

static gboolean
has_child_block_element (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (tag_in (child, div_to_p_block_tags) || (is_element (child) && has_child_block_element (child)))
      return TRUE;
  return FALSE;
}

static gboolean
has_single_tag_inside (xmlNode    *node,
                       const char *name)
{
  if (element_child_count (node) != 1 || !tag_is (first_element_child (node), name))
    return FALSE;
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_TEXT_NODE && normalized_length ((const char *) child->content) > 0)
      return FALSE;
  return TRUE;
}

static gboolean
is_element_without_content (xmlNode *node)
{
  guint children = element_child_count (node);

  if (inner_text_length_capped (node, 1) > 0)
    return FALSE;
  return children == 0 || children == count_descendants (node, "br") + count_descendants (node, "hr");
}

/* Inside a byline block, the element that holds just the name: microdata
 * itemprop="name", or hCard's fn / p-name. */
static xmlNode *
byline_name_node (xmlNode *byline)
{
  for (xmlNode *node = byline->children; node != NULL; node = next_node (node, byline, FALSE))
    {
      g_autofree char *itemprop = NULL;
      g_autofree char *klass = NULL;

      if (!is_element (node))
        continue;
      itemprop = get_attr (node, "itemprop");
      klass = get_attr (node, "class");
      if ((itemprop != NULL && strstr (itemprop, "name") != NULL) ||
          (klass != NULL && regex_match (get_patterns ()->hcard_name, klass)))
        {
          if (inner_text_length (node) > 0)
            return node;
        }
    }
  return byline;
}

static gboolean
is_valid_byline (xmlNode    *node,
                 const char *match)
{
  const Patterns *patterns = get_patterns ();
  g_autofree char *rel = get_attr (node, "rel");
  g_autofree char *itemprop = get_attr (node, "itemprop");
  gsize length;

  if (!(g_strcmp0 (rel, "author") == 0 || (itemprop != NULL && strstr (itemprop, "author") != NULL) ||
        regex_match (patterns->byline, match) || regex_match (patterns->hcard, match)))
    return FALSE;
  length = inner_text_length (node);
  return length > 0 && length < 100;
}

/* Readability's _headerDuplicatesTitle. */
static gboolean
header_duplicates_title (xmlNode    *node,
                         const char *title)
{
  g_autofree char *text = NULL;
  g_autofree char *clean = NULL;

  if (title == NULL || !(tag_is (node, "h1") || tag_is (node, "h2")))
    return FALSE;
  text = text_content (node);
  clean = clean_line (text);
  return clean != NULL && text_similarity (title, clean) > 0.75;
}

static GPtrArray *
node_ancestors (xmlNode *node,
                int      max_depth)
{
  GPtrArray *ancestors = g_ptr_array_new ();
  int i = 0;

  for (node = node->parent; node != NULL && is_element (node); node = node->parent)
    {
      g_ptr_array_add (ancestors, node);
      if (max_depth > 0 && ++i == max_depth)
        break;
    }
  return ancestors;
}

/* Wraps runs of phrasing content in a div into <p> elements, as Readability
 * does, so text sitting directly in divs is scored like paragraphs. */
static void
wrap_phrasing_runs (xmlNode *div)
{
  xmlNode *p = NULL;
  xmlNode *child = div->children;

  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (is_phrasing_content (child))
        {
          if (p != NULL)
            {
              xmlUnlinkNode (child);
              xmlAddChild (p, child);
            }
          else if (!is_whitespace_node (child))
            {
              p = xmlNewDocNode (div->doc, NULL, (const xmlChar *) "p", NULL);
              xmlAddPrevSibling (child, p);
              xmlUnlinkNode (child);
              xmlAddChild (p, child);
            }
        }
      else if (p != NULL)
        {
          while (p->last != NULL && is_whitespace_node (p->last))
            remove_node (p->last);
          p = NULL;
        }
      child = next;
    }
  if (p != NULL)
    while (p->last != NULL && is_whitespace_node (p->last))
      remove_node (p->last);
}

/* ------------------------------------------------------------------------ */
/* Helpers: cleaning the article                                            */

static gboolean
is_data_table (xmlNode *table)
{
  g_autofree char *role = get_attr (table, "role");
  g_autofree char *datatable = get_attr (table, "datatable");
  g_autofree char *summary = get_attr (table, "summary");
  guint rows = 0, columns = 0;

  if (g_strcmp0 (role, "presentation") == 0)
    return FALSE;
  if (g_strcmp0 (datatable, "0") == 0)
    return FALSE;
  if (summary != NULL && *summary != '\0')
    return TRUE;
  {
    xmlNode *caption = find_first (table, "caption");
    if (caption != NULL && caption->children != NULL)
      return TRUE;
  }
  for (xmlNode *node = table->children; node != NULL; node = next_node (node, table, FALSE))
    if (tag_is (node, "col") || tag_is (node, "colgroup") || tag_is (node, "tfoot") ||
        tag_is (node, "thead") || tag_is (node, "th"))
      return TRUE;
  if (count_descendants (table, "table") > 0)
    return FALSE;
  for (xmlNode *node = table->children; node != NULL; node = next_node (node, table, FALSE))
    if (tag_is (node, "tr"))
      {
        guint cells = 0;
        rows++;
        for (xmlNode *cell = node->children; cell != NULL; cell = cell->next)
          if (tag_is (cell, "td") || tag_is (cell, "th"))
            {
              g_autofree char *span = get_attr (cell, "colspan");
              cells += span ? MAX (1, atoi (span)) : 1;
            }
        columns = MAX (columns, cells);
      }
  if (rows == 1 || columns == 1)
    return FALSE;
  if (rows >= 10 || columns > 4)
    return TRUE;
  return rows * columns > 10;
}

static gboolean
in_data_table (xmlNode    *node,
               GHashTable *data_tables)
{
  for (node = node->parent; node != NULL && is_element (node); node = node->parent)
    if (tag_is (node, "table") && g_hash_table_contains (data_tables, node))
      return TRUE;
  return FALSE;
}

static void
collect_tags (xmlNode    *root,
              const char *name,
              GPtrArray  *out)
{
  for (xmlNode *node = root->children; node != NULL; node = next_node (node, root, FALSE))
    if (tag_is (node, name))
      g_ptr_array_add (out, node);
}

static void
clean_tag (xmlNode    *root,
           const char *name)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  const Patterns *patterns = get_patterns ();
  gboolean is_embed = g_str_equal (name, "object") || g_str_equal (name, "embed") || g_str_equal (name, "iframe");

  collect_tags (root, name, nodes);
  for (guint i = nodes->len; i > 0; i--)
    {
      xmlNode *node = nodes->pdata[i - 1];

      if (is_embed)
        {
          g_autofree char *src = get_attr (node, "src");
          /* Videos stay (they carry no text either way). */
          if (regex_match (patterns->video, src))
            continue;
        }
      remove_node (node);
    }
}


/* Subtree statistics for conditional cleaning, memoised per pass: a node's
 * figures combine its children's, so measuring every container of a deep
 * page costs a walk over children, not over whole subtrees. Removing a node
 * forgets the figures of its ancestors only. */
typedef struct {
  /* Normalised text length, concatenation-exact: leading and trailing
   * whitespace are remembered so joining two spans counts one space. */
  gsize    length;
  gboolean lead_space;
  gboolean trail_space;
  gboolean empty;
  gboolean any_space;
  guint    commas;
  guint    p, img, li, input, embeds;
  gboolean video;
  double   link_length;
  gsize    heading_length;
  gsize    list_length;
} SubtreeStats;

static void
span_of_text (SubtreeStats *stats,
              const char   *text)
{
  TextMeter meter = { 0 };
  const char *last = NULL;

  memset (stats, 0, sizeof *stats);
  stats->empty = TRUE;
  if (text == NULL || *text == '\0')
    return;
  meter_add (&meter, text);
  stats->length = meter.length;
  stats->commas = meter.commas;
  stats->empty = meter.length == 0;
  stats->lead_space = is_space_char (g_utf8_get_char (text));
  last = g_utf8_find_prev_char (text, text + strlen (text));
  stats->trail_space = last != NULL && is_space_char (g_utf8_get_char (last));
  stats->any_space = stats->lead_space || stats->trail_space || (meter.length == 0);
}

static void
span_append (SubtreeStats       *into,
             const SubtreeStats *next)
{
  if (next->empty)
    {
      if (into->empty)
        into->any_space |= next->any_space;
      else
        into->trail_space |= next->any_space;
      return;
    }
  if (into->empty)
    {
      gboolean space = into->any_space;

      into->length = next->length;
      into->lead_space = next->lead_space || space;
      into->trail_space = next->trail_space;
      into->empty = FALSE;
      return;
    }
  into->length += next->length + (into->trail_space || next->lead_space ? 1 : 0);
  into->trail_space = next->trail_space;
}

static const SubtreeStats *
subtree_stats (GHashTable *cache,
               xmlNode    *node)
{
  SubtreeStats *stats = g_hash_table_lookup (cache, node);

  if (stats != NULL)
    return stats;

  stats = g_new0 (SubtreeStats, 1);
  stats->empty = TRUE;
  /* Recursive, but the tree is flattened to MAX_TREE_DEPTH first. */
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
        {
          SubtreeStats text;

          span_of_text (&text, (const char *) child->content);
          span_append (stats, &text);
          stats->commas += text.commas;
        }
      else if (is_element (child))
        {
          const SubtreeStats *sub = subtree_stats (cache, child);

          span_append (stats, sub);
          stats->commas += sub->commas;
          stats->p += sub->p + tag_is (child, "p");
          stats->img += sub->img + tag_is (child, "img");
          stats->li += sub->li + tag_is (child, "li");
          stats->input += sub->input + tag_is (child, "input");
          stats->embeds += sub->embeds;
          stats->video |= sub->video;
          stats->heading_length += tag_in (child, heading_tags) ? sub->length : sub->heading_length;
          stats->list_length += sub->list_length + (tag_is (child, "ul") || tag_is (child, "ol") ? sub->length : 0);
          if (tag_is (child, "a"))
            {
              g_autofree char *href = get_attr (child, "href");
              double coefficient = href != NULL && href[0] == '#' && href[1] != '\0' ? 0.3 : 1.0;
              stats->link_length += sub->length * coefficient;
            }
          else
            stats->link_length += sub->link_length;
          if (tag_is (child, "object") || tag_is (child, "embed") || tag_is (child, "iframe"))
            {
              g_autofree char *src = get_attr (child, "src");
              if (regex_match (get_patterns ()->video, src))
                stats->video = TRUE;
              else
                stats->embeds++;
            }
        }
    }
  g_hash_table_insert (cache, node, stats);
  return stats;
}

static void
forget_ancestors (GHashTable *cache,
                  xmlNode    *node)
{
  for (xmlNode *up = node->parent; up != NULL; up = up->parent)
    g_hash_table_remove (cache, up);
}

static gboolean
should_clean_conditionally (xmlNode    *node,
                            const char *tag,
                            GHashTable *cache,
                            GHashTable *data_tables,
                            int         flags)
{
  gboolean is_list = g_str_equal (tag, "ul") || g_str_equal (tag, "ol");
  int weight;

  if (tag_is (node, "table") && g_hash_table_contains (data_tables, node))
    return FALSE;
  if (in_data_table (node, data_tables))
    return FALSE;
  if (has_ancestor_tag (node, "code", 0))
    return FALSE;

  /* Only the class weight: an element's own score is often negative just
   * because it is a list (Readability dropped it here too). */
  weight = class_weight (node, flags);
  if (weight < 0)
    return TRUE;

  {
    const SubtreeStats *stats = subtree_stats (cache, node);
    guint p = stats->p, img = stats->img, input = stats->input, embeds = stats->embeds;
    int li = (int) stats->li - 100;
    gsize content_length = stats->length;
    double heading_density, density;
    gboolean remove;

    /* Ten commas make it prose, and prose stays. */
    if (stats->commas >= 10)
      return FALSE;
    /* Videos are content even without words around them. */
    if (stats->video)
      return FALSE;

    /* A div made of list items is a list. */
    if (!is_list)
      is_list = content_length > 0 && (double) stats->list_length / (double) content_length > 0.9;
    heading_density = content_length > 0 ? (double) stats->heading_length / (double) content_length : 0;
    density = content_length > 0 ? stats->link_length / (double) content_length : 0;

      remove = (img > 1 && (double) p / (double) img < 0.5 && !has_ancestor_tag (node, "figure", 3)) ||
               (!is_list && li > (int) p) ||
               (input > p / 3) ||
               (!is_list && heading_density < 0.9 && content_length < 25 && (img == 0 || img > 2) &&
                !has_ancestor_tag (node, "figure", 3)) ||
               (!is_list && weight < 25 && density > 0.2) ||
               (weight >= 25 && density > 0.5) ||
               ((embeds == 1 && content_length < 75) || embeds > 1);

      if (is_list && remove)
        {
          /* Image galleries made of lists are content. */
          gboolean all_single_images = TRUE;
          for (xmlNode *child = node->children; child != NULL; child = child->next)
            if (is_element (child) && (element_child_count (child) > 1 || count_descendants (child, "img") != 1))
              {
                all_single_images = FALSE;
                break;
              }
          if (all_single_images && (int) img == li + 100 && img > 0)
            return FALSE;
        }
      return remove;
  }
}

static void
clean_conditionally (xmlNode    *root,
                     const char *tag,
                     GHashTable *scores,
                     GHashTable *data_tables,
                     int         flags)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  g_autoptr(GHashTable) cache = NULL;

  if (!(flags & FLAG_CLEAN_CONDITIONALLY))
    return;
  /* Nothing is allocated during the pass, so no freed node's address can
   * come back as a new node with stale figures. */
  cache = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  collect_tags (root, tag, nodes);
  /* Backwards, so removing a node never invalidates one still to visit. */
  for (guint i = nodes->len; i > 0; i--)
    {
      xmlNode *node = nodes->pdata[i - 1];

      /* Later nodes are never ancestors of earlier ones, so none is freed yet. */
      if (should_clean_conditionally (node, tag, cache, data_tables, flags))
        {
          forget_ancestors (cache, node);
          remove_node (node);
        }
    }
}


/* Caption text, screen-reader labels, edit links and label-only blocks: what
 * Readability keeps but a person copying the article would leave out. */
static gboolean
is_standalone (xmlNode *node)
{
  /* An element with words right beside it is part of a sentence. */
  for (xmlNode *side = node->prev; side != NULL; side = side->prev)
    {
      if (side->type == XML_TEXT_NODE && normalized_length ((const char *) side->content) > 0)
        return FALSE;
      if (is_element (side))
        break;
    }
  for (xmlNode *side = node->next; side != NULL; side = side->next)
    {
      if (side->type == XML_TEXT_NODE && normalized_length ((const char *) side->content) > 0)
        return FALSE;
      if (is_element (side))
        break;
    }
  return TRUE;
}

static gboolean
is_furniture_label (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  GString *key = g_string_new (NULL);
  gboolean space = FALSE;
  gboolean found;

  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        {
          if (space && key->len > 0)
            g_string_append_c (key, ' ');
          space = FALSE;
          g_string_append_unichar (key, c);
        }
      else
        space = TRUE;
      if (key->len > 64)
        break;
    }
  found = key->len > 0 && g_strv_contains (furniture_labels, key->str);
  for (guint i = 0; !found && furniture_prefixes[i] != NULL; i++)
    found = g_str_has_prefix (key->str, furniture_prefixes[i]) && key->len < 48;
  g_string_free (key, TRUE);
  return found;
}

static xmlNode *
previous_element (xmlNode *node)
{
  for (node = node->prev; node != NULL; node = node->prev)
    if (is_element (node))
      return node;
  return NULL;
}

/* "© 2024 The Gazette. All rights reserved." */
static gboolean
is_copyright_notice (const char *text)
{
  g_autofree char *clean = clean_line (text);
  g_autofree char *lower = clean ? g_utf8_strdown (clean, -1) : NULL;

  if (lower == NULL)
    return FALSE;
  return g_str_has_prefix (lower, "\xC2\xA9") || g_str_has_prefix (lower, "copyright ") ||
         g_str_has_prefix (lower, "(c) ") || strstr (lower, "all rights reserved") != NULL;
}

/* The menu column of an old table layout: a cell of links beside the cell
 * holding the text. Cells of data tables are content whatever they hold. */
static gboolean
is_layout_link_cell (xmlNode *node)
{
  xmlNode *table;

  if (!(tag_is (node, "td") || tag_is (node, "th")))
    return FALSE;
  for (table = node->parent; table != NULL && !tag_is (table, "table"); table = table->parent)
    ;
  /* No table left means the top candidate was the table, renamed to a div. */
  if (table != NULL && is_data_table (table))
    return FALSE;
  return count_descendants (node, "a") >= 2 && link_density (node) > 0.6;
}

/* "Read more: <a>Another story</a>": a short paragraph that is mostly a link
 * and says it points elsewhere. */
static gboolean
is_teaser_paragraph (xmlNode    *node,
                     const char *text)
{
  static const char *const openers[] = {
    "read more", "read also", "also read", "related", "see also", "more:", "read next",
    "recommended", "watch:", "listen:", "read:", "click here", "don't miss", "dont miss",
    "more from", "further reading:", "also on", "also see", "you may also like",
    "you might also like", NULL
  };
  g_autofree char *clean = NULL;
  g_autofree char *lower = NULL;

  if (!(tag_is (node, "p") || tag_is (node, "div") || tag_is (node, "li")) || count_descendants (node, "a") == 0)
    return FALSE;
  clean = clean_line (text);
  if (clean == NULL)
    return FALSE;
  lower = g_utf8_strdown (clean, -1);
  for (guint i = 0; openers[i] != NULL; i++)
    if (g_str_has_prefix (lower, openers[i]))
      return link_density (node) > 0.5;
  return FALSE;
}

static void
remove_furniture (xmlNode *article)
{
  const Patterns *patterns = get_patterns ();
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();
  g_autoptr(GPtrArray) figures = g_ptr_array_new ();
  xmlNode *furniture_heading = NULL;

  for (xmlNode *node = article->children; node != NULL; node = next_node (node, article, FALSE))
    {
      g_autofree char *match = NULL;
      g_autofree char *text = NULL;
      gsize length;

      if (!is_element (node))
        continue;
      if (tag_is (node, "figcaption"))
        {
          g_ptr_array_add (doomed, node);
          continue;
        }
      if (tag_is (node, "pre") || tag_is (node, "code") || tag_is (node, "table"))
        continue;

      match = class_and_id (node);
      /* Every rule below is about short blocks: never copy a long one. */
      length = inner_text_length_capped (node, 1000);
      text = length <= 1000 ? text_content (node) : g_strdup ("");
      /* Instagram and similar embeds are mostly their own furniture
       * ("View this post on Instagram", "A post shared by …"). */
      if (regex_match (patterns->edit_link, match) || regex_match (patterns->social_embed, match) ||
          (length < 100 && is_standalone (node) && regex_match (patterns->dateline, match)) ||
          (length < 600 && regex_match (patterns->author_box, match)) ||
          (length < 100 && tag_is (node, "time") && is_standalone (node)) ||
          (length < 1000 && count_descendants (node, "p") <= 1 && regex_match (patterns->caption, match)) ||
          (length < 60 && regex_match (patterns->screen_reader, match)) ||
          (length > 0 && length < 64 && is_standalone (node) && is_furniture_label (text)) ||
          (length < 300 && is_teaser_paragraph (node, text)) ||
          (length < 300 && !tag_is (node, "a") && regex_match (patterns->boilerplate, match)) ||
          (length < 300 && is_layout_link_cell (node)) ||
          (length < 250 && is_standalone (node) && is_copyright_notice (text)))
        {
          g_ptr_array_add (doomed, node);
          if (tag_in (node, heading_tags) || tag_is (node, "p") || tag_is (node, "strong"))
            furniture_heading = node;
          continue;
        }

      /* The list of links under a "Related stories" heading goes with it. */
      if (furniture_heading != NULL && previous_element (node) == furniture_heading &&
          (tag_is (node, "ul") || tag_is (node, "ol") || tag_is (node, "div")) && link_density (node) > 0.5)
        g_ptr_array_add (doomed, node);
    }
  /* Backwards: descendants go before their ancestors, so nothing is freed
   * twice. */
  for (guint i = doomed->len; i > 0; i--)
    remove_node (doomed->pdata[i - 1]);

  /* What is left of a figure without its caption is a label or nothing;
   * figures holding code, tables or quotations are content. */
  collect_tags (article, "figure", figures);
  for (guint i = figures->len; i > 0; i--)
    {
      xmlNode *figure = figures->pdata[i - 1];

      if (count_descendants (figure, "pre") + count_descendants (figure, "table") +
          count_descendants (figure, "blockquote") + count_descendants (figure, "code") > 0)
        continue;
      if (inner_text_length (figure) < 100)
        remove_node (figure);
    }
}

static void
prep_article (xmlNode    *article,
              GHashTable *scores,
              int         flags)
{
  const Patterns *patterns = get_patterns ();
  g_autoptr(GHashTable) data_tables = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new ();
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();

  collect_tags (article, "table", tables);
  for (guint i = 0; i < tables->len; i++)
    if (is_data_table (tables->pdata[i]))
      g_hash_table_add (data_tables, tables->pdata[i]);

  clean_conditionally (article, "form", scores, data_tables, flags);
  clean_conditionally (article, "fieldset", scores, data_tables, flags);
  clean_tag (article, "object");
  clean_tag (article, "embed");
  clean_tag (article, "footer");
  clean_tag (article, "link");
  clean_tag (article, "aside");
  clean_tag (article, "nav");

  /* Share bars and similar small blocks inside the article. */
  for (xmlNode *child = article->children; child != NULL; child = child->next)
    {
      g_ptr_array_set_size (nodes, 0);
      for (xmlNode *node = child->children; node != NULL; node = next_node (node, child, FALSE))
        if (is_element (node))
          {
            g_autofree char *match = class_and_id (node);
            if (regex_match (patterns->share, match) && inner_text_length (node) < CHAR_THRESHOLD)
              g_ptr_array_add (nodes, node);
          }
      for (guint i = nodes->len; i > 0; i--)
        remove_node (nodes->pdata[i - 1]);
    }

  clean_tag (article, "iframe");
  clean_tag (article, "input");
  clean_tag (article, "textarea");
  clean_tag (article, "select");
  clean_tag (article, "button");

  /* Headings with negative class weight are chrome. */
  g_ptr_array_set_size (nodes, 0);
  for (xmlNode *node = article->children; node != NULL; node = next_node (node, article, FALSE))
    if ((tag_is (node, "h1") || tag_is (node, "h2")) && class_weight (node, flags) < 0)
      g_ptr_array_add (nodes, node);
  for (guint i = nodes->len; i > 0; i--)
    remove_node (nodes->pdata[i - 1]);

  clean_conditionally (article, "table", scores, data_tables, flags);
  clean_conditionally (article, "ul", scores, data_tables, flags);
  clean_conditionally (article, "div", scores, data_tables, flags);
  remove_furniture (article);

  /* Empty paragraphs. */
  g_ptr_array_set_size (nodes, 0);
  collect_tags (article, "p", nodes);
  for (guint i = nodes->len; i > 0; i--)
    {
      xmlNode *p = nodes->pdata[i - 1];
      guint media = count_descendants (p, "img") + count_descendants (p, "embed") +
                    count_descendants (p, "object") + count_descendants (p, "iframe");
      if (media == 0 && inner_text_length (p) == 0)
        remove_node (p);
    }
}

/* ------------------------------------------------------------------------ */
/* Helpers: Readability's grabArticle                                       */

static void
score_paragraphs (GPtrArray  *elements,
                  GHashTable *scores,
                  GPtrArray  *candidates,
                  int         flags)
{
  for (guint i = 0; i < elements->len; i++)
    {
      xmlNode *element = elements->pdata[i];
      TextMeter meter = { 0 };
      g_autoptr(GPtrArray) ancestors = NULL;
      gsize length;
      double content_score;

      if (element->parent == NULL || !is_element (element->parent))
        continue;
      meter_node (&meter, element, 0);
      length = meter.length;
      if (length < 25)
        continue;
      ancestors = node_ancestors (element, 5);
      if (ancestors->len == 0)
        continue;

      content_score = 1 + meter.commas + MIN (length / 100, 3);
      for (guint level = 0; level < ancestors->len; level++)
        {
          xmlNode *ancestor = ancestors->pdata[level];
          NodeScore *score;
          double divider;

          if (ancestor->parent == NULL || !is_element (ancestor->parent))
            continue;
          score = score_of (scores, ancestor);
          if (score == NULL)
            {
              score = initialize_node (scores, ancestor, flags);
              g_ptr_array_add (candidates, ancestor);
            }
          divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
          score->score += content_score / divider;
        }
    }
}

/* The one element marked itemprop="articleBody", if there is exactly one. */
static xmlNode *
find_article_body (xmlNode *root)
{
  xmlNode *found = NULL;

  for (xmlNode *node = root; node != NULL; node = next_node (node, root, FALSE))
    {
      g_autofree char *itemprop = NULL;

      if (!is_element (node))
        continue;
      itemprop = get_attr (node, "itemprop");
      if (itemprop == NULL || strstr (itemprop, "articleBody") == NULL)
        continue;
      if (found != NULL)
        return NULL;
      found = node;
    }
  return found;
}

static gboolean
is_ancestor (xmlNode *ancestor,
             xmlNode *node)
{
  for (node = node->parent; node != NULL; node = node->parent)
    if (node == ancestor)
      return TRUE;
  return FALSE;
}

static xmlNode *
grab_article (xmlNode    *body,
              const char *title,
              int         flags,
              GHashTable *scores,
              char      **byline_out)
{
  const Patterns *patterns = get_patterns ();
  g_autoptr(GPtrArray) elements = g_ptr_array_new ();
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  xmlNode *top_candidates[N_TOP_CANDIDATES] = { NULL };
  xmlNode *top = NULL;
  xmlNode *article;
  xmlNode *parent;
  gboolean should_remove_title_header = TRUE;
  xmlNode *node = body;

  while (node != NULL)
    {
      g_autofree char *match = NULL;
      g_autofree char *role = NULL;

      if (!is_element (node))
        {
          if (node->type == XML_COMMENT_NODE)
            {
              xmlNode *next = next_node (node, body, TRUE);
              remove_node (node);
              node = next;
              continue;
            }
          node = next_node (node, body, FALSE);
          continue;
        }

      match = class_and_id (node);

      if (!is_probably_visible (node) || tag_in (node, removed_early_tags))
        {
          xmlNode *next = next_node (node, body, TRUE);
          if (node != body)
            remove_node (node);
          node = next;
          continue;
        }

      if (node != body && *byline_out == NULL && is_valid_byline (node, match))
        {
          g_autofree char *text = text_content (byline_name_node (node));
          xmlNode *next = next_node (node, body, TRUE);

          *byline_out = clean_line (text);
          remove_node (node);
          node = next;
          continue;
        }

      if (node != body && should_remove_title_header && header_duplicates_title (node, title))
        {
          xmlNode *next = next_node (node, body, TRUE);

          should_remove_title_header = FALSE;
          remove_node (node);
          node = next;
          continue;
        }

      role = get_attr (node, "role");
      if ((flags & FLAG_STRIP_UNLIKELYS) && node != body)
        {
          if (regex_match (patterns->unlikely, match) && !regex_match (patterns->maybe_candidate, match) &&
              !has_ancestor_tag (node, "table", 0) && !has_ancestor_tag (node, "code", 0) &&
              !tag_is (node, "body") && !tag_is (node, "a"))
            {
              xmlNode *next = next_node (node, body, TRUE);
              remove_node (node);
              node = next;
              continue;
            }
          if (role != NULL && g_strv_contains (unlikely_roles, role))
            {
              xmlNode *next = next_node (node, body, TRUE);
              remove_node (node);
              node = next;
              continue;
            }
        }

      if (node != body &&
          (tag_is (node, "div") || tag_is (node, "section") || tag_is (node, "header") ||
           tag_is (node, "h1") || tag_is (node, "h2") || tag_is (node, "h3") || tag_is (node, "h4") ||
           tag_is (node, "h5") || tag_is (node, "h6")) &&
          is_element_without_content (node))
        {
          xmlNode *next = next_node (node, body, TRUE);
          remove_node (node);
          node = next;
          continue;
        }

      if (tag_in (node, tags_to_score))
        g_ptr_array_add (elements, node);

      if (tag_is (node, "div") && node != body)
        {
          wrap_phrasing_runs (node);
          if (has_single_tag_inside (node, "p") && link_density (node) < 0.25)
            {
              xmlNode *p = first_element_child (node);

              xmlUnlinkNode (p);
              xmlReplaceNode (node, p);
              xmlFreeNode (node);
              g_ptr_array_add (elements, p);
              node = p;
            }
          else if (!has_child_block_element (node))
            {
              set_tag (node, "p");
              g_ptr_array_add (elements, node);
            }
        }
      node = next_node (node, body, FALSE);
    }

  /* Elements removed after being queued are not in the tree any more: a
   * freed node can't be queued, since removal always skips its subtree. */
  score_paragraphs (elements, scores, candidates, flags);

  for (guint i = 0; i < candidates->len; i++)
    {
      xmlNode *candidate = candidates->pdata[i];
      NodeScore *score = score_of (scores, candidate);

      score->score *= 1 - link_density (candidate);
      for (guint t = 0; t < N_TOP_CANDIDATES; t++)
        {
          NodeScore *other = top_candidates[t] ? score_of (scores, top_candidates[t]) : NULL;

          if (other == NULL || score->score > other->score)
            {
              memmove (&top_candidates[t + 1], &top_candidates[t], (N_TOP_CANDIDATES - t - 1) * sizeof (xmlNode *));
              top_candidates[t] = candidate;
              break;
            }
        }
    }

  top = top_candidates[0];
  /* The root of this attempt's copy bounds every climb below, whatever its
   * name: a page without <body> (or a fuzzed one) must never have its root
   * moved into the article, or it would be freed twice. */
  if (top == NULL || top == body || tag_is (top, "body"))
    {
      xmlNode *child;

      top = xmlNewDocNode (body->doc, NULL, (const xmlChar *) "div", NULL);
      child = body->children;
      while (child != NULL)
        {
          xmlNode *next = child->next;
          xmlUnlinkNode (child);
          xmlAddChild (top, child);
          child = next;
        }
      xmlAddChild (body, top);
      initialize_node (scores, top, flags);
    }
  else
    {
      /* If several good candidates share an ancestor, that ancestor is the
       * article (the text is split into several blocks). */
      g_autoptr(GPtrArray) alternative_ancestors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
      double top_score = score_of (scores, top)->score;
      double last_score, threshold;

      for (guint t = 1; t < N_TOP_CANDIDATES; t++)
        if (top_candidates[t] != NULL && score_of (scores, top_candidates[t])->score / top_score >= 0.75)
          g_ptr_array_add (alternative_ancestors, node_ancestors (top_candidates[t], 0));
      if (alternative_ancestors->len >= 3)
        {
          for (parent = top->parent; parent != NULL && parent != body && !tag_is (parent, "body") && is_element (parent); parent = parent->parent)
            {
              guint containing = 0;
              for (guint a = 0; a < alternative_ancestors->len; a++)
                {
                  GPtrArray *list = alternative_ancestors->pdata[a];
                  for (guint k = 0; k < list->len; k++)
                    if (list->pdata[k] == parent)
                      {
                        containing++;
                        break;
                      }
                }
              if (containing >= 3)
                {
                  top = parent;
                  break;
                }
            }
        }
      if (score_of (scores, top) == NULL)
        initialize_node (scores, top, flags);

      /* Climb while the parent scores better: the article may be split. */
      parent = top->parent;
      last_score = score_of (scores, top)->score;
      threshold = last_score / 3;
      while (parent != NULL && parent != body && is_element (parent) && !tag_is (parent, "body"))
        {
          NodeScore *parent_score = score_of (scores, parent);

          if (parent_score == NULL)
            {
              parent = parent->parent;
              continue;
            }
          if (parent_score->score < threshold)
            break;
          if (parent_score->score > last_score)
            {
              top = parent;
              break;
            }
          last_score = parent_score->score;
          parent = parent->parent;
        }

      /* A lone child is its parent's whole content. */
      parent = top->parent;
      while (parent != NULL && parent != body && is_element (parent) && !tag_is (parent, "body") &&
             element_child_count (parent) == 1)
        {
          top = parent;
          parent = top->parent;
        }
      if (score_of (scores, top) == NULL)
        initialize_node (scores, top, flags);
    }

  /* The publisher's own mark for the body beats our guess when our guess
   * is only a part of it (the text split into several blocks). */
  {
    xmlNode *marked = find_article_body (body);

    if (marked != NULL && marked != top && marked != body && is_ancestor (marked, top) && !tag_is (marked, "body"))
      {
        top = marked;
        if (score_of (scores, top) == NULL)
          initialize_node (scores, top, flags);
      }
  }

  /* Siblings that look like more of the article join it. */
  article = xmlNewDocNode (body->doc, NULL, (const xmlChar *) "div", NULL);
  {
    double top_score = score_of (scores, top)->score;
    double sibling_threshold = MAX (10, top_score * 0.2);
    g_autofree char *top_class = get_attr (top, "class");
    xmlNode *sibling;

    parent = top->parent;
    sibling = parent != NULL ? parent->children : top;
    while (sibling != NULL)
      {
        xmlNode *next = sibling->next;
        gboolean append = FALSE;

        if (sibling == top)
          append = TRUE;
        else if (is_element (sibling))
          {
            g_autofree char *klass = get_attr (sibling, "class");
            NodeScore *score = score_of (scores, sibling);
            double bonus = 0;

            if (klass != NULL && *klass != '\0' && g_strcmp0 (klass, top_class) == 0)
              bonus += top_score * 0.2;
            if (score != NULL && score->score + bonus >= sibling_threshold)
              append = TRUE;
            else if (tag_is (sibling, "p"))
              {
                double density = link_density (sibling);
                g_autofree char *content = text_content (sibling);
                gsize length = normalized_length (content);

                if (length > 80 && density < 0.25)
                  append = TRUE;
                else if (length < 80 && length > 0 && density == 0 &&
                         regex_match (patterns->sentence_end, content))
                  append = TRUE;
              }
          }
        if (append)
          {
            static const char *const keep_tags[] = { "div", "article", "section", "p", "ol", "ul", NULL };
            if (is_element (sibling) && !tag_in (sibling, keep_tags))
              set_tag (sibling, "div");
            xmlUnlinkNode (sibling);
            xmlAddChild (article, sibling);
          }
        if (parent == NULL)
          break;
        sibling = next;
      }
  }

  prep_article (article, scores, flags);
  return article;
}

/* ------------------------------------------------------------------------ */
/* Helpers: metadata from the page itself                                   */

static char *
resolve_lang (xmlNode    *root,
              GHashTable *values,
              const char *jsonld_lang)
{
  g_autofree char *lang = get_attr (root, "lang");
  static const char *const keys[] = { "http-equiv:content-language", "dc.language", "language", "og:locale", NULL };
  const char *value;

  if (lang == NULL)
    lang = get_attr (root, "xml:lang");
  if (lang != NULL && *g_strstrip (lang) != '\0')
    return clean_line (lang);
  if (jsonld_lang != NULL)
    return clean_line (jsonld_lang);
  value = first_value (values, keys);
  if (value != NULL)
    {
      g_autofree char *copy = clean_line (value);
      /* og:locale uses en_US; BCP 47 wants en-US. */
      if (copy != NULL)
        g_strdelimit (copy, "_", '-');
      return g_steal_pointer (&copy);
    }
  return NULL;
}

static char *
find_time_element (xmlNode *root)
{
  char *fallback = NULL;

  for (xmlNode *node = root; node != NULL; node = next_node (node, root, FALSE))
    {
      g_autofree char *itemprop = NULL;

      if (!is_element (node))
        continue;
      itemprop = get_attr (node, "itemprop");
      if (itemprop != NULL && strstr (itemprop, "datePublished") != NULL)
        {
          char *value = get_attr (node, "datetime");
          if (value == NULL)
            value = get_attr (node, "content");
          if (value == NULL)
            value = text_content (node);
          g_free (fallback);
          return value;
        }
      if (tag_is (node, "time") && fallback == NULL)
        {
          fallback = get_attr (node, "datetime");
          if (fallback != NULL && has_attr (node, "pubdate"))
            return fallback;
        }
    }
  return fallback;
}

static gint64
parse_published (const char *date)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) parsed = NULL;
  g_autofree char *copy = NULL;

  if (date == NULL)
    return 0;
  copy = g_strstrip (g_strdup (date));
  parsed = g_date_time_new_from_iso8601 (copy, utc);
  if (parsed == NULL && strlen (copy) == 10 && copy[4] == '-' && copy[7] == '-')
    {
      g_autofree char *full = g_strconcat (copy, "T00:00:00", NULL);
      parsed = g_date_time_new_from_iso8601 (full, utc);
    }
  if (parsed == NULL && strlen (copy) > 10 && copy[4] == '-' && copy[7] == '-' && copy[10] == ' ')
    {
      copy[10] = 'T';
      parsed = g_date_time_new_from_iso8601 (copy, utc);
    }
  /* Meta tags also carry mail and HTTP dates: "Thu, 02 Nov 2023 14:05:00 GMT". */
  if (parsed == NULL)
    parsed = soup_date_time_new_from_http_string (copy);
  return parsed != NULL ? g_date_time_to_unix (parsed) : 0;
}

/* A page without any title: its first heading, else its first words. */
static char *
fallback_title (xmlNode    *root,
                const char *text)
{
  g_autofree char *first = NULL;
  g_auto(GStrv) words = NULL;
  GString *out;
  guint n;

  for (xmlNode *node = root; node != NULL; node = next_node (node, root, FALSE))
    if (tag_is (node, "h1") || tag_is (node, "h2"))
      {
        g_autofree char *heading = text_content (node);
        char *clean = clean_line (heading);
        if (clean != NULL)
          return clean;
      }

  first = clean_line (text);
  if (first == NULL)
    return NULL;
  words = g_strsplit (first, " ", 11);
  n = g_strv_length (words);
  out = g_string_new (NULL);
  for (guint i = 0; i < MIN (n, 10); i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }
  if (n > 10)
    g_string_append (out, "\xE2\x80\xA6");
  return g_string_free (out, FALSE);
}

static char *
first_paragraph_excerpt (const char *text)
{
  const char *end = strstr (text, "\n\n");
  g_autofree char *first = end ? g_strndup (text, end - text) : g_strdup (text);

  if (g_utf8_strlen (first, -1) > 300)
    {
      char *cut = g_utf8_offset_to_pointer (first, 300);
      *cut = '\0';
    }
  return clean_line (first);
}

/* articleBody is plain text, sometimes with HTML in it: paragraphs kept,
 * markup and controls dropped either way. */
static char *
jsonld_body_to_text (const char *body)
{
  g_auto(GStrv) paragraphs = NULL;
  TextSink sink = { 0 };

  if (strchr (body, '<') != NULL && strchr (body, '>') != NULL)
    return dossier_html_to_text (body, strlen (body), NULL);

  /* One line, one paragraph: articleBody rarely has blank lines. */
  sink.out = g_string_new (NULL);
  paragraphs = g_strsplit_set (body, "\r\n", -1);
  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      sink_break (&sink, 2);
      sink_text (&sink, paragraphs[i], FALSE);
    }
  return g_string_free (sink.out, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

void
dossier_article_free (DossierArticle *article)
{
  if (article == NULL)
    return;
  g_free (article->title);
  g_free (article->byline);
  g_free (article->date);
  g_free (article->site_name);
  g_free (article->lang);
  g_free (article->excerpt);
  g_free (article->text);
  g_clear_pointer (&article->warnings, g_ptr_array_unref);
  g_free (article);
}

DossierArticle *
dossier_extract_article (const char   *html,
                         gsize         length,
                         const char   *charset_hint,
                         const char   *base_url,
                         GError      **error)
{
  g_autoptr(DossierArticle) article = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autofree char *utf8 = NULL;
  g_autofree char *document_title = NULL;
  g_autofree char *content_byline = NULL;
  g_autofree char *best_text = NULL;
  Metadata meta = { 0 };
  ParseReport report = { 0 };
  htmlDocPtr doc;
  xmlNode *root;
  xmlNode *body;
  gsize best_length = 0;
  gboolean truncated = FALSE;
  static const int attempts[] = {
    FLAG_STRIP_UNLIKELYS | FLAG_WEIGHT_CLASSES | FLAG_CLEAN_CONDITIONALLY,
    FLAG_WEIGHT_CLASSES | FLAG_CLEAN_CONDITIONALLY,
    FLAG_CLEAN_CONDITIONALLY,
    0,
  };

  g_return_val_if_fail (html != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  (void) get_patterns ();
  if (length > MAX_INPUT_BYTES)
    {
      g_set_error (error, DOSSIER_EXTRACT_ERROR, DOSSIER_EXTRACT_ERROR_TOO_LARGE,
                   _("page is too large to be an article (%" G_GSIZE_FORMAT " MB, the limit is %d MB)"),
                   length / (1024 * 1024), MAX_INPUT_BYTES / (1024 * 1024));
      return NULL;
    }

  article = g_new0 (DossierArticle, 1);
  article->warnings = g_ptr_array_new_with_free_func (g_free);
  report.warnings = article->warnings;

  utf8 = decode_input (html ? html : "", length, charset_hint, article->warnings);
  doc = parse_html (utf8, base_url, &report);
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      g_set_error (error, DOSSIER_EXTRACT_ERROR, DOSSIER_EXTRACT_ERROR_NOT_HTML,
                   _("the page could not be read as HTML"));
      return NULL;
    }
  root = xmlDocGetRootElement (doc);

  /* Metadata first, from the untouched tree. */
  {
    xmlNode *title_node = find_first (root, "title");
    if (title_node != NULL)
      {
        g_autofree char *text = text_content (title_node);
        document_title = clean_line (text);
      }
  }
  values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  collect_meta (root, values);
  {
    /* JSON-LD's name/headline choice is judged against the title the page
     * itself shows (<title> minus the site, or its only <h1>). */
    g_autofree char *shown_title = article_title_from_document (root, document_title);
    read_jsonld (root, shown_title, &meta);
  }

  {
    static const char *const title_keys[] = { "dc:title", "dcterm:title", "og:title", "weibo:article:title",
                                              "weibo:webpage:title", "title", "twitter:title", "parsely-title", NULL };
    static const char *const byline_keys[] = { "dc:creator", "dcterm:creator", "author", "parsely-author", NULL };
    static const char *const excerpt_keys[] = { "dc:description", "dcterm:description", "og:description",
                                                "weibo:article:description", "weibo:webpage:description",
                                                "description", "twitter:description", NULL };
    static const char *const site_keys[] = { "og:site_name", "application-name", NULL };
    static const char *const date_keys[] = { "article:published_time", "parsely-pub-date", "og:published_time",
                                             "article.published", "date", "dc.date", "dc.date.issued",
                                             "dcterms.created", "dcterms.date", "citation_publication_date",
                                             "citation_date", "pubdate", "publishdate", "sailthru.date", NULL };
    const char *value;

    if (meta.title == NULL && (value = first_value (values, title_keys)) != NULL)
      set_string (&meta.title, value);
    if (meta.byline == NULL && (value = first_value (values, byline_keys)) != NULL)
      set_string (&meta.byline, value);
    if (meta.byline == NULL && (value = g_hash_table_lookup (values, "article:author")) != NULL && !looks_like_url (value))
      set_string (&meta.byline, value);
    if (meta.excerpt == NULL && (value = first_value (values, excerpt_keys)) != NULL)
      set_string (&meta.excerpt, value);
    if (meta.site_name == NULL && (value = first_value (values, site_keys)) != NULL)
      set_string (&meta.site_name, value);
    if (meta.published == NULL && (value = first_value (values, date_keys)) != NULL)
      set_string (&meta.published, value);
  }
  if (meta.title == NULL)
    meta.title = article_title_from_document (root, document_title);
  if (meta.published == NULL)
    {
      g_autofree char *time_value = find_time_element (root);
      set_string (&meta.published, time_value);
    }
  article->lang = resolve_lang (root, values, meta.lang);

  /* Then the article text: Readability's passes, each less strict. */
  body = find_first (root, "body");
  if (body == NULL)
    body = root;
  for (guint a = 0; a < G_N_ELEMENTS (attempts); a++)
    {
      g_autoptr(GHashTable) scores = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      g_autofree char *byline = NULL;
      g_autofree char *text = NULL;
      xmlNode *copy = xmlDocCopyNode (body, doc, 1);
      xmlNode *result;
      gboolean cut = FALSE;
      gsize text_length;

      if (copy == NULL)
        break;
      result = grab_article (copy, meta.title, attempts[a], scores, &byline);
      text = node_to_text (result, TRUE, &cut);
      text_length = normalized_length (text);
      xmlFreeNode (result);
      xmlFreeNode (copy);

      if (best_text == NULL || text_length > best_length)
        {
          g_free (best_text);
          best_text = g_steal_pointer (&text);
          best_length = text_length;
          truncated = cut;
          g_free (content_byline);
          content_byline = g_steal_pointer (&byline);
        }
      if (text_length >= CHAR_THRESHOLD)
        break;
    }

  /* Pages rendered by scripts have an empty shell for a body; their JSON-LD
   * often carries the whole text. Take it when it is clearly the article. */
  if (meta.body != NULL)
    {
      g_autofree char *body_text = jsonld_body_to_text (meta.body);
      gsize body_length = normalized_length (body_text);

      if (body_length >= CHAR_THRESHOLD && body_length > 2 * best_length)
        {
          g_free (best_text);
          best_text = g_steal_pointer (&body_text);
          best_length = body_length;
          truncated = FALSE;
        }
    }

  if (best_text == NULL || best_length == 0)
    {
      metadata_clear (&meta);
      xmlFreeDoc (doc);
      g_set_error (error, DOSSIER_EXTRACT_ERROR, DOSSIER_EXTRACT_ERROR_NO_CONTENT,
                   _("no readable text found on the page"));
      return NULL;
    }
  if (truncated && !report.text_truncated)
    g_ptr_array_add (article->warnings,
                     g_strdup_printf (_("the article text was cut at %d MB"), MAX_TEXT_BYTES / (1024 * 1024)));

  article->text = g_steal_pointer (&best_text);
  if (meta.title == NULL)
    meta.title = fallback_title (root, article->text);
  article->title = meta.title ? g_steal_pointer (&meta.title) : g_strdup (_("Untitled"));
  article->byline = tidy_byline (meta.byline ? meta.byline : content_byline);
  article->site_name = g_steal_pointer (&meta.site_name);
  article->date = g_steal_pointer (&meta.published);
  article->published = parse_published (article->date);
  article->excerpt = meta.excerpt ? g_steal_pointer (&meta.excerpt) : first_paragraph_excerpt (article->text);

  metadata_clear (&meta);
  xmlFreeDoc (doc);
  return g_steal_pointer (&article);
}

/* Feed descriptions are often plain text with line breaks rather than HTML.
 * With no tag, comment or declaration at all, the newlines are the only
 * structure there is: read them as <br> (a blank line becomes a paragraph
 * break) instead of folding them into spaces. Entities still decode. Text
 * hard-wrapped at a fixed width (nearly every line that continues a paragraph
 * is 55 to 80 characters long) is prose, not lines: there a single newline
 * is a space. */
static char *
plain_text_as_html (const char *text)
{
  g_autofree char *unified = NULL;
  g_auto(GStrv) lines = NULL;
  GString *out;
  guint continued = 0;
  guint wrapped = 0;
  gboolean hard_wrapped;

  for (const char *lt = strchr (text, '<'); lt != NULL; lt = strchr (lt + 1, '<'))
    if (g_ascii_isalpha (lt[1]) || lt[1] == '/' || lt[1] == '!' || lt[1] == '?')
      return NULL;
  if (strpbrk (text, "\r\n") == NULL)
    return NULL;

  out = g_string_sized_new (strlen (text) + 64);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r' && p[1] == '\n')
        continue;
      g_string_append_c (out, *p == '\r' ? '\n' : *p);
    }
  unified = g_string_free (out, FALSE);
  lines = g_strsplit (unified, "\n", -1);

  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      g_autofree char *next = g_strstrip (g_strdup (lines[i + 1]));
      glong chars;

      if (*line == '\0' || *next == '\0')
        continue;
      continued++;
      chars = g_utf8_strlen (line, -1);
      if (chars >= 55 && chars <= 80)
        wrapped++;
    }
  hard_wrapped = continued >= 2 && wrapped * 5 >= continued * 4;

  out = g_string_sized_new (strlen (unified) + 64);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_string_append (out, lines[i]);
      if (lines[i + 1] == NULL)
        break;
      if (hard_wrapped && strspn (lines[i], " \t") != strlen (lines[i]) &&
          strspn (lines[i + 1], " \t") != strlen (lines[i + 1]))
        g_string_append_c (out, ' ');
      else
        g_string_append (out, "<br>");
    }
  return g_string_free (out, FALSE);
}

char *
dossier_html_to_text (const char *html,
                      gsize       length,
                      const char *base_url)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *utf8 = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *wrapped = NULL;
  ParseReport report = { warnings, FALSE };
  htmlDocPtr doc;
  xmlNode *root;
  char *text;

  if (html == NULL || length == 0)
    return g_strdup ("");
  (void) get_patterns ();
  length = MIN (length, (gsize) MAX_INPUT_BYTES);

  /* Fragments come from already-decoded feeds: only repair, never re-sniff. */
  utf8 = g_utf8_make_valid (html, length);
  plain = plain_text_as_html (utf8);
  /* A fragment: wrapping it keeps leading text from being dropped. */
  wrapped = g_strconcat ("<html><body>", plain != NULL ? plain : utf8, "</body></html>", NULL);
  doc = parse_html (wrapped, base_url, &report);
  if (doc == NULL)
    return g_strdup ("");
  root = xmlDocGetRootElement (doc);
  if (root == NULL)
    {
      xmlFreeDoc (doc);
      return g_strdup ("");
    }
  text = node_to_text (root, FALSE, NULL);
  xmlFreeDoc (doc);
  return text;
}
