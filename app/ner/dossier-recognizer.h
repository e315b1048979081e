/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-recognizer.h: the statistical name tagger (PER, ORG, LOC, MISC) behind
 * DossierRecognizer (declared in dossier-analysis.h). GLib only; immutable
 * once loaded, safe to share between threads. Dates are not its job. */
#pragma once

#include <glib.h>

#include "dossier-analysis.h"

G_BEGIN_DECLS

typedef struct {
  guint              start;   /* code point offsets into the text */
  guint              end;
  DossierEntityType  type;    /* PERSON, ORGANIZATION, PLACE or MISC */
} DossierNameSpan;

/* Names in `text` (any UTF-8; invalid bytes are treated as U+FFFD), by start. */
GArray *dossier_recognizer_find_names (DossierRecognizer  *self,
                                       const char         *text);

/* For CoNLL-format evaluation and `dossier-cli tag`: one document as given
 * tokens, split into sentences by `sentence_ends` (index one past the last
 * token of each sentence). Writes one IOB2 label per token ("O", "B-PER",
 * "I-ORG", …) into `out_labels` (static strings). */
void    dossier_recognizer_tag_tokens (DossierRecognizer  *self,
                                       const char *const  *tokens,
                                       guint               n_tokens,
                                       const guint        *sentence_ends,
                                       guint               n_sentences,
                                       const char        **out_labels);

G_END_DECLS
