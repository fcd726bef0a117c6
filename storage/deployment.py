"""The deployment id (migration 0018): read once at start-up by the composition root, and
replaced by ``botgig payments rotate-deployment-id`` when a copy of the database starts a
second environment."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import tables as t
from storage.db import create_engine

DEPLOYMENT_ID = "deployment_id"


class NoDeploymentId(Exception):
    """The database was never migrated to 0018."""


async def read_deployment_id(engine: AsyncEngine) -> str:
    s = t.deployment_setting
    try:
        async with engine.connect() as conn:
            value = (
                await conn.execute(select(s.c.value).where(s.c.name == DEPLOYMENT_ID))
            ).scalar_one_or_none()
    except DBAPIError as exc:  # no such table: never migrated
        raise NoDeploymentId(
            f"the database has no deployment id ({type(exc).__name__}); run `botgig migrate`"
        ) from exc
    if value is None:
        raise NoDeploymentId("the database has no deployment id; run `botgig migrate`")
    return str(value)


async def deployment_id_at(url: str | URL) -> str:
    """The deployment id of the database at ``url``, on an engine of its own."""
    engine = create_engine(url)
    try:
        return await read_deployment_id(engine)
    finally:
        await engine.dispose()


async def rotate_deployment_id(url: str | URL) -> tuple[str, str]:
    """Give the database at ``url`` a new deployment id; returns (old, new). Jobs queued
    already keep the prefix they were queued with (``payment_job.key_prefix``)."""
    engine = create_engine(url)
    s = t.deployment_setting
    new = secrets.token_hex(8)
    try:
        old = await read_deployment_id(engine)
        async with engine.begin() as conn:
            await conn.execute(
                update(s)
                .where(s.c.name == DEPLOYMENT_ID)
                .values(value=new, created_at=datetime.now(UTC))
            )
    finally:
        await engine.dispose()
    return old, new
