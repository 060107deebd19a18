"""The console's one router, which app.py includes: every group of pages under /console."""

from __future__ import annotations

from fastapi import APIRouter

from sync.server.console import (  # accounts from the centre, back office, review, reference data, reports
    admin_pages,
    back_office,
    clerks,
    fees,
    messages,
    outbox,
    points,
    reference_pages,
    report_pages,
    review,
    scans,
    sign_in,
    web,
)

router = APIRouter()
for part in (sign_in, points, admin_pages, messages, fees, report_pages, reference_pages, web, clerks, back_office,
             review, scans, outbox):
    router.include_router(part.router)
