"""Ports of proofing: the proofers' profiles and the rounds with their assignments."""

from __future__ import annotations

from typing import Protocol

from core.proofing.model import AssignmentStatus, ProofAssignment, ProoferProfile, ProofRound


class ProoferRepository(Protocol):
    async def get(self, account_id: int) -> ProoferProfile | None: ...
    async def put(self, profile: ProoferProfile) -> None:
        """Insert or replace the profile of ``profile.account_id``."""

    async def enabled(self, *, limit: int) -> list[ProoferProfile]:
        """Opted-in proofers, least recently assigned first (never assigned before all)."""


class ProofRepository(Protocol):
    async def add_round(self, proof_round: ProofRound) -> ProofRound: ...
    async def get_round(self, round_id: int) -> ProofRound | None: ...
    async def latest_round(self, order_id: int) -> ProofRound | None: ...
    async def update_round(self, proof_round: ProofRound) -> None: ...
    async def add_assignment(self, assignment: ProofAssignment) -> ProofAssignment: ...
    async def get_assignment(self, assignment_id: int) -> ProofAssignment | None: ...
    async def update_assignment(
        self, assignment: ProofAssignment, *, expected: AssignmentStatus
    ) -> bool:
        """Write ``assignment`` if its stored status is still ``expected``; False when a
        concurrent change (a late scorecard racing its expiry) got there first."""

    async def assignments(self, round_id: int) -> list[ProofAssignment]:
        """The round's assignments in the order they were made."""

    async def for_proofer(self, proofer_id: int, *, limit: int = 50) -> list[ProofAssignment]:
        """The proofer's assignments, newest first."""

    async def for_order(self, order_id: int) -> list[ProofAssignment]:
        """Every assignment of every round of the order, oldest first."""


class ProofingUnit(Protocol):
    """Proofers and the proofing of deliveries."""

    @property
    def proofers(self) -> ProoferRepository: ...
    @property
    def proofs(self) -> ProofRepository: ...
