"""The island link emulator (bench/link.py): real kernel TCP over two TUN devices and a relay.

The link's addresses are private ones (10.213.K.1 here, 10.213.K.2 in a network namespace the link
makes and removes), not loopback: the packets go from this namespace's TUN device to the relay process
and into the link's own namespace, never to a physical interface, so nothing leaves the machine. The
tests need root and /dev/net/tun and skip, saying why, without them. Time is only bounded from below
(a slow machine makes the link slower, never faster).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.link import IslandLink, LinkUnavailable, unavailable

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(unavailable() is not None, reason=f"no TUN link here: {unavailable()}")


def serve(link: IslandLink, handle: Callable[[socket.socket], None]) -> int:
    """A one-connection TCP server on the link's server side; returns its port."""
    server = socket.create_server((link.server_address, 0))

    def run() -> None:
        conn, _ = server.accept()
        with conn, contextlib.suppress(OSError):  # the far end may be gone with its link: the test tells
            handle(conn)
        server.close()

    threading.Thread(target=run, daemon=True).start()
    return server.getsockname()[1]


def far_connection(link: IslandLink, port: int) -> socket.socket:
    with link.far_side():
        sock = socket.create_connection((link.server_address, port), timeout=120)
    return sock


def echo(conn: socket.socket) -> None:
    while data := conn.recv(65536):
        conn.sendall(data)


def digest_all(conn: socket.socket) -> None:
    """Read to the end, answer the SHA-256 of what arrived and how many bytes it was."""
    sha, size = hashlib.sha256(), 0
    while data := conn.recv(65536):
        sha.update(data)
        size += len(data)
    conn.sendall(f"{sha.hexdigest()} {size}".encode())


def send_and_digest(sock: socket.socket, data: bytes) -> str:
    sock.sendall(data)
    sock.shutdown(socket.SHUT_WR)
    answer = b""
    while part := sock.recv(1024):
        answer += part
    return answer.decode()


def namespaces() -> str:
    return subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout


def test_a_round_trip_takes_at_least_both_delays():
    with IslandLink(rate=0, one_way_latency=0.15) as link:
        port = serve(link, echo)
        started = time.monotonic()
        sock = far_connection(link, port)
        handshake = time.monotonic() - started
        started = time.monotonic()
        sock.sendall(b"ping")
        assert sock.recv(16) == b"ping"
        rtt = time.monotonic() - started
        sock.close()
    assert handshake >= 0.3
    assert rtt >= 0.3


def test_a_bulk_transfer_takes_at_least_its_bytes_over_the_rate():
    rate, data = 100_000, random.Random(1).randbytes(250_000)
    with IslandLink(rate=rate, one_way_latency=0.01, queue_bytes=65_536) as link:
        port = serve(link, digest_all)
        sock = far_connection(link, port)
        started = time.monotonic()
        answer = send_and_digest(sock, data)
        took = time.monotonic() - started
        sock.close()
        up = link.stats()["up"]
    assert answer == f"{hashlib.sha256(data).hexdigest()} {len(data)}"
    assert took >= len(data) / rate
    assert up["payload"] >= len(data) and up["bytes"] > up["payload"]  # headers cross the link too
    assert up["queue_peak"] <= 65_536


def test_packets_are_lost_and_tcp_still_delivers_every_byte():
    data = random.Random(2).randbytes(60_000)
    with IslandLink(rate=0, one_way_latency=0.005, loss=0.3, seed=3) as link:
        port = serve(link, digest_all)
        sock = far_connection(link, port)
        answer = send_and_digest(sock, data)
        sock.close()
        stats = link.stats()
    assert answer == f"{hashlib.sha256(data).hexdigest()} {len(data)}"
    assert stats["up"]["loss_drops"] > 0 and stats["down"]["loss_drops"] > 0
    assert stats["up"]["payload"] > len(data)  # what was lost went again


def test_a_full_queue_drops_what_does_not_fit():
    """Four connections opening their windows at once into a 16 kB queue at 50 kB/s: the router drops."""
    with IslandLink(rate=50_000, one_way_latency=0.05, queue_bytes=16_384) as link:
        data = random.Random(4).randbytes(40_000)
        ports = [serve(link, digest_all) for _ in range(4)]
        socks = [far_connection(link, port) for port in ports]
        answers: list[str] = []
        threads = [threading.Thread(target=lambda s=s: answers.append(send_and_digest(s, data))) for s in socks]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        up = link.stats()["up"]
    assert answers == [f"{hashlib.sha256(data).hexdigest()} {len(data)}"] * 4
    assert up["queue_drops"] > 0 and up["queue_peak"] <= 16_384


def test_the_namespace_goes_with_the_link_also_on_an_exception():
    with pytest.raises(KeyError), IslandLink() as link:
        name = link.namespace
        assert name in namespaces()
        raise KeyError("the bench failed")
    assert name not in namespaces()
    assert f"{link.server_address} " not in subprocess.run(["ip", "-o", "-4", "addr"], capture_output=True,
                                                            text=True).stdout


def test_the_namespace_goes_when_its_owner_is_killed():
    owner = subprocess.Popen([sys.executable, "-c", "import sys, time; from bench.link import IslandLink\n"
                              "with IslandLink() as link:\n print(link.namespace, flush=True); time.sleep(600)"],
                             stdout=subprocess.PIPE, text=True, cwd=ROOT)
    name = owner.stdout.readline().strip()
    assert name.startswith("mcdlink-") and name in namespaces()
    owner.send_signal(signal.SIGKILL)
    owner.wait()
    deadline = time.monotonic() + 20
    while name in namespaces() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert name not in namespaces()


def test_refused_with_the_reason_when_not_root(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(LinkUnavailable, match="needs root"):
        IslandLink().open()


def test_the_island_bench_pushes_over_the_link_at_a_loss():
    """bench/sync.py island end to end, small: the city on the link's server side, the desk's sync at the
    far end, figures printed for the loss asked, and nothing of the link left behind."""
    before = namespaces()
    done = subprocess.run([sys.executable, "bench/sync.py", "island", "--dossiers", "20", "--loss", "2.5"],
                          capture_output=True, text=True, cwd=ROOT, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "2.5% loss, real TCP over the TUN link" in done.stdout
    assert "| 20 dossiers, 100 events | TUN | 2.5% |" in done.stdout
    assert "0 rounds failed" in done.stdout
    assert namespaces() == before
