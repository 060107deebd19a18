"""A stand-in for an SMS or Zalo provider on 127.0.0.1: records every request it gets and answers as told
(success in the provider's shape, an HTTP error, a Zalo error inside a 200, a stall past the client's
time-out, or a dropped connection)."""

from __future__ import annotations

import json
import socket
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Receiver:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.script: deque[str] = deque()  # what to do with the next requests: ok, 500, 400, zalo_error, stall, drop
        self.stall_s = 3.0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers),
                                          "body": json.loads(body or b"{}")})
                receiver.answer(self)

            def log_message(self, *_args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a dropped or abandoned connection is what some tests ask for; nothing to print

        self.closed = threading.Event()
        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        action = self.script.popleft() if self.script else "ok"
        if action == "drop":
            handler.connection.shutdown(socket.SHUT_RDWR)
            return
        if action == "stall":
            self.closed.wait(self.stall_s)  # cut short when the test ends
        status, body = {"500": (500, {"error": "busy"}), "400": (400, {"error": "bad number"}),
                        "zalo_error": (200, {"error": -108, "message": "Phone number is invalid"}),
                        }.get(action, (200, {"error": 0, "message": "Success",
                                             "data": {"msg_id": f"m{len(self.requests)}"}}))
        raw = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(raw)))
        handler.end_headers()
        handler.wfile.write(raw)

    def close(self) -> None:
        self.closed.set()
        self.server.shutdown()
        self.server.server_close()
