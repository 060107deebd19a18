"""The installer bundle and its self-test.

The self-test itself runs from the source tree in every test run. Building the PyInstaller bundle takes
minutes, so those tests run only when asked: MOTCUA_BUILD_BUNDLE=1 (or CI=true). They build into a temp
folder through scripts/build_bundle.sh (which itself fails unless the bundled self-test is all OK), then
check the bundle again from outside: exit code, the log, the data files, the command-line exe.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desk_app.ui import i18n
from desk_app.ui.selftest import LOG_NAME, run_self_test

ROOT = Path(__file__).resolve().parent.parent
EXE = ".exe" if sys.platform == "win32" else ""
CHECKS = ("Cơ sở dữ liệu", "Tìm kiếm toàn văn (FTS5)", "Bản dịch tiếng Việt của Qt", "In thử giấy tiếp nhận",
          "Vẽ trang PDF (pdfium + Qt)", "Khởi động Qt (QApplication)", "Phông chữ của cửa sổ")
build_requested = os.environ.get("MOTCUA_BUILD_BUNDLE") == "1" or os.environ.get("CI") == "true"
bundle_only = pytest.mark.skipif(not build_requested, reason="builds the bundle: set MOTCUA_BUILD_BUNDLE=1")


def result_lines(log: Path) -> dict[str, str]:
    """{check label: "OK"/"LỖI"} from a self-test log."""
    lines = log.read_text(encoding="utf-8-sig").splitlines()
    return {line[5:].split(":")[0]: line[:4].strip() for line in lines if line.startswith(("OK ", "LỖI"))}


def counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        dossiers = conn.execute("SELECT count(*) FROM dossiers").fetchone()[0]
        prints = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'print'").fetchone()[0]
    return dossiers, prints


# --- the self-test from the source tree ---------------------------------------------------------------


def test_self_test_creates_the_database_and_adds_no_dossier_to_it(qapp, tmp_path, capsys):
    db = tmp_path / "moi" / "motcua-desk.sqlite3"
    assert run_self_test(db) == 0
    printed = capsys.readouterr().out
    assert result_lines(db.parent / LOG_NAME) == dict.fromkeys(CHECKS, "OK")
    assert "Kết quả: tất cả đều OK." in printed
    assert counts(db) == (0, 0)  # the sample receipt came from a throwaway database


def test_self_test_reports_a_broken_install(qapp, desk_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path / "no-translations")
    assert run_self_test(desk_path) == 1
    printed = capsys.readouterr().out
    assert "LỖI  Bản dịch tiếng Việt của Qt" in printed
    assert "Kết quả: 1 mục LỖI." in printed
    assert result_lines(desk_path.parent / LOG_NAME)["In thử giấy tiếp nhận"] == "OK"


# --- the frozen bundle --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    env = {**os.environ, "DIST_DIR": str(out / "dist"), "WORK_DIR": str(out / "build")}
    started = time.monotonic()
    built = subprocess.run(["bash", str(ROOT / "scripts" / "build_bundle.sh")], env=env, capture_output=True,
                           text=True, encoding="utf-8", timeout=1800)
    print(f"\nbuild_bundle.sh: {time.monotonic() - started:.0f} s (PyInstaller build + bundled self-test)")
    assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-4000:]
    return out / "dist" / "MotCuaDesk"


@bundle_only
@pytest.mark.bundle
@pytest.mark.timeout(1800)
def test_bundled_self_test_passes(bundle, tmp_path):
    db = tmp_path / "desk.sqlite3"
    run = subprocess.run([str(bundle / f"MotCuaDesk{EXE}"), "--self-test", "--db", str(db)],
                         capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert result_lines(tmp_path / LOG_NAME) == dict.fromkeys(CHECKS, "OK")
    assert str(bundle) in (tmp_path / LOG_NAME).read_text(encoding="utf-8-sig")  # the frozen exe ran, not Python
    assert counts(db) == (0, 0)


@bundle_only
@pytest.mark.bundle
@pytest.mark.timeout(1800)
def test_bundle_carries_forms_fonts_translations_and_migrations(bundle):
    inside = bundle / "_internal"
    procedures = sorted(p.relative_to(ROOT) for p in (ROOT / "forms" / "procedures").rglob("*.json"))
    assert procedures and all((inside / p).is_file() for p in procedures)
    assert {p.name for p in (inside / "resources" / "fonts").glob("*.ttf")} == \
           {p.name for p in (ROOT / "resources" / "fonts").glob("*.ttf")}
    for qm in (ROOT / "resources" / "translations").glob("*.qm"):
        assert (inside / "resources" / "translations" / qm.name).read_bytes() == qm.read_bytes()
    assert not list((inside / "resources" / "translations").glob("*.ts"))
    sql = {p.name for p in (ROOT / "desk_app" / "store" / "migrations").glob("*.sql")}
    assert {p.name for p in (inside / "desk_app" / "store" / "migrations").glob("*.sql")} == sql


@bundle_only
@pytest.mark.bundle
@pytest.mark.timeout(1800)
def test_bundle_leaves_out_the_server_other_bindings_and_qt_extras(bundle):
    inside = bundle / "_internal"
    for absent in ("PyQt5", "PyQt6", "PySide2", "tkinter", "fastapi", "uvicorn", "alembic", "psycopg"):
        assert not (inside / absent).exists(), absent
    qt_translations = {p.name for p in inside.rglob("*.qm") if "PySide6" in p.parts}
    assert qt_translations <= {"qtbase_en.qm", "qt_en.qm"}
    assert not [p for p in inside.rglob("*") if p.name.startswith(("libQt6Qml", "libQt6Quick", "Qt6Qml", "Qt6Quick"))]


@bundle_only
@pytest.mark.bundle
@pytest.mark.timeout(1800)
def test_bundled_command_line_works(bundle, tmp_path):
    db = tmp_path / "desk.sqlite3"
    cli = str(bundle / f"motcua-desk-cli{EXE}")
    init = subprocess.run([cli, "--db", str(db), "init", "--unit", "09661", "--desk-no", "2"],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert init.returncode == 0, init.stderr
    assert "bàn số 2" in init.stdout
    verify = subprocess.run([cli, "--db", str(db), "audit", "verify"], capture_output=True, text=True,
                            encoding="utf-8", timeout=120)
    assert verify.returncode == 0 and "nguyên vẹn" in verify.stdout
