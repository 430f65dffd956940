#!/usr/bin/env python3
"""Builds the redact stage's own PII suite, Tests/RedactTests/Fixtures/pii-suite.jsonl.

Sources (no public validator test suite and no libphonenumber example number is used):
- phones: numbers generated from libphonenumber's numbering plans (PyPI `phonenumbers`,
  Apache-2.0): random digits of a possible length for each region, kept when the library calls
  them valid, written in E.164, international and national format;
- look-alike numerals (negatives): ISBNs with valid check digits, version strings, money in
  digit groups, tracking and part numbers, ZIP+4, grid references, dates with spaces, written here;
- email, URL, IP: the standards' documentation names and addresses (RFC 2606/6761 example
  domains, RFC 5737 and RFC 3849 documentation ranges, RFC 6531 internationalized addresses),
  and invalid forms written here from the RFCs' rules;
- cards: Luhn-valid numbers generated for each issuer range and length;
- IBANs: generated for every SWIFT registry country from its BBAN format, check digits computed.

Each line: {"id", "text", "spans": [{"type", "start", "end"}]} (code-point offsets); a line
with "lookalike": true is a negative for phones. usage: scripts/make_redact_suites.py [OUTPUT]
"""
import json, os, random, re, sys

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberFormat

R = random.Random(20261202)
TEMPLATES = ["Please call {} before noon.", "Reach me at {}, thanks.", "Contact: {}", "Le numéro est {} ce soir.",
             "{} is the office line.", "Tel. {} (mobile)."]


def phones():
    out = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        m = PhoneMetadata.metadata_for_region(region)
        lengths = [l for l in (m.general_desc.possible_length or ()) if l > 0]
        found = 0
        for _ in range(4000):
            if found >= 3 or not lengths:
                break
            nsn = str(R.randint(1, 9)) + "".join(str(R.randint(0, 9)) for _ in range(R.choice(lengths) - 1))
            try:
                num = phonenumbers.parse("+" + str(m.country_code) + nsn)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.region_code_for_number(num) != region or not phonenumbers.is_valid_number(num):
                continue
            fmt = [PhoneNumberFormat.E164, PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.NATIONAL][found % 3]
            out.append(("phone", phonenumbers.format_number(num, fmt), region))
            found += 1
    return out


def isbn10():
    d = [R.randint(0, 9) for _ in range(9)]
    c = (11 - sum((10 - i) * v for i, v in enumerate(d)) % 11) % 11
    if c == 10:
        return None
    s = "".join(map(str, d)) + str(c)
    return f"{s[0]}-{s[1:4]}-{s[4:9]}-{s[9]}"


def isbn13():
    d = [9, 7, R.choice([8, 9])] + [R.randint(0, 9) for _ in range(9)]
    c = (10 - sum(v * (1 if i % 2 == 0 else 3) for i, v in enumerate(d)) % 10) % 10
    s = "".join(map(str, d)) + str(c)
    return f"{s[:3]}-{s[3]}-{s[4:6]}-{s[6:12]}-{s[12]}"


def lookalikes():
    out = []
    for _ in range(15):
        out.append(f"The ISBN is {isbn10() or isbn13()} in the catalogue.")
        out.append(f"Order the book {isbn13()} today.")
        out.append(f"Upgrade to {R.randint(1, 12)}.{R.randint(0, 9)}.{R.randint(1000, 30000)}.{R.randint(100, 3000)} before Friday.")
        out.append(f"It cost {R.randint(1, 99)} {R.randint(100, 999)} {R.randint(100, 999)} {R.choice(['EUR', 'USD', 'euros', 'dollars', 'руб', 'zł', 'kr'])} last year.")
        out.append(f"A budget of {R.choice(['$', '€', '£', '¥', 'USD ', 'EUR '])}{R.randint(1, 99)} {R.randint(100, 999)} {R.randint(100, 999)} was set.")
        out.append(f"Parcel {' '.join(str(R.randint(1000, 9999)) for _ in range(R.choice([3, 4, 5])))} is on its way.")
        out.append(f"Ship to Springfield, IL {R.randint(10000, 99999)}-{R.randint(1000, 9999)}.")
        out.append(f"Replace part no. {R.randint(100, 999)}-{R.randint(1000, 9999)}-{R.randint(10, 99)} on the pump.")
        out.append(f"Meet at grid {R.choice(['TQ', 'SU', 'NT', 'SK', 'NY'])} {R.randint(10000, 99999)} {R.randint(10000, 99999)} at dawn.")
        y, mo, d = R.randint(1950, 2030), R.randint(1, 12), R.randint(1, 28)
        out.append(R.choice([f"Signed on {y} {mo:02d} {d:02d} in Oslo.", f"Signed on {d:02d} {mo:02d} {y} in Oslo.", f"Signed on {mo:02d} {d:02d} {y} in Oslo."]))
        out.append(f"Version {R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 20)}.{R.randint(0, 9999)} is out.")
    return out


EMAILS = ["user@example.com", "first.last@example.org", "user+tag@sub.example.net", "jörg@example.com", "用户@例子.广告",
          "δοκιμή@παράδειγμα.δοκιμή", "\"john doe\"@example.com", "user@[192.0.2.1]", "o'brien@example.com",
          "info@xn--bcher-kva.example", "x@example.co.uk", "admin@mail.example.com"]
BAD_EMAILS = ["john..doe@example.com", ".user@example.com", "user.@example.com", "user@example..com", "user@-example.com",
              "user@example-.com", "user@xn--zz.example", "user@example.c", "user@example.123"]
URLS = ["https://www.example.com/path?q=1#frag", "http://example.org:8080/", "https://例え.テスト/パス/ページ",
        "https://example.com/cafe\u0301/menu", "http://user:pass@example.net/x", "https://[2001:db8::1]:443/", "http://192.0.2.10/status",
        "ftp://ftp.example.com/pub/file.txt", "https://xn--bcher-kva.example/"]
BAD_URLS = ["http://300.0.0.1/", "http://1.1.1.1.1/", "http://-error-.invalid/", "http://a..example.com/", "http://example.com:99999/",
            "http://3628126748/"]
IPS = ["192.0.2.1", "198.51.100.23", "203.0.113.254", "10.0.0.0/8", "2001:db8::1", "2001:db8:85a3::8a2e:370:7334", "::1", "::",
       "2001:db8::", "fe80::1%eth0", "::ffff:192.0.2.128", "2001:db8::/32", "1:2:3:4:5:6:7::", "64:ff9b::192.0.2.33"]
BAD_IPS = ["256.1.1.1", "192.0.2.1.5", "1:2:3:4:5:6:7:8:9", "1::2::3", "02001:db8::1"]

CARD_RANGES = [("4", 16), ("4", 13), ("4", 19), ("51", 16), ("55", 16), ("2221", 16), ("2720", 16), ("34", 15), ("37", 15),
               ("6011", 16), ("644", 16), ("65", 16), ("3528", 16), ("3589", 16), ("3530", 19), ("1800", 15), ("2131", 15),
               ("36", 14), ("300", 14), ("38", 16), ("50", 12), ("6759", 19), ("62", 16), ("62", 19), ("2200", 16), ("2204", 19),
               ("9792", 16), ("81", 16), ("1", 15)]


def luhn_complete(prefix, length):
    d = [int(c) for c in prefix] + [R.randint(0, 9) for _ in range(length - len(prefix) - 1)]
    s = 0
    for i, v in enumerate(reversed(d)):
        if i % 2 == 0:
            v *= 2
            v = v - 9 if v > 9 else v
        s += v
    return "".join(map(str, d)) + str((10 - s % 10) % 10)


def group(num, sep):
    if len(num) == 15 and num[:2] in ("34", "37"):
        return num[:4] + sep + num[4:10] + sep + num[10:]
    return sep.join(num[i:i + 4] for i in range(0, len(num), 4))


def ibans():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = []
    for line in open(os.path.join(root, "Sources/Stages/Redact/Data/iban_registry.txt"), encoding="utf-8"):
        if line.startswith("#"):
            continue
        cc, length, spec = line.split()
        bban = ""
        for count, cls in re.findall(r"(\d+)!?([nac])", spec):
            for _ in range(int(count)):
                if cls == "n":
                    bban += str(R.randint(0, 9))
                elif cls == "a":
                    bban += chr(R.randint(65, 90))
                else:
                    bban += R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        rearranged = bban + cc + "00"
        n = int("".join(str(int(c, 36)) for c in rearranged))
        iban = cc + f"{98 - n % 97:02d}" + bban
        out.append(iban)
        out.append(" ".join(iban[i:i + 4] for i in range(0, len(iban), 4)))
    return out


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "Tests/RedactTests/Fixtures/pii-suite.jsonl")
    rows = []

    def add(kind, value, template=None, negative=False, lookalike=False):
        t = template or R.choice(TEMPLATES)
        text = t.format(value)
        start = text.index(value)
        spans = [] if negative else [{"type": kind, "start": start, "end": start + len(value)}]
        row = {"id": f"{kind}-{len(rows)}", "text": text, "spans": spans}
        if negative:
            row["negative"] = kind
        if lookalike:
            row["lookalike"] = True
        rows.append(row)

    for kind, value, _ in phones():
        add("phone", value)
    for text in lookalikes():
        rows.append({"id": f"lookalike-{len(rows)}", "text": text, "spans": [], "lookalike": True})
    for e in EMAILS:
        add("email", e, "Write to {} today.")
    for e in BAD_EMAILS:
        add("email", e, "Write to {} today.", negative=True)
    for u in URLS:
        add("url", u, "See {} for more.")
    for u in BAD_URLS:
        add("url", u, "See {} for more.", negative=True)
    for ip in IPS:
        add("ip", ip, "Host {} answered.")
    for ip in BAD_IPS:
        add("ip", ip, "Host {} answered.", negative=True)
    for prefix, length in CARD_RANGES:
        for sep in ("", " ", "-", "."):
            add("credit-card", group(luhn_complete(prefix, length), sep) if sep else luhn_complete(prefix, length), "Card {} was charged.")
    for iban in ibans():
        add("iban", iban, "Pay to {} by Friday.")
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {path}: {len(rows)} cases")


if __name__ == "__main__":
    main()
