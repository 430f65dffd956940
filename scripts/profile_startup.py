#!/usr/bin/env python3
"""Where a short `pipeline` run spends its time: samples `perf record -g` over many runs of one
command and splits them by phase (process start, argument parsing, the pipeline file, each
stage's set-up, the first document, exit), by thread (the main thread and the others), and by
what the Swift runtime does across all of them (protocol-conformance look-ups, type metadata,
page faults).

    scripts/profile_startup.py [--runs 50] [--binary .build/release/pipeline] [-- run pipelines/brief.yaml]

Needs `perf` (Debian: linux-perf) and a binary with symbols (`.build/release/pipeline`; the
release archive's is stripped). Shares are of all samples of the pipeline processes, so they
add up to the CPU time of the command; `perf stat -r 40` prints that time.
"""
import argparse, collections, os, re, shutil, subprocess, sys, tempfile

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--runs", type=int, default=50)
parser.add_argument("--binary", default=".build/release/pipeline")
parser.add_argument("--frequency", type=int, default=20000)
parser.add_argument("command", nargs="*", default=["run", "pipelines/brief.yaml"])
args = parser.parse_args()
if not shutil.which("perf"):
    sys.exit("perf is not installed (Debian: apt-get install linux-perf)")
binary = os.path.abspath(args.binary)
command = " ".join(["'%s'" % binary] + ["'%s'" % a for a in args.command])

with tempfile.TemporaryDirectory() as tmp:
    data = os.path.join(tmp, "perf.data")
    loop = f"for i in $(seq {args.runs}); do {command} </dev/null >/dev/null 2>&1; done"
    subprocess.run(["perf", "record", "-q", "-F", str(args.frequency), "-g", "-o", data, "--", "sh", "-c", loop],
                   check=True, stderr=subprocess.DEVNULL)
    script = subprocess.run(["perf", "script", "-i", data], capture_output=True, text=True, errors="replace").stdout

# One sample: the thread's name, its pid/tid, and the frames, innermost first.
samples, current = [], None
for line in script.splitlines():
    if not line.strip():
        if current: samples.append(current)
        current = None
    elif not line.startswith(("\t", " ")):
        parts = line.split()
        current = {"comm": parts[0], "tid": parts[1], "frames": []}
    elif current is not None:
        fields = line.strip().split(None, 1)
        current["frames"].append(re.sub(r"\+0x[0-9a-f]+ .*$| \(.*\)$", "", fields[1] if len(fields) > 1 else "?"))
if current: samples.append(current)
name = os.path.basename(binary)[:15]
ours = [s for s in samples if s["comm"] not in ("sh", "seq", "perf", "perf-exec")]
if not ours:
    sys.exit("no samples of the pipeline processes")
main_pids = {s["tid"] for s in ours if s["comm"] == name}
total = len(ours)

STAGES = {"16StripSalutations": "strip-salutations", "6Redact": "redact", "9Summarize": "summarize",
          "9Translate": "translate", "6Export": "export", "12CommandStage": "command"}

def stage_of(frames, marker):
    for frame in frames:
        if marker in frame:
            for module, stage in STAGES.items():
                if module in frame: return stage
    return None

def phase(sample):
    frames = sample["frames"]
    joined = " ".join(frames)
    on_main = sample["comm"] == name
    if "execve" in joined or "load_elf_binary" in joined: return "process start: exec"
    if on_main and (re.search(r"\b_dl_|do_lookup_x|_dl_relocate", joined) or (frames and frames[-1] == "[unknown]" and "pipeline_main" not in joined)):
        return "process start: loader, relocations, runtime set-up"
    if "do_exit" in joined or "exit_mmap" in joined or "exit_group" in joined: return "exit"
    if "14ArgumentParser" in joined: return "argument parsing (ArgumentParser)"
    if "11PipelineCLI13RunInvocation" in joined and "fastParsing" in joined: return "argument parsing (fast path)"
    stage = stage_of(frames, "StageV7options")
    if stage: return f"stage set-up: {stage}"
    stage = stage_of(frames, "StageV7process") or stage_of(frames, "StageV6finish") or stage_of(frames, "StageV5write")
    if stage: return f"first document: {stage}"
    if "14PipelineConfig" in joined: return "pipeline file: YAML, validation, option decoding"
    if "14PipelineRunner" in joined: return "runner: inputs, reports, output"
    if "BuiltInStages" in joined or "PipelineEnvironment" in joined: return "built-in stage registry"
    if "start_thread" in joined and "swift_job_run" not in joined: return "threads: start, wait, hand-off"
    return "other (runtime, libc, kernel)"

def kind(sample):
    joined = " ".join(sample["frames"])
    if "swift_conformsToProtocol" in joined: return "protocol-conformance look-ups"
    if "getTypeByMangledName" in joined or "GenericMetadata" in joined or "instantiateConcreteType" in joined: return "type metadata"
    if "page_fault" in joined: return "page faults"
    return None

phases, kinds, threads = collections.Counter(), collections.Counter(), collections.Counter()
for s in ours:
    phases[phase(s)] += 1
    k = kind(s)
    if k: kinds[k] += 1
    threads["main thread" if s["comm"] == name else "other threads"] += 1

print(f"{total} samples of {args.runs} runs of: {os.path.relpath(binary)} {' '.join(args.command)}")
print("\nby phase (share of all samples):")
for key, count in sorted(phases.items(), key=lambda kv: -kv[1]):
    print(f"  {100 * count / total:5.1f}%  {key}")
print("\nacross phases:")
for key, count in kinds.most_common():
    print(f"  {100 * count / total:5.1f}%  {key}")
print("\nby thread:")
for key, count in threads.most_common():
    print(f"  {100 * count / total:5.1f}%  {key}")
