/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-feeds-window-private.h: what the file choosers do once a file is
 * chosen, reachable by the tests (a native file chooser cannot be driven). */
#pragma once

#include "dossier-feeds-window.h"

G_BEGIN_DECLS

/* Both report the outcome in a toast; the import refreshes the list. */
void _dossier_feeds_window_export_to   (DossierFeedsWindow *self,
                                        GFile              *file);
void _dossier_feeds_window_import_from (DossierFeedsWindow *self,
                                        GFile              *file);

G_END_DECLS
