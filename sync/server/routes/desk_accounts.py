"""What desks call for their point's accounts from the centre: the list (when the exchange's
accounts_version moved) and a password chosen at a desk (docs/sync.md, "Accounts from the centre")."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from sync.protocol import DeskAccount, DeskAccounts, PasswordChange, PasswordChangeResult
from sync.server import desk_accounts
from sync.server.body import read_body
from sync.server.db import CityDB
from sync.server.deps import DbDep, DeviceDep
from sync.server.devices import Device
from sync.server.routes.desk_sync import parse

router = APIRouter()


@router.get("/v1/accounts", response_model=DeskAccounts)
async def point_accounts(db: DbDep, device: DeviceDep) -> DeskAccounts:
    """Every account of the device's point (disabled ones too, so desks disable their copy)."""
    return await run_in_threadpool(_accounts, db, device)


def _accounts(db: CityDB, device: Device) -> DeskAccounts:
    with db.read() as conn:
        return DeskAccounts(version=desk_accounts.version(conn, device.unit_code),
                            accounts=[DeskAccount.model_validate(a)
                                      for a in desk_accounts.for_desks(conn, device.unit_code)])


@router.post("/v1/accounts/password", response_model=PasswordChangeResult)
async def password_changed(request: Request, db: DbDep, device: DeviceDep) -> PasswordChangeResult:
    body = parse(PasswordChange, await read_body(request))
    return await run_in_threadpool(_take, db, device, body)


def _take(db: CityDB, device: Device, body: PasswordChange) -> PasswordChangeResult:
    with db.write() as conn:
        try:
            desk_accounts.take_change(conn, device.unit_code, body.username, body.password_hash, body.from_gen)
            status = "taken"
        except desk_accounts.ChangeRefused as refused:
            status = refused.code
        return PasswordChangeResult(status=status, version=desk_accounts.version(conn, device.unit_code))  # type: ignore[arg-type]
