/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-library.c: TODO(owner) replace these placeholders. */
#define G_LOG_DOMAIN "dossier-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-cli-private.h"

int
dossier_cli_import (DossierCliContext *ctx, int argc, char **argv)
{
  dossier_cli_error ("“%s” is not built yet", argv[0]);
  return 1;
}

int
dossier_cli_list (DossierCliContext *ctx, int argc, char **argv)
{
  dossier_cli_error ("“%s” is not built yet", argv[0]);
  return 1;
}

int
dossier_cli_show (DossierCliContext *ctx, int argc, char **argv)
{
  dossier_cli_error ("“%s” is not built yet", argv[0]);
  return 1;
}

int
dossier_cli_search (DossierCliContext *ctx, int argc, char **argv)
{
  dossier_cli_error ("“%s” is not built yet", argv[0]);
  return 1;
}

int
dossier_cli_annotate (DossierCliContext *ctx, int argc, char **argv)
{
  dossier_cli_error ("“%s” is not built yet", argv[0]);
  return 1;
}

int
dossier_cli_export (DossierCliContext *ctx, int argc, char **argv)
{
  dossier_cli_error ("“%s” is not built yet", argv[0]);
  return 1;
}
