"""A new desk's first sync from a snapshot (issue 13; docs/sync.md, "Snapshot bootstrap"). No Qt.

When a desk that had pulled nothing (cursor 0: just enrolled, or after a city restore) learns from its
first pull that the point's log is longer than a page, it asks the city for the point's snapshot,
downloads it into a partial file beside its database, resuming from the bytes it holds after a cut or a
kill, checks the file's SHA-256 against the manifest, installs the reference data, then applies the
snapshot in one local transaction that also sets the cursor to the snapshot's sequence number
(desk_app/core/snapshot.py). The ordinary exchange then pulls the tail. Nothing is applied from a file
whose hash does not match: it is dropped whole and fetched again. A server without the endpoint (404,
405) or that says "replay" leaves the desk to the replay, and is not asked again until a new epoch.
"""

from __future__ import annotations

import marshal
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import urllib3

from desk_app.core import replica
from desk_app.core import snapshot as bulk
from desk_app.core.sessions import Sessions
from sync import snapshot
from sync.transport import PermanentError, TransientError, Transport, raise_for_status

RETRIES_IN_ROUND = 4  # cuts in a row before the round gives up (the next round resumes from the same byte)
PIECE = 64 * 1024
BUILD_WAIT = 600.0  # seconds the manifest may take: the city builds a point's snapshot on the first request
_NO_ENDPOINT = (404, 405, 415)  # an older server: replay


@dataclass
class BootstrapReport:
    seq: int = 0
    size: int = 0
    events: int = 0  # events the snapshot added to this desk
    dossiers: int = 0
    resumed_from: int = 0  # bytes of the file held from an earlier try when this round began
    downloaded: int = 0  # snapshot bytes received in this round
    connections: int = 0  # download requests (each cut costs one more)
    download_seconds: float = 0.0
    apply_seconds: float = 0.0
    prepared_in_flight: bool = False  # the blocks were decoded and projected while the file was arriving


class _Gone(Exception):
    """The city no longer keeps the snapshot this desk was downloading."""


def partial_path(db_path: Path, sha256: str) -> Path:
    return db_path.with_name(f"{db_path.stem}-snapshot-{sha256[:16]}.part")


class _Feed:
    """The snapshot's bytes as they arrive, for the preparing thread: read(n) waits until some are there."""

    def __init__(self) -> None:
        self._pieces: deque[bytes] = deque()
        self._moved = threading.Condition()
        self._closed = False
        self.spoiled = False  # the download started over: what was fed is not the file any more

    def put(self, data: bytes) -> None:
        with self._moved:
            self._pieces.append(data)
            self._moved.notify()

    def close(self, spoiled: bool = False) -> None:
        with self._moved:
            self._closed, self.spoiled = True, self.spoiled or spoiled
            self._moved.notify_all()

    def read(self, size: int = -1) -> bytes:
        with self._moved:
            while not self._pieces and not self._closed:
                self._moved.wait()
            if not self._pieces:
                return b""
            piece = self._pieces.popleft()
            if 0 <= size < len(piece):
                self._pieces.appendleft(piece[size:])
                piece = piece[:size]
            return piece


class _Preparer(threading.Thread):
    """Decodes, hashes and projects the snapshot's blocks while the rest is still on the link, into a rows
    file beside the partial one (desk_app.core.snapshot.prepare; nothing touches the database), so that
    applying after the download is inserting. Its work counts only if the whole file then matches its hash."""

    def __init__(self, feed: _Feed, rows: Path) -> None:
        super().__init__(name="snapshot-prepare", daemon=True)
        self.feed, self.rows = feed, rows
        self.header: dict[str, Any] = {}
        self.ok = False

    def run(self) -> None:
        try:
            _create_private(self.rows)
            with self.rows.open("wb") as out:
                reader = snapshot.Reader(self.feed)
                self.header = reader.header
                for block in reader.blocks():
                    marshal.dump(bulk.prepare(block), out)
            self.ok = not self.feed.spoiled
        except Exception:  # a damaged stream: the apply reads the file itself and says what is wrong
            self.ok = False
            while self.feed.read(PIECE):  # let the download finish feeding without holding its pieces
                pass

    def records(self) -> Iterator[list[bulk.Prepared]]:
        with self.rows.open("rb") as source:
            while True:
                try:
                    yield marshal.load(source)
                except EOFError:
                    return


class Bootstrap:
    def __init__(self, store: Sessions, transport: Transport, reference_first: Callable[[int], None],
                 on_applied: Callable[[BootstrapReport], None] | None = None) -> None:
        self.store, self.transport = store, transport
        self.reference_first = reference_first  # installs a reference version before the dossiers
        self.on_applied = on_applied

    def run(self, fresh: bool) -> BootstrapReport | None:
        """Resume a snapshot begun earlier, or with `fresh` ask for one; the snapshot applied (its report), or
        None when this desk replays instead."""
        with self.store.read() as session:
            state, progress = replica.load_state(session), bulk.load_progress(session)
        manifest = self._held(state, progress)
        if manifest is None and not fresh:
            self._sweep()
            return None
        manifest = manifest or self._manifest(state)
        if manifest is None:
            return None
        report = BootstrapReport(seq=manifest.seq, size=manifest.size)
        path = partial_path(self.store.path, manifest.sha256)
        try:
            preparer = self._download(manifest, path, report)
        except _Gone:  # dropped at the city meanwhile: start over with the snapshot it offers now
            self._forget(path)
            manifest = self._manifest(state)
            if manifest is None:
                return None
            report = BootstrapReport(seq=manifest.seq, size=manifest.size)
            path = partial_path(self.store.path, manifest.sha256)
            preparer = self._download(manifest, path, report)
        try:
            self._verify(manifest, path)
            self.reference_first(manifest.reference_version)  # reference data before the dossiers, not after
            if preparer is not None:
                preparer.join()
            if not self._apply(manifest, path, report, preparer if preparer is not None and preparer.ok else None):
                return None
        finally:
            path.with_suffix(".rows").unlink(missing_ok=True)
        if self.on_applied is not None:
            self.on_applied(report)
        return report

    # --- the manifest ------------------------------------------------------------------------------

    def _held(self, state: replica.SyncState, progress: dict[str, Any] | None) -> snapshot.SnapshotManifest | None:
        """The snapshot being downloaded, if it still fits: resumed whatever the city would offer now."""
        if progress is None:
            return None
        held = snapshot.SnapshotManifest.model_validate(progress)
        if held.epoch == state.epoch and held.unit_code == state.unit_code and held.seq > state.cursor:
            return held
        self._forget(partial_path(self.store.path, held.sha256))
        return None

    def _manifest(self, state: replica.SyncState) -> snapshot.SnapshotManifest | None:
        try:
            response = self._ask_manifest()
        except PermanentError as exc:
            if exc.status in _NO_ENDPOINT:
                return None
            raise
        try:
            manifest = snapshot.SnapshotManifest.model_validate_json(response.content)
        except ValueError as exc:
            raise TransientError("Câu trả lời của máy chủ bị hỏng; sẽ thử lại.", str(exc)[:300]) from exc
        if manifest.status != "ready" or manifest.format != snapshot.FORMAT or manifest.seq <= state.cursor:
            return None
        if manifest.unit_code != state.unit_code or (state.epoch and manifest.epoch != state.epoch):
            return None  # another epoch: the exchange handles the restore first (sync.md 6.11)
        with self.store.write() as session:
            bulk.save_progress(session, manifest.model_dump())
        return manifest

    def _ask_manifest(self) -> requests.Response:
        """The manifest may wait for a cold build (about a minute at 100,000 dossiers): a longer stall than
        the exchange's, so the round does not fail while the city works."""
        try:
            response = self.transport.http.get(self.transport.base_url + snapshot.SNAPSHOT_PATH,
                                               headers=self.transport.auth_headers(),
                                               timeout=(self.transport.timeouts[0], BUILD_WAIT))
        except requests.RequestException as exc:
            raise TransientError("Mất kết nối tới máy chủ thành phố.", f"{type(exc).__name__}: {exc}") from exc
        raise_for_status(response)
        return response

    # --- the download ------------------------------------------------------------------------------

    def _download(self, manifest: snapshot.SnapshotManifest, path: Path, report: BootstrapReport) -> _Preparer | None:
        """The rest of the file, with its blocks prepared as they arrive (None: the file was whole already)."""
        started = time.monotonic()
        offset = path.stat().st_size if path.exists() else 0
        if offset > manifest.size:
            path.unlink()
            offset = 0
        report.resumed_from = offset
        if offset == manifest.size:
            return None
        feed = _Feed()
        preparer = _Preparer(feed, path.with_suffix(".rows"))
        preparer.start()
        if offset:
            feed.put(path.read_bytes())  # what an earlier try kept, prepared again first
        try:
            self._fetch_all(manifest, path, offset, report, feed)
        except BaseException:
            feed.close(spoiled=True)
            preparer.join()
            preparer.rows.unlink(missing_ok=True)
            raise
        feed.close()
        report.download_seconds = time.monotonic() - started
        return preparer

    def _fetch_all(self, manifest: snapshot.SnapshotManifest, path: Path, offset: int, report: BootstrapReport,
                   feed: _Feed) -> None:
        failures = 0
        while offset < manifest.size:
            try:
                offset = self._fetch(manifest, path, offset, report, feed)
            except (requests.RequestException, urllib3.exceptions.HTTPError) as exc:
                held = path.stat().st_size if path.exists() else 0
                failures = 1 if held > offset else failures + 1  # a cut after progress is not a dead link
                offset = held
                if failures >= RETRIES_IN_ROUND:
                    raise TransientError("Mất kết nối khi tải dữ liệu ban đầu của điểm; lần sau sẽ tải tiếp "
                                         "từ chỗ đã dừng.", f"{type(exc).__name__}: {exc}") from exc

    def _fetch(self, manifest: snapshot.SnapshotManifest, path: Path, offset: int, report: BootstrapReport,
               feed: _Feed) -> int:
        """One request for the bytes from `offset`, appended as they arrive; returns the new offset."""
        headers = {**self.transport.auth_headers(), "Accept-Encoding": "identity"}
        if offset:
            headers["Range"] = f"bytes={offset}-"
        url = f"{self.transport.base_url}{snapshot.SNAPSHOT_PATH}/{manifest.sha256}"
        report.connections += 1
        with self.transport.http.get(url, headers=headers, stream=True, timeout=self.transport.timeouts) as response:
            if response.status_code == 404:
                raise _Gone()
            raise_for_status(response)
            if response.headers.get("ETag", f'"{manifest.sha256}"').strip('"') != manifest.sha256:
                raise _Gone()  # another file under this name: never mix two snapshots in one partial
            if offset and response.status_code != 206:  # the whole file again (a proxy dropped the Range)
                path.unlink(missing_ok=True)
                offset = 0
                feed.close(spoiled=True)  # the apply prepares from the file itself
            _create_private(path)
            with path.open("ab") as out:
                # read1: whatever has arrived, up to a piece; a cut then loses only bytes still in flight
                while piece := response.raw.read1(PIECE):
                    out.write(piece)
                    feed.put(piece)
                    out.flush()  # in the OS's hands: a killed process keeps every byte it received
                    offset += len(piece)
                    report.downloaded += len(piece)
                os.fsync(out.fileno())
        return offset

    def _verify(self, manifest: snapshot.SnapshotManifest, path: Path) -> None:
        if snapshot.file_sha256(path) != manifest.sha256:
            path.unlink()  # the manifest stays: the next round fetches the same snapshot again, from its start
            raise TransientError("Dữ liệu ban đầu tải về bị hỏng (không khớp mã băm); đã bỏ, chưa ghi gì, "
                                 "sẽ tải lại.", f"snapshot {manifest.sha256[:16]}: SHA-256 mismatch")

    # --- applying ----------------------------------------------------------------------------------

    def _apply(self, manifest: snapshot.SnapshotManifest, path: Path, report: BootstrapReport,
               prepared: _Preparer | None) -> bool:
        """One local transaction: every dossier and event of the snapshot, the cursor, the progress cleared.
        The blocks prepared during the download are used when there are; else they are prepared here."""
        started = time.monotonic()
        try:
            with path.open("rb") as source, self.store.write() as session:
                if prepared is not None:
                    head, records = prepared.header, prepared.records()
                else:
                    reader = snapshot.Reader(source)
                    head, records = reader.header, (bulk.prepare(block) for block in reader.blocks())
                if (head.get("unit"), head.get("seq"), head.get("epoch")) != (
                        manifest.unit_code, manifest.seq, manifest.epoch):
                    raise snapshot.SnapshotError("the file is not the snapshot its manifest describes")
                if replica.load_state(session).cursor >= manifest.seq:
                    return False  # another round of this desk got there first
                ingested = bulk.apply_prepared(session, records, replica.now_iso())
                replica.save_state(session, cursor=manifest.seq, epoch=manifest.epoch)
                bulk.save_progress(session, None)
        except snapshot.SnapshotError as exc:
            path.unlink(missing_ok=True)
            raise TransientError("Dữ liệu ban đầu tải về không đọc được; đã bỏ, chưa ghi gì, sẽ tải lại.",
                                 str(exc)[:300]) from exc
        path.unlink(missing_ok=True)
        report.events, report.dossiers = ingested.new, len(ingested.dossiers)
        report.prepared_in_flight = prepared is not None
        report.apply_seconds = time.monotonic() - started
        return True

    def _forget(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        path.with_suffix(".rows").unlink(missing_ok=True)
        with self.store.write() as session:
            bulk.save_progress(session, None)

    def _sweep(self) -> None:
        """Leftovers of a bootstrap that finished (a kill between its commit and the file's removal)."""
        for stale in self.store.path.parent.glob(f"{self.store.path.stem}-snapshot-*.*"):
            stale.unlink(missing_ok=True)


def _create_private(path: Path) -> None:
    """The partial file holds applicants' data: the owner's only, as the database."""
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
