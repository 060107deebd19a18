"""The console's one router, which app.py includes: every group of pages under /console."""

from __future__ import annotations

from fastapi import APIRouter

from sync.server.console import admin_pages, messages, points, scans, sign_in, web

router = APIRouter()
for part in (sign_in, points, admin_pages, messages, scans, web):
    router.include_router(part.router)
