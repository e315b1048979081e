/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-model.c: reads and writes the tagger's model file.
 *
 * Owns the binary format and its checks: a missing, truncated, damaged,
 * foreign or newer file is refused with a DOSSIER_MODEL_ERROR before any
 * pointer into it is used, so a bad file can never crash the reader. Must not
 * copy the mapped data: the model is used in place. */

#define G_LOG_DOMAIN "dossier-ner"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>

#include "dossier-model.h"

#define MAGIC "DOSSNER"   /* 8 bytes with the NUL */
#define BYTE_ORDER_MARK 0x01020304u
#define ALIGN 64

/* A feature's weight run: `count` (label, weight) pairs, or, when count is
 * DOSSIER_DENSE_RUN, all DOSSIER_N_LABELS weights in label order — frequent
 * features have many labels, and a dense run is added without indirection. */
#define REF_LENGTH(ref) (((ref) & 31) == DOSSIER_DENSE_RUN ? DOSSIER_N_LABELS : ((ref) & 31))
#define DENSE_FROM 9

typedef struct {
  char    magic[8];
  guint32 byte_order;
  guint32 format_version;
  guint64 file_size;
  guint64 checksum;
  guint32 n_labels;
  float   scale;
  guint32 feat_slots;
  guint32 n_weights;
  guint32 gaz_slots;
  guint32 meta_len;
  guint64 off_feat;
  guint64 off_weights;
  guint64 off_gaz;
  guint64 off_meta;
  guint32 n_stages;
  guint8  reserved[128 - 92];
} Header;

G_STATIC_ASSERT (sizeof (Header) == 128);

struct _DossierModel {
  GMappedFile          *file;
  const Header         *header;
  const DossierFeatSlot *feats;
  gsize                 feat_mask;
  const DossierWeight  *weights;
  const DossierGazSlot *gaz;
  gsize                 gaz_mask;
  char                 *meta;
};

G_DEFINE_QUARK (dossier-model-error-quark, dossier_model_error)

static guint64
checksum (const guint8 *data, gsize length)
{
  guint64 h = G_GUINT64_CONSTANT (0x243f6a8885a308d3) ^ length;
  gsize i;

  for (i = 0; i + 8 <= length; i += 8)
    {
      guint64 w;

      memcpy (&w, data + i, 8);
      h = (h ^ w) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
      h ^= h >> 29;
    }
  for (; i < length; i++)
    h = (h ^ data[i]) * G_GUINT64_CONSTANT (0x100000001b3);
  return dossier_mix64 (h);
}

static gboolean
section_ok (const Header *h, guint64 offset, guint64 size)
{
  return offset >= sizeof (Header) && offset % 8 == 0 && offset <= h->file_size &&
         size <= h->file_size - offset;
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                   */
/* ------------------------------------------------------------------------ */

DossierModel *
dossier_model_load (const char  *path,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autofree char *display = NULL;
  DossierModel *model;
  const Header *h;
  const guint8 *data;
  gsize size;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_set_error (error, DOSSIER_MODEL_ERROR, DOSSIER_MODEL_ERROR_MISSING,
                   _("Cannot open the entity model “%s”: %s"), display, local_error->message);
      return NULL;
    }
  data = (const guint8 *) g_mapped_file_get_contents (file);
  size = g_mapped_file_get_length (file);

  if (size < 8 || memcmp (data, MAGIC, 8) != 0)
    {
      g_set_error (error, DOSSIER_MODEL_ERROR, DOSSIER_MODEL_ERROR_NOT_A_MODEL,
                   _("“%s” is not a Dossier entity model"), display);
      return NULL;
    }
  if (size < sizeof (Header))
    {
      g_set_error (error, DOSSIER_MODEL_ERROR, DOSSIER_MODEL_ERROR_TRUNCATED,
                   _("The entity model “%s” is truncated (%" G_GSIZE_FORMAT " bytes)"), display, size);
      return NULL;
    }
  h = (const Header *) data;
  if (h->byte_order != BYTE_ORDER_MARK)
    {
      g_set_error (error, DOSSIER_MODEL_ERROR, DOSSIER_MODEL_ERROR_NOT_A_MODEL,
                   _("The entity model “%s” was written on a machine of another byte order"), display);
      return NULL;
    }
  if (h->format_version != DOSSIER_MODEL_FORMAT_VERSION)
    {
      g_set_error (error, DOSSIER_MODEL_ERROR, DOSSIER_MODEL_ERROR_VERSION,
                   _("The entity model “%s” has format version %u; this Dossier reads version %u"),
                   display, h->format_version, DOSSIER_MODEL_FORMAT_VERSION);
      return NULL;
    }
  if (h->file_size != size)
    {
      g_set_error (error, DOSSIER_MODEL_ERROR, DOSSIER_MODEL_ERROR_TRUNCATED,
                   _("The entity model “%s” is truncated or padded: %" G_GSIZE_FORMAT
                     " bytes instead of %" G_GUINT64_FORMAT),
                   display, size, h->file_size);
      return NULL;
    }
  if (h->n_labels != DOSSIER_N_LABELS ||
      h->feat_slots == 0 || (h->feat_slots & (h->feat_slots - 1)) != 0 ||
      h->gaz_slots == 0 || (h->gaz_slots & (h->gaz_slots - 1)) != 0 ||
      !section_ok (h, h->off_feat, (guint64) h->feat_slots * sizeof (DossierFeatSlot)) ||
      !section_ok (h, h->off_weights, (guint64) h->n_weights * sizeof (DossierWeight)) ||
      !section_ok (h, h->off_gaz, (guint64) h->gaz_slots * sizeof (DossierGazSlot)) ||
      !section_ok (h, h->off_meta, h->meta_len) ||
      h->n_stages < 1 || h->n_stages > DOSSIER_N_STAGES ||
      !(h->scale > 0.0f))
    {
      g_set_error (error, DOSSIER_MODEL_ERROR, DOSSIER_MODEL_ERROR_NOT_A_MODEL,
                   _("The entity model “%s” is damaged: its sections do not fit the file"), display);
      return NULL;
    }
  if (checksum (data + sizeof (Header), size - sizeof (Header)) != h->checksum)
    {
      g_set_error (error, DOSSIER_MODEL_ERROR, DOSSIER_MODEL_ERROR_NOT_A_MODEL,
                   _("The entity model “%s” is damaged: its checksum does not match"), display);
      return NULL;
    }

  model = g_new0 (DossierModel, 1);
  model->header = h;
  model->feats = (const DossierFeatSlot *) (data + h->off_feat);
  model->feat_mask = h->feat_slots - 1;
  model->weights = (const DossierWeight *) (data + h->off_weights);
  model->gaz = (const DossierGazSlot *) (data + h->off_gaz);
  model->gaz_mask = h->gaz_slots - 1;
  model->meta = g_strndup ((const char *) data + h->off_meta, h->meta_len);

  /* Every reference must stay inside the weights, every label in range: the
   * checksum proves the file is whole, not that its writer was ours. A table
   * without an empty slot would make lookups loop forever. */
  {
    gboolean ok = TRUE;
    gboolean has_empty = FALSE;

    for (gsize i = 0; i <= model->feat_mask && ok; i++)
      {
        guint32 ref = model->feats[i].ref;

        if (model->feats[i].check == 0)
          has_empty = TRUE;
        else if ((guint64) (ref >> 5) + REF_LENGTH (ref) > h->n_weights)
          ok = FALSE;
      }
    ok = ok && has_empty;
    for (gsize i = 0; i < h->n_weights && ok; i++)
      if (model->weights[i].label >= DOSSIER_N_LABELS)
        ok = FALSE;
    has_empty = FALSE;
    for (gsize i = 0; i <= model->gaz_mask; i++)
      if (model->gaz[i].check == 0)
        has_empty = TRUE;
    if (!ok || !has_empty)
      {
        g_set_error (error, DOSSIER_MODEL_ERROR, DOSSIER_MODEL_ERROR_NOT_A_MODEL,
                     _("The entity model “%s” is damaged: its tables are inconsistent"), display);
        g_free (model->meta);
        g_free (model);
        return NULL;
      }
  }

  model->file = g_steal_pointer (&file);
  return model;
}

void
dossier_model_free (DossierModel *model)
{
  if (model == NULL)
    return;
  g_clear_pointer (&model->file, g_mapped_file_unref);
  g_free (model->meta);
  g_free (model);
}

guint64
dossier_model_checksum (DossierModel *model)
{
  return model->header->checksum;
}

const char *
dossier_model_metadata (DossierModel *model)
{
  return model->meta;
}

guint
dossier_model_n_stages (const DossierModel *model)
{
  return model->header->n_stages;
}

float
dossier_model_scale (const DossierModel *model)
{
  return model->header->scale;
}

const DossierWeight *
dossier_model_lookup (const DossierModel *model,
                      guint64             feature,
                      guint              *count)
{
  gsize i = (gsize) feature & model->feat_mask;
  guint32 check = (guint32) (feature >> 32) | 1;

  for (;;)
    {
      const DossierFeatSlot *slot = &model->feats[i];

      if (slot->check == check)
        {
          *count = slot->ref & 31;
          return model->weights + (slot->ref >> 5);
        }
      if (slot->check == 0)
        {
          *count = 0;
          return NULL;
        }
      i = (i + 1) & model->feat_mask;
    }
}

void
dossier_model_add_scores (const DossierModel *model,
                          guint64             feature,
                          gint32             *scores)
{
  gsize i = (gsize) feature & model->feat_mask;
  guint32 check = (guint32) (feature >> 32) | 1;

  for (;;)
    {
      const DossierFeatSlot *slot = &model->feats[i];

      if (slot->check == check)
        {
          dossier_weights_add (model->weights + (slot->ref >> 5), slot->ref & 31, scores);
          return;
        }
      if (slot->check == 0)
        return;
      i = (i + 1) & model->feat_mask;
    }
}

gboolean
dossier_model_gaz_lookup (gconstpointer  data,
                          guint64        phrase,
                          guint32       *mask)
{
  const DossierModel *model = data;
  gsize i = (gsize) phrase & model->gaz_mask;
  guint32 check = (guint32) (phrase >> 32) | 1;

  for (;;)
    {
      const DossierGazSlot *slot = &model->gaz[i];

      if (slot->check == check)
        {
          *mask = slot->mask;
          return TRUE;
        }
      if (slot->check == 0)
        return FALSE;
      i = (i + 1) & model->gaz_mask;
    }
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct {
  guint64 hash;
  guint32 first;   /* into builder->weights */
} PendingFeature;

struct _DossierModelBuilder {
  GArray       *features;   /* PendingFeature */
  GArray       *weights;    /* float × DOSSIER_N_LABELS per feature */
  DossierU64Map phrases;
  char         *meta;
  guint         n_stages;
};

DossierModelBuilder *
dossier_model_builder_new (void)
{
  DossierModelBuilder *builder = g_new0 (DossierModelBuilder, 1);

  builder->features = g_array_new (FALSE, FALSE, sizeof (PendingFeature));
  builder->weights = g_array_new (FALSE, FALSE, sizeof (float));
  dossier_u64_map_init (&builder->phrases, 1024);
  builder->meta = g_strdup ("");
  builder->n_stages = 1;
  return builder;
}

void
dossier_model_builder_free (DossierModelBuilder *builder)
{
  if (builder == NULL)
    return;
  g_array_unref (builder->features);
  g_array_unref (builder->weights);
  dossier_u64_map_clear (&builder->phrases);
  g_free (builder->meta);
  g_free (builder);
}

void
dossier_model_builder_add_feature (DossierModelBuilder *builder,
                                   guint64              feature,
                                   const float         *weights)
{
  PendingFeature f = { feature, builder->weights->len };

  g_array_append_val (builder->features, f);
  g_array_append_vals (builder->weights, weights, DOSSIER_N_LABELS);
}

void
dossier_model_builder_add_phrase (DossierModelBuilder *builder,
                                  guint64              phrase,
                                  guint32              mask)
{
  *dossier_u64_map_insert (&builder->phrases, phrase, 0, NULL) |= mask;
}

void
dossier_model_builder_set_metadata (DossierModelBuilder *builder,
                                    const char          *text)
{
  g_free (builder->meta);
  builder->meta = g_strdup (text);
}

void
dossier_model_builder_set_stages (DossierModelBuilder *builder,
                                  guint                n_stages)
{
  g_return_if_fail (n_stages >= 1 && n_stages <= DOSSIER_N_STAGES);
  builder->n_stages = n_stages;
}

static gsize
align_up (gsize n)
{
  return (n + ALIGN - 1) & ~(gsize) (ALIGN - 1);
}

static guint32
table_size (gsize n, double load)
{
  guint32 size = 64;

  while (size * load < n + 1)
    size <<= 1;
  return size;
}

gboolean
dossier_model_builder_write (DossierModelBuilder *builder,
                             const char          *path,
                             GError             **error)
{
  Header header = { { 0 } };
  g_autofree guint8 *data = NULL;
  g_autoptr(GArray) packed = g_array_new (FALSE, FALSE, sizeof (DossierWeight));
  DossierFeatSlot *feats;
  DossierGazSlot *gaz;
  const float *w = (const float *) (gpointer) builder->weights->data;
  float max_abs = 0.0f;
  gsize n_features_kept = 0;
  gsize size;

  for (guint i = 0; i < builder->weights->len; i++)
    max_abs = MAX (max_abs, ABS (w[i]));
  header.scale = max_abs > 0.0f ? 32000.0f / max_abs : 1.0f;

  memcpy (header.magic, MAGIC, 8);
  header.byte_order = BYTE_ORDER_MARK;
  header.format_version = DOSSIER_MODEL_FORMAT_VERSION;
  header.n_labels = DOSSIER_N_LABELS;
  header.n_stages = builder->n_stages;

  /* Quantise first, to know how many features survive. */
  {
    g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (guint32));

    for (guint f = 0; f < builder->features->len; f++)
      {
        const PendingFeature *pf = &g_array_index (builder->features, PendingFeature, f);
        guint first = packed->len;
        guint32 ref;

        for (guint y = 0; y < DOSSIER_N_LABELS; y++)
          {
            float v = w[pf->first + y] * header.scale;
            gint32 q = (gint32) (v + (v >= 0 ? 0.5f : -0.5f));

            if (q != 0)
              {
                DossierWeight dw = { (gint16) CLAMP (q, -32767, 32767), (guint16) y };

                g_array_append_val (packed, dw);
              }
          }
        if (packed->len - first >= DENSE_FROM)
          {
            DossierWeight dense[DOSSIER_N_LABELS];

            for (guint y = 0; y < DOSSIER_N_LABELS; y++)
              {
                dense[y].weight = 0;
                dense[y].label = (guint16) y;
              }
            for (guint k = first; k < packed->len; k++)
              dense[g_array_index (packed, DossierWeight, k).label] = g_array_index (packed, DossierWeight, k);
            g_array_set_size (packed, first);
            g_array_append_vals (packed, dense, DOSSIER_N_LABELS);
            ref = (first << 5) | DOSSIER_DENSE_RUN;
          }
        else
          ref = packed->len > first ? (first << 5) | (packed->len - first) : 0;
        g_array_append_val (refs, ref);
        if (ref != 0)
          n_features_kept++;
      }

    header.feat_slots = table_size (n_features_kept, 0.6);
    header.n_weights = packed->len;
    header.gaz_slots = table_size (builder->phrases.n_items, 0.7);
    header.meta_len = (guint32) strlen (builder->meta);
    header.off_feat = align_up (sizeof (Header));
    header.off_weights = align_up (header.off_feat + (gsize) header.feat_slots * sizeof (DossierFeatSlot));
    header.off_gaz = align_up (header.off_weights + (gsize) header.n_weights * sizeof (DossierWeight));
    header.off_meta = align_up (header.off_gaz + (gsize) header.gaz_slots * sizeof (DossierGazSlot));
    size = align_up (header.off_meta + header.meta_len);
    header.file_size = size;

    data = g_malloc0 (size);
    feats = (DossierFeatSlot *) (data + header.off_feat);
    memcpy (data + header.off_weights, packed->data, (gsize) packed->len * sizeof (DossierWeight));
    gaz = (DossierGazSlot *) (data + header.off_gaz);
    memcpy (data + header.off_meta, builder->meta, header.meta_len);

    for (guint f = 0; f < builder->features->len; f++)
      {
        guint64 hash = g_array_index (builder->features, PendingFeature, f).hash;
        guint32 ref = g_array_index (refs, guint32, f);
        guint32 check = (guint32) (hash >> 32) | 1;
        gsize i = (gsize) hash & (header.feat_slots - 1);

        if (ref == 0)
          continue;
        while (feats[i].check != 0 && feats[i].check != check)
          i = (i + 1) & (header.feat_slots - 1);
        feats[i].check = check;
        feats[i].ref = ref;
      }
  }

  for (gsize k = 0; k <= builder->phrases.mask; k++)
    {
      guint64 hash = builder->phrases.keys[k];
      gsize i;

      if (hash == 0)
        continue;
      i = (gsize) hash & (header.gaz_slots - 1);
      while (gaz[i].check != 0)
        i = (i + 1) & (header.gaz_slots - 1);
      gaz[i].check = (guint32) (hash >> 32) | 1;
      gaz[i].mask = builder->phrases.values[k];
    }

  header.checksum = checksum (data + sizeof (Header), size - sizeof (Header));
  memcpy (data, &header, sizeof header);

  return g_file_set_contents (path, (const char *) data, (gssize) size, error);
}

gboolean
dossier_model_write_pruned (DossierModel  *model,
                            const char    *path,
                            guint          min_weight,
                            GError       **error)
{
  const Header *h = model->header;
  const guint8 *src = (const guint8 *) h;
  g_autoptr(GArray) packed = g_array_new (FALSE, FALSE, sizeof (DossierWeight));
  g_autofree DossierFeatSlot *feats = g_memdup2 (model->feats, (gsize) h->feat_slots * sizeof (DossierFeatSlot));
  g_autofree guint8 *data = NULL;
  Header header = *h;
  gsize size;

  /* Same table, same slots; only the weight runs shrink. */
  for (gsize i = 0; i < h->feat_slots; i++)
    {
      const DossierWeight *w;
      guint count, first = packed->len;

      if (feats[i].check == 0)
        continue;
      w = model->weights + (feats[i].ref >> 5);
      count = feats[i].ref & 31;
      if (count == DOSSIER_DENSE_RUN)
        {
          g_array_append_vals (packed, w, DOSSIER_N_LABELS);
          feats[i].ref = (first << 5) | DOSSIER_DENSE_RUN;
          continue;
        }
      for (guint k = 0; k < count; k++)
        if ((guint) ABS (w[k].weight) >= min_weight)
          g_array_append_val (packed, w[k]);
      /* A feature left without weights keeps a slot with count 0: harmless. */
      feats[i].ref = (first << 5) | (packed->len - first);
    }

  header.n_weights = packed->len;
  header.off_gaz = align_up (header.off_weights + (gsize) header.n_weights * sizeof (DossierWeight));
  header.off_meta = align_up (header.off_gaz + (gsize) header.gaz_slots * sizeof (DossierGazSlot));
  size = align_up (header.off_meta + header.meta_len);
  header.file_size = size;
  data = g_malloc0 (size);
  memcpy (data + header.off_feat, feats, (gsize) h->feat_slots * sizeof (DossierFeatSlot));
  memcpy (data + header.off_weights, packed->data, (gsize) packed->len * sizeof (DossierWeight));
  memcpy (data + header.off_gaz, src + h->off_gaz, (gsize) h->gaz_slots * sizeof (DossierGazSlot));
  memcpy (data + header.off_meta, src + h->off_meta, h->meta_len);
  header.checksum = checksum (data + sizeof (Header), size - sizeof (Header));
  memcpy (data, &header, sizeof header);
  return g_file_set_contents (path, (const char *) data, (gssize) size, error);
}
