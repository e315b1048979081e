/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dossier-address-dialog.h: "Add from Address": one web page, fetched and
 * extracted (app/net/dossier-feeds.h), into the library. Stays open with the
 * one-line reason when the page cannot be added.
 *
 * Signals:
 *   document-added (gint64 document_id)   the page is in the library (or already was);
 *                                          the dialog closes itself afterwards
 */
#pragma once

#include <adwaita.h>

#include "dossier-feeds.h"

G_BEGIN_DECLS

#define DOSSIER_TYPE_ADDRESS_DIALOG (dossier_address_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DossierAddressDialog, dossier_address_dialog, DOSSIER, ADDRESS_DIALOG, AdwWindow)

/* `parent` may be NULL. `feeds` is the application's one DossierFeeds. */
GtkWidget *dossier_address_dialog_new         (GtkWindow            *parent,
                                               DossierFeeds         *feeds);
/* Pre-fills the address (e.g. from the clipboard). */
void       dossier_address_dialog_set_address (DossierAddressDialog *self,
                                               const char           *address);

G_END_DECLS
