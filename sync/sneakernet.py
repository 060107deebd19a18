"""The desk's half of the sneakernet: its unsent events, sealed for the enrolled device, into a file
for a USB stick (format and keys: sync/outbox_file.py). The events stay unsent on the desk: nobody here
knows whether the stick reaches the city, and the same events arriving later by network change nothing
(the server keeps each event once, by its id)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from desk_app.core import replica
from desk_app.core.sessions import Sessions
from desk_app.core.settings import load_settings
from desk_app.private_files import write_private
from sync import outbox_file
from sync.client import NotEnrolled
from sync.protocol import WireEvent

ALL = 10_000_000


def export_outbox(store: Sessions, path: Path) -> int:
    """Write every unsent event (oldest first) to `path`, sealed for this device; returns how many."""
    with store.read() as session:
        state = replica.load_state(session)
        desk_id = load_settings(session).desk_id
        rows = replica.unsent(session, ALL)
        events = []
        for row in rows:
            try:
                events.append(WireEvent.model_validate(replica.wire_dict(row)))
            except ValidationError:
                continue  # the next network round parks it for a supervisor, as it always has
    if not state.enrolled:
        raise NotEnrolled("Máy này chưa đăng ký với máy chủ thành phố (desk-app enroll): chưa có khoá để niêm "
                          "phong tệp. Chưa ghi tệp nào.")
    data = outbox_file.seal(events, state.token, state.device_id, state.unit_code, desk_id, replica.now_iso())
    write_private(path, data)
    return len(events)
