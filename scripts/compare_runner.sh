#!/usr/bin/env bash
# Checks that a change to the runner (or the JSON reader and writer) leaves what a user sees
# byte-identical: runs this build's pipeline and another build's (main's, say) over the same
# inputs and compares stdout, stderr, exit code, the JSON run report (less its timings) and
# the files an export wrote.
#
#   scripts/compare_runner.sh BASELINE_BINARY [THIS_BINARY]
#
# Cases: the peer corpus (10,000 forwarded news items, ../shared/peers/make_corpus.py; items
# cut from the bundled sample when ../shared is absent) through a no-op, strip + redact and the
# three brief stages, each with --jobs 1 and 2; 200,000 one-letter lines; a file of bad lines
# (invalid JSON, invalid UTF-8, control characters, non-objects, missing and mistyped fields,
# duplicate keys, annotations with and without attributes, a BOM, CRLF, blank lines, an id-less
# line); a pipeline with a Markdown export per item (JSON lines, and text files as input; one
# item's file blocked by a folder, so its write fails mid-run); a SQLite export; text
# files printed to stdout with headers; stdin as one document; a failing stage under each
# on-error. Prints one line per case and exits 1 when any differs.
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=${1:?usage: $0 BASELINE_BINARY [THIS_BINARY]}
this=${2:-$PWD/.build/release/pipeline}
[ -x "$this" ] || swift build -c release --product pipeline >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$this" "$baseline" "$tmp" <<'PY'
import filecmp, json, os, re, shutil, subprocess, sys
this, baseline, tmp = sys.argv[1:4]
def path(name): return os.path.join(tmp, name)
def write(name, text):
    with open(path(name), "w", encoding="utf-8") as f: f.write(text)
    return path(name)

corpus = path("corpus.jsonl")
if os.path.exists("../shared/peers/make_corpus.py"):
    subprocess.run([sys.executable, "../shared/peers/make_corpus.py", corpus, "--docs", "10000"], check=True, stdout=subprocess.DEVNULL)
else:
    sample = open("pipelines/samples/talks-stall.txt", encoding="utf-8").read()
    with open(corpus, "w") as f:
        for i in range(10000): f.write(json.dumps({"id": "n%d" % i, "text": sample[: 300 + (i * 37) % 2000]}) + "\n")
with open(path("tiny.jsonl"), "w") as f:
    for i in range(200000): f.write(json.dumps({"id": "d%d" % i, "text": "x"}) + "\n")
bad = [b'\xef\xbb\xbf{"id": "bom", "text": "first line after a byte-order mark"}',
       b'{"text": "no id here"}', b'', b'   ', b'{"text": "crlf line"}\r',
       b'{"id": 1, "text": "1"', b'{"id": "u", "text": "bad \xff utf-8"}', b'{"id": "c", "text": "tab\there"}',
       b'[1, 2]', b'"a string"', b'null', b'{"id": "m"}', b'{"id": "t", "text": 5}', b'{"id": [1], "text": "x"}',
       b'{"id": "meta", "text": "x", "metadata": 3}', b'{"id": "dup", "text": "a", "text": "b"}',
       b'{"id": "esc", "text": "a\\u00e9\\ud83d\\ude00 \\n \\" \\\\ \\/ end", "metadata": {"source": "given", "k": [1, 2.5, true, null]}}',
       b'{"id": "ann", "text": "hello world", "annotations": [{"stage": "x", "type": "t", "start": 0, "end": 5}, {"stage": "y", "type": "u", "start": 6, "end": 11, "score": 0.5}]}',
       b'{"id": "badann", "text": "hi", "annotations": [{"stage": "x", "type": "t", "start": 0, "end": 50}]}',
       b'{"id": "ctl", "text": "raw \x01 control"}', b'{"id": "num", "text": "x", "metadata": {"n": 1e400}}',
       b'{"id": "surrogate", "text": "\\ud800"}', b'{"id": "deep", "text": "x", "metadata": {"a": ' + b'[' * 600 + b']' * 600 + b'}}',
       b'{"id": "trailing", "text": "x"} x', b'{"id": "long", "text": "' + b'y' * 70000 + b'"}',
       b'{"id": "mail", "text": "Hi Bob,\\n\\nWrite to ada@example.org or call +1 415 555 0100.\\n\\nBest,\\nAda"}', b'{"id": "last", "text": "no newline at the end"}']
with open(path("bad.jsonl"), "wb") as f: f.write(b"\n".join(bad))

noop = write("noop.yaml", "stages:\n  - export: {format: jsonl}\n")
sr = write("sr.yaml", "stages:\n  - strip-salutations\n  - redact: {entities: [email, phone, url]}\n")
brief3 = write("brief3.yaml", "stages:\n  - strip-salutations\n  - redact: {entities: [email, phone, url]}\n  - summarize: {sentences: 3}\n")
export_md = write("export.yaml", "stages:\n  - strip-salutations\n  - redact: {entities: [email, phone, url]}\n"
                  "  - summarize: {sentences: 3}\n  - export: {format: markdown, folder: \"${OUT_DIR}\", path: \"{id}.md\", overwrite: true}\n")
export_db = write("export-db.yaml", "stages:\n  - strip-salutations\n  - export: {format: sqlite, folder: \"${OUT_DIR}\", path: items.sqlite}\n")
failing = write("failing.yaml", "stages:\n  - command: {run: [sh, -c, 'cat; exit 3'], protocol: text}\n    on-error: keep\n"
                "  - redact: {entities: [email], fail-on: [email]}\n  - command: {run: [sh, -c, 'exit 4'], protocol: text}\n    on-error: skip\n")
textdir = path("texts")
os.makedirs(textdir)
with open(corpus, encoding="utf-8") as f:
    for i, line in enumerate(f):
        if i == 300: break
        open(os.path.join(textdir, "item%03d.txt" % i), "w", encoding="utf-8").write(json.loads(line)["text"])
open(os.path.join(textdir, "empty.txt"), "w").close()
open(os.path.join(textdir, "latin1.txt"), "wb").write(b"caf\xe9\n")
small = path("small.jsonl")
with open(corpus, encoding="utf-8") as f, open(small, "w", encoding="utf-8") as out:
    for i, line in enumerate(f):
        if i == 1000: break
        out.write(line)

cases = []
for name, pipeline in (("no-op", noop), ("strip+redact", sr), ("brief3", brief3)):
    for jobs in ("1", "2"):
        cases.append(("peer corpus, %s, --jobs %s" % (name, jobs), [pipeline, corpus, "--jsonl", "--jobs", jobs], None, None))
cases += [
    ("200k one-letter lines, no-op, --jobs 1", [noop, path("tiny.jsonl"), "--jsonl", "--jobs", "1"], None, None),
    ("200k one-letter lines via stdin, no-op, --jobs 2", [noop, "--jsonl", "--jobs", "2"], path("tiny.jsonl"), None),
    ("bad lines, no-op, --jobs 1", [noop, path("bad.jsonl"), "--jsonl", "--jobs", "1"], None, None),
    ("bad lines, brief3, --jobs 2", [brief3, path("bad.jsonl"), "--jsonl", "--jobs", "2"], None, None),
    ("bad lines via stdin, strip+redact", [sr, "--jsonl", "--jobs", "2"], path("bad.jsonl"), None),
    ("1,000 items, Markdown export, --jobs 1", [export_md, small, "--jsonl", "--jobs", "1"], None, "md"),
    ("1,000 items, Markdown export, --jobs 2", [export_md, small, "--jsonl", "--jobs", "2"], None, "md"),
    ("text files, Markdown export, --jobs 2", [export_md, textdir, "--jobs", "2"], None, "md"),
    ("1,000 items, Markdown export, item 500 blocked, --jobs 1", [export_md, small, "--jsonl", "--jobs", "1"], None, "md-blocked"),
    ("1,000 items, Markdown export, item 500 blocked, --jobs 2", [export_md, small, "--jsonl", "--jobs", "2"], None, "md-blocked"),
    ("1,000 items, SQLite export, --jobs 2", [export_db, small, "--jsonl", "--jobs", "2"], None, "sqlite"),
    ("text files to stdout with headers, --jobs 2", [sr, textdir, "--jobs", "2"], None, None),
    ("stdin as one document", [brief3], path("texts/item001.txt"), None),
    ("failing stages, on-error keep/skip, fail-on", [failing, path("bad.jsonl"), "--jsonl", "--jobs", "2"], None, None),
]

with open(small, encoding="utf-8") as f:
    blocked_id = [json.loads(line)["id"] for line in f][500]

def database_rows(folder):
    import sqlite3
    db = sqlite3.connect(os.path.join(folder, "items.sqlite"))
    try: return sorted(db.execute("SELECT * FROM documents").fetchall())
    finally: db.close()

def strip_timings(value):
    if isinstance(value, dict):
        return {k: strip_timings(v) for k, v in value.items() if k not in ("seconds", "started", "startTime", "duration")}
    if isinstance(value, list): return [strip_timings(v) for v in value]
    return value

def run(binary, args, stdin, out_kind, tag):
    # The same paths for both binaries (messages name them); the files are moved aside after.
    out_dir, report = path("out"), path("report.json")
    kept = path("out-" + tag)
    for stale in (out_dir, kept):
        shutil.rmtree(stale, ignore_errors=True)
    if os.path.exists(report): os.remove(report)
    os.makedirs(out_dir)
    if out_kind == "md-blocked":
        # A folder where item 500's file goes: renaming over it fails, for that document only.
        os.makedirs(os.path.join(out_dir, blocked_id + ".md"))
    env = dict(os.environ, OUT_DIR=out_dir)
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as f:
        done = subprocess.run([binary, "run", *args, "--report", report], stdin=f, capture_output=True, env=env)
    rep = strip_timings(json.load(open(report))) if os.path.exists(report) else None
    os.rename(out_dir, kept)
    return done.returncode, done.stdout, done.stderr, rep, kept

def untimed(stderr):
    """stderr less the summary line's time and rate (`12 ok, 0 failed, 0 skipped in 0.4 s, 3.1 MB/s`)."""
    return re.sub(rb"( skipped) in [^\n]*", rb"\1", stderr)

differ = 0
for name, args, stdin, out_kind in cases:
    a = run(this, args, stdin, out_kind, "this")
    b = run(baseline, args, stdin, out_kind, "base")
    problems = [what for what, x, y in (("exit code", a[0], b[0]), ("stdout", a[1], b[1]), ("stderr", untimed(a[2]), untimed(b[2])),
                                        ("report", a[3], b[3])) if x != y]
    if out_kind == "sqlite":
        if database_rows(a[4]) != database_rows(b[4]): problems.append("database rows")
        files = len(database_rows(a[4]))
    elif out_kind:
        names = sorted(n for n in os.listdir(a[4]) if os.path.isfile(os.path.join(a[4], n)))
        theirs = sorted(n for n in os.listdir(b[4]) if os.path.isfile(os.path.join(b[4], n)))
        if names != theirs or filecmp.cmpfiles(a[4], b[4], names, shallow=False)[1:] != ([], []):
            problems.append("exported files")
        files = len(names)
    print("%-55s %s (exit %d, stdout %d bytes, stderr %d lines%s)" % (
        name, "DIFFERS in " + ", ".join(problems) if problems else "identical", a[0], len(a[1]), a[2].count(b"\n"),
        (", %d rows" if out_kind == "sqlite" else ", %d files") % files if out_kind else ""), flush=True)
    differ += bool(problems)
sys.exit(1 if differ else 0)
PY
