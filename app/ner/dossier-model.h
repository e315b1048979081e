/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-model.h: the tagger's model file, mapped read-only. GLib only.
 * Owns the on-disk format (header, feature table, weights, gazetteer);
 * knows nothing about how features are made. Private to app/ner.
 *
 * Layout, native little-endian, every section 64-byte aligned:
 *   header   magic "DOSSNER\0", byte-order mark, format version, file size,
 *            a checksum of everything after the header, section offsets
 *   features open-addressing table: slot = { fingerprint, weight ref }
 *   weights  { gint16 weight, guint16 label } runs, one run per feature
 *   gazetteer open-addressing table: slot = { fingerprint, category mask or word class }
 *   metadata UTF-8 text: what the model was trained on, category names */
#pragma once

#include <glib.h>

#include "dossier-analysis.h"
#include "dossier-features.h"

G_BEGIN_DECLS

#define DOSSIER_MODEL_FORMAT_VERSION 3

typedef struct {
  guint32 check;   /* high half of the feature hash; 0 = empty slot */
  guint32 ref;     /* offset into weights << 5 | count */
} DossierFeatSlot;

typedef struct {
  gint16  weight;
  guint16 label;
} DossierWeight;

typedef struct {
  guint32 check;   /* high half of the phrase hash; 0 = empty slot */
  guint32 mask;
} DossierGazSlot;

/* A run length meaning "all DOSSIER_N_LABELS weights, in label order". */
#define DOSSIER_DENSE_RUN 31

/* Adds a weight run (as returned by dossier_model_lookup()) to scores. */
static inline void
dossier_weights_add (const DossierWeight *w,
                     guint                count,
                     gint32              *scores)
{
  if (count == DOSSIER_DENSE_RUN)
    for (guint y = 0; y < DOSSIER_N_LABELS; y++)
      scores[y] += w[y].weight;
  else
    for (guint k = 0; k < count; k++)
      scores[w[k].label] += w[k].weight;
}

typedef struct _DossierModel DossierModel;

DossierModel *dossier_model_load        (const char    *path,
                                         GError       **error);
void          dossier_model_free        (DossierModel  *model);
guint64       dossier_model_checksum    (DossierModel  *model);
const char   *dossier_model_metadata    (DossierModel  *model);
/* Adds the weights of feature `feature` to scores[DOSSIER_N_LABELS]. */
void          dossier_model_add_scores  (const DossierModel *model,
                                         guint64             feature,
                                         gint32             *scores);
/* The weights of `feature` (NULL and *count = 0 when it has none); `count`
 * may be DOSSIER_DENSE_RUN: use dossier_weights_add(). */
const DossierWeight *dossier_model_lookup (const DossierModel *model,
                                           guint64             feature,
                                           guint              *count);
gboolean      dossier_model_gaz_lookup  (gconstpointer  model,
                                         guint64        phrase,
                                         guint32       *mask);
/* 1: the tagger alone; 2: a second pass over the first one's labels. */
guint         dossier_model_n_stages    (const DossierModel *model);
/* Weights are stored as integers: score / scale is the perceptron's score. */
float         dossier_model_scale       (const DossierModel *model);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierModel, dossier_model_free)

/* Writing, for the trainer and tests. */
typedef struct _DossierModelBuilder DossierModelBuilder;

DossierModelBuilder *dossier_model_builder_new          (void);
void                 dossier_model_builder_free         (DossierModelBuilder *builder);
/* `weights` holds DOSSIER_N_LABELS floats; zeros are dropped. */
void                 dossier_model_builder_add_feature  (DossierModelBuilder *builder,
                                                         guint64              feature,
                                                         const float         *weights);
void                 dossier_model_builder_add_phrase   (DossierModelBuilder *builder,
                                                         guint64              phrase,
                                                         guint32              mask);
void                 dossier_model_builder_set_metadata (DossierModelBuilder *builder,
                                                         const char          *text);
void                 dossier_model_builder_set_stages   (DossierModelBuilder *builder,
                                                         guint                n_stages);
gboolean             dossier_model_builder_write        (DossierModelBuilder *builder,
                                                         const char          *path,
                                                         GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierModelBuilder, dossier_model_builder_free)

/* Rewrites `model` without the weights whose magnitude is below `min_weight`
 * (in stored units, out of 32000): a smaller, faster model. */
gboolean             dossier_model_write_pruned         (DossierModel        *model,
                                                         const char          *path,
                                                         guint                min_weight,
                                                         GError             **error);

G_END_DECLS
