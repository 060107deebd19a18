"""The desk's side of the scan transfer (issue 12): after a round's events, offer, upload in chunks,
resume; and fetch one scan when a clerk opens it on a desk that does not hold it.

Scans never delay events. They go only after the round's events; before every chunk the uploader hands
back to the event exchange if a clerk saved something meanwhile (`between_chunks`), so a new dossier
waits at most one chunk (~2 s at 256 kbit/s). A chunk cut by the link is the only thing lost: the city
keeps every whole chunk, and the next try (in this round after asking the city how far it holds the file,
or in the next round through the offer) goes on from there. The city's byte budget for the round is
never exceeded, counting chunks that were lost on the wire.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

import requests

from desk_app.core import scan_sync
from desk_app.core.replica import now_iso
from desk_app.core.sessions import Sessions
from sync.scan_wire import (
    MAX_OFFER,
    ChunkAnswer,
    OfferedScan,
    ScanOffer,
    ScanOfferAnswer,
    ScanWanted,
)
from sync.transport import PermanentError, SyncError, TransientError, Transport, _parse, raise_for_status

RETRIES_IN_ROUND = 4  # consecutive failed chunks before the round gives up (the next round resumes)
LANES = 3  # scans uploading at once, each on its own connection


class BlobSource(Protocol):
    """The desk's scan store as the sync client needs it (desk_app.store.blobs.BlobStore fits)."""

    def has(self, sha256: str) -> bool: ...

    def get(self, sha256: str) -> bytes: ...

    def put(self, data: bytes) -> str: ...


@dataclass
class ScanRound:
    offered: int = 0
    sent: int = 0  # scans the city now holds thanks to this round
    bytes_sent: int = 0  # chunk bytes put on the wire, lost ones included (what the budget counts)
    pending: int = 0  # scans the city still wants when the round ended (budget spent or link lost)
    budget: int = 0
    damaged: int = 0  # held locally but no longer matching their hash: not sent


class Uploader:
    """Uploads on up to LANES keep-alive connections, one scan per lane at a time: while one lane waits for
    its chunk's answer (a 600 ms round trip on the island link) the other's bytes keep the link busy."""

    def __init__(self, store: Sessions, scans: BlobSource, lanes: list[Transport],
                 between_chunks: Callable[[], None] = lambda: None) -> None:
        self.store, self.scans, self.lanes = store, scans, lanes
        self.between_chunks = between_chunks
        self._lock = threading.Lock()  # the round's counters and budget
        self._events_lock = threading.Lock()  # one event exchange at a time between chunks

    def run(self, epoch: str) -> ScanRound:
        result = ScanRound()
        offered: set[str] = set()
        while True:
            batch = self._to_offer(epoch, offered)
            if not batch:
                return result
            offered |= {sha for sha, _ in batch}
            result.offered += len(batch)
            try:
                answer = self._offer(batch)
            except PermanentError as exc:
                if exc.status in (404, 405):  # a city server older than scans: the events went, scans wait
                    result.pending = len(batch)
                    return result
                raise
            result.budget = answer.budget_bytes
            self._record(answer.scans, epoch)
            self._upload_all([s for s in answer.scans if s.status == "want"], answer, result, epoch)
            if result.pending:  # budget spent: the rest waits for the next round
                return result

    def _upload_all(self, wanted: list[ScanWanted], answer: ScanOfferAnswer, result: ScanRound, epoch: str) -> None:
        queue = iter(wanted)
        failures: list[SyncError] = []

        def lane(transport: Transport, lead: int) -> None:
            while not failures:
                with self._lock:
                    scan = next(queue, None)
                if scan is None:
                    return
                try:
                    done = self._upload(transport, scan, answer, result, lead)
                    lead = answer.chunk_bytes
                except SyncError as exc:
                    failures.append(exc)
                    done = False
                with self._lock:
                    result.sent += done
                    result.pending += not done
                if done:
                    self._record([ScanWanted(sha256=scan.sha256, status="have")], epoch)

        lanes = self.lanes[: max(1, min(len(self.lanes), len(wanted)))]
        with ThreadPoolExecutor(len(lanes)) as pool:
            # Lane i's first chunk is (i + 1)/n of one: lanes that start together would otherwise send their
            # chunks side by side, finish them together and leave the link idle while all wait for answers.
            leads = [answer.chunk_bytes * (i + 1) // len(lanes) for i in range(len(lanes))]
            for future in [pool.submit(lane, transport, lead) for transport, lead in zip(lanes, leads, strict=True)]:
                future.result()
        result.pending += sum(1 for _ in queue)  # never started: the budget or the link ran out
        if failures:
            raise failures[0]

    def _to_offer(self, epoch: str, offered: set[str]) -> list[tuple[str, int]]:
        with self.store.read() as session:
            candidates = scan_sync.to_offer(session, epoch, MAX_OFFER + len(offered))
        return [(sha, size) for sha, size in candidates if sha not in offered and self.scans.has(sha)][:MAX_OFFER]

    def _offer(self, batch: list[tuple[str, int]]) -> ScanOfferAnswer:
        body = ScanOffer(scans=[OfferedScan(sha256=sha, size=size) for sha, size in batch])
        raw = gzip.compress(body.model_dump_json().encode("utf-8"), compresslevel=9)
        response = _send(self.lanes[0], "POST", "/v1/scans/offer", raw,
                         {"Content-Type": "application/json", "Content-Encoding": "gzip"})
        return _parse(response, ScanOfferAnswer)

    def _record(self, answers: list[ScanWanted], epoch: str) -> None:
        marks = {a.sha256: scan_sync.ON_SERVER if a.status == "have" else scan_sync.REFUSED
                 for a in answers if a.status != "want"}
        if marks:
            with self.store.write() as session:
                scan_sync.mark(session, marks, epoch, now_iso())

    def _take_budget(self, result: ScanRound, answer: ScanOfferAnswer, wanted: int) -> int:
        """Reserve up to `wanted` bytes of the round's budget (all of it with no budget); 0 when spent."""
        with self._lock:
            left = answer.budget_bytes - result.bytes_sent if answer.budget_bytes else wanted
            take = max(0, min(wanted, left))
            result.bytes_sent += take
            return take

    def _events_first(self) -> None:
        with self._events_lock:
            self.between_chunks()

    def _upload(self, transport: Transport, scan: ScanWanted, answer: ScanOfferAnswer, result: ScanRound,
                lead: int) -> bool:
        """Send one scan from the city's offset; True once the city holds it whole."""
        try:
            data = self.scans.get(scan.sha256)  # hash-checked: a damaged file is never sent
        except Exception:
            with self._lock:
                result.damaged += 1
            return False
        # The scan's share of the budget is taken whole up front, so two lanes finish one scan rather than
        # each leave half of one; a chunk lost on the wire draws more, what is left over goes back.
        allowance = [self._take_budget(result, answer, len(data) - scan.offset)]
        try:
            return self._send_from(transport, scan, data, answer, result, allowance, lead)
        finally:
            with self._lock:
                result.bytes_sent -= allowance[0]

    def _send_from(self, transport: Transport, scan: ScanWanted, data: bytes, answer: ScanOfferAnswer,
                   result: ScanRound, allowance: list[int], lead: int) -> bool:
        """The chunks from the city's offset, within `allowance` (this lane's share of the budget, updated)."""
        offset, failures, restarts = scan.offset, 0, 0
        while offset < len(data):
            self._events_first()
            if allowance[0] <= 0:
                allowance[0] += self._take_budget(result, answer, len(data) - offset)
            size = min(lead, len(data) - offset, allowance[0])
            lead = answer.chunk_bytes
            if size <= 0:
                return False
            allowance[0] -= size
            piece = data[offset:offset + size]
            try:
                held = self._chunk(transport, scan.sha256, offset, piece, len(data))
            except TransientError:
                failures += 1
                if failures >= RETRIES_IN_ROUND:
                    raise
                offset = self._held(transport, scan.sha256).offset  # where the city stands after the cut
                continue
            except PermanentError as exc:
                if exc.status == 409:  # another desk, or an answer lost on the wire: ask where it stands
                    offset = self._held(transport, scan.sha256).offset
                    continue
                if exc.code == "scan_hash_mismatch" and restarts == 0:  # bytes spoiled on the way: once more
                    offset, restarts = 0, 1
                    continue
                return False  # not named any more (removed), or refused: the next offer says so
            failures = 0
            if held.stored:
                return True
            offset = held.offset
        return self._held(transport, scan.sha256).stored

    def _chunk(self, transport: Transport, sha256: str, offset: int, piece: bytes, size: int) -> ChunkAnswer:
        response = _send(transport, "PUT", f"/v1/scans/{sha256}?offset={offset}&size={size}", piece,
                         {"Content-Type": "application/octet-stream"})
        return _parse(response, ChunkAnswer)

    def _held(self, transport: Transport, sha256: str) -> ChunkAnswer:
        return _parse(_send(transport, "GET", f"/v1/scans/{sha256}/offset", None, {}), ChunkAnswer)


def fetch(transport: Transport, scans: BlobSource, dossier_id: str, sha256: str) -> bytes:
    """The scan's bytes for a clerk who opens it: from the desk's store, else from the city (checked against
    its hash, then kept in the store, so it is fetched once)."""
    if scans.has(sha256):
        try:
            return scans.get(sha256)
        except Exception:
            pass
    response = _send(transport, "GET", f"/v1/dossiers/{dossier_id}/scans/{sha256}", None, {})
    data = response.content
    if hashlib.sha256(data).hexdigest() != sha256:
        raise TransientError("Bản quét tải về bị hỏng trên đường truyền; hãy mở lại.",
                             f"downloaded scan {sha256[:12]} does not match its hash")
    scans.put(data)
    return data


def _send(transport: Transport, method: str, path: str, data: bytes | None,
          headers: dict[str, str]) -> requests.Response:
    """One request on the round's keep-alive connection, with the transport's retry on a closed one and
    its sorting of errors into transient and permanent."""
    sent = {**transport.auth_headers(), **headers}
    transport.requests += 1
    transport.bytes_sent += len(data or b"")
    try:
        response = transport._request_once(method, path, data, sent)
    except requests.RequestException as exc:
        raise TransientError("Mất kết nối tới máy chủ thành phố.", f"{type(exc).__name__}: {exc}") from exc
    raise_for_status(response)
    return response
