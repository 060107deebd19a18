"""Scanned papers at the desk (issue 12): a document's pages become one PDF (core.scan_pdf), kept in the
content-addressed store beside the database (store.blobs), and referenced by a "scan attached" event.

Order of writes, so a crash leaves the whole scan or nothing that matters: the PDF is written to the store
first (atomically: temp file, fsync, rename), then the event is recorded in one transaction. Killed in
between, the store holds a file no event names: an orphan. `sweep()` runs when the desk opens and deletes
orphans older than ORPHAN_GRACE (and the temporary files of cut writes). The grace period is there because
another process on the same database (the CLI while the window runs) may be between its two writes at that
very moment: an hour is far longer than any attach, and an orphan costs only disk until then.

A removal is an event too ("scan removed", with a reason); the file stays in the store while any event
names it, so the log and the city's copy keep telling the same story.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.core import reference
from desk_app.core.dossiers import DossierService
from desk_app.core.scan_pdf import Colour, ScanFile, make_pdf, read_scan_file
from desk_app.domain import limits
from desk_app.domain.errors import DeskError, InvalidInput, NotFound
from desk_app.domain.lifecycle import check_transition
from desk_app.domain.model import Dossier, EventKind
from desk_app.domain.payloads import SupplementReceived
from desk_app.domain.scans import Scan, current_scans, referenced_hashes, scanned_documents
from desk_app.store.blobs import BlobError, BlobStore
from desk_app.store.engine import Store
from desk_app.store.models import EventRow

ORPHAN_GRACE = timedelta(hours=1)


class ScanUnreadable(DeskError):
    """A stored scan that is missing or no longer matches its hash."""


def scan_folder_for(database: Path | str) -> Path:
    """`<database's folder>/<database's stem>-scans/` (motcua.sqlite3 -> motcua-scans/)."""
    path = Path(database)
    return path.parent / f"{path.stem}-scans"


@dataclass(frozen=True)
class Sweep:
    temporary: int
    orphans: int


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


class ScanService:
    def __init__(self, store: Store, dossiers: DossierService, blobs: BlobStore,
                 now: Callable[[], datetime] = datetime.now) -> None:
        self.store, self.dossiers, self.blobs, self.now = store, dossiers, blobs, now
        self._required: dict[tuple[str, int], frozenset[str]] = {}

    # --- attaching and removing ----------------------------------------------------------------

    def attach_files(self, ref: str, document: str, paths: Iterable[Path | str], actor: str,
                     colour: Colour | str = Colour.GREY) -> Scan:
        """Read `paths` (each checked before it is trusted) and attach them as one document's pages."""
        dossier = self.attachable(ref, document)  # a closed dossier or a wrong name: no file is read
        return self._attach(dossier, document, [read_scan_file(path) for path in paths], actor, Colour(colour))

    def attach(self, ref: str, document: str, files: list[ScanFile], actor: str,
               colour: Colour | str = Colour.GREY) -> Scan:
        return self._attach(self.attachable(ref, document), document, files, actor, Colour(colour))

    def _attach(self, dossier: Dossier, document: str, files: list[ScanFile], actor: str, colour: Colour) -> Scan:
        made = make_pdf(files, colour, dossier_code=dossier.code, document=document)
        sha256 = BlobStore.digest(made.data)
        scans = current_scans(dossier.history)
        if any(scan.sha256 == sha256 and scan.document == document for scan in scans):
            raise InvalidInput(f"Bản quét này của «{document}» đã được đính kèm vào hồ sơ {dossier.code}.",
                               f"This scan of {document!r} is already attached to {dossier.code}.")
        used = sum(scan.size for scan in scans)
        if used + len(made.data) > limits.SCAN_DOSSIER_BYTES:
            raise InvalidInput(
                f"Hồ sơ {dossier.code} đã có {_size(used)} bản quét; thêm {_size(len(made.data))} sẽ vượt mức "
                f"{_size(limits.SCAN_DOSSIER_BYTES)} cho một hồ sơ. Hãy quét ở thang xám 200 dpi hoặc gỡ bản "
                "quét thừa.",
                f"Dossier {dossier.code} has {used} bytes of scans; {len(made.data)} more would pass the cap of "
                f"{limits.SCAN_DOSSIER_BYTES} bytes.")
        self.blobs.put(made.data)  # first the file, then the event that names it
        payload = {"document": document, "sha256": sha256, "size": len(made.data), "pages": made.pages,
                   "media_type": "application/pdf"}
        try:
            after = self.dossiers.apply(dossier.dossier_id, EventKind.SCAN_ATTACHED, payload, actor)
        except BaseException:
            self._drop_if_unnamed(sha256)
            raise
        return next(scan for scan in current_scans(after.history) if scan.sha256 == sha256
                    and scan.document == document)

    def remove(self, ref: str, sha256: str, reason: str, actor: str) -> Scan:
        """Take a scan off the dossier (the reason is kept in the log); `sha256` may be its first 8+ digits."""
        dossier = self.dossier(ref)
        check_transition(dossier.status, EventKind.SCAN_REMOVED)
        scan = self.find(dossier, sha256)
        if not reason.strip():
            raise InvalidInput("Cần ghi lý do gỡ bản quét (ví dụ: quét nhầm giấy tờ của người khác).",
                               "A reason is required to remove a scan.")
        payload = {"document": scan.document, "sha256": scan.sha256, "reason": reason}
        self.dossiers.apply(dossier.dossier_id, EventKind.SCAN_REMOVED, payload, actor)
        return scan

    def find(self, dossier: Dossier, sha256: str) -> Scan:
        wanted = sha256.strip().lower()
        found = [scan for scan in current_scans(dossier.history) if scan.sha256.startswith(wanted)]
        if len(wanted) < 8 or not found:
            raise NotFound(f"Hồ sơ {dossier.code} không có bản quét «{sha256[:64]}».",
                           f"Dossier {dossier.code} has no scan {sha256[:64]!r}.")
        if len(found) > 1:
            raise InvalidInput(f"«{wanted}» ứng với {len(found)} bản quét: hãy ghi thêm chữ số.",
                               f"{wanted!r} matches {len(found)} scans.")
        return found[0]

    def dossier(self, ref: str) -> Dossier:
        """A dossier by its printed code or its id."""
        return self.dossiers.get_by_code(ref) if "-" in ref else self.dossiers.get(ref)

    def attachable(self, ref: str, document: str) -> Dossier:
        """The dossier, once a scan of `document` may be attached to it (open, or returned; a paper it has)."""
        dossier = self.dossier(ref)
        check_transition(dossier.status, EventKind.SCAN_ATTACHED)
        names = self.documents_of(dossier)
        if document not in names:
            listed = "; ".join(f"«{name}»" for name in names)
            raise InvalidInput(f"Hồ sơ {dossier.code} không có giấy tờ «{document}». Các giấy tờ đã nhận: {listed}.",
                               f"Dossier {dossier.code} has no document {document!r}.")
        return dossier

    def _drop_if_unnamed(self, sha256: str) -> None:
        """A refused attach leaves nothing behind (unless another event names the same file)."""
        if sha256 not in self._referenced():
            self.blobs.remove(sha256)

    # --- reading -------------------------------------------------------------------------------

    def current(self, ref: str) -> list[Scan]:
        """The dossier's scans now (attached, not removed), in the order they were attached."""
        dossier = self.dossier(ref)
        return current_scans(dossier.history)

    def pdf(self, sha256: str) -> bytes:
        """The stored PDF, checked against its hash (ScanUnreadable names a missing or damaged file)."""
        try:
            return self.blobs.get(sha256)
        except BlobError as exc:
            raise ScanUnreadable(str(exc), f"Scan {sha256[:12]} is missing or damaged.") from None

    def folder_bytes(self) -> int:
        return self.blobs.total_bytes()

    @staticmethod
    def documents_of(dossier: Dossier) -> list[str]:
        """The papers that can be scanned: those received at intake, then those of each supplement."""
        names = [doc.name for doc in dossier.documents]
        for event in dossier.history:
            if event.kind == EventKind.SUPPLEMENT_RECEIVED:
                data = event.data
                if isinstance(data, SupplementReceived):
                    names += [doc.name for doc in data.documents if doc.name not in names]
        return names

    def required_documents(self, dossier: Dossier) -> list[str]:
        """The required papers of the dossier's procedure that were received (all received papers when the
        procedure marks none, or its version is not on this desk)."""
        received = [doc.name for doc in dossier.documents]
        key = (dossier.procedure_code, dossier.procedure_version)
        if key not in self._required:
            try:
                with self.store.read() as session:
                    defn = reference.procedure(session, key[0], dossier.received_at.date(), key[1])
                self._required[key] = frozenset(d.name for d in defn.documents if d.required and not d.present_only)
            except (DeskError, LookupError):
                self._required[key] = frozenset()
        required = [name for name in received if name in self._required[key]]
        return required or received

    def digitised(self, dossier: Dossier) -> bool:
        """Every required paper of the dossier has a scan (the digitisation rate's numerator)."""
        scanned = scanned_documents(dossier.history)
        return all(name in scanned for name in self.required_documents(dossier))

    # --- the store's housekeeping --------------------------------------------------------------

    def _referenced(self, session: Session | None = None) -> set[str]:
        def read(s: Session) -> set[str]:
            # Only attachments: a removal names a hash its attachment already named (the file is kept), and
            # `kind = 'scan_attached'` is what the partial index ix_events_scans covers, so start-up's sweep
            # reads the scan events, not every event of the desk.
            rows = s.scalars(select(EventRow.payload).where(EventRow.kind == str(EventKind.SCAN_ATTACHED)))
            return referenced_hashes(json.loads(text) for text in rows)

        if session is not None:
            return read(session)
        with self.store.read() as s:
            return read(s)

    def orphans(self) -> list[str]:
        """Stored files that no event names."""
        named = self._referenced()
        return [sha for sha in self.blobs.hashes() if sha not in named]

    def sweep(self, grace: timedelta = ORPHAN_GRACE) -> Sweep:
        """Delete temporary files of cut writes and orphans older than `grace` (see the module's notes)."""
        if not self.blobs.root.is_dir():
            return Sweep(0, 0)
        temporary = self.blobs.sweep_temporary()
        cutoff = time.time() - grace.total_seconds()
        removed = 0
        for sha in self.orphans():
            try:
                if os.stat(self.blobs.path(sha)).st_mtime <= cutoff:
                    self.blobs.remove(sha)
                    removed += 1
            except FileNotFoundError:
                continue
        return Sweep(temporary, removed)


# --- the watched scan folder ---------------------------------------------------------------------

SET_ASIDE = "da-dinh-kem"  # where files of the scan folder go once attached, so the folder lists only new ones


def waiting_files(folder: Path | str) -> list[Path]:
    """Files in the scan folder the desk could take (by their names; contents are checked when attached),
    oldest first (the order the scanner saved the pages)."""
    from desk_app.core.scan_pdf import EXTENSIONS

    root = Path(folder)
    try:
        found = [p for p in root.iterdir() if p.is_file() and not p.name.startswith(".")
                 and p.suffix.lower() in EXTENSIONS]
    except OSError:
        return []
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))


def set_aside(paths: Iterable[Path], folder: Path | str) -> None:
    """Move attached files of the scan folder into its `da-dinh-kem` subfolder (never deleted: the clerk can
    still find a page there), under a new name if one is taken."""
    target = Path(folder) / SET_ASIDE
    for path in paths:
        if path.parent != Path(folder) or not path.exists():
            continue
        target.mkdir(exist_ok=True)
        destination, n = target / path.name, 1
        while destination.exists():
            destination, n = target / f"{path.stem}-{n}{path.suffix}", n + 1
        os.replace(path, destination)
