import unicodedata
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.core.idcard_qr import IdCardData, QrError, looks_like_idcard_qr, parse_idcard_qr
from desk_app.core.messages import TEMPLATES, render
from desk_app.domain.model import Sex

ADDRESS = "Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội"
PAYLOAD = f"001090123456|012345678|NGUYỄN VĂN AN|01011990|Nam|{ADDRESS}|15042021"
EXPECTED = IdCardData(
    personal_id="001090123456",
    old_id="012345678",
    full_name="NGUYỄN VĂN AN",
    date_of_birth=date(1990, 1, 1),
    sex=Sex.MALE,
    address=ADDRESS,
    issue_date=date(2021, 4, 15),
)


def test_full_payload_fills_every_field():
    assert parse_idcard_qr(PAYLOAD) == EXPECTED


def test_empty_old_id():
    card = parse_idcard_qr(PAYLOAD.replace("|012345678|", "||"))
    assert card.old_id == ""
    assert card.full_name == "NGUYỄN VĂN AN"


def test_six_field_variant_without_old_id():
    card = parse_idcard_qr(f"001090123456|NGUYỄN VĂN AN|01011990|Nam|{ADDRESS}|15042021")
    assert card == replace(EXPECTED, old_id="")


def test_trailing_extra_fields_are_ignored():
    assert parse_idcard_qr(PAYLOAD + "|NEW FIELD|x") == EXPECTED


def test_missing_issue_date_gives_none():
    card = parse_idcard_qr(PAYLOAD.rsplit("|", 1)[0])
    assert card.issue_date is None and card.address == ADDRESS


@pytest.mark.parametrize(
    ("prefix", "suffix"),
    [
        ("]Q1", ""),
        ("\x02", "\x03"),
        ("", "\r\n"),
        ("", "\t"),
        ("  ", "  \n"),
        ("]Q1\x02", "\x03\r"),
        ("SCAN:", ""),
    ],
)
def test_scanner_prefixes_and_suffixes_are_stripped(prefix, suffix):
    assert parse_idcard_qr(prefix + PAYLOAD + suffix) == EXPECTED


def test_decomposed_unicode_is_normalised():
    card = parse_idcard_qr(unicodedata.normalize("NFD", PAYLOAD))
    assert card == EXPECTED
    assert len(card.full_name) == len("NGUYỄN VĂN AN")


@pytest.mark.parametrize("written", ["Nữ", "NỮ", "Nu", "nữ", unicodedata.normalize("NFD", "Nữ")])
def test_female_spellings(written):
    assert parse_idcard_qr(PAYLOAD.replace("|Nam|", f"|{written}|")).sex is Sex.FEMALE


def test_name_keeps_the_card_spelling_with_spaces_tidied():
    card = parse_idcard_qr(PAYLOAD.replace("NGUYỄN VĂN AN", " Đặng  Thị Ánh "))
    assert card.full_name == "Đặng Thị Ánh"


def reason(payload):
    with pytest.raises(QrError) as caught:
        parse_idcard_qr(payload)
    issue = caught.value.issue
    assert issue.field == "qr"
    assert str(caught.value) == render(issue)
    return issue


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ("", "qr.empty"),
        ("\r\n", "qr.empty"),
        ("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html", "qr.url"),
        ("https://example.vn/a|b|c|d|e|f", "qr.url"),
        ("8934588012345", "qr.barcode"),
        ("hello world", "qr.not_idcard"),
        ("a|b|c|d|e|f|g", "qr.not_idcard"),
        (PAYLOAD.replace("001090123456", "00109012345"), "qr.personal_id"),
        (PAYLOAD.replace("001090123456", "0010901234567"), "qr.personal_id"),
        ("001090123456|012345678|NGUYỄN VĂN AN|01011990", "qr.field_count"),
        (PAYLOAD.replace("012345678", "0123"), "qr.old_id"),
        (PAYLOAD.replace("NGUYỄN VĂN AN", " "), "qr.name"),
        (PAYLOAD.replace("01011990", "31021990"), "qr.date_of_birth"),
        (PAYLOAD.replace("01011990", "1990-01-01"), "qr.date_of_birth"),
        (PAYLOAD.replace("01011990", "01010190"), "qr.date_of_birth"),
        (PAYLOAD.replace("15042021", "15132021"), "qr.issue_date"),
        (PAYLOAD.replace("|Nam|", "|Male|"), "qr.sex"),
        (PAYLOAD.replace("NGUYỄN", "NGUYá»„N"), "qr.garbled_text"),
        (PAYLOAD.replace("Hàng Bạc", "Hµng B¹c"), "qr.garbled_text"),
        (PAYLOAD.replace("NGUYỄN VĂN AN", "黄孝順"), "qr.garbled_text"),
    ],
)
def test_garbage_gets_a_specific_reason(payload, code):
    assert reason(payload).code == code


def test_eleven_digit_id_message_shows_what_was_read_in_both_languages():
    issue = reason(PAYLOAD.replace("001090123456", "00109012345"))
    assert render(issue) == "Mã QR thẻ căn cước: số định danh “00109012345” có 11 chữ số, cần đúng 12."
    assert render(issue, "en") == (
        "ID card QR code: personal ID “00109012345” has 11 digits; exactly 12 are needed."
    )


def test_impossible_date_message_quotes_the_date():
    issue = reason(PAYLOAD.replace("01011990", "31021990"))
    assert "31021990" in render(issue) and "31021990" in render(issue, "en")


@pytest.mark.parametrize(
    "text",
    [
        PAYLOAD,
        "]Q1" + PAYLOAD + "\r\n",
        PAYLOAD.replace("001090123456", "00109012345"),
        "001090123456|NGUYỄN VĂN AN|01011990|Nam|Hà Nội",
    ],
)
def test_scanner_burst_is_recognised(text):
    assert looks_like_idcard_qr(text)


@pytest.mark.parametrize("text", ["Nguyễn Văn An", "0912345678", "Số 12 | phố Hàng Bạc", "a|b|c|d|e|f"])
def test_typed_text_is_not_mistaken_for_a_scan(text):
    assert not looks_like_idcard_qr(text)


# Round trip: what the card encodes is what the form gets.
_LETTERS = "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
_words = st.text(alphabet=_LETTERS, min_size=1, max_size=8)
_names = st.lists(_words, min_size=1, max_size=5).map(" ".join)
_address_words = st.text(alphabet=_LETTERS + _LETTERS.lower() + "0123456789,./-", min_size=1, max_size=10)
_addresses = st.lists(_address_words, min_size=1, max_size=8).map(" ".join)


@st.composite
def cards(draw):
    return IdCardData(
        personal_id=draw(st.text(alphabet="0123456789", min_size=12, max_size=12)),
        old_id=draw(st.sampled_from(["", "012345678", "001090123456"])),
        full_name=draw(_names),
        date_of_birth=draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 12, 31))),
        sex=draw(st.sampled_from(Sex)),
        address=draw(_addresses),
        issue_date=draw(st.none() | st.dates(min_value=date(2016, 1, 1), max_value=date(2026, 12, 31))),
    )


def encode(card, six_fields, nfd):
    issued = card.issue_date.strftime("%d%m%Y") if card.issue_date else ""
    head = [card.personal_id] if six_fields else [card.personal_id, card.old_id]
    tail = [card.full_name, card.date_of_birth.strftime("%d%m%Y"), "Nam" if card.sex is Sex.MALE else "Nữ"]
    text = "|".join([*head, *tail, card.address, issued])
    return unicodedata.normalize("NFD", text) if nfd else text


@given(
    cards(), st.booleans(), st.booleans(), st.sampled_from(["", "]Q1", "\x02"]), st.sampled_from(["", "\r\n"])
)
def test_round_trip(card, six_fields, nfd, prefix, suffix):
    if six_fields:
        card = replace(card, old_id="")
    assert parse_idcard_qr(prefix + encode(card, six_fields, nfd) + suffix) == card


@given(st.lists(st.text(alphabet="0123456789AĂNữ |\x02\r", max_size=14), max_size=9).map("|".join))
def test_any_scan_either_parses_or_says_why(text):
    try:
        card = parse_idcard_qr(text)
    except QrError as exc:
        assert exc.issue.field == "qr" and exc.issue.code in TEMPLATES
    else:
        assert len(card.personal_id) == 12 and card.personal_id.isdigit()
