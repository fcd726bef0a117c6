"""Independent proofers: who may proof, the proofing round of a delivery, its assignments
with their scorecards, and the consensus they reach."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from core.orders.model import Attachment

SCORE_MIN = 1
SCORE_MAX = 5
SCORE_NAMES = ("completeness", "accuracy", "methodology", "quality")
MAX_PROOFERS = 3
#: A proofer whose verdicts agreed with the consensus less than half of the time, over at
#: least this many counted scorecards, is assigned only when nobody else is available.
AGREEMENT_SAMPLE = 3


@dataclass(frozen=True)
class ProofingRules:
    """The proofer settings (BOTGIG_PROOFER_*, BOTGIG_PROOFING_WINDOW); 0 turns a threshold
    off."""

    min_completed: int = 0
    #: Mean rating received, in hundredths (450 = 4.5 stars).
    min_rating_x100: int = 0
    min_account_age: timedelta = timedelta(0)
    #: The time each assignment has for its scorecard.
    window: timedelta = timedelta(hours=48)
    #: How many windows a round may last: the first assignments, then one re-assignment of
    #: the late ones.
    rounds: int = 2
    #: Credits the platform grants per in-time scorecard on an off-platform order.
    reward_credits: int = 0
    #: Cents per proofer added to an escrow order's checkout.
    fee_cents: int = 0

    @property
    def phase(self) -> timedelta:
        return self.window * self.rounds


class Verdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"


class ConsensusVerdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    #: As many pass as fail verdicts: no majority.
    SPLIT = "split"
    #: No scorecard came in.
    NONE = "none"


class AssignmentStatus(StrEnum):
    ASSIGNED = "assigned"
    SUBMITTED = "submitted"
    #: The window ended without a scorecard (the slot was offered to someone else).
    EXPIRED = "expired"
    #: The round closed (or the order moved on) before the scorecard came in.
    CANCELLED = "cancelled"


class RoundStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass
class ProoferProfile:
    account_id: int
    enabled: bool
    created_at: datetime
    updated_at: datetime
    last_assigned_at: datetime | None = None
    assigned_count: int = 0
    #: Scorecards compared with a consensus, and those whose verdict matched it.
    scored_count: int = 0
    agreed_count: int = 0

    @property
    def agreement_pct(self) -> int | None:
        if not self.scored_count:
            return None
        return self.agreed_count * 100 // self.scored_count

    @property
    def often_disagrees(self) -> bool:
        return self.scored_count >= AGREEMENT_SAMPLE and self.agreed_count * 2 < self.scored_count


@dataclass(frozen=True)
class Scorecard:
    completeness: int
    accuracy: int
    methodology: int
    quality: int
    verdict: Verdict
    evidence: str
    evidence_file: Attachment | None = None


@dataclass
class ProofAssignment:
    id: int
    round_id: int
    order_id: int
    proofer_id: int
    status: AssignmentStatus
    assigned_at: datetime
    due_at: datetime
    submitted_at: datetime | None = None
    scorecard: Scorecard | None = None
    #: Whether the verdict matched the consensus; None until counted (or not countable).
    agrees: bool | None = None


@dataclass(frozen=True)
class Consensus:
    """The majority verdict and the mean scores, in hundredths (367 = 3.67)."""

    verdict: ConsensusVerdict
    scorecards: int
    completeness: int = 0
    accuracy: int = 0
    methodology: int = 0
    quality: int = 0


@dataclass
class ProofRound:
    """One proofing of one delivery: opened when the order enters proofing."""

    id: int
    order_id: int
    wanted: int
    status: RoundStatus
    opened_at: datetime
    closes_at: datetime
    closed_at: datetime | None = None
    consensus: Consensus | None = None


def consensus_of(cards: list[Scorecard]) -> Consensus:
    """Majority verdict (a tie is ``split``) and mean scores rounded to hundredths."""
    if not cards:
        return Consensus(ConsensusVerdict.NONE, 0)
    passes = sum(c.verdict is Verdict.PASS for c in cards)
    fails = len(cards) - passes
    verdict = (
        ConsensusVerdict.PASS
        if passes > fails
        else ConsensusVerdict.FAIL
        if fails > passes
        else ConsensusVerdict.SPLIT
    )
    n = len(cards)

    def mean(name: str) -> int:
        total: int = sum(getattr(c, name) for c in cards) * 100
        return (total + n // 2) // n

    return Consensus(verdict, n, *(mean(name) for name in SCORE_NAMES))


def rotation_order(profiles: list[ProoferProfile]) -> list[ProoferProfile]:
    """Fair rotation: those who often disagree with the consensus last, then the least
    recently assigned first (never assigned before everyone), then by account."""
    never = datetime.min.replace(tzinfo=None)
    return sorted(
        profiles,
        key=lambda p: (
            p.often_disagrees,
            p.last_assigned_at.replace(tzinfo=None) if p.last_assigned_at else never,
            p.account_id,
        ),
    )
