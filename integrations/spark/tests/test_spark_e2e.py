"""End-to-end tests of run_spark.py on a real local Spark (`local[2]`), each record compared with a
single-process `pipeline run` of the same binary. Skipped, with the reason, when pyspark or Java 17+
is missing or $PIPELINE_BIN is not set; `.ci/steps/spark.sh` provides all three.

    PIPELINE_BIN=.build/debug/pipeline python -m unittest integrations/spark/tests/test_spark_e2e.py
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
RUN_SPARK = os.path.join(os.path.dirname(HERE), "run_spark.py")
FIXTURES = os.path.join(HERE, "fixtures")
BINARY = os.environ.get("PIPELINE_BIN", "")
ITEMS = int(os.environ.get("SPARK_E2E_ITEMS", "10000"))


def java_major():
    try:
        out = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr
    except OSError:
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2)) if major == 1 and match.group(2) else major


def skip_reason():
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install pyspark)"
    major = java_major()
    if major is None or major < 17:
        return f"Spark 4 needs Java 17 or later (found: {major or 'none'})"
    if not (BINARY and os.access(BINARY, os.X_OK)):
        return "set PIPELINE_BIN to a pipeline binary"
    return None


SKIP = skip_reason()


def run_spark(*args, check_exit=None):
    result = subprocess.run([sys.executable, RUN_SPARK, *args, "--binary", BINARY, "--master", "local[2]"],
                            capture_output=True, text=True)
    if check_exit is not None and result.returncode != check_exit:
        raise AssertionError(f"run_spark.py exited {result.returncode}, expected {check_exit}; stderr:\n{result.stderr[-3000:]}")
    return result


def single(pipeline, *inputs, report=None, jsonl=True):
    # Text mode prints several inputs with `==> NAME <==` headers; the Spark records are the bare
    # texts, so the reference is printed without them.
    command = [BINARY, "run", pipeline, *inputs, "--jobs", "2"] + (["--jsonl"] if jsonl else ["--no-headers"]) + (["--report", report] if report else [])
    return subprocess.run(command, capture_output=True)


def part_files(folder):
    names = sorted(n for n in os.listdir(folder) if n.startswith("part-"))
    data = b""
    for name in names:
        with open(os.path.join(folder, name), "rb") as handle:
            data += handle.read()
    return data, names


def comparable(report):
    """A report without what legitimately differs between runs: times, dates, the run's file."""
    stages = [{k: v for k, v in s.items() if k != "seconds"} for s in report["stages"]]
    return {"documents": report["documents"], "items": report["items"], "stages": stages,
            "fail-on": report["fail-on"], "exit-code": report["exit-code"], "pipeline": report["pipeline"]}


@unittest.skipIf(SKIP, SKIP or "")
class SparkEndToEndTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="spark-e2e-")
        cls.items = os.path.join(cls.scratch, "items.jsonl")
        with open(cls.items, "wb") as handle:
            subprocess.run([sys.executable, os.path.join(HERE, "generate_items.py"), str(ITEMS)], stdout=handle, check=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.scratch, ignore_errors=True)

    def test_10000_items_give_exactly_the_single_process_records(self):
        pipeline = os.path.join(FIXTURES, "pipelines", "e2e.yaml")
        expected = single(pipeline, self.items, report=os.path.join(self.scratch, "single.json"))
        self.assertEqual(expected.returncode, 0, expected.stderr[-2000:])
        output = os.path.join(self.scratch, "out-10k")
        report_path = os.path.join(self.scratch, "spark.json")
        result = run_spark(pipeline, self.items, output, "--partitions", "2", "--report", report_path, check_exit=0)
        got, parts = part_files(output)
        self.assertEqual(len(parts), 2)
        want_lines, got_lines = expected.stdout.splitlines(), got.splitlines()
        self.assertEqual(len(got_lines), ITEMS)
        self.assertEqual(len(got_lines), len(want_lines))
        for number, (want, have) in enumerate(zip(want_lines, got_lines), start=1):
            if want != have:
                a, b = json.loads(want), json.loads(have)
                for key in ("id", "text", "metadata", "annotations"):
                    self.assertEqual(b.get(key), a.get(key), f"record {number}: {key} differs")
                self.fail(f"record {number} differs in bytes")
        self.assertEqual(got, expected.stdout)       # and so, byte for byte, the whole output
        with open(os.path.join(self.scratch, "single.json")) as a, open(report_path) as b:
            self.assertEqual(comparable(json.load(b)), comparable(json.load(a)))
        self.assertIn("note: stage 'export': text export to stdout skipped", result.stderr)

    def test_failing_documents_are_reported_not_fatal_and_reports_merge(self):
        folder = os.path.join(self.scratch, "failing")
        os.makedirs(folder)
        path = os.path.join(folder, "mixed.jsonl")
        with open(self.items, "rb") as source:
            good = source.read().split(b"\n")[:300]
        bad = [b'{"id": "broken", "text": "unterminated', b'{"id": "no-text", "metadata": {}}',
               b'{"id": "card", "text": "Pay with 4111 1111 1111 1111 today."}', b'{"text": "caf\xe9 latin-1"}',
               b'{"text": 42}']
        lines = good[:100] + bad[:2] + good[100:200] + bad[2:] + good[200:]
        with open(path, "wb") as handle:
            handle.write(b"\n".join(lines) + b"\n")
        pipeline = os.path.join(FIXTURES, "pipelines", "e2e-fail-on.yaml")
        single_report = os.path.join(folder, "single.json")
        expected = single(pipeline, path, report=single_report)
        self.assertEqual(expected.returncode, 1)
        spark_report = os.path.join(folder, "spark.json")
        result = run_spark(pipeline, path, os.path.join(folder, "out"), "--partitions", "3", "--report", spark_report,
                           check_exit=1)
        got, parts = part_files(os.path.join(folder, "out"))
        self.assertGreaterEqual(len(parts), 3)
        self.assertEqual(got, expected.stdout)
        with open(single_report) as a, open(spark_report) as b:
            want, have = json.load(a), json.load(b)
        self.assertEqual(comparable(have), comparable(want))
        self.assertEqual(have["documents"]["failed"], 4)
        self.assertEqual(len(have["fail-on"]), 1)
        self.assertEqual(have["partitions"], len(parts))
        for item in have["items"]:
            if item["status"] == "failed":
                self.assertIn(f"{item['source']}: error: {item['error']}", result.stderr)
        self.assertIn("stage 'redact': redact found", result.stderr)

    def test_text_files_are_one_document_each_like_a_single_process(self):
        folder = os.path.join(self.scratch, "texts")
        samples = {"a.txt": b"Hi team,\n\nThe council approved the budget.\n\nBest regards,\nAnna",
                   "sub/b.txt": b"\xef\xbb\xbfBonjour,\r\n\r\nLe conseil a vot\xc3\xa9.\r\n",
                   "sub/c.md": b"Dear all,\n\nMail john@example.org about the harbour.\n\nThanks,\nJohn",
                   "empty.txt": b"", "latin1.txt": b"caf\xe9", ".hidden.txt": b"skipped"}
        for i in range(20):
            samples[f"many/{i:02d}.txt"] = f"Hello,\n\nItem {i}: the ministry published the report.\n\nCheers,\nBo".encode()
        for name, data in samples.items():
            os.makedirs(os.path.dirname(os.path.join(folder, name)), exist_ok=True)
            with open(os.path.join(folder, name), "wb") as handle:
                handle.write(data)
        pipeline = os.path.join(self.scratch, "clean.yaml")
        with open(pipeline, "w") as handle:
            handle.write("stages:\n  - strip-salutations\n  - redact: {entities: [email]}\n")
        single_report = os.path.join(self.scratch, "text-single.json")
        expected = single(pipeline, folder, report=single_report, jsonl=False)
        self.assertEqual(expected.returncode, 1)
        spark_report = os.path.join(self.scratch, "text-spark.json")
        run_spark(pipeline, folder, os.path.join(self.scratch, "text-out"), "--text", "--partitions", "4",
                  "--report", spark_report, check_exit=1)
        got, parts = part_files(os.path.join(self.scratch, "text-out"))
        records = [json.loads(line) for line in got.splitlines()]
        printed = "".join(r["text"] if r["text"].endswith("\n") else r["text"] + "\n" for r in records)
        self.assertEqual(printed.encode(), expected.stdout)
        with open(single_report) as a, open(spark_report) as b:
            want, have = json.load(a), json.load(b)
        self.assertEqual(have["items"], want["items"])
        self.assertEqual([r["id"] for r in records], [i["id"] for i in want["items"] if i["status"] == "ok"])
        self.assertEqual([r["metadata"]["source"] for r in records], [i["source"] for i in want["items"] if i["status"] == "ok"])
        self.assertEqual(have["documents"], want["documents"])

    def test_a_worker_that_exits_2_fails_the_job_with_its_stderr(self):
        wrapper = os.path.join(self.scratch, "broken-pipeline")
        with open(wrapper, "w") as handle:
            handle.write(textwrap.dedent(f"""\
                #!/bin/sh
                if [ "$1" = run ]; then echo "pipeline: error: simulated executor without its glossary" >&2; exit 2; fi
                exec {BINARY} "$@"
                """))
        os.chmod(wrapper, 0o755)
        result = subprocess.run([sys.executable, RUN_SPARK, os.path.join(FIXTURES, "pipelines", "e2e-fail-on.yaml"), self.items,
                                 os.path.join(self.scratch, "crash-out"), "--binary", wrapper, "--master", "local[2]"],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 2, result.stderr[-2000:])
        self.assertIn("the Spark job failed", result.stderr)
        self.assertIn("exited with status 2", result.stderr)
        self.assertIn("simulated executor without its glossary", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.scratch, "crash-out", "_SUCCESS")))

    def test_a_combined_export_is_refused_before_spark_starts(self):
        pipeline = os.path.join(self.scratch, "combine.yaml")
        with open(pipeline, "w") as handle:
            handle.write("stages:\n  - export: {format: jsonl, path: all.jsonl, combine: true, folder: /tmp}\n    id: archive\n")
        result = run_spark(pipeline, self.items, os.path.join(self.scratch, "never"))
        self.assertEqual(result.returncode, 2)
        self.assertIn("stage 'archive' (export with combine: true)", result.stderr)
        self.assertNotIn("Spark", result.stderr.split("error:")[0])


if __name__ == "__main__":
    unittest.main()
