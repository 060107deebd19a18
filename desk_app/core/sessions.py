"""What the desk's services and the sync client need of a database: read and write sessions on one file.

`desk_app.store.engine.Store` is the one implementation; code above the store (core services, the sync
client) depends on this shape, so the sync client never imports the store and a worker thread can be
handed its own connection to the same file.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session


class Sessions(Protocol):
    path: Path

    def read(self) -> AbstractContextManager[Session]: ...

    def write(self) -> AbstractContextManager[Session]: ...

    def close(self) -> None: ...
