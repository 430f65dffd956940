"""The driver side of shipping a pipeline to Spark executors: what the pipeline file references,
which of its stages cannot run partitioned, and one archive holding the binary, its resource
bundles, the pipeline file and every file it references, laid out as on the driver.

Nothing here imports pyspark (unit-tested without Spark). PyYAML reads the pipeline file.
"""

from __future__ import annotations

import os
import re
import shutil
import tarfile
from dataclasses import dataclass, field
from typing import Iterator, Optional

# `${VAR}`, `${VAR:-default}`, `${VAR:?message}`, `$$`: the binary's interpolation syntax.
_REFERENCE = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\?)([^}]*))?\}")

# Where the pipeline sits inside the archive, and where the binary and its bundles go.
ARCHIVE_PIPELINE_ROOT = "files"
ARCHIVE_BINARY_DIR = "bin"


class PipelineProblem(Exception):
    """A pipeline that cannot run partitioned as it is (exit 2, nothing processed)."""


def variables_used(text: str) -> list[str]:
    """Names of the environment variables the pipeline text interpolates, in order, once each."""
    names: list[str] = []
    for match in _REFERENCE.finditer(text):
        if match.group(1) and match.group(1) not in names:
            names.append(match.group(1))
    return names


def interpolate(value: str, environment: dict) -> str:
    """`value` with `${...}` references replaced as the binary does; an unset variable without a
    default becomes the empty string here (the binary itself reports it, with its line)."""
    def replace(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name, mode, argument = match.group(1), match.group(2), match.group(3) or ""
        current = environment.get(name)
        if current is not None and not (current == "" and mode):
            return current
        return argument if mode == ":-" else ""
    return _REFERENCE.sub(replace, value)


def load_pipeline(path: str) -> dict:
    """The pipeline file as plain data (PyYAML)."""
    try:
        import yaml
    except ImportError as error:
        raise PipelineProblem("PyYAML is needed on the driver to find the files the pipeline references: "
                              "pip install pyyaml") from error
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise PipelineProblem(f"{path}: error: expected a mapping with 'stages'")
    return data


@dataclass
class Step:
    """One stage of the pipeline: its name, its id (`id:` or the name) and its options."""

    name: str
    id: str
    options: dict


def steps(pipeline: dict) -> list[Step]:
    """The stages of a loaded pipeline, in order."""
    result = []
    for entry in pipeline.get("stages") or []:
        if isinstance(entry, str):
            result.append(Step(entry, entry, {}))
        elif isinstance(entry, dict):
            reserved = {"id", "when", "on-error"}
            names = [k for k in entry if k not in reserved]
            if len(names) == 1:
                name = names[0]
                options = entry[name] if isinstance(entry[name], dict) else {}
                result.append(Step(name, str(entry.get("id", name)), options))
    return result


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


# Export options that name outputs, not inputs to ship.
_EXPORT_OUTPUTS = {"path", "folder"}


@dataclass
class References:
    """Files and folders the pipeline references: `relative` ones (to the pipeline's folder,
    shipped) and `absolute` ones (left as they are: they must exist on every executor)."""

    relative: list = field(default_factory=list)
    absolute: list = field(default_factory=list)


def find_references(pipeline: dict, pipeline_dir: str, environment: dict) -> References:
    """Every string option value (after interpolation) that names an existing file or folder,
    relative to the pipeline's folder or absolute: glossaries, templates, phrase files, `command`
    programs and scripts, caches. This is generic, so custom stages' file options are found too;
    a word that happens to name a file beside the pipeline is shipped needlessly, never missed.
    Export `path`/`folder` values are outputs and are not shipped."""
    found = References()
    for step in steps(pipeline):
        for key, value in step.options.items():
            if step.name == "export" and key in _EXPORT_OUTPUTS:
                continue
            for raw in _strings(value):
                text = interpolate(raw, environment)
                if not text or "\n" in text or len(text) > 4096 or "\0" in text:
                    continue
                if os.path.isabs(text):
                    if os.path.exists(text) and text not in found.absolute:
                        found.absolute.append(text)
                    continue
                full = os.path.normpath(os.path.join(pipeline_dir, text))
                if os.path.exists(full):
                    rel = os.path.relpath(full, pipeline_dir)
                    if rel not in found.relative and rel != ".":
                        found.relative.append(rel)
    return found


def partition_problems(pipeline: dict, pipeline_dir: str, environment: dict) -> tuple[list[str], list[str]]:
    """(errors, warnings) about stages that do not fit a partitioned run.

    - `export` with `combine: true` and a `path` builds one file from every document in `finish`:
      each partition would write its own partial file to the same path. Refused.
    - `export` with a `path` and a relative `folder` (the default is the pipeline's folder) would
      write into the executor's scratch copy of the pipeline, which Spark deletes. Refused: give
      an absolute `folder` on storage every executor mounts.
    - `export` to SQLite from many executors at once: warned (SQLite locking over NFS is unreliable).
    """
    errors: list[str] = []
    warnings: list[str] = []
    for step in steps(pipeline):
        if step.name != "export":
            continue
        options = {k: (interpolate(v, environment) if isinstance(v, str) else v) for k, v in step.options.items()}
        path = options.get("path")
        if not path:
            continue                   # stdout: skipped under --jsonl with a note, as in a single process
        if options.get("combine") is True:
            errors.append(f"stage '{step.id}' (export with combine: true) writes one file from all documents at the "
                          "end of the run; in a partitioned run every partition would write its own partial file to "
                          f"'{path}'. Run it over the job's output in one process instead "
                          "(cat OUTPUT/part-* | pipeline run EXPORT.yaml --jsonl), or remove it")
            continue
        folder = str(options.get("folder") or ".")
        if not os.path.isabs(folder):
            errors.append(f"stage '{step.id}' (export to '{path}') writes files on the executors, relative to the "
                          "pipeline's folder, which there is a scratch copy that Spark deletes; set 'folder:' to an "
                          "absolute path on storage every executor mounts (e.g. folder: ${EXPORT_DIR})")
            continue
        if options.get("format") == "sqlite":
            warnings.append(f"stage '{step.id}' (export to SQLite) is written by every executor at once; keep "
                            f"'{folder}' on a local disk of a single machine or expect lock errors on network storage")
    return errors, warnings


@dataclass
class Bundle:
    """The job archive: its path, and where the binary and the pipeline sit inside it."""

    archive: str
    binary: str           # relative to the unpacked archive
    pipeline: str         # relative to the unpacked archive
    executables: list     # relative paths that must be executable
    files: list           # everything shipped, relative to the archive, for the log


def resource_bundles(binary: str) -> list[str]:
    """The `*.resources` folders beside the binary (the stages' phrase lists, name lists and
    templates), which the stages look for beside the executable."""
    folder = os.path.dirname(os.path.realpath(binary))
    return sorted(os.path.join(folder, n) for n in os.listdir(folder)
                  if n.endswith(".resources") and not n.endswith("Tests.resources")
                  and os.path.isdir(os.path.join(folder, n)))


def build_bundle(binary: str, pipeline_path: str, references: References, workdir: str,
                 name: str = "pipeline-job.tar") -> Bundle:
    """Writes one uncompressed tar holding `bin/pipeline`, `bin/*.resources` and, under `files/`,
    the pipeline file and its relative references laid out as on the driver (the common parent
    folder of all of them becomes `files/`, so `../glossaries/x.csv` still resolves)."""
    pipeline_path = os.path.abspath(pipeline_path)
    pipeline_dir = os.path.dirname(pipeline_path)
    targets = [os.path.normpath(os.path.join(pipeline_dir, r)) for r in references.relative]
    root = os.path.commonpath([pipeline_dir] + targets)
    archive = os.path.join(workdir, name)
    shipped: list[str] = []
    executables: list[str] = []

    def add(tar: tarfile.TarFile, source: str, arcname: str) -> None:
        tar.add(source, arcname=arcname, recursive=True)
        shipped.append(arcname)
        for dirpath, _, filenames in os.walk(source) if os.path.isdir(source) else [(None, None, None)]:
            if dirpath is None:
                if os.access(source, os.X_OK):
                    executables.append(arcname)
                break
            for f in filenames:
                full = os.path.join(dirpath, f)
                if os.access(full, os.X_OK):
                    executables.append(os.path.join(arcname, os.path.relpath(full, source)))

    binary_arc = f"{ARCHIVE_BINARY_DIR}/pipeline"
    pipeline_arc = os.path.join(ARCHIVE_PIPELINE_ROOT, os.path.relpath(pipeline_path, root))
    with tarfile.open(archive, "w", dereference=True) as tar:
        add(tar, os.path.realpath(binary), binary_arc)
        for bundle in resource_bundles(binary):
            add(tar, bundle, f"{ARCHIVE_BINARY_DIR}/{os.path.basename(bundle)}")
        add(tar, pipeline_path, pipeline_arc)
        for target in targets:
            add(tar, target, os.path.join(ARCHIVE_PIPELINE_ROOT, os.path.relpath(target, root)))
    return Bundle(archive=archive, binary=binary_arc, pipeline=pipeline_arc, executables=executables, files=shipped)


def locate_binary(explicit: Optional[str], repo_root: str) -> Optional[str]:
    """The `pipeline` binary: `--binary`, else `$PIPELINE_BIN`, else the repository's release then
    debug build, else `pipeline` on PATH."""
    candidates = [explicit, os.environ.get("PIPELINE_BIN"),
                  os.path.join(repo_root, ".build", "release", "pipeline"),
                  os.path.join(repo_root, ".build", "debug", "pipeline"), shutil.which("pipeline")]
    if explicit:
        candidates = [explicit]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return os.path.abspath(candidate)
    return None
