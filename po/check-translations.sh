#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Test: every translation in po/LINGUAS is complete for the strings the sources hold now.
# Extracts a fresh template from the files in POTFILES.in with the same xgettext options as
# meson's glib preset, merges each .po into it (copies, in a temporary folder under WORKDIR),
# and fails when msgfmt --check fails or reports an untranslated or fuzzy message.
# It never writes into the source tree: meson's own dossier-pot/dossier-update-po targets do.
# Usage: check-translations.sh SOURCE_ROOT WORKDIR
set -eu

src=$1
work=$(mktemp -d "$2/po-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0

# Same as meson's i18n.gettext(preset: 'glib'), so the template matches `meson compile dossier-pot`.
xgettext --directory="$src" --files-from="$src/po/POTFILES.in" \
  --output="$work/dossier.pot" --package-name=dossier \
  --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
  --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
  2> "$work/xgettext.log" || { cat "$work/xgettext.log" >&2; echo "xgettext failed" >&2; exit 1; }

for lang in $(sed -e 's/#.*//' "$src/po/LINGUAS"); do
  po="$src/po/$lang.po"
  if [ ! -f "$po" ]; then
    echo "$lang: po/$lang.po is listed in LINGUAS but missing"
    status=1
    continue
  fi

  # The committed file itself: valid, formats consistent, nothing fuzzy or untranslated.
  if ! stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1); then
    echo "$lang: msgfmt --check failed on po/$lang.po:"
    echo "$stats"
    status=1
    continue
  fi
  echo "$lang.po: $stats"
  case $stats in
    *untranslated*|*fuzzy*) echo "$lang: po/$lang.po has untranslated or fuzzy messages"; status=1 ;;
  esac

  # The file against the strings in the sources today.
  LC_ALL=C msgmerge --quiet --lang="$lang" -o "$work/$lang.po" "$po" "$work/dossier.pot"
  if ! stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$work/$lang.po" 2>&1); then
    echo "$lang: msgfmt --check failed after merging the current template:"
    echo "$stats"
    status=1
    continue
  fi
  echo "$lang.po merged with the current sources: $stats"
  case $stats in
    *untranslated*|*fuzzy*)
      status=1
      echo "$lang: strings in the sources not translated in po/$lang.po (run meson compile -C build dossier-update-po, then translate):"
      msgattrib --untranslated --no-obsolete --no-wrap "$work/$lang.po" | sed -n 's/^#: /  at /p; s/^msgid /  msgid /p' | grep -v 'msgid ""$' || true
      msgattrib --only-fuzzy --no-obsolete --no-wrap "$work/$lang.po" | sed -n 's/^#: /  changed, at /p; s/^msgid /  msgid /p' | grep -v 'msgid ""$' || true
      ;;
  esac
done
exit $status
