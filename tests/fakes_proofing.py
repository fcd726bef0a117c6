"""In-memory fakes of the proofing ports (``core.proofing.ports``). Their state lives in
``State.proofing`` of tests/fakes.py, so it commits and rolls back with the rest of a
``FakeUnitOfWork``."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from core.proofing.model import AssignmentStatus, ProofAssignment, ProoferProfile, ProofRound

_NEVER = datetime.min.replace(tzinfo=UTC)


def proofing_state() -> dict[str, Any]:
    return {
        "proofers": {},  # account id -> ProoferProfile
        "rounds": {},  # round id -> ProofRound
        "assignments": {},  # assignment id -> ProofAssignment
    }


class _ProofingRepo:
    def __init__(self, uow: Any) -> None:
        self.uow = uow

    @property
    def _s(self) -> dict[str, Any]:
        state: dict[str, Any] = self.uow.state.proofing
        return state

    def _new_id(self) -> int:
        new_id: int = self.uow.state.new_id()
        return new_id


class FakeProofers(_ProofingRepo):
    async def get(self, account_id: int) -> ProoferProfile | None:
        found = self._s["proofers"].get(account_id)
        return replace(found) if found else None

    async def put(self, profile: ProoferProfile) -> None:
        self._s["proofers"][profile.account_id] = replace(profile)

    async def enabled(self, *, limit: int) -> list[ProoferProfile]:
        found = [replace(p) for p in self._s["proofers"].values() if p.enabled]
        found.sort(key=lambda p: (p.last_assigned_at or _NEVER, p.account_id))
        return found[:limit]


class FakeProofs(_ProofingRepo):
    async def add_round(self, proof_round: ProofRound) -> ProofRound:
        stored = replace(proof_round, id=self._new_id())
        self._s["rounds"][stored.id] = stored
        return replace(stored)

    async def get_round(self, round_id: int) -> ProofRound | None:
        found = self._s["rounds"].get(round_id)
        return replace(found) if found else None

    async def latest_round(self, order_id: int) -> ProofRound | None:
        rounds = [r for r in self._s["rounds"].values() if r.order_id == order_id]
        return replace(max(rounds, key=lambda r: r.id)) if rounds else None

    async def update_round(self, proof_round: ProofRound) -> None:
        self._s["rounds"][proof_round.id] = replace(proof_round)

    async def add_assignment(self, assignment: ProofAssignment) -> ProofAssignment:
        taken = any(
            a.round_id == assignment.round_id and a.proofer_id == assignment.proofer_id
            for a in self._s["assignments"].values()
        )
        if taken:
            raise AssertionError("the unique (round_id, proofer_id) constraint was violated")
        stored = replace(assignment, id=self._new_id())
        self._s["assignments"][stored.id] = stored
        return replace(stored)

    async def get_assignment(self, assignment_id: int) -> ProofAssignment | None:
        found = self._s["assignments"].get(assignment_id)
        return replace(found) if found else None

    async def update_assignment(
        self, assignment: ProofAssignment, *, expected: AssignmentStatus
    ) -> bool:
        stored = self._s["assignments"].get(assignment.id)
        if stored is None or stored.status is not expected:
            return False
        self._s["assignments"][assignment.id] = replace(assignment)
        return True

    def _where(self, **match: int) -> list[ProofAssignment]:
        return [
            replace(a)
            for a in self._s["assignments"].values()
            if all(getattr(a, k) == v for k, v in match.items())
        ]

    async def assignments(self, round_id: int) -> list[ProofAssignment]:
        return sorted(self._where(round_id=round_id), key=lambda a: a.id)

    async def for_proofer(self, proofer_id: int, *, limit: int = 50) -> list[ProofAssignment]:
        return sorted(self._where(proofer_id=proofer_id), key=lambda a: -a.id)[:limit]

    async def for_order(self, order_id: int) -> list[ProofAssignment]:
        return sorted(self._where(order_id=order_id), key=lambda a: a.id)
