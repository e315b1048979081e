/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-sentences.h: groups tokens into sentences. GLib only; works on the
 * tokens of dossier-tokenizer.h and never re-reads more text than a token. */
#pragma once

#include <glib.h>

#include "dossier-tokenizer.h"

G_BEGIN_DECLS

/* Sentences longer than this are cut, so that one run-on "sentence" of junk
 * cannot make the tagger's work per sentence unbounded. */
#define DOSSIER_MAX_SENTENCE_TOKENS 200

/* Appends to `ends` (an array of guint) the index one past the last token of
 * each sentence of `tokens[0..n_tokens)`; the last end is always n_tokens. */
void dossier_split_sentences (const char         *text,
                              const DossierToken *tokens,
                              guint               n_tokens,
                              GArray             *ends);

G_END_DECLS
