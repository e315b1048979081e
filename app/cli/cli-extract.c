/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-extract.c: TODO(owner) replace this placeholder. */
#define G_LOG_DOMAIN "dossier-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-cli-private.h"

int
dossier_cli_extract (DossierCliContext *ctx, int argc, char **argv)
{
  dossier_cli_error ("“%s” is not built yet", argv[0]);
  return 1;
}
