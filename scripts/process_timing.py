"""Whole-process timing shared by the benchmark scripts (`bench_jobs_scaling.sh`,
`bench_end_to_end.sh`): commands started at once, their wall time and each one's CPU time, and
what two processes at once say about the machine's own scaling.

    sys.path.insert(0, "scripts"); from process_timing import run_together, two_process_scaling
"""
import os
import subprocess
import sys
import tempfile
import time


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
                tail = error.read()[-1500:].decode(errors="replace")
                sys.exit(f"{' '.join(command)} failed (wait status {status}): {tail}")
        return wall, [usage.ru_utime + usage.ru_stime for _, _, usage in results]
    finally:
        for handle in inputs + errors:
            if handle is not subprocess.DEVNULL:
                handle.close()


def two_process_scaling(wall_one, wall_pair):
    """What the machine's cores gave two processes at once: two runs' work in `wall_pair`, against
    one run alone in `wall_one` (2.0 when nothing is shared, not even the cores' caches)."""
    return 2 * wall_one / wall_pair
