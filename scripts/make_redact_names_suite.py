#!/usr/bin/env python3
"""Writes the person/date suite for `redact` (Tests/RedactTests/Fixtures/names-suite.jsonl).

Sentences are generated with Faker (PyPI `faker`, MIT) in 22 locales: names, cities,
companies, streets and dates come from Faker's providers, the carrier sentences from the
frames below. Each line is {"id", "locale", "text", "spans": [{"type", "start", "end"}]}
with offsets in Unicode code points; `type` is `person` or `date`. Negatives carry no span
of the type they tempt: Faker cities and companies (many hold a given name or surname:
"East Jennifer", "Kovács és Társa Kft."), street names, weekday names alone and bare years
(a year alone is not a date to redact, as in HIPAA Safe Harbor).

Names in Cyrillic are written in Latin letters the way English news does (the generator's
own transliteration table, independent of `build_redact_names.py`'s); Japanese and Chinese
names use Faker's romanized lists.

usage: scripts/make_redact_names_suite.py [OUT] [--per-locale N] [--seed S]
"""
import argparse, json, os, random

from faker import Faker

LOCALES = ["en_US", "en_GB", "en_IN", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_BR", "nl_NL", "pl_PL", "cs_CZ",
           "hu_HU", "sl_SI", "hr_HR", "ro_RO", "tr_TR", "sv_SE", "fi_FI", "ru_RU", "uk_UA", "ja_JP", "zh_CN"]

# A news-style transliteration (close to BGN/PCGN, with the common "-y" endings).
CYR = dict(zip("абвгдезийклмнопрстуфцыэ", ["a", "b", "v", "g", "d", "e", "z", "i", "y", "k", "l", "m", "n", "o",
                                            "p", "r", "s", "t", "u", "f", "ts", "y", "e"]))
CYR.update({"ё": "yo", "ж": "zh", "х": "kh", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ь": "", "ю": "yu",
            "я": "ya", "є": "ye", "і": "i", "ї": "yi", "ґ": "g"})


def translit(s):
    out = []
    for ch in s:
        low = ch.lower()
        if low in CYR:
            t = CYR[low]
            out.append(t.capitalize() if ch != low and t else t)
        else:
            out.append(ch)
    r = "".join(out)
    return r.replace("iy ", "y ").removesuffix("iy") if r.endswith("iy") else r


class Person:
    def __init__(self, fake, locale):
        if locale in ("ja_JP", "zh_CN"):
            self.first, self.last = fake.first_romanized_name(), fake.last_romanized_name()
        else:
            self.first, self.last = fake.first_name(), fake.last_name()
            if locale in ("ru_RU", "uk_UA"):
                self.first, self.last = translit(self.first), translit(self.last)
        self.full = f"{self.first} {self.last}"


def date_long(fake):
    d = fake.date_between("-30y", "+2y")
    return random.choice([d.strftime("%B %-d, %Y"), d.strftime("%-d %B %Y"), d.strftime("%b. %-d"),
                          d.strftime("%B %-d"), d.strftime("%A, %B %-d, %Y"), d.strftime("%-dth of %B %Y").replace("1th", "1st").replace("2th", "2nd").replace("3th", "3rd").replace("11st", "11th").replace("12nd", "12th").replace("13rd", "13th")])


def date_numeric(fake):
    d = fake.date_between("-60y", "+2y")
    return random.choice([d.isoformat(), d.strftime("%m/%d/%Y"), d.strftime("%d.%m.%Y"), d.strftime("%-m/%-d/%Y")])


# Frames: (text, kind). {P} full name, {F} given name, {L} surname, {Q} a second full name,
# {CITY} {CITY2} {CO} {STREET} negatives, {DATE} {NDATE} dates, {WD} a weekday, {YEAR} a year.
POSITIVE = [
    "{P} joined the team last week.",
    "I spoke with {P} about the invoice.",
    "The report was written by {P} and reviewed by {Q}.",
    "{L} said the talks would resume.",
    "According to {L}, the shipment is late.",
    "Dr. {L} will see you now.",
    "Name: {P}\nRole: analyst",
    "Best,\n{P}",
    "Kind regards,\n{P}\nAccounts team",
    "Thanks,\n{F}",
    "My name is {P} and I need help with my account.",
    "Minister {L} visited the plant.",
    "Hi {F},\n\nthe files are attached.",
    "We met {P}, the new head of sales.",
    "cc: {P}",
    "Mrs. {L} called twice this morning.",
    "The prize went to {P}.",
    "{P} was promoted.",
    "Ask {F} or {L} for the key.",
    "Professor {L} told the committee that the results were wrong.",
]
NEGATIVE = [
    "The office in {CITY} reopened.",
    "{CO} reported higher profits this quarter.",
    "We shipped the order to {CITY}.",
    "She moved from {CITY} to {CITY2}.",
    "{STREET} is closed for repairs.",
    "The {CO} team sent a quote.",
    "See you on {WD}.",
    "Revenue grew in {YEAR}.",
    "Flights to {CITY} were cancelled.",
    "Our supplier, {CO}, is late again.",
    "Every {WD} the shop opens at nine.",
    "The warehouse on {STREET} ships to {CITY}.",
]
DATES = [
    "The contract was signed on {DATE}.",
    "Due date: {NDATE}",
    "Born {NDATE} in {CITY}.",
    "We will meet on {DATE} to sign.",
    "Invoice dated {NDATE} is unpaid.",
]


def fill(frame, fake, locale):
    p, q = Person(fake, locale), Person(fake, locale)
    values = {
        "P": (p.full, "person"), "F": (p.first, "person"), "L": (p.last, "person"), "Q": (q.full, "person"),
        "CITY": (fake.city(), None), "CITY2": (fake.city(), None), "CO": (fake.company(), None),
        "STREET": (fake.street_name(), None), "DATE": (date_long(fake), "date"), "NDATE": (date_numeric(fake), "date"),
        "WD": (fake.day_of_week(), None), "YEAR": (fake.year(), None),
    }
    if locale in ("ru_RU", "uk_UA"):
        for k in ("CITY", "CITY2", "CO", "STREET"):
            values[k] = (translit(values[k][0]), None)
    if locale not in ("en_US", "en_GB", "en_IN"):
        values["WD"] = (random.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]), None)
    text, spans, i = "", [], 0
    while i < len(frame):
        if frame[i] == "{":
            j = frame.index("}", i)
            value, kind = values[frame[i + 1:j]]
            if kind:
                spans.append({"type": kind, "start": len(text), "end": len(text) + len(value)})
            text += value
            i = j + 1
        else:
            text += frame[i]
            i += 1
    return text, spans


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?", default=os.path.join(root, "Tests/RedactTests/Fixtures/names-suite.jsonl"))
    ap.add_argument("--per-locale", type=int, default=60)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    random.seed(args.seed)
    with open(args.out, "w", encoding="utf-8") as f:
        for locale in LOCALES:
            fake = Faker(locale)
            fake.seed_instance(args.seed)
            frames = POSITIVE + NEGATIVE + DATES
            for k in range(args.per_locale):
                frame = frames[k % len(frames)] if k < len(frames) else random.choice(frames)
                text, spans = fill(frame, fake, locale)
                f.write(json.dumps({"id": f"{locale}-{k}", "locale": locale, "text": text, "spans": spans},
                                   ensure_ascii=False) + "\n")
    print(args.out)


if __name__ == "__main__":
    main()
