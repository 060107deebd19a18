"""The island link emulated for real TCP: delay, rate, a bounded bottleneck queue and packet loss (issue 13).

    with IslandLink(rate=32_000, one_way_latency=0.3, loss=0.025, queue_bytes=65_536, seed=1) as link:
        serve_on(link.server_address)                        # in this process's network namespace
        subprocess.run(link.command([sys.executable, "desk.py", f"http://{link.server_address}:8000"]))
        with link.far_side():                                # or: sockets this thread opens live at the far end
            socket.create_connection((link.server_address, 8000))
        print(link.stats())

Two TUN devices joined by a relay in user space: one in this network namespace with `server_address`
(10.213.K.1), one in a namespace made for the link (`namespace`) with `far_address` (10.213.K.2). The
kernel's own TCP runs across them, so handshakes, slow start, retransmits and loss recovery are the
real ones; the proxy in tests/sync/faultproxy.py only delays and caps bytes above TCP. This machine's
kernel has no netem qdisc, hence the relay.

Per direction ("up": far side to server, "down": server to far side) each IP packet enters a drop-tail
bottleneck queue of `queue_bytes` (dropped when it would overflow it, as a router does), is serialised
at `rate` bytes/s (the whole IP packet, headers too), is lost with probability `loss` on the way (a
seeded generator), and arrives `one_way_latency` seconds after its last byte left. Only IPv4 crosses.

The relay runs as a child process (`python bench/link.py --relay`), which owns the namespace and both
devices: it removes them when the owner closes the link, on Ctrl-C (the owner's `with` block exits), and
when the owner dies outright (its end of the command pipe closes). Namespaces of owners that died
before their relay could clean up are swept at the next start. Needs root and /dev/net/tun; otherwise
`unavailable()` says why and `IslandLink` raises `LinkUnavailable` with that reason.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import os
import random
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

PREFIX = "mcdlink"  # namespace names: mcdlink-<owner pid>-<n>
NETNS_DIR = Path("/var/run/netns")
LOCK = Path("/run/lock/mcdlink.lock")  # address choice across links started at once
CLONE_NEWNET = 0x40000000
TUNSETIFF = 0x400454CA
IFF_TUN, IFF_NO_PI = 0x0001, 0x1000
DIRECTIONS = ("up", "down")


class LinkUnavailable(RuntimeError):
    """The link cannot be built here (not root, no TUN, no `ip`): the reason, for the caller to print."""


@dataclass
class Shape:
    """One direction of the link."""

    rate: float = 32_000.0  # bytes per second of IP packets; 0 = unlimited
    delay: float = 0.3  # one-way propagation delay, seconds
    loss: float = 0.0  # probability that a packet which left the queue never arrives
    queue_bytes: int = 65_536  # the bottleneck's buffer; 0 = unbounded


@dataclass
class Counters:
    packets: int = 0  # IPv4 packets offered to the link
    bytes: int = 0  # ... their bytes (IP headers included)
    payload: int = 0  # TCP payload bytes in them (retransmissions included)
    delivered: int = 0  # packets that arrived at the other end
    delivered_bytes: int = 0
    queue_drops: int = 0  # dropped because the bottleneck queue was full
    loss_drops: int = 0  # lost on the way (the loss probability)
    queue_peak: int = 0  # the most bytes ever waiting in the queue
    syns: int = 0  # TCP connections opened in this direction (SYN without ACK)
    ignored: int = 0  # not IPv4 (the link carries IPv4 only)


def unavailable() -> str | None:
    """Why the link cannot be built on this machine, or None when it can."""
    if sys.platform != "linux":
        return "the TUN link needs Linux"
    if os.geteuid() != 0:
        return "the TUN link needs root (network namespaces and TUN devices)"
    try:
        os.close(os.open("/dev/net/tun", os.O_RDWR))
    except OSError as exc:
        return f"no TUN device: /dev/net/tun: {exc.strerror}"
    try:
        subprocess.run(["ip", "-V"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "the `ip` command (iproute2) is missing"
    return None


class IslandLink:
    """A context manager: the link exists inside the `with` block, and nowhere after it."""

    def __init__(self, rate: float = 32_000, one_way_latency: float = 0.3, loss: float = 0.0,
                 queue_bytes: int = 65_536, seed: int = 1, up: Shape | None = None, down: Shape | None = None,
                 mtu: int = 1500) -> None:
        both = Shape(rate=rate, delay=one_way_latency, loss=loss, queue_bytes=queue_bytes)
        self.shapes = {"up": up or both, "down": down or Shape(**asdict(both))}
        self.seed, self.mtu = seed, mtu
        self.namespace = ""
        self.server_address = ""  # bind servers here, in this process's namespace
        self.far_address = ""  # the far end's address, inside `namespace`
        self._relay: subprocess.Popen | None = None
        self._asking = threading.Lock()  # one question to the relay at a time, one answer line each

    @property
    def rtt(self) -> float:
        return self.shapes["up"].delay + self.shapes["down"].delay

    def __enter__(self) -> IslandLink:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self) -> IslandLink:
        if why := unavailable():
            raise LinkUnavailable(why)
        config = {"owner": os.getpid(), "seed": self.seed, "mtu": self.mtu,
                  "shapes": {d: asdict(s) for d, s in self.shapes.items()}}
        self._relay = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--relay", json.dumps(config)],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        ready = json.loads(self._relay.stdout.readline() or '{"error": "the relay exited at start"}')
        if "error" in ready:
            self.close()
            raise LinkUnavailable(ready["error"])
        self.namespace, self.server_address, self.far_address = ready["namespace"], ready["server"], ready["far"]
        return self

    def close(self) -> None:
        """Ask the relay to go (it removes the namespace and devices), and wait until it has."""
        relay, self._relay = self._relay, None
        if relay is None:
            return
        with contextlib.suppress(OSError):
            relay.stdin.close()
        try:
            relay.wait(10)
        except subprocess.TimeoutExpired:
            relay.terminate()  # its SIGTERM handler still cleans up
            relay.wait(10)
        relay.stdout.close()

    # --- the far side -------------------------------------------------------------------------------

    def command(self, argv: list[str]) -> list[str]:
        """`argv` to run as a process at the far end of the link (every socket of it crosses the link)."""
        return ["ip", "netns", "exec", self.namespace, *argv]

    @contextlib.contextmanager
    def far_side(self) -> Iterator[None]:
        """Sockets the calling thread opens inside the block live at the far end (and stay there). Threads
        it starts inside the block are there too; threads started elsewhere, e.g. a pool made earlier,
        are not: prefer `command()` for code that opens connections from worker threads."""
        libc = ctypes.CDLL(None, use_errno=True)
        own = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
        target = os.open(NETNS_DIR / self.namespace, os.O_RDONLY)
        try:
            if libc.setns(target, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns into the link's namespace failed")
            try:
                yield
            finally:
                if libc.setns(own, CLONE_NEWNET) != 0:
                    raise OSError(ctypes.get_errno(), "setns back to the own namespace failed")
        finally:
            os.close(own)
            os.close(target)

    # --- counters and shape -------------------------------------------------------------------------

    def stats(self) -> dict[str, dict[str, int]]:
        """Per direction ("up", "down"): the Counters fields since the start or the last reset."""
        return self._ask("stats")

    def reset_stats(self) -> None:
        self._ask("reset")

    def reshape(self, up: Shape | None = None, down: Shape | None = None) -> None:
        """New shapes from the next packet on (e.g. a clean link to set up, then the lossy one)."""
        for direction, shape in (("up", up), ("down", down)):
            if shape is not None:
                self.shapes[direction] = shape
        self._ask("shape " + json.dumps({d: asdict(s) for d, s in self.shapes.items()}))

    def _ask(self, line: str) -> dict:
        if self._relay is None:
            raise RuntimeError("the link is not open")
        with self._asking:
            self._relay.stdin.write(line + "\n")
            self._relay.stdin.flush()
            return json.loads(self._relay.stdout.readline())


# --- the relay (a child process) ------------------------------------------------------------------------


class _Direction:
    def __init__(self, shape: Shape, rng: random.Random) -> None:
        self.shape, self.rng = shape, rng
        self.counters = Counters()
        self.free_at = 0.0  # when the bottleneck finishes sending what it holds
        self.queue: deque[tuple[float, int]] = deque()  # (leaves the queue at, bytes)
        self.queued = 0
        self.in_flight: deque[tuple[float, bytes]] = deque()  # (arrives at, packet), in order

    def offer(self, packet: bytes, now: float) -> None:
        c = self.counters
        if not packet or packet[0] >> 4 != 4:
            c.ignored += 1
            return
        size = len(packet)
        c.packets += 1
        c.bytes += size
        _count_tcp(packet, c)
        while self.queue and self.queue[0][0] <= now:
            self.queued -= self.queue.popleft()[1]
        s = self.shape
        if s.queue_bytes and self.queued + size > s.queue_bytes:
            c.queue_drops += 1
            return
        leaves = max(now, self.free_at) + (size / s.rate if s.rate else 0.0)
        self.free_at = leaves
        self.queue.append((leaves, size))
        self.queued += size
        c.queue_peak = max(c.queue_peak, self.queued)
        if s.loss and self.rng.random() < s.loss:
            c.loss_drops += 1  # it took its time on the link all the same
            return
        self.in_flight.append((leaves + s.delay, packet))

    def deliver(self, fd: int, now: float) -> None:
        while self.in_flight and self.in_flight[0][0] <= now:
            packet = self.in_flight.popleft()[1]
            with contextlib.suppress(OSError):
                os.write(fd, packet)
                self.counters.delivered += 1
                self.counters.delivered_bytes += len(packet)


def _count_tcp(packet: bytes, c: Counters) -> None:
    if packet[9] != 6 or len(packet) < 40:
        return
    ihl = (packet[0] & 0x0F) * 4
    c.payload += max(0, len(packet) - ihl - (packet[ihl + 12] >> 4) * 4)
    flags = packet[ihl + 13]
    if flags & 0x02 and not flags & 0x10:
        c.syns += 1


def _ip(*args: str) -> None:
    done = subprocess.run(["ip", *args], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"ip {' '.join(args)}: {done.stderr.strip()}")


def _sweep_orphans() -> None:
    """Namespaces left by owners that died before their relay could clean up (e.g. both SIGKILLed)."""
    if not NETNS_DIR.is_dir():
        return
    for entry in NETNS_DIR.iterdir():
        parts = entry.name.split("-")
        if len(parts) == 3 and parts[0] == PREFIX and parts[1].isdigit() and not Path(f"/proc/{parts[1]}").exists():
            subprocess.run(["ip", "netns", "del", entry.name], capture_output=True)


def _free_subnet() -> int:
    """K of a 10.213.K.0/30 that no interface of this namespace uses."""
    shown = subprocess.run(["ip", "-o", "-4", "addr"], capture_output=True, text=True).stdout
    for k in range(256):
        if f" 10.213.{k}." not in shown:
            return k
    raise RuntimeError("no free 10.213.K.0/30 subnet for the link")


def _tun(name: str) -> int:
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def _tun_in(namespace: str, name: str) -> int:
    """A TUN device created inside `namespace` (the relay is single-threaded: it steps in and back)."""
    libc = ctypes.CDLL(None, use_errno=True)
    own = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    target = os.open(NETNS_DIR / namespace, os.O_RDONLY)
    try:
        if libc.setns(target, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns")
        try:
            return _tun(name)
        finally:
            libc.setns(own, CLONE_NEWNET)
    finally:
        os.close(own)
        os.close(target)


@dataclass
class _Relay:
    owner: int
    seed: int
    mtu: int
    shapes: dict[str, dict]
    namespace: str = ""
    fds: list[int] = field(default_factory=list)

    def build(self) -> dict[str, str]:
        _sweep_orphans()
        n = 0
        while (NETNS_DIR / f"{PREFIX}-{self.owner}-{n}").exists():
            n += 1
        self.namespace = f"{PREFIX}-{self.owner}-{n}"
        tag = f"{os.getpid() % 100000}"
        server_dev, far_dev = f"mcds{tag}", f"mcdf{tag}"
        LOCK.parent.mkdir(parents=True, exist_ok=True)
        with LOCK.open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            _ip("netns", "add", self.namespace)
            self.fds.append(_tun(server_dev))
            self.fds.append(_tun_in(self.namespace, far_dev))
            k = _free_subnet()
            server, far = f"10.213.{k}.1", f"10.213.{k}.2"
            _ip("addr", "add", server, "peer", far, "dev", server_dev)
            _ip("link", "set", server_dev, "mtu", str(self.mtu), "up")
        ns = ("-n", self.namespace)
        _ip(*ns, "addr", "add", far, "peer", server, "dev", far_dev)
        _ip(*ns, "link", "set", far_dev, "mtu", str(self.mtu), "up")
        _ip(*ns, "link", "set", "lo", "up")
        return {"namespace": self.namespace, "server": server, "far": far}

    def remove(self) -> None:
        for fd in self.fds:  # a TUN device that nobody holds open is gone
            with contextlib.suppress(OSError):
                os.close(fd)
        if self.namespace:
            subprocess.run(["ip", "netns", "del", self.namespace], capture_output=True)

    def run(self) -> None:
        rng = random.Random(self.seed)
        lanes = {d: _Direction(Shape(**self.shapes[d]), rng) for d in DIRECTIONS}
        server_fd, far_fd = self.fds
        # packets the server's stack sends go down to the far side; the far side's go up
        route = {server_fd: (lanes["down"], far_fd), far_fd: (lanes["up"], server_fd)}
        control, pending = sys.stdin.fileno(), b""
        while True:
            due = [lane.in_flight[0][0] for lane in lanes.values() if lane.in_flight]
            timeout = max(0.0, min(due) - time.monotonic()) if due else None
            readable, _, _ = select.select([server_fd, far_fd, control], [], [], timeout)
            for fd in readable:
                if fd == control:
                    data = os.read(control, 65536)
                    if not data:
                        return  # the owner closed the link or died
                    pending += data
                    while b"\n" in pending:
                        line, pending = pending.split(b"\n", 1)
                        self._command(line.decode(), lanes)
                    continue
                lane, _ = route[fd]
                for _ in range(64):  # what the kernel holds now, a bounded batch at a time
                    try:
                        packet = os.read(fd, 65536)
                    except BlockingIOError:
                        break
                    lane.offer(packet, time.monotonic())
            now = time.monotonic()
            for lane, out in route.values():
                lane.deliver(out, now)

    def _command(self, line: str, lanes: dict[str, _Direction]) -> None:
        word, _, rest = line.partition(" ")
        if word == "reset":
            for lane in lanes.values():
                lane.counters = Counters()
        elif word == "shape":
            for d, shape in json.loads(rest).items():
                lanes[d].shape = Shape(**shape)
        answer = {d: asdict(lane.counters) for d, lane in lanes.items()}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


def _relay_main(config: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the owner, whose `with` block closes us
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    relay = _Relay(**json.loads(config))
    try:
        try:
            ready = relay.build()
        except (OSError, RuntimeError) as exc:
            print(json.dumps({"error": f"the TUN link could not be built: {exc}"}), flush=True)
            return
        print(json.dumps(ready), flush=True)
        relay.run()
    finally:
        relay.remove()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--relay":
        _relay_main(sys.argv[2])
    else:
        sys.exit(__doc__)
