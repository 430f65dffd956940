#!/usr/bin/env python3
"""How `sync: end` could flush what an export wrote: the cost of each strategy.

    python3 scripts/bench_export_sync.py [--files N] [--size BYTES] [--rounds R] [--dir DIR]

Each round writes N files of SIZE bytes into a fresh folder the way export does (a temporary
name created with O_EXCL, one write, close, rename), then flushes them with one strategy; the
strategies alternate within each round, and the medians of the flush time (and of the whole
write+flush) are printed. Strategies:

  none            no flush
  syncfs          one syncfs(2) on the folder's file system (waits for every dirty page of it,
                  other processes' included)
  fsync-folder    fsync(2) of the folder only (names durable; NOT the files' data on ext4
                  with delayed allocation: shown for reference)
  fsync-files     at the end, open and fsync(2) every file written, then the folder
  fsync-batched   at the end, start writeback of every file (sync_file_range WRITE), then
                  fsync(2) each, then the folder
  early-writeback start writeback of each file right after writing it (sync_file_range
                  WRITE), fsync(2) each file and the folder at the end
  early-syncfs    start writeback of each file right after writing it (sync_file_range WRITE),
                  then one syncfs(2) at the end (what `sync: end` would do with early writeback)

Folders are kept until the end of the run (a file created right after a thousand were deleted
costs ~0.6 ms of kernel time on ext4: `recently_deleted` in the inode allocator), and each round
ends with an untimed syncfs.
"""
import argparse, ctypes, ctypes.util, os, shutil, statistics, sys, tempfile, time

libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
SYNC_FILE_RANGE_WRITE = 2
libc.sync_file_range.argtypes = [ctypes.c_int, ctypes.c_longlong, ctypes.c_longlong, ctypes.c_uint]

def syncfs(fd):
    if libc.syncfs(fd) != 0:
        raise OSError(ctypes.get_errno(), "syncfs")

def start_writeback(fd):
    libc.sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE)

def write_files(folder, count, payload, early):
    names = []
    for i in range(count):
        name = "item-%06d.md" % i
        temp = os.path.join(folder, ".%s.tmp-%x" % (name, i))
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        os.write(fd, payload)
        if early:
            start_writeback(fd)
        os.close(fd)
        os.rename(temp, os.path.join(folder, name))
        names.append(name)
    return names

def fsync_folder(folder):
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    os.fsync(fd)
    os.close(fd)

def flush(strategy, folder, names):
    if strategy == "none":
        return
    if strategy in ("syncfs", "early-syncfs"):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        syncfs(fd)
        os.close(fd)
        return
    if strategy == "fsync-folder":
        fsync_folder(folder)
        return
    if strategy == "fsync-batched":
        fds = [os.open(os.path.join(folder, n), os.O_RDONLY) for n in names]
        for fd in fds:
            start_writeback(fd)
        for fd in fds:
            os.fsync(fd)
            os.close(fd)
    else:  # fsync-files, early-writeback
        for n in names:
            fd = os.open(os.path.join(folder, n), os.O_RDONLY)
            os.fsync(fd)
            os.close(fd)
    fsync_folder(folder)

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--size", type=int, default=3600)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--dir", default=None, help="where to write (default: a temporary folder)")
    parser.add_argument("--strategies", default="none,syncfs,early-syncfs,fsync-folder,fsync-files,fsync-batched,early-writeback")
    args = parser.parse_args()
    strategies = args.strategies.split(",")
    base = tempfile.mkdtemp(prefix="bench-export-sync.", dir=args.dir)
    payload = (b"Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n" * (args.size // 57 + 1))[:args.size]
    flushes = {s: [] for s in strategies}
    totals = {s: [] for s in strategies}
    print("machine: %d cores, load average %s at start; %d files of %d bytes per round, folder on %s"
          % (os.cpu_count(), " ".join(open("/proc/loadavg").read().split()[:3]), args.files, args.size, base))
    try:
        for r in range(args.rounds):
            order = strategies if r % 2 == 0 else list(reversed(strategies))
            for s in order:
                folder = os.path.join(base, "%s-%d" % (s, r))
                os.mkdir(folder)
                start = time.perf_counter()
                names = write_files(folder, args.files, payload, early=s.startswith("early-"))
                written = time.perf_counter()
                flush(s, folder, names)
                done = time.perf_counter()
                flushes[s].append(done - written)
                totals[s].append(done - start)
            fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY)  # settle the deletions before the next round
            syncfs(fd)
            os.close(fd)
        print("%-16s %14s %16s" % ("strategy", "flush (median)", "write+flush"))
        for s in strategies:
            print("%-16s %11.1f ms %13.1f ms" % (s, statistics.median(flushes[s]) * 1e3, statistics.median(totals[s]) * 1e3))
        print("load average at end: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
    finally:
        shutil.rmtree(base, ignore_errors=True)

if __name__ == "__main__":
    main()
