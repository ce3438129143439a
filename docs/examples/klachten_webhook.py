#!/usr/bin/env python3
"""A Klachten webhook receiver that checks every signature (Python 3 standard library only).

    KLACHTEN_WEBHOOK_SECRET=whsec_... python3 klachten_webhook.py [port]

Listens on 127.0.0.1 (port 8000, or 0 for any free one; the first line printed says which).
For every request signed with the secret (or, during a rotation, one of the comma-separated
secrets in KLACHTEN_WEBHOOK_SECRET) it prints the event and answers 204; anything else gets
401 and is not trusted. Put it behind your HTTPS proxy: Klachten posts to https addresses only.
"""

import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

# A signature older than this is refused: it could be a recorded request played again.
TOLERANCE_SECONDS = 300


def verify(header, body, secrets, now=None):
    """True when `header` (Klachten-Signature) signs `body` (bytes) with one of `secrets`."""
    timestamp, signatures = None, []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            timestamp = value
        elif key == "v1":
            signatures.append(value)
    if timestamp is None or not timestamp.isdigit() or not signatures:
        return False
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    signed = timestamp.encode() + b"." + body
    for secret in secrets:
        expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
        if any(hmac.compare_digest(expected, s) for s in signatures):
            return True
    return False


class Receiver(BaseHTTPRequestHandler):
    secrets = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if not verify(self.headers.get("Klachten-Signature", ""), body, self.secrets):
            self.send_response(401)
            self.end_headers()
            print("refused: bad or old signature", flush=True)
            return
        event = json.loads(body)
        # Acknowledge first; do the work (or queue it) after answering, within 10 seconds.
        self.send_response(204)
        self.end_headers()
        complaint = event["data"].get("complaint", {})
        print(event["event"], event["id"], complaint.get("reference", ""), "verified", flush=True)

    def log_message(self, *args):
        pass


def main():
    secrets = [s for s in os.environ.get("KLACHTEN_WEBHOOK_SECRET", "").split(",") if s]
    if not secrets:
        sys.exit("set KLACHTEN_WEBHOOK_SECRET to the webhook's secret (whsec_...)")
    Receiver.secrets = secrets
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    server = HTTPServer(("127.0.0.1", port), Receiver)
    print(f"listening on 127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
