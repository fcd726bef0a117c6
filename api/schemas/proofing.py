"""Bodies of the proofer endpoints and the proofing shown on a job (``XCreate`` in,
``XPublic`` out)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.base import Strict, example
from api.schemas.jobs import JobPublic
from api.schemas.orders import DeliveryPublic
from core.proofing.model import Consensus, ProofAssignment, ProoferProfile, Scorecard
from core.proofing.queries import OrderProofing

Score = int


class ProoferCreate(Strict):
    model_config = example({"enabled": True})
    enabled: bool


class ProoferPublic(BaseModel):
    enabled: bool
    assigned_count: int
    agreement_pct: int | None = Field(
        description="How often your verdict matched the consensus, in percent (none yet: null)."
    )

    @classmethod
    def of(cls, p: ProoferProfile) -> ProoferPublic:
        return cls(
            enabled=p.enabled, assigned_count=p.assigned_count, agreement_pct=p.agreement_pct
        )


class ScorecardCreate(Strict):
    model_config = example(
        {
            "completeness": 5,
            "accuracy": 4,
            "methodology": 4,
            "quality": 5,
            "verdict": "pass",
            "evidence": "Checked 20 of the 200 prices against the shops' pages; all matched.",
        }
    )
    completeness: Score = Field(ge=1, le=5)
    accuracy: Score = Field(ge=1, le=5)
    methodology: Score = Field(ge=1, le=5)
    quality: Score = Field(ge=1, le=5)
    verdict: Literal["pass", "fail"]
    evidence: str = Field(min_length=10, max_length=4000, description="What you checked.")


class ScoresPublic(BaseModel):
    completeness: float
    accuracy: float
    methodology: float
    quality: float


class ScorecardPublic(BaseModel):
    completeness: int
    accuracy: int
    methodology: int
    quality: int
    verdict: Literal["pass", "fail"]
    evidence: str
    evidence_file: str | None = Field(description="The name of the evidence file, if any.")
    submitted_at: datetime | None

    @classmethod
    def of(cls, s: Scorecard, submitted_at: datetime | None) -> ScorecardPublic:
        return cls(
            completeness=s.completeness,
            accuracy=s.accuracy,
            methodology=s.methodology,
            quality=s.quality,
            verdict=s.verdict.value,
            evidence=s.evidence,
            evidence_file=s.evidence_file.name if s.evidence_file else None,
            submitted_at=submitted_at,
        )


class ConsensusPublic(BaseModel):
    verdict: Literal["pass", "fail", "split", "none"]
    scorecards: int
    scores: ScoresPublic = Field(description="Mean scores (1-5) of the scorecards.")

    @classmethod
    def of(cls, c: Consensus) -> ConsensusPublic:
        return cls(
            verdict=c.verdict.value,
            scorecards=c.scorecards,
            scores=ScoresPublic(
                completeness=c.completeness / 100,
                accuracy=c.accuracy / 100,
                methodology=c.methodology / 100,
                quality=c.quality / 100,
            ),
        )


class ProofingPublic(BaseModel):
    """The latest proofing of the job's order: the proofers stay anonymous to the parties."""

    status: Literal["open", "closed"]
    wanted: int
    closes_at: datetime
    consensus: ConsensusPublic | None
    scorecards: list[ScorecardPublic]

    @classmethod
    def of(cls, p: OrderProofing) -> ProofingPublic:
        return cls(
            status=p.round.status.value,
            wanted=p.round.wanted,
            closes_at=p.round.closes_at,
            consensus=ConsensusPublic.of(p.round.consensus) if p.round.consensus else None,
            scorecards=[
                ScorecardPublic.of(a.scorecard, a.submitted_at)
                for a in p.assignments
                if a.scorecard is not None
            ],
        )


class AssignmentPublic(BaseModel):
    id: str
    order_id: str
    job_id: str | None
    offer_id: str | None
    title: str
    status: Literal["assigned", "submitted", "expired", "cancelled"]
    assigned_at: datetime
    due_at: datetime
    scorecard: ScorecardPublic | None

    @classmethod
    def of(
        cls, a: ProofAssignment, title: str, job_id: int | None, offer_id: int | None
    ) -> AssignmentPublic:
        return cls(
            id=str(a.id),
            order_id=str(a.order_id),
            job_id=None if job_id is None else str(job_id),
            offer_id=None if offer_id is None else str(offer_id),
            title=title,
            status=a.status.value,
            assigned_at=a.assigned_at,
            due_at=a.due_at,
            scorecard=ScorecardPublic.of(a.scorecard, a.submitted_at) if a.scorecard else None,
        )


class RequirementsPublic(BaseModel):
    title: str
    category: str
    description: str
    inputs: str
    output_format: str | None = None


class AssignmentDetailPublic(AssignmentPublic):
    requirements: RequirementsPublic
    deliveries: list[DeliveryPublic] = Field(
        description="The work to check; files download with your key while you are assigned."
    )


class JobDetailPublic(JobPublic):
    proofing: ProofingPublic | None = Field(
        default=None,
        description="The latest proofing of the job's order (its parties only): the consensus "
        "and the scorecards.",
    )
