"""The SMS provider's callback for replies: "STOP" withdraws the number's consent (issue 15)."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Header, Path
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from sqlalchemy import select

from sync.protocol import MessageState, MessageStates
from sync.server import tables
from sync.server.db import CityDB
from sync.server.deps import DbDep, DeviceDep, SettingsDep
from sync.server.devices import Device
from sync.server.errors import ApiError
from sync.server.notify import inbound, outbox

router = APIRouter()


class Reply(BaseModel):
    sender: str = Field(alias="from", min_length=6, max_length=20)
    text: str = Field(max_length=1000)


@router.get("/v1/notify/dossiers/{dossier_id}", response_model=MessageStates)
async def dossier_messages(dossier_id: Annotated[str, Path(max_length=64)], db: DbDep,
                           device: DeviceDep) -> MessageStates:
    """What became of the messages about one dossier, for the desks of the point that received it."""
    return await run_in_threadpool(_states, db, device, dossier_id)


def _states(db: CityDB, device: Device, dossier_id: str) -> MessageStates:
    with db.read() as conn:
        unit = conn.execute(select(tables.dossiers.c.unit_code).where(tables.dossiers.c.id == dossier_id)).scalar()
        if unit is None:
            return MessageStates()
        if unit != device.unit_code and not device.is_city:
            raise ApiError(403, "other_point", "Hồ sơ của điểm tiếp nhận khác.", "Another point's dossier.")
        rows = outbox.of_dossier(conn, dossier_id)
    return MessageStates(messages=[MessageState.model_validate(row) for row in rows])


@router.post("/v1/notify/reply")
async def reply(body: Reply, db: DbDep, settings: SettingsDep,
                token: Annotated[str, Header(alias="X-Motcua-Notify-Token")] = "") -> dict[str, object]:
    expected = settings.notify_inbound_token
    if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
        raise ApiError(403, "bad_token", "Sai mã xác thực của cổng tin nhắn.", "Wrong notify callback token.")
    if not inbound.is_stop(body.text):
        return {"withdrawn": 0, "understood": False}
    withdrawn = await run_in_threadpool(_withdraw, db, body.sender)
    return {"withdrawn": withdrawn, "understood": True}


def _withdraw(db: CityDB, sender: str) -> int:
    with db.write() as conn:
        return inbound.withdraw(conn, sender)
