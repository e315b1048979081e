/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-analysis.h: the entity pipeline for one text, GLib only.
 *   text → tokens → sentences → tagger (PER/ORG/LOC/MISC) → date rules → in-document linking
 * The recognizer is immutable once loaded and may be shared by threads. */
#pragma once

#include <glib.h>

#include "dossier-types.h"

G_BEGIN_DECLS

#define DOSSIER_MODEL_ERROR (dossier_model_error_quark ())

typedef enum {
  DOSSIER_MODEL_ERROR_MISSING,
  DOSSIER_MODEL_ERROR_NOT_A_MODEL,
  DOSSIER_MODEL_ERROR_VERSION,
  DOSSIER_MODEL_ERROR_TRUNCATED,
} DossierModelError;

GQuark dossier_model_error_quark (void);

typedef struct _DossierRecognizer DossierRecognizer;

/* $DOSSIER_NER_MODEL, else the installed model, else the one in the source tree. */
char              *dossier_recognizer_default_model_path (void);
/* The model is mapped, not read. */
DossierRecognizer *dossier_recognizer_new_from_file      (const char  *path,
                                                          GError     **error);
DossierRecognizer *dossier_recognizer_ref                (DossierRecognizer *self);
void               dossier_recognizer_unref              (DossierRecognizer *self);
/* Changes whenever the model or the rules change, so stale analyses are redone. */
guint              dossier_recognizer_get_version        (DossierRecognizer *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DossierRecognizer, dossier_recognizer_unref)

typedef struct {
  guint              start;      /* code point offsets into the text */
  guint              end;
  DossierEntityType  type;
  char              *text;
  char              *name;       /* canonical name after in-document linking */
  char              *key;        /* normalised linking key of the entity */
  GStrv              aliases;    /* further keys (defined acronyms, full names), nullable */
  char              *value;      /* dates: normalised calendar value, nullable */
} DossierSpan;

void dossier_span_clear (DossierSpan *span);

/* Every mention found in `text`, by start offset. `recognizer` may be NULL:
 * then only the date rules run. `document_date` (Unix seconds, 0 = unknown)
 * anchors relative dates. Never fails on any UTF-8 input. */
GArray *dossier_analyze_text (DossierRecognizer *recognizer,
                              const char        *text,
                              gint64             document_date);

G_END_DECLS
