#!/usr/bin/env python3
"""Validate every ready pipeline against `pipeline schema` with an independent validator
(Python jsonschema, draft 2020-12), and show that a typo is rejected.

Usage: check_pipeline_schema.py SCHEMA.json [PIPELINE.yaml ...]   (default: pipelines/*.yaml)
Exit 0 when every pipeline validates and every typo is caught; 1 otherwise.
"""
import copy
import glob
import sys

import jsonschema
import yaml


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def main():
    schema = load(sys.argv[1])
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sys.argv[2:] or sorted(p for p in glob.glob("pipelines/*.yaml") if not p.endswith(".test.yaml"))
    failed = 0
    invalid = 0
    for path in files:
        errors = sorted(validator.iter_errors(load(path)), key=lambda e: list(e.path))
        if errors:
            failed += 1
            invalid += 1
            for e in errors:
                print(f"{path}: error: {'/'.join(map(str, e.path)) or '(top)'}: {e.message[:300]}")
        else:
            print(f"{path}: valid")
    # Typos must be rejected: a misspelled top-level key, stage option and stage name.
    brief = load("pipelines/brief.yaml")
    typos = {}
    t = copy.deepcopy(brief); t["stagse"] = t.pop("stages"); typos["top-level key 'stagse'"] = t
    t = copy.deepcopy(brief); t["stages"][1] = {"redact": {"entitys": ["email"]}}; typos["redact option 'entitys'"] = t
    t = copy.deepcopy(brief); t["stages"][2] = {"summarize": {"sentense": 3}}; typos["summarize option 'sentense'"] = t
    t = copy.deepcopy(brief); t["stages"][0] = "strip-salutation"; typos["stage 'strip-salutation'"] = t
    t = copy.deepcopy(brief); t["stages"][1] = {"redact": {"patterns": [{"name": "x", "regx": "a"}]}}; typos["redact patterns key 'regx'"] = t
    t = copy.deepcopy(brief); t["tests"] = [{"name": "x", "input": "y", "expect": {"contians": ["y"]}}]; typos["test key 'contians'"] = t
    for what, document in typos.items():
        if validator.is_valid(document):
            failed += 1
            print(f"typo not rejected: {what}")
        else:
            print(f"typo rejected: {what}")
    print(f"{len(files) - invalid} of {len(files)} pipelines valid; {len(typos)} typos checked, {failed - invalid} not rejected")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
