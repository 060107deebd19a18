"""What every screen needs: the open desk, who is logged in, and the language; plus the training twin."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desk_app.core.accounts import Role, User
from desk_app.services import Desk

TRAINING_SUFFIX = "-thuc-hanh"


@dataclass
class DeskContext:
    desk: Desk
    user: User
    lang: str = "vi"
    extras: dict = field(default_factory=dict)  # per-window singletons (sync controller, ...)

    @property
    def training(self) -> bool:
        return self.desk.settings.training

    @property
    def db_path(self) -> Path:
        return self.desk.store.path

    @property
    def is_supervisor(self) -> bool:
        return self.user.role in (Role.SUPERVISOR, Role.ADMIN)

    def message(self, error: Exception) -> str:
        """An error in the clerk's language (domain errors carry both)."""
        text = getattr(error, "message", None)
        return text(self.lang) if callable(text) else str(error)


def training_path(real_db: Path) -> Path:
    """The practice database beside the real one; never the same file, never synced."""
    return real_db.with_name(real_db.stem + TRAINING_SUFFIX + real_db.suffix)


def open_training(real: Desk) -> Desk:
    """Open (creating on first use) the practice twin of a desk: same point, desk and accounts to start."""
    path = training_path(real.store.path)
    fresh = not path.exists()
    twin = Desk.open(path, now=real.now)
    if fresh or not twin.settings.training:
        settings = real.settings
        twin.configure(actor="system", unit_code=settings.unit_code, desk_no=settings.desk_no, training=True,
                       paper=settings.paper, language=settings.language)
        for user in real.accounts.list():
            twin.accounts.copy_from(real.accounts, user.username)
    return twin
