/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-store-entities.c: entities, their keys (aliases) and mentions, and
 * the user's corrections, which are stored as user-origin rows so that a new
 * analysis never undoes them. Part of the store; recognising and linking
 * live in app/ner/ and never write SQL. */
#define G_LOG_DOMAIN "dossier-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dossier-anchor.h"
#include "dossier-store-private.h"
#include "dossier-text.h"

/* ------------------------------------------------------------- re-anchor -- */

gboolean
_dossier_store_reanchor_mentions (DossierStore  *self,
                                  gint64         document_id,
                                  const char    *old_text,
                                  const char    *new_text,
                                  GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64) * 3);
  int rc;

  /* Automatic mentions come back with the next analysis (the document's
   * analyzed mark was cleared); the user's rows are moved like highlights. */
  stmt = _dossier_store_prepare (self,
                                 "DELETE FROM mentions WHERE document_id = ? AND origin = 'auto' AND rejected = 0",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_id);
  if (!_dossier_store_step_done (self, stmt, error, "re-anchor mentions"))
    return FALSE;

  stmt = _dossier_store_prepare (self, "SELECT id, start, end FROM mentions WHERE document_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row[3] = {
        sqlite3_column_int64 (stmt, 0),
        sqlite3_column_int64 (stmt, 1),
        sqlite3_column_int64 (stmt, 2),
      };

      g_array_append_val (rows, row);
    }
  if (rc != SQLITE_DONE)
    return _dossier_store_fail (self, error, "re-anchor mentions");
  sqlite3_reset (stmt);

  for (guint i = 0; i < rows->len; i++)
    {
      const gint64 *row = &g_array_index (rows, gint64, i * 3);
      g_autofree char *quote = NULL;
      g_autofree char *prefix = NULL;
      g_autofree char *suffix = NULL;
      g_auto(DossierStatement) update = NULL;
      guint start;
      guint end;

      dossier_anchor_describe (old_text, row[1], row[2], &quote, &prefix, &suffix);
      if (dossier_anchor_find (new_text, quote, prefix, suffix, row[1], &start, &end))
        {
          update = _dossier_store_prepare (self, "UPDATE mentions SET start = ?2, end = ?3 WHERE id = ?1", error);
          if (update == NULL)
            return FALSE;
          sqlite3_bind_int (update, 2, start);
          sqlite3_bind_int (update, 3, end);
        }
      else
        {
          /* A mention is a span of text; without its text it means nothing. */
          update = _dossier_store_prepare (self, "DELETE FROM mentions WHERE id = ?1", error);
          if (update == NULL)
            return FALSE;
        }
      sqlite3_bind_int64 (update, 1, row[0]);
      if (!_dossier_store_step_done (self, update, error, "re-anchor mention"))
        return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------- values -- */

DossierEntity *
dossier_entity_copy (const DossierEntity *entity)
{
  DossierEntity *copy;

  g_return_val_if_fail (entity != NULL, NULL);

  copy = g_memdup2 (entity, sizeof *entity);
  copy->name = g_strdup (entity->name);
  return copy;
}

void
dossier_entity_free (DossierEntity *entity)
{
  if (entity == NULL)
    return;
  g_free (entity->name);
  g_free (entity);
}

DossierMention *
dossier_mention_copy (const DossierMention *mention)
{
  DossierMention *copy;

  g_return_val_if_fail (mention != NULL, NULL);

  copy = g_memdup2 (mention, sizeof *mention);
  copy->value = g_strdup (mention->value);
  return copy;
}

void
dossier_mention_free (DossierMention *mention)
{
  if (mention == NULL)
    return;
  g_free (mention->value);
  g_free (mention);
}

/* --------------------------------------------------------------- helpers -- */

/* Types sort in the order of the enum (people first), not alphabetically. */
#define TYPE_ORDER_SQL \
  "CASE e.type WHEN 'person' THEN 0 WHEN 'organization' THEN 1 WHEN 'place' THEN 2" \
  " WHEN 'misc' THEN 3 ELSE 4 END"

#define COOCCURRENCE_DOCUMENTS 2000

#define ENTITY_COLUMNS "e.id, e.type, e.name, e.hidden, e.origin"

#define MENTION_COLUMNS \
  "m.id, m.document_id, m.entity_id, e.type, m.start, m.end, m.origin, m.rejected, m.value"

static DossierEntityType
column_type (sqlite3_stmt *stmt,
             int           column)
{
  DossierEntityType type = DOSSIER_ENTITY_MISC;

  dossier_entity_type_from_string ((const char *) sqlite3_column_text (stmt, column), &type);
  return type;
}

static DossierOrigin
column_origin (sqlite3_stmt *stmt,
               int           column)
{
  const char *origin = (const char *) sqlite3_column_text (stmt, column);

  return g_strcmp0 (origin, "user") == 0 ? DOSSIER_ORIGIN_USER : DOSSIER_ORIGIN_AUTO;
}

/* ENTITY_COLUMNS, then the mention and document counts. */
static DossierEntity *
entity_from_row (sqlite3_stmt *stmt)
{
  DossierEntity *entity = g_new0 (DossierEntity, 1);

  entity->id = sqlite3_column_int64 (stmt, 0);
  entity->type = column_type (stmt, 1);
  entity->name = _dossier_store_column_strdup0 (stmt, 2);
  entity->hidden = sqlite3_column_int (stmt, 3) != 0;
  entity->origin = column_origin (stmt, 4);
  entity->mention_count = sqlite3_column_int (stmt, 5);
  entity->document_count = sqlite3_column_int (stmt, 6);
  return entity;
}

static DossierMention *
mention_from_row (sqlite3_stmt *stmt)
{
  DossierMention *mention = g_new0 (DossierMention, 1);

  mention->id = sqlite3_column_int64 (stmt, 0);
  mention->document_id = sqlite3_column_int64 (stmt, 1);
  mention->entity_id = sqlite3_column_int64 (stmt, 2);
  mention->type = column_type (stmt, 3);
  mention->start = sqlite3_column_int (stmt, 4);
  mention->end = sqlite3_column_int (stmt, 5);
  mention->origin = column_origin (stmt, 6);
  mention->rejected = sqlite3_column_int (stmt, 7) != 0;
  mention->value = _dossier_store_column_strdup (stmt, 8);
  return mention;
}

static GPtrArray *
collect_rows (DossierStore   *self,
              sqlite3_stmt   *stmt,
              gpointer      (*from_row) (sqlite3_stmt *),
              GDestroyNotify  free_func,
              const char     *what,
              GError        **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _dossier_store_fail (self, error, what);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gboolean
check_type (DossierEntityType   type,
            GError            **error)
{
  if ((guint) type >= DOSSIER_N_ENTITY_TYPES)
    return _dossier_store_invalid (error, DOSSIER_STORE_ERROR_INVALID,
                                   _("%d is not an entity type"), (int) type);
  return TRUE;
}

/* The type of an entity, NOT_FOUND when there is none. */
static gboolean
lookup_entity_type (DossierStore       *self,
                    gint64              entity_id,
                    DossierEntityType  *out_type,
                    GError            **error)
{
  g_auto(DossierStatement) stmt = NULL;
  int rc;

  stmt = _dossier_store_prepare (self, "SELECT type FROM entities WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entity_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_type = column_type (stmt, 0);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    return _dossier_store_invalid (error, DOSSIER_STORE_ERROR_NOT_FOUND,
                                   _("There is no entity %" G_GINT64_FORMAT " in the library"), entity_id);
  return _dossier_store_fail (self, error, "entity");
}

/* The entity owning the key (type, norm), 0 when none; -1 on error. */
static gint64
lookup_key (DossierStore       *self,
            DossierEntityType   type,
            const char         *norm,
            GError            **error)
{
  g_auto(DossierStatement) stmt = NULL;
  int rc;

  stmt = _dossier_store_prepare (self, "SELECT entity_id FROM entity_aliases WHERE type = ?1 AND norm = ?2", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, dossier_entity_type_to_string (type), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, norm, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    return 0;
  _dossier_store_fail (self, error, "entity key");
  return -1;
}

/* Gives the key to the entity unless another one owns it already. */
static gboolean
add_key (DossierStore       *self,
         gint64              entity_id,
         DossierEntityType   type,
         const char         *norm,
         DossierOrigin       origin,
         GError            **error)
{
  g_auto(DossierStatement) stmt = NULL;

  stmt = _dossier_store_prepare (self,
                                 "INSERT OR IGNORE INTO entity_aliases (entity_id, type, norm, origin)"
                                 " VALUES (?1, ?2, ?3, ?4)",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entity_id);
  sqlite3_bind_text (stmt, 2, dossier_entity_type_to_string (type), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, norm, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, origin == DOSSIER_ORIGIN_USER ? "user" : "auto", -1, SQLITE_STATIC);
  return _dossier_store_step_done (self, stmt, error, "entity key");
}

static guint
count_words (const char *name)
{
  guint n = 0;
  gboolean in_word = FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      gboolean space = g_ascii_isspace (*p) != 0;

      if (!space && !in_word)
        n++;
      in_word = !space;
    }
  return n;
}

static gboolean
has_lower (const char *name)
{
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_islower (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* Whether `candidate` names the entity better than `current`: a written-out
 * name over an acronym ("People's Mojahedin Organization of Iran" over
 * "MEK"), a longer form over a shorter one ("Mujahedin-e Khalq" over
 * "Mojahedin"). */
static gboolean
is_better_name (const char *current,
                const char *candidate)
{
  guint cur_words = count_words (current), cand_words = count_words (candidate);

  if (cur_words == 1 && !has_lower (current) && cand_words >= 2 && has_lower (candidate))
    return TRUE;
  return cand_words > cur_words && has_lower (candidate);
}

/* An automatic entity found through an alias takes the mention's full name
 * when it is the better one; a name the user chose is never touched. */
static gboolean
maybe_take_name (DossierStore  *self,
                 gint64         entity_id,
                 const char    *name,
                 GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;
  g_auto(DossierStatement) update = NULL;
  g_autofree char *current = NULL;
  int rc;

  stmt = _dossier_store_prepare (self, "SELECT name, origin FROM entities WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entity_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return rc == SQLITE_DONE ? TRUE : _dossier_store_fail (self, error, "entity name");
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "auto") != 0)
    return TRUE;
  current = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (current == NULL || !is_better_name (current, name))
    return TRUE;
  update = _dossier_store_prepare (self, "UPDATE entities SET name = ?2 WHERE id = ?1", error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, entity_id);
  sqlite3_bind_text (update, 2, name, -1, SQLITE_STATIC);
  return _dossier_store_step_done (self, update, error, "entity name");
}

static gint64
insert_entity (DossierStore       *self,
               DossierEntityType   type,
               const char         *name,
               DossierOrigin       origin,
               GError            **error)
{
  g_auto(DossierStatement) stmt = NULL;

  stmt = _dossier_store_prepare (self, "INSERT INTO entities (type, name, origin) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, dossier_entity_type_to_string (type), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, origin == DOSSIER_ORIGIN_USER ? "user" : "auto", -1, SQLITE_STATIC);
  if (!_dossier_store_step_done (self, stmt, error, "add entity"))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

static gint64
insert_mention (DossierStore   *self,
                gint64          document_id,
                gint64          entity_id,
                guint           start,
                guint           end,
                DossierOrigin   origin,
                const char     *value,
                GError        **error)
{
  g_auto(DossierStatement) stmt = NULL;

  stmt = _dossier_store_prepare (self,
                                 "INSERT INTO mentions (document_id, entity_id, start, end, origin, value)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                 error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, document_id);
  sqlite3_bind_int64 (stmt, 2, entity_id);
  sqlite3_bind_int (stmt, 3, start);
  sqlite3_bind_int (stmt, 4, end);
  sqlite3_bind_text (stmt, 5, origin == DOSSIER_ORIGIN_USER ? "user" : "auto", -1, SQLITE_STATIC);
  if (value != NULL && *value != '\0')
    sqlite3_bind_text (stmt, 6, value, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 6);
  if (!_dossier_store_step_done (self, stmt, error, "add mention"))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

/* Moves everything of `from_id` to `into_id` and deletes `from_id`. The moved
 * keys become user keys: later analyses that produce them land on `into_id`. */
static gboolean
merge_into (DossierStore  *self,
            gint64         from_id,
            gint64         into_id,
            GError       **error)
{
  static const char *steps[] = {
    "UPDATE entity_aliases SET entity_id = ?2, origin = 'user' WHERE entity_id = ?1",
    "UPDATE mentions SET entity_id = ?2 WHERE entity_id = ?1",
    "UPDATE entities SET origin = 'user' WHERE id = ?2",
    "DELETE FROM entities WHERE id = ?1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_auto(DossierStatement) stmt = _dossier_store_prepare (self, steps[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, from_id);
      sqlite3_bind_int64 (stmt, 2, into_id);
      if (!_dossier_store_step_done (self, stmt, error, "merge entities"))
        return FALSE;
    }
  return TRUE;
}

static GPtrArray *
list_keys (DossierStore  *self,
           gint64         entity_id,
           GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  int rc;

  stmt = _dossier_store_prepare (self,
                                 "SELECT DISTINCT norm FROM entity_aliases WHERE entity_id = ? ORDER BY norm",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entity_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (keys, _dossier_store_column_strdup0 (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _dossier_store_fail (self, error, "entity keys");
      return NULL;
    }
  return g_steal_pointer (&keys);
}

/* Runs one UPDATE on an entity; NOT_FOUND when it touched nothing. */
static gboolean
update_entity (DossierStore  *self,
               const char    *sql,
               gint64         entity_id,
               const char    *text,
               gint64         number,
               GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;

  if (!dossier_store_begin (self, error))
    return FALSE;
  stmt = _dossier_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, entity_id);
  if (text != NULL)
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 2, number);
  if (!_dossier_store_step_done (self, stmt, error, "update entity"))
    goto failed;
  if (sqlite3_changes (self->db) == 0)
    {
      _dossier_store_invalid (error, DOSSIER_STORE_ERROR_NOT_FOUND,
                              _("There is no entity %" G_GINT64_FORMAT " in the library"), entity_id);
      goto failed;
    }
  _dossier_store_changed (self, "entities");
  return _dossier_store_finish (self, error);

failed:
  dossier_store_rollback (self);
  return FALSE;
}

static guint64
span_key (guint start,
          guint end)
{
  return ((guint64) start << 32) | end;
}

/* ------------------------------------------------------------- analysis -- */

gboolean
dossier_store_set_auto_mentions (DossierStore               *self,
                                 gint64                      document_id,
                                 const DossierMentionInput  *mentions,
                                 guint                       n_mentions,
                                 GError                    **error)
{
  g_autoptr(GHashTable) taken = NULL;
  g_auto(DossierStatement) stmt = NULL;
  g_autofree char *text = NULL;
  guint length;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (mentions != NULL || n_mentions == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dossier_store_begin (self, error))
    return FALSE;

  text = _dossier_store_get_document_text (self, document_id, error);
  if (text == NULL)
    goto failed;
  length = dossier_text_length (text);

  stmt = _dossier_store_prepare (self,
                                 "DELETE FROM mentions WHERE document_id = ? AND origin = 'auto' AND rejected = 0",
                                 error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, document_id);
  if (!_dossier_store_step_done (self, stmt, error, "replace mentions"))
    goto failed;

  /* What is left are the user's rows: rejected spans and user mentions.
   * The analysis adds nothing where the user has spoken. */
  taken = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  stmt = _dossier_store_prepare (self, "SELECT start, end FROM mentions WHERE document_id = ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, document_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint64 key = span_key (sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1));

      g_hash_table_add (taken, g_memdup2 (&key, sizeof key));
    }
  if (rc != SQLITE_DONE)
    {
      _dossier_store_fail (self, error, "replace mentions");
      goto failed;
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < n_mentions; i++)
    {
      const DossierMentionInput *input = &mentions[i];
      g_autofree char *fallback_name = NULL;
      const char *name = input->name;
      const char *key = input->key;
      guint64 span;
      gint64 entity_id;
      gboolean by_alias;

      if (input->start >= input->end || input->end > length || (guint) input->type >= DOSSIER_N_ENTITY_TYPES)
        {
          _dossier_store_invalid (error, DOSSIER_STORE_ERROR_INVALID,
                                  _("Mention %u–%u of type %d does not fit document %" G_GINT64_FORMAT
                                    " (%u characters)"),
                                  input->start, input->end, (int) input->type, document_id, length);
          goto failed;
        }
      if (name == NULL || *name == '\0')
        name = fallback_name = dossier_text_substring (text, input->start, input->end);
      if (key == NULL || *key == '\0')
        {
          _dossier_store_invalid (error, DOSSIER_STORE_ERROR_INVALID,
                                  _("Mention “%s” has no linking key"), name);
          goto failed;
        }

      span = span_key (input->start, input->end);
      if (g_hash_table_contains (taken, &span))
        continue;
      g_hash_table_add (taken, g_memdup2 (&span, sizeof span));

      entity_id = lookup_key (self, input->type, key, error);
      by_alias = FALSE;
      for (guint j = 0; entity_id == 0 && input->aliases != NULL && input->aliases[j] != NULL; j++)
        {
          entity_id = lookup_key (self, input->type, input->aliases[j], error);
          by_alias = entity_id > 0;
        }
      if (entity_id < 0)
        goto failed;
      if (by_alias && !maybe_take_name (self, entity_id, name, error))
        goto failed;
      if (entity_id == 0)
        {
          entity_id = insert_entity (self, input->type, name, DOSSIER_ORIGIN_AUTO, error);
          if (entity_id == 0)
            goto failed;
        }

      if (!add_key (self, entity_id, input->type, key, DOSSIER_ORIGIN_AUTO, error))
        goto failed;
      for (guint j = 0; input->aliases != NULL && input->aliases[j] != NULL; j++)
        if (*input->aliases[j] != '\0' &&
            !add_key (self, entity_id, input->type, input->aliases[j], DOSSIER_ORIGIN_AUTO, error))
          goto failed;

      if (insert_mention (self, document_id, entity_id, input->start, input->end,
                          DOSSIER_ORIGIN_AUTO, input->value, error) == 0)
        goto failed;
    }

  _dossier_store_changed (self, "entities");
  return _dossier_store_finish (self, error);

failed:
  dossier_store_rollback (self);
  return FALSE;
}

GArray *
dossier_store_list_unanalyzed (DossierStore  *self,
                               guint          analyzer_version,
                               GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _dossier_store_prepare (self, "SELECT id FROM documents WHERE analyzed != ? ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, analyzer_version);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _dossier_store_fail (self, error, "unanalysed documents");
      return NULL;
    }
  return g_steal_pointer (&ids);
}

gboolean
dossier_store_mark_analyzed (DossierStore  *self,
                             gint64         document_id,
                             guint          analyzer_version,
                             GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = _dossier_store_prepare (self, "UPDATE documents SET analyzed = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_id);
  sqlite3_bind_int64 (stmt, 2, analyzer_version);
  if (!_dossier_store_step_done (self, stmt, error, "mark analysed"))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return _dossier_store_invalid (error, DOSSIER_STORE_ERROR_NOT_FOUND,
                                   _("There is no document %" G_GINT64_FORMAT " in the library"),
                                   document_id);
  return TRUE;
}

/* ---------------------------------------------------------------- lists -- */

GPtrArray *
dossier_store_list_entities (DossierStore  *self,
                             gint64         document_id,
                             gboolean       include_hidden,
                             GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Entities whose every mention went away (re-analysis, removed documents)
   * are kept with their keys, so a later mention links to the same entity,
   * but they are not listed. Counts come from the columns and the
   * entity_documents table that triggers keep, not from the mentions. */
  if (document_id > 0)
    stmt = _dossier_store_prepare (self,
                                   "SELECT " ENTITY_COLUMNS ", ed.mentions, 1"
                                   " FROM entity_documents ed JOIN entities e ON e.id = ed.entity_id"
                                   " WHERE ed.document_id = ?1 AND (?2 OR e.hidden = 0)"
                                   " ORDER BY " TYPE_ORDER_SQL ", ed.mentions DESC, e.name COLLATE NOCASE, e.id",
                                   error);
  else
    stmt = _dossier_store_prepare (self,
                                   "SELECT " ENTITY_COLUMNS ", e.mention_count, e.document_count"
                                   " FROM entities e"
                                   " WHERE ?1 = 0 AND e.mention_count > 0 AND (?2 OR e.hidden = 0)"
                                   " ORDER BY " TYPE_ORDER_SQL ", e.mention_count DESC, e.name COLLATE NOCASE, e.id",
                                   error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, MAX (document_id, 0));
  sqlite3_bind_int (stmt, 2, include_hidden ? 1 : 0);
  return collect_rows (self, stmt, (gpointer) entity_from_row, (GDestroyNotify) dossier_entity_free,
                       "list entities", error);
}

DossierEntity *
dossier_store_get_entity (DossierStore  *self,
                          gint64         id,
                          GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _dossier_store_prepare (self,
                                 "SELECT " ENTITY_COLUMNS ", e.mention_count, e.document_count"
                                 " FROM entities e WHERE e.id = ?",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return entity_from_row (stmt);
  if (rc == SQLITE_DONE)
    _dossier_store_invalid (error, DOSSIER_STORE_ERROR_NOT_FOUND,
                            _("There is no entity %" G_GINT64_FORMAT " in the library"), id);
  else
    _dossier_store_fail (self, error, "get entity");
  return NULL;
}

DossierMention *
dossier_store_get_mention (DossierStore  *self,
                           gint64         id,
                           GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _dossier_store_prepare (self,
                                 "SELECT " MENTION_COLUMNS " FROM mentions m JOIN entities e ON e.id = m.entity_id"
                                 " WHERE m.id = ?",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return mention_from_row (stmt);
  if (rc == SQLITE_DONE)
    _dossier_store_invalid (error, DOSSIER_STORE_ERROR_NOT_FOUND,
                            _("There is no mention %" G_GINT64_FORMAT " in the library"), id);
  else
    _dossier_store_fail (self, error, "get mention");
  return NULL;
}

GPtrArray *
dossier_store_list_mentions (DossierStore  *self,
                             gint64         document_id,
                             gint64         entity_id,
                             GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (entity_id > 0)
    stmt = _dossier_store_prepare (self,
                                   "SELECT " MENTION_COLUMNS " FROM mentions m JOIN entities e ON e.id = m.entity_id"
                                   " WHERE m.document_id = ?1 AND m.entity_id = ?2 AND m.rejected = 0"
                                   " ORDER BY m.start, m.end, m.id",
                                   error);
  else
    stmt = _dossier_store_prepare (self,
                                   "SELECT " MENTION_COLUMNS " FROM mentions m JOIN entities e ON e.id = m.entity_id"
                                   " WHERE m.document_id = ?1 AND ?2 = 0 AND m.rejected = 0"
                                   " ORDER BY m.start, m.end, m.id",
                                   error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, document_id);
  sqlite3_bind_int64 (stmt, 2, MAX (entity_id, 0));
  return collect_rows (self, stmt, (gpointer) mention_from_row, (GDestroyNotify) dossier_mention_free,
                       "list mentions", error);
}

GPtrArray *
dossier_store_list_entity_mentions (DossierStore  *self,
                                    gint64         entity_id,
                                    GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _dossier_store_prepare (self,
                                 "SELECT " MENTION_COLUMNS " FROM mentions m JOIN entities e ON e.id = m.entity_id"
                                 " WHERE m.entity_id = ?1 AND m.rejected = 0"
                                 " ORDER BY m.document_id, m.start, m.end, m.id",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entity_id);
  return collect_rows (self, stmt, (gpointer) mention_from_row, (GDestroyNotify) dossier_mention_free,
                       "list entity mentions", error);
}

GPtrArray *
dossier_store_list_entity_keys (DossierStore  *self,
                                gint64         entity_id,
                                GError       **error)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_keys (self, entity_id, error);
}

GPtrArray *
dossier_store_list_cooccurring (DossierStore  *self,
                                gint64         entity_id,
                                guint          limit,
                                GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* An entity named in most of a big library would make this read every
   * document's entities: it counts over the entity's newest
   * COOCCURRENCE_DOCUMENTS documents, which for most entities is all. */
  stmt = _dossier_store_prepare (self,
                                 "WITH docs AS (SELECT document_id FROM entity_documents WHERE entity_id = ?1"
                                 "              ORDER BY document_id DESC LIMIT ?3)"
                                 " SELECT " ENTITY_COLUMNS ", sum(ed.mentions), count(*)"
                                 " FROM docs JOIN entity_documents ed ON ed.document_id = docs.document_id"
                                 " JOIN entities e ON e.id = ed.entity_id"
                                 " WHERE ed.entity_id != ?1 AND e.hidden = 0"
                                 " GROUP BY ed.entity_id"
                                 " ORDER BY count(*) DESC, sum(ed.mentions) DESC, e.name COLLATE NOCASE, e.id"
                                 " LIMIT ?2",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entity_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  sqlite3_bind_int64 (stmt, 3, COOCCURRENCE_DOCUMENTS);
  return collect_rows (self, stmt, (gpointer) entity_from_row, (GDestroyNotify) dossier_entity_free,
                       "co-occurring entities", error);
}

/* ---------------------------------------------------------- corrections -- */

gboolean
dossier_store_rename_entity (DossierStore  *self,
                             gint64         entity_id,
                             const char    *name,
                             GError       **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stripped = g_strstrip (g_strdup (name ? name : ""));
  if (*stripped == '\0' || !g_utf8_validate (stripped, -1, NULL))
    return _dossier_store_invalid (error, DOSSIER_STORE_ERROR_INVALID, _("An entity needs a name"));
  return update_entity (self, "UPDATE entities SET name = ?2, origin = 'user' WHERE id = ?1",
                        entity_id, stripped, 0, error);
}

gboolean
dossier_store_merge_entities (DossierStore  *self,
                              gint64         from_id,
                              gint64         into_id,
                              GError       **error)
{
  DossierEntityType type;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (from_id == into_id)
    return _dossier_store_invalid (error, DOSSIER_STORE_ERROR_INVALID,
                                   _("An entity cannot be merged into itself"));
  if (!dossier_store_begin (self, error))
    return FALSE;
  if (!lookup_entity_type (self, from_id, &type, error) ||
      !lookup_entity_type (self, into_id, &type, error) ||
      !merge_into (self, from_id, into_id, error))
    {
      dossier_store_rollback (self);
      return FALSE;
    }
  _dossier_store_changed (self, "entities");
  return _dossier_store_finish (self, error);
}

gboolean
dossier_store_set_entity_type (DossierStore       *self,
                               gint64              entity_id,
                               DossierEntityType   type,
                               GError            **error)
{
  g_autoptr(GPtrArray) keys = NULL;
  g_auto(DossierStatement) stmt = NULL;
  DossierEntityType old_type;
  gint64 owner = 0;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_type (type, error))
    return FALSE;
  if (!dossier_store_begin (self, error))
    return FALSE;
  if (!lookup_entity_type (self, entity_id, &old_type, error))
    goto failed;

  keys = list_keys (self, entity_id, error);
  if (keys == NULL)
    goto failed;

  /* Another entity of the new type may own one of its keys already ("Durrës"
   * the place, when the user retypes "Durrës" the person): they are the same
   * thing, so this one is merged into that one. */
  for (guint i = 0; owner == 0 && i < keys->len; i++)
    {
      owner = lookup_key (self, type, g_ptr_array_index (keys, i), error);
      if (owner < 0)
        goto failed;
      if (owner == entity_id)
        owner = 0;
    }

  if (owner != 0)
    {
      if (!merge_into (self, entity_id, owner, error))
        goto failed;
      entity_id = owner;
    }

  stmt = _dossier_store_prepare (self, "UPDATE entities SET type = ?2, origin = 'user' WHERE id = ?1", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, entity_id);
  sqlite3_bind_text (stmt, 2, dossier_entity_type_to_string (type), -1, SQLITE_STATIC);
  if (!_dossier_store_step_done (self, stmt, error, "entity type"))
    goto failed;

  /* The keys of the old type stay: an analysis that still calls it a
   * person finds this entity, now a place. The same keys are added for the
   * new type, so both kinds of mentions land here. */
  for (guint i = 0; i < keys->len; i++)
    if (!add_key (self, entity_id, type, g_ptr_array_index (keys, i), DOSSIER_ORIGIN_USER, error))
      goto failed;

  _dossier_store_changed (self, "entities");
  return _dossier_store_finish (self, error);

failed:
  dossier_store_rollback (self);
  return FALSE;
}

gboolean
dossier_store_set_entity_hidden (DossierStore  *self,
                                 gint64         entity_id,
                                 gboolean       hidden,
                                 GError       **error)
{
  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return update_entity (self, "UPDATE entities SET hidden = ?2 WHERE id = ?1",
                        entity_id, NULL, hidden ? 1 : 0, error);
}

gboolean
dossier_store_reject_mention (DossierStore  *self,
                              gint64         mention_id,
                              GError       **error)
{
  g_auto(DossierStatement) stmt = NULL;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dossier_store_begin (self, error))
    return FALSE;
  /* The row stays, rejected: it is what stops the next analysis from
   * finding the same span again. */
  stmt = _dossier_store_prepare (self, "UPDATE mentions SET rejected = 1, origin = 'user' WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, mention_id);
  if (!_dossier_store_step_done (self, stmt, error, "reject mention"))
    goto failed;
  if (sqlite3_changes (self->db) == 0)
    {
      _dossier_store_invalid (error, DOSSIER_STORE_ERROR_NOT_FOUND,
                              _("There is no mention %" G_GINT64_FORMAT " in the library"), mention_id);
      goto failed;
    }
  _dossier_store_changed (self, "entities");
  return _dossier_store_finish (self, error);

failed:
  dossier_store_rollback (self);
  return FALSE;
}

gint64
dossier_store_split_mention (DossierStore  *self,
                             gint64         mention_id,
                             GError       **error)
{
  g_autoptr(DossierMention) mention = NULL;
  g_auto(DossierStatement) stmt = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  gint64 entity_id;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!dossier_store_begin (self, error))
    return 0;

  mention = dossier_store_get_mention (self, mention_id, error);
  if (mention == NULL)
    goto failed;
  text = _dossier_store_get_document_text (self, mention->document_id, error);
  if (text == NULL)
    goto failed;
  name = dossier_text_substring (text, mention->start, mention->end);

  entity_id = insert_entity (self, mention->type, name, DOSSIER_ORIGIN_USER, error);
  if (entity_id == 0)
    goto failed;

  stmt = _dossier_store_prepare (self,
                                 "UPDATE mentions SET entity_id = ?2, origin = 'user', rejected = 0 WHERE id = ?1",
                                 error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, mention_id);
  sqlite3_bind_int64 (stmt, 2, entity_id);
  if (!_dossier_store_step_done (self, stmt, error, "split mention"))
    goto failed;

  _dossier_store_changed (self, "entities");
  if (!_dossier_store_finish (self, error))
    return 0;
  return entity_id;

failed:
  dossier_store_rollback (self);
  return 0;
}

gint64
dossier_store_add_user_mention (DossierStore       *self,
                                gint64              document_id,
                                guint               start,
                                guint               end,
                                gint64              entity_id,
                                const char         *name,
                                DossierEntityType   type,
                                GError            **error)
{
  g_auto(DossierStatement) stmt = NULL;
  g_autofree char *text = NULL;
  g_autofree char *own_name = NULL;
  DossierEntityType entity_type;
  guint length;
  gint64 mention_id;

  g_return_val_if_fail (DOSSIER_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (entity_id <= 0 && !check_type (type, error))
    return 0;
  if (!dossier_store_begin (self, error))
    return 0;

  text = _dossier_store_get_document_text (self, document_id, error);
  if (text == NULL)
    goto failed;
  length = dossier_text_length (text);
  if (start >= end || end > length)
    {
      _dossier_store_invalid (error, DOSSIER_STORE_ERROR_INVALID,
                              _("The range %u–%u is not within document %" G_GINT64_FORMAT " (%u characters)"),
                              start, end, document_id, length);
      goto failed;
    }

  if (entity_id > 0)
    {
      if (!lookup_entity_type (self, entity_id, &entity_type, error))
        goto failed;
    }
  else
    {
      own_name = g_strstrip (g_strdup (name ? name : ""));
      if (*own_name == '\0')
        {
          g_free (own_name);
          own_name = dossier_text_substring (text, start, end);
        }
      entity_id = insert_entity (self, type, own_name, DOSSIER_ORIGIN_USER, error);
      if (entity_id == 0)
        goto failed;
    }

  /* The user's word replaces whatever was found (or rejected) at that span. */
  stmt = _dossier_store_prepare (self, "DELETE FROM mentions WHERE document_id = ?1 AND start = ?2 AND end = ?3",
                                 error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, document_id);
  sqlite3_bind_int (stmt, 2, start);
  sqlite3_bind_int (stmt, 3, end);
  if (!_dossier_store_step_done (self, stmt, error, "add mention"))
    goto failed;

  mention_id = insert_mention (self, document_id, entity_id, start, end, DOSSIER_ORIGIN_USER, NULL, error);
  if (mention_id == 0)
    goto failed;

  _dossier_store_changed (self, "entities");
  if (!_dossier_store_finish (self, error))
    return 0;
  return mention_id;

failed:
  dossier_store_rollback (self);
  return 0;
}
