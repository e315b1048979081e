/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-perceptron.h: CoNLL files, conlleval scoring and the averaged
 * perceptron trainer behind `dossier-trainer`. GLib only; private to app/ner
 * and its tools and tests. Nothing here runs inside the app. */
#pragma once

#include <glib.h>

#include "dossier-features.h"

G_BEGIN_DECLS

typedef struct {
  GPtrArray *words;      /* char *, the first column */
  GPtrArray *lines;      /* char *, each token's whole input line (for `tag`) */
  GArray    *gold;       /* guint8 BILOU labels from the last column */
  GArray    *sent_ends;  /* guint */
} DossierConllDoc;

void       dossier_conll_doc_free (DossierConllDoc *doc);
/* Documents of a CoNLL file: `-DOCSTART-` lines split documents, blank lines
 * sentences; tags in IOB1 or IOB2. */
GPtrArray *dossier_conll_parse    (const char  *contents,
                                   gsize        length);
GPtrArray *dossier_conll_read     (const char  *path,
                                   GError     **error);

/* Entity-level counts, as conlleval computes them. */
typedef struct {
  guint correct[DOSSIER_N_TYPES];
  guint gold[DOSSIER_N_TYPES];
  guint predicted[DOSSIER_N_TYPES];
  guint tokens;
  guint tokens_correct;
} DossierConllScore;

/* Adds one sentence of IOB1/IOB2/BILOU-derived tags ("O", "B-PER", "I-LOC"…). */
void       dossier_conll_score_add_sentence (DossierConllScore  *score,
                                             const char *const  *gold,
                                             const char *const  *predicted,
                                             guint               n);
double     dossier_conll_score_f1           (const DossierConllScore *score,
                                             int                      type);   /* -1: all */
/* conlleval-style report lines. */
char      *dossier_conll_score_format       (const DossierConllScore *score);

/* The type's name in CoNLL ("PER", "ORG", "LOC", "MISC"). */
const char *dossier_conll_type_name (guint type);

typedef struct {
  guint       epochs;       /* upper bound; the best epoch on dev is kept… */
  gboolean    keep_last;    /* …unless this is set: then exactly `epochs` */
  guint32     seed;
  guint       min_count;    /* features seen fewer times in training are dropped */
  double      prune;        /* drop features whose averaged weights are all below this */
  guint       stages;       /* 1, or 2 for a second, document-level pass */
  const char *gazetteers;   /* folder of *.txt name lists, nullable */
  gboolean    entity_names; /* the training data's entity names as gazetteers too */
  gboolean    verbose;
} DossierTrainOptions;

gboolean   dossier_perceptron_train (GPtrArray                 *train,
                                     GPtrArray                 *dev,
                                     const DossierTrainOptions *options,
                                     const char                *out_path,
                                     GError                   **error);

G_END_DECLS
