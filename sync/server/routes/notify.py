"""The SMS provider's callback for replies: "STOP" withdraws the number's consent (issue 15)."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from sync.server.db import CityDB
from sync.server.deps import DbDep, SettingsDep
from sync.server.errors import ApiError
from sync.server.notify import inbound

router = APIRouter()


class Reply(BaseModel):
    sender: str = Field(alias="from", min_length=6, max_length=20)
    text: str = Field(max_length=1000)


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
