#!/usr/bin/env bash
# Checks that two builds of pipeline-bench redact byte-identically: `--emit` output on the redact
# bench corpora (one article and ~64 KB per document), the PII, secrets and names suites and, when
# ../shared is there, presidio's synthetic set; with every detector, without person, person alone
# and with pseudonyms; email, phone and url together (the end-to-end benchmark's set), each alone, with
# person, date alone and secret alone (the kinds that narrow what the scanner looks at); also on the
# peer news items (../shared/peers) and seeded adversarial texts around the trigger bytes. Prints one line per corpus and option set; exits 1 on any difference.
# usage: scripts/compare_redact.sh BASE_PIPELINE_BENCH [THIS_PIPELINE_BENCH]
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="$1"; THIS="${2:-.build/release/pipeline-bench}"
FIX=Tests/RedactTests/Fixtures
corpora=("$FIX/pii-suite.jsonl" "$FIX/secrets_suite.jsonl" "$FIX/names-suite.jsonl")
if [ -f ../shared/data/summarize/cnndm_dev100.jsonl ]; then
  for shape in 0 64; do
    [ -f .build/redact-bench-$shape.jsonl ] || python3 scripts/make_redact_bench_corpus.py .build/redact-bench-$shape.jsonl 8 $shape
    corpora+=(".build/redact-bench-$shape.jsonl")
  done
else
  echo "skipping the bench corpora: ../shared/data is not here"
fi
if [ -f ../shared/data/redact/presidio_generated_large.json ]; then
  python3 -c 'import json,sys
with open(".build/redact-presidio.jsonl","w") as out:
    for i, d in enumerate(json.load(open("../shared/data/redact/presidio_generated_large.json"))):
        out.write(json.dumps({"id": str(i), "text": d["full_text"]}, ensure_ascii=False) + "\n")'
  corpora+=(".build/redact-presidio.jsonl")
fi
# Adversarial texts around the trigger bytes of the email/phone/url scan (seeded, so reproducible).
python3 - .build/redact-triggers.jsonl <<'PY'
import json, random, sys
pieces = ["the", "market", "said", "x", "ab", "said.", "e.g.", "U.S.", "No.", "jane@example.com", "a@b", "x.y@z.co", "@", "a@",
          "@b.com", '"john doe"@example.com', "jane.@example.com", "bob@[192.0.2.1]", "root@[IPv6:2001:db8::1]", "user+tag@sub.example.org",
          "ünïcode@bücher.de", "https://example.com/a", "http://10.0.0.1:8080/x", "http://300.1.1.1", "HTTP://Example.COM",
          "ftp://ftp.example.net/f.txt", "https://u:p@host.example.com/p?q=1#f", "http://[2001:db8::1]/", "https:", "(https://example.com/x)",
          "www.example.org", "www.", "WWW.Example.Org", "example.com", "example.com/path", "example.co.uk", "example.Com", "example.notatld",
          "file.txt", "v1.2", "3.14", "foo.bar.baz", "go.dev", "x.com", "-example.com", "10.0.0.1", "1.2.3.4.5", "+44 20 7946 0958",
          "(555) 123-4567", "+1 (415) 555-0132", "555-0132", "+", "(", "(0)", "020 7946 0958", "1-800-555-0199", "ext. 12", "a1b2c3",
          "abc123.com", "3com.com", "2019", "10:30", "4111 1111 1111 1111", "tel:+442079460958", "café", "naïve.com", "é@é.fr",
          "ü+44 20 7946 0958", "—", "\u00a0", "日本.jp", "＋４４ ２０ ７９４６ ０９５８", "ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ", "20\u00a07946\u00a00958",
          "a\u200bb@example.com", "_foo.com", "foo_.com", "'", '"', ")", ":", ".", "\n"]
seps = [" ", " ", "", ", ", ". ", "\n", ":", "(", ")", ".", "-", "/", "é", "@", "+"]
rng = random.Random(15)
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for i in range(3000):
        text = "".join(rng.choice(pieces) + rng.choice(seps) for _ in range(rng.randint(1, 30)))
        out.write(json.dumps({"id": "t%d" % i, "text": text}, ensure_ascii=False) + "\n")
PY
corpora+=(".build/redact-triggers.jsonl")
# The peer news items (the end-to-end benchmark's corpus), when ../shared/peers is here.
if [ -f ../shared/peers/make_corpus.py ]; then
  [ -f .build/redact-peer-news.jsonl ] || python3 ../shared/peers/make_corpus.py .build/redact-peer-news.jsonl --docs 1000 >/dev/null
  corpora+=(".build/redact-peer-news.jsonl")
fi
NONPERSON='{"entities":["email","phone","url","ip","credit-card","iban","ssn","date","secret"]}'
status=0
for corpus in "${corpora[@]}"; do
  for options in '{}' "$NONPERSON" '{"entities":["email","phone","url"]}' '{"entities":["email"]}' '{"entities":["phone"]}' \
                 '{"entities":["url"]}' '{"entities":["email","url"],"replace-with":"mask"}' '{"entities":["email","phone","url","person"]}' \
                 '{"entities":["date"]}' '{"entities":["secret"]}' \
                 '{"entities":["person"]}' '{"entities":["person"],"replace-with":"pseudonym"}'; do
    a=$("$BASE" --stage redact --corpus "$corpus" --options "$options" --emit | sha256sum)
    b=$("$THIS" --stage redact --corpus "$corpus" --options "$options" --emit | sha256sum)
    if [ "$a" = "$b" ]; then echo "same      $(basename "$corpus") $options"; else echo "DIFFERENT $(basename "$corpus") $options"; status=1; fi
  done
done
exit $status
