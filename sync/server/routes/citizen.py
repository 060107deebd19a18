"""What citizens open: the lookup page behind the QR on their receipt."""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from sync.server import lookup
from sync.server.deps import ClientDep, DbDep

router = APIRouter()


@router.get("/tra-cuu", response_class=HTMLResponse)
def lookup_page(db: DbDep, client: ClientDep, ma: str = Query("", max_length=80),
                k: str = Query("", max_length=80)) -> HTMLResponse:
    """The right key always answers (it is 96 random bits: the limit is for noise, not for guessing it);
    only a miss is counted, per address and per dossier code, so lookups stay reads."""
    with db.read() as conn:
        found = lookup.find(conn, ma, k) if ma and k else None
    if found is not None:
        return HTMLResponse(lookup.page(ma, found))
    client = lookup.address_key(client)
    with db.write() as conn:
        if lookup.blocked(conn, client) or lookup.blocked(conn, lookup.code_key(ma)):
            return HTMLResponse(lookup.page(ma, None), status_code=429, headers={"Retry-After": "600"})
        lookup.record_failure(conn, client)
        if ma:
            lookup.record_failure(conn, lookup.code_key(ma))
    return HTMLResponse(lookup.page(ma, None), status_code=404)
