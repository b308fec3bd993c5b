#!/usr/bin/env python3
"""Checks data/sentra/{sentra,coverage}.toml against the list of regencies.

Every regency/city must resolve to exactly one Sentra, either through a rule for the
regency itself or through a rule for its province; no two rules may name the same
region code with the same priority.

Regencies come from either
  * data/regions/regions.tsv  (tab-separated, header line, columns: code, name, kind), or
  * an unpacked idn-area-data npm package (data/provinces.csv, data/regencies.csv):
        cd /tmp && npm pack idn-area-data@4.0.1 && mkdir idn && tar xzf idn-area-data-4.0.1.tgz -C idn
        python3 tools/sentra/check.py --idn-dir /tmp/idn/package

Usage:
  python3 tools/sentra/check.py                      # summary; exit 1 on any problem
  python3 tools/sentra/check.py --lookup 73.07 35.77 # who covers these codes, and why
  python3 tools/sentra/check.py --table              # every regency with its unit

Standard library only (Python 3.11+ for tomllib).
"""
from __future__ import annotations

import argparse
import csv
import re
import signal
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SENTRA_TOML = ROOT / "data" / "sentra" / "sentra.toml"
COVERAGE_TOML = ROOT / "data" / "sentra" / "coverage.toml"
REGIONS_TSV = ROOT / "data" / "regions" / "regions.tsv"
IDN_CANDIDATES = [
    ROOT / "node_modules" / "idn-area-data",
    Path("/tmp/idn/package"),
    Path("/tmp/package"),
]

GROUPS = {"anak", "lansia", "disabilitas", "napza", "tuna_sosial", "fakir_miskin",
          "korban_bencana", "korban_kekerasan", "perempuan_rentan"}
KINDS = {"sentra", "sentra_terpadu"}
CONFIDENCE = {"documented", "inferred"}
NOTES_SOURCE = "shared/domain/sentra.md (research notes)"

PROVINCE_RE = re.compile(r"^\d{2}$")
REGENCY_RE = re.compile(r"^\d{2}\.\d{2}$")
ANY_CODE_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

SENTRA_REQUIRED = {"id": str, "name": str, "kind": str, "seat_region": str, "seat": str,
                   "province": str, "former_focus": str, "groups": list, "sources": list}
SENTRA_OPTIONAL = {"address": str, "phone": str, "email": str, "website": str,
                   "aliases": list, "status_note": str, "note": str}
RULE_REQUIRED = {"sentra": str, "region": str, "confidence": str, "source": str, "as_of": str}
RULE_OPTIONAL = {"priority": int, "note": str}


def load_regions(args) -> tuple[dict[str, str], dict[str, str], set[str], str]:
    """Returns (provinces, regencies, all known codes, description); names by code."""
    provinces: dict[str, str] = {}
    known: set[str] = set()
    regencies: dict[str, str] = {}
    if args.regions_tsv or (not args.idn_dir and REGIONS_TSV.exists()):
        path = Path(args.regions_tsv or REGIONS_TSV)
        with path.open(encoding="utf-8", newline="") as f:
            rows = csv.reader(f, delimiter="\t")
            header = next(rows)
            col = {name.strip().lower(): i for i, name in enumerate(header)}
            ci, ni = col.get("code", 0), col.get("name", 1)
            for row in rows:
                if not row or not row[ci].strip():
                    continue
                code, name = row[ci].strip(), row[ni].strip()
                known.add(code)
                if PROVINCE_RE.match(code):
                    provinces[code] = name
                elif REGENCY_RE.match(code):
                    regencies[code] = name
        return provinces, regencies, known, str(path)
    candidates = [Path(args.idn_dir)] if args.idn_dir else IDN_CANDIDATES
    for base in candidates:
        data = base / "data"
        if (data / "regencies.csv").exists():
            with (data / "provinces.csv").open(encoding="utf-8", newline="") as f:
                for r in csv.DictReader(f):
                    provinces[r["code"]] = r["name"]
            with (data / "regencies.csv").open(encoding="utf-8", newline="") as f:
                for r in csv.DictReader(f):
                    regencies[r["code"]] = r["name"]
            return provinces, regencies, set(provinces) | set(regencies), str(data)
    sys.exit("no region list: give --regions-tsv or --idn-dir (see the docstring)")


def check_keys(table: dict, required: dict, optional: dict, where: str, errors: list[str]):
    for key, typ in required.items():
        if key not in table:
            errors.append(f"{where}: missing key `{key}`")
        elif not isinstance(table[key], typ) or (typ is int and isinstance(table[key], bool)):
            errors.append(f"{where}: `{key}` must be {typ.__name__}")
    for key, typ in optional.items():
        if key in table and (not isinstance(table[key], typ)
                             or (typ is int and isinstance(table[key], bool))):
            errors.append(f"{where}: `{key}` must be {typ.__name__}")
    for key in table:
        if key not in required and key not in optional:
            errors.append(f"{where}: unknown key `{key}`")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--regions-tsv", help="regions.tsv (code, name, kind; header line)")
    ap.add_argument("--idn-dir", help="unpacked idn-area-data package directory")
    ap.add_argument("--sentra", default=str(SENTRA_TOML))
    ap.add_argument("--coverage", default=str(COVERAGE_TOML))
    ap.add_argument("--lookup", nargs="*", default=[], metavar="CODE")
    ap.add_argument("--table", action="store_true", help="print every regency with its unit")
    args = ap.parse_args()

    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    provinces, regencies, known_codes, regions_from = load_regions(args)
    errors: list[str] = []
    warnings: list[str] = []

    with open(args.sentra, "rb") as f:
        units = tomllib.load(f).get("sentra", [])
    with open(args.coverage, "rb") as f:
        rules = tomllib.load(f).get("rule", [])

    # ---- units ----
    by_id: dict[str, dict] = {}
    for i, u in enumerate(units):
        where = f"sentra[{i}] ({u.get('id', '?')})"
        check_keys(u, SENTRA_REQUIRED, SENTRA_OPTIONAL, where, errors)
        uid = u.get("id", "")
        if not SLUG_RE.match(str(uid)):
            errors.append(f"{where}: id is not a slug")
        if uid in by_id:
            errors.append(f"{where}: duplicate id")
        by_id[uid] = u
        if u.get("kind") not in KINDS:
            errors.append(f"{where}: kind must be one of {sorted(KINDS)}")
        seat = u.get("seat_region", "")
        if seat not in regencies:
            errors.append(f"{where}: seat_region {seat!r} is not a known regency/city")
        if u.get("province") not in provinces:
            errors.append(f"{where}: province {u.get('province')!r} is not a known province")
        elif not str(seat).startswith(u["province"] + "."):
            errors.append(f"{where}: seat_region {seat} is not in province {u['province']}")
        bad = set(u.get("groups", [])) - GROUPS
        if bad:
            errors.append(f"{where}: unknown groups {sorted(bad)}")
        if not u.get("sources"):
            errors.append(f"{where}: no sources")
        for s in u.get("sources", []):
            if not (s.startswith("https://") or s.startswith("http://") or s == NOTES_SOURCE):
                errors.append(f"{where}: source is neither a URL nor the research notes: {s!r}")

    # ---- rules ----
    by_code: dict[str, list[dict]] = defaultdict(list)
    for i, r in enumerate(rules):
        where = f"rule[{i}] ({r.get('sentra', '?')} {r.get('region', '?')})"
        check_keys(r, RULE_REQUIRED, RULE_OPTIONAL, where, errors)
        r.setdefault("priority", 0)
        if r.get("sentra") not in by_id:
            errors.append(f"{where}: unknown sentra id")
        code = str(r.get("region", ""))
        if not ANY_CODE_RE.match(code):
            errors.append(f"{where}: region is not a dotted Kemendagri code")
        elif PROVINCE_RE.match(code) and code not in provinces:
            errors.append(f"{where}: unknown province")
        elif REGENCY_RE.match(code) and code not in regencies:
            errors.append(f"{where}: unknown regency/city")
        elif code.count(".") >= 2 and code[:5] not in regencies:
            errors.append(f"{where}: district/village outside any known regency")
        elif code.count(".") >= 2 and len(known_codes) > len(provinces) + len(regencies):
            if code not in known_codes:
                errors.append(f"{where}: unknown district/village")
        elif code.count(".") >= 2:
            warnings.append(f"{where}: district/village code not checked (no district list loaded)")
        conf = r.get("confidence")
        if conf not in CONFIDENCE:
            errors.append(f"{where}: confidence must be one of {sorted(CONFIDENCE)}")
        src = str(r.get("source", ""))
        if conf == "inferred" and not src.startswith("inferred:"):
            errors.append(f"{where}: inferred rule whose source does not start with 'inferred:'")
        if conf == "documented" and not (src.startswith("http") or src == NOTES_SOURCE):
            errors.append(f"{where}: documented rule needs a URL or the research notes as source")
        if not DATE_RE.match(str(r.get("as_of", ""))):
            errors.append(f"{where}: as_of must be YYYY or YYYY-MM-DD")
        by_code[code].append(r)

    conflicts = []
    for code, rs in sorted(by_code.items()):
        for prio, n in Counter(r["priority"] for r in rs).items():
            if n > 1:
                conflicts.append((code, prio, [r["sentra"] for r in rs if r["priority"] == prio]))

    def winner(code: str):
        rs = by_code.get(code)
        if not rs:
            return None
        return max(rs, key=lambda r: r["priority"])

    def resolve(code: str):
        """Most specific level first: village, district, regency, province."""
        parts = code.split(".")
        for n in range(len(parts), 0, -1):
            c = ".".join(parts[:n])
            w = winner(c)
            if w:
                return c, w
        return None, None

    direct = via_province = 0
    uncovered = []
    won = Counter()
    won_doc = Counter()
    by_conf = Counter()
    table = []
    for code in sorted(regencies):
        level, w = resolve(code)
        if w is None:
            uncovered.append(code)
            table.append((code, regencies[code], "-", "-", "UNCOVERED"))
            continue
        if level == code:
            direct += 1
        else:
            via_province += 1
        won[w["sentra"]] += 1
        by_conf[w["confidence"]] += 1
        if w["confidence"] == "documented":
            won_doc[w["sentra"]] += 1
        table.append((code, regencies[code], w["sentra"], level, w["confidence"]))

    # ---- report ----
    n_doc = sum(1 for r in rules if r.get("confidence") == "documented")
    print(f"regions:   {len(provinces)} provinces, {len(regencies)} regencies/cities (from {regions_from})")
    print(f"units:     {len(units)} ({sum(1 for u in units if u.get('kind') == 'sentra_terpadu')} sentra_terpadu,"
          f" {sum(1 for u in units if 'status_note' in u)} with unconfirmed status)")
    print(f"rules:     {len(rules)} ({n_doc} documented, {len(rules) - n_doc} inferred);"
          f" {sum(1 for r in rules if PROVINCE_RE.match(str(r.get('region', ''))))} province-level,"
          f" {sum(1 for r in rules if REGENCY_RE.match(str(r.get('region', ''))))} regency-level")
    print(f"covered:   {len(regencies) - len(uncovered)} / {len(regencies)}"
          f" ({direct} by a regency rule, {via_province} through their province)")
    print(f"           resolved by a documented rule: {by_conf['documented']}, by an inferred rule: {by_conf['inferred']}")
    print(f"uncovered: {len(uncovered)}" + (f"  {' '.join(uncovered)}" if uncovered else ""))
    print(f"conflicts: {len(conflicts)}")
    for code, prio, ids in conflicts:
        print(f"  {code} priority {prio}: {', '.join(ids)}")
    idle = [u for u in by_id if won[u] == 0]
    print("regencies per unit (documented):")
    for uid in by_id:
        print(f"  {uid:15} {won[uid]:3} ({won_doc[uid]})")
    if idle:
        print(f"units that win no regency (alternates only): {', '.join(idle)}")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("error:", e)

    for code in args.lookup:
        level, w = resolve(code)
        name = regencies.get(code) or provinces.get(code) or "?"
        if w is None:
            print(f"{code} {name}: no rule -> national command-center queue")
            continue
        others = [f"{r['sentra']} (priority {r['priority']})" for r in by_code[level] if r is not w]
        unit = by_id.get(w["sentra"], {}).get("name", w["sentra"])
        print(f"{code} {name}: {unit} [{w['sentra']}] via rule for {level}"
              f" ({w['confidence']}, as_of {w['as_of']}; source: {w['source']})"
              + (f"; outranks {', '.join(others)}" if others else ""))

    if args.table:
        for row in table:
            print("\t".join(row))

    return 1 if (errors or uncovered or conflicts) else 0


if __name__ == "__main__":
    sys.exit(main())
