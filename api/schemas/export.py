"""The data export: a background export being prepared, or ready to download."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from api.schemas.base import example
from core.accounts.export_model import AccountExport


class ExportPublic(BaseModel):
    model_config = example(
        {
            "id": "12",
            "status": "pending",
            "requested_at": "2026-12-03T16:00:00Z",
            "ready_at": None,
            "expires_at": None,
            "size": 0,
            "download": "/api/me/export/12",
        }
    )

    id: str
    status: Literal["pending", "ready", "expired"]
    requested_at: datetime
    ready_at: datetime | None
    expires_at: datetime | None
    #: Bytes of the zip once ready.
    size: int
    #: Poll this until ``status`` is ``ready``; then it returns the zip.
    download: str

    @classmethod
    def of(cls, e: AccountExport) -> ExportPublic:
        return cls(
            id=str(e.id),
            status=e.status.value,
            requested_at=e.requested_at,
            ready_at=e.ready_at,
            expires_at=e.expires_at,
            size=e.size,
            download=f"/api/me/export/{e.id}",
        )
