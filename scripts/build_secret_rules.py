#!/usr/bin/env python3
"""Regenerates the secret-rule catalogue of the redact stage from gitleaks' default configuration.

    scripts/build_secret_rules.py [GITLEAKS_CHECKOUT]

GITLEAKS_CHECKOUT is a clone (or bare git directory) of https://github.com/gitleaks/gitleaks
(MIT licence, see Sources/Stages/Redact/Data/README.md). The script reads `config/gitleaks.toml`
and the rule generators under `cmd/generate/config/rules/` and writes

  Sources/Stages/Redact/Data/secret_rules.json      the catalogue the stage loads
  Tests/RedactTests/Fixtures/secret_rule_examples.json   each rule's literal true/false-positive
                                                    examples, as written in its generator

Every rule keeps its gitleaks id, keywords, entropy floor and allow-lists. Its Go (RE2) regex is
rewritten for ICU (NSRegularExpression) and classified:

  prefix      the secret starts with literal text (`ghp_`, `sk_live_`, `AKIA`, `hooks.slack.com`):
              the detector finds it by that prefix with no cue word, then runs the regex anchored
              at the candidate only.
  assignment  gitleaks' "semi-generic" form `<identifier containing a keyword> <operator> <value>`:
              the detector runs the value regex when an assigned name contains one of the keywords.
  special     the few rules the detector implements in code (generic-api-key, private-key, curl
              -u, JWT, ...): kept here for their allow-lists and entropy floors.

Checksums are added where the token format defines one (GitHub and npm: CRC32 of the random part,
base62, in the last six characters; PyPI: the macaroon's fixed `pypi.org` location).
"""
import json
import os
import re
import subprocess
import sys
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Sources/Stages/Redact/Data/secret_rules.json")
EXAMPLES = os.path.join(ROOT, "Tests/RedactTests/Fixtures/secret_rule_examples.json")

# The regex text gitleaks' generator wraps around a semi-generic rule's identifiers and value.
ASSIGN_HEAD = re.compile(r"^(\(\?i\))?\[\\w\.-\]\{0,50\}\?\(\?(?:i)?:")
ASSIGN_OPERATOR = r"""(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}("""
SUFFIX = r""")(?:[\x60'"\s;]|\\[nr]|$)"""

# Rules whose shape the detector implements in code (see Secrets/*.swift).
SPECIAL = {"generic-api-key", "private-key", "curl-auth-user", "curl-auth-header", "jwt"}

CHECKSUMS = {
    "github-pat": "github-crc32", "github-oauth": "github-crc32", "github-app-token": "github-crc32",
    "github-refresh-token": "github-crc32", "npm-access-token": "github-crc32",
    "pypi-upload-token": "pypi-macaroon",
}


def git_show(checkout, path):
    for args in (["git", "-C", checkout, "show", f"HEAD:{path}"], ["git", "--git-dir", checkout, "show", f"HEAD:{path}"]):
        r = subprocess.run(args, capture_output=True)
        if r.returncode == 0:
            return r.stdout.decode()
    with open(os.path.join(checkout, path), encoding="utf-8") as f:
        return f.read()


def git_ls(checkout, folder):
    for args in (["git", "-C", checkout, "ls-tree", "--name-only", "HEAD", folder + "/"],
                 ["git", "--git-dir", checkout, "ls-tree", "--name-only", "HEAD", folder + "/"]):
        r = subprocess.run(args, capture_output=True)
        if r.returncode == 0:
            return r.stdout.decode().split()
    return [os.path.join(folder, f) for f in os.listdir(os.path.join(checkout, folder))]


def to_icu(rx):
    """RE2 syntax -> ICU syntax (the differences gitleaks' rules use): POSIX classes, named
    groups (ICU names allow no `_`: made plain groups), and `{`/`}` that are not quantifiers
    (RE2 reads them as literals, ICU needs them escaped)."""
    rx = re.sub(r"\(\?P?<[A-Za-z_][A-Za-z0-9_]*>", "(?:", rx)
    rx = rx.replace("[:alnum:]", "a-zA-Z0-9").replace("[:alpha:]", "a-zA-Z").replace("[:digit:]", "0-9")
    rx = rx.replace("[:upper:]", "A-Z").replace("[:lower:]", "a-z").replace("[:xdigit:]", "0-9A-Fa-f")
    rx = rx.replace("[:space:]", r"\s").replace("[:word:]", r"\w")
    out, i, in_class = [], 0, False
    while i < len(rx):
        c = rx[i]
        if c == "\\":
            out.append(rx[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append(c)
        elif c == "[":
            in_class = True
            out.append(c)
            if rx[i + 1:i + 2] == "]" or rx[i + 1:i + 3] == "^]":
                k = 2 if rx[i + 1] == "]" else 3
                out.append(rx[i + 1:i + k])
                i += k
                continue
        elif c == "{":
            m = re.match(r"\{\d+(?:,\d*)?\}", rx[i:])
            if m and i > 0:
                out.append(m.group(0))
                i += len(m.group(0))
                continue
            out.append("\\{")
        elif c == "}":
            out.append("\\}")
        else:
            out.append(c)
        i += 1
    return "".join(out)


def balanced(rx):
    """True when `rx` compiles (checked with Python's engine after the usual flag rewrite)."""
    t = rx.replace("(?i)", "").replace("\\z", "\\Z")
    t = re.sub(r"\(\?-?i:", "(?:", t)
    try:
        re.compile(t)
        return True
    except re.error:
        return False


def literal_prefixes(rx):
    """The literal texts a regex's match must start with, or None when it has none of 2+ bytes.

    Understands what gitleaks' token rules begin with: `\\b`, `(?i)`, groups (optional ones
    too), alternations, small character classes and escaped punctuation; stops at the first
    repeated atom or wider class. Returns (sorted prefixes, case-insensitive?).
    """
    flags = {"ci": False}

    def group_end(t):
        """Index in `t` of the `)` closing the group that `t` opens."""
        depth, k = 0, 0
        while k < len(t):
            c = t[k]
            if c == "\\":
                k += 2
                continue
            if c == "[":
                k = t.index("]", k + 2 if t[k + 1] == "]" else k + 1) + 1
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return k
            k += 1
        raise ValueError("unbalanced")

    def split_alternatives(body):
        parts, depth, k, last = [], 0, 0, 0
        while k < len(body):
            c = body[k]
            if c == "\\":
                k += 2
                continue
            if c == "[":
                k = body.index("]", k + 1) + 1
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            elif c == "|" and depth == 0:
                parts.append(body[last:k])
                last = k + 1
            k += 1
        parts.append(body[last:])
        return parts

    def seq(s):
        """Prefixes of the regex text `s`: a list of strings (the empty string when none)."""
        i = 0
        while True:
            if s.startswith("(?i)", i):
                flags["ci"] = True
                i += 4
            elif s.startswith(r"\b", i) or s.startswith("^", i):
                i += 2 if s[i] == "\\" else 1
            else:
                break
        if i >= len(s):
            return [""]
        c = s[i]
        if c == "(":
            e = i + group_end(s[i:])
            body = s[i + 1:e]
            if body.startswith("?:"):
                body = body[2:]
            elif body.startswith("?i:"):
                flags["ci"] = True
                body = body[3:]
            elif body.startswith("?<"):
                body = body[body.index(">") + 1:]
            elif body.startswith("?"):
                return [""]
            alts = []
            for part in split_alternatives(body):
                alts.extend(seq(part))
            j = e + 1
            complete = all(is_complete(p) for p in split_alternatives(body))
        elif c == "[":
            e = s.index("]", i + 1)
            body = s[i + 1:e]
            if body.startswith("^") or "-" in body.replace(r"\-", "") or len(body.replace("\\", "")) > 6:
                return [""]
            alts = list(body.replace("\\", ""))
            j = e + 1
            complete = True
        elif c == "\\":
            if i + 1 < len(s) and s[i + 1] in ".-_/:+=$*@#~":
                alts, j, complete = [s[i + 1]], i + 2, True
            else:
                return [""]
        elif c in ".*+?{$|)":
            return [""]
        else:
            alts, j, complete = [c], i + 1, True
        quant = s[j] if j < len(s) else ""
        if quant == "{" and re.match(r"\{1\}", s[j:]):
            j += 3
            quant = ""
        if quant in ("*", "+") or quant == "{":
            return [""]
        if not complete:
            out = alts + (seq(s[j + 1:]) if quant == "?" else [])
        else:
            rest = seq(s[j + (1 if quant == "?" else 0):])
            out = [a + r for a in alts for r in rest]
            if quant == "?":
                out += rest
        return out[:128]

    def is_complete(part):
        """True when every expansion of `part` is literal to its end (no wildcard or repetition)."""
        t = part.replace("(?i)", "").replace("(?:", "(").replace("(?i:", "(").replace("\\b", "")
        t = re.sub(r"\\[.\-_/:+=$*@#~]", "", t)
        return not re.search(r"[*+{]|\.|\[[^\]]*-|\\[a-zA-Z]|\(\?", t)

    try:
        outs = seq(rx)
    except (ValueError, IndexError):
        return None, flags["ci"]
    # Alternatives with no literal start (sourcegraph's bare 40 hex) are left to the keyword rules.
    outs = [o for o in outs if len(o) >= 2]
    if not outs:
        return None, flags["ci"]
    return sorted(set(outs)), flags["ci"]


def split_assignment(rx):
    """(identifier alternatives regex, value regex, case-insensitive) of a semi-generic rule, or None."""
    # The variant with case-sensitive identifiers: `[\w.-]{0,50}?(?i:[\w.-]{0,50}?(?:ids)...{0,3})op`.
    double = "[\\w.-]{0,50}?(?i:[\\w.-]{0,50}?(?:"
    if rx.startswith(double):
        rx = "[\\w.-]{0,50}?(?:" + rx[len(double):].replace("""[\\s'"]{0,3})(?:=|""", """[\\s'"]{0,3}(?:=|""", 1)
    m = ASSIGN_HEAD.match(rx)
    if not m:
        return None
    rest = rx[m.end():]
    k = rest.find(")" + ASSIGN_OPERATOR)
    if k < 0:
        return None
    identifiers = rest[:k]
    value = rest[k + 1 + len(ASSIGN_OPERATOR):]
    if not value.endswith(SUFFIX):
        return None
    value = value[: -len(SUFFIX)]
    return identifiers, value, bool(m.group(1))


def shannon_floor(rule):
    e = rule.get("entropy")
    return float(e) if e is not None else 0.0


def allowlists(rule):
    """Per-rule allow-lists the detector can evaluate (paths need a file: skipped)."""
    out = []
    for a in rule.get("allowlists", []):
        if a.get("paths") and a.get("condition", "OR").upper() == "AND":
            continue  # applies only to certain files
        regexes = [to_icu(r) for r in a.get("regexes", [])]
        stop = a.get("stopwords", [])
        if not regexes and not stop:
            continue
        out.append({"target": a.get("regexTarget", "secret"), "regexes": regexes, "stopwords": stop})
    return out


GO_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|`([^`]*)`')


def go_unquote(m):
    if m.group(2) is not None:
        return m.group(2)
    return bytes(m.group(1), "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def examples(checkout):
    """Literal tps/fps strings per rule id from the Go generators (generated ones are skipped)."""
    per_rule = {}
    for path in git_ls(checkout, "cmd/generate/config/rules"):
        if not path.endswith(".go"):
            continue
        src = git_show(checkout, path)
        # Split into functions; each defines one rule (RuleID) with its tps/fps.
        for fn in re.split(r"\nfunc ", src):
            rid = re.search(r'RuleID:\s*"([^"]+)"', fn)
            if not rid:
                continue
            rid = rid.group(1)
            entry = per_rule.setdefault(rid, {"tps": [], "fps": []})
            for kind in ("tps", "fps"):
                # `kind := []string{ ... }` and `kind = append(kind, ...)` blocks.
                # Only blocks opened at the end of their line ("[]string{" or "append(tps,"): a
                # one-line append of generated samples has no literal examples.
                for block in re.finditer(kind + r"\s*(?::=|=)\s*(?:\[\]string\{|append\(" + kind + r",)[ \t]*\n(.*?)\n\t[})]", fn, re.S):
                    for line in block.group(1).split("\n"):
                        s = line.strip()
                        if not s or s.startswith("//") or "secrets.NewSecret" in s or "utils." in s or "+" in GO_STRING.sub("", s.split("//")[0]):
                            continue
                        ms = list(GO_STRING.finditer(s.split("// gitleaks:allow")[0]))
                        if len(ms) == 1:
                            try:
                                entry[kind].append(go_unquote(ms[0]))
                            except (UnicodeDecodeError, UnicodeEncodeError):
                                pass
    return {k: v for k, v in per_rule.items() if v["tps"] or v["fps"]}


def main():
    checkout = sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror/gitleaks+gitleaks/repo"
    cfg = tomllib.loads(git_show(checkout, "config/gitleaks.toml"))
    commit = subprocess.run(["git", "--git-dir", checkout, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip() \
        or subprocess.run(["git", "-C", checkout, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    rules = []
    counts = {"prefix": 0, "assignment": 0, "special": 0, "skipped": 0}
    for r in cfg["rules"]:
        rid = r["id"]
        rx = r.get("regex")
        if not rx:
            counts["skipped"] += 1
            continue
        out = {"id": rid, "keywords": [k.lower() for k in r.get("keywords", [])], "entropy": shannon_floor(r),
               "secretGroup": r.get("secretGroup", 0)}
        if rid in CHECKSUMS:
            out["checksum"] = CHECKSUMS[rid]
        al = allowlists(r)
        if al:
            out["allow"] = al
        if rid in SPECIAL:
            out["kind"] = "special"
            out["regex"] = to_icu(rx)
        elif (a := split_assignment(rx)) is not None and balanced(to_icu(a[1])) and balanced(to_icu(a[0])):
            identifiers, value, _ = a
            out["kind"] = "assignment"
            out["identifiers"] = to_icu(identifiers)
            out["regex"] = "(?i)" + to_icu(value) if rx.startswith("(?i)") else to_icu(value)
        else:
            prefixes, ci = literal_prefixes(rx)
            if prefixes is None:
                print(f"no literal prefix, skipped: {rid}: {rx[:90]}", file=sys.stderr)
                counts["skipped"] += 1
                continue
            out["kind"] = "prefix"
            out["prefixes"] = prefixes
            out["caseInsensitive"] = ci
            out["regex"] = to_icu(rx)
        counts[out["kind"]] += 1
        rules.append(out)
    glob = cfg.get("allowlist", {})
    # Keys that vendors publish in their documentation (not in gitleaks' config, which allow-lists
    # some of them per rule): never secrets. Sources: AWS IAM user guide (access key examples),
    # Stripe API reference (test-mode keys shown to every reader).
    documented = ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                  "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "pk_test_TYooMQauvdEDq54NiTphI7jx",
                  "sk_test_BQokikJOvBiI2HlWgH4olfQ2"]
    catalogue = {
        "source": "https://github.com/gitleaks/gitleaks config/gitleaks.toml",
        "commit": commit,
        "licence": "MIT, Copyright (c) 2019 Zachary Rice",
        "generatedBy": "scripts/build_secret_rules.py",
        "allow": {"regexes": [to_icu(x) for x in glob.get("regexes", [])], "stopwords": glob.get("stopwords", []),
                  "documented": documented},
        "rules": rules,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(catalogue, f, indent=1, ensure_ascii=False)
        f.write("\n")
    ex = examples(checkout)
    with open(EXAMPLES, "w", encoding="utf-8") as f:
        json.dump({"source": catalogue["source"].replace("config/gitleaks.toml", "cmd/generate/config/rules/*.go"),
                   "commit": commit, "licence": catalogue["licence"], "rules": ex}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(rules)} rules ({counts}); examples for {len(ex)} rules", file=sys.stderr)


if __name__ == "__main__":
    main()
