"""Vietnamese text: one normal form for storage, a folded key for search, a key for sorting.

SQLite's lower()/LIKE fold ASCII only and no Unicode decomposition folds đ to d, so every row keeps
a folded search key built here, and queries are folded the same way.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})

# Vietnamese alphabet order (primary level); tones are the secondary level.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_BASE_OF = {
    "ă": "ă", "â": "â", "đ": "đ", "ê": "ê", "ô": "ô", "ơ": "ơ", "ư": "ư",
}
# Combining marks that make a new letter (breve, circumflex, horn) versus tone marks.
_LETTER_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
_TONE_ORDER = {"": 0, "\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0301": 5, "\u0323": 6}
_WITH_MARK = {
    ("a", "breve"): "ă", ("a", "circumflex"): "â", ("e", "circumflex"): "ê",
    ("o", "circumflex"): "ô", ("o", "horn"): "ơ", ("u", "horn"): "ư",
}


# Invisible characters that creep in from copy-paste and phone keyboards: dropped, never stored.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def nfc(value: str) -> str:
    """Normalise to NFC and collapse runs of whitespace; the form we store and print."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def clean(value: str) -> str:
    """`nfc` without zero-width characters: what a text field stores."""
    return nfc(value.translate(_ZERO_WIDTH))


def unsafe_character(value: str) -> str | None:
    """The first control or format character (NUL, an ANSI escape, a right-to-left override...), or None.

    They would reach the printed receipt and every replica and can make a name read as something else.
    """
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cf"):
            return f"U+{ord(ch):04X}"
    return None


def fold(value: str) -> str:
    """Lower-case, accent-free, đ→d: "Nguyễn Văn Đặng" -> "nguyen van dang"."""
    decomposed = unicodedata.normalize("NFD", nfc(value).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.translate(_D_MAP)


def _letter_and_tone(ch: str) -> tuple[str, int]:
    """Split one lower-case character into its Vietnamese base letter and tone rank."""
    parts = unicodedata.normalize("NFD", ch)
    base, marks = parts[0], parts[1:]
    tone = 0
    for mark in marks:
        if mark in _LETTER_MARKS:
            base = _WITH_MARK.get((base, _LETTER_MARKS[mark]), base)
        elif mark in _TONE_ORDER:
            tone = _TONE_ORDER[mark]
    return _BASE_OF.get(base, base), tone


def sort_key(value: str) -> str:
    """A string whose code-point order is Vietnamese dictionary order (letters first, then tones).

    Stored per row so SQLite (and the server) can ORDER BY it without a custom collation.
    """
    primary: list[str] = []
    secondary: list[str] = []
    for ch in nfc(value).casefold():
        letter, tone = _letter_and_tone(ch)
        rank = _ALPHABET.find(letter)
        # Letters of the alphabet sort by their rank; anything else keeps its code point but after a
        # high offset so digits and spaces still order sensibly against each other.
        primary.append(chr(0x100 + rank) if rank >= 0 else (" " if ch == " " else chr(0x200 + ord(letter))))
        secondary.append(chr(0x30 + tone))
    return "".join(primary) + "\x01" + "".join(secondary)


def search_terms(query: str) -> list[str]:
    """Folded words of a query, for prefix matching."""
    return [word for word in re.split(r"[^0-9a-z]+", fold(query)) if word]
