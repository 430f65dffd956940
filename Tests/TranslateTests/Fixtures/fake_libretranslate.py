#!/usr/bin/env python3
"""A tiny LibreTranslate-compatible server for the translate stage's tests.

Binds 127.0.0.1 on a free port, prints the port on stdout, and serves until its stdin closes
(so it dies with the test process). The first path segment picks a behaviour, so one server
serves every test: http://127.0.0.1:PORT/<mode>/translate

  ok          translate: "<target>:" + text upper-cased (placeholders and digits untouched)
  flaky-<id>  the first request per <id> gets 429 (Retry-After: 0), later ones succeed
  down        always 503 with {"error": "overloaded"}
  slow        sleeps 3 s before answering (for timeouts)
  malformed   200 with a body lacking translatedText
  short       200 with one translation too few for a batch
  key         403 unless api_key == "sesame"
  endless     200 with a body that never ends (1 MiB chunks, no Content-Length, at most 30 s)
  huge        200 announcing a 1 GiB Content-Length
Also /<mode>/detect and /<mode>/languages. GET /stats returns request counts per path.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

counts = {}
seen_flaky = set()
lock = threading.Lock()

LANGUAGES = [
    {"code": "en", "name": "English", "targets": ["de", "es", "fr"]},
    {"code": "fr", "name": "French", "targets": ["de", "en", "es"]},
    {"code": "de", "name": "German", "targets": ["en", "es", "fr"]},
    {"code": "es", "name": "Spanish", "targets": ["de", "en", "fr"]},
]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, payload, headers=None):
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def route(self):
        parts = [p for p in self.path.split("?")[0].split("/") if p]
        with lock:
            counts[self.path] = counts.get(self.path, 0) + 1
        if parts == ["stats"]:
            return None, "stats"
        if len(parts) != 2:
            return None, None
        return parts[0], parts[1]

    def do_GET(self):
        mode, endpoint = self.route()
        if endpoint == "stats":
            with lock:
                return self.reply(200, counts)
        if endpoint == "languages":
            return self.reply(200, LANGUAGES)
        self.reply(404, {"error": "not found"})

    def do_POST(self):
        mode, endpoint = self.route()
        length = int(self.headers.get("Content-Length") or 0)
        try:
            req = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            return self.reply(400, {"error": "invalid JSON"})
        if mode is None:
            return self.reply(404, {"error": "not found"})
        if mode == "key" and req.get("api_key") != "sesame":
            return self.reply(403, {"error": "Invalid API key"})
        if mode == "down":
            return self.reply(503, {"error": "overloaded"})
        if mode.startswith("flaky"):
            with lock:
                first = mode not in seen_flaky
                seen_flaky.add(mode)
            if first:
                return self.reply(429, {"error": "Too many requests"}, {"Retry-After": "0"})
        if mode == "slow":
            time.sleep(3)
        if mode == "endless":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b'{"translatedText": "' + b"x" * (1 << 20)
            deadline = time.time() + 30
            try:
                while time.time() < deadline:
                    self.wfile.write(chunk)
            except OSError:
                pass
            return
        if mode == "huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(1 << 30))
            self.end_headers()
            try:
                self.wfile.write(b"x" * 4096)
            except OSError:
                pass
            return
        if endpoint == "detect":
            q = req.get("q", "")
            lang = "fr" if " le " in f" {q} " or " la " in f" {q} " else "en"
            return self.reply(200, [{"language": lang, "confidence": 90.0}])
        if endpoint != "translate":
            return self.reply(404, {"error": "not found"})
        if mode == "malformed":
            return self.reply(200, b'{"translated": "oops"')
        for field in ("q", "source", "target"):
            if field not in req:
                return self.reply(400, {"error": f"Invalid request: missing {field} parameter"})
        target = req["target"]
        codes = {l["code"] for l in LANGUAGES}
        if req["source"] != "auto" and req["source"] not in codes:
            return self.reply(400, {"error": f"{req['source']} is not supported"})
        q = req["q"]
        if isinstance(q, list):
            out = [f"{target}:" + t.upper() for t in q]
            if mode == "short":
                out = out[:-1]
        else:
            out = f"{target}:" + q.upper()
        payload = {"translatedText": out}
        if req["source"] == "auto":
            payload["detectedLanguage"] = {"confidence": 90.0, "language": "en"}
        self.reply(200, payload)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients that time out or cancel close their connection early: expected here


def main():
    server = Server(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # EOF: the test process is gone
    server.shutdown()


if __name__ == "__main__":
    main()
