"""A fault-injecting TCP proxy for the sync tests and the benchmark (127.0.0.1 only).

Per direction, a reader thread stamps each chunk with its delivery time (now + one-way latency)
and a writer thread sends it no earlier than that and no faster than the rate cap, so latency and
bandwidth combine like a real link. Faults: cut a connection after N bytes in either direction
(mid-request, mid-response) with a reset, cut every connection after a byte budget, stall (hold
all data without closing), answer new connections with HTTP 503, and close a kept-alive connection
whose next request comes after it sat idle too long (the server's keep-alive timeout crossing that
request on the wire, as uvicorn's did on the island link).
"""

from __future__ import annotations

import contextlib
import random
import socket
import struct
import threading
import time
from collections import deque
from dataclasses import dataclass


@dataclass
class Faults:
    one_way_latency: float = 0.0  # seconds
    rate: float = 0.0  # bytes per second per direction; 0 = unlimited
    cut_up_after: int = 0  # reset a connection once it has carried this many request bytes (0 = never)
    cut_down_after: int = 0  # ... or response bytes
    cut_probability: float = 1.0  # chance that a new connection gets the cut rules above
    stall: bool = False  # hold every byte, keep sockets open
    http_503_probability: float = 0.0  # chance that a new connection is answered 503 and closed
    # close a connection (FIN, request unread) when a new request arrives after it sat idle this long
    # since its last answer; None = never, 0 = every kept-alive reuse
    idle_close_after: float | None = None
    # hold every answer until this many requests are open (or none has started or been answered for
    # `hold_quiet` s), then release the oldest: shows whether the client keeps a steady window in flight
    hold_answers: int = 0
    hold_quiet: float = 0.5


class _Link:
    """One proxied connection: two sockets and the byte counts that trigger cuts."""

    def __init__(self, client: socket.socket, upstream: socket.socket) -> None:
        self.client, self.upstream = client, upstream
        self.rules: Faults | None = None  # the fault settings the limits below were drawn for
        self.limits = {"up": 0, "down": 0}
        self.counts = {"up": 0, "down": 0}
        self.closed = False
        self.answered_at: float | None = None  # when the last answer's bytes went to the client
        self.request_open = False  # request bytes seen since that answer
        self.answer_started = True  # the answer to the open request has begun (or there is none)

    def follow(self, faults: Faults, rng: random.Random) -> None:
        """New fault settings apply to open (keep-alive) connections too, from their next byte."""
        if self.rules is faults:
            return
        self.rules = faults
        cut = rng.random() < faults.cut_probability
        self.limits = {"up": faults.cut_up_after if cut else 0, "down": faults.cut_down_after if cut else 0}
        self.counts = {"up": 0, "down": 0}

    def close_quietly(self) -> None:
        """A clean close (FIN), as a server closes an idle kept-alive connection."""
        if self.closed:
            return
        self.closed = True
        for sock in (self.client, self.upstream):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def reset(self) -> None:
        if self.closed:
            return
        self.closed = True
        for sock in (self.client, self.upstream):
            # linger 0: the peer sees a reset, as when a radio link drops; shutdown wakes our own
            # threads blocked in recv() on it, which close() alone would not
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()


class FaultProxy:
    def __init__(self, upstream_port: int, seed: int = 0) -> None:
        self.upstream_port = upstream_port
        self.faults = Faults()
        self.rng = random.Random(seed)
        self.bytes = {"up": 0, "down": 0}
        self.connections = 0
        self.cuts = 0  # connections reset by the cut rules
        self.idle_closes = 0  # kept-alive connections closed under a request (idle_close_after)
        self.open_requests = 0  # requests begun and not yet answered
        self.open_at_start: list[int] = []  # how many others were open when each request began
        self.open_peak = 0
        self._gate = threading.Condition()
        self._held: list[_Link] = []
        self._gate_moved = time.monotonic()
        self._links: list[_Link] = []
        self._lock = threading.Lock()
        self._free_at = {"up": 0.0, "down": 0.0}  # the rate cap is the link's, shared by its connections
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stopping = False
        threading.Thread(target=self._accept_loop, daemon=True).start()

    def close(self) -> None:
        self._stopping = True
        self._server.close()
        self.drop_all()

    def heal(self) -> None:
        """The faults stop, also for connections opened while they were on."""
        self.faults = Faults()

    def drop_all(self) -> None:
        """Reset every open connection (the link went down)."""
        with self._lock:
            links, self._links = self._links, []
        for link in links:
            link.reset()

    def _accept_loop(self) -> None:
        while not self._stopping:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        self.connections += 1
        f = self.faults
        if self.rng.random() < f.http_503_probability:
            self._answer_503(client)
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
        except OSError:
            client.close()
            return
        upstream.settimeout(None)
        for sock in (client, upstream):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        link = _Link(client, upstream)
        with self._lock:
            self._links.append(link)
        self._pipe(link, client, upstream, "up")
        self._pipe(link, upstream, client, "down")

    def _answer_503(self, client: socket.socket) -> None:
        try:
            client.settimeout(2)
            client.recv(65536)
            client.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 0\r\n"
                           b"Connection: close\r\n\r\n")
        except OSError:
            pass
        client.close()

    def _pipe(self, link: _Link, src: socket.socket, dst: socket.socket, direction: str) -> None:
        queue: deque = deque()
        ready = threading.Condition()
        threading.Thread(target=self._read, args=(link, src, queue, ready, direction), daemon=True).start()
        threading.Thread(target=self._write, args=(link, dst, queue, ready, direction), daemon=True).start()

    def _read(self, link: _Link, src: socket.socket, queue: deque, ready: threading.Condition,
              direction: str) -> None:
        while True:
            try:
                data = src.recv(8192)
            except OSError:
                data = b""
            if data and direction == "up" and not link.request_open:
                if self._idle_too_long(link):
                    self.idle_closes += 1
                    link.close_quietly()
                    data = b""
                else:
                    self._request_begins(link)
            with ready:
                queue.append((time.monotonic() + self.faults.one_way_latency, data))
                ready.notify()
            if not data:
                return

    def _idle_too_long(self, link: _Link) -> bool:
        """The first bytes of a request on a kept-alive connection idle past the limit."""
        limit = self.faults.idle_close_after
        return limit is not None and link.answered_at is not None and time.monotonic() - link.answered_at >= limit

    def _request_begins(self, link: _Link) -> None:
        link.request_open, link.answer_started = True, False
        with self._gate:
            self.open_at_start.append(self.open_requests)
            self.open_requests += 1
            self.open_peak = max(self.open_peak, self.open_requests)
            self._gate_moved = time.monotonic()
            self._gate.notify_all()

    def _answer_begins(self, link: _Link) -> None:
        """Before the first byte of an answer: wait for its turn when answers are held."""
        link.answer_started = True
        with self._gate:
            self._held.append(link)
            while self.faults.hold_answers:
                quiet = time.monotonic() - self._gate_moved >= self.faults.hold_quiet
                if self._held[0] is link and (self.open_requests >= self.faults.hold_answers or quiet):
                    break
                self._gate.wait(0.05)
            self._held.remove(link)
            self.open_requests -= 1
            self._gate_moved = time.monotonic()
            self._gate.notify_all()

    def _write(self, link: _Link, dst: socket.socket, queue: deque, ready: threading.Condition,
               direction: str) -> None:
        while True:
            with ready:
                while not queue:
                    ready.wait()
                due, data = queue.popleft()
            if not data:
                self._half_close(dst)
                return
            if direction == "down" and not link.answer_started:
                self._answer_begins(link)
            for start in range(0, len(data), 1024):
                piece = data[start:start + 1024]
                self._wait_turn(due, len(piece), direction)
                if not self._send(link, dst, piece, direction):
                    return

    def _wait_turn(self, due: float, size: int, direction: str) -> None:
        while self.faults.stall:
            time.sleep(0.05)
        rate = self.faults.rate
        with self._lock:
            start = max(time.monotonic(), due, self._free_at[direction])
            end = start + (size / rate if rate else 0.0)
            self._free_at[direction] = end
        delay = end - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def _send(self, link: _Link, dst: socket.socket, piece: bytes, direction: str) -> bool:
        link.follow(self.faults, self.rng)
        limit = link.limits[direction]
        if limit and link.counts[direction] + len(piece) > limit:
            piece = piece[: max(0, limit - link.counts[direction])]
            self._try_send(dst, piece)
            self.cuts += 1
            link.reset()
            return False
        if link.closed or not self._try_send(dst, piece):
            link.reset()
            return False
        link.counts[direction] += len(piece)
        if direction == "down":
            link.answered_at, link.request_open = time.monotonic(), False
        self.bytes[direction] += len(piece)
        return True

    @staticmethod
    def _try_send(dst: socket.socket, piece: bytes) -> bool:
        try:
            dst.sendall(piece)
            return True
        except OSError:
            return False

    @staticmethod
    def _half_close(dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)
