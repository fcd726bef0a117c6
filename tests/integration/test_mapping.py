"""The generic row <-> dataclass mapping (storage.mapping), on SQLite and PostgreSQL through a
probe table with every kind of column the repositories map."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum

import pytest
from sqlalchemy import JSON, Boolean, Column, Integer, MetaData, String, Table, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.mapping import RowMapper
from storage.tables import UTCDateTime
from tests.integration.conftest import T0


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


@dataclass(frozen=True)
class Part:
    name: str
    made_at: datetime | None = None
    size: int = 0


@dataclass(frozen=True)
class Probe:
    id: int
    colour: Colour
    seen_at: datetime
    label: str
    shade: Colour | None = None
    part: Part | None = None
    tags: frozenset[str] = frozenset()
    steps: tuple[str, ...] = ()
    flag: bool = False


probe_table = Table(
    "mapping_probe",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("colour", String(8), nullable=False),
    Column("seen_at", UTCDateTime(), nullable=False),
    Column("title", String(32), nullable=False),
    Column("shade", String(8)),
    Column("part", JSON),
    Column("tags", JSON, nullable=False),
    Column("steps", JSON, nullable=False),
    Column("flag", Boolean, nullable=False),
)

PROBE = RowMapper(Probe, columns={"label": "title"})
FULL = Probe(
    id=7, colour=Colour.RED, seen_at=T0, label="probe", shade=Colour.BLUE,
    part=Part("bolt", made_at=T0 - timedelta(days=1), size=3),
    tags=frozenset({"b", "a"}), steps=("cut", "fold"), flag=True,
)


def test_row_encodes_enums_json_and_renamed_columns() -> None:
    assert PROBE.row(FULL) == {
        "colour": "red", "seen_at": T0, "title": "probe", "shade": "blue",
        "part": {"name": "bolt", "made_at": (T0 - timedelta(days=1)).isoformat(), "size": 3},
        "tags": ["a", "b"], "steps": ["cut", "fold"], "flag": True,
    }
    assert PROBE.row(Probe(id=1, colour=Colour.RED, seen_at=T0, label="x"), without=())[
        "part"
    ] is None


def test_json_objects_take_defaults_and_empty_reads_as_none() -> None:
    row = PROBE.row(FULL, without=()) | {"part": {"name": "nut"}, "shade": None}
    assert PROBE.entity(row).part == Part("nut")
    assert PROBE.entity(row).shade is None
    assert PROBE.entity(row | {"part": {}}).part is None


def test_a_declared_column_of_no_field_is_refused() -> None:
    with pytest.raises(TypeError, match="no field nmae"):
        RowMapper(Probe, columns={"nmae": "name"})


async def test_round_trip_through_the_database(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(probe_table.metadata.create_all)
    try:
        elsewhere = timezone(timedelta(hours=2))
        bare = Probe(id=0, colour=Colour.BLUE, seen_at=T0.astimezone(elsewhere), label="bare")
        async with engine.begin() as conn:
            for probe in (FULL, bare):
                await conn.execute(insert(probe_table).values(**PROBE.row(probe)))
            rows = (
                await conn.execute(select(probe_table).order_by(probe_table.c.id))
            ).mappings().all()
        first, second = (PROBE.entity(r) for r in rows)
        assert first == Probe(**{**FULL.__dict__, "id": first.id})
        assert first.part is not None and first.part.made_at == T0 - timedelta(days=1)
        assert second == Probe(**{**bare.__dict__, "id": second.id})
        assert second.seen_at.tzinfo is UTC
    finally:
        async with engine.begin() as conn:
            await conn.run_sync(probe_table.metadata.drop_all)
