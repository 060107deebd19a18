"""One set of limits, stated in the wire schema the server publishes (GET /v1/schema/payloads), kept by both
ends: for every limited field and list, the server takes a value at the limit and refuses one past it, and
the desk refuses at intake what the server would refuse, so a dossier it saved can always reach the city
(sync.md F16, F20: `"sets": 20000` used to be saved at the desk and refused by the server)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from copy import deepcopy
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from desk_app.cli import main
from desk_app.core import replica
from desk_app.domain import limits
from desk_app.domain.errors import DeskError
from desk_app.store.models import DossierRow
from tests.conftest import CLI_PASSWORD, request
from tests.sync.conftest import MINH_CHAU
from tests.sync.helpers import enroll, hello, open_desk, post_exchange, raw_enroll, receive, wire_events
from tests.sync.test_server_http import _rehash

Path_ = tuple[Any, ...]

# A valid payload of each step, the base each limited field is set on (the "received" one is a desk's).
STEPS: dict[str, dict[str, Any]] = {
    "supplement_requested": {"items": [{"item": "Tờ khai", "reason": "thiếu chữ ký"}], "guide_name": "An",
                             "guide_phone": "0912345678"},
    "supplement_received": {"documents": [{"name": "Tờ khai", "originals": 1, "copies": 0}],
                            "new_due_at": "2026-03-16T09:30:00", "note": "đủ"},
    "refused": {"reason": "Không thuộc thẩm quyền"},
    "transferred": {"to_authority": "00004", "note": "Phòng Tư pháp"},
    "delayed": {"old_due_at": "2026-03-13T09:30:00", "new_due_at": "2026-03-20T09:30:00", "reason": "x"},
    "stopped": {"reason": "Người nộp rút hồ sơ"},
    "result_ready": {"note": "xong"},
    "returned": {"receiver_name": "Lê Thị Hoa", "returned_at": "2026-03-13T10:00:00", "note": "đã trả"},
    "applicant_corrected": {"applicant": {"full_name": "Lê Thị Hoa", "personal_id": "001190123456",
                                          "phone": "0911111111", "email": "a@b.vn", "address": "Thôn Đoài"}},
    "consent_changed": {"given": True, "consent": {"channel": "sms", "phone": "0912345678"}, "note": "qua điện thoại"},
    "scan_attached": {"document": "Tờ khai", "sha256": "a" * 64, "size": 120_000, "pages": 2,
                      "media_type": "application/pdf"},
    "scan_removed": {"document": "Tờ khai", "sha256": "a" * 64, "reason": "Quét nhầm"},
}

# Where each limited field of "received" comes from at the desk: the dossier JSON (`desk-app receive`, the
# window's form) or the desk itself (the catalogue, the code counter, the due-date rules). A new limited
# field must be placed here, so nobody adds a limit that one end alone knows about.
INTAKE = {("applicant", "full_name"), ("applicant", "personal_id"), ("applicant", "phone"), ("applicant", "email"),
          ("applicant", "address"), ("documents",), ("documents", 0, "name"), ("documents", 0, "originals"),
          ("documents", 0, "copies"), ("sets",), ("fee_vnd",), ("delivery_address",), ("fields",),
          ("fields", "*")}
GENERATED = {("code",), ("lookup_key",), ("procedure_code",), ("procedure_version",), ("procedure_name",),
             ("due_rule",), ("due_rule_text",), ("register_book",), ("register_entry",)}


def limits_in(schema: dict, defs: dict, path: Path_ = ()) -> Iterator[tuple[Path_, str, int]]:
    """Every (path, JSON-schema keyword, bound) of a published payload schema."""
    if "$ref" in schema:
        yield from limits_in(defs[schema["$ref"].rsplit("/", 1)[1]], defs, path)
        return
    for alternative in schema.get("anyOf", []):
        yield from limits_in(alternative, defs, path)
    for keyword in ("maxLength", "maximum", "maxItems", "maxProperties"):
        if keyword in schema:
            yield path, keyword, schema[keyword]
    for name, sub in schema.get("properties", {}).items():
        yield from limits_in(sub, defs, (*path, name))
    if isinstance(schema.get("items"), dict):
        yield from limits_in(schema["items"], defs, (*path, 0))
    for sub in [*schema.get("patternProperties", {}).values(), schema.get("additionalProperties")]:
        if isinstance(sub, dict):
            yield from limits_in(sub, defs, (*path, "*"))


def published(city) -> dict[str, list[tuple[Path_, str, int]]]:
    served = requests.get(city.base_url + "/v1/schema/payloads", timeout=10).json()["payloads"]
    return {kind: list(limits_in(schema, schema.get("$defs", {}))) for kind, schema in served.items()}


def sized(keyword: str, bound: int, current: Any, text: str = "a") -> Any:
    """A value exactly `bound` big for the keyword (a list or object grows from its first member)."""
    if keyword == "maxLength":
        return text * bound
    if keyword == "maximum":
        return bound
    if keyword == "maxItems":
        return [deepcopy(current[0]) for _ in range(bound)]
    return {f"k{i}": "v" for i in range(bound)}


def with_value(payload: dict, path: Path_, keyword: str, bound: int, text: str = "a") -> dict:
    out = deepcopy(payload)
    *parents, last = path
    holder: Any = out
    for part in parents:
        holder = holder[part]
    if last == "*":
        holder.clear()
        holder["k"] = sized(keyword, bound, None, text)
    else:
        holder[last] = sized(keyword, bound, holder.get(last) if isinstance(holder, dict) else None, text)
    return out


def test_the_server_takes_every_published_limit_and_refuses_one_past_it(city, seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    receive(desk, 1)
    [received] = wire_events(desk)
    token = raw_enroll(city, MINH_CHAU)
    assert post_exchange(city, token, hello(push=[received])).json()["stored"] == 1
    bases = {**STEPS, "received": received["payload"]}
    walked = published(city)
    assert set(walked) == set(bases) and all(walked.values())
    at, past = [], []
    for kind, found in walked.items():
        for path, keyword, bound in found:
            for over, bucket in ((0, at), (1, past)):
                payload = with_value(bases[kind], path, keyword, bound + over)
                dossier = received["dossier_id"]
                if kind == "received":  # a dossier of its own, under a code of its own
                    dossier = str(uuid.uuid4())
                    if path != ("code",):
                        payload["code"] = f"{MINH_CHAU}-{len(at) + len(past):06d}-{over}"
                    elif not over:
                        payload["code"] = MINH_CHAU + "9" * (bound - len(MINH_CHAU))
                bucket.append(_event(kind, dossier, payload, len(at) + len(past)))
    taken = post_exchange(city, token, hello(push=at)).json()
    assert taken["results"] == [] and taken["stored"] == len(at)
    refused = post_exchange(city, token, hello(push=past)).json()
    assert [(r["status"], r["reason"]) for r in refused["results"]] == [("rejected", "bad_payload")] * len(past)


def _event(kind: str, dossier_id: str, payload: dict, n: int) -> dict:
    return _rehash({"event_id": str(uuid.uuid4()), "dossier_id": dossier_id, "kind": kind, "payload": payload,
                    "actor": "clerk", "desk_id": "desk", "hlc": f"{int(time.time() * 1000):013d}-{n:04d}-desk",
                    "wall_time": "2026-03-10T10:00:00", "content_hash": "0" * 64})


DOSSIER = {"procedure_code": "1.004873",
           "applicant": {"full_name": "Đặng Thị Hà", "personal_id": "001190123456", "phone": "0912345678",
                         "email": "ha@example.vn", "address": "Thôn Đoài"},
           "documents": [{"name": "Tờ khai", "originals": 1, "copies": 0}], "sets": 1, "fee_vnd": 0,
           "delivery_address": "", "fields": {}, "received_at": "2026-03-10T09:30:00"}


def _receive(capsys, db: str, tmp_path, data: dict, actor: str = "canbo1") -> tuple[int, str]:
    path = tmp_path / "hoso.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code = main(["--db", db, "receive", str(path), "--actor", actor])
    return code, capsys.readouterr().err


def _dossiers(desk) -> int:
    with desk.store.read() as session:
        return session.scalar(select(func.count()).select_from(DossierRow)) or 0


def cli_clerk(desk, monkeypatch) -> None:
    """The clerk `desk-app receive` acts as, with the password a script passes (desk_app/cli/auth.py)."""
    desk.accounts.create("canbo1", "Phạm Thu Hà", "clerk", CLI_PASSWORD)
    monkeypatch.setenv("MOTCUA_PASSWORD", CLI_PASSWORD)


def test_the_desk_refuses_at_intake_whatever_the_server_would_and_all_it_saves_reaches_the_city(
        city, seeded_template, tmp_path, capsys, monkeypatch):
    walked = {path for path, _, _ in published(city)["received"]}
    assert walked == INTAKE | GENERATED, "a limited field must be placed in INTAKE or GENERATED"
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    cli_clerk(desk, monkeypatch)
    db = str(desk.store.path)
    saved = 0
    for path, keyword, bound in published(city)["received"]:
        if path not in INTAKE:
            continue
        past = with_value(DOSSIER, path, keyword, bound + 1, "ă")
        code, err = _receive(capsys, db, tmp_path, past)
        assert code == 2 and err.startswith("Lỗi:") and "Traceback" not in err, (path, err)
        assert "should" not in err, err  # the clerk's language, for lists too ("nhiều nhất 100 mục")
        assert _dossiers(desk) == saved, path
        where = ".".join(str(part) for part in path if part != "*")
        assert where in err or path[0] in ("applicant",), (path, err)  # format rules may speak first
        code, err = _receive(capsys, db, tmp_path, with_value(DOSSIER, path, keyword, bound, "ă"))
        saved += code == 0
    assert saved >= 10  # most fields are taken at their limit (a phone or an ID of that length is not)
    report = enroll(desk, city, MINH_CHAU).sync_once()
    assert report.sent == saved and report.parked == 0
    with desk.store.read() as session:
        assert replica.unsent_count(session) == 0 and not replica.quarantined(session)


def test_who_records_a_dossier_is_limited_as_the_wire_limits_it(seeded_template, tmp_path):
    """The event's envelope is shared too: an actor name longer than WireEvent allows was saved, then
    parked on every sync (never reaching the city); now it is refused at intake (the CLI now also needs
    the acting account's password, so this goes through the service every front end calls)."""
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    with pytest.raises(DeskError, match="dài quá"):
        desk.dossiers.receive(request(), "a" * (limits.ACTOR + 1))
    assert _dossiers(desk) == 0
    desk.dossiers.receive(request(), "a" * limits.ACTOR)
    assert _dossiers(desk) == 1
