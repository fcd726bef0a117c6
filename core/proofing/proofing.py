"""Proofing a delivery: opting in as a proofer, assigning proofers when an order enters
``proofing``, their scorecards, re-assigning the late, and the consensus that returns the
order to ``delivered``.

The order enters ``proofing`` only through ``start_proofing`` (called on delivery) and leaves
it through ``close_round`` (all scorecards in, or the order's proofing timer); each assignment
has a timer of its own (subject ``proof_assignment``) whose firing re-assigns the slot.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from core.accounts import actors
from core.accounts.model import Account
from core.escrow import proofer_fees
from core.orders import parties, workflow
from core.orders.machine import SYSTEM
from core.orders.model import (
    Attachment,
    Order,
    OrderEvent,
    OrderStatus,
    PaymentMode,
    Timer,
    TimerKind,
    TimerStatus,
)
from core.proofing import errors as E
from core.proofing.model import (
    SCORE_MAX,
    SCORE_MIN,
    AssignmentStatus,
    Consensus,
    ConsensusVerdict,
    ProofAssignment,
    ProoferProfile,
    ProofRound,
    RoundStatus,
    Scorecard,
    Verdict,
    consensus_of,
    rotation_order,
)
from core.shared import events as ev
from core.shared import ledger
from core.shared import validation as v
from core.shared.context import Context
from core.shared.errors import (
    AccountBanned,
    Conflict,
    MarketplaceError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from core.shared.events import DomainEvent
from core.shared.ledger import CREDITS, TxType
from core.shared.uow import UnitOfWork

#: The subject of an assignment's timer.
ASSIGNMENT = "proof_assignment"
SYSTEM_ROLES = frozenset({SYSTEM})
#: How many opted-in proofers one assignment looks through.
CANDIDATE_SCAN = 500
CHAT_PROVIDERS = ("telegram", "discord")
WINDOW_ENDED = "proofing window ended"


@dataclass(frozen=True)
class ProoferStatus:
    profile: ProoferProfile


@dataclass(frozen=True)
class ScorecardInput:
    completeness: int
    accuracy: int
    methodology: int
    quality: int
    verdict: str
    evidence: str
    evidence_file: Attachment | None = None


def read_scorecard(raw: ScorecardInput) -> Scorecard:
    """The validated scorecard, or ``ValidationFailed`` naming the field and the rule."""
    scores = {
        name: v.integer(name, getattr(raw, name), minimum=SCORE_MIN, maximum=SCORE_MAX)
        for name in ("completeness", "accuracy", "methodology", "quality")
    }
    try:
        verdict = Verdict((raw.verdict or "").strip().lower())
    except ValueError:
        raise ValidationFailed(E.BAD_VERDICT, field="verdict", value=repr(raw.verdict)) from None
    evidence = v.paragraphs("evidence", raw.evidence, min_len=10, max_len=4000)
    return Scorecard(**scores, verdict=verdict, evidence=evidence, evidence_file=raw.evidence_file)


# --- opting in -------------------------------------------------------------------------------


async def refusal(ctx: Context, uow: UnitOfWork, account: Account) -> MarketplaceError | None:
    """Why ``account`` may not proof now (banned, a threshold not met, an unverified API
    account), or None."""
    if account.is_banned:
        return AccountBanned()
    rules = ctx.rules.proofing
    now = ctx.clock.now()
    stats = (await uow.accounts.trust_stats([account.id])).get(account.id)
    completed = stats.completed if stats else 0
    if rules.min_completed and completed < rules.min_completed:
        return PermissionDenied(
            E.TOO_FEW_COMPLETED, minimum=rules.min_completed, completed=completed
        )
    if rules.min_rating_x100:
        count = stats.rating_count if stats else 0
        total = stats.rating_sum if stats else 0
        if count == 0 or total * 100 < rules.min_rating_x100 * count:
            return PermissionDenied(
                E.RATING_TOO_LOW,
                minimum=f"{rules.min_rating_x100 / 100:.2f}",
                rating=f"{total / count:.2f}" if count else "none yet",
            )
    old_enough = account.created_at + rules.min_account_age
    if rules.min_account_age and old_enough > now:
        return PermissionDenied(
            E.ACCOUNT_TOO_NEW,
            days=max(1, rules.min_account_age.days),
            since=old_enough.date().isoformat(),
        )
    if not account.email_verified and account.supervisor_id is None:
        # Chat accounts are vouched for by their platform; an account reachable only
        # through the API answers with its verified email.
        identities = await uow.accounts.identities(account.id)
        if not any(i.provider in CHAT_PROVIDERS for i in identities):
            return PermissionDenied(E.EMAIL_UNVERIFIED)
    return None


async def set_proofer(ctx: Context, *, account_id: int, enabled: bool) -> ProoferStatus:
    """Opt in as a proofer (when eligible) or out. Raises ``PermissionDenied`` with the rule
    an opting-in account does not meet; opting out always works."""
    async with ctx.uow() as uow:
        account = await actors.load_actor(uow, account_id)
        if enabled:
            refused = await refusal(ctx, uow, account)
            if refused is not None:
                raise refused
        now = ctx.clock.now()
        profile = await uow.proofers.get(account.id) or ProoferProfile(
            account_id=account.id, enabled=False, created_at=now, updated_at=now
        )
        profile = replace(profile, enabled=enabled, updated_at=now)
        await uow.proofers.put(profile)
        await uow.commit()
        return ProoferStatus(profile)


async def get_proofer(ctx: Context, *, account_id: int) -> ProoferProfile | None:
    async with ctx.uow() as uow:
        await actors.load_account(uow, account_id)
        return await uow.proofers.get(account_id)


# --- entering proofing and assigning ----------------------------------------------------------


async def _candidates(
    ctx: Context, uow: UnitOfWork, order: Order, exclude: set[int], count: int
) -> list[Account]:
    """Up to ``count`` eligible proofers for ``order`` in rotation order: opted in, eligible
    now, not yet in this round, and neither a party, an agent of one nor its supervisor."""
    if count <= 0:
        return []
    profiles = [
        p for p in await uow.proofers.enabled(limit=CANDIDATE_SCAN) if p.account_id not in exclude
    ]
    if not profiles:
        return []
    people = await uow.accounts.get_many(
        [order.buyer_id, order.seller_id, *(p.account_id for p in profiles)]
    )
    buyer, seller = people[order.buyer_id], people[order.seller_id]
    chosen: list[Account] = []
    for profile in rotation_order(profiles):
        account = people.get(profile.account_id)
        if account is None or actors.same_party(account, buyer) or actors.same_party(
            account, seller
        ):
            continue
        if await refusal(ctx, uow, account) is not None:
            continue
        chosen.append(account)
        if len(chosen) == count:
            break
    return chosen


async def start_proofing(ctx: Context, uow: UnitOfWork, order: Order) -> ProofRound | None:
    """Put a just-delivered order that wants proofers into ``proofing`` and assign them.

    With no eligible proofer at all the order stays ``delivered`` (the buyer is not kept
    waiting for nobody) and the timeline says why; fewer than wanted are all assigned.
    """
    if order.proofers_wanted <= 0 or order.status is not OrderStatus.DELIVERED:
        return None
    now = ctx.clock.now()
    stale = await uow.proofs.latest_round(order.id)
    if stale is not None and stale.status is RoundStatus.OPEN:
        await _close_without_consensus(ctx, uow, stale)
    proofers = await _candidates(ctx, uow, order, set(), order.proofers_wanted)
    if not proofers:
        await uow.orders.add_event(
            OrderEvent(
                id=0,
                order_id=order.id,
                action="proofing_unavailable",
                from_status=order.status,
                to_status=order.status,
                actor_id=None,
                actor_role=SYSTEM,
                created_at=now,
            )
        )
        return None
    await workflow.move_order(
        ctx, uow, order, "start_proofing", actor_id=None, roles=SYSTEM_ROLES
    )
    proof_round = await uow.proofs.add_round(
        ProofRound(
            id=0,
            order_id=order.id,
            wanted=order.proofers_wanted,
            status=RoundStatus.OPEN,
            opened_at=now,
            closes_at=now + ctx.rules.proofing_phase,
        )
    )
    for proofer in proofers:
        await _assign(ctx, uow, order, proof_round, proofer)
    return proof_round


async def _assign(
    ctx: Context, uow: UnitOfWork, order: Order, proof_round: ProofRound, proofer: Account
) -> ProofAssignment:
    now = ctx.clock.now()
    due_at = min(now + ctx.rules.proofing.window, proof_round.closes_at)
    assignment = await uow.proofs.add_assignment(
        ProofAssignment(
            id=0,
            round_id=proof_round.id,
            order_id=order.id,
            proofer_id=proofer.id,
            status=AssignmentStatus.ASSIGNED,
            assigned_at=now,
            due_at=due_at,
        )
    )
    profile = await uow.proofers.get(proofer.id)
    if profile is not None:
        await uow.proofers.put(
            replace(
                profile,
                last_assigned_at=now,
                assigned_count=profile.assigned_count + 1,
                updated_at=now,
            )
        )
    await uow.timers.add(
        Timer(
            id=0,
            kind=TimerKind.PROOFING_WINDOW,
            subject=ASSIGNMENT,
            subject_id=assignment.id,
            due_at=due_at,
            status=TimerStatus.PENDING,
            created_at=now,
        )
    )
    uow.publish(
        DomainEvent(
            type=ev.PROOF_ASSIGNED,
            payload=_assignment_payload(order, assignment),
            recipients=(proofer.id,),
            occurred_at=now,
        )
    )
    return assignment


def _assignment_payload(order: Order, assignment: ProofAssignment) -> dict[str, object]:
    return {
        "order_id": order.id,
        "request_id": order.request_id,
        "title": order.title,
        "assignment_id": assignment.id,
        "proofer_id": assignment.proofer_id,
        "status": assignment.status.value,
        "due_at": assignment.due_at.isoformat(),
    }


# --- the assignment's window -------------------------------------------------------------------


async def expire_assignment(ctx: Context, uow: UnitOfWork, timer: Timer) -> bool:
    """The scheduler's handler of an assignment's timer: the late assignment expires and its
    slot goes to the next proofer in rotation while the round has time; when nothing is
    left to wait for, the round closes."""
    assignment = await uow.proofs.get_assignment(timer.subject_id)
    if assignment is None or assignment.status is not AssignmentStatus.ASSIGNED:
        return False
    now = ctx.clock.now()
    expired = replace(assignment, status=AssignmentStatus.EXPIRED)
    if not await uow.proofs.update_assignment(expired, expected=AssignmentStatus.ASSIGNED):
        return False
    proof_round = await uow.proofs.get_round(assignment.round_id)
    order = await uow.orders.get(assignment.order_id)
    if proof_round is None or order is None or proof_round.status is not RoundStatus.OPEN:
        return True
    if order.status is OrderStatus.PROOFING and now < proof_round.closes_at:
        assigned = {a.proofer_id for a in await uow.proofs.assignments(proof_round.id)}
        for proofer in await _candidates(ctx, uow, order, assigned, 1):
            await _assign(ctx, uow, order, proof_round, proofer)
    if order.status is OrderStatus.PROOFING and not await _waiting(uow, proof_round):
        await close_round(ctx, uow, order, proof_round, note="no proofer left to wait for")
    return True


async def _waiting(uow: UnitOfWork, proof_round: ProofRound) -> list[ProofAssignment]:
    return [
        a
        for a in await uow.proofs.assignments(proof_round.id)
        if a.status is AssignmentStatus.ASSIGNED
    ]


# --- scorecards ------------------------------------------------------------------------------


async def _own_assignment(
    uow: UnitOfWork, proofer: Account, assignment_id: int
) -> ProofAssignment:
    assignment = await uow.proofs.get_assignment(assignment_id)
    if assignment is None:
        raise NotFound("assignment", assignment_id)
    if assignment.proofer_id != proofer.id:
        raise PermissionDenied(E.NOT_ASSIGNED, assignment_id=assignment_id)
    return assignment


async def submit_scorecard(
    ctx: Context, *, proofer_id: int, assignment_id: int, card: ScorecardInput
) -> ProofAssignment:
    """Record the assigned proofer's scorecard within the assignment's window.

    Raises ``ValidationFailed`` for a score outside 1–5, a verdict other than pass/fail or
    a missing evidence text; ``PermissionDenied`` when the assignment is someone else's;
    ``Conflict`` for a second scorecard, one after the window or on an order no longer in
    proofing. Nothing changes on any of these. An in-time scorecard on an off-platform
    order earns the proofer the platform's reward, once.
    """
    scorecard = read_scorecard(card)
    async with ctx.uow() as uow:
        proofer = await actors.load_actor(uow, proofer_id)
        assignment = await _own_assignment(uow, proofer, assignment_id)
        now = ctx.clock.now()
        if assignment.status is AssignmentStatus.SUBMITTED:
            raise Conflict(E.ALREADY_SUBMITTED, assignment_id=assignment.id)
        if assignment.status is not AssignmentStatus.ASSIGNED or now >= assignment.due_at:
            raise Conflict(
                E.WINDOW_CLOSED,
                assignment_id=assignment.id,
                due_at=assignment.due_at.strftime("%Y-%m-%d %H:%M UTC"),
            )
        order = await parties.load_order(uow, assignment.order_id)
        if order.status is not OrderStatus.PROOFING:
            raise Conflict(
                E.ORDER_NOT_PROOFING, order_id=order.id, status=order.status.value.replace("_", " ")
            )
        submitted = replace(
            assignment,
            status=AssignmentStatus.SUBMITTED,
            submitted_at=now,
            scorecard=scorecard,
        )
        if not await uow.proofs.update_assignment(submitted, expected=AssignmentStatus.ASSIGNED):
            raise Conflict(E.ALREADY_SUBMITTED, assignment_id=assignment.id)
        await uow.timers.cancel(ASSIGNMENT, assignment.id)
        await _reward(ctx, uow, order, submitted)
        uow.publish(
            DomainEvent(
                type=ev.PROOF_SUBMITTED,
                payload=_assignment_payload(order, submitted)
                | {"verdict": scorecard.verdict.value},
                recipients=(order.buyer_id,),
                occurred_at=now,
            )
        )
        proof_round = await uow.proofs.get_round(assignment.round_id)
        if (
            proof_round is not None
            and proof_round.status is RoundStatus.OPEN
            and not await _waiting(uow, proof_round)
        ):
            await close_round(ctx, uow, order, proof_round)
        await uow.commit()
        return submitted


async def _reward(
    ctx: Context, uow: UnitOfWork, order: Order, assignment: ProofAssignment
) -> None:
    """An in-time scorecard is paid: on an escrow order its share of the proofing fees the
    buyer paid (``core.escrow.proofer_fees``), on an off-platform one the platform's credits."""
    if order.payment_mode is PaymentMode.ESCROW:
        await proofer_fees.pay_proofer(ctx, uow, order, assignment)
        return
    amount = ctx.rules.proofing.reward_credits
    if amount <= 0 or order.payment_mode is not PaymentMode.OFF_PLATFORM:
        return
    # The key makes the grant once per assignment, whatever retries the scorecard has.
    await uow.ledger.post(
        ledger.transfer(
            type=TxType.PROOFER_REWARD,
            asset=CREDITS,
            source=ledger.WORLD_GRANTS,
            destination=ledger.user_account(assignment.proofer_id),
            amount=amount,
            idempotency_key=f"proofer-reward:{assignment.id}",
            memo=f"Proofing reward (order #{order.id})",
            account_id=assignment.proofer_id,
            reference=f"proof_assignment:{assignment.id}",
        )
    )


# --- the consensus ---------------------------------------------------------------------------


async def close_round(
    ctx: Context,
    uow: UnitOfWork,
    order: Order,
    proof_round: ProofRound,
    *,
    note: str = "all scorecards are in",
) -> Consensus:
    """Compute the consensus of the round's scorecards, count each proofer's agreement with
    it, stop what is still waiting and return the order to ``delivered`` (its timers, the
    auto-approval among them, start afresh)."""
    now = ctx.clock.now()
    assignments = await uow.proofs.assignments(proof_round.id)
    submitted = [a for a in assignments if a.scorecard is not None]
    consensus = consensus_of([a.scorecard for a in submitted if a.scorecard is not None])
    # Agreeing with oneself says nothing: agreement is counted against two or more, and only
    # when there is a majority to agree with.
    countable = consensus.scorecards >= 2 and consensus.verdict in (
        ConsensusVerdict.PASS,
        ConsensusVerdict.FAIL,
    )
    for a in assignments:
        if a.status is AssignmentStatus.ASSIGNED:
            await _cancel(uow, a)
        elif a.scorecard is not None and countable:
            agrees = a.scorecard.verdict.value == consensus.verdict.value
            await uow.proofs.update_assignment(
                replace(a, agrees=agrees), expected=AssignmentStatus.SUBMITTED
            )
            profile = await uow.proofers.get(a.proofer_id)
            if profile is not None:
                await uow.proofers.put(
                    replace(
                        profile,
                        scored_count=profile.scored_count + 1,
                        agreed_count=profile.agreed_count + agrees,
                        updated_at=now,
                    )
                )
    await uow.proofs.update_round(
        replace(proof_round, status=RoundStatus.CLOSED, closed_at=now, consensus=consensus)
    )
    summary = consensus_payload(consensus)
    if order.status is OrderStatus.PROOFING:
        await _finish(ctx, uow, order, note, {"consensus": summary})
    uow.publish(
        DomainEvent(
            type=ev.PROOF_CONSENSUS,
            payload=parties.order_payload(order) | {"round_id": proof_round.id, **summary},
            recipients=await parties.order_recipients(uow, order, exclude=None),
            occurred_at=now,
        )
    )
    return consensus


async def _close_without_consensus(ctx: Context, uow: UnitOfWork, proof_round: ProofRound) -> None:
    """A round the order left without finishing (a dispute, a hold) before a new delivery
    is proofed afresh: what was waiting is cancelled, what came in is kept."""
    assignments = await uow.proofs.assignments(proof_round.id)
    for a in assignments:
        if a.status is AssignmentStatus.ASSIGNED:
            await _cancel(uow, a)
    cards = [a.scorecard for a in assignments if a.scorecard is not None]
    await uow.proofs.update_round(
        replace(
            proof_round,
            status=RoundStatus.CLOSED,
            closed_at=ctx.clock.now(),
            consensus=consensus_of(cards),
        )
    )


async def finish_window(ctx: Context, uow: UnitOfWork, order: Order) -> bool:
    """The order's proofing timer: the round closes with the scorecards that came in."""
    if order.status is not OrderStatus.PROOFING:
        return False
    proof_round = await uow.proofs.latest_round(order.id)
    if proof_round is not None and proof_round.status is RoundStatus.OPEN:
        await close_round(ctx, uow, order, proof_round, note=WINDOW_ENDED)
    else:
        await _finish(ctx, uow, order, WINDOW_ENDED)
    return True


async def _cancel(uow: UnitOfWork, assignment: ProofAssignment) -> None:
    cancelled = replace(assignment, status=AssignmentStatus.CANCELLED)
    await uow.proofs.update_assignment(cancelled, expected=AssignmentStatus.ASSIGNED)
    await uow.timers.cancel(ASSIGNMENT, assignment.id)


async def _finish(
    ctx: Context,
    uow: UnitOfWork,
    order: Order,
    note: str,
    extra: dict[str, object] | None = None,
) -> None:
    await workflow.move_order(
        ctx, uow, order, "finish_proofing", actor_id=None, roles=SYSTEM_ROLES, note=note,
        extra=extra,
    )


def consensus_payload(consensus: Consensus) -> dict[str, object]:
    return {
        "verdict": consensus.verdict.value,
        "scorecards": consensus.scorecards,
        "scores": {
            "completeness": consensus.completeness / 100,
            "accuracy": consensus.accuracy / 100,
            "methodology": consensus.methodology / 100,
            "quality": consensus.quality / 100,
        },
    }

