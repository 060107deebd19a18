"""The console's two languages: Vietnamese (the source text, the default) and English, from one catalogue.

Every string a console template or handler shows goes through `_()`, keyed by its Vietnamese text, with
`{name}` placeholders filled after translation. The language is chosen by `?lang=en` / `?lang=vi` (kept
in a cookie) and set per request (see web.ConsoleRoute); a test checks every `_()` in the templates has an
English entry here.
"""

from __future__ import annotations

from contextvars import ContextVar

from sync.server.console.catalogue_en import EN

LANGS = ("vi", "en")
LANG_COOKIE = "motcua_lang"
LANG: ContextVar[str] = ContextVar("console_lang", default="vi")
SWITCH: ContextVar[str] = ContextVar("console_switch", default="")  # this page in the other language


def pick(query: str | None, cookie: str | None) -> str:
    for value in (query, cookie):
        if value in LANGS:
            return value
    return "vi"


def _(text: str, **values: object) -> str:
    """`text` in the request's language, its placeholders filled."""
    shown = EN.get(text, text) if LANG.get() == "en" else text
    return shown.format(**values) if values else shown


def missing(texts: set[str]) -> set[str]:
    return {t for t in texts if t not in EN}
