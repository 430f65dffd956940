"""The executor side of the Spark job: runs `pipeline run PIPELINE --jsonl --jobs 1` over one
partition as a subprocess and turns its output, exit status and JSON report into Spark records.

Nothing here imports pyspark, so the module is unit-tested without Spark and shipped to the
executors with `SparkContext.addPyFile`.

A partition arrives as a list of input records, each a `PreparedRecord`: the JSON line to feed the
binary (with the id and metadata `source` a single-process run would have given it), plus where it
came from (`path:line`), so the per-partition report reads as if one process had read the files.
"""

from __future__ import annotations

import collections
import json
import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional

# How much of a worker's stderr is kept for the error of a failed task.
STDERR_TAIL_BYTES = 8 * 1024


# --------------------------------------------------------------------------------------------
# Input records: the ids and sources a single process gives, faithfully re-encoded JSON.
# --------------------------------------------------------------------------------------------

class _RawNumber:
    """A JSON number kept as written (`1e2` stays `1e2`), so re-encoding never changes a value."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


class _Pairs(list):
    """A JSON object as its (key, value) pairs, in order, duplicates kept."""


def _reject_constant(name: str):
    raise ValueError(f"not JSON: {name}")


def _parse(line: str):
    return json.loads(line, object_pairs_hook=_Pairs, parse_int=_RawNumber, parse_float=_RawNumber,
                      parse_constant=_reject_constant)


def _encode(value) -> str:
    if isinstance(value, _Pairs):
        return "{" + ",".join(json.dumps(k) + ":" + _encode(v) for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_encode(v) for v in value) + "]"
    if isinstance(value, _RawNumber):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k) + ":" + _encode(v) for k, v in value.items()) + "}"
    # Strings (ASCII-escaped, so lone surrogates survive as \udXXX), true, false, null.
    return json.dumps(value)


@dataclass
class PreparedRecord:
    """One input document for the binary: `line` is the JSON line (no newline); `source` is
    `path:line` as the single-process report names it; `fallback_id` is the id the binary gives a
    line it cannot read as a document (`STEM-LINE`); `failure` is set when the document fails
    before reaching the binary (text mode: empty file, invalid UTF-8)."""

    line: Optional[object]        # str, or bytes for a line that is not valid UTF-8
    source: str
    fallback_id: str
    failure: Optional[str] = None


def prepare_json_line(line: str, default_id: str, source: str) -> Optional[str]:
    """The JSON line to feed the binary for one input line, or `None` for a blank line (which a
    single process skips too). A line without an id gets `default_id` (the single process's
    `STEM-LINE`), one without metadata `source` gets `source` (the input path as given); the rest
    of the line is passed on unchanged in meaning (numbers as written, duplicate keys kept).
    A line that is not a JSON object is passed on untouched, so the binary reports it exactly as
    a single process would (same message, same column)."""
    if line.endswith("\r"):
        line = line[:-1]
    if line.strip(" \t") == "":
        return None
    try:
        value = _parse(line)
    except (ValueError, RecursionError):
        return line
    if not isinstance(value, _Pairs):
        return line
    ids = [v for k, v in value if k == "id"]
    metadata = [v for k, v in value if k == "metadata"]
    needs_id = all(v is None for v in ids)
    if len(metadata) > 1 or (metadata and metadata[0] is not None and not isinstance(metadata[0], _Pairs)):
        return line                   # the binary rejects or resolves this itself
    needs_source = not metadata or metadata[0] is None or all(k != "source" for k, _ in metadata[0])
    if not needs_id and not needs_source:
        return line
    pairs = _Pairs(p for p in value if not (needs_id and p[0] == "id"))
    if needs_id:
        pairs.insert(0, ("id", default_id))
    if needs_source:
        if metadata and metadata[0] is not None:
            metadata[0].append(("source", source))
        else:
            pairs = _Pairs(p for p in pairs if p[0] != "metadata")
            pairs.append(("metadata", _Pairs([("source", source)])))
    return _encode(pairs)


# Unicode White_Space, as Swift's `Unicode.Scalar.Properties.isWhitespace` has it.
_WHITE_SPACE = frozenset(
    "\u0009\u000a\u000b\u000c\u000d\u0020\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def _first_invalid_utf8(data: bytes) -> tuple[int, int, int]:
    """Byte offset, line and column (in scalars) of the first invalid UTF-8 sequence."""
    line, column, i = 1, 1, 0
    while i < len(data):
        b = data[i]
        if b <= 0x7F:
            length = 1
        elif 0xC2 <= b <= 0xDF:
            length = 2
        elif 0xE0 <= b <= 0xEF:
            length = 3
        elif 0xF0 <= b <= 0xF4:
            length = 4
        else:
            return i, line, column
        if i + length > len(data):
            return i, line, column
        if length > 1:
            try:
                data[i:i + length].decode("utf-8")
            except UnicodeDecodeError:
                return i, line, column
        if b == 0x0A:
            line, column = line + 1, 1
        else:
            column += 1
        i += length
    return len(data), line, column


def decode_text_file(data: bytes) -> tuple[Optional[str], Optional[str]]:
    """A whole text file as a single process reads it: `(text, None)` or `(None, error)`. Strips a
    byte-order mark, turns CRLF into LF; empty files, white space only and invalid UTF-8 are the
    binary's own errors (with the line and column of the bad byte)."""
    if not data:
        return None, "empty input: there is no text to process"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        offset, line, column = _first_invalid_utf8(data)
        return None, (f"not valid UTF-8: bad byte at line {line}, column {column} (byte offset {offset}); "
                      "convert the file to UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)")
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if all(c in _WHITE_SPACE for c in text):
        return None, "input holds only white space: there is no text to process"
    return text, None


def prepare_text_file(data: bytes, doc_id: str, source: str) -> PreparedRecord:
    """One whole text file as one document, with the id and metadata `source` a single-process
    run over the same path gives it."""
    text, error = decode_text_file(data)
    if error is not None:
        return PreparedRecord(line=None, source=source, fallback_id=doc_id, failure=error)
    line = json.dumps({"id": doc_id, "text": text, "metadata": {"source": source}})
    return PreparedRecord(line=line, source=source, fallback_id=doc_id)


# --------------------------------------------------------------------------------------------
# Running the binary over one partition.
# --------------------------------------------------------------------------------------------

class WorkerFailed(RuntimeError):
    """The binary died, exited 2 (configuration) or wrote no report: the Spark task fails with
    this message (which carries the stderr tail) and Spark retries it."""


@dataclass
class PartitionResult:
    """What one partition's run left besides its output lines: the binary's JSON report (with
    sources rewritten to the original `path:line`), its notes and warnings, its exit code."""

    partition: int
    exit_code: int
    report: dict
    notes: list = field(default_factory=list)


@dataclass
class WorkerSpec:
    """How to run the binary on an executor: paths inside the unpacked job archive, extra
    environment (variables the pipeline interpolates, taken from the driver) and whether to keep
    every report item (only with `--report`) or only the failed and skipped ones."""

    binary: str
    pipeline: str
    environment: dict
    keep_all_items: bool = False


def _tail(data: bytes, limit: int = STDERR_TAIL_BYTES) -> str:
    text = data[-limit:].decode("utf-8", errors="replace")
    return ("…" + text) if len(data) > limit else text


def run_partition(spec: WorkerSpec, partition: int, records: Iterable[PreparedRecord],
                  results: list) -> Iterator[bytes]:
    """Runs the binary over `records` and yields its output lines (UTF-8 bytes, no newline) as they
    come. Appends a `PartitionResult` to `results` when the run ends with exit code 0 or 1 (the
    report is read back); raises `WorkerFailed` with the stderr tail for anything else.

    stdin is fed from a thread and stderr drained by another, so a binary that writes while it
    reads never deadlocks on a full pipe; memory stays bounded (a window of lines)."""
    workdir = tempfile.mkdtemp(prefix="pipeline-spark-")
    report_path = os.path.join(workdir, "report.json")
    environment = dict(os.environ)
    environment.update(spec.environment)
    command = [spec.binary, "run", spec.pipeline, "--jsonl", "--jobs", "1", "--report", report_path, "--no-progress"]
    fed: list[PreparedRecord] = []          # records given to the binary, in order
    failed_before: list[tuple[int, PreparedRecord]] = []   # text-mode failures, with their position
    process = None
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   cwd=workdir, env=environment)
        stderr_tail = collections.deque()
        stderr_size = [0]
        notes: list[str] = []

        def drain_stderr():
            for raw in process.stderr:
                stderr_tail.append(raw)
                stderr_size[0] += len(raw)
                while stderr_size[0] > STDERR_TAIL_BYTES and len(stderr_tail) > 1:
                    stderr_size[0] -= len(stderr_tail.popleft())
                text = raw.decode("utf-8", errors="replace").rstrip("\n")
                if text.startswith("note: ") and text not in notes and len(notes) < 100:
                    notes.append(text)

        feed_error: list[BaseException] = []

        def feed_stdin():
            try:
                position = 0
                for record in records:
                    if record.failure is not None:
                        failed_before.append((position, record))
                    else:
                        fed.append(record)
                        data = record.line if isinstance(record.line, bytes) else record.line.encode("utf-8")
                        process.stdin.write(data + b"\n")
                    position += 1
            except BrokenPipeError:
                pass                      # the binary died; its exit status tells why
            except BaseException as error:  # noqa: BLE001 - reported on the task below
                feed_error.append(error)
            finally:
                try:
                    process.stdin.close()
                except BrokenPipeError:
                    pass

        threads = [threading.Thread(target=drain_stderr, daemon=True), threading.Thread(target=feed_stdin, daemon=True)]
        for t in threads:
            t.start()
        for raw in process.stdout:
            yield raw.rstrip(b"\n")
        exit_code = process.wait()
        for t in threads:
            t.join()
        if feed_error:
            raise feed_error[0]
        tail = _tail(b"".join(stderr_tail))
        if exit_code not in (0, 1):
            how = f"was killed by signal {-exit_code}" if exit_code < 0 else f"exited with status {exit_code}"
            raise WorkerFailed(f"pipeline {how} on partition {partition} ({' '.join(command[1:4])}); stderr tail:\n{tail}")
        try:
            with open(report_path, encoding="utf-8") as handle:
                report = json.load(handle)
        except (OSError, ValueError) as error:
            raise WorkerFailed(f"pipeline wrote no readable report on partition {partition} ({error}); stderr tail:\n{tail}")
        relabel_items(report, fed, failed_before, spec.keep_all_items)
        if failed_before:
            exit_code = max(exit_code, 1)
        results.append(PartitionResult(partition=partition, exit_code=exit_code, report=report, notes=notes))
    finally:
        if process is not None:
            if process.poll() is None:
                process.kill()
                process.wait()
            for stream in (process.stdout, process.stderr):
                stream.close()
        shutil.rmtree(workdir, ignore_errors=True)


def relabel_items(report: dict, fed: list, failed_before: list, keep_all_items: bool) -> None:
    """Gives the report's items the sources and ids a single process would have: the binary read
    the partition from stdin (`<stdin>:N`, `line-N`); each item N is the N-th record fed. Items for
    documents that failed before reaching the binary are put back at their place; the document
    counts are adjusted for them. Without `keep_all_items` only failed and skipped items stay."""
    items = report.get("items")
    if not isinstance(items, list):
        return
    relabelled = []
    for index, item in enumerate(items):
        if index < len(fed) and isinstance(item, dict):
            record = fed[index]
            item["source"] = record.source
            if "line" in item:
                # The binary numbers the lines it was fed; a single process numbers the file's.
                head, _, number = record.source.rpartition(":")
                if head and number.isdigit():
                    item["line"] = int(number)
                else:
                    # A whole text file: a single process reports no line for it.
                    del item["line"]
            if item.get("id") == f"line-{index + 1}":
                item["id"] = record.fallback_id
        relabelled.append(item)
    # Fail-on entries name the document's source as the binary saw it (its stdin): give them the
    # file and line a single process reports.
    sources = {item.get("id"): item.get("source") for item in relabelled if isinstance(item, dict)}
    for trip in report.get("fail-on") or []:
        if isinstance(trip, dict) and "document" in trip and trip.get("source") in ("-", "<stdin>"):
            head, _, number = str(sources.get(trip["document"]) or "").rpartition(":")
            if head and number.isdigit():
                trip["source"] = head
                if "line" in trip:
                    trip["line"] = int(number)
    for position, record in failed_before:
        relabelled.insert(position, {"id": record.fallback_id, "source": record.source, "status": "failed",
                                     "error": record.failure, "outputs": 0})
    if failed_before:
        documents = report.setdefault("documents", {})
        documents["total"] = documents.get("total", 0) + len(failed_before)
        documents["failed"] = documents.get("failed", 0) + len(failed_before)
        report["exit-code"] = max(report.get("exit-code", 0), 1)
    if not keep_all_items:
        relabelled = [i for i in relabelled if not (isinstance(i, dict) and i.get("status") == "ok" and not i.get("warnings"))]
    report["items"] = relabelled
