#!/usr/bin/env python3
"""Precision/recall per entity of the redact stage on presidio-research's synthetic data.

usage: scripts/score_redact.py [--data ../shared/data/redact/presidio_generated_large.json]
                               [--bench .build/release/pipeline-bench] [--options JSON] [--errors TYPE]
       scripts/score_redact.py --suite [Tests/RedactTests/Fixtures/pii-suite.jsonl] [--errors TYPE]

--suite scores the project's own PII suite (built by scripts/make_redact_suites.py from the
numbering plans, the standards' example addresses, generated cards and IBANs, and look-alike
numerals): precision and recall per entity, and the share of look-alike numerals flagged as phones.

Runs `pipeline-bench --stage redact --emit` over the texts and reads the annotations back.
A prediction counts as correct when it overlaps a gold span of the corresponding type; a gold
span counts as found when some prediction of its type overlaps it. Offsets are Unicode code
points on both sides. Gold types without a project counterpart (ADDRESS, LOCATION, ...) are
ignored, but predictions over them count as false positives.
"""
import argparse, json, os, subprocess, sys, tempfile

MAP = {"EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "DOMAIN_NAME": "url", "IP_ADDRESS": "ip",
       "CREDIT_CARD": "credit-card", "IBAN_CODE": "iban", "US_SSN": "ssn", "PERSON": "person", "DATE_TIME": "date"}
ORDER = ["email", "phone", "url", "ip", "credit-card", "iban", "ssn", "date", "person"]
TARGETS = {"email": (0.99, 0.99), "url": (0.99, 0.99), "ip": (0.99, 0.99), "iban": (0.99, 0.99), "ssn": (0.99, 0.99),
           "credit-card": (0.99, 0.99), "phone": (0.95, 0.95), "person": (0.85, 0.80), "date": (0.90, 0.90)}

def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(root, "../shared/data/redact/presidio_generated_large.json"))
    ap.add_argument("--bench", default=os.path.join(root, ".build/release/pipeline-bench"))
    ap.add_argument("--options", default="{}")
    ap.add_argument("--errors", help="print false positives and misses of this type")
    ap.add_argument("--suite", nargs="?", const=os.path.join(root, "Tests/RedactTests/Fixtures/pii-suite.jsonl"),
                    help="score the project's own PII suite instead")
    args = ap.parse_args()
    if args.suite:
        return score_suite(args)
    data = json.load(open(args.data, encoding="utf-8"))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for i, d in enumerate(data):
            f.write(json.dumps({"id": str(i), "text": d["full_text"]}, ensure_ascii=False) + "\n")
        corpus = f.name
    out = subprocess.run([args.bench, "--stage", "redact", "--options", args.options, "--corpus", corpus, "--emit"],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(corpus)
    preds = {}
    for line in out.splitlines():
        doc = json.loads(line)
        preds[int(doc["id"])] = [(a["type"], a["start"], a["end"]) for a in doc["annotations"] if a.get("stage") == "redact"]
    tp_p = {t: 0 for t in ORDER}; n_p = {t: 0 for t in ORDER}
    tp_g = {t: 0 for t in ORDER}; n_g = {t: 0 for t in ORDER}
    errors = []
    for i, d in enumerate(data):
        gold = [(MAP[s["entity_type"]], s["start_position"], s["end_position"]) for s in d["spans"] if s["entity_type"] in MAP]
        pred = [p for p in preds.get(i, []) if p[0] in n_p]
        for t, s, e in pred:
            n_p[t] += 1
            hit = any(g[0] == t and g[1] < e and s < g[2] for g in gold)
            tp_p[t] += hit
            if not hit and args.errors == t:
                errors.append(("FP", d["full_text"][s:e], d["full_text"][max(0, s - 40):e + 40]))
        for t, s, e in gold:
            n_g[t] += 1
            hit = any(p[0] == t and p[1] < e and s < p[2] for p in pred)
            tp_g[t] += hit
            if not hit and args.errors == t:
                errors.append(("MISS", d["full_text"][s:e], d["full_text"][max(0, s - 40):e + 40]))
    print("| entity | gold | predicted | precision | recall | target P/R | met |")
    print("|---|---:|---:|---:|---:|---:|:---:|")
    for t in ORDER:
        p = tp_p[t] / n_p[t] if n_p[t] else 1.0
        r = tp_g[t] / n_g[t] if n_g[t] else 1.0
        tp, tr = TARGETS[t]
        print(f"| {t} | {n_g[t]} | {n_p[t]} | {p:.3f} | {r:.3f} | {tp:.2f} / {tr:.2f} | {'yes' if p >= tp and r >= tr else 'no'} |")
    for kind, value, ctx in errors:
        print(kind, repr(value), "   ", repr(ctx), file=sys.stderr)

def run_bench(bench, options, docs):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) + "\n")
        corpus = f.name
    out = subprocess.run([bench, "--stage", "redact", "--options", options, "--corpus", corpus, "--emit"],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(corpus)
    preds = {}
    for line in out.splitlines():
        doc = json.loads(line)
        preds[doc["id"]] = [(a["type"], a["start"], a["end"]) for a in doc["annotations"] if a.get("stage") == "redact"]
    return preds


def score_suite(args):
    docs = [json.loads(l) for l in open(args.suite, encoding="utf-8") if l.strip()]
    opts = json.loads(args.options)
    opts.setdefault("entities", ["email", "phone", "url", "ip", "credit-card", "iban", "ssn", "date"])
    preds = run_bench(args.bench, json.dumps(opts), docs)
    kinds = ["phone", "email", "url", "ip", "credit-card", "iban"]
    tp_p = {t: 0 for t in kinds}; n_p = {t: 0 for t in kinds}; tp_g = {t: 0 for t in kinds}; n_g = {t: 0 for t in kinds}
    look, look_flagged = 0, 0
    for d in docs:
        gold = [(s["type"], s["start"], s["end"]) for s in d["spans"]]
        pred = [p for p in preds.get(d["id"], []) if p[0] in n_p]
        for t, s, e in pred:
            n_p[t] += 1
            hit = any(g[0] == t and g[1] < e and s < g[2] for g in gold)
            tp_p[t] += hit
            if not hit and args.errors == t:
                print("FP", repr(d["text"][s:e]), "   ", repr(d["text"]), file=sys.stderr)
        for t, s, e in gold:
            n_g[t] += 1
            # Found: a prediction of the type that covers the whole gold span.
            hit = any(p[0] == t and p[1] <= s and e <= p[2] for p in pred)
            tp_g[t] += hit
            if not hit and args.errors == t:
                print("MISS", repr(d["text"][s:e]), "   ", repr(d["text"]), file=sys.stderr)
        if d.get("lookalike"):
            look += 1
            if any(p[0] == "phone" for p in pred):
                look_flagged += 1
                if args.errors == "lookalike":
                    print("LOOKALIKE", repr(d["text"]), file=sys.stderr)
    print("| entity | gold | predicted | precision | recall |")
    print("|---|---:|---:|---:|---:|")
    for t in kinds:
        p = tp_p[t] / n_p[t] if n_p[t] else 1.0
        r = tp_g[t] / n_g[t] if n_g[t] else 1.0
        print(f"| {t} | {n_g[t]} | {n_p[t]} | {p:.3f} | {r:.3f} |")
    print(f"look-alike numerals flagged as phones: {look_flagged}/{look} = {look_flagged / max(look, 1):.3f}")


if __name__ == "__main__":
    main()
