"""Whole-process timing shared by the benchmark scripts (`bench_jobs_scaling.sh`,
`bench_end_to_end.sh`): commands started at once, their wall time and each one's CPU time, what
two processes at once say about the machine's own scaling, a command's own peak memory, and copies
of a binary's file to time in turn.

    sys.path.insert(0, "scripts"); from process_timing import peak_rss, run_together, two_process_scaling
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


def file_copies(binary, directory, label, count=3):
    """`count` copies of the executable `binary` in `directory` (named `label-K`), to time in turn:
    one copy of a 100 MB executable can run a few percent faster or slower than another copy of the
    same bytes for as long as it stays in the page cache (an A/A run of one build as two single
    copies read 0.954x in round 20, docs/performance-log.md; with three copies each, 1.013x)."""
    paths = []
    for k in range(max(1, count)):
        path = os.path.join(directory, "%s-%d" % (label, k))
        shutil.copyfile(binary, path)
        os.chmod(path, 0o755)
        paths.append(path)
    return paths


def run_together(commands, stdin=None):
    """Starts `commands` (argument lists) at once, each reading `stdin` (a path) from its start
    when given; returns the wall time until the last ends and each one's CPU seconds (user +
    system, from `wait4`). A command that fails stops the benchmark with its status and the end
    of its stderr (the project's messages name documents, never their text)."""
    inputs = [open(stdin, "rb") if stdin else subprocess.DEVNULL for _ in commands]
    errors = [tempfile.TemporaryFile() for _ in commands]
    try:
        started = time.monotonic()
        processes = [subprocess.Popen(c, stdin=i, stdout=subprocess.DEVNULL, stderr=e)
                     for c, i, e in zip(commands, inputs, errors)]
        results = [os.wait4(p.pid, 0) for p in processes]
        wall = time.monotonic() - started
        for command, (_, status, _), error in zip(commands, results, errors):
            if status != 0:
                error.seek(0)
                stop(command, status, error.read()[-1500:].decode(errors="replace"))
        return wall, [usage.ru_utime + usage.ru_stime for _, _, usage in results]
    finally:
        for handle in inputs + errors:
            if handle is not subprocess.DEVNULL:
                handle.close()


def stop(command, status, tail):
    """Stops the benchmark: `command` failed with wait status `status`; `tail` is the end of its
    stderr (the project's messages name documents, never their text)."""
    sys.exit(f"{' '.join(command)} failed (wait status {status}): {tail}")


def two_process_scaling(wall_one, wall_pair):
    """What the machine's cores gave two processes at once: two runs' work in `wall_pair`, against
    one run alone in `wall_one` (2.0 when nothing is shared, not even the cores' caches)."""
    return 2 * wall_one / wall_pair


# Started by `peak_rss` in a fresh interpreter: runs the command (argv[2:]) with stdin from the
# file argv[1], stdout to /dev/null, and prints its status, its ru_maxrss, this interpreter's own
# and the wall time as JSON; the end of the command's stderr when it failed.
_PEAK_RSS_HELPER = r"""
import json, os, subprocess, sys, tempfile, time
with open(sys.argv[1], "rb") as inp, tempfile.TemporaryFile() as err:
    started = time.monotonic()
    p = subprocess.Popen(sys.argv[2:], stdin=inp, stdout=subprocess.DEVNULL, stderr=err)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - started
    err.seek(0)
    tail = err.read()[-1500:].decode(errors="replace") if status != 0 else ""
# The floor is this interpreter's own high-water mark (VmHWM), not its ru_maxrss, which holds its
# own starter's memory in turn.
hwm = [int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")]
print(json.dumps({"status": status, "peak_kb": usage.ru_maxrss, "wall": wall, "tail": tail,
                  "starter_kb": hwm[0] if hwm else usage.ru_maxrss}))
"""


def peak_rss(command, stdin):
    """Runs `command` reading the file `stdin` and returns its peak resident set in KB (the
    kernel's, from `wait4`), its wall time, and the floor of that figure.

    A child's `ru_maxrss` also counts the memory of the process that started it: Linux carries the
    starter's resident set into the child's maximum when the child is forked and when it execs
    (`setmax_mm_hiwater_rss`). Started from a benchmark script holding its corpora (~50 MB), a
    pipeline of ~22 MB reported the script's 54 MB. So the command is started from a fresh
    interpreter instead, and the figure is the command's own whenever it is above that
    interpreter's resident set (the floor, ~14 MB, returned too: a figure at the floor says only
    "at most this")."""
    result = subprocess.run([sys.executable, "-c", _PEAK_RSS_HELPER, stdin, *command],
                            stdout=subprocess.PIPE, check=True)
    report = json.loads(result.stdout)
    if report["status"] != 0:
        stop(command, report["status"], report["tail"])
    return report["peak_kb"], report["wall"], report["starter_kb"]
