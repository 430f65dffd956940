#!/usr/bin/env python3
"""Runs a command and prints `WALL CPU EXIT`: wall seconds, the CPU seconds (user + system) of the
whole process tree that was waited for (a JVM, its Python workers, every binary they started), and
the exit code. CPU time is what one core spends, and other processes' load disturbs it far less
than wall time. Used by bench_scale_out.sh.

    measure_command.py STDOUT_FILE STDERR_FILE COMMAND [ARG ...]
"""
import resource
import subprocess
import sys
import time

with open(sys.argv[1], "wb") as out, open(sys.argv[2], "wb") as err:
    start = time.monotonic()
    code = subprocess.call(sys.argv[3:], stdout=out, stderr=err)
    wall = time.monotonic() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{wall:.3f} {usage.ru_utime + usage.ru_stime:.3f} {code}")
