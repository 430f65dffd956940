"""Merges the per-partition JSON run reports (`pipeline run --report`) into one report that reads
like a single process's.

The merge is generic, so fields the binary gains later merge without a change here:
- numbers are summed (counts, seconds, bytes), except `exit-code`, which is the maximum;
- objects are merged key by key;
- `items` (one entry per document) are concatenated in partition order;
- other lists of objects are merged entry by entry: entries with the same identity (all their
  string, boolean and null fields, e.g. a stage's `id` and `name`, a fail-on trip's `stage` and
  `reason`) are merged (numbers summed, lists concatenated), new entries are appended in order,
  so per-stage totals add up and a fail-on trip seen by several partitions is listed once;
- lists of plain values are concatenated without repeats;
- strings keep the first partition's value (`pipeline`, `file`, `started`).
"""

from __future__ import annotations

import copy
import json
from typing import Any, Iterable

# Lists whose entries are distinct events and are never merged with one another.
CONCATENATED_LISTS = frozenset({"items"})
# Numbers that are the worst case rather than a total.
MAXIMUM_NUMBERS = frozenset({"exit-code"})


def _identity(entry: dict) -> str:
    scalar = {k: v for k, v in entry.items() if isinstance(v, (str, bool)) or v is None}
    return json.dumps(scalar, sort_keys=True)


def _merge_value(key: str, a: Any, b: Any) -> Any:
    if isinstance(a, bool) or isinstance(b, bool):
        return a if a == b else (a or b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if key in MAXIMUM_NUMBERS:
            return max(a, b)
        total = a + b
        return round(total, 6) if isinstance(total, float) else total
    if isinstance(a, dict) and isinstance(b, dict):
        return _merge_objects(a, b)
    if isinstance(a, list) and isinstance(b, list):
        return _merge_lists(key, a, b)
    return a if a is not None else b


def _merge_objects(a: dict, b: dict) -> dict:
    merged = dict(a)
    for key, value in b.items():
        merged[key] = _merge_value(key, merged[key], value) if key in merged else copy.deepcopy(value)
    return merged


def _merge_lists(key: str, a: list, b: list) -> list:
    if key in CONCATENATED_LISTS:
        return a + copy.deepcopy(b)
    merged = list(a)
    if all(isinstance(e, dict) for e in a + b):
        index = {_identity(e): i for i, e in enumerate(merged)}
        for entry in b:
            identity = _identity(entry)
            if identity in index:
                merged[index[identity]] = _merge_objects(merged[index[identity]], entry)
            else:
                index[identity] = len(merged)
                merged.append(copy.deepcopy(entry))
        return merged
    for entry in b:
        if entry not in merged:
            merged.append(copy.deepcopy(entry))
    return merged


def merge_reports(reports: Iterable[dict]) -> dict:
    """The reports merged in the given (partition) order. An empty input gives `{}`."""
    merged: dict = {}
    for report in reports:
        merged = _merge_objects(merged, report) if merged else copy.deepcopy(report)
    return merged


def finish_report(merged: dict, *, pipeline_file: str, started: str, seconds: float, partitions: int,
                  worker_exit_codes: Iterable[int]) -> dict:
    """Fills in what only the driver knows: the pipeline file as the user named it, the job's start
    and wall time (the summed worker time is kept as `worker-seconds`), the number of partitions,
    and the exit code a single process would have had: 1 when a document failed, a fail-on
    condition tripped or a partition exited 1 (e.g. a stage could not finish), else 0."""
    report = dict(merged)
    report["file"] = pipeline_file
    report["started"] = started
    if "seconds" in report:
        report["worker-seconds"] = report["seconds"]
    report["seconds"] = round(seconds, 4)
    report["partitions"] = partitions
    documents = report.get("documents") or {}
    failed = documents.get("failed", 0) if isinstance(documents, dict) else 0
    trips = report.get("fail-on") or []
    exit_code = max([report.get("exit-code", 0), *worker_exit_codes], default=0)
    if failed or trips:
        exit_code = max(exit_code, 1)
    report["exit-code"] = exit_code
    return report
