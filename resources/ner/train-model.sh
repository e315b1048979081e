#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Trains the shipped entity model, the one documented way (see MODEL.md):
#   resources/ner/train-model.sh [BUILD_DIR] [DATA_DIR]
# BUILD_DIR defaults to ./build, DATA_DIR to ../shared/data. Builds the name
# lists into a temporary folder (they are embedded in the model, never
# committed), then trains on eng.train, choosing epochs on eng.testa.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
data=${2:-$here/../../../shared/data}
gaz=$(mktemp -d)
trap 'rm -rf "$gaz"' EXIT

python3 "$here/build-gazetteers.py" "$gaz"
"$build/app/ner/tools/dossier-trainer" train \
  --train "$data/ner/conll2003/eng.train" \
  --dev "$data/ner/conll2003/eng.testa" \
  --gazetteers "$gaz" \
  --epochs 30 --seed 1 \
  --out "$here/dossier-ner.model"
"$build/app/ner/tools/dossier-trainer" eval --model "$here/dossier-ner.model" \
  --test "$data/ner/conll2003/eng.testa"
