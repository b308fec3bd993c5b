#!/usr/bin/env python3
"""Convert the npm package idn-area-data 4.0.1 into Sigap's data/regions/ files.

Usage:  python3 tools/regions/convert.py PACKAGE_DIR [OUT_DIR]

PACKAGE_DIR is the unpacked tarball (the folder holding data/*.csv), e.g.
    cd /tmp && npm pack idn-area-data@4.0.1 && tar xzf idn-area-data-4.0.1.tgz
    python3 tools/regions/convert.py /tmp/package
OUT_DIR defaults to data/regions/ of this repository. Standard library only;
the output is byte-for-byte reproducible. See data/regions/SOURCE.md.
"""
import csv
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CURATED_ALIASES = HERE / "aliases-curated.tsv"

# Names fixed by hand (code -> name); everything else is kept as the package has it.
NAME_FIXES = {"53.02.10": "Ki'e"}  # the package has the lone all-caps "KI'E"

# Pre-2022 Kemendagri codes of the regencies that moved to the provinces created
# in 2022 (UU 14, 15, 16 and 29 of 2022). Source: Permendagri 72/2019 as published
# in cahyadsn/wilayah db/wilayah_2020.sql (no idn-area-data release predates 2022).
PAPUA_OLD = {
    "91.01": "MERAUKE", "91.02": "JAYAWIJAYA", "91.04": "NABIRE",
    "91.07": "PUNCAK JAYA", "91.08": "PANIAI", "91.09": "MIMIKA",
    "91.12": "PEGUNUNGAN BINTANG", "91.13": "YAHUKIMO", "91.14": "TOLIKARA",
    "91.16": "BOVEN DIGOEL", "91.17": "MAPPI", "91.18": "ASMAT",
    "91.21": "MAMBERAMO TENGAH", "91.22": "YALIMO", "91.23": "LANNY JAYA",
    "91.24": "NDUGA", "91.25": "PUNCAK", "91.26": "DOGIYAI",
    "91.27": "INTAN JAYA", "91.28": "DEIYAI",
    "92.01": "SORONG", "92.04": "SORONG SELATAN", "92.05": "RAJA AMPAT",
    "92.09": "TAMBRAUW", "92.10": "MAYBRAT", "92.71": "KOTA SORONG",
}
NEW_PROVINCES = ("93", "94", "95", "96")


def read_csv(pkg, level):
    with open(pkg / "data" / f"{level}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def clean(code, name):
    """Minimal, documented clean-up of a package name."""
    name = NAME_FIXES.get(code, name)
    # The package has '"' (17 names, e.g. Ra"as) and U+2019 (3 names) where
    # an apostrophe is meant; the other 444 apostrophes are ASCII already.
    name = name.replace('"', "'").replace("\u2019", "'")
    if name[:1].islower():  # 6 village names start lower-case ("lamuk")
        name = name[0].upper() + name[1:]
    assert "\t" not in name and "\n" not in name and name == name.strip(), (code, name)
    return name


def village_kind(code):
    # Kemendagri: the 4-digit village number starts with 1 for a kelurahan and
    # 2 for a desa; 3 is used for the 14 "Desa Adat" of Kabupaten Jayapura.
    return {"1": "kelurahan", "2": "desa", "3": "desa_adat"}[code.rsplit(".", 1)[1][0]]


def build_regions(pkg):
    rows = [(r["code"], clean(r["code"], r["name"]), "provinsi") for r in read_csv(pkg, "provinces")]
    full_names = {}  # regency code -> package name with its type prefix
    for r in read_csv(pkg, "regencies"):
        full_names[r["code"]] = r["name"]
        kind, _, rest = r["name"].partition(" ")
        kind = {"Kabupaten": "kabupaten", "Kota": "kota"}[kind]
        rest = rest.removeprefix("Administrasi ")  # DKI Jakarta's "Kota Administrasi ..."
        rows.append((r["code"], clean(r["code"], rest), kind))
    rows += [(r["code"], clean(r["code"], r["name"]), "kecamatan") for r in read_csv(pkg, "districts")]
    for r in read_csv(pkg, "villages"):
        kind = village_kind(r["code"])
        name = clean(r["code"], r["name"])
        if kind == "desa_adat":
            name = name.removeprefix("Desa Adat ")
        rows.append((r["code"], name, kind))
    rows.sort()
    return rows, full_names


def build_aliases(regions):
    names = {code: name for code, name, _ in regions}
    out, seen = [], set()
    with open(CURATED_ALIASES, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            alias, code, note = r["alias"], r["code"], r["note"]
            if code not in names:
                sys.exit(f"alias {alias!r}: unknown code {code}")
            key = (alias.casefold(), code)
            if alias.casefold() == names[code].casefold() or key in seen:
                sys.exit(f"alias {alias!r} -> {code}: redundant")
            seen.add(key)
            out.append((code, alias, note))
    out.sort(key=lambda t: (t[0], t[1].casefold()))
    return [(alias, code, note) for code, alias, note in out]


def build_papua(full_names):
    def key(name):
        return name.upper().removeprefix("KABUPATEN ").removeprefix("KAB. ").replace(" ", "")

    moved = {c: n for c, n in full_names.items() if c[:2] in NEW_PROVINCES}
    rows = []
    for old, old_name in PAPUA_OLD.items():
        old_is_kota = old_name.startswith("KOTA ")
        hits = [c for c, n in moved.items()
                if key(n) == key(old_name) and n.startswith("Kota ") == old_is_kota]
        assert len(hits) == 1, (old, old_name, hits)
        rows.append((old, hits[0], moved[hits[0]]))
    assert sorted(r[1] for r in rows) == sorted(moved), "every moved regency must be mapped"
    return sorted(rows)


def write_tsv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for row in rows:
            f.write("\t".join(row) + "\n")


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    pkg = Path(sys.argv[1])
    out = Path(sys.argv[2]) if len(sys.argv) == 3 else HERE.parent.parent / "data" / "regions"
    out.mkdir(parents=True, exist_ok=True)
    regions, full_names = build_regions(pkg)
    write_tsv(out / "regions.tsv", ("code", "name", "kind"), regions)
    write_tsv(out / "aliases.tsv", ("alias", "code", "note"), build_aliases(regions))
    write_tsv(out / "papua-2022.tsv", ("old_code", "new_code", "name"), build_papua(full_names))
    shutil.copyfile(pkg / "data" / "LICENSE.md", out / "LICENSE")
    counts = {}
    for code, _, _ in regions:
        counts[code.count(".")] = counts.get(code.count("."), 0) + 1
    print("provinces %d, regencies %d, districts %d, villages %d" % tuple(counts[i] for i in range(4)))


if __name__ == "__main__":
    main()
