#!/usr/bin/env python3
"""Builds the name lists shipped in Sources/Stages/Redact/Names/ (run once; the output is committed).

Sources (all permissive, see Names/SOURCES.md):
  * US Census 1990 name lists (public domain), as packaged in PyPI `names` 0.3.0:
        pip download --no-deps names==0.3.0 && tar xzf names-0.3.0.tar.gz
  * Faker person and address providers (MIT), PyPI `faker`:
        pip download --no-deps faker && unzip faker-*.whl -d faker-src
  * SCOWL / wamerican word list (permissive, Kevin Atkinson), Debian package `wamerican`:
        apt-get install wamerican   # /usr/share/dict/american-english

usage: build_redact_names.py NAMES_DIR FAKER_SRC_DIR OUT_DIR
"""
import importlib, os, re, sys

names_dir, faker_dir, out_dir = sys.argv[1:4]
sys.path.insert(0, faker_dir)
word = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*$")

def ok(n):
    return len(n) >= 2 and word.match(n) is not None

given, surnames, countries = set(), set(), set()
for f in ("male", "female"):
    for line in open(os.path.join(names_dir, f"dist.{f}.first")):
        given.add(line.split()[0].lower())
for line in open(os.path.join(names_dir, "dist.all.last")):
    surnames.add(line.split()[0].lower())

pdir = os.path.join(faker_dir, "faker/providers/person")
for loc in sorted(os.listdir(pdir)):
    if loc.startswith("_"):
        continue
    P = importlib.import_module("faker.providers.person." + loc).Provider
    def names(attr):
        v = getattr(P, attr, None)
        try:
            return list(v.keys()) if isinstance(v, dict) else [x for x in (v or []) if isinstance(x, str)]
        except TypeError:
            return []
    # The generic "en" locale lists ~6,800 US baby names, many of them surnames (Jones, Davis);
    # the country locales and the Census lists cover English given names without that noise.
    for a in (("first_names", "first_names_male", "first_names_female") if loc != "en" else ()):
        given.update(n.lower() for n in names(a) if ok(n))
    for a in ("last_names", "last_names_male", "last_names_female"):
        surnames.update(n.lower() for n in names(a) if ok(n))
    A = None
    try:
        A = importlib.import_module("faker.providers.address." + loc).Provider
    except Exception:
        pass
    if loc in ("en_US",) and A is not None:
        for c in A.countries:
            countries.add(re.sub(r"\s*\(.*\)", "", c).lower())

common = set()
for line in open("/usr/share/dict/american-english", encoding="utf-8"):
    w = line.strip()
    if w and w[0].islower() and "'" not in w:
        common.add(w)

given = {n for n in given if ok(n)}
surnames = {n for n in surnames if ok(n)}

os.makedirs(out_dir, exist_ok=True)
for name, items in (("given-names.txt", given), ("surnames.txt", surnames), ("english-words.txt", common),
                    ("countries.txt", countries)):
    with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(items)) + "\n")
    print(name, len(items))
