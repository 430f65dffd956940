#!/usr/bin/env bash
# Reference counts the `--jobs 2` workers share: every `swift_retain` and `swift_release` of
# `pipeline run PIPELINE --jsonl --jobs 2` over DOCS news items (scripts/news_items.py), traced
# with a uprobe (object address, thread, call chain). A count made on one worker's thread right
# after the object's previous one was made on the other "changed hands": a write to a cache line
# the other core held, a transfer between caches that `--jobs 1` never pays. Prints per document:
# all retains and releases, the counts that changed hands, the counts on objects both workers
# use (on the document's path and in per-batch work), and the objects whose counts changed hands
# most, with the functions that retain them. Objects of the binary's data (the empty array's
# storage and other immortal objects, whose retains only read) are left out. Counts do not
# depend on the machine's load, so two builds compare exactly (`--baseline`).
#
#   scripts/shared_refcounts.sh [--docs N] [--pipeline FILE] [--top K] [--baseline BINARY]
#
# Needs `perf` with uprobes (root), `swift demangle` and a binary with symbols (PIPELINE_BIN,
# else .build/release/pipeline). The trace holds ~800 events per document: keep DOCS at a few
# thousand. KEEP_TMP=1 keeps the traces (their folder is printed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
docs=2000 pipeline_file="" top=12 baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --docs) docs=$2; shift 2 ;;
    --pipeline) pipeline_file=$2; shift 2 ;;
    --top) top=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "usage: $0 [--docs N] [--pipeline FILE] [--top K] [--baseline BINARY]" >&2; exit 2 ;;
  esac
done
command -v perf >/dev/null || { echo "skipped: perf is not installed (Debian: linux-perf)"; exit 0; }
. scripts/pipeline_bin.sh
tmp=$(mktemp -d)
probes=()
cleanup() {
  for probe in "${probes[@]}"; do perf probe -q -d "$probe" 2>/dev/null || true; done
  [ -n "${KEEP_TMP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
if [ -z "$pipeline_file" ]; then
  pipeline_file=$tmp/brief3.yaml
  printf 'stages:\n  - strip-salutations\n  - redact: {entities: [email, phone, url]}\n  - summarize: {sentences: 3}\n' > "$pipeline_file"
fi
echo "corpus: $(python3 scripts/news_items.py "$tmp/items.jsonl" "$docs")"

trace() {  # trace BINARY NAME: writes $tmp/NAME.txt
  local binary=$1 name=$2 group="pipeline_rc_$2"
  for fn in swift_retain swift_release; do
    perf probe -q -x "$binary" -a "$group:$fn=$fn obj=%di:u64" >"$tmp/probe.log" 2>&1 \
      || { echo "skipped: cannot place a uprobe on $fn (needs root and a kernel with uprobes): $(tail -1 "$tmp/probe.log")"; exit 0; }
    probes+=("$group:$fn")
  done
  if ! perf record -q -e "$group:swift_retain" -e "$group:swift_release" -g -o "$tmp/$name.data" \
      "$binary" run "$pipeline_file" --jsonl --jobs 2 < "$tmp/items.jsonl" > /dev/null 2> "$tmp/$name.err" \
      || ! grep -q " 0 failed" "$tmp/$name.err"; then
    echo "$binary: the traced run failed:" >&2; tail -5 "$tmp/$name.err" >&2; exit 1
  fi
  perf script -i "$tmp/$name.data" -F tid,trace,ip,sym 2>/dev/null | swift demangle --simplified > "$tmp/$name.txt"
  rm -f "$tmp/$name.data"
  # An event name is placed once at a time, whatever its group.
  for fn in swift_retain swift_release; do perf probe -q -d "$group:$fn" 2>/dev/null || true; done
  probes=()
}
trace "$bin" this
[ -n "$baseline" ] && trace "$baseline" baseline

# Objects below the end of a binary's data (`_end`) are its static ones.
image_end() { nm "$1" 2>/dev/null | awk '$3 == "_end" { print $1 }'; }
python3 - "$tmp" "$docs" "$top" "$bin" "$baseline" "$(image_end "$bin")" "$( [ -n "$baseline" ] && image_end "$baseline")" <<'PY'
import collections, re, sys
tmp, docs, top, binary, baseline = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
image_ends = {"this": int(sys.argv[6] or "0", 16), "baseline": int(sys.argv[7] or "0", 16)}

# Frames of the work done once per batch or per run (contexts made, totals settled, the
# coordinating task, reading lines): not per document.
PER_BATCH = re.compile(r"makeContexts|settledStats|replica\(\)|PipelineRunner\.add\(|PipelineRunner\.run\(\)|WorkItems|LineReader|"
                       r"emptyStageStats|swift_task_create|completeTask|SpareBuffer")

def load(path):
    """Per object: counts by thread; on the per-document path, counts by (caller, its caller)
    and in all; and the count in per-batch work."""
    threads, callers = collections.defaultdict(collections.Counter), collections.defaultdict(collections.Counter)
    per_document, per_batch = collections.Counter(), collections.Counter()
    # Per object: the thread of its last count, and how often the next count came from another.
    last_thread, switches = {}, collections.Counter()
    events = 0
    current, frames = None, []
    def flush():
        nonlocal events
        if current is not None:
            tid, obj = current
            events += 1
            threads[obj][tid] += 1
            if last_thread.get(obj, tid) != tid: switches[obj] += 1
            last_thread[obj] = tid
            if any(PER_BATCH.search(frame) for frame in frames):
                per_batch[obj] += 1
            else:
                per_document[obj] += 1
                callers[obj][(frames[1] if len(frames) > 1 else "?", frames[2] if len(frames) > 2 else "?")] += 1
    for line in open(path, errors="replace"):
        if line.strip() and not line.startswith("\t"):
            flush()
            frames = []
            m = re.match(r"\s*(\d+)\s+.*obj=(\d+)", line)
            current = (m.group(1), int(m.group(2))) if m else None
        elif line.strip():
            parts = line.strip().split(None, 1)
            frames.append(parts[1] if len(parts) > 1 else "?")
    flush()
    return events, threads, callers, per_document, per_batch, switches

def shared(threads, image_end):
    """Heap objects that two threads or more each retained or released at least 50 times and
    for at least a quarter of the object's counts: the objects the workers use side by side
    (a document's own objects, whose memory another document reuses later, maybe on the other
    thread, mostly stay with one). Objects of the binary's data, such as the empty array's
    storage, are immortal (their retains only read): skipped; so are tagged values."""
    def side_by_side(counts):
        total = sum(counts.values())
        return sum(1 for n in counts.values() if n >= 50 and 4 * n >= total) >= 2
    return {obj: counts for obj, counts in threads.items() if image_end < obj < 1 << 56 and side_by_side(counts)}

def short(name, width=70):
    name = re.sub(r"\s+", " ", name)
    return name if len(name) <= width else name[:width - 1] + "…"

results = {}
for name in ["this"] + (["baseline"] if baseline else []):
    events, threads, callers, per_document, per_batch, switches = load(f"{tmp}/{name}.txt")
    objects = shared(threads, image_ends[name])
    on_shared = sum(per_document[obj] for obj in objects)
    batch_shared = sum(per_batch[obj] for obj in objects)
    handovers = sum(n for obj, n in switches.items() if image_ends[name] < obj < 1 << 56)
    results[name] = (events, len(objects), on_shared, batch_shared, handovers)
    if name == "this":
        print(f"{binary}: {docs} documents, --jobs 2")
        print(f"  retains and releases: {events / docs:.0f} per document")
        print(f"  counts that changed hands (the object's previous count was made on the other thread): {handovers / docs:.1f} per document")
        print(f"  on objects both workers use, per document: {on_shared / docs:.1f} on the document's path, "
              f"{batch_shared / docs:.1f} in per-batch work ({len(objects)} objects; traced documents are slow, so batches")
        print(f"  are smaller than in a plain run and per-batch work weighs more here)")
        print(f"  the objects whose counts changed hands most (per document; what retains or releases them, and its caller):")
        heap = [obj for obj in switches if image_ends[name] < obj < 1 << 56]
        for obj in sorted(heap, key=lambda obj: -switches[obj])[:top]:
            print(f"  {switches[obj] / docs:6.2f}  {hex(obj)}  ({sum(threads[obj].values()) / docs:.1f} counts per document)")
            for (caller, outer), n in callers[obj].most_common(2):
                print(f"          {n / docs:5.1f}  {short(caller)}  <- {short(outer, 50)}")
if baseline:
    events, count, on_shared, batch_shared, handovers = results["baseline"]
    print(f"{baseline}: retains and releases {events / docs:.0f} per document; counts that changed hands {handovers / docs:.1f} per document;")
    print(f"  on objects both workers use, per document: {on_shared / docs:.1f} on the document's path, {batch_shared / docs:.1f} in per-batch work ({count} objects)")
PY
