#!/usr/bin/env python3
"""Builds the scored secrets suite: Tests/RedactTests/Fixtures/secrets_suite.jsonl.

    pip install rstr   # generates strings from the rules' regexes
    scripts/make_secrets_suite.py

Sources (nothing here is copied from another project's test suite):
  * each catalogue rule's own literal true/false-positive examples, as written in gitleaks' rule
    generators (Tests/RedactTests/Fixtures/secret_rule_examples.json, by build_secret_rules.py);
  * tokens generated from every prefix and vendor rule's regex, each placed in the assignment
    styles people write (INI, ENV, JSON, YAML, XML, code in several languages, HTTP headers,
    Makefiles, camelCase/kebab/dotted names) and bare in prose, with no cue word;
  * generic secrets (random values under key-like names, passwords with punctuation, URL and
    curl credentials, JWTs plain, wrapped and base64-wrapped, private keys);
  * negatives: placeholders after real prefixes, documented examples, low-entropy values,
    references to variables, versions, UUID ids, empty key blocks, ordinary prose.

Each line: {"id", "family", "label": "secret"|"clean", "text", "secret"?} (`secret`: the value
that must not survive redaction, when known).
"""
import base64
import json
import os
import random
import re
import string
import sys

try:
    import rstr
except ImportError:
    sys.exit("make_secrets_suite.py needs rstr: pip install rstr")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = os.path.join(ROOT, "Sources/Stages/Redact/Data/secret_rules.json")
EXAMPLES = os.path.join(ROOT, "Tests/RedactTests/Fixtures/secret_rule_examples.json")
OUT = os.path.join(ROOT, "Tests/RedactTests/Fixtures/secrets_suite.jsonl")

rng = random.Random(20261202)
rstr_gen = rstr.Rstr(rng)
SUFFIX = r"""(?:[\x60'"\s;]|\\[nr]|$)"""

STYLES = [
    ("ini-quoted", '{i}Token="{s}"'), ("ini-spaced", '{i}Token = "{s}"'), ("ini-bare", "{i}Token={s}"),
    ("env", "export {I}_TOKEN={s}"), ("json", '{{\n    "{i}_token": "{s}"\n}}'),
    ("yaml", "{i}_token: {s}"), ("yaml-quoted", "{i}_token: '{s}'"), ("csharp", 'string {i}Token = "{s}";'),
    ("go", '{i}Token := "{s}"'), ("go-backtick", "{i}Token := `{s}`"), ("java", 'String {i}Token = "{s}";'),
    ("kotlin", 'var {i}Token = "{s}"'), ("php", '${i}Token .= "{s}"'), ("python", "{i}Token = '{s}'"),
    ("setproperty", 'System.setProperty("{I}_TOKEN", "{s}")'), ("logstash", '  "{i}Token" => "{s}"'),
    ("make", '{I}_TOKEN := "{s}"'), ("make-cond", '{I}_TOKEN ?= "{s}"'), ("xml-element", "<{i}Token>\n    {s}\n</{i}Token>"),
    ("camel", 'weatherApiToken="{s}"'), ("kebab", "weather-api-token: {s}"), ("dotted", "weather.api.token={s}"),
    ("xml-attr", '<service apiToken="{s}" />'), ("header", "Authorization: Bearer {s}"),
    ("prose", "Rotate {s} before Friday."), ("bare", "{s}"),
]


def to_python(rx):
    """ICU regex -> Python `re` (global flags first, no scoped flag groups)."""
    ci = "(?i)" in rx
    rx = rx.replace("(?i)", "").replace(r"\z", r"\Z")
    rx = re.sub(r"\(\?-i:", "(?:", rx)
    rx = re.sub(r"\(\?i:", "(?:", rx)
    rx = rx.replace("(?s:.)", "[\\s\\S]")
    return ("(?i)" if ci else "") + rx


def core(rule):
    """The regex of the token itself, without gitleaks' boundary wrappers."""
    rx = rule["regex"]
    if rx.endswith(SUFFIX):
        rx = rx[: -len(SUFFIX)]
    rx = re.sub(r"^(\(\?i\))?\\b\(", lambda m: (m.group(1) or "") + "(", rx)
    return to_python(rx)


def gen(rule, tries=20):
    try:
        full = re.compile(to_python(rule["regex"]))
        pattern = core(rule)
        re.compile(pattern)
    except re.error:
        return None
    for _ in range(tries):
        try:
            s = rstr_gen.xeger(pattern)
        except Exception:
            return None
        s = s.strip()
        if rule["kind"] == "prefix" and not full.search(s + " "):
            continue
        if len(set(s)) < 8:
            continue
        return s
    return None


def rand(alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


B64 = string.ascii_letters + string.digits + "+/"
URLSAFE = string.ascii_letters + string.digits + "-_"
HEX = "0123456789abcdef"
ALNUM = string.ascii_letters + string.digits


def b64url(obj):
    return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")


def make_jwt():
    header = b64url({"alg": rng.choice(["HS256", "RS256", "ES256"]), "typ": "JWT"})
    payload = b64url({"sub": str(rng.randint(10**6, 10**9)), "name": rand(string.ascii_letters, 8), "iat": rng.randint(1.5e9, 1.8e9)})
    return f"{header}.{payload}.{rand(URLSAFE, 43)}"


cases = []


def add(family, label, text, secret=None):
    cases.append({"id": f"{family}-{len(cases)}", "family": family, "label": label, "text": text,
                  **({"secret": secret} if secret else {})})


def main():
    rules = json.load(open(RULES))["rules"]
    examples = json.load(open(EXAMPLES))["rules"]
    # 1. The catalogue's own examples.
    for rid, ex in sorted(examples.items()):
        for t in ex["tps"]:
            add("rule-example:" + rid, "secret", t)
        for t in ex["fps"]:
            add("rule-example:" + rid, "clean", t)
    # 2. Generated tokens of every prefix and vendor rule, in every style.
    for rule in rules:
        if rule["kind"] == "special":
            continue
        for k in range(3):
            s = gen(rule)
            if not s:
                break
            ident = re.sub(r"[^a-z0-9]", "", (rule["keywords"] or ["service"])[0]) or "service"
            styles = rng.sample(STYLES, 5)
            for name, style in styles:
                if rule["kind"] == "assignment" and name in ("camel", "kebab", "dotted", "xml-attr", "header", "prose", "bare"):
                    continue  # vendor rules need their vendor's name before the value
                if "\n" in s and name not in ("bare",):
                    continue
                text = style.format(i=ident, I=ident.upper(), s=s)
                add(rule["kind"] + ":" + rule["id"], "secret", text, s)
        # Placeholders after a real prefix: never secrets.
        if rule["kind"] == "prefix" and rule.get("prefixes"):
            p = rule["prefixes"][0].lstrip("\"'<_")
            if p[0].isalnum():
                add("placeholder:" + rule["id"], "clean", f'token = "{p}{"x" * 32}"')
                add("placeholder:" + rule["id"], "clean", f"{p}XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")
    # 3. Generic secrets.
    names = ["apiKey", "api_key", "API_KEY", "weatherApiToken", "client-secret", "auth.token", "db_password",
             "DB_PASSWORD", "accessToken", "secretKey", "X-Api-Key", "privateKey", "session_token"]
    for k in range(60):
        value = rng.choice([rand(B64, 40), rand(HEX, 32), rand(ALNUM, 28), rand(URLSAFE, 36), rand(HEX, 64)])
        if not re.search(r"\d", value):
            value = value[:-1] + "7"
        name = rng.choice(names)
        style = rng.choice(['{n}="{v}"', "{n}: {v}", '"{n}": "{v}"', "{n} = {v}", "<{n}>{v}</{n}>", '<add {n}="{v}"/>',
                            "{n}: '{v}'", "export {n}={v}", "{n}={v};"])
        add("generic", "secret", style.format(n=name, v=value), value)
    for k in range(20):
        pw = rand(string.ascii_letters, 5) + rng.choice("!@#$%^&*?") + rand(string.digits, 3) + rng.choice(".,;:!") + rand(string.ascii_letters, 3)
        style = rng.choice(['password: "{p}"', 'PASSWORD={p}', "db_password = '{p}'", '"password": "{p}"', "pwd: {p}",
                            'userPassword="{p}"'])
        add("password", "secret", style.format(p=pw), pw)
    hosts = ["db.internal", "example.org", "10.0.0.12:5432", "cache.local"]
    for k in range(15):
        user, pw = rand(string.ascii_lowercase, 6), rand(ALNUM, 12) + rng.choice("!~_")
        scheme = rng.choice(["https", "postgres", "mysql", "redis", "amqp", "mongodb"])
        add("url-credentials", "secret", f"connect to {scheme}://{user}:{pw}@{rng.choice(hosts)}/app", pw)
    for k in range(15):
        user, pw = rand(string.ascii_lowercase, 6), rand(ALNUM, 10) + rng.choice("!#$")
        form = rng.choice(["curl -u {u}:{p} https://api.example.com", "curl -s --user '{u}:{p}' https://x.example.com/v1",
                           'curl -X POST -u "{u}:{p}" https://example.net/hook'])
        add("curl", "secret", form.format(u=user, p=pw), pw)
    for k in range(20):
        t = make_jwt()
        form = rng.choice(["Authorization: Bearer {t}", "token: {t}", "{t}", 'const jwt = "{t}";'])
        add("jwt", "secret", form.format(t=t), t)
    for k in range(10):
        t = make_jwt()
        cut = rng.randint(20, len(t) - 20)
        add("jwt-wrapped", "secret", f"token: {t[:cut]}\n  {t[cut:]}", t[:cut])
    for k in range(10):
        t = base64.b64encode(make_jwt().encode()).decode()
        add("jwt-base64", "secret", f"auth = {t}", t)
    for k in range(10):
        body = "\n".join(rand(B64, 64) for _ in range(rng.randint(3, 8)))
        kind = rng.choice(["RSA ", "EC ", "", "OPENSSH ", "ENCRYPTED "])
        add("private-key", "secret", f"-----BEGIN {kind}PRIVATE KEY-----\n{body}\n-----END {kind}PRIVATE KEY-----", body[:64])
    # 4. Negatives.
    negatives = {
        "documented": ["aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                       "Stripe.api_key = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc'", "export AWS_ACCESS_KEY_ID=AKIAI44QH8DHBEXAMPLE"],
        "placeholder": ['api_key = "<your-api-key>"', "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "password: ********",
                        'token: "${GITHUB_TOKEN}"', "secret = os.environ['APP_SECRET']", "password = {{ vault_password }}",
                        'apiKey: "YOUR_API_KEY_HERE"', "stripe_key = sk_live_000000000000000000000000",
                        "Authorization: Bearer <token>", "curl -u user:password https://example.com",
                        "https://user:pass@example.com/", "API_TOKEN=replace-me-with-a-real-token",
                        'slack = "xoxb-xxxxxxxxxxxx-xxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx"'],
        "low-entropy": ['password = "password"', 'api_key = "aaaaaaaaaaaaaaaaaaaa"', "token: abcabcabcabcabcabc", 'secret: "changeme"',
                        "password: null", "auth_token = None", "key: true", 'password = ""'],
        "version": ["<version>1.4.2-SNAPSHOT</version>", "event-bus-api:rc0.15.0_20231217_1420-SNAPSHOT",
                    "COMMUNICATION_API_VERSION=rc0.13.0_20230412_0712-SNAPSHOT", "api_version: 2023-10-16"],
        "uuid": ["credential_id = 3f2c8a4e-1b7d-4c2e-9a6f-0d5e8b7c1a23", 'accessKeyId: "8d6f2a1c-5b3e-4f7a-9c8d-2e1f0a9b7c6d"',
                 "client_credentials_id: 7b1e4c2a-9d3f-4e8a-b6c5-1a2d3e4f5a6b"],
        "empty-key": ["-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----",
                      "-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----",
                      "-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----"],
        "prose": ["The key to success is 2023 work-life-balance strategies-for-everyone.",
                  "Access: the building opens at 08:30 and closes at 18:00.", "Password policy: at least 12 characters.",
                  "The token ring network was replaced in 1998.", "API: see https://example.com/docs/v2/reference for details.",
                  "Auth flow: the client redirects to the login page.", "commit: 9fceb02d0ae598e95dc970b74767f19372d61af8",
                  "keyboard: logitech-mx-keys-2021", "monkey=banana", "author: Jane Doe", "primary_key = id",
                  "The secret ingredient, said the chef, is patience.", "keyFile: /etc/ssl/private/server.key"],
    }
    for family, texts in negatives.items():
        for t in texts:
            add("negative:" + family, "clean", t)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    pos = sum(c["label"] == "secret" for c in cases)
    print(f"{len(cases)} cases ({pos} secrets, {len(cases) - pos} clean) -> {os.path.relpath(OUT, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
