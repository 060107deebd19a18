"""The console in English: every string the templates and handlers show has an English entry in the one
catalogue, ?lang=en switches (and a cookie keeps it), Vietnamese stays the default, refusals and errors
come in the viewer's language."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from sync.server.console import accounts, audit, report_pages, sign_in
from sync.server.console.catalogue_en import EN
from tests.sync.conftest import BA_DINH, MINH_CHAU
from tests.sync.console_helpers import logged_in

CONSOLE = Path(sign_in.__file__).resolve().parent
_CALL = re.compile(r"""\b_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")


def _shown_strings() -> set[str]:
    """Every literal given to _() in the templates and the console's code, the Vietnamese that a handler
    passes to forbidden(), and the labels that reach _() through a variable."""
    found = set()
    for template in (CONSOLE / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        found |= {a or b for a, b in _CALL.findall(text)}
        for columns in re.findall(r"\{% set columns = \[(.*?)\] %\}", text, re.S):
            found |= set(re.findall(r'\("\w+", "([^"]+)"\)', columns))
    for module in CONSOLE.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
                index = {"_": 0, "forbidden": 1}.get(node.func.id)
                if index is not None and len(node.args) > index and isinstance(node.args[index], ast.Constant):
                    found.add(node.args[index].value)
    found |= set(accounts.ROLE_LABELS.values()) | set(audit.ACTION_LABELS.values())
    found |= set(sign_in._REFUSALS.values()) | {label for _key, label in report_pages.COLUMNS}
    return found


def test_every_string_the_console_shows_has_an_english_entry():
    shown = _shown_strings()
    assert len(shown) > 200
    missing = sorted(s for s in shown if s not in EN)
    assert not missing, missing
    placeholders = {s: (set(re.findall(r"\{(\w*)\}", s)), set(re.findall(r"\{(\w*)\}", EN[s]))) for s in shown}
    assert all(vi == en for vi, en in placeholders.values()), [s for s, (vi, en) in placeholders.items() if vi != en]


def test_vietnamese_is_the_default_and_lang_en_switches_and_sticks(city):
    city.publish_reference()
    admin = logged_in(city, "quantri")
    page = admin.get("/console/dashboard").text
    assert '<html lang="vi">' in page and "Các điểm tiếp nhận" in page and 'href="/console/dashboard?lang=en"' in page
    english = admin.get("/console/dashboard?kind=xa&lang=en")
    assert '<html lang="en">' in english.text and "Reception points" in english.text
    assert "Received today" in english.text and "Các điểm tiếp nhận" not in english.text
    assert 'href="/console/dashboard?kind=xa&amp;lang=vi"' in english.text  # the same page, back in Vietnamese
    for path in ("/console/reports", f"/console/points/{MINH_CHAU}", "/console/devices", "/console/accounts",
                 "/console/audit", "/console/messages"):
        shown = admin.get(path).text
        assert '<html lang="en">' in shown and "Log out" in shown, path
        assert "Đăng xuất" not in shown and "Tiếng Việt" in shown, path
    assert ">English</a>" in admin.get("/console/reports?lang=vi").text
    assert '<html lang="vi">' in admin.get("/console/dashboard").text  # and that sticks too


def test_refusals_and_bad_input_come_in_the_viewers_language(city):
    city.publish_reference()
    supervisor = logged_in(city, "giamsat", role=accounts.SUPERVISOR, unit=MINH_CHAU)
    refused = supervisor.get(f"/console/reports?point={BA_DINH}&lang=en")
    assert refused.status_code == 403 and "Your account may see its own reception point only." in refused.text
    bad = supervisor.get("/console/reports?period=2026-13")
    assert "There is no month 13; months are 01–12. Showing last month." in bad.text
    login = supervisor.post("/console/login", {"csrf": "x"})
    assert login.status_code == 403 and "anti-forgery token" in login.text
