"""The desk's sync client: enrollment and one sync round, over the desk's own store. No Qt.

A round repeats exchanges until nothing is left to send and the pull has reached the end; with little
to move that is a single request. Each answer is applied in one local transaction: the events it
acknowledges, the page it carries and the new cursor commit together, so a crash at any point
leaves the desk either before or after that exchange, never between (sync.md I3, I5, F1).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from desk_app.core import published_wording, replica, scan_sync
from desk_app.core.city_accounts import Applied
from desk_app.core.sessions import Sessions
from desk_app.core.settings import load_settings
from desk_app.domain import limits
from desk_app.domain.payloads import wire_size
from desk_app.version import APP_VERSION
from sync.accounts_step import sync_accounts
from sync.batching import disjoint_batches
from sync.bootstrap import Bootstrap, BootstrapReport
from sync.protocol import (
    PROTOCOL_VERSION,
    ExchangeRequest,
    ExchangeResponse,
    MessageState,
    ScopeChecksum,
    WireEvent,
    fingerprint,
)
from sync.scan_client import LANES as SCAN_LANES
from sync.scan_client import BlobSource, ScanRound, Uploader, fetch
from sync.transport import PermanentError, SyncError, Transport

MIN_BATCH = 25
# The protocol's cap per push. On the compact wire 1,000 events are ~12 kB: four uploads in flight must hold
# more than the island link's bandwidth-delay product (32 kB/s x ~0.7 s), or the link idles between answers
# (with 400, 57 % busy and 1.9x the floor for 5,000 dossiers; with 1,000, 76 % and 1.15x). As JSON (an older
# server) they are ~130 kB, under every proxy's body limit; a cut halves the batch anyway (_post).
MAX_BATCH = 1000
LANES = 4  # uploads kept in flight during a backlog push, each on its own keep-alive connection
# How far ahead of the oldest unsent event a batch is planned (ids only): far enough that a dossier's steps,
# saved long after its "received" in a long offline spell, travel with it rather than wait for its answer.
LOOKAHEAD = 10_000
# Batches planned in one reading of the outbox during a window (each reading walks LOOKAHEAD event heads).
PLAN_AHEAD = 8


@dataclass
class Progress:
    exchanges: int
    sent: int
    pending: int
    received: int


@dataclass
class RoundReport:
    exchanges: int = 0
    sent: int = 0
    parked: int = 0
    received: int = 0
    quarantined: int = 0
    duplicates: int = 0
    repaired: bool = False
    new_epoch: bool = False
    reference_version: int = 0
    clock_warning: str = ""
    dossiers: set[str] = field(default_factory=set)
    accounts_version: int = 0  # the point's accounts at the centre (sync/accounts_step.py)
    accounts: Applied | None = None  # what the accounts step installed, when the version moved
    events_seconds: float = 0.0  # from the round's start until its events (and reference data) were done
    scans: ScanRound = field(default_factory=ScanRound)  # what moved of the scans after the events
    snapshot: BootstrapReport | None = None  # a new desk's first sync: the snapshot applied before the tail


@dataclass(frozen=True)
class _Outgoing:
    request: ExchangeRequest
    received: dict[str, str]  # dossier id -> "received" stamp, for the compact wire's references


REVOKED = "revoked_device"  # the server's code for a push with a revoked token (held for review)


class NotEnrolled(PermanentError):
    pass


class TrainingDesk(PermanentError):
    """The practice database must never reach the city server."""


TRAINING_REFUSAL = "Đây là bản thực hành: không đăng ký và không đồng bộ với máy chủ thành phố."


class SyncClient:
    def __init__(self, store: Sessions, transport: Transport | None = None, batch: int = MAX_BATCH, page: int = 500,
                 on_progress: Callable[[Progress], None] | None = None, scans: BlobSource | None = None) -> None:
        self.store = store
        self._scans = scans  # the desk's scan store; by default the one beside its database
        self._scan_lanes: list[Transport] = []
        self._transport = transport
        self.batch, self.page = batch, page
        self.ceiling = MAX_BATCH  # lowered for good when something between here and the server took less (413)
        self.on_progress = on_progress
        self._spares: list[Transport] = []
        # A new desk's first sync (sync/bootstrap.py): called once the snapshot is in, before the tail.
        self.on_snapshot: Callable[[BootstrapReport], None] | None = None
        self.use_snapshot = True  # False: a first sync replays the log (a support switch; the tests' reference)
        self._snapshot_asked = False  # the city offered none (or has no endpoint): replay until a new epoch

    def state(self) -> replica.SyncState:
        with self.store.read() as session:
            return replica.load_state(session)

    def transport(self) -> Transport:
        if self._transport is None:
            state = self.state()
            if not state.enrolled:
                raise NotEnrolled("Máy này chưa đăng ký với máy chủ thành phố (desk-app enroll).")
            self._transport = Transport(state.server_url, state.token)
        return self._transport

    def message_states(self, dossier_id: str, timeouts: tuple[float, float] = (3.0, 5.0)) -> list[MessageState]:
        """What the city's sender did with the messages about a dossier (issue 15); [] when not enrolled.
        Short time-outs: a clerk is looking at the screen, and an offline desk must say so soon."""
        state = self.state()
        if not state.enrolled:
            return []
        transport = Transport(state.server_url, state.token, timeouts=timeouts)
        try:
            return transport.messages(dossier_id).messages
        finally:
            transport.close()

    # --- enrollment ------------------------------------------------------------------------------

    def _refuse_training(self) -> None:
        with self.store.read() as session:
            if load_settings(session).training:
                raise TrainingDesk(TRAINING_REFUSAL, "training desk: sync refused")

    def enroll(self, server_url: str, code: str) -> replica.SyncState:
        self._refuse_training()
        with self.store.read() as session:
            desk_id = load_settings(session).desk_id
        transport = self._transport or Transport(server_url)
        answer = transport.enroll(code, desk_id)
        with self.store.write() as session:
            replica.save_state(session, server_url=server_url, token=answer.token, device_id=answer.device_id,
                               unit_code=answer.unit_code, epoch=answer.epoch, cursor=0)
        transport.token = answer.token
        self._transport = transport
        return self.state()

    # --- one round ---------------------------------------------------------------------------------

    def sync_once(self, max_exchanges: int = 1000) -> RoundReport:
        self._refuse_training()  # before anything, even before recording an error
        report = RoundReport()
        started = time.monotonic()
        try:
            try:
                self._bootstrap(report, fresh=False)  # a snapshot download begun before (a cut, a kill) goes on
                self._round(report, max_exchanges)
            except PermanentError as exc:
                if exc.code != REVOKED:
                    raise
                raise self._hand_over(exc) from exc
            self._fetch_reference(report.reference_version)
            report.accounts = sync_accounts(self.store, self.transport(), report.accounts_version)
            report.events_seconds = time.monotonic() - started
            self._send_scans(report, max_exchanges)
        except SyncError as exc:
            self._record(last_error=f"{time.strftime('%Y-%m-%d %H:%M:%S')} {exc.reason}")
            raise
        self._record(last_success=replica.now_iso(), last_error="")
        return report

    def _bootstrap(self, report: RoundReport, fresh: bool) -> None:
        """The point's snapshot (sync/bootstrap.py): with `fresh`, asked for because the first pull of a desk
        that held nothing of the point showed more than a page; the tail then comes by the exchange."""
        if (fresh and self._snapshot_asked) or not self.use_snapshot:
            return
        report.snapshot = Bootstrap(self.store, self.transport(), self._fetch_reference,
                                    self.on_snapshot).run(fresh) or report.snapshot
        self._snapshot_asked |= fresh and report.snapshot is None  # none offered: replay until a new epoch

    def _bootstrap_if_long(self, report: RoundReport, from_zero: bool, answer: ExchangeResponse | None) -> None:
        """A desk that held nothing of the point and whose first page says there is more: the snapshot rather
        than page after page (the page came from a plain pull or from the window's last upload)."""
        if from_zero and answer is not None and answer.has_more:
            self._bootstrap(report, fresh=True)

    def scan_store(self) -> BlobSource:
        if self._scans is None:
            self._scans = scan_sync.store_for(self.store.path)
        return self._scans

    def _send_scans(self, report: RoundReport, max_exchanges: int) -> None:
        """After the round's events: the scans the city lacks (sync/scan_client.py). Events a clerk saves
        meanwhile go first, before the next chunk."""
        def events_first() -> None:
            if self._pending():
                self._round(report, max_exchanges)

        main = self.transport()
        while len(self._scan_lanes) < SCAN_LANES:  # their own connections: events may go meanwhile on the others
            self._scan_lanes.append(Transport(main.base_url, main.token, timeouts=main.timeouts))
        uploader = Uploader(self.store, self.scan_store(), self._scan_lanes, events_first)
        report.scans = uploader.run(self.state().epoch)

    def open_scan(self, dossier_id: str, sha256: str) -> bytes:
        """A scan's bytes for a clerk who opens it: from this desk's store, else fetched from the city once."""
        return fetch(self.transport(), self.scan_store(), dossier_id, sha256)

    def _round(self, report: RoundReport, max_exchanges: int) -> None:
        for _ in range(max_exchanges):
            from_zero = not report.repaired and self.state().cursor == 0
            batches = self._next_batches()
            if len(batches) > 1:  # a backlog: a steady window of uploads; its last upload pulls too
                ride = self._push_window(report)
                if ride is None:
                    batches = []  # the server has another epoch: pull at once, which starts the replay
                elif ride.finished(self.store):
                    return
                else:
                    self._bootstrap_if_long(report, from_zero, ride.answer)
                    continue
            answer, again = self._exchange_one(batches[0] if batches else [], report)
            self._progress(report)
            self._bootstrap_if_long(report, from_zero, answer)
            if again or answer is None or answer.has_more or (batches and self._pending()):
                continue
            if not report.repaired and self._diverged(answer):
                report.repaired = True  # re-pull this scope once from the start; unsent events stay
                self._record(cursor=0)
                continue
            return

    def _next_batches(self, busy: Collection[WireEvent] = (), lanes: int = LANES, hold_dossiers: bool = True,
                      after_seq: int = 0) -> list[list[WireEvent]]:
        """Unsent events, oldest first, in up to `lanes` dossier-disjoint batches that share no dossier with
        the `busy` events (in flight: a step must not overtake its dossier's earlier events). An event that
        cannot even be described on the wire, or is larger than the server takes (saved before the shared
        limits), is parked for a supervisor so it never holds back the rest."""
        taken = {e.event_id for e in busy}
        waiting = {e.dossier_id for e in busy} if hold_dossiers else set()
        with self.store.write() as session:
            chosen = _whole_dossiers(replica.unsent_heads(session, LOOKAHEAD, after_seq), taken, waiting,
                                     self.batch * lanes)
            events: list[WireEvent] = []
            for row in replica.unsent_by_id(session, chosen):
                try:
                    event = WireEvent.model_validate(replica.wire_dict(row))
                except ValidationError as exc:
                    replica.park(session, row.event_id, f"invalid_locally: {exc.errors()[0]['msg']}",
                                 replica.now_iso())
                    continue
                if wire_size(event.payload) > limits.EVENT_BYTES:
                    replica.park(session, row.event_id, f"too_large: {wire_size(event.payload)} bytes",
                                 replica.now_iso())
                    continue
                events.append(event)
        return disjoint_batches(events, self.batch, lanes)

    def _exchange_one(self, batch: list[WireEvent], report: RoundReport) -> tuple[ExchangeResponse | None, bool]:
        """One exchange that pushes `batch` and pulls a page. A batch refused because of what it carries is
        split (or its one event parked) and the answer is None; other errors raise."""
        outcome = self._post(self.transport(), self._request(batch, report.repaired, self.page))
        if isinstance(outcome, SyncError):
            if not self._set_aside(batch, outcome, report):
                raise outcome
            return None, True
        return outcome, self._apply(batch, outcome, report, pull=True)

    def _push_window(self, report: RoundReport) -> _Ride | None:
        """Keep LANES uploads in flight, each on its own keep-alive connection, and start the next batch as
        soon as one is answered: no group waits for its slowest member, and the link never goes quiet
        while work remains (groups that started together overflowed the island link's queue). Batches in
        flight never share a dossier. Push-only answers (a page of one, ignored) are applied as they come;
        the pull follows in the caller. On an error no new upload starts, those in flight are applied,
        then it is raised. None when an answer showed another server epoch: the window stopped so that
        the pull can replay at once.

        The upload that empties the outbox also asks for the pull's page, saving the round trip of a
        separate pull (on the island link that round trip was a third of a small backlog's time); see _Ride."""
        epoch = self.state().epoch
        idle = self._lanes(LANES)
        flying: dict[Future[ExchangeResponse | SyncError], tuple[list[WireEvent], Transport]] = {}
        failure: SyncError | None = None
        stop = False
        ride = _Ride()
        planned: list[list[WireEvent]] = []  # planned PLAN_AHEAD batches at a time: planning reads the outbox
        with ThreadPoolExecutor(LANES) as pool:
            while True:
                while idle and not stop and failure is None:
                    busy = [e for batch, _ in flying.values() for e in batch]
                    if not planned:
                        planned = self._next_batches(busy, lanes=PLAN_AHEAD)
                    if not planned:
                        break
                    batch = planned.pop(0)
                    last = not ride.batch and not planned and self._pending() == len(busy) + len(batch)
                    if last:
                        ride = _Ride(batch, [b for b, _ in flying.values()])
                    transport = idle.pop()
                    page = self.page if last else 1
                    flying[pool.submit(self._post, transport, self._request(batch, False, page))] = (batch, transport)
                if not flying:
                    break
                done, _ = wait(flying, return_when=FIRST_COMPLETED)
                for future in done:
                    batch, transport = flying.pop(future)
                    idle.append(transport)
                    outcome = future.result()
                    if isinstance(outcome, SyncError):
                        planned = []  # planned at a size the link or the server just refused
                        if not self._set_aside(batch, outcome, report):
                            failure = failure or outcome
                        continue
                    stop |= bool(epoch) and outcome.epoch != epoch
                    if not stop:  # another epoch's acknowledgements mean nothing: the pull replays all
                        pulled = batch is ride.batch
                        self._apply(batch, outcome, report, pull=pulled)
                        ride.answer = outcome if pulled else ride.answer
                    self._progress(report)
        if failure is not None:
            raise failure
        return None if stop else ride

    def _hand_over(self, refusal: PermanentError) -> SyncError:
        """This device was revoked: the server holds what it pushes for an administrator (never accepts it).
        Hand every unsent event over, batch by batch, so no dossier is stranded on a desk that may never be
        enrolled again; they also stay unsent here and travel the ordinary way after a new enrollment.
        Events handed over whole before (to this device id) are not sent again every slow retry.
        Returns the server's last word (how many it holds) for the clerk."""
        state = self.state()
        device, _, seq = state.handed_over.partition(":")
        done = int(seq or 0) if device == state.device_id else 0
        with self.store.read() as session:
            last = replica.last_unsent_seq(session)
        handed: list[WireEvent] = []
        while batch := next(iter(self._next_batches(handed, lanes=1, hold_dossiers=False, after_seq=done)), []):
            outcome = self._post(self.transport(), self._request(batch, False, 1))
            if not isinstance(outcome, PermanentError) or outcome.code != REVOKED:
                return refusal if not isinstance(outcome, SyncError) else outcome
            refusal = outcome
            handed += batch
        self._record(handed_over=f"{state.device_id}:{max(last, done)}")
        return refusal

    def _set_aside(self, batch: list[WireEvent], error: SyncError, report: RoundReport) -> bool:
        """A refusal caused by what a batch carries (too large for the server or a proxy; another point's
        dossier) is one event's problem, not the queue's (sync.md F6, F16, F19): halve the batch until
        the event is alone, then park it for a supervisor. False when the error is not of that kind."""
        if not isinstance(error, PermanentError) or not batch:
            return False
        other_point = error.status == 403 and error.code == "other_point"
        if error.status != 413 and not other_point:
            return False
        if len(batch) > 1:
            self.batch = max(1, min(self.batch, len(batch) // 2))
            if error.status == 413:  # a proxy with a lower body limit: do not climb back into it
                self.ceiling = max(1, len(batch) // 2)
            return True
        # Alone: an event is never over the protocol's caps (parked above), so a 413 now is a proxy set
        # too tight, and a 403 for a desk enrolled at another point than its own is for an administrator.
        if not other_point or not self._enrolled_at_own_point():
            return False
        with self.store.write() as session:
            replica.park(session, batch[0].event_id, f"other_point: {error.reason}", replica.now_iso())
        report.parked += 1
        self.batch = self.ceiling
        return True

    def _enrolled_at_own_point(self) -> bool:
        with self.store.read() as session:
            return load_settings(session).unit_code == replica.load_state(session).unit_code

    def _request(self, batch: list[WireEvent], include_own: bool, page: int) -> _Outgoing:
        with self.store.read() as session:
            state, waiting = replica.load_state(session), replica.unsent_count(session)
            received = replica.received_stamps(session, [e.dossier_id for e in batch if e.kind != "received"])
        request = ExchangeRequest(protocol=PROTOCOL_VERSION, client_time_ms=int(time.time() * 1000),
                                  epoch=state.epoch, cursor=state.cursor, page_limit=page, push=batch,
                                  include_own=include_own, outbox=waiting, app_version=APP_VERSION)
        return _Outgoing(request, received)

    def _post(self, transport: Transport, outgoing: _Outgoing) -> ExchangeResponse | SyncError:
        """Runs on a worker thread: network only, no database."""
        try:
            answer = transport.exchange(outgoing.request, outgoing.received)
        except SyncError as exc:
            if exc.transient:  # smaller batches waste fewer bytes on a link that keeps dropping
                self.batch = max(MIN_BATCH, self.batch // 2)
            return exc
        self.batch = min(self.ceiling, self.batch * 2)
        return answer

    def _lanes(self, count: int) -> list[Transport]:
        main = self.transport()
        while len(self._spares) < count - 1:
            self._spares.append(Transport(main.base_url, main.token, timeouts=main.timeouts))
        return [main, *self._spares[: count - 1]]

    def _apply(self, batch: list[WireEvent], answer: ExchangeResponse, report: RoundReport, pull: bool) -> bool:
        """One local transaction: acknowledgements, and for the pulling exchange the page, cursor and epoch.
        Returns True when the server turned out to be a restored one (a new epoch)."""
        now = replica.now_iso()
        ingested = replica.Ingested()
        with self.store.write() as session:
            state = replica.load_state(session)
            new_epoch = pull and bool(state.epoch) and answer.epoch != state.epoch
            if new_epoch:  # restored server: everything is resent and re-pulled (sync.md 6.11, F13)
                replica.start_new_epoch(session, answer.epoch)
            self._acknowledge(session, batch, answer, report, now)
            if pull:
                ingested = replica.ingest(session, [e.model_dump() for e in answer.events], now)
                replica.save_state(session, cursor=0 if new_epoch else answer.cursor, epoch=answer.epoch,
                                   clock_offset_ms=answer.clock_offset_ms, clock_warning=answer.clock_warning)
        report.exchanges += 1
        report.sent += len(batch)
        report.received += ingested.new
        report.duplicates += ingested.duplicates
        report.quarantined += ingested.quarantined
        report.dossiers |= ingested.dossiers
        report.clock_warning = answer.clock_warning
        report.reference_version = answer.reference_version
        report.accounts_version = answer.accounts_version
        report.new_epoch |= new_epoch
        if new_epoch:
            self._snapshot_asked = False  # the next round may start from the restored city's snapshot
        return new_epoch

    def _acknowledge(self, session: Session, batch: list[WireEvent], answer: ExchangeResponse, report: RoundReport,
                     now: str) -> None:
        """The answer lists only the events not taken; the rest of this batch is acknowledged."""
        refused = {r.event_id for r in answer.results}
        replica.mark_pushed(session, [e.event_id for e in batch if e.event_id not in refused], now)
        for result in answer.results:
            if result.status in ("quarantined", "rejected"):
                replica.park(session, result.event_id, result.reason or result.status, now)
                report.parked += 1

    def _pending(self) -> int:
        with self.store.read() as session:
            return replica.unsent_count(session)

    def _diverged(self, answer: ExchangeResponse) -> bool:
        if answer.checksum is None:
            return False
        with self.store.read() as session:
            if replica.unsent_count(session):
                return False
            mine = fingerprint(replica.fingerprint_hashes(session))
        return mine != answer.checksum

    def _fetch_reference(self, version: int) -> None:
        """Install this reference version unless the desk has it (or a newer one) already."""
        if version <= self.state().reference_version:
            return
        bundle = self.transport().reference(version)
        with self.store.write() as session:
            replica.apply_reference(session, bundle.model_dump())
            published_wording.install(session, published_wording.folder_for(self.store.path))

    def _progress(self, report: RoundReport) -> None:
        if self.on_progress is None:
            return
        with self.store.read() as session:
            pending = replica.unsent_count(session)
        self.on_progress(Progress(report.exchanges, report.sent, pending, report.received))

    def _record(self, **values: Any) -> None:
        with self.store.write() as session:
            replica.save_state(session, **values)


@dataclass
class _Ride:
    """The window's last upload, which also pulled. Its answer ends the round when the page reached the end,
    nothing is left to send and the scope's fingerprint agrees. The city read that fingerprint after this
    upload's commit, but the uploads in flight beside it may have committed before or after that read: the
    desk's fingerprint is compared without each subset of their stored events (at most 2^(LANES-1) tries).
    When none agrees the round does an ordinary pull exchange, whose fingerprint decides (and may repair)."""

    batch: list[WireEvent] = field(default_factory=list)
    beside: list[list[WireEvent]] = field(default_factory=list)  # the uploads in flight when it left
    answer: ExchangeResponse | None = None

    def finished(self, store: Sessions) -> bool:
        answer = self.answer
        if answer is None or answer.has_more or answer.checksum is None:
            return False
        with store.read() as session:
            if replica.unsent_count(session):
                return False
            mine = replica.fingerprint_hashes(session)
            acknowledged = replica.acknowledged(session, [e.event_id for b in self.beside for e in b])
        stored = [[e.content_hash for e in b if e.event_id in acknowledged] for b in self.beside]
        return consistent(mine, answer.checksum, stored)


def consistent(mine: list[str], theirs: ScopeChecksum, beside: list[list[str]]) -> bool:
    """Whether the city's fingerprint equals this desk's, less the events of some of the `beside` groups
    (uploads the city may have committed only after it read the fingerprint)."""
    for subset in range(1 << len(beside)):
        left_out = {h for i, group in enumerate(beside) if subset >> i & 1 for h in group}
        if fingerprint([h for h in mine if h not in left_out]) == theirs:
            return True
    return False


def _whole_dossiers(heads: list[tuple[str, str]], taken: Collection[str], waiting: Collection[str],
                    want: int) -> list[str]:
    """Event ids for about `want` events, whole dossiers at a time in the order their first unsent event was
    saved, leaving out events in flight and dossiers with events in flight. Grouping by dossier lets batches
    that travel together share no dossier without waiting for each other (a step never goes before its
    dossier's "received", which is in the same batch or already acknowledged)."""
    groups: dict[str, list[str]] = {}
    for event_id, dossier_id in heads:
        if event_id not in taken and dossier_id not in waiting:
            groups.setdefault(dossier_id, []).append(event_id)
    chosen: list[str] = []
    for ids in groups.values():
        if chosen and len(chosen) + len(ids) > want:
            break
        chosen += ids
    return chosen
