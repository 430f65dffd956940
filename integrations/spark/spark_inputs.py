"""Which files an INPUT names, in the order, with the display paths and ids, that `pipeline run`
gives them, so a partitioned run names and orders documents exactly as a single process does.

A local path (no URI scheme) is expanded here with the binary's own rules: a file; a folder's
files, recursively, hidden entries skipped, sorted bytewise, id = the path under the folder
without extension; a quoted glob (`*`, `?`, `[...]`, `**`). A URI (`hdfs://`, `s3a://`, `file:`)
is listed through Hadoop's FileSystem on the driver (see `run_spark.list_hadoop`) with the same
rules. Nothing here imports pyspark.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from typing import Optional

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Characters Hadoop's input formats read as glob syntax or a path separator in a path list.
_HADOOP_SPECIAL = set(",{}[]*?\\")


class InputProblem(Exception):
    """An INPUT that names nothing usable (exit 2)."""


@dataclass
class InputFile:
    """One input file: `uri` for Spark to read, `display` as `pipeline run` names it (metadata
    `source`, report `source`), `stem` for default ids (`STEM-LINE` in JSON lines, the id itself
    for whole text files), and `local` when Python on the executors can read it directly."""

    uri: str
    display: str
    stem: str
    local: Optional[str] = None


def same_file_key(uri: str) -> str:
    """A key under which the driver's URI for a file and the one Spark reports for it agree:
    Hadoop writes local files as `file:/abs/path`, the driver as `file:///abs/path`."""
    if uri.startswith("file:"):
        return "file:/" + uri[len("file:"):].lstrip("/")
    return uri


def is_uri(argument: str) -> bool:
    """True for `scheme:...` arguments (a Windows drive letter is not a concern here)."""
    return bool(_SCHEME.match(argument))


def strip_extension(path: str) -> str:
    """`a/b.c.jsonl` -> `a/b.c`, as NSString's `deletingPathExtension` of the last component."""
    head, last = os.path.split(path)
    dot = last.rfind(".")
    if dot <= 0 or dot == len(last) - 1:
        return path
    return path[: len(path) - (len(last) - dot)]


def _sort_bytewise(paths: list) -> list:
    return sorted(paths, key=lambda p: p.encode("utf-8", "surrogateescape"))


def files_under(directory: str) -> list:
    """Regular files (and links to files) below `directory`, relative to it, sorted bytewise;
    hidden files and folders skipped: the binary's folder walk."""
    found = []
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith("."):
                continue
            full = os.path.join(dirpath, name)
            if os.path.isfile(full):
                found.append(os.path.relpath(full, directory))
    return _sort_bytewise(found)


def _join(directory: str, relative: str) -> str:
    return directory + relative if directory.endswith("/") else directory + "/" + relative


def _match(pattern: list, parts: list) -> bool:
    if not pattern:
        return not parts
    if pattern[0] == "**":
        for skip in range(len(parts) + 1):
            if _match(pattern[1:], parts[skip:]):
                return True
        return False
    return bool(parts) and fnmatch.fnmatchcase(parts[0], pattern[0]) and _match(pattern[1:], parts[1:])


def is_glob(argument: str) -> bool:
    return any(c in argument for c in "*?[")


def expand_local(argument: str) -> list:
    """The files of a local INPUT, as `pipeline run` expands it."""
    if os.path.exists(argument):
        if os.path.isdir(argument):
            relatives = files_under(argument)
            if not relatives:
                raise InputProblem(f"{argument}: error: directory has no files")
            return [_local(_join(argument, r), strip_extension(r)) for r in relatives]
        return [_local(argument, strip_extension(os.path.basename(argument)))]
    if is_glob(argument):
        components = argument.split("/")
        prefix = []
        for c in components:
            if is_glob(c):
                break
            prefix.append(c)
        root = "." if not prefix else ("/" if prefix == [""] else "/".join(prefix))
        rest = components[len(prefix):]
        if not os.path.isdir(root):
            raise InputProblem(f"{argument}: error: no files match this pattern")
        matches = [r if not prefix else _join(root, r) for r in files_under(root) if _match(rest, r.split("/"))]
        if not matches:
            raise InputProblem(f"{argument}: error: no files match this pattern")
        return [_local(m, strip_extension(os.path.basename(m))) for m in matches]
    raise InputProblem(f"{argument}: error: no such file or directory")


def _local(display: str, stem: str) -> InputFile:
    absolute = os.path.abspath(display)
    return InputFile(uri="file://" + absolute, display=display, stem=stem, local=absolute)


def check_readable_by_hadoop(files: list) -> None:
    """Hadoop's input formats read a comma as a path separator and `{}[]*?\\` as glob syntax, and
    skip files whose names start with `_` or `.`: refuse such names instead of losing documents."""
    for f in files:
        name = f.uri.rsplit("/", 1)[-1]
        if _HADOOP_SPECIAL & set(f.uri):
            raise InputProblem(f"{f.display}: error: Spark cannot read a file whose path contains any of "
                               "', { } [ ] * ? \\' as a single file; rename it")
        if name.startswith("_") or name.startswith("."):
            raise InputProblem(f"{f.display}: error: Hadoop's input formats skip files whose names start with "
                               "'_' or '.'; rename it")
