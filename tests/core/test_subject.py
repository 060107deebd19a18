"""Which of a procedure's own fields are its subject: the required ones, in order, a few lines at most."""

from __future__ import annotations

from desk_app.core.subject import MAX_LINES, subject_lines
from desk_app.domain.catalogue import FieldSpec


def spec(key: str, required: bool, kind: str = "text") -> FieldSpec:
    return FieldSpec(key=key, label=key.replace("_", " ").capitalize(), type=kind, required=required)


def test_the_required_fields_in_order_capped(desk):
    defn = desk.procedure("1.001193")
    fields = [spec("note", False), *(spec(f"fact_{n}", True) for n in range(6)), spec("born", True, "date")]
    defn = defn.model_copy(update={"fields": fields})
    values = {"note": "ghi chú", "born": "2026-03-02", **{f"fact_{n}": f"giá trị {n}" for n in range(6)}}
    lines = subject_lines(defn, values)
    assert len(lines) == MAX_LINES and lines[0] == ("Fact 0", "giá trị 0")
    assert all(label != "Note" for label, _ in lines)


def test_without_required_fields_those_filled_in_and_dates_as_printed(desk):
    defn = desk.procedure("1.001193").model_copy(update={"fields": [spec("a", False), spec("day", False, "date")]})
    assert subject_lines(defn, {"day": "2026-03-02"}) == (("Day", "02/03/2026"),)
    assert subject_lines(defn, {}) == ()
