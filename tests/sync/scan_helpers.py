"""Scans for the sync tests (issue 12): real PDFs made with Pillow (grey noise pages, which compress like
paper scans do not at all: the worst case for the link), put into a desk's scan store and attached to a
dossier with a "scan attached" event, as the desk's attach flow records it; and a city server whose scan
settings a test chooses."""

from __future__ import annotations

import hashlib
import io
import math
import random
from pathlib import Path

from PIL import Image

from desk_app.core import scan_sync
from desk_app.domain.model import EventKind
from desk_app.services import Desk
from desk_app.store.blobs import BlobStore
from sync.server.scans.store import open_store
from sync.server.settings import ServerSettings
from tests.sync.conftest import CityServer

BYTES_PER_PIXEL = 0.56  # grey noise as JPEG at quality 75


def scan_pdf(size: int, pages: int = 1, seed: int = 0) -> bytes:
    """A real PDF of `pages` grey pages, about `size` bytes in all."""
    rng = random.Random(seed)
    side = max(16, int(math.sqrt(size / pages / BYTES_PER_PIXEL)))
    images = [Image.frombytes("L", (side, side), rng.randbytes(side * side)) for _ in range(pages)]
    out = io.BytesIO()
    images[0].save(out, "PDF", quality=75, resolution=200, save_all=True, append_images=images[1:])
    return out.getvalue()


def desk_scans(desk: Desk) -> BlobStore:
    return scan_sync.store_for(Path(desk.store.path))


def attach(desk: Desk, code: str, data: bytes, document: str = "Tờ khai", pages: int = 1) -> str:
    """Store the file in the desk's scan folder and record its "scan attached" event; returns its hash."""
    sha = desk_scans(desk).put(data)
    desk.dossiers.apply(code, EventKind.SCAN_ATTACHED,
                        {"document": document, "sha256": sha, "size": len(data), "pages": pages}, "clerk")
    return sha


def remove(desk: Desk, code: str, sha: str, document: str = "Tờ khai", reason: str = "Quét nhầm giấy") -> None:
    desk.dossiers.apply(code, EventKind.SCAN_REMOVED, {"document": document, "sha256": sha, "reason": reason},
                        "clerk")


def scan_city(db_url: str, folder: Path, **scan_settings) -> CityServer:
    settings = ServerSettings(db=db_url, scans_dir=folder / "city-scans", **scan_settings)
    return CityServer(db_url, folder / "server.log", settings).start()


def city_file(city: CityServer, sha: str) -> bytes:
    """The scan as the city's store serves it (hash-checked)."""
    return open_store(city.settings).get(sha)


def city_hashes(city: CityServer) -> list[str]:
    """Every scan file in the city's folder store, by name (each checked against its content)."""
    root = city.settings.scan_folder()
    found = []
    for path in sorted(root.glob("??/*")):
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name
        found.append(path.name)
    return found


def held_offset(city: CityServer, sha: str) -> int:
    """Bytes of an unfinished upload the city holds."""
    part = city.settings.scan_folder() / ".partial" / f"{sha}.part"
    return part.stat().st_size if part.exists() else 0
