#!/usr/bin/env python3
"""Trim a Synthea FHIR R4 patient Bundle to the resources trd-rules reads.

Usage:
    trim.py INPUT OUTPUT [--encounters N] [--claims N] [--max-bytes B]

INPUT is a Bundle JSON file (optionally bzip2-compressed, *.bz2).  OUTPUT gets
a Bundle with the same top-level members as INPUT except that `entry` only
holds the kept entries, in their original order.  Kept entries are copied
verbatim (fullUrl, resource, request, ... untouched); nothing is edited,
only whole entries are dropped.  References from kept resources to dropped
ones (e.g. Condition.encounter, Claim.provider) are left dangling on purpose.

Kept:
  * every Patient, Condition, MedicationRequest, MedicationDispense,
    MedicationStatement, Medication, Procedure and AllergyIntolerance;
  * Observations coded (LOINC) as PHQ-9 / PHQ-2 totals, panels or items;
  * up to N Encounters (default 3): first those referenced by an "anchor"
    (a depression Condition, an antidepressant MedicationRequest or a PHQ
    Observation), then the earliest others in bundle order;
  * up to N Claims (default 2): first those whose `prescription` points to an
    antidepressant MedicationRequest, then those whose items point to a kept
    Encounter, then the earliest others in bundle order.
Everything else (ExplanationOfBenefit, DiagnosticReport, DocumentReference,
CarePlan, CareTeam, Immunization, other Observations, ...) is dropped.

OUTPUT is written with a one-space indent; if that would exceed --max-bytes
(default 300000) it is written without any whitespace instead.

A one-line JSON summary (counts per resource type before/after) is printed
to stdout.  Python 3 standard library only.
"""
import argparse
import bz2
import collections
import json
import re
import sys

KEEP_ALL = {
    "Patient", "Condition", "MedicationRequest", "MedicationDispense",
    "MedicationStatement", "Medication", "Procedure", "AllergyIntolerance",
}

LOINC = "http://loinc.org"
PHQ_LOINC = {
    "44261-6",  # PHQ-9 total score [Reported]
    "44249-1",  # PHQ-9 quick depression assessment panel
    "89204-2",  # PHQ-9: Modified for Teens total score
    "89205-9",  # PHQ-9: Modified for Teens (panel)
    "55758-7",  # PHQ-2 total score [Reported]
    "55757-9",  # PHQ-2 quick depression assessment panel
    "73831-0",  # Adolescent depression screening assessment
    "73832-8",  # Adult depression screening assessment
    # PHQ-9 items
    "44250-9", "44255-8", "44259-0", "44254-1", "44251-7",
    "44258-2", "44252-5", "44253-3", "44260-8", "69722-7",
}

DEPRESSION_SNOMED = {"370143000", "36923009", "35489007"}
DEPRESSION_TEXT = re.compile(r"depress", re.I)
ANTIDEPRESSANT_TEXT = re.compile(
    r"sertraline|fluoxetine|citalopram|escitalopram|paroxetine|fluvoxamine|"
    r"bupropion|venlafaxine|desvenlafaxine|duloxetine|levomilnacipran|"
    r"trazodone|nefazodone|mirtazapine|vortioxetine|vilazodone|"
    r"amitriptyline|nortriptyline|imipramine|desipramine|doxepin|"
    r"clomipramine|protriptyline|trimipramine|amoxapine|maprotiline|"
    r"phenelzine|tranylcypromine|isocarboxazid|selegiline|esketamine",
    re.I)


def load(path):
    opener = bz2.open if path.endswith(".bz2") else open
    with opener(path, "rb") as f:
        return json.loads(f.read().decode("utf-8"))


def codings(cc):
    return (cc or {}).get("coding", []) if isinstance(cc, dict) else []


def is_phq(res):
    return any(c.get("system") == LOINC and c.get("code") in PHQ_LOINC
               for c in codings(res.get("code")))


def is_depression(res):
    for c in codings(res.get("code")):
        if c.get("code") in DEPRESSION_SNOMED or DEPRESSION_TEXT.search(c.get("display", "")):
            return True
    return False


def is_antidepressant(res, medications):
    cc = res.get("medicationCodeableConcept")
    if cc is None:
        ref = (res.get("medicationReference") or {}).get("reference")
        cc = (medications.get(ref) or {}).get("code")
    texts = [c.get("display", "") for c in codings(cc)] + [(cc or {}).get("text", "")]
    return any(ANTIDEPRESSANT_TEXT.search(t or "") for t in texts)


def keys_of(entry):
    """Strings by which other resources may reference this entry."""
    res = entry.get("resource", {})
    out = set()
    if entry.get("fullUrl"):
        out.add(entry["fullUrl"])
    if res.get("id"):
        out.add("%s/%s" % (res.get("resourceType"), res["id"]))
        out.add("urn:uuid:%s" % res["id"])
    return out


def refs_in(obj):
    found = set()
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "reference" and isinstance(v, str):
                found.add(v)
            else:
                found |= refs_in(v)
    elif isinstance(obj, list):
        for v in obj:
            found |= refs_in(v)
    return found


def trim(bundle, n_enc, n_claim):
    entries = bundle.get("entry", [])
    medications = {}
    for e in entries:
        if e.get("resource", {}).get("resourceType") == "Medication":
            for k in keys_of(e):
                medications[k] = e["resource"]

    keep = [False] * len(entries)
    anchor_refs = set()
    antidep_mr_keys = set()
    for i, e in enumerate(entries):
        r = e.get("resource", {})
        rt = r.get("resourceType")
        if rt in KEEP_ALL:
            keep[i] = True
        if rt == "Observation" and is_phq(r):
            keep[i] = True
            anchor_refs |= refs_in(r)
        elif rt == "Condition" and is_depression(r):
            anchor_refs |= refs_in(r)
        elif rt in ("MedicationRequest", "MedicationDispense", "MedicationStatement") \
                and is_antidepressant(r, medications):
            anchor_refs |= refs_in(r)
            antidep_mr_keys |= keys_of(e)

    def pick(rtype, limit, rank):
        """Keep the `limit` entries of `rtype` with the lowest (rank, position)."""
        idx = [i for i, e in enumerate(entries)
               if e.get("resource", {}).get("resourceType") == rtype]
        chosen = sorted(idx, key=lambda i: (rank(i), i))[:limit]
        for i in chosen:
            keep[i] = True
        return chosen

    enc_idx = pick("Encounter", n_enc,
                   lambda i: 0 if keys_of(entries[i]) & anchor_refs else 1)
    kept_enc_keys = set()
    for i in enc_idx:
        kept_enc_keys |= keys_of(entries[i])

    def claim_rank(i):
        r = entries[i]["resource"]
        pres = (r.get("prescription") or {}).get("reference")
        if pres and pres in antidep_mr_keys:
            return 0
        return 1 if refs_in(r.get("item", [])) & kept_enc_keys else 2

    pick("Claim", n_claim, claim_rank)

    out = {k: v for k, v in bundle.items() if k != "entry"}
    out["entry"] = [e for i, e in enumerate(entries) if keep[i]]
    return out


def count(bundle):
    return dict(sorted(collections.Counter(
        e.get("resource", {}).get("resourceType") for e in bundle.get("entry", [])).items()))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--encounters", type=int, default=3)
    ap.add_argument("--claims", type=int, default=2)
    ap.add_argument("--max-bytes", type=int, default=300000)
    a = ap.parse_args()
    src = load(a.input)
    dst = trim(src, a.encounters, a.claims)
    text = json.dumps(dst, indent=1, ensure_ascii=False)
    if len(text.encode("utf-8")) > a.max_bytes:
        text = json.dumps(dst, ensure_ascii=False, separators=(",", ":"))
    with open(a.output, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    json.dump({"output": a.output.rsplit("/", 1)[-1], "before": count(src),
               "after": count(dst)}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
