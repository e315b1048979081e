/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-window-private.h: what dossier-window*.c and the UI tests share. */
#pragma once

#include "dossier-window.h"
#include "dossier-entities-panel.h"
#include "dossier-feeds.h"
#include "dossier-library-model.h"
#include "dossier-notes-panel.h"
#include "dossier-reader.h"

G_BEGIN_DECLS

struct _DossierWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *error_page;
  AdwStatusPage        *welcome_page;
  GtkButton            *welcome_import_button;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  GtkSearchEntry       *search_entry;
  GtkMenuButton        *sort_button;
  GtkRevealer          *filter_revealer;
  GtkLabel             *filter_label;
  GtkImage             *filter_icon;
  GtkStack             *list_stack;
  AdwStatusPage        *no_results_page;
  GtkListView          *list_view;
  GtkSpinner           *import_spinner;
  AdwWindowTitle       *content_title;
  GtkToggleButton      *side_panel_button;
  AdwFlap              *flap;
  GtkStack             *reader_stack;
  DossierReader        *reader;
  AdwViewStack         *side_stack;
  AdwBin               *entities_bin;
  DossierNotesPanel    *notes_panel;
  DossierEntitiesPanel *entities_panel;       /* in entities_bin */

  /* owned */
  GSettings            *settings;
  GSimpleActionGroup   *library_actions;      /* library.sort */
  DossierStore         *store;
  DossierLibraryModel  *model;
  DossierRecognizer    *recognizer;           /* NULL: dates only */
  DossierFeeds         *feeds;                /* made on first use */
  guint                 reload_timeout_id;    /* store changed: reload soon */
  guint                 refresh_timeout_id;   /* automatic feed refresh */
  GtkSingleSelection   *selection;
  GCancellable         *cancellable;
  char                 *library_path;
  GError               *open_error;
  DossierAnnotation    *removed_annotation;   /* for Undo */
  AdwToast             *undo_toast;           /* weak */
  gint64                filter_entity_id;
  gint64                filter_feed_id;
  gint64                open_after_reload;
  guint                 busy;
  guint                 selecting : 1;
};

void     _dossier_window_class_actions_init (GtkWidgetClass *widget_class);
DossierFeeds *_dossier_window_get_feeds     (DossierWindow  *self);
/* Entities of documents not analysed yet, in a worker. */
void     _dossier_window_start_analysis     (DossierWindow  *self);
void     _dossier_window_update_actions     (DossierWindow  *self);
void     _dossier_window_reload             (DossierWindow  *self);
gboolean _dossier_window_is_loading         (DossierWindow  *self);

G_END_DECLS
