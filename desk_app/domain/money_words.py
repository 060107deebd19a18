"""An amount of đồng in Vietnamese words, as official receipts write it ("Bằng chữ: …").

The rules, per group of three digits (tỷ, triệu, nghìn, units), as accounting practice reads them:
- a zero ten before a unit is "linh" (the Northern form; `zero_ten="lẻ"` gives the Southern): 105 "một trăm
  linh năm"; a one ten is "mười" (10 "mười", 15 "mười lăm"), other tens "X mươi";
- after "mươi" a final 1 is "mốt" and a 4 is "tư" (21 "hai mươi mốt", 44 "bốn mươi tư"), after "mười" they stay
  "một", "bốn"; a final 5 after any ten is "lăm" (15, 25), after "linh" it stays "năm";
- a group after the first is read in full, so its hundreds say "không trăm" (2 001 "hai nghìn không trăm linh
  một"); a group that is all zeros is left out (1 000 005 "một triệu không trăm linh năm").
"""

from __future__ import annotations

from desk_app.domain.errors import InvalidInput

MAX_AMOUNT = 999_999_999_999
DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu", "tỷ")


def amount_in_words(amount: int, *, currency: str = "đồng", zero_ten: str = "linh") -> str:
    """'Một trăm linh năm nghìn đồng' for 105000; capitalised, ending with the currency (if any)."""
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= MAX_AMOUNT:
        raise InvalidInput(f"Số tiền phải là số nguyên từ 0 đến {MAX_AMOUNT:,} đồng.".replace(",", "."),
                           f"The amount must be a whole number from 0 to {MAX_AMOUNT:,} dong.")
    words = number_in_words(amount, zero_ten=zero_ten)
    text = f"{words} {currency}" if currency else words
    return text[0].upper() + text[1:]


def number_in_words(number: int, *, zero_ten: str = "linh") -> str:
    """The words alone, in lower case ('hai mươi mốt nghìn')."""
    if number == 0:
        return DIGITS[0]
    groups = []
    rest = number
    while rest:
        rest, group = divmod(rest, 1000)
        groups.append(group)
    parts = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        leading = index == len(groups) - 1
        parts.append(_group(group, full=not leading, zero_ten=zero_ten))
        if SCALES[index]:
            parts.append(SCALES[index])
    return " ".join(parts)


def _group(value: int, *, full: bool, zero_ten: str) -> str:
    """Three digits; `full` reads the hundreds even when zero (a group after the first)."""
    hundreds, tens, units = value // 100, value // 10 % 10, value % 10
    words = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append(zero_ten)
        if units:
            words.append(DIGITS[units])
        return " ".join(words)
    words += ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("mốt" if tens > 1 else "một")
    elif units == 4:
        words.append("tư" if tens > 1 else "bốn")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return " ".join(words)
