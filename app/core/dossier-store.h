/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-store.h: the library, one SQLite file (GLib only, never GTK).
 *
 * The store owns the database connection and every SQL statement. Nothing
 * outside app/core/dossier-store*.c writes SQL. A DossierStore is used from one
 * thread at a time; a worker thread that needs the library opens its own store
 * on the same path (WAL lets readers and one writer work side by side).
 *
 * Offsets everywhere are Unicode code point offsets into documents.text, the
 * same unit as GtkTextIter offsets. Times are Unix seconds (UTC); 0 = unknown.
 */
#pragma once

#include <gio/gio.h>

#include "dossier-types.h"

G_BEGIN_DECLS

#define DOSSIER_STORE_ERROR (dossier_store_error_quark ())

typedef enum {
  DOSSIER_STORE_ERROR_NOT_A_LIBRARY,  /* some other file, or another program's SQLite file */
  DOSSIER_STORE_ERROR_DAMAGED,        /* SQLite says the file is corrupt */
  DOSSIER_STORE_ERROR_NEWER_SCHEMA,   /* written by a newer Dossier: never touched */
  DOSSIER_STORE_ERROR_NOT_FOUND,
  DOSSIER_STORE_ERROR_INVALID,        /* bad argument from outside (offsets, empty text…) */
  DOSSIER_STORE_ERROR_FAILED,         /* any other SQLite failure */
} DossierStoreError;

GQuark dossier_store_error_quark (void);

/* ---------------------------------------------------------------- values -- */

typedef struct {
  gint64    id;
  char     *uid;           /* stable identity: canonical URL, feed guid, or "sha256:<hash of text>" */
  char     *title;
  char     *author;        /* nullable */
  char     *source;        /* site or publication name, nullable */
  char     *url;           /* nullable */
  gint64    published;     /* 0 = unknown */
  gint64    added;
  char     *lang;          /* BCP 47, nullable */
  char     *text;          /* NULL in list results; set by _get_document */
  guint     word_count;
  gint64    feed_id;       /* 0 = none */
  char     *guid;          /* feed item id, nullable */
  guint     read_pos;      /* offset of the first visible character */
  gboolean  starred;
  guint     note_count;    /* highlights on this document (read only) */
} DossierDocument;

DossierDocument *dossier_document_new  (void);
DossierDocument *dossier_document_copy (const DossierDocument *doc);
void             dossier_document_free (DossierDocument       *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierDocument, dossier_document_free)

typedef struct {
  gint64        id;
  gint64        document_id;
  guint         start;
  guint         end;
  char         *quote;      /* exact text between start and end */
  char         *prefix;     /* up to 32 characters before */
  char         *suffix;     /* up to 32 characters after */
  DossierColor  color;
  char         *note;       /* "" when none */
  gboolean      orphaned;   /* could not be re-anchored after the text changed */
  gint64        created;
  gint64        updated;
} DossierAnnotation;

DossierAnnotation *dossier_annotation_new  (void);
DossierAnnotation *dossier_annotation_copy (const DossierAnnotation *annotation);
void               dossier_annotation_free (DossierAnnotation       *annotation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierAnnotation, dossier_annotation_free)

typedef struct {
  gint64             id;
  DossierEntityType  type;
  char              *name;
  gboolean           hidden;
  DossierOrigin      origin;
  guint              mention_count;   /* not rejected, in scope of the query */
  guint              document_count;
} DossierEntity;

DossierEntity *dossier_entity_copy (const DossierEntity *entity);
void           dossier_entity_free (DossierEntity       *entity);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierEntity, dossier_entity_free)

typedef struct {
  gint64             id;
  gint64             document_id;
  gint64             entity_id;
  DossierEntityType  type;         /* the entity's type */
  guint              start;
  guint              end;
  DossierOrigin      origin;
  gboolean           rejected;
  char              *value;        /* normalised calendar value for dates ("2022-07-15", "2022-07", "199X"), nullable */
} DossierMention;

DossierMention *dossier_mention_copy (const DossierMention *mention);
void            dossier_mention_free (DossierMention       *mention);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierMention, dossier_mention_free)

/* What the analysis hands to the store for one document. `key` is the
 * linker's normalised key of the entity (see app/ner/dossier-linker.h); the
 * store finds the library entity owning that key for that type, or creates
 * one named `name`. `aliases` are further keys that identify the same entity
 * (acronyms defined in the text, full name behind a surname…), may be NULL. */
typedef struct {
  guint              start;
  guint              end;
  DossierEntityType  type;
  const char        *name;
  const char        *key;
  const char *const *aliases;
  const char        *value;        /* dates: normalised value, nullable */
} DossierMentionInput;

typedef struct {
  gint64    id;
  char     *url;
  char     *title;
  char     *site_url;
  char     *folder;         /* OPML folder, nullable */
  char     *etag;
  char     *last_modified;
  gint64    fetched;        /* last attempt */
  gint64    last_success;
  char     *status;         /* "new", "ok", "error" */
  char     *error;          /* reason in words when status is "error" */
  guint     interval;       /* minutes, 0 = the app's default */
  gboolean  full_text;
  gint64    retry_after;    /* do not fetch before this time */
  guint     unread_count;   /* read only */
} DossierFeed;

DossierFeed *dossier_feed_new  (void);
DossierFeed *dossier_feed_copy (const DossierFeed *feed);
void         dossier_feed_free (DossierFeed       *feed);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierFeed, dossier_feed_free)

/* ----------------------------------------------------------------- store -- */

#define DOSSIER_TYPE_STORE (dossier_store_get_type ())
G_DECLARE_FINAL_TYPE (DossierStore, dossier_store, DOSSIER, STORE, GObject)

/* $DOSSIER_LIBRARY, else $XDG_DATA_HOME/dossier/library.db. */
char         *dossier_store_default_path (void);

/* Opens or creates a library (":memory:" for a private in-memory one). A file
 * that is not a Dossier library, is damaged or has a newer schema is refused
 * with a one-line reason and never written to. Creates parent folders. */
DossierStore *dossier_store_open         (const char    *path,
                                          GError       **error);
const char   *dossier_store_get_path     (DossierStore  *self);
int           dossier_store_get_schema_version (DossierStore *self);

/* Nested transactions are savepoints. Everything a public call writes is
 * already atomic; use these to group several calls into one (an import of
 * many files in one transaction is also much faster). A call that fails
 * inside a group undoes only its own part. When commit fails, the
 * transaction stays open: call rollback. Rollback outside a transaction
 * does nothing. "changed" is emitted when the outermost level commits. */
gboolean dossier_store_begin    (DossierStore *self, GError **error);
gboolean dossier_store_commit   (DossierStore *self, GError **error);
void     dossier_store_rollback (DossierStore *self);

/* The store emits "changed" (detail: "documents", "annotations", "entities",
 * "feeds") after each committed change so views can refresh. */

/* ------------------------------------------------------------ documents -- */

typedef enum {
  DOSSIER_ADD_STORED,      /* a new document; *out_id is its id */
  DOSSIER_ADD_DUPLICATE,   /* same uid or same text already stored; *out_id is that document */
  DOSSIER_ADD_UPDATED,     /* same uid, text changed: updated in place, annotations re-anchored */
} DossierAddResult;

/* Stores a whole document or nothing. doc->text must be valid UTF-8 and not
 * empty; it is stored as dossier_text_sanitize() leaves it (no control or
 * bidi-override characters, LF line ends), so read offsets from the stored
 * text. word_count is computed when 0. The uid defaults to
 * dossier_text_content_uid() of the stored text. doc->added defaults to now. With
 * update_existing, a document with the same uid but other text is updated
 * (feeds), otherwise it counts as a duplicate. Returns FALSE on error. */
gboolean dossier_store_add_document (DossierStore          *self,
                                     const DossierDocument *doc,
                                     gboolean               update_existing,
                                     DossierAddResult      *out_result,
                                     gint64                *out_id,
                                     GError               **error);

DossierDocument *dossier_store_get_document     (DossierStore  *self,
                                                 gint64         id,
                                                 GError       **error);
gboolean         dossier_store_remove_document  (DossierStore  *self,
                                                 gint64         id,
                                                 GError       **error);
gboolean         dossier_store_set_read_pos     (DossierStore  *self,
                                                 gint64         id,
                                                 guint          read_pos,
                                                 GError       **error);
guint            dossier_store_count_documents  (DossierStore  *self);

typedef enum {
  DOSSIER_SORT_PUBLISHED,   /* newest first, unknown dates last */
  DOSSIER_SORT_TITLE,
  DOSSIER_SORT_ADDED,       /* newest first */
} DossierSort;

typedef struct {
  DossierSort  sort;
  const char  *search;      /* FTS5 query in user syntax, NULL or "" = all; ranked by relevance */
  gint64       entity_id;   /* 0 = any */
  gint64       feed_id;     /* 0 = any */
  const char  *tag;         /* NULL = any */
} DossierQuery;

/* The ids of the matching documents in order: the list view keeps only this
 * array and reads rows on demand. With a search, every match is returned,
 * best first: bm25 ranks the matches (at most the 2,000 newest ones; see
 * app/core/README.md) and any further matches follow, newest first. */
GArray    *dossier_store_query_ids       (DossierStore       *self,
                                          const DossierQuery *query,
                                          GError            **error);
/* Rows for the given ids (text left NULL), in the order given; ids that are
 * no longer in the library are skipped (compare each row's id). */
GPtrArray *dossier_store_get_documents   (DossierStore       *self,
                                          const gint64       *ids,
                                          guint               n_ids,
                                          GError            **error);

typedef struct {
  gint64  id;
  char   *title;
  char   *snippet;   /* with the matched words between U+E000 and U+E001 markers */
  double  rank;
} DossierSearchHit;

void       dossier_search_hit_free       (DossierSearchHit *hit);
/* Ranked full-text search, at most `limit` hits from `offset`, in the order
 * of dossier_store_query_ids; rank is bm25 (lower is better), 0 for matches
 * past the ranked ones. A query with no letter or digit finds nothing. */
GPtrArray *dossier_store_search          (DossierStore  *self,
                                          const char    *query,
                                          guint          offset,
                                          guint          limit,
                                          GError       **error);

/* ---------------------------------------------------------- annotations -- */

/* Fills quote, prefix and suffix from the document text, checks the offsets,
 * and stores it; annotation->id is set. */
gboolean   dossier_store_add_annotation     (DossierStore       *self,
                                             DossierAnnotation  *annotation,
                                             GError            **error);
/* Colour and note (and offsets, when given a re-anchored range). */
gboolean   dossier_store_update_annotation  (DossierStore             *self,
                                             const DossierAnnotation  *annotation,
                                             GError                  **error);
gboolean   dossier_store_remove_annotation  (DossierStore  *self,
                                             gint64         id,
                                             GError       **error);
/* Brings back a removed annotation with its old id (undo). */
gboolean   dossier_store_restore_annotation (DossierStore             *self,
                                             const DossierAnnotation  *annotation,
                                             GError                  **error);
DossierAnnotation *dossier_store_get_annotation (DossierStore  *self,
                                                 gint64         id,
                                                 GError       **error);
/* Ordered by start offset; document_id 0 = the whole library (by document, then start). */
GPtrArray *dossier_store_list_annotations   (DossierStore  *self,
                                             gint64         document_id,
                                             GError       **error);

/* ------------------------------------------------------------- entities -- */

/* Replaces the automatic mentions of one document with `mentions`, linking
 * each to a library entity (see DossierMentionInput). User rows survive:
 * rejected spans stay rejected, user mentions stay, renamed/merged/retyped/
 * hidden entities keep their corrections. One transaction. */
gboolean   dossier_store_set_auto_mentions  (DossierStore              *self,
                                             gint64                     document_id,
                                             const DossierMentionInput *mentions,
                                             guint                      n_mentions,
                                             GError                   **error);
/* Documents never analysed, or analysed by another model version. */
GArray    *dossier_store_list_unanalyzed    (DossierStore  *self,
                                             guint          analyzer_version,
                                             GError       **error);
gboolean   dossier_store_mark_analyzed      (DossierStore  *self,
                                             gint64         document_id,
                                             guint          analyzer_version,
                                             GError       **error);

/* Entities with counts; document_id 0 = the whole library. Hidden entities
 * only with include_hidden. Sorted by type (in the enum's order), then count,
 * then name. Entities without any mention left are not listed (they are
 * kept with their keys, so later mentions find them again). */
GPtrArray *dossier_store_list_entities      (DossierStore  *self,
                                             gint64         document_id,
                                             gboolean       include_hidden,
                                             GError       **error);
DossierEntity *dossier_store_get_entity     (DossierStore  *self,
                                             gint64         id,
                                             GError       **error);
/* One mention, rejected or not. */
DossierMention *dossier_store_get_mention   (DossierStore  *self,
                                             gint64         id,
                                             GError       **error);
/* Not rejected mentions, by start; entity_id 0 = all of the document. */
GPtrArray *dossier_store_list_mentions      (DossierStore  *self,
                                             gint64         document_id,
                                             gint64         entity_id,
                                             GError       **error);
/* Every mention of one entity across the library, by document then start. */
GPtrArray *dossier_store_list_entity_mentions (DossierStore  *self,
                                               gint64         entity_id,
                                               GError       **error);
/* Names of every key the entity owns (for linking across the library): char *, sorted. */
GPtrArray *dossier_store_list_entity_keys   (DossierStore  *self,
                                             gint64         entity_id,
                                             GError       **error);
/* Entities appearing in the same documents as entity_id, most shared documents
 * first, hidden ones left out: in each DossierEntity, document_count is the
 * number of shared documents and mention_count its mentions in them.
 * Counted over the entity's 2,000 newest documents (all of them for nearly
 * every entity). limit 0 = all. */
GPtrArray *dossier_store_list_cooccurring   (DossierStore  *self,
                                             gint64         entity_id,
                                             guint          limit,
                                             GError       **error);

/* User corrections: stored as user rows, they survive re-analysis.
 * merge: keys and mentions of from_id move to into_id, from_id is deleted;
 *   later analyses that produce a key of from_id land on into_id.
 * set_entity_type: the entity keeps its keys of the old type (an analysis
 *   that still says "person" finds it) and gains them for the new type; when
 *   another entity of the new type owns one of those keys already, this one
 *   is merged into it.
 * reject_mention: the span is never mentioned again by an analysis. */
gboolean   dossier_store_rename_entity      (DossierStore *self, gint64 entity_id, const char *name, GError **error);
gboolean   dossier_store_merge_entities     (DossierStore *self, gint64 from_id, gint64 into_id, GError **error);
gboolean   dossier_store_set_entity_type    (DossierStore *self, gint64 entity_id, DossierEntityType type, GError **error);
gboolean   dossier_store_set_entity_hidden  (DossierStore *self, gint64 entity_id, gboolean hidden, GError **error);
gboolean   dossier_store_reject_mention     (DossierStore *self, gint64 mention_id, GError **error);
/* Moves one mention to a new entity of its own (named by its text); returns
 * that entity's id, 0 on error. */
gint64     dossier_store_split_mention      (DossierStore *self, gint64 mention_id, GError **error);
/* A user mention of an existing entity (entity_id) or of a new one (name + type,
 * entity_id 0; an empty name takes the text of the span). It replaces any
 * mention, found or rejected, at exactly that span. Returns the mention's id
 * (dossier_store_get_mention gives its entity), 0 on error. */
gint64     dossier_store_add_user_mention   (DossierStore *self, gint64 document_id, guint start, guint end,
                                             gint64 entity_id, const char *name, DossierEntityType type,
                                             GError **error);

/* ---------------------------------------------------------------- feeds -- */

gboolean   dossier_store_add_feed           (DossierStore *self, DossierFeed *feed, GError **error); /* sets id */
gboolean   dossier_store_update_feed        (DossierStore *self, const DossierFeed *feed, GError **error);
/* The feed's articles stay in the library. */
gboolean   dossier_store_remove_feed        (DossierStore *self, gint64 feed_id, GError **error);
DossierFeed *dossier_store_get_feed         (DossierStore *self, gint64 feed_id, GError **error);
DossierFeed *dossier_store_find_feed_by_url (DossierStore *self, const char *url, GError **error);
GPtrArray *dossier_store_list_feeds         (DossierStore *self, GError **error);

/* ----------------------------------------------------------------- tags -- */

gboolean   dossier_store_tag_document       (DossierStore *self, gint64 document_id, const char *tag, GError **error);
gboolean   dossier_store_untag_document     (DossierStore *self, gint64 document_id, const char *tag, GError **error);
GStrv      dossier_store_list_document_tags (DossierStore *self, gint64 document_id, GError **error);
GStrv      dossier_store_list_tags          (DossierStore *self, GError **error);

G_END_DECLS
