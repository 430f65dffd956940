#!/usr/bin/env python3
"""Phone recall on numbers the way other people write them: Faker's phone formats for 24
locales, each in three sentences (needs `pip install faker`).

usage: scripts/check_redact_phones.py [--bench .build/release/pipeline-bench]
"""
import argparse, json, os, subprocess, tempfile
from collections import Counter

from faker import Faker

LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR", "it_IT", "es_ES", "nl_NL", "pt_BR", "sv_SE", "da_DK", "fi_FI", "no_NO",
           "pl_PL", "cs_CZ", "hu_HU", "ru_RU", "en_AU", "en_CA", "ja_JP", "el_GR", "hr_HR", "sl_SI", "is_IS", "tr_TR"]
TEMPLATES = ["They're not answering at {}", "How can we reach you? You can call {}", "{} office"]

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--bench", default=os.path.join(root, ".build/release/pipeline-bench"))
args = ap.parse_args()
phones = {}
with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
    for loc in LOCALES:
        fake = Faker(loc)
        fake.seed_instance(7)
        for i in range(40):
            phone = fake.phone_number()
            for j, t in enumerate(TEMPLATES):
                phones[f"{loc}-{i}-{j}"] = phone
                f.write(json.dumps({"id": f"{loc}-{i}-{j}", "text": t.format(phone)}, ensure_ascii=False) + "\n")
    corpus = f.name
out = subprocess.run([args.bench, "--stage", "redact", "--corpus", corpus, "--emit"], capture_output=True, text=True, check=True).stdout
os.unlink(corpus)
total, found = Counter(), Counter()
missed = {}
for line in out.splitlines():
    d = json.loads(line)
    loc = d["id"].split("-")[0]
    phone = phones[d["id"]]
    total[loc] += 1
    if any(a["type"] == "phone" for a in d["annotations"]) and phone not in d["text"]:
        found[loc] += 1
    else:
        missed.setdefault(loc, set()).add(phone)
for loc in LOCALES:
    print(f"{loc}: {found[loc]}/{total[loc]}" + (f"  missed: {sorted(missed[loc])[:4]}" if loc in missed else ""))
print(f"all: {sum(found.values())}/{sum(total.values())} = {sum(found.values()) / sum(total.values()):.3f}")
