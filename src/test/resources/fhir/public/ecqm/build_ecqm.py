#!/usr/bin/env python3
"""Assemble cqframework eCQM test cases into one FHIR R4 collection Bundle per patient.

Usage: build_ecqm.py GIT_DIR OUT_DIR MEASURE [MEASURE ...]

GIT_DIR is a (bare) clone of a cqframework ecqm-content-* repository.  For each
MEASURE the folders input/tests/measure/<MEASURE>/<testcase>/ of the HEAD commit
are read.  Every *.json resource in a test-case folder except the MeasureReport
is put verbatim into a Bundle of type "collection"
(entry.fullUrl = "<ResourceType>/<id>", Patient first, then the others in file
name order) written to OUT_DIR/<MEASURE>/<testcase>.json.  The test-case
MeasureReport (expected populations) is copied verbatim to
OUT_DIR/<MEASURE>/expected/<testcase>.MeasureReport.json and summarised in
OUT_DIR/index.csv.  Loose files lying directly in input/tests/measure/<MEASURE>/
(not in a test-case folder) are ignored.  Python 3 standard library only.
"""
import csv
import json
import os
import subprocess
import sys


def git(gd, *args):
    return subprocess.run(["git", "--git-dir", gd, *args], check=True,
                          capture_output=True).stdout


def ls(gd, path):
    out = git(gd, "ls-tree", "HEAD", path + "/").decode()
    for line in out.splitlines():
        meta, p = line.split("\t", 1)
        yield meta.split()[1], p


def pops(mr):
    parts = []
    groups = mr.get("group", [])
    for gi, g in enumerate(groups):
        pre = ("g%d:" % (gi + 1)) if len(groups) > 1 else ""
        parts.append(pre + ",".join(
            "%s=%s" % (p["code"]["coding"][0]["code"], p.get("count"))
            for p in g.get("population", [])))
        for s in g.get("stratifier", []):
            for st in s.get("stratum", []):
                val = st.get("value", {}).get("text") or json.dumps(st.get("value"))
                parts.append(pre + "stratum[%s]:" % val + ",".join(
                    "%s=%s" % (p["code"]["coding"][0]["code"], p.get("count"))
                    for p in st.get("population", [])))
    return "; ".join(parts)


def description(mr):
    for e in mr.get("extension", []):
        if e.get("url", "").endswith("cqfm-testCaseDescription"):
            return e.get("valueMarkdown") or e.get("valueString") or ""
    return ""


def main():
    gd, out, measures = sys.argv[1], sys.argv[2], sys.argv[3:]
    rows = []
    for m in measures:
        base = "input/tests/measure/" + m
        os.makedirs(os.path.join(out, m, "expected"), exist_ok=True)
        for typ, case_path in ls(gd, base):
            if typ != "tree":
                continue
            case = case_path.rsplit("/", 1)[1]
            resources, reports = [], []
            for t2, fp in ls(gd, case_path):
                if t2 != "blob" or not fp.endswith(".json"):
                    continue
                raw = git(gd, "show", "HEAD:" + fp)
                res = json.loads(raw)
                if res.get("resourceType") == "MeasureReport":
                    reports.append((fp, raw, res))
                else:
                    resources.append((fp, res))
            resources.sort(key=lambda x: (x[1]["resourceType"] != "Patient", x[0]))
            bundle = {
                "resourceType": "Bundle",
                "id": case,
                "type": "collection",
                "entry": [{"fullUrl": "%s/%s" % (r["resourceType"], r["id"]),
                           "resource": r} for _, r in resources],
            }
            with open(os.path.join(out, m, case + ".json"), "w") as f:
                json.dump(bundle, f, indent=2, ensure_ascii=False)
                f.write("\n")
            patients = [r["id"] for _, r in resources if r["resourceType"] == "Patient"]
            for i, (fp, raw, mr) in enumerate(reports):
                suffix = "" if len(reports) == 1 else ".%d" % (i + 1)
                with open(os.path.join(out, m, "expected",
                                       case + suffix + ".MeasureReport.json"), "wb") as f:
                    f.write(raw)
            note = " | ".join(pops(mr) for _, _, mr in reports)
            name = " | ".join(description(mr) for _, _, mr in reports)
            rows.append([m, "%s/%s.json" % (m, case), name, ";".join(patients), note])
    rows.sort()
    with open(os.path.join(out, "index.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["measure", "file", "testcase_name", "patient_id", "expected_note"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
