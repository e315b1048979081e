/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-reader.h: one document's text with its highlights and entity mentions. */
#pragma once

#include <gtk/gtk.h>

#include "dossier-store.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_READER (dossier_reader_get_type ())
G_DECLARE_FINAL_TYPE (DossierReader, dossier_reader, DOSSIER, READER, GtkWidget)

GtkWidget       *dossier_reader_new                (void);
void             dossier_reader_set_store          (DossierReader     *self,
                                                    DossierStore      *store);
/* Reads the document, its highlights and its mentions (synchronously: one
 * document is small) and restores the reading position. */
gboolean         dossier_reader_load_document      (DossierReader     *self,
                                                    gint64             document_id,
                                                    GError           **error);
/* Saves the reading position and shows nothing. */
void             dossier_reader_close_document     (DossierReader     *self);
gint64           dossier_reader_get_document_id    (DossierReader     *self);
const DossierDocument *dossier_reader_get_document (DossierReader     *self);
void             dossier_reader_save_position      (DossierReader     *self);
GtkTextView     *dossier_reader_get_text_view      (DossierReader     *self);

double           dossier_reader_get_zoom           (DossierReader     *self);
void             dossier_reader_set_zoom           (DossierReader     *self,
                                                    double             zoom);

/* Selection, in character offsets of the document text. */
void             dossier_reader_select_range       (DossierReader     *self,
                                                    guint              start,
                                                    guint              end);
gboolean         dossier_reader_get_selection      (DossierReader     *self,
                                                    guint             *start,
                                                    guint             *end);

/* Highlights: every change is committed to the store at once. */
GPtrArray       *dossier_reader_get_annotations    (DossierReader     *self);
gint64           dossier_reader_add_highlight      (DossierReader     *self,
                                                    guint              start,
                                                    guint              end,
                                                    DossierColor       color,
                                                    const char        *note,
                                                    GError           **error);
gboolean         dossier_reader_update_highlight   (DossierReader     *self,
                                                    gint64             annotation_id,
                                                    DossierColor       color,
                                                    const char        *note,
                                                    GError           **error);
/* Emits "annotation-removed" with a copy the caller can restore. */
gboolean         dossier_reader_remove_highlight   (DossierReader     *self,
                                                    gint64             annotation_id,
                                                    GError           **error);
gboolean         dossier_reader_restore_highlight  (DossierReader     *self,
                                                    const DossierAnnotation *annotation,
                                                    GError           **error);
/* Puts the cursor at an offset and scrolls it into view (also before the
 * reader is first shown). */
void             dossier_reader_scroll_to_offset   (DossierReader     *self,
                                                    guint              offset);
void             dossier_reader_show_annotation    (DossierReader     *self,
                                                    gint64             annotation_id);
/* Opens the colour-and-note popover for the selection or the highlight at the cursor. */
gboolean         dossier_reader_open_highlight_popover (DossierReader *self);

/* Entity mentions (DossierMention*, copied), drawn as subtle tags per type. */
void             dossier_reader_set_mentions       (DossierReader     *self,
                                                    GPtrArray         *mentions);
/* Marks every mention of one entity and scrolls to the first; 0 clears.
 * Returns the number of mentions marked. */
guint            dossier_reader_mark_entity        (DossierReader     *self,
                                                    gint64             entity_id);
gboolean         dossier_reader_next_mention       (DossierReader     *self);
gboolean         dossier_reader_previous_mention   (DossierReader     *self);
void             dossier_reader_reload_mentions    (DossierReader     *self);

/* Find in document. */
void             dossier_reader_start_find         (DossierReader     *self);
guint            dossier_reader_find               (DossierReader     *self,
                                                    const char        *text);
void             dossier_reader_find_next          (DossierReader     *self,
                                                    gboolean           backwards);
guint            dossier_reader_get_find_current   (DossierReader     *self);

G_END_DECLS
