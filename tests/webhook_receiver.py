"""A small webhook receiver, as a city's SMS or WeCom bridge would run one: it checks each
delivery's signature with the subscription's secret and keeps what it got. It can be told to
fail the first deliveries (a bridge that is down), to see the hub retry."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from dispatch.notifications import SIGNATURE_HEADER, signature_valid


@dataclass
class Received:
    delivery_id: str
    kind: str
    body: dict[str, Any]
    signed: bool  # the signature checked out with the secret
    answered: int  # what the receiver answered


@dataclass
class Receiver:
    url: str
    secret: str = ""
    fail_first: int = 0
    got: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def accepted(self, kind: str | None = None) -> list[Received]:
        with self.lock:
            return [r for r in self.got if r.answered == 200 and (kind is None or r.kind == kind)]


@contextmanager
def webhook_receiver() -> Iterator[Receiver]:
    receiver = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            signed = signature_valid(
                receiver.secret, self.headers.get(SIGNATURE_HEADER, ""), raw, datetime.now(UTC)
            )
            with receiver.lock:
                failing = receiver.fail_first > 0
                receiver.fail_first -= 1 if failing else 0
                answer = 503 if failing else (200 if signed else 401)
                receiver.got.append(
                    Received(
                        self.headers.get("X-GridHub-Delivery", ""),
                        self.headers.get("X-GridHub-Event", ""),
                        json.loads(raw),
                        signed,
                        answer,
                    )
                )
            self.send_response(answer)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
