/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-net.c: TODO(owner) replace these placeholders. */
#define G_LOG_DOMAIN "dossier-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-cli-private.h"

int
dossier_cli_feeds (DossierCliContext *ctx, int argc, char **argv)
{
  dossier_cli_error ("“%s” is not built yet", argv[0]);
  return 1;
}

int
dossier_cli_fetch (DossierCliContext *ctx, int argc, char **argv)
{
  dossier_cli_error ("“%s” is not built yet", argv[0]);
  return 1;
}
