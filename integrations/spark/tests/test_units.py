"""Unit tests of the Spark integration's pieces that need no Spark: input records, text decoding,
report merging, the pipeline bundle and the subprocess runner (against the real binary when
$PIPELINE_BIN is set, and a stand-in for crashes).

    python3 -m unittest discover -s integrations/spark/tests -p 'test_*.py'
"""

import json
import os
import stat
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import pipeline_bundle  # noqa: E402
import pipeline_worker as worker  # noqa: E402
import report_merge  # noqa: E402
import spark_inputs  # noqa: E402

FIXTURES = os.path.join(HERE, "fixtures")


class PrepareJsonLineTests(unittest.TestCase):
    def test_adds_default_id_and_source_like_a_single_process(self):
        line = worker.prepare_json_line('{"text": "hi"}', "items-3", "in/items.jsonl")
        self.assertEqual(json.loads(line), {"id": "items-3", "text": "hi", "metadata": {"source": "in/items.jsonl"}})

    def test_keeps_a_line_that_needs_nothing_byte_for_byte(self):
        original = '{"id":"a", "text":"x",  "metadata":{"source":"s","n":1e3}}'
        self.assertEqual(worker.prepare_json_line(original, "d", "p"), original)

    def test_adds_source_into_existing_metadata_keeping_numbers_as_written(self):
        line = worker.prepare_json_line('{"id":"a","text":"x","metadata":{"n":1e3,"f":1.50,"big":123456789012345678901}}', "d", "p")
        self.assertIn('"n":1e3', line)
        self.assertIn('"f":1.50', line)
        self.assertIn('"big":123456789012345678901', line)
        self.assertEqual(json.loads(line)["metadata"]["source"], "p")

    def test_null_id_and_null_metadata_get_defaults(self):
        line = worker.prepare_json_line('{"id":null,"text":"x","metadata":null}', "d-1", "p")
        self.assertEqual(json.loads(line), {"id": "d-1", "text": "x", "metadata": {"source": "p"}})

    def test_non_ascii_and_lone_surrogates_survive(self):
        line = worker.prepare_json_line('{"text":"Grüße \\ud800 😀"}', "d", "p")
        self.assertEqual(json.loads(line)["text"], "Grüße \ud800 😀")
        line.encode("utf-8")          # valid UTF-8 to hand the binary

    def test_lines_the_binary_must_judge_are_passed_untouched(self):
        for bad in ['{"text": "x"', '[1, 2]', '"text"', '{"text": NaN}', '{"id": "a", "text": 1}', '{"metadata": 3, "text": "x"}']:
            expected = bad if bad != '{"id": "a", "text": 1}' else None
            got = worker.prepare_json_line(bad, "d", "p")
            if expected is not None:
                self.assertEqual(got, bad, bad)

    def test_blank_lines_are_skipped_and_carriage_returns_dropped(self):
        self.assertIsNone(worker.prepare_json_line("", "d", "p"))
        self.assertIsNone(worker.prepare_json_line(" \t \r", "d", "p"))
        self.assertEqual(worker.prepare_json_line('{"id":"a","text":"x","metadata":{"source":"s"}}\r', "d", "p"),
                         '{"id":"a","text":"x","metadata":{"source":"s"}}')


class DecodeTextFileTests(unittest.TestCase):
    def test_bom_and_crlf_are_normalised(self):
        self.assertEqual(worker.decode_text_file(b"\xef\xbb\xbfHello\r\nworld\r\n"), ("Hello\nworld\n", None))

    def test_empty_white_space_and_invalid_utf8_are_the_binarys_errors(self):
        self.assertEqual(worker.decode_text_file(b"")[1], "empty input: there is no text to process")
        self.assertEqual(worker.decode_text_file(" \n\u3000".encode())[1], "input holds only white space: there is no text to process")
        error = worker.decode_text_file(b"ok\nab\xffc")[1]
        self.assertTrue(error.startswith("not valid UTF-8: bad byte at line 2, column 3 (byte offset 5)"), error)

    def test_prepare_text_file_names_the_document_as_a_single_process(self):
        record = worker.prepare_text_file(b"Hi", "sub/a", "in/sub/a.txt")
        self.assertEqual(json.loads(record.line), {"id": "sub/a", "text": "Hi", "metadata": {"source": "in/sub/a.txt"}})
        self.assertEqual(worker.prepare_text_file(b"", "a", "a.txt").failure, "empty input: there is no text to process")


class ReportMergeTests(unittest.TestCase):
    def report(self, ok, failed, seconds, trips=(), extra=None):
        r = {"pipeline": "p", "file": "/scratch/p.yaml", "started": "t", "seconds": seconds, "exit-code": 1 if failed or trips else 0,
             "documents": {"total": ok + failed, "ok": ok, "failed": failed, "skipped": 0, "output": ok},
             "items": [{"id": f"d{i}", "status": "ok"} for i in range(ok)],
             "stages": [{"id": "redact", "name": "redact", "documents": ok + failed, "errors": failed, "seconds": seconds,
                         "bytes-in": 10, "bytes-out": 8, "annotations": {"email": ok}},
                        {"id": "summarize", "name": "summarize", "documents": ok, "errors": 0, "seconds": 0.5,
                         "bytes-in": 8, "bytes-out": 8, "annotations": {}}],
             "fail-on": [{"stage": "redact", "reason": r} for r in trips]}
        r.update(extra or {})
        return r

    def test_sums_counts_and_times_per_stage_and_concatenates_items(self):
        merged = report_merge.merge_reports([self.report(2, 0, 1.0), self.report(3, 1, 2.0)])
        self.assertEqual(merged["documents"], {"total": 6, "ok": 5, "failed": 1, "skipped": 0, "output": 5})
        self.assertEqual(len(merged["items"]), 5)
        self.assertEqual([s["id"] for s in merged["stages"]], ["redact", "summarize"])
        self.assertEqual(merged["stages"][0]["documents"], 6)
        self.assertEqual(merged["stages"][0]["annotations"], {"email": 5})
        self.assertAlmostEqual(merged["stages"][0]["seconds"], 3.0)
        self.assertEqual(merged["exit-code"], 1)

    def test_fail_on_trips_are_listed_once_and_new_fields_merge_generically(self):
        a = self.report(1, 0, 1, trips=["card in 'a'"], extra={"new-counter": 2, "new-list": ["x"],
                                                                 "new-object": {"n": 1, "tag": "t"}})
        b = self.report(1, 0, 1, trips=["card in 'a'", "card in 'b'"], extra={"new-counter": 3, "new-list": ["x", "y"],
                                                                              "new-object": {"n": 4, "tag": "t"}})
        merged = report_merge.merge_reports([a, b])
        self.assertEqual([t["reason"] for t in merged["fail-on"]], ["card in 'a'", "card in 'b'"])
        self.assertEqual(merged["new-counter"], 5)
        self.assertEqual(merged["new-list"], ["x", "y"])
        self.assertEqual(merged["new-object"], {"n": 5, "tag": "t"})

    def test_structured_fail_on_entries_with_counts_are_summed(self):
        a = {"fail-on": [{"stage": "redact", "entity": "secret", "count": 2, "documents": ["a"]}]}
        b = {"fail-on": [{"stage": "redact", "entity": "secret", "count": 1, "documents": ["b"]}]}
        self.assertEqual(report_merge.merge_reports([a, b])["fail-on"],
                         [{"stage": "redact", "entity": "secret", "count": 3, "documents": ["a", "b"]}])

    def test_finish_report_sets_the_single_process_exit_code(self):
        merged = report_merge.merge_reports([self.report(2, 0, 1.0)])
        done = report_merge.finish_report(merged, pipeline_file="p.yaml", started="s", seconds=4.2, partitions=1,
                                          worker_exit_codes=[0])
        self.assertEqual((done["exit-code"], done["file"], done["seconds"], done["worker-seconds"]), (0, "p.yaml", 4.2, 1.0))
        failed = report_merge.finish_report(report_merge.merge_reports([self.report(1, 1, 1.0)]), pipeline_file="p",
                                            started="s", seconds=1, partitions=1, worker_exit_codes=[1])
        self.assertEqual(failed["exit-code"], 1)
        finish_error = report_merge.finish_report(merged, pipeline_file="p", started="s", seconds=1, partitions=1,
                                                  worker_exit_codes=[0, 1])
        self.assertEqual(finish_error["exit-code"], 1)


try:
    import yaml  # noqa: F401
    HAVE_YAML = True
except ImportError:
    HAVE_YAML = False


@unittest.skipUnless(HAVE_YAML, "PyYAML is not installed (pip install pyyaml)")
class BundleTests(unittest.TestCase):
    def test_references_outside_the_pipeline_folder_are_found_and_laid_out(self):
        path = os.path.join(FIXTURES, "pipelines", "e2e.yaml")
        pipeline = pipeline_bundle.load_pipeline(path)
        refs = pipeline_bundle.find_references(pipeline, os.path.dirname(path), {})
        self.assertEqual(sorted(refs.relative), ["../data/extra-phrases.txt", "../data/glossary.csv", "../stages/word_count.py"])
        with tempfile.TemporaryDirectory() as scratch:
            binary = os.path.join(scratch, "bin", "pipeline")
            os.makedirs(os.path.join(scratch, "bin", "pipeline_Redact.resources", "Names"))
            os.makedirs(os.path.join(scratch, "bin", "pipeline_RedactTests.resources"))
            with open(binary, "w") as handle:
                handle.write("#!/bin/sh\n")
            os.chmod(binary, 0o755)
            bundle = pipeline_bundle.build_bundle(binary, path, refs, scratch)
            with tarfile.open(bundle.archive) as tar:
                names = set(tar.getnames())
            self.assertIn("bin/pipeline", names)
            self.assertIn("bin/pipeline_Redact.resources", names)
            self.assertNotIn("bin/pipeline_RedactTests.resources", names)
            self.assertEqual(bundle.pipeline, "files/pipelines/e2e.yaml")
            for expected in ["files/data/glossary.csv", "files/data/extra-phrases.txt", "files/stages/word_count.py"]:
                self.assertIn(expected, names)
            self.assertIn("files/stages/word_count.py", bundle.executables)
            self.assertIn("bin/pipeline", bundle.executables)

    def test_interpolation_and_variables(self):
        self.assertEqual(pipeline_bundle.variables_used("a: ${A}\nb: ${B:-x} ${A} $$"), ["A", "B"])
        self.assertEqual(pipeline_bundle.interpolate("${A}/${B:-d}/${C:?m}$$", {"A": "1"}), "1/d/$")

    def write(self, folder, text):
        path = os.path.join(folder, "p.yaml")
        with open(path, "w") as handle:
            handle.write(textwrap.dedent(text))
        return path

    def test_combined_and_relative_exports_are_refused_absolute_ones_allowed(self):
        with tempfile.TemporaryDirectory() as folder:
            path = self.write(folder, """
                stages:
                  - export: {format: jsonl, path: "all.jsonl", combine: true, folder: /shared/out}
                    id: archive
                  - export: {format: markdown, path: "{id}.md"}
                    id: briefs
                  - export: {format: html, path: "{id}.html", folder: "${OUT}"}
                  - export: {format: sqlite, path: db.sqlite, folder: /shared/out}
                  - export: {format: text}
                """)
            errors, warnings = pipeline_bundle.partition_problems(pipeline_bundle.load_pipeline(path), folder, {"OUT": "/mnt/out"})
            self.assertEqual(len(errors), 2)
            self.assertIn("stage 'archive' (export with combine: true)", errors[0])
            self.assertIn("stage 'briefs'", errors[1])
            self.assertEqual(len(warnings), 1)
            self.assertIn("SQLite", warnings[0])

    def test_export_outputs_and_plain_words_are_not_shipped(self):
        with tempfile.TemporaryDirectory() as folder:
            os.makedirs(os.path.join(folder, "out"))
            with open(os.path.join(folder, "terms.csv"), "w") as handle:
                handle.write("en,fr\n")
            path = self.write(folder, """
                stages:
                  - translate: {provider: glossary, glossary: "${G:-terms.csv}", to: fr}
                  - export: {format: html, path: out/x.html, folder: out}
                """)
            refs = pipeline_bundle.find_references(pipeline_bundle.load_pipeline(path), folder, {})
            self.assertEqual(refs.relative, ["terms.csv"])


class InputTests(unittest.TestCase):
    def test_strip_extension_as_nsstring(self):
        for given, expected in [("a.jsonl", "a"), ("dir.d/a", "dir.d/a"), ("a.tar.gz", "a.tar"), (".hidden", ".hidden"),
                                ("file.", "file."), ("sub/b.c.txt", "sub/b.c")]:
            self.assertEqual(spark_inputs.strip_extension(given), expected)

    def test_folders_and_globs_expand_as_the_binary_does(self):
        with tempfile.TemporaryDirectory() as folder:
            for name in ["b.txt", "a/z.txt", "a/c.md", ".hidden.txt", ".git/x.txt", "B.txt"]:
                os.makedirs(os.path.dirname(os.path.join(folder, name)), exist_ok=True)
                with open(os.path.join(folder, name), "w") as handle:
                    handle.write("x")
            files = spark_inputs.expand_local(folder)
            self.assertEqual([f.display[len(folder) + 1:] for f in files], ["B.txt", "a/c.md", "a/z.txt", "b.txt"])
            self.assertEqual([f.stem for f in files], ["B", "a/c", "a/z", "b"])
            globbed = spark_inputs.expand_local(folder + "/**/*.txt")
            self.assertEqual([f.stem for f in globbed], ["B", "z", "b"])
            with self.assertRaises(spark_inputs.InputProblem):
                spark_inputs.expand_local(folder + "/nothing-*.txt")
            with self.assertRaises(spark_inputs.InputProblem):
                spark_inputs.check_readable_by_hadoop(spark_inputs.expand_local(os.path.join(folder, ".hidden.txt")))


STAND_IN = """#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
report = args[args.index("--report") + 1]
mode = os.environ.get("STAND_IN_MODE", "echo")
count = 0
for line in sys.stdin:
    count += 1
    if mode == "chatty":
        sys.stderr.write("x" * 200 + "\\n")
    sys.stdout.write(line)
    sys.stdout.flush()
if mode == "exit2":
    sys.stderr.write("stand-in: error: glossary missing on this executor\\n")
    sys.exit(2)
if mode == "noreport":
    sys.exit(0)
items = [{"id": "line-%d" % (i + 1), "source": "<stdin>:%d" % (i + 1), "status": "ok", "outputs": 1} for i in range(count)]
json.dump({"items": items, "documents": {"total": count, "ok": count, "failed": 0}, "exit-code": 0}, open(report, "w"))
"""


class RunPartitionTests(unittest.TestCase):
    def setUp(self):
        self.scratch = tempfile.TemporaryDirectory()
        self.binary = os.path.join(self.scratch.name, "pipeline")
        with open(self.binary, "w") as handle:
            handle.write(STAND_IN)
        os.chmod(self.binary, os.stat(self.binary).st_mode | stat.S_IXUSR)

    def tearDown(self):
        self.scratch.cleanup()

    def run_with(self, mode, count, keep=True):
        spec = worker.WorkerSpec(binary=self.binary, pipeline="p.yaml", environment={"STAND_IN_MODE": mode}, keep_all_items=keep)
        records = (worker.PreparedRecord(line=json.dumps({"text": "t" * 100, "n": i}), source=f"in.jsonl:{i + 1}",
                                         fallback_id=f"in-{i + 1}") for i in range(count))
        results = []
        lines = list(worker.run_partition(spec, 7, records, results))
        return lines, results

    def test_large_partitions_stream_without_deadlock_and_items_are_relabelled(self):
        lines, results = self.run_with("chatty", 20000)     # ~2 MB each way, 4 MB of stderr
        self.assertEqual(len(lines), 20000)
        self.assertEqual(json.loads(lines[-1])["n"], 19999)
        items = results[0].report["items"]
        self.assertEqual((items[0]["source"], items[0]["id"]), ("in.jsonl:1", "in-1"))

    def test_exit_2_fails_the_task_with_the_stderr_tail(self):
        with self.assertRaises(worker.WorkerFailed) as caught:
            self.run_with("exit2", 10)
        self.assertIn("exited with status 2 on partition 7", str(caught.exception))
        self.assertIn("glossary missing on this executor", str(caught.exception))

    def test_a_missing_report_fails_the_task(self):
        with self.assertRaises(worker.WorkerFailed):
            self.run_with("noreport", 3)

    def test_text_mode_failures_are_reported_in_place(self):
        spec = worker.WorkerSpec(binary=self.binary, pipeline="p.yaml", environment={}, keep_all_items=True)
        records = [worker.prepare_text_file(b"one", "a", "d/a.txt"), worker.prepare_text_file(b"", "b", "d/b.txt"),
                   worker.prepare_text_file(b"three", "c", "d/c.txt")]
        results = []
        lines = list(worker.run_partition(spec, 0, iter(records), results))
        self.assertEqual(len(lines), 2)
        report = results[0].report
        self.assertEqual([i["source"] for i in report["items"]], ["d/a.txt", "d/b.txt", "d/c.txt"])
        self.assertEqual(report["items"][1]["status"], "failed")
        self.assertEqual((report["documents"]["failed"], report["exit-code"], results[0].exit_code), (1, 1, 1))


@unittest.skipUnless(os.environ.get("PIPELINE_BIN"), "set PIPELINE_BIN to run against the real binary")
class RealBinaryTests(unittest.TestCase):
    def test_partition_output_equals_a_single_process_over_the_same_file(self):
        pipeline = os.path.join(FIXTURES, "pipelines", "e2e-fail-on.yaml")
        lines = ['{"id":"a","text":"Hi,\\n\\nMail me at a@example.org. Card 4111 1111 1111 1111.\\n\\nThanks,\\nAnn"}',
                 '{"text":"no id here, call +44 20 7946 0000."}', "", '{"text": oops}', '{"id":"d","text":"fine."}']
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "in.jsonl")
            with open(path, "w") as handle:
                handle.write("\n".join(lines) + "\n")
            single_report = os.path.join(folder, "single.json")
            single = subprocess.run([os.environ["PIPELINE_BIN"], "run", pipeline, "--jsonl", path, "--jobs", "1",
                                     "--report", single_report], capture_output=True)
            records = []
            for number, line in enumerate(lines, start=1):
                prepared = worker.prepare_json_line(line, f"in-{number}", path)
                if prepared is not None:
                    records.append(worker.PreparedRecord(line=prepared, source=f"{path}:{number}", fallback_id=f"in-{number}"))
            spec = worker.WorkerSpec(binary=os.environ["PIPELINE_BIN"], pipeline=pipeline, environment={}, keep_all_items=True)
            results = []
            output = b"".join(line + b"\n" for line in worker.run_partition(spec, 0, iter(records), results))
            self.assertEqual(single.returncode, 1)
            self.assertEqual(output, single.stdout)
            with open(single_report) as handle:
                expected = json.load(handle)
            got = results[0].report
            strip = lambda items: [{k: v for k, v in i.items()} for i in items]  # noqa: E731
            self.assertEqual(strip(got["items"]), strip(expected["items"]))
            self.assertEqual(got["fail-on"], expected["fail-on"])
            self.assertEqual(got["documents"], expected["documents"])
            self.assertEqual(results[0].exit_code, 1)


if __name__ == "__main__":
    unittest.main()
