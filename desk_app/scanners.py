"""The desk's scanner through the operating system's scanning interface, behind one small interface.

`find_scanner()` gives the one this machine can use: SANE on Linux when python-sane is installed, the
Windows interface (WIA/TWAIN: not written yet, it says so), or none. The desk works without any: the
scanner's own software saves into the watched scan folder (Settings), or the clerk chooses files. Looking
for devices can take seconds (SANE probes USB and the network), so it is done when the clerk asks.
"""

from __future__ import annotations

import io
import sys
from typing import Any, Protocol

from desk_app.core.scan_pdf import Colour, ScanFile, scan_file
from desk_app.domain.errors import DeskError

DPI = 200


class ScannerUnavailable(DeskError):
    """No scanner can be used from here; the message says what to do instead."""


class Scanner(Protocol):
    name: str

    def why_unavailable(self) -> str:
        """Empty when the scanner can be used; otherwise the reason, in the clerk's words."""
        ...

    def scan(self, colour: Colour) -> list[ScanFile]:
        """The pages in the feeder (or the one on the glass), as PNG files; ScannerUnavailable if none."""
        ...


INSTEAD = "Hãy quét bằng phần mềm của máy quét vào thư mục quét (Cài đặt) hoặc chọn tệp."


class NoScanner:
    name = "none"

    def __init__(self, reason: str = "") -> None:
        self.reason = reason or f"Máy này chưa có giao diện máy quét (SANE, WIA hoặc TWAIN). {INSTEAD}"

    def why_unavailable(self) -> str:
        return self.reason

    def scan(self, colour: Colour) -> list[ScanFile]:
        raise ScannerUnavailable(self.reason, "No scanner interface on this computer.")


class WindowsScanner(NoScanner):
    """WIA / TWAIN: the same interface, to be written; until then it says so and the folder is used."""

    name = "wia"

    def __init__(self) -> None:
        super().__init__(f"Quét trực tiếp qua WIA/TWAIN trên Windows chưa có trong phiên bản này. {INSTEAD}")


class SaneScanner:
    """The first SANE device, in grey (or line art, or colour) at 200 dpi; every page of the feeder."""

    name = "sane"

    def __init__(self, sane: Any) -> None:
        self.sane = sane
        self._devices: list[Any] | None = None

    def _find(self) -> list[Any]:
        if self._devices is None:
            self.sane.init()
            self._devices = list(self.sane.get_devices())
        return self._devices

    def why_unavailable(self) -> str:
        try:
            return "" if self._find() else f"Không thấy máy quét nào (SANE). Kiểm tra cáp và nguồn. {INSTEAD}"
        except Exception as exc:  # the driver's own error: said, never a crash
            return f"Không mở được giao diện máy quét SANE ({exc}). {INSTEAD}"

    def scan(self, colour: Colour) -> list[ScanFile]:
        reason = self.why_unavailable()
        if reason:
            raise ScannerUnavailable(reason, "No SANE scanner found.")
        device = self.sane.open(self._find()[0][0])
        try:
            device.mode = {Colour.GREY: "Gray", Colour.BITONAL: "Lineart", Colour.COLOUR: "Color"}[colour]
            device.resolution = DPI
            images = list(device.multi_scan()) if getattr(device, "source", "") == "ADF" else [device.scan()]
        finally:
            device.close()
        files = []
        for number, image in enumerate(images, 1):
            out = io.BytesIO()
            image.save(out, format="PNG", dpi=(DPI, DPI))
            files.append(scan_file(f"may-quet-trang-{number}.png", out.getvalue()))
        return files


def find_scanner() -> Scanner:
    if sys.platform == "win32":
        return WindowsScanner()
    try:
        import sane  # type: ignore[import-not-found]  # python-sane, optional: needs libsane
    except ImportError:
        return NoScanner()
    return SaneScanner(sane)
