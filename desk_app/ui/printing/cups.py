"""Printing the PDF itself to a CUPS queue (Linux, macOS): CUPS takes PDF directly, so the page goes as vector
text (tens of kB) instead of the 300-dpi bitmaps the painted path sends (megabytes). Elsewhere, and for a
printer CUPS does not know, the caller keeps the painted (raster) path.

Through the `lp` and `lpstat` commands, which honour CUPS_SERVER like the rest of CUPS; no Qt here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass

from desk_app.domain.errors import DeskError

TIMEOUT_S = 20


class CupsFailed(DeskError):
    pass


@dataclass(frozen=True)
class Sent:
    job: str  # "Quay-12"
    paused: bool  # the queue holds the job (stopped, or not accepting): nothing comes out yet


def is_queue(name: str) -> bool:
    """Whether `name` is a CUPS queue we can hand a PDF to."""
    if not name or not shutil.which("lp") or not shutil.which("lpstat"):
        return False
    return _run(["lpstat", "-p", name]).returncode == 0


def send_pdf(pdf: bytes, name: str, copies: int, title: str, media: str = "") -> Sent:
    """Queue `pdf` on `name`, `copies` collated copies; raises CupsFailed with CUPS's own words."""
    command = ["lp", "-d", name, "-n", str(max(1, copies)), "-o", "collate=true", "-t", title]
    if media:
        command += ["-o", f"media={media}"]
    done = _run([*command, "--", "-"], data=pdf)
    found = re.search(r"request id is (\S+)", done.stdout)
    if done.returncode != 0 or not found:
        said = (done.stderr or done.stdout).strip()
        raise CupsFailed(f"Máy in «{name}» không nhận bản in: {said}", f"The printer {name!r} refused the job: {said}")
    return Sent(found.group(1), paused=queue_paused(name))


def queue_paused(name: str) -> bool:
    """A disabled (paused) queue, or one not accepting jobs, as lpstat reports it."""
    state = _run(["lpstat", "-p", name]).stdout
    accepting = _run(["lpstat", "-a", name]).stdout
    return "disabled" in state or "not accepting" in accepting


def _run(command: list[str], data: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CupsFailed(f"Không liên lạc được với dịch vụ in (CUPS): {exc}",
                         f"Could not reach the print service (CUPS): {exc}") from exc
    return subprocess.CompletedProcess(command, done.returncode, done.stdout.decode("utf-8", "replace"),
                                       done.stderr.decode("utf-8", "replace"))
