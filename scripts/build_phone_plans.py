#!/usr/bin/env python3
"""Regenerates Sources/Stages/Redact/Data/phone_plans.txt from libphonenumber's metadata.

The metadata comes from PyPI `phonenumbers` (the Python port of Google's libphonenumber,
Apache-2.0): `pip install phonenumbers`. For every region (and every non-geographic calling
code) the file keeps what the redact stage checks cheaply, the way libphonenumber decides
whether a number is possible and plausible for a region:

    REGION CC TRUNK INTL LENGTH:PREFIXES ...

- CC: the country calling code;
- TRUNK: national (trunk) prefixes, comma-separated, `-` for none (RU `8`, HU `06`, LT `0,8`);
- INTL: the international call prefix when it is one fixed string (`00`, `011`, `810`), `-` otherwise;
- LENGTH:PREFIXES: for each possible length of the national significant number, the leading
  digits (at most three) with which a number of that length can match the region's general
  national-number pattern; a shorter prefix stands for all its extensions.

The prefix sets are computed exactly from the regular expressions: each pattern is parsed
(Python's own regex parser) and its language, cut to the first three digits, is computed per
length. usage: scripts/build_phone_plans.py [OUTPUT]
"""
import os, sys
import re._parser as sre_parse
import re._constants as C

import phonenumbers
from phonenumbers import PhoneMetadata

DEPTH = 3
MAXLEN = 17


def lang(node_list):
    """Language of a parsed pattern: {length: set(prefix cut to DEPTH)}."""
    res = {0: {""}}
    for op, av in node_list:
        res = concat(res, item(op, av))
    return res


def concat(a, b):
    out = {}
    for l1, s1 in a.items():
        for l2, s2 in b.items():
            l = l1 + l2
            if l > MAXLEN:
                continue
            dst = out.setdefault(l, set())
            for p1 in s1:
                if len(p1) >= DEPTH or len(p1) < l1:
                    dst.add(p1)
                else:
                    for p2 in s2:
                        dst.add((p1 + p2)[:DEPTH])
    return out


def digits_of_in(av):
    ds = set()
    negate = False
    for op, v in av:
        if op == C.NEGATE:
            negate = True
        elif op == C.LITERAL:
            ds.add(chr(v))
        elif op == C.RANGE:
            ds.update(chr(c) for c in range(v[0], v[1] + 1))
        elif op == C.CATEGORY and v == C.CATEGORY_DIGIT:
            ds.update("0123456789")
        else:
            raise ValueError(f"unsupported class item {op}")
    ds &= set("0123456789")
    if negate:
        ds = set("0123456789") - ds
    return ds


def item(op, av):
    if op == C.LITERAL:
        return {1: {chr(av)}}
    if op == C.IN:
        return {1: digits_of_in(av)}
    if op == C.SUBPATTERN:
        return lang(av[-1])
    if op == C.BRANCH:
        out = {}
        for alt in av[1]:
            for l, s in lang(alt).items():
                out.setdefault(l, set()).update(s)
        return out
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        lo, hi, sub = av
        hi = min(hi, MAXLEN)
        one = lang(sub)
        out = {}
        cur = {0: {""}}
        for k in range(hi + 1):
            if k >= lo:
                for l, s in cur.items():
                    out.setdefault(l, set()).update(s)
            cur = concat(cur, one)
            if not cur:
                break
        return out
    if op == C.AT:
        return {0: {""}}
    raise ValueError(f"unsupported regex op {op}")


def prefixes(pattern):
    return lang(sre_parse.parse(pattern))


def compress(prefs):
    """Replaces ten siblings by their parent, repeatedly; drops prefixes covered by a shorter one."""
    s = set(prefs)
    changed = True
    while changed:
        changed = False
        parents = {}
        for p in s:
            if p:
                parents.setdefault(p[:-1], set()).add(p)
        for parent, kids in parents.items():
            if len(kids) == 10 and all(parent + d in s for d in "0123456789"):
                s -= kids
                s.add(parent)
                changed = True
    return sorted(p for p in s if not any(p != q and p.startswith(q) for q in s))


def trunk_prefixes(m):
    out = set()
    if m.national_prefix:
        out.add(m.national_prefix)
    npp = m.national_prefix_for_parsing
    if npp and "(" not in npp.replace("(?:", "") and len(npp) <= 12:
        try:
            for l, s in prefixes(npp).items():
                if 0 < l <= 3 and all(len(p) == l for p in s):
                    out.update(s)
        except ValueError:
            pass
    return sorted(out) or ["-"]


def region_line(region, m):
    gd = m.general_desc
    if gd is None or not gd.national_number_pattern:
        return None
    lang_ = prefixes(gd.national_number_pattern)
    lengths = sorted(l for l in (gd.possible_length or ()) if l > 0)
    parts = []
    for l in lengths:
        ps = compress(lang_.get(l, set()))
        if ps:
            parts.append(f"{l}:{','.join(p if p else '*' for p in ps)}")
    if not parts:
        return None
    intl = m.international_prefix or "-"
    if not intl.isdigit():
        intl = m.preferred_international_prefix if (m.preferred_international_prefix or "").isdigit() else "-"
    return f"{region} {m.country_code} {','.join(trunk_prefixes(m))} {intl} {' '.join(parts)}"


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "Sources/Stages/Redact/Data/phone_plans.txt")
    lines = [
        f"# Phone numbering plans converted from libphonenumber's metadata (phonenumbers {phonenumbers.__version__}, Apache-2.0).",
        "# Regenerate with scripts/build_phone_plans.py. Format: REGION CC TRUNK INTL LENGTH:PREFIXES ...",
    ]
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        line = region_line(region, PhoneMetadata.metadata_for_region(region))
        if line:
            lines.append(line)
    for cc in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        line = region_line("001", PhoneMetadata.metadata_for_nongeo_region(cc))
        if line:
            lines.append(line)
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {out}: {len(lines) - 2} plans")


if __name__ == "__main__":
    main()
