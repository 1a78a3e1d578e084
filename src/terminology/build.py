#!/usr/bin/env python3
"""Build rxnorm-products.csv (and SOURCES.md / missing-ingredients.md) for trd-rules
from public FHIR ValueSet expansions (VSAC eCQM value sets published in the CC0
cqframework content repositories, plus the CDC opioid-cds value sets).

Standard library only.  Two steps:

  1. collect  - read ValueSet JSON from bare git clones of the source repositories,
                keep every ValueSet that holds at least one in-scope RxNorm concept,
                copy it byte-for-byte into raw/ and write raw/manifest.json
                (repository, path, commit, licence line, identical copies elsewhere).

     python3 build.py collect --raw raw \
         --repo cqframework/ecqm-content-qicore-2024=/path/to/bare.git [--repo ...] \
         --retrieved 2026-12-01

  2. build    - read raw/manifest.json + raw/*.json and the trd-rules catalogue and
                write rxnorm-products.csv, SOURCES.md and missing-ingredients.md.

     python3 build.py build --raw raw --out . \
         --catalogue src/main/resources/org/trdrules/catalog/drugs.csv \
         --cms128 src/main/resources/org/trdrules/catalog/cms128-antidepressant-valueset.csv

Nothing is invented: every code, display and strength comes from an expansion
(expansion.contains) or an enumerated compose list (compose.include.concept) that
was read.  Strengths are parsed from the RxNorm name; the only arithmetic is
MG/HR x HR for transdermal systems (reported as mg per wear period).
"""
import argparse
import collections
import csv
import datetime
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from decimal import Decimal

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"

# --------------------------------------------------------------------------------------
# Ingredient normalisation
# --------------------------------------------------------------------------------------
# Salt / counter-ion words stripped from the end (or, for "acid", the form) of an
# ingredient name.  Applied repeatedly, e.g. "pramipexole dihydrochloride" -> "pramipexole".
SALT_WORDS = {
    "hydrochloride", "dihydrochloride", "hydrobromide", "sulfate", "sodium", "potassium",
    "dipotassium", "carbonate", "citrate", "fumarate", "maleate", "mesylate", "dimesylate",
    "succinate", "tartrate", "bitartrate", "besylate", "oxalate", "aspartate", "saccharate",
    "pamoate", "bromide", "chloride", "acetate", "phosphate", "malate", "l-malate", "hcl",
    "monohydrate", "anhydrous", "napsylate", "tosylate", "lactate", "gluconate", "orotate",
}

# Explicit mappings (after lower-casing and salt stripping) to the catalogue spelling.
# Every entry here is reported in SOURCES.md.
SYNONYMS = {
    "divalproex": "valproate",            # divalproex sodium = valproate semisodium
    "valproic acid": "valproate",
    "valproate": "valproate",
    "5-hydroxytryptophan": "oxitriptan",  # 5-HTP; catalogue spelling is the INN
    "l-5-hydroxytryptophan": "oxitriptan",
    "hypericum perforatum extract": "st johns wort",
    "hypericum perforatum": "st johns wort",
    "st. john's wort": "st johns wort",
    "st. john's wort extract": "st johns wort",
    "st john's wort": "st johns wort",
    "aripiprazole lauroxil": "aripiprazole",  # long-acting ester prodrug (Aristada)
    "l-tryptophan": "tryptophan",
}

# Ingredients that are not in drugs.csv but that the brief asks to be covered
# (standalone products are included in the table when they contain one of these).
EXTRA_IN_SCOPE = {
    "valproate": "anticonvulsant mood stabiliser (valproic acid / valproate sodium / divalproex sodium)",
    "carbamazepine": "anticonvulsant mood stabiliser",
    "ziprasidone": "second-generation antipsychotic (augmentation candidate)",
    "amisulpride": "antipsychotic (augmentation candidate; low-dose use in dysthymia in some countries)",
    "methylphenidate": "stimulant",
    "dexmethylphenidate": "stimulant",
    "serdexmethylphenidate": "stimulant (prodrug of dexmethylphenidate)",
    "amphetamine": "stimulant",
    "dextroamphetamine": "stimulant",
    "lisdexamfetamine": "stimulant",
    "methamphetamine": "stimulant",
    "oxitriptan": "serotonin precursor (5-hydroxytryptophan)",
    "st johns wort": "herbal antidepressant",
}
# Note: dextromethorphan, perphenazine, chlordiazepoxide, naltrexone, samidorphan ... are
# only included as co-ingredients of products that contain an in-scope ingredient
# (e.g. dextromethorphan / bupropion, amitriptyline / perphenazine); standalone
# dextromethorphan cough and cold products are out of scope.


def strip_salts(name):
    words = name.split()
    changed = True
    while changed and len(words) > 1:
        changed = False
        if words[-1] in SALT_WORDS:
            words = words[:-1]
            changed = True
    return " ".join(words)


def normalise_ingredient(raw):
    n = raw.strip().lower()
    n = re.sub(r"\s+", " ", n)
    if n in SYNONYMS:
        return SYNONYMS[n]
    s = strip_salts(n)
    if s in SYNONYMS:
        return SYNONYMS[s]
    return s


# --------------------------------------------------------------------------------------
# RxNorm name parsing
# --------------------------------------------------------------------------------------
UNIT_RE = r"(?:MG/ML|MG/HR|MG/MG|MG/ACTUAT|MG/GM|MCG/ML|MCG/HR|MCG/ACTUAT|MCG|MG|UNT/ML|UNT/MG|UNT|MEQ/ML|MEQ|%|ML/ML|GM|MMOL/ML)"
COMP_RE = re.compile(r"^(?P<name>.+?) (?P<num>\d+(?:\.\d+)?) (?P<unit>" + UNIT_RE + r")(?: (?P<rest>.*))?$")
QTY_RE = re.compile(r"^(?P<q>\d+(?:\.\d+)?) (?P<qu>ML|MG|GM|ACTUAT|UNT) (?P<rest>.+)$")
BEAD_RE = re.compile(r"^(?P<b>\d+-Bead) (?P<rest>.+)$")
# RxNorm "qualitative distinction" prefixes seen in the expansions (kept in dose_form)
QUAL_RE = re.compile(r"^(?P<q>Sensor|Sprinkle|Smoking Cessation|PMDD|Once-Daily|Evening Dosing|BX Rating|"
                     r"\d+/\d+ Release|Abuse-Deterrent) (?P<rest>.+)$")
HR_RE = re.compile(r"^(?P<h>\d+) HR (?P<rest>.+)$")


def split_top(s, sep=" / "):
    """Split on sep at bracket depth 0 (ignores separators inside (), [], {})."""
    out, depth, cur, i = [], 0, [], 0
    while i < len(s):
        ch = s[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if depth == 0 and s.startswith(sep, i):
            out.append("".join(cur))
            cur = []
            i += len(sep)
            continue
        cur.append(ch)
        i += 1
    out.append("".join(cur))
    return out


def strip_brand(s):
    """Return (name_without_final_[brand], brand or None)."""
    s = s.strip()
    if not s.endswith("]"):
        return s, None
    depth = 0
    for i in range(len(s) - 1, -1, -1):
        if s[i] == "]":
            depth += 1
        elif s[i] == "[":
            depth -= 1
            if depth == 0:
                return s[:i].strip(), s[i + 1:-1]
    return s, None


def fmt_dec(d):
    d = d.normalize()
    t = format(d, "f")
    if "." in t:
        t = t.rstrip("0").rstrip(".")
    return t


def parse_drug(display):
    """Parse an RxNorm SCD/SBD (or IN/PIN/MIN) name.

    Returns dict: kind, ingredients_raw[], ingredients[], strengths[], dose_form, brand.
    """
    name, brand = strip_brand(display)
    if name.startswith("{"):
        return parse_pack(display)
    notes = []
    qty = None
    m = QTY_RE.match(name)
    if m and COMP_RE.match(m.group("rest")):
        qty = m.group("q") + " " + m.group("qu")
        name = m.group("rest")
    bead = None
    m = BEAD_RE.match(name)
    if m:
        bead = m.group("b")
        name = m.group("rest")
    quals = []
    while True:
        m = QUAL_RE.match(name)
        if not m:
            break
        quals.append(m.group("q"))
        name = m.group("rest")
    hours = None
    m = HR_RE.match(name)
    if m:
        hours = int(m.group("h"))
        name = m.group("rest")
    parts = split_top(name)
    ingr_raw, strengths, units = [], [], []
    dose_form = ""
    has_strength = False
    for idx, p in enumerate(parts):
        m = COMP_RE.match(p.strip())
        if m:
            has_strength = True
            ingr_raw.append(m.group("name"))
            strengths.append((m.group("num"), m.group("unit")))
            units.append(m.group("unit"))
            if m.group("rest"):
                if idx != len(parts) - 1:
                    # dose form text in the middle: not a standard name, keep raw
                    notes.append("unparsed:" + m.group("rest"))
                dose_form = m.group("rest").strip()
        else:
            ingr_raw.append(p.strip())
            strengths.append(None)
    if not has_strength:
        # ingredient concept (IN / PIN / MIN) or a name without strengths
        ingr = [normalise_ingredient(x) for x in ingr_raw]
        return {"kind": "ingredient", "ingredients_raw": ingr_raw, "ingredients": ingr,
                "strengths": [""] * len(ingr), "dose_form": "", "brand": brand}
    out_str = []
    qualifiers = []
    transdermal = "Transdermal" in dose_form
    unit_set = set(u for u in units)
    for st in strengths:
        if st is None:
            out_str.append("")
            continue
        num, unit = st
        if unit == "MG":
            out_str.append(num)
        elif unit == "MG/ML":
            out_str.append(num)
        elif unit == "MG/HR" and transdermal and hours:
            out_str.append(fmt_dec(Decimal(num) * hours))
        else:
            out_str.append("")
    if "MG/ML" in unit_set:
        qualifiers.append("mg/mL")
    if "MG/HR" in unit_set and transdermal and hours:
        qualifiers.append("mg/%dh" % hours)
    elif hours:
        qualifiers.append("%d HR" % hours)
    other = sorted(u for u in unit_set if u not in ("MG", "MG/ML") and not (u == "MG/HR" and transdermal and hours))
    if other:
        qualifiers.append("strength in " + ", ".join(other) + " not given in mg")
    if bead:
        qualifiers.append(bead)
    qualifiers.extend(quals)
    if qty:
        qualifiers.append(qty.replace(" ML", " mL") + " per unit")
    df = dose_form
    if qualifiers:
        df = (df + " (" + "; ".join(qualifiers) + ")").strip()
    ingr = [normalise_ingredient(x) for x in ingr_raw]
    return {"kind": "drug", "ingredients_raw": ingr_raw, "ingredients": ingr,
            "strengths": out_str, "dose_form": df, "brand": brand, "notes": notes}


def parse_pack(display):
    name, brand = strip_brand(display)
    inner = name
    m = re.match(r"^\{(?P<body>.*)\}\s*Pack$", name)
    if not m:
        return {"kind": "pack", "ingredients_raw": [], "ingredients": [], "strengths": [],
                "dose_form": "Pack", "brand": brand, "notes": ["unparsed pack"]}
    body = m.group("body").strip()
    comps = split_top(body)
    ingr_raw, ingr = [], []
    forms = []
    for c in comps:
        c = c.strip()
        mm = re.match(r"^(?P<n>\d+) (?:\((?P<qty>[^()]*)\) )?\((?P<drug>.*)\)$", c)
        drug = mm.group("drug") if mm else c
        sub = parse_drug(drug)
        for r, n in zip(sub["ingredients_raw"], sub["ingredients"]):
            if n not in ingr:
                ingr.append(n)
                ingr_raw.append(r)
    return {"kind": "pack", "ingredients_raw": ingr_raw, "ingredients": ingr,
            "strengths": [""] * len(ingr), "dose_form": "Pack", "brand": brand}


def term_type(display, parsed):
    if parsed["kind"] == "pack":
        return "BPCK" if parsed["brand"] else "GPCK"
    if parsed["kind"] == "ingredient":
        return "IN/PIN/MIN"
    return "SBD" if parsed["brand"] else "SCD"


# --------------------------------------------------------------------------------------
# Value set reading
# --------------------------------------------------------------------------------------
def vs_identifier(vs):
    """OID for VSAC value sets; 'opioid-cds:<id>' for CDC opioid-cds value sets."""
    for ident in vs.get("identifier", []) or []:
        v = ident.get("value", "")
        v = v.replace("urn:oid:", "")
        if re.match(r"^\d+(\.\d+)+$", v):
            return v
    vid = vs.get("id", "")
    m = re.match(r"^(\d+(?:\.\d+)+)(?:-\d+)?$", vid)
    if m:
        return m.group(1)
    url = vs.get("url", "")
    m = re.search(r"/ValueSet/(\d+(?:\.\d+)+)", url)
    if m:
        return m.group(1)
    if "opioid-cds" in url:
        return "opioid-cds:" + vid
    return vid


def rx_concepts(vs):
    """[(code, display, origin, rxnorm_version)] for RxNorm, one per code.

    Codes come from expansion.contains (nested contains included); codes that appear only
    in an enumerated compose.include.concept list are added after them (origin 'compose').
    """
    out = []
    seen = set()

    def walk(contains):
        for c in contains or []:
            if c.get("system") == RXNORM and c.get("code") and c["code"] not in seen:
                seen.add(c["code"])
                out.append((c["code"], c.get("display", ""), "expansion", c.get("version")))
            walk(c.get("contains"))

    walk(vs.get("expansion", {}).get("contains"))
    for inc in vs.get("compose", {}).get("include", []) or []:
        if inc.get("system") == RXNORM:
            for c in inc.get("concept", []) or []:
                if c.get("code") and c["code"] not in seen:
                    seen.add(c["code"])
                    out.append((c["code"], c.get("display", ""), "compose", inc.get("version")))
    return out


def load_catalogue(path):
    with open(path, newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f)]


def catalogue_combinations(catalogue):
    """Catalogue entries naming a fixed combination, e.g. 'dextromethorphan-bupropion'."""
    out = {}
    for r in catalogue:
        n = r["ingredient"].strip().lower()
        if "-" in n and not n.startswith("5-"):
            out[n] = frozenset(p.strip() for p in n.split("-"))
    return out


def in_scope_set(catalogue):
    combos = catalogue_combinations(catalogue)
    s = {r["ingredient"].strip().lower() for r in catalogue} - set(combos)
    return s | set(EXTRA_IN_SCOPE)


def row_in_scope(parsed, scope):
    return any(i in scope for i in parsed["ingredients"])


# default scope used by `collect` (no catalogue needed there; build re-filters)
DEFAULT_SCOPE_WORDS = None


# --------------------------------------------------------------------------------------
# collect
# --------------------------------------------------------------------------------------
def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir", gitdir] + list(args), capture_output=True, check=True).stdout


def licence_line(gitdir):
    for name in ("LICENSE", "LICENSE.md", "LICENSE.txt"):
        try:
            text = git(gitdir, "show", "HEAD:" + name).decode("utf-8", "replace")
        except subprocess.CalledProcessError:
            continue
        for line in text.splitlines():
            if "CC0" in line:
                return name, line.strip().lstrip("> ").strip()
        return name, None
    return None, None


def cmd_collect(args):
    scope = in_scope_set(load_catalogue(args.catalogue)) if args.catalogue else None
    os.makedirs(args.raw, exist_ok=True)
    found = {}  # content hash -> entry
    skipped = []
    not_used = {}  # (code) -> {display, where[]} for in-scope codes seen only in sources that are not used
    repos = []
    for spec in args.repo:
        repo, gitdir = spec.split("=", 1)
        commit = git(gitdir, "rev-parse", "HEAD").decode().strip()
        cdate = git(gitdir, "log", "-1", "--format=%cI", "HEAD").decode().strip()
        lic_file, lic = licence_line(gitdir)
        repos.append({"repo": repo, "commit": commit, "commit_date": cdate,
                      "licence_file": lic_file, "licence_line": lic})
        unlicensed = not lic
        if unlicensed:
            skipped.append({"repo": repo, "commit": commit,
                            "reason": ("licence file %s has no CC0 statement" % lic_file) if lic_file
                            else "no licence file at HEAD"})
        files = git(gitdir, "ls-tree", "-r", "--name-only", "HEAD").decode().splitlines()
        for path in files:
            if not path.lower().endswith(".json") or "valueset" not in path.lower():
                continue
            try:
                data = git(gitdir, "show", "HEAD:" + path)
            except subprocess.CalledProcessError:
                if "vocabulary/valueset" in path:
                    skipped.append({"repo": repo, "path": path, "reason": "file content not in the snapshot (large file)"})
                continue
            try:
                vs = json.loads(data)
            except ValueError:
                continue
            if not isinstance(vs, dict) or vs.get("resourceType") != "ValueSet":
                continue
            if "ncqa.org" in vs.get("url", "").lower():
                # HEDIS value sets (canonical URL at ncqa.org, OIDs 2.16.840.1.113883.3.464.1004.*) are
                # NCQA HEDIS content with their own licence terms.  (VSAC eCQM value sets whose
                # steward/publisher is NCQA, such as CMS128's, are kept.)
                if rx_concepts(vs) and not unlicensed:
                    skipped.append({"repo": repo, "path": path, "reason": "NCQA HEDIS value set (canonical URL at ncqa.org): HEDIS content carries NCQA's own terms, so it is not used"})
                unlicensed_vs = True
            else:
                unlicensed_vs = unlicensed
            concepts = rx_concepts(vs)
            if not concepts:
                continue
            hits = 0
            for code, disp, origin, ver in concepts:
                p = parse_drug(disp)
                if scope is not None and row_in_scope(p, scope):
                    hits += 1
            if hits == 0:
                continue
            if unlicensed_vs:
                for code, disp, origin, ver in concepts:
                    if scope is not None and row_in_scope(parse_drug(disp), scope):
                        d = not_used.setdefault(code, {"display": disp, "where": []})
                        d["where"].append("%s %s (%s)" % (repo, path, vs_identifier(vs)))
                continue
            key = hashlib.sha256(json.dumps([vs_identifier(vs), vs.get("version"),
                                             sorted((c[0], c[1], c[2]) for c in concepts)]).encode()).hexdigest()
            entry = found.get(key)
            src = {"repo": repo, "path": path, "commit": commit, "commit_date": cdate,
                   "licence_file": lic_file, "licence_line": lic,
                   "blob_sha256": hashlib.sha256(data).hexdigest()}
            if entry is None:
                found[key] = {"key": key, "oid": vs_identifier(vs), "version": vs.get("version"),
                              "data": data, "sources": [src]}
            else:
                entry["sources"].append(src)
    manifest = {"retrieved": args.retrieved, "repositories": repos, "skipped": skipped,
                "in_scope_codes_in_unused_sources": not_used, "value_sets": []}
    for key, e in sorted(found.items(), key=lambda kv: (kv[1]["oid"], str(kv[1]["version"]), kv[0])):
        # primary source = most recent commit among identical copies
        e["sources"].sort(key=lambda s: s["commit_date"], reverse=True)
        fname = "%s_v%s_%s.json" % (re.sub(r"[^A-Za-z0-9.\-]", "-", e["oid"]), e["version"] or "none", key[:8])
        with open(os.path.join(args.raw, fname), "wb") as f:
            f.write(e["data"])
        manifest["value_sets"].append({"file": fname, "oid": e["oid"], "version": e["version"],
                                       "primary": e["sources"][0], "identical_copies": e["sources"][1:]})
    with open(os.path.join(args.raw, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
    print("collected %d distinct ValueSet files; skipped %d" % (len(found), len(skipped)))


# --------------------------------------------------------------------------------------
# build
# --------------------------------------------------------------------------------------
def csv_line(fields):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(fields)
    return buf.getvalue()


MONTHS = {m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}


def norm_rxnorm_version(v):
    """RxNorm release labels come as '2024-01', '01062025' (MMDDYYYY), '04-Apr-2022'; -> 'YYYY-MM-DD'."""
    if not v:
        return ""
    v = v.strip()
    m = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$", v)
    if m:
        return "%s-%s-%s" % (m.group(1), m.group(2), m.group(3) or "00")
    m = re.match(r"^(\d{2})(\d{2})(\d{4})$", v)
    if m:
        return "%s-%s-%s" % (m.group(3), m.group(1), m.group(2))
    m = re.match(r"^(\d{1,2})-([A-Za-z]{3})-(\d{4})$", v)
    if m and m.group(2).lower() in MONTHS:
        return "%s-%02d-%02d" % (m.group(3), MONTHS[m.group(2).lower()], int(m.group(1)))
    return v


def exp_rxnorm_version(vs):
    e = vs.get("expansion", {})
    rxv = ""
    for c in e.get("contains", []) or []:
        if c.get("version"):
            rxv = max(rxv, norm_rxnorm_version(c["version"]))
    for p in e.get("parameter", []) or []:
        if p.get("name") == "version" and p.get("valueString"):
            rxv = max(rxv, norm_rxnorm_version(p["valueString"]))
    return rxv


def exp_sort_key(vs):
    """Recency of an expansion: RxNorm release (normalised), else the expansion date."""
    e = vs.get("expansion", {})
    ts = e.get("timestamp") or ""
    rxv = exp_rxnorm_version(vs) or ts[:10]
    return (rxv, ts)


def cmd_build(args):
    catalogue = load_catalogue(args.catalogue)
    cat_names = {r["ingredient"].strip().lower() for r in catalogue}
    scope = in_scope_set(catalogue)
    cms128 = set()
    with open(args.cms128, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            cms128.add(r["rxnorm_code"].strip())
    with open(os.path.join(args.raw, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)

    per_code = {}       # code -> dict
    vs_stats = []
    excluded = collections.Counter()          # ingredient -> codes seen but out of scope
    excluded_vs = collections.defaultdict(set)
    display_variants = collections.defaultdict(set)
    for entry in manifest["value_sets"]:
        with open(os.path.join(args.raw, entry["file"]), "rb") as f:
            vs = json.loads(f.read())
        oid = entry["oid"]
        concepts = rx_concepts(vs)
        rank = exp_sort_key(vs)
        used = 0
        rxversions = sorted({c[3] for c in concepts if c[3]})
        for code, disp, origin, ver in concepts:
            p = parse_drug(disp)
            if not row_in_scope(p, scope):
                for i in p["ingredients"]:
                    excluded[i] += 0  # register
                continue
            used += 1
            display_variants[code].add(disp)
            rec = per_code.get(code)
            if rec is None or rank > rec["rank"]:
                keep_vs = rec["value_sets"] if rec else set()
                keep_files = rec["files"] if rec else set()
                rec = {"code": code, "display": disp, "parsed": p, "rank": rank,
                       "value_sets": keep_vs, "files": keep_files}
                per_code[code] = rec
            rec["value_sets"].add(oid)
            rec["files"].add(entry["file"])
        vs_stats.append({"entry": entry, "title": vs.get("title") or vs.get("name"),
                         "name": vs.get("name"), "rx_total": len(concepts), "used": used,
                         "expansion_id": vs.get("expansion", {}).get("identifier"),
                         "expansion_ts": vs.get("expansion", {}).get("timestamp"),
                         "rxnorm_versions": rxversions,
                         "origin": sorted({c[2] for c in concepts})})

    # out-of-scope ingredients per value set (for missing-ingredients.md)
    out_scope = collections.defaultdict(lambda: {"codes": set(), "vs": set()})
    for entry in manifest["value_sets"]:
        with open(os.path.join(args.raw, entry["file"]), "rb") as f:
            vs = json.loads(f.read())
        for code, disp, origin, ver in rx_concepts(vs):
            p = parse_drug(disp)
            if row_in_scope(p, scope):
                continue
            for i in p["ingredients"]:
                out_scope[i]["codes"].add(code)
                out_scope[i]["vs"].add(entry["oid"])

    rows = sorted(per_code.values(), key=lambda r: (" / ".join(r["parsed"]["ingredients"]), r["display"].lower(), int(r["code"])))
    with open(os.path.join(args.out, "rxnorm-products.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("rxnorm_code,display,ingredients,strengths_mg,dose_form,value_sets\n")
        for r in rows:
            p = r["parsed"]
            f.write(csv_line([r["code"], r["display"], " / ".join(p["ingredients"]),
                              " / ".join(p["strengths"]) if any(p["strengths"]) else "",
                              p["dose_form"], ";".join(sorted(r["value_sets"]))]))

    # ---- statistics
    total = len(rows)
    in_cms = sum(1 for r in rows if r["code"] in cms128)
    cms_missing = sorted(c for c in cms128 if c not in per_code)
    per_ingr = collections.Counter()
    for r in rows:
        for i in dict.fromkeys(r["parsed"]["ingredients"]):
            per_ingr[i] += 1
    tty = collections.Counter(term_type(r["display"], r["parsed"]) for r in rows)
    not_in_cat = collections.defaultdict(lambda: {"rows": 0, "alone": 0, "with": collections.Counter(), "raw": set()})
    for r in rows:
        ings = list(dict.fromkeys(r["parsed"]["ingredients"]))
        for i, raw in zip(r["parsed"]["ingredients"], r["parsed"]["ingredients_raw"]):
            if i not in cat_names:
                not_in_cat[i]["raw"].add(raw.lower())
        for i in ings:
            if i not in cat_names:
                d = not_in_cat[i]
                d["rows"] += 1
                others = [o for o in ings if o != i]
                if not others:
                    d["alone"] += 1
                for o in others:
                    d["with"][o] += 1
    conflicts = {c: v for c, v in display_variants.items() if len({x.lower() for x in v}) > 1}
    case_only = {c: v for c, v in display_variants.items() if len(v) > 1 and c not in conflicts}
    unparsed = [r for r in rows if r["parsed"].get("notes")]

    stats = {"total": total, "in_cms128": in_cms, "new": total - in_cms, "cms128_not_found": cms_missing,
             "per_ingredient": per_ingr, "tty": tty, "not_in_catalogue": not_in_cat,
             "vs_stats": vs_stats, "conflicts": conflicts, "case_only": case_only,
             "unparsed": unparsed, "out_scope": out_scope, "cat_names": cat_names, "rows": rows}
    write_sources(args, manifest, stats)
    write_missing(args, manifest, stats, catalogue)
    print("rows: %d (already in CMS128 table: %d, new: %d)" % (total, in_cms, total - in_cms))
    for i, n in per_ingr.most_common():
        print("  %-28s %d" % (i, n))


def write_sources(args, manifest, st):
    L = []
    L.append("# RxNorm product table: sources\n")
    L.append("Generated by `build.py build` from the ValueSet JSON kept in `raw/` "
             "(see `raw/manifest.json`). Retrieved %s from snapshots of the public GitHub repositories "
             "named below; nothing was typed in by hand.\n" % manifest["retrieved"])
    L.append("## Totals\n")
    L.append("- distinct RxNorm codes in `rxnorm-products.csv`: **%d**" % st["total"])
    L.append("- of these already in the current CMS128 table (`cms128-antidepressant-valueset.csv`, 178 codes): **%d**" % st["in_cms128"])
    L.append("- new codes: **%d**" % st["new"])
    if st["cms128_not_found"]:
        L.append("- CMS128 table codes not found in any expansion used: %s" % ", ".join(st["cms128_not_found"]))
    else:
        L.append("- every code of the current CMS128 table is in the new table")
    L.append("- inferred term types (from the name: `{...} Pack` = pack, trailing `[Brand]` = branded, no strength = ingredient concept): " +
             ", ".join("%s %d" % (k, v) for k, v in sorted(st["tty"].items())))
    L.append("- rows per ingredient (a row counts once for each distinct ingredient it contains): " +
             ", ".join("%s %d" % (i, n) for i, n in sorted(st["per_ingredient"].items(), key=lambda kv: (-kv[1], kv[0]))))
    n_oid = len({v["entry"]["oid"] for v in st["vs_stats"] if v["used"]})
    L.append("- value sets contributing rows: %d distinct OIDs/ids, %d distinct expansions" % (n_oid, sum(1 for v in st["vs_stats"] if v["used"])))
    L.append("")
    L.append("## Value sets used\n")
    L.append("One line per distinct expansion (same OID and version can occur with different code lists in different "
             "repositories/years; each is kept). `codes` = RxNorm codes in the file; `rows` = codes of it that are in scope "
             "and so appear in the table. Primary source = the most recently committed repository holding an identical copy.\n")
    L.append("| name | OID / id | version | expansion (id; timestamp; RxNorm version) | codes | rows | repository | path | commit | licence | retrieved | identical copies in |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for v in sorted(st["vs_stats"], key=lambda x: (x["title"] or "", x["entry"]["oid"], str(x["entry"]["version"]))):
        e = v["entry"]
        p = e["primary"]
        exp = "; ".join(x for x in [str(v["expansion_id"] or "-"), str(v["expansion_ts"] or "-"),
                                     ",".join(v["rxnorm_versions"]) or "RxNorm version not stated"])
        if v["origin"] == ["compose"]:
            exp = "no expansion; enumerated compose concepts"
        copies = ", ".join("%s@%s" % (c["repo"], c["commit"][:10]) for c in e["identical_copies"]) or "-"
        lic = "CC0 1.0 (%s)" % p["licence_file"] if p.get("licence_line") else "not confirmed"
        L.append("| %s | %s | %s | %s | %d | %d | %s | `%s` | `%s` | %s | %s | %s |" % (
            v["title"], e["oid"], e["version"] or "not stated", exp, v["rx_total"], v["used"], p["repo"], p["path"],
            p["commit"], lic, manifest["retrieved"], copies))
    L.append("")
    L.append("## Licence\n")
    L.append("| repository | commit | commit date | licence file | quoted line |")
    L.append("|---|---|---|---|---|")
    for r in manifest["repositories"]:
        L.append("| %s | `%s` | %s | %s | %s |" % (r["repo"], r["commit"], r["commit_date"], r["licence_file"] or "none",
                                                 ("\"%s\"" % r["licence_line"]) if r["licence_line"] else "no CC0 statement found"))
    L.append("")
    if manifest["skipped"]:
        L.append("Not used:\n")
        for s in manifest["skipped"]:
            L.append("- %s%s: %s" % (s["repo"], (" `" + s["path"] + "`") if s.get("path") else "", s["reason"]))
        L.append("")
    nu = manifest.get("in_scope_codes_in_unused_sources", {})
    extra = {c: d for c, d in nu.items() if c not in {r["code"] for r in st["rows"]}}
    if nu:
        L.append("In-scope codes seen only in sources that were not used (not in the table): %d\n" % len(extra))
        for c, d in sorted(extra.items(), key=lambda kv: kv[1]["display"].lower()):
            L.append("- %s %s (%s)" % (c, d["display"], "; ".join(sorted(set(w.split(" (")[-1].rstrip(")") for w in d["where"])))))
        L.append("")
    L.append(SOURCES_NOTES.replace("{EXTRA}", ", ".join(sorted(i for i in EXTRA_IN_SCOPE if i not in st["cat_names"]))))
    L.append("## Name normalisation used for `ingredients`\n")
    L.append("- lower-cased; trailing salt words removed: " + ", ".join(sorted(SALT_WORDS)))
    L.append("- explicit mappings: " + "; ".join("`%s` -> `%s`" % (k, v) for k, v in sorted(SYNONYMS.items()) if k != v))
    L.append("- the mapping `divalproex sodium` -> `valproate` (and `valproic acid` / `valproate sodium` -> `valproate`) merges the three valproate forms; "
             "`aripiprazole lauroxil` (Aristada, an ester prodrug) is counted as `aripiprazole`.")
    L.append("- combination products keep one entry per component in name order, so mixed amphetamine salts read "
             "`amphetamine / amphetamine / dextroamphetamine / dextroamphetamine` with four strengths (salt masses, not base).")
    L.append("")
    if st["conflicts"]:
        L.append("## Codes whose name differs between expansions\n")
        L.append("The table uses the name from the expansion with the newest RxNorm version.\n")
        for c, v in sorted(st["conflicts"].items(), key=lambda kv: int(kv[0])):
            L.append("- %s: %s" % (c, " | ".join(sorted(v))))
        L.append("")
    L.append("%d further codes differ between expansions only in letter case (older VSAC expansions capitalise ingredient names).\n" % len(st["case_only"]))
    if st["unparsed"]:
        L.append("## Names not fully parsed\n")
        for r in st["unparsed"]:
            L.append("- %s %s: %s" % (r["code"], r["display"], r["parsed"].get("notes")))
        L.append("")
    with open(os.path.join(args.out, "SOURCES.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(L) + "\n")


SOURCES_NOTES = """## Re-running

    python3 build.py collect --raw raw --catalogue <trd-rules>/src/main/resources/org/trdrules/catalog/drugs.csv \\
        --retrieved YYYY-MM-DD --repo cqframework/ecqm-content-qicore-2024=<bare git dir> [--repo ...]
    python3 build.py build --raw raw --out . \\
        --catalogue <trd-rules>/src/main/resources/org/trdrules/catalog/drugs.csv \\
        --cms128 <trd-rules>/src/main/resources/org/trdrules/catalog/cms128-antidepressant-valueset.csv

`build` alone regenerates the three outputs from `raw/` (no network, standard library only). The repositories
read for this version are those in the licence table above, each at the commit given.

## Scope and method

- A row is kept when at least one of its (normalised) ingredients is a `drugs.csv` ingredient or one of the
  extra ingredients named for this table that are not (yet) in `drugs.csv`: {EXTRA}. Co-ingredients of such products (perphenazine, chlordiazepoxide, dextromethorphan,
  naltrexone, samidorphan, melatonin ...) are listed in `ingredients`, but products containing only them are
  not kept; in particular dextromethorphan cough and cold products (antihistamine, antithrombotic and
  tobacco value sets) are out of scope, and only dextromethorphan / bupropion (Auvelity) is in the table.
- Only the code system `http://www.nlm.nih.gov/research/umls/rxnorm` is read. Codes come from
  `expansion.contains`; for value sets without an expansion but with an enumerated `compose.include.concept`
  list (US Core allergy substances: RxNorm ingredient-level codes) the enumerated concepts are used.
- `strengths_mg`: the number before `MG` (per unit), before `MG/ML` (per mL; `dose_form` then says `(mg/mL)`),
  or, for transdermal systems given as `MG/HR` with an `N HR` prefix, MG/HR x N (so `24 HR ... 0.25 MG/HR
  Transdermal System` gives 6, `dose_form` `(mg/24h)`; the 9-hour methylphenidate and dextroamphetamine
  patches give mg per 9 h, `(mg/9h)`). Other units are left empty and named in `dose_form`. Packs and
  ingredient concepts have no strengths. Quantified products (`0.14 ML risperidone 357 MG/ML Prefilled
  Syringe`) keep the per-mL strength and state the volume in `dose_form`. Strengths are those of the substance as
  named in RxNorm, i.e. of the salt where the name gives one (`lithium carbonate 300 MG` -> 300, `bupropion
  hydrobromide 174 MG` -> 174), even though `ingredients` drops the salt. The MG/HR rates in RxNorm names are
  rounded, so rate x hours can give figures such as 9.99 (methylphenidate 1.11 MG/HR x 9 h); these are
  arithmetic on the name, not labelled doses.
- `dose_form`: the dose-form words of the name; `(24 HR)` / `(12 HR)` records the release period given
  in the name (e.g. bupropion SR vs XL). Packs read `Pack`; ingredient concepts have an empty dose form.
- `value_sets`: OIDs (VSAC) or `opioid-cds:<id>` for the CDC opioid-cds value sets, which have no OID.
- Value set content: the VSAC value sets are published by NLM/the measure stewards; the repository copies
  are released under CC0. The US Core allergy-substance value set states that RxNorm codes of SAB=RXNORM
  are used, which NLM does not require a UMLS licence for. The CDC opioid-cds value sets carry
  "© CDC 2016+" in the resource; the repository's LICENSE.md is CC0. Check these statements before
  redistribution.
- Not used: HEDIS (NCQA) value sets found in the same repositories (NCQA content, own licence terms);
  the repository cqframework/ecqm-content-r4 (no licence file at its HEAD commit), whose older 2020
  expansions are therefore not in the table.
"""


# Ingredients worth a look when extending the catalogue (checked against what the value sets hold).
WATCH_LIST = [
    "oxcarbazepine", "topiramate", "gabapentin", "pregabalin", "lumateperone", "asenapine", "paliperidone",
    "paliperidone palmitate", "iloperidone", "haloperidol", "clozapine", "sulpiride", "flupenthixol",
    "pimavanserin", "perphenazine", "chlordiazepoxide", "dextromethorphan", "naltrexone", "samidorphan",
    "atomoxetine", "levothyroxine", "esketamine", "ketamine", "zuranolone",
    "brexanolone", "gepirone", "st johns wort", "modafinil", "armodafinil", "liothyronine",
]


MISSING_NOTES = """### Notes

- Liothyronine: no RxNorm code containing liothyronine occurs in any ValueSet file of the repositories read (the
  only matches for the word are SNOMED CT poisoning concepts in mental-health diagnosis value sets). The Desiccated
  Thyroid Medications value sets contain only `thyroid (USP)` products.
- Esketamine, zuranolone, brexanolone, gepirone, St John's wort, modafinil/armodafinil: no RxNorm code in any value
  set read. Ketamine appears only as the ingredient concept 6130 (US Core allergy substances).
- Dextromethorphan: standalone dextromethorphan products (cough and cold combinations) are deliberately left out;
  the table has only dextromethorphan / bupropion (Auvelity).
- Lithium: product codes come only from the CDC opioid-cds "non-opioid CNS depressant" value set (an archived
  expansion, RxNorm 2023-03); no VSAC eCQM lithium value set was found in these repositories. Strengths are
  lithium carbonate (salt) mg, as named.
"""


def write_missing(args, manifest, st, catalogue):
    cat = st["cat_names"]
    combos = catalogue_combinations(catalogue)
    L = []
    L.append("# Ingredients found in the value sets that are not in drugs.csv\n")
    L.append("Generated by `build.py build` against the `drugs.csv` given on the command line "
             "(%d entries when this file was generated). `rows` = codes in `rxnorm-products.csv` that contain the "
             "ingredient; `alone` = of those, single-ingredient products or ingredient concepts.\n" % len(catalogue))
    L.append("## In the table but not a drugs.csv ingredient\n")
    L.append("| ingredient | rows | alone | combined with (rows) | names in RxNorm | why in table |")
    L.append("|---|---|---|---|---|---|")
    for i, d in sorted(st["not_in_catalogue"].items(), key=lambda kv: (-kv[1]["rows"], kv[0])):
        why = EXTRA_IN_SCOPE.get(i, "co-ingredient of an in-scope product only")
        for cn, parts in combos.items():
            if i in parts:
                why += "; part of the catalogue combination entry `%s`" % cn
        w = ", ".join("%s (%d)" % (o, n) for o, n in d["with"].most_common())
        L.append("| %s | %d | %d | %s | %s | %s |" % (i, d["rows"], d["alone"], w or "-", ", ".join(sorted(d["raw"])), why))
    L.append("")
    extra_in_cat = sorted(i for i in EXTRA_IN_SCOPE if i in cat)
    if extra_in_cat:
        L.append("Extra ingredients named for this table that are already drugs.csv entries (so treated as catalogue ingredients): %s.\n" % ", ".join(extra_in_cat))
    # combination entries
    if combos:
        L.append("## drugs.csv combination entries\n")
        for cn, parts in sorted(combos.items()):
            hits = [r for r in st["rows"] if frozenset(r["parsed"]["ingredients"]) == parts]
            L.append("- `%s`: %s" % (cn, "; ".join("%s %s" % (r["code"], r["display"]) for r in hits) or "no code in any expansion read"))
        L.append("")
    L.append("## drugs.csv ingredients with no code in any expansion read\n")
    none = sorted(i for i in cat if i not in combos and st["per_ingredient"].get(i, 0) == 0)
    L.append(", ".join(none) + ".\n" if none else "none\n")
    L.append("None of the value sets read (CMS eCQM / VSAC and CDC opioid-cds sets) covers these; a further source "
             "(e.g. an RxNorm release) would be needed to get their codes.\n")
    # RxCUI cross-check: ingredient-level concepts found vs drugs.csv rxcui
    L.append("## Ingredient-level codes found, against drugs.csv `rxcui`\n")
    L.append("From the enumerated US Core allergy-substance value set (the only source here with IN/PIN/MIN codes).\n")
    L.append("| code | name in value set | normalised | drugs.csv rxcui | drugs.csv rxcui_status | agrees |")
    L.append("|---|---|---|---|---|---|")
    byname = {r["ingredient"].strip().lower(): r for r in catalogue}
    for r in st["rows"]:
        if r["parsed"]["kind"] != "ingredient":
            continue
        ings = list(dict.fromkeys(r["parsed"]["ingredients"]))
        if len(ings) != 1:
            L.append("| %s | %s | %s | - | - | multiple-ingredient concept |" % (r["code"], r["display"], " / ".join(ings)))
            continue
        c = byname.get(ings[0])
        if not c:
            L.append("| %s | %s | %s | not in drugs.csv | - | - |" % (r["code"], r["display"], ings[0]))
            continue
        agree = "yes" if c["rxcui"].strip() == r["code"] else ("drugs.csv has none" if not c["rxcui"].strip() else "no (salt/precise-ingredient code)" if r["parsed"]["ingredients_raw"][0].strip().lower() != ings[0] else "NO")
        L.append("| %s | %s | %s | %s | %s | %s |" % (r["code"], r["display"], ings[0], c["rxcui"] or "-", c.get("rxcui_status", ""), agree))
    L.append("")
    L.append("## Seen in the value sets but outside the table\n")
    L.append("Ingredients of codes that were read but not kept (no in-scope ingredient).\n")
    L.append("### In antidepressant, depression-medication, antipsychotic and ADHD/stimulant value sets\n")
    psych = set()
    for v in st["vs_stats"]:
        t = (v["title"] or "").lower()
        if any(w in t for w in ("antidepress", "depression med", "antipsychotic", "adhd", "amphetamine",
                                  "methylphenidate", "doxepin")):
            psych.add(v["entry"]["oid"])
    items = [(i, d) for i, d in st["out_scope"].items() if d["vs"] & psych]
    items.sort(key=lambda kv: (-len(kv[1]["codes"]), kv[0]))
    L.append("| ingredient | codes | value sets |")
    L.append("|---|---|---|")
    for i, d in items:
        L.append("| %s | %d | %s |" % (i, len(d["codes"]), ";".join(sorted(d["vs"] & psych))))
    L.append("")
    L.append("### Watch list\n")
    L.append("Selected psychiatric or TRD-adjacent ingredients. `in table` = rows of `rxnorm-products.csv` containing it; "
             "`read, not in table` = distinct codes containing it in the value sets kept in `raw/` that are not in the table "
             "(value sets with no in-scope code at all, e.g. the antihistamine sets full of dextromethorphan cough products "
             "or the desiccated-thyroid sets, were not kept, so their codes are not counted). The CNS-depressant sets also "
             "hold many unrelated products (benzodiazepines, hypnotics, anaesthetics, topical anaesthetics) not listed here.\n")
    L.append("| ingredient | in table | read, not in table | value sets (not in table) |")
    L.append("|---|---|---|---|")
    for i in WATCH_LIST:
        d = st["out_scope"].get(i)
        n_in = st["per_ingredient"].get(i, 0)
        L.append("| %s%s | %d | %d | %s |" % (i, " (drugs.csv)" if i in cat else "", n_in, len(d["codes"]) if d else 0,
                                            ";".join(sorted(d["vs"])) if d else "-"))
    L.append("")
    L.append(MISSING_NOTES)
    with open(os.path.join(args.out, "missing-ingredients.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(L) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect")
    c.add_argument("--raw", default="raw")
    c.add_argument("--repo", action="append", required=True, help="owner/name=path-to-bare-git-dir")
    c.add_argument("--catalogue", required=True)
    c.add_argument("--retrieved", default=datetime.date.today().isoformat())
    b = sub.add_parser("build")
    b.add_argument("--raw", default="raw")
    b.add_argument("--out", default=".")
    b.add_argument("--catalogue", required=True)
    b.add_argument("--cms128", required=True)
    a = ap.parse_args()
    if a.cmd == "collect":
        cmd_collect(a)
    else:
        cmd_build(a)


if __name__ == "__main__":
    main()
