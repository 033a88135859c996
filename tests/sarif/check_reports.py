#!/usr/bin/python3
"""Check the SARIF and JUnit reports of lint and scan against the JSON one.

usage: check_reports.py STRIDEWATCH SCHEMA PROJECT SNAPSHOT

Lints the PROJECT directory and scans the SNAPSHOT file in the json, sarif
and junit formats. Each SARIF log is validated against the SARIF 2.1.0
SCHEMA with Debian's python3-jsonschema. The SARIF results and the JUnit
test cases must match the JSON report: the same failed (rule, object)
pairs at the same lines, and one test case per (rule, object).
"""
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import jsonschema

FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)


def run(binary, args, cwd):
    """Run stridewatch; exit 0 or 1 (a gate) are both a finished report."""
    proc = subprocess.run([binary] + args, cwd=cwd, capture_output=True,
                          check=False)
    if proc.returncode not in (0, 1):
        sys.exit(f"stridewatch {' '.join(args)} exited {proc.returncode}: "
                 f"{proc.stderr.decode(errors='replace')}")
    return proc.stdout


def validate_sarif(validator, log, what):
    for error in sorted(validator.iter_errors(log), key=str):
        where = "/".join(str(p) for p in error.absolute_path)
        FAILURES.append(f"{what}: /{where}: {error.message}")


def json_findings(report, lint):
    """(rule, target, object, line) of each failed or errored result."""
    found = set()
    for host in report["hosts"]:
        for r in host["results"]:
            if r["status"] not in ("fail", "error"):
                continue
            obj = r["object"]
            name = obj["id"] if obj["kind"] == "dockerfile" else obj["name"]
            line = r.get("location", {}).get("line", 0) if lint else 0
            found.add((r["rule"], host["name"], name, line))
    return found


def sarif_findings(log, lint):
    run0 = log["runs"][0]
    rules = run0["tool"]["driver"]["rules"]
    found = set()
    for res in run0["results"]:
        idx = res["ruleIndex"]
        check(rules[idx]["id"] == res["ruleId"],
              f"result {res['ruleId']} has ruleIndex {idx} of "
              f"{rules[idx]['id']}")
        loc = res["locations"][0]
        logical = loc["logicalLocations"][0]
        target = logical["fullyQualifiedName"].rsplit("/", 1)[0]
        line = 0
        if lint:
            phys = loc.get("physicalLocation")
            check(phys is not None, f"{res['ruleId']}: no file location")
            if phys:
                art = phys["artifactLocation"]
                check(art.get("uriBaseId") == "%SRCROOT%",
                      f"{art['uri']}: not relative to %SRCROOT%")
                check(art["uri"] == target,
                      f"uri {art['uri']} is not the file {target}")
                line = phys["region"]["startLine"]
        level = {"low": "note", "medium": "warning", "high": "error",
                 "critical": "error"}[res["properties"]["severity"]]
        check(res["level"] == level,
              f"{res['ruleId']}: level {res['level']}, expected {level}")
        found.add((res["ruleId"], target, logical["name"], line))
    for rule in rules:
        check("fix" in rule["help"]["text"].lower(),
              f"rule {rule['id']}: the help text has no fix")
        check(rule["properties"]["stride"], f"rule {rule['id']}: no STRIDE")
    return found


def json_cases(report, lint):
    """(rule, target, object, status) of each result JUnit should list."""
    cases = set()
    for host in report["hosts"]:
        for r in host["results"]:
            obj = r["object"]
            if lint and obj["kind"] not in ("service", "dockerfile"):
                continue
            cases.add((r["rule"], host["name"],
                       f"{obj['kind']} {obj['name']}", r["status"]))
    return cases


def junit_cases(xml_bytes):
    root = ET.fromstring(xml_bytes)
    check(root.tag == "testsuites", "the root element is not testsuites")
    cases = set()
    total = 0
    for suite in root.findall("testsuite"):
        listed = suite.findall("testcase")
        check(int(suite.get("tests")) == len(listed),
              f"suite {suite.get('name')}: tests={suite.get('tests')}, "
              f"{len(listed)} test cases")
        for case in listed:
            total += 1
            if case.find("failure") is not None:
                status = "fail"
            elif case.find("error") is not None:
                status = "error"
            elif case.find("skipped") is not None:
                status = "skipped-like"
            else:
                status = "pass"
            rule = case.get("name").split(" ", 1)[0]
            cases.add((rule, suite.get("name"), case.get("classname"),
                       status))
    check(int(root.get("tests")) == total,
          f"testsuites tests={root.get('tests')}, {total} test cases")
    return cases


def fold_skips(cases):
    skip = {"manual", "not_applicable", "skipped", "waived"}
    return {(r, t, o, "skipped-like" if s in skip else s)
            for r, t, o, s in cases}


def compare(name, got, want):
    for item in sorted(want - got):
        FAILURES.append(f"{name}: missing {item}")
    for item in sorted(got - want):
        FAILURES.append(f"{name}: unexpected {item}")


def check_command(binary, validator, args, cwd, lint):
    report = json.loads(run(binary, args + ["--format", "json"], cwd))
    sarif = json.loads(run(binary, args + ["--format", "sarif"], cwd))
    junit = run(binary, args + ["--format", "junit"], cwd)
    what = " ".join(args)
    validate_sarif(validator, sarif, f"{what} SARIF")
    compare(f"{what} SARIF results", sarif_findings(sarif, lint),
            json_findings(report, lint))
    compare(f"{what} JUnit test cases", junit_cases(junit),
            fold_skips(json_cases(report, lint)))
    return report


def main(argv):
    if len(argv) != 5:
        sys.exit(__doc__.strip())
    binary, schema_path, project, snapshot = (os.path.abspath(a)
                                              for a in argv[1:])
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.FormatChecker())

    report = check_command(binary, validator, ["lint", "."], project, True)
    check(any(r["status"] == "fail" for h in report["hosts"]
              for r in h["results"]), "the project lints without a failure")
    check_command(binary, validator, ["scan", "--snapshot", snapshot],
                  project, False)

    # An absolute path gives file:// URIs, which must validate too.
    sarif = json.loads(run(binary, ["lint", "--format", "sarif", project],
                           "/"))
    validate_sarif(validator, sarif, "lint ABSOLUTE SARIF")
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"]}
    check(uris and all(u.startswith("file:///") for u in uris),
          f"absolute paths gave URIs {sorted(uris)[:3]}")

    for failure in FAILURES:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
