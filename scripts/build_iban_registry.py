#!/usr/bin/env python3
"""Regenerates Sources/Stages/Redact/Data/iban_registry.txt from the SWIFT IBAN registry as
shipped, already converted to JSON, by PyPI `schwifty` (MIT): `pip install schwifty`.

Only the registry's own countries (territories under their parent's code) are kept (schwifty's `generated.json`; its `overwrite.json`
adds national, non-registry formats, which are left out). One line per country:

    CC LENGTH BBAN-SPEC

BBAN-SPEC is the registry's notation: `4!n` four digits, `3!a` three upper-case letters,
`12!c` twelve letters or digits. usage: scripts/build_iban_registry.py [OUTPUT]
"""
import json, os, sys

import schwifty


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "Sources/Stages/Redact/Data/iban_registry.txt")
    path = os.path.join(os.path.dirname(schwifty.__file__), "iban_registry", "generated.json")
    data = json.load(open(path, encoding="utf-8"))
    lines = [f"# SWIFT IBAN registry via schwifty {schwifty.__version__} (MIT). Regenerate: scripts/build_iban_registry.py",
             "# Format: COUNTRY IBAN-LENGTH BBAN-SPEC"]
    seen = {}
    for e in data.values():
        # Territories (AX, GF, JE, ...) write their IBANs with the parent's code (FI, FR, GB).
        cc = e["iban_spec"][:2]
        seen[cc] = f"{cc} {e['iban_length']} {e['bban_spec'].replace(' ', '')}"
    lines += [seen[cc] for cc in sorted(seen)]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {out}: {len(lines) - 2} countries")


if __name__ == "__main__":
    main()
