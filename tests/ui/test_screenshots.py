"""scripts/screenshots.py, run end to end into a temporary folder: every screen of the clerk's guide is
saved, is a real picture (not one flat colour), and shows what its name promises (the practice banner's
red, the overdue rows' pink, a status-bar strip)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshots.py"


def load_script():
    """scripts/ is no package: load the file itself."""
    spec = importlib.util.spec_from_file_location("screenshots_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def colours(image: QImage, step: int = 3) -> set[int]:
    """The distinct RGB values on a grid of every `step`-th pixel (enough to tell a blank picture)."""
    return {image.pixel(x, y) & 0xFFFFFF for y in range(0, image.height(), step) for x in range(0, image.width(), step)}


def near(found: set[int], colour: str, tolerance: int = 20) -> bool:
    """Whether a colour close to `colour` is among `found` (the PNGs are cut to 256 colours)."""
    want = QColor(colour)
    return any(abs(QColor(rgb).red() - want.red()) <= tolerance and abs(QColor(rgb).green() - want.green()) <= tolerance
               and abs(QColor(rgb).blue() - want.blue()) <= tolerance for rgb in found)


@pytest.fixture(scope="module")
def script():
    return load_script()


@pytest.fixture(scope="module")
def shots(tmp_path_factory, qapp, script) -> Path:
    """One run for the module (it takes most of 15 s)."""
    out = tmp_path_factory.mktemp("screenshots")
    assert script.main(["--out", str(out)]) == 0
    return out


def test_every_screen_is_saved_as_a_real_picture_of_reasonable_size(script, shots):
    names = script.NAMES
    assert len(names) == 24 and sorted(p.stem for p in shots.glob("*.png")) == sorted(names)
    for name in names:
        path = shots / f"{name}.png"
        image = QImage(str(path))
        assert not image.isNull(), name
        assert len(colours(image)) > 8, f"{name} is blank"
        assert path.stat().st_size < 250_000, name


def test_window_screens_are_the_full_window_and_the_status_bar_is_a_strip(shots):
    for name in ("02-intake-empty", "06-list", "10-report", "12-training", "15-font-150", "16-handbook-f1"):
        assert QImage(str(shots / f"{name}.png")).size().toTuple() == (1366, 768), name  # a commune PC
    strip = QImage(str(shots / "13-statusbar-offline.png"))
    assert strip.width() == 1366 and strip.height() < 80


def test_the_pictures_show_what_their_names_say(shots):
    assert near(colours(QImage(str(shots / "12-training.png"))), "#c62828")  # the BẢN THỰC HÀNH banner
    assert near(colours(QImage(str(shots / "07-list-overdue.png"))), "#ffd7d5")  # overdue rows
    assert near(colours(QImage(str(shots / "04-intake-errors.png"))), "#b00020")  # inline error messages
    assert not near(colours(QImage(str(shots / "02-intake-empty.png"))), "#b00020")  # no error on a fresh form
    assert QImage(str(shots / "19-intake-fee.png")).size().toTuple() == (1366, 768)  # the fee part, no error
    assert not near(colours(QImage(str(shots / "19-intake-fee.png"))), "#b00020")
