"""Proofing on SQL: the proofers' profiles, the proofing rounds and their assignments."""

from __future__ import annotations

from sqlalchemy import select, update

from core.proofing.model import AssignmentStatus, ProofAssignment, ProoferProfile, ProofRound
from storage import tables as t
from storage.mapping import RowMapper
from storage.repository import _Repository
from storage.sql import upsert_insert

_PROOFER = RowMapper(ProoferProfile)
_ROUND = RowMapper(ProofRound)
_ASSIGNMENT = RowMapper(ProofAssignment)


class SqlProoferRepository(_Repository):
    async def get(self, account_id: int) -> ProoferProfile | None:
        row = await self._one(select(t.proofer).where(t.proofer.c.account_id == account_id))
        return _PROOFER.entity(row) if row else None

    async def put(self, profile: ProoferProfile) -> None:
        values = _PROOFER.row(profile, without=())
        stmt = upsert_insert(self._tx.dialect, t.proofer).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.proofer.c.account_id],
            set_={k: stmt.excluded[k] for k in values if k != "account_id"},
        )
        await (await self._conn()).execute(stmt)

    async def enabled(self, *, limit: int) -> list[ProoferProfile]:
        p = t.proofer
        rows = await self._all(
            select(p)
            .where(p.c.enabled.is_(True))
            .order_by(p.c.last_assigned_at.is_not(None), p.c.last_assigned_at, p.c.account_id)
            .limit(limit)
        )
        return [_PROOFER.entity(r) for r in rows]


class SqlProofRepository(_Repository):
    async def add_round(self, proof_round: ProofRound) -> ProofRound:
        row = _ROUND.row(proof_round)
        return _ROUND.entity(row | {"id": await self._insert_id(t.proof_round, row)})

    async def get_round(self, round_id: int) -> ProofRound | None:
        row = await self._one(select(t.proof_round).where(t.proof_round.c.id == round_id))
        return _ROUND.entity(row) if row else None

    async def latest_round(self, order_id: int) -> ProofRound | None:
        r = t.proof_round
        row = await self._one(
            select(r).where(r.c.order_id == order_id).order_by(r.c.id.desc()).limit(1)
        )
        return _ROUND.entity(row) if row else None

    async def update_round(self, proof_round: ProofRound) -> None:
        r = t.proof_round
        await (await self._conn()).execute(
            update(r).where(r.c.id == proof_round.id).values(**_ROUND.row(proof_round))
        )

    async def add_assignment(self, assignment: ProofAssignment) -> ProofAssignment:
        row = _ASSIGNMENT.row(assignment)
        return _ASSIGNMENT.entity(row | {"id": await self._insert_id(t.proof_assignment, row)})

    async def get_assignment(self, assignment_id: int) -> ProofAssignment | None:
        a = t.proof_assignment
        row = await self._one(select(a).where(a.c.id == assignment_id))
        return _ASSIGNMENT.entity(row) if row else None

    async def update_assignment(
        self, assignment: ProofAssignment, *, expected: AssignmentStatus
    ) -> bool:
        a = t.proof_assignment
        result = await (await self._conn()).execute(
            update(a)
            .where(a.c.id == assignment.id, a.c.status == expected.value)
            .values(**_ASSIGNMENT.row(assignment))
        )
        return bool(result.rowcount == 1)

    async def assignments(self, round_id: int) -> list[ProofAssignment]:
        a = t.proof_assignment
        rows = await self._all(select(a).where(a.c.round_id == round_id).order_by(a.c.id))
        return [_ASSIGNMENT.entity(r) for r in rows]

    async def for_proofer(self, proofer_id: int, *, limit: int = 50) -> list[ProofAssignment]:
        a = t.proof_assignment
        rows = await self._all(
            select(a).where(a.c.proofer_id == proofer_id).order_by(a.c.id.desc()).limit(limit)
        )
        return [_ASSIGNMENT.entity(r) for r in rows]

    async def for_order(self, order_id: int) -> list[ProofAssignment]:
        a = t.proof_assignment
        rows = await self._all(select(a).where(a.c.order_id == order_id).order_by(a.c.id))
        return [_ASSIGNMENT.entity(r) for r in rows]
