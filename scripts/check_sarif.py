#!/usr/bin/env python3
"""Check a SARIF report of `pipeline run`: against the OASIS SARIF 2.1.0 JSON schema (by default the
copy in scripts/schemas/, see its README; --schema FILE for another, --schema none to skip), and
always structurally:
version, columnKind, one result per finding with ruleId, level, a relative artifact URI and a
region, and no snippet, fingerprint or matched value (--forbid VALUE, repeatable).
Usage: check_sarif.py REPORT.sarif [--schema SCHEMA.json] [--forbid VALUE ...]
"""
import argparse
import os
import json
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    default_schema = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemas", "sarif-schema-2.1.0.json")
    parser.add_argument("--schema", default=default_schema)
    parser.add_argument("--forbid", action="append", default=["AKIAIOSFODNN7EXAMPLE"])
    args = parser.parse_args()
    raw = open(args.report, encoding="utf-8").read()
    log = json.loads(raw)
    problems = []
    if args.schema and args.schema != "none":
        import jsonschema
        schema = json.load(open(args.schema, encoding="utf-8"))
        cls = jsonschema.validators.validator_for(schema)
        errors = list(cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(log))
        problems += [f"schema: {'/'.join(map(str, e.path))}: {e.message}" for e in errors]
        print(f"validated against {args.schema} ({cls.__name__}): {len(errors)} error(s)")
    else:
        print("schema check skipped (--schema none): structural checks only")
    if log.get("version") != "2.1.0":
        problems.append("version is not 2.1.0")
    for run in log.get("runs", []):
        if run.get("columnKind") != "unicodeCodePoints":
            problems.append("run.columnKind is not unicodeCodePoints")
        rules = [r["id"] for r in run["tool"]["driver"].get("rules", [])]
        for i, result in enumerate(run.get("results", [])):
            where = f"results[{i}]"
            if result.get("level") not in ("error", "note", "warning"):
                problems.append(f"{where}: level {result.get('level')}")
            if result.get("ruleId") not in rules:
                problems.append(f"{where}: ruleId {result.get('ruleId')} not among the rules")
            for key in ("fingerprints", "partialFingerprints"):
                if key in result:
                    problems.append(f"{where}: has {key}")
            for location in result.get("locations", []):
                physical = location["physicalLocation"]
                uri = physical["artifactLocation"].get("uri")
                if uri is not None and uri.startswith("/"):
                    problems.append(f"{where}: uri {uri} is not relative")
                region = physical.get("region", {})
                if "snippet" in region or "contextRegion" in physical:
                    problems.append(f"{where}: has a snippet")
                if "startLine" not in region:
                    problems.append(f"{where}: no region.startLine")
    for value in args.forbid:
        if value in raw:
            problems.append(f"the report contains a matched value ({value[:4]}…)")
    results = sum(len(r.get("results", [])) for r in log.get("runs", []))
    for p in problems:
        print("error:", p)
    print(f"{args.report}: {results} results, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
