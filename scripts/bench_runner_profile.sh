#!/usr/bin/env bash
# Where a document's instructions go in the runner: `valgrind --tool=callgrind` of
# `pipeline run noop.yaml --jsonl --jobs 1` (one export stage, which --jsonl makes a no-op) over
# DOCS one-letter JSON lines and over an empty input; the difference per document, split by
# the functions' names into categories (retain/release, malloc, JSON reading and writing, the
# concurrency runtime, ...). Instruction counts do not depend on the machine's load, so two
# binaries compare exactly. Valgrind cannot read the static binary's debug info, so a copy
# without it (`strip -g`) is profiled. About one minute per 20,000 documents.
#
#   scripts/bench_runner_profile.sh BINARY [DOCS]
#
# Needs valgrind and swift-demangle (the toolchain's `swift demangle`). The first documents pay
# one-time protocol-conformance lookups (~14M instructions, ~700 per document at 20,000).
set -euo pipefail
binary=${1:?usage: $0 BINARY [DOCS]}
docs=${2:-20000}
command -v valgrind >/dev/null || { echo "skipped: valgrind is not installed"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
strip -g -o "$tmp/pipeline" "$binary"
printf 'stages:\n  - export: {format: jsonl}\n' > "$tmp/noop.yaml"
python3 -c "
import json, sys
with open(sys.argv[1], 'w') as f:
    for i in range(int(sys.argv[2])): f.write(json.dumps({'id': 'd%d' % i, 'text': 'x'}) + '\n')
" "$tmp/tiny.jsonl" "$docs"
: > "$tmp/empty.jsonl"
for input in tiny empty; do
  valgrind --tool=callgrind --callgrind-out-file="$tmp/$input.out" "$tmp/pipeline" run "$tmp/noop.yaml" "$tmp/$input.jsonl" \
    --jsonl --jobs 1 -q >/dev/null 2>"$tmp/$input.log"
done
python3 - "$tmp/tiny.out" "$tmp/empty.out" "$docs" <<'PY'
import re, subprocess, sys, collections
out, empty, docs = sys.argv[1], sys.argv[2], int(sys.argv[3])
def load(path):
    text = subprocess.run("callgrind_annotate --threshold=100 %s | swift demangle --simplified" % path, shell=True, capture_output=True, text=True).stdout
    rows = []
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)", line)
        if m and "PROGRAM TOTALS" not in line:
            rows.append((int(m.group(1).replace(",", "")), m.group(2)))
    total = int(re.search(r"([\d,]+) \(100.0%\)\s+PROGRAM TOTALS", text).group(1).replace(",", ""))
    return total, rows
cats = [
 ("retain/release", r"swift_(retain|release|bridgeObject|unknownObject)|doDecrementSlow|swift_isUniquelyReferenced|_swift_release_dealloc"),
 ("malloc/free + object alloc/dealloc", r"malloc|free|_int_|swift_(allocObject|deallocObject|deallocClassInstance|slowAlloc|slowDealloc)|unlink_chunk|cfree|tcache|__deallocating_deinit|swift_arrayDestroy|destroy for|initializeWithCopy|outlined (init|destroy|copy)|_consumeAndCreateNew|arrayInitWithCopy"),
 ("concurrency runtime (tasks, executors, dispatch)", r"swift_task|swift_job|dispatch|Task|AsyncTask|StackAllocator|future_adapter|completeTask|swift::runJob|jobInvoke|swift_continuation|TaskGroup|task_group|AccessSet|swift_beginAccess|swift_endAccess|getPreferredTaskExecutor"),
 ("JSON reading (parse, UTF-8 check, String creation)", r"JSONReader|_uncheckedFromUTF8|_allASCII|validat|Document.init\(jsonLine|DocumentReader|JSONLineFields"),
 ("JSON writing (encode, escape, integers to text)", r"JSONWriter|appendJSONLine|encodeDocuments|appendJSON|_BinaryIntegerToASCII|description.getter in conformance Int"),
 ("line splitting and copying (reader, memchr, memcpy)", r"LineReader|memchr|memmove|memcpy|WorkItems|Array.append|initialize\(from|UnsafeMutablePointer.initialize"),
 ("stdout buffer and write", r"StandardRunOutput|writeAll|__libc_write|write$"),
 ("hashing and dictionaries", r"Hasher|_NativeDictionary|Dictionary|hash"),
 ("strings: interpolation, labels, escaping", r"String|Interpolation|MessageText|Sequence.contains|_SmallString|_StringGuts|label\(of|id\(of|unicodeScalars"),
 ("clock", r"clock_gettime|Clock|Duration|__vdso"),
 ("locks", r"pthread_mutex|NSLock|LockedValue|futex|withLock"),
 ("dynamic casts and metadata", r"conformsToProtocol|swift_dynamicCast|Metadata|instantiate|swift_getGeneric|getCanonical"),
 ("runner: steps, outcomes, bookkeeping, export's no-op write", r"PipelineRunner|ExportStage|AnyStage|StageContext|SinkContext|DocumentEvents|RunEvents|emit|record|Outcome"),
]
total, rows = load(out)
etotal, erows = load(empty)
agg = collections.Counter(); eagg = collections.Counter()
for rowsx, a in ((rows, agg), (erows, eagg)):
    for n, name in rowsx:
        for c, rx in cats:
            if re.search(rx, name): a[c] += n; break
        else: a["other"] += n
per = (total - etotal) / docs
print("instructions per document: %.0f  (total %d, empty run %d, %d documents)" % (per, total, etotal, docs))
for c, _ in cats + [("other", "")]:
    d = (agg[c] - eagg[c]) / docs
    print("%-55s %7.0f  %5.1f%%" % (c, d, 100 * d / per))
PY
