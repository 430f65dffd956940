#!/usr/bin/env python3
"""Runs a pipeline over Spark, writing the records a single `pipeline run … --jsonl` writes.

    python3 integrations/spark/run_spark.py PIPELINE.yaml INPUT OUTPUT \\
        [--master URL] [--binary PATH] [--partitions N] [--report FILE] [--text]
    spark-submit integrations/spark/run_spark.py PIPELINE.yaml INPUT OUTPUT [...]

INPUT is JSON lines (a file, a folder, a quoted glob or a URI Spark reads: hdfs://, s3a://), or
with --text whole text files, one document per file. OUTPUT is a new folder of JSON-lines part
files; `cat OUTPUT/part-*` is, byte for byte, the single process's stdout: partition i holds the
i-th slice of the input in input order.

Each partition runs `pipeline run PIPELINE --jsonl --jobs 1` as a subprocess. The binary, its
resource bundles, the pipeline file and every file it references travel to the executors in one
archive (SparkContext.addArchive). A partition whose binary dies or exits 2 fails its task with
the stderr tail (Spark retries it); documents that fail only make the job exit 1, with their ids
and errors printed and, with --report, in one merged JSON run report.

Exit codes, as `pipeline run`: 0 every document succeeded; 1 a document failed or a fail-on
condition tripped; 2 usage or configuration error, or the Spark job failed (no output committed).
The guide: docs/scale-out.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import pipeline_bundle  # noqa: E402
import pipeline_worker  # noqa: E402
import report_merge  # noqa: E402
import spark_inputs  # noqa: E402


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="run_spark.py",
        description="Run a pipeline over Spark: each partition through `pipeline run --jsonl --jobs 1`; "
                    "the output folder's part files hold the single-process records in input order.",
        epilog="Exit codes: 0 success; 1 a document failed or a fail-on condition tripped; "
               "2 usage or configuration error, or the Spark job failed. Guide: docs/scale-out.md")
    parser.add_argument("pipeline", metavar="PIPELINE.yaml")
    parser.add_argument("input", metavar="INPUT", help="JSON lines (file, folder, quoted glob or URI); with --text, text files")
    parser.add_argument("output", metavar="OUTPUT", help="a folder that must not exist yet (Spark writes part-NNNNN files)")
    parser.add_argument("--master", help="Spark master URL (default: spark-submit's, else local[*])")
    parser.add_argument("--binary", help="the pipeline binary (default: $PIPELINE_BIN, .build/release, .build/debug, PATH)")
    parser.add_argument("--partitions", type=int, help="partitions to aim for (default: Spark's default parallelism)")
    parser.add_argument("--report", metavar="FILE", help="write the merged JSON run report here")
    parser.add_argument("--text", action="store_true", help="INPUT is text files, one document per file")
    args = parser.parse_args(argv)
    if args.partitions is not None and args.partitions < 1:
        parser.error("--partitions must be at least 1")
    return args


def fail(message: str, code: int = 2):
    sys.stderr.write(message.rstrip("\n") + "\n")
    sys.exit(code)


# --------------------------------------------------------------------------------------------
# Driver checks before Spark starts: nothing is processed when these fail.
# --------------------------------------------------------------------------------------------

def prepare(args):
    binary = pipeline_bundle.locate_binary(args.binary, REPO_ROOT)
    if binary is None:
        fail("error: no pipeline binary: pass --binary PATH, set PIPELINE_BIN, or build one (swift build -c release)")
    validate = subprocess.run([binary, "validate", args.pipeline], capture_output=True, text=True)
    if validate.returncode != 0:
        fail(validate.stderr or validate.stdout or f"{args.pipeline}: error: pipeline validate exited {validate.returncode}")
    try:
        pipeline = pipeline_bundle.load_pipeline(args.pipeline)
    except pipeline_bundle.PipelineProblem as problem:
        fail(str(problem))
    pipeline_dir = os.path.dirname(os.path.abspath(args.pipeline))
    with open(args.pipeline, encoding="utf-8") as handle:
        variables = pipeline_bundle.variables_used(handle.read())
    environment = {name: os.environ[name] for name in variables if name in os.environ}
    errors, warnings = pipeline_bundle.partition_problems(pipeline, pipeline_dir, environment)
    for warning in warnings:
        sys.stderr.write(f"{args.pipeline}: warning: {warning}\n")
    if errors:
        fail("".join(f"{args.pipeline}: error: {e}\n" for e in errors))
    references = pipeline_bundle.find_references(pipeline, pipeline_dir, environment)
    for absolute in references.absolute:
        sys.stderr.write(f"note: '{absolute}' is an absolute path: it is not shipped and must exist on every executor\n")
    return binary, environment, references


# --------------------------------------------------------------------------------------------
# Inputs.
# --------------------------------------------------------------------------------------------

def list_hadoop(sc, argument: str) -> list:
    """The files of a URI INPUT, listed through Hadoop's FileSystem on the driver, with the
    binary's rules (folders recursively, hidden and `_` entries skipped, sorted bytewise)."""
    jvm = sc._jvm
    path = jvm.org.apache.hadoop.fs.Path(argument)
    fs = path.getFileSystem(sc._jsc.hadoopConfiguration())
    statuses = fs.globStatus(path)
    if statuses is None or len(statuses) == 0:
        raise spark_inputs.InputProblem(f"{argument}: error: no such file or directory" if not spark_inputs.is_glob(argument)
                                        else f"{argument}: error: no files match this pattern")
    found = []
    globbed = spark_inputs.is_glob(argument)
    for status in statuses:
        if status.isDirectory():
            base = status.getPath().toString().rstrip("/") + "/"
            entries = []
            iterator = fs.listFiles(status.getPath(), True)
            while iterator.hasNext():
                uri = iterator.next().getPath().toString()
                relative = uri[len(base):] if uri.startswith(base) else uri.rsplit("/", 1)[-1]
                if any(part.startswith((".", "_")) for part in relative.split("/")):
                    continue
                entries.append((relative, uri))
            entries.sort(key=lambda e: e[0].encode("utf-8"))
            if not entries and not globbed:
                raise spark_inputs.InputProblem(f"{argument}: error: directory has no files")
            for relative, uri in entries:
                display = spark_inputs._join(argument, relative) if not globbed else uri
                found.append(spark_inputs.InputFile(uri=uri, display=display, stem=spark_inputs.strip_extension(relative)))
        else:
            uri = status.getPath().toString()
            display = argument if not globbed else uri
            found.append(spark_inputs.InputFile(uri=uri, display=display,
                                                stem=spark_inputs.strip_extension(uri.rsplit("/", 1)[-1])))
    if globbed:
        found.sort(key=lambda f: f.uri.encode("utf-8"))
    return found


def list_inputs(sc, argument: str) -> list:
    files = list_hadoop(sc, argument) if spark_inputs.is_uri(argument) else spark_inputs.expand_local(argument)
    spark_inputs.check_readable_by_hadoop(files)
    return files


def file_sizes(sc, files) -> list:
    jvm = sc._jvm
    conf = sc._jsc.hadoopConfiguration()
    sizes = []
    for f in files:
        if f.local:
            sizes.append(os.path.getsize(f.local))
        else:
            path = jvm.org.apache.hadoop.fs.Path(f.uri)
            sizes.append(path.getFileSystem(conf).getFileStatus(path).getLen())
    return sizes


def jsonl_partitions(sc, files, target: int):
    """One RDD of (byte offset, line) per file, split so the whole input gives about `target`
    partitions, united in input order; plus, per partition, its file's index and the number of
    its first line (a small counting job runs over the partitions that precede another partition
    of the same file)."""
    sizes = file_sizes(sc, files)
    split = max(1, math.ceil(sum(sizes) / target))
    conf = {"textinputformat.record.delimiter": "\n",
            "mapreduce.input.fileinputformat.split.maxsize": str(split),
            "mapreduce.input.fileinputformat.split.minsize": "1"}
    rdds, file_of = [], []
    for index, f in enumerate(files):
        rdd = sc.newAPIHadoopFile(f.uri, "org.apache.hadoop.mapreduce.lib.input.TextInputFormat",
                                  "org.apache.hadoop.io.LongWritable", "org.apache.hadoop.io.Text", conf=conf)
        rdds.append(rdd)
        file_of.extend([index] * rdd.getNumPartitions())
    united = rdds[0] if len(rdds) == 1 else sc.union(rdds)
    to_count = [p for p in range(len(file_of) - 1) if file_of[p + 1] == file_of[p]]
    counts = {}
    if to_count:
        sizes_found = sc.runJob(united, lambda it: [sum(1 for _ in it)], partitions=to_count)
        counts = dict(zip(to_count, sizes_found))
    first_line = []
    for p in range(len(file_of)):
        if p == 0 or file_of[p - 1] != file_of[p]:
            first_line.append(1)
        else:
            first_line.append(first_line[p - 1] + counts[p - 1])
    return united, file_of, first_line


# --------------------------------------------------------------------------------------------
# The job.
# --------------------------------------------------------------------------------------------

def main(argv=None) -> int:
    args = parse_arguments(argv)
    binary, environment, references = prepare(args)
    if not spark_inputs.is_uri(args.output) and os.path.exists(args.output):
        fail(f"{args.output}: error: the output folder exists; Spark writes a new one (remove it or choose another)")

    try:
        from pyspark import SparkConf, SparkFiles
        from pyspark.accumulators import AccumulatorParam
        from pyspark.sql import SparkSession
    except ImportError:
        fail("error: pyspark is not installed: pip install pyspark (Java 17 or later), or run with spark-submit")

    scratch = tempfile.mkdtemp(prefix="pipeline-spark-job-")
    bundle = pipeline_bundle.build_bundle(binary, args.pipeline, references, scratch)
    conf = SparkConf()
    if args.master:
        conf.setMaster(args.master)
    elif not conf.contains("spark.master"):
        conf.setMaster("local[*]")
    conf.setIfMissing("spark.app.name", f"pipeline {os.path.basename(args.pipeline)}")
    # The binary writes its own output order; Spark must not reorder or speculate duplicate writers.
    conf.setIfMissing("spark.speculation", "false")
    # The driver prints its own summary; Spark's console progress bar would interleave with it.
    conf.setIfMissing("spark.ui.showConsoleProgress", "false")
    spark = SparkSession.builder.config(conf=conf).getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel(os.environ.get("PIPELINE_SPARK_LOG_LEVEL", "WARN"))
    started_wall = time.monotonic()
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        sc.addArchive(bundle.archive)
        for module in ("pipeline_worker.py", "spark_inputs.py"):
            sc.addPyFile(os.path.join(HERE, module))
        try:
            files = list_inputs(sc, args.input)
        except spark_inputs.InputProblem as problem:
            fail(str(problem))
        target = args.partitions or sc.defaultParallelism

        archive_name = os.path.basename(bundle.archive)
        spec_template = dict(binary=bundle.binary, pipeline=bundle.pipeline, environment=environment,
                             keep_all_items=bool(args.report))
        executables = bundle.executables

        class ResultsParam(AccumulatorParam):
            """Partition index -> result dict; a retried task's result replaces the first one."""

            def zero(self, value):
                return {}

            def addInPlace(self, a, b):
                a.update(b)
                return a

        results_accumulator = sc.accumulator({}, ResultsParam())

        def worker_spec():
            root = SparkFiles.get(archive_name)
            for relative in executables:
                full = os.path.join(root, relative)
                mode = os.stat(full).st_mode
                if not mode & 0o100:
                    os.chmod(full, mode | 0o755)
            spec = dict(spec_template)
            spec["binary"] = os.path.join(root, spec["binary"])
            spec["pipeline"] = os.path.join(root, spec["pipeline"])
            return pipeline_worker.WorkerSpec(**spec)

        def finish(partition, results):
            for result in results:
                results_accumulator.add({partition: {"exit": result.exit_code, "report": result.report,
                                                      "notes": result.notes}})

        if args.text:
            total = len(files)
            partitions = max(1, min(target, total))
            uri_index = {spark_inputs.same_file_key(f.uri): i for i, f in enumerate(files)}
            labels = [(f.display, f.stem) for f in files]
            same_file_key = spark_inputs.same_file_key
            raw = sc.binaryFiles(",".join(f.uri for f in files), minPartitions=partitions)

            def key_by_position(pair):
                uri, data = pair
                key = same_file_key(uri)
                if key not in uri_index:
                    raise RuntimeError(f"Spark read '{uri}', which the driver did not list")
                return uri_index[key], data

            ordered = raw.map(key_by_position).repartitionAndSortWithinPartitions(
                partitions, partitionFunc=lambda i: i * partitions // total)

            def run_text(partition, iterator):
                import pipeline_worker as worker
                results = []
                records = (worker.prepare_text_file(data, labels[i][1], labels[i][0]) for i, data in iterator)
                yield from worker.run_partition(worker_spec(), partition, records, results)
                finish(partition, results)

            output = ordered.mapPartitionsWithIndex(run_text)
        else:
            united, file_of, first_line = jsonl_partitions(sc, files, target)
            partitions = len(file_of)
            labels = [(f.display, f.stem, f.local) for f in files]

            def run_jsonl(partition, iterator):
                import pipeline_worker as worker
                display, stem, local = labels[file_of[partition]]
                results = []

                def records():
                    number = first_line[partition] - 1
                    for offset, text in iterator:
                        number += 1
                        line = text
                        if "\ufffd" in text and local:
                            # Hadoop's reader replaced invalid UTF-8: hand the binary the raw bytes,
                            # so it reports them as a single process does.
                            with open(local, "rb") as handle:
                                handle.seek(offset)
                                raw_line = handle.readline().rstrip(b"\n")
                            try:
                                raw_line.decode("utf-8")
                            except UnicodeDecodeError:
                                yield worker.PreparedRecord(line=raw_line, source=f"{display}:{number}",
                                                            fallback_id=f"{stem}-{number}")
                                continue
                        prepared = worker.prepare_json_line(line, f"{stem}-{number}", display)
                        if prepared is not None:
                            yield worker.PreparedRecord(line=prepared, source=f"{display}:{number}",
                                                        fallback_id=f"{stem}-{number}")

                yield from worker.run_partition(worker_spec(), partition, records(), results)
                finish(partition, results)

            output = united.mapPartitionsWithIndex(run_jsonl)

        try:
            output.saveAsTextFile(args.output)
        except Exception as error:  # noqa: BLE001 - Py4J wraps the task's failure
            message = str(error)
            marker = message.find("WorkerFailed:")
            detail = message[marker:marker + 4000] if marker >= 0 else message[-4000:]
            fail(f"error: the Spark job failed; no output was committed.\n{detail}")
        return report_results(args, results_accumulator.value, partitions, started, time.monotonic() - started_wall)
    finally:
        stop(spark)


def stop(spark) -> None:
    """Stops Spark and, when this process started the JVM (python3 run_spark.py, not
    spark-submit), waits for it to exit: the JVM leaves when its stdin closes, so the job ends
    with nothing left running, and the JVM's CPU time is accounted to this process's children."""
    gateway = getattr(spark.sparkContext, "_gateway", None)
    proc = getattr(gateway, "proc", None)
    spark.stop()
    if proc is not None:
        try:
            gateway.shutdown()
        except Exception:  # noqa: BLE001 - best effort; the JVM goes when stdin closes
            pass
        try:
            proc.stdin.close()
            proc.wait(timeout=60)
        except Exception:  # noqa: BLE001
            proc.kill()


def report_results(args, results: dict, partitions: int, started: str, seconds: float) -> int:
    ordered = [results[p] for p in sorted(results)]
    notes = []
    for result in ordered:
        for note in result["notes"]:
            if note not in notes:
                notes.append(note)
    for note in notes:
        sys.stderr.write(note + "\n")
    merged = report_merge.merge_reports(r["report"] for r in ordered)
    report = report_merge.finish_report(merged, pipeline_file=args.pipeline, started=started, seconds=seconds,
                                        partitions=partitions, worker_exit_codes=[r["exit"] for r in ordered])
    for item in report.get("items", []):
        if isinstance(item, dict) and item.get("status") in ("failed", "skipped") and item.get("error"):
            word = "error" if item["status"] == "failed" else "warning"
            sys.stderr.write(f"{item.get('source')}: {word}: {item['error']}\n")
    for trip in report.get("fail-on", []):
        if isinstance(trip, dict):
            sys.stderr.write(f"{args.pipeline}: error: stage '{trip.get('stage')}': {trip.get('reason')}\n")
    documents = report.get("documents", {})
    sys.stderr.write(f"spark: {documents.get('total', 0)} documents in {partitions} partitions, "
                     f"{documents.get('failed', 0)} failed, {documents.get('output', 0)} written to {args.output} "
                     f"in {seconds:.1f} s\n")
    if args.report:
        if not args.report.endswith(".json"):
            sys.stderr.write(f"{args.report}: note: the merged report is JSON whatever the extension\n")
        temporary = args.report + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=2, sort_keys=True, ensure_ascii=False)
            handle.write("\n")
        os.replace(temporary, args.report)
    return int(report.get("exit-code", 0))


if __name__ == "__main__":
    sys.exit(main())
