"""Languages: the window's own strings are written in Vietnamese; English comes from motcua_en.qm.

Qt ships no Vietnamese for its own buttons and dialogs (OK, Cancel, the print dialogs, the line-edit
menu), so we own `qtbase_vi.ts`. Both .qm files are built from the .ts files in resources/translations
(`python -m desk_app.ui.i18n --build`). A language change takes effect at the next start, like Anki.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from desk_app.paths import resource_path

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
_installed: list[QTranslator] = []  # kept here so they stay alive and can be swapped


def translations_dir() -> Path:
    return resource_path("resources", "translations")


def install(app: QApplication, lang: str) -> list[QTranslator]:
    """Load the translators for `lang` into the app, replacing those of an earlier call; returns them."""
    uninstall(app)
    names = ["qtbase_vi"] if lang == "vi" else ["motcua_en"]
    for name in names:
        translator = QTranslator(app)
        if translator.load(name, str(translations_dir())):
            app.installTranslator(translator)
            _installed.append(translator)
    if lang == "en":
        qt_own = QTranslator(app)
        if qt_own.load("qtbase_en", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt_own)
            _installed.append(qt_own)
    QLocale.setDefault(QLocale("vi_VN" if lang == "vi" else "en_GB"))
    app.setProperty("motcua_lang", lang)
    return list(_installed)


def uninstall(app: QApplication) -> None:
    """Remove the translators `install` put in (tests switch languages within one QApplication)."""
    while _installed:
        app.removeTranslator(_installed.pop())


def build_qm() -> None:
    """Compile every .ts in resources/translations to .qm beside it."""
    for ts in sorted(translations_dir().glob("*.ts")):
        compile_ts(ts, ts.with_suffix(".qm"))


def compile_ts(ts: Path, qm: Path) -> None:
    subprocess.run([_lrelease(), "-silent", str(ts), "-qm", str(qm)], check=True)


def _lrelease() -> str:
    """pyside6-lrelease from the interpreter's own scripts folder (venv bin/ or Scripts\\), else from PATH."""
    found = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-lrelease")
    if not found:
        raise FileNotFoundError("pyside6-lrelease not found: install PySide6 in this environment")
    return found


if __name__ == "__main__" and "--build" in sys.argv:
    build_qm()
