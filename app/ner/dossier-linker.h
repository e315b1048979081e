/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-linker.h: which mentions of one document name the same entity, and
 * the keys by which the library recognises that entity in other documents.
 * GLib only, pure functions.
 *
 * Keys are normalised names (dossier_linker_normalize). Aliases are further
 * keys: acronyms defined in the text, spelling variants, and a transliteration
 * key ("~" + consonant skeleton) for long names, so "Mojahedin" and
 * "Mujahedeen" meet in the store's alias table. A surname alone is never an
 * alias: "Rama" links to "Edi Rama" inside a document only. */
#pragma once

#include <glib.h>

#include "dossier-analysis.h"

G_BEGIN_DECLS

/* Case folded, diacritics removed, hyphens and dashes as spaces, apostrophes
 * and full stops dropped, leading "the" and a final possessive "'s" removed,
 * spaces collapsed: "The People’s Mojahedin-e Khalq's" → "peoples mojahedin e khalq".
 * Returns "" when nothing is left. */
char     *dossier_linker_normalize (const char *name);

/* "~" + the consonant skeleton of a normalised name, vowel runs inside a word
 * reduced to one slot, a word's final vowel kept; NULL when the name is too
 * short for such a loose key to be safe. */
char     *dossier_linker_skeleton  (const char *norm);

/* Whether two normalised names are spelling variants of one name: the same
 * skeleton and a small edit distance. */
gboolean  dossier_linker_similar   (const char *norm_a,
                                    const char *norm_b);

/* Whether a normalised acronym spells the initials of a normalised name's
 * content words ("of", "the" skipped), counting its particles or not:
 * "pmoi" / "peoples mojahedin organization of iran", "mek" / "mujahedin e khalq". */
gboolean  dossier_linker_initials_match (const char *acr_norm,
                                         const char *name_norm);

/* Joins name spans (DossierSpan, by start, before linking) that the tagger
 * broke apart inside one name: pieces that touch with only "'s", "-", "-e",
 * "al-" between them ("People" + "'s Mojahedin Organization of Iran",
 * "Mujahedin-e" + "Khalq"), and an organization whose name ends in a head
 * word followed by "of" + a place ("… Organization" + "of" + "Iran"). A
 * possessive whose owner is a name of its own elsewhere in the text
 * ("Microsoft's Threat Intelligence Center") is left apart. */
void      dossier_linker_repair_spans (GArray     *spans,
                                       const char *text);

/* Links the spans (DossierSpan, by start) of one text: fills text when NULL,
 * name, key and aliases of every span but dates, may retype a span (a surname
 * after a person's full name is that person), adds spans for later uses of an
 * acronym defined in the text, drops spans with nothing to link by, and keeps
 * the array sorted by start. */
void      dossier_linker_link      (GArray     *spans,
                                    const char *text);

G_END_DECLS
