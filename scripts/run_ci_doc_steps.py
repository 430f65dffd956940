#!/usr/bin/env python3
"""Run the shell steps of the CI examples in docs/ci.md locally, as the CI systems would.

It takes the GitHub Actions workflow and the GitLab CI job from docs/ci.md, sets up a scratch
work folder (the repository's pipelines/ and an incoming/ folder with one clean file and one
holding a planted fake AWS key), puts PIPELINE_BIN on PATH as `pipeline`, and runs:
  - each GitHub `run:` step (except the build) with GITHUB_ACTIONS=true and GITHUB_STEP_SUMMARY;
  - the GitLab `script:` lines (except the build) in one shell with GITLAB_CI=true.
Expected: every step exits 0 except the leak gate, which exits 1. Prints the work folder, whose
out/ holds the reports, on the last line.
Usage: run_ci_doc_steps.py PIPELINE_BIN [WORK_DIR]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def blocks():
    text = open(os.path.join(ROOT, "docs/ci.md"), encoding="utf-8").read()
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", text, re.S)]


def main():
    binary = os.path.abspath(sys.argv[1])
    work = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="pipeline-ci-doc-")
    os.makedirs(work, exist_ok=True)
    if not os.path.exists(os.path.join(work, "pipelines")):
        shutil.copytree(os.path.join(ROOT, "pipelines"), os.path.join(work, "pipelines"))
    examples = os.path.join(ROOT, "Examples")
    if os.path.isdir(examples) and not os.path.exists(os.path.join(work, "Examples")):
        os.symlink(examples, os.path.join(work, "Examples"))
    incoming = os.path.join(work, "incoming")
    os.makedirs(incoming, exist_ok=True)
    with open(os.path.join(incoming, "clean.txt"), "w") as f:
        f.write("Talks stalled in Istanbul on Tuesday.\nBoth sides blamed the other.\n")
    with open(os.path.join(incoming, "leak.txt"), "w") as f:
        f.write("Deploy notes\n\nThe build used key AKIAQYLPMN5HHHFPZAM2 by mistake.\n")
    bindir = os.path.join(work, ".bin")
    os.makedirs(bindir, exist_ok=True)
    link = os.path.join(bindir, "pipeline")
    if not os.path.exists(link):
        os.symlink(binary, link)
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"])
    docs = blocks()
    github = next(d for d in docs if isinstance(d, dict) and "jobs" in d)
    gitlab = next(d for d in docs if isinstance(d, dict) and "pipeline-checks" in d)
    failures = 0

    summary = os.path.join(work, "step-summary.md")
    open(summary, "w").close()
    for step in github["jobs"]["pipeline"]["steps"]:
        run = step.get("run")
        if not run or "swift build" in run:
            continue
        expected = 1 if "redact.yaml" in run else 0
        result = subprocess.run(["bash", "-eo", "pipefail", "-c", run], cwd=work, capture_output=True, text=True,
                                env=dict(env, GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=summary, CI="true"))
        ok = result.returncode == expected
        failures += not ok
        print(f"github step '{step['name']}': exit {result.returncode} ({'as expected' if ok else f'expected {expected}'})")
        if not ok:
            print(result.stdout[-2000:], result.stderr[-2000:])
        with open(os.path.join(work, f"github-{step['name'].replace(' ', '-').lower()}.stderr"), "w") as f:
            f.write(result.stderr)

    lines = [l for l in gitlab["pipeline-checks"]["script"] if "swift build" not in l and ".build/release" not in l]
    script = "\n".join(lines)
    gitlab_env = {k: v for k, v in env.items() if not k.startswith("GITHUB_")}
    gitlab_env["GITLAB_CI"] = "true"
    gitlab_work = os.path.join(work, "gitlab")
    os.makedirs(gitlab_work, exist_ok=True)
    for name in ("pipelines", "incoming", "Examples"):
        target = os.path.join(gitlab_work, name)
        if not os.path.exists(target) and os.path.exists(os.path.join(work, name)):
            os.symlink(os.path.join(work, name), target)
    result = subprocess.run(["bash", "-e", "-c", script], cwd=gitlab_work, capture_output=True, text=True, env=gitlab_env)
    ok = result.returncode == 1 and "::error" not in result.stderr and os.path.exists(os.path.join(gitlab_work, "out/leaks.xml"))
    failures += not ok
    print(f"gitlab script: exit {result.returncode} ({'as expected: the leak gate fails the job' if ok else 'unexpected'})")
    if not ok:
        print(result.stdout[-2000:], result.stderr[-2000:])
    print(f"{failures} unexpected step result(s)")
    print(work)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
