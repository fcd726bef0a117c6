"""Independent proofers in chat: /proofer on|off (opting in, refused with the rule that is not
met), /proofs (my assignments, each with its card: the requirements, the deliveries and the
due time) and the scorecard wizard (``handlers.wizards``) behind the card's button."""

from __future__ import annotations

from core.proofing import proofing
from core.proofing import queries as proofing_queries
from handlers import cards, files
from handlers.actions import Action, encode
from handlers.forms import start_form
from handlers.markup import escape
from handlers.turn import Notice, Router, Turn, Usage, parse_id
from handlers.types import Busy, OutgoingAttachment, Reply

router = Router()

LIST_LIMIT = 20
SWITCH = {"on": True, "yes": True, "off": False, "no": False}


def _id(action: Action) -> int:
    ident = action.int_arg(0)
    if ident is None:
        raise Notice("button.invalid")
    return ident


async def _status(turn: Turn) -> list[Reply]:
    profile = await proofing.get_proofer(turn.ctx, account_id=turn.actor_id)
    enabled = profile is not None and profile.enabled
    lines = [turn.tr("proofer.status.on" if enabled else "proofer.status.off")]
    if profile is not None and profile.assigned_count:
        lines.append(agreement_text(turn, profile.scored_count, profile.agreement_pct))
    switch = (
        turn.button("btn.proofer_off", encode("prf", "off"))
        if enabled
        else turn.button("btn.proofer_on", encode("prf", "on"))
    )
    buttons = ((switch, turn.button("btn.my_proofs", encode("prf", "list"))),)
    return [Reply("\n".join(lines), buttons=buttons)]


def agreement_text(turn: Turn, scorecards: int, pct: int | None) -> str:
    if pct is None:
        return turn.tr("proofer.agreement_none", count=scorecards)
    return turn.tr("proofer.agreement", count=scorecards, pct=pct)


async def _switch(turn: Turn, enabled: bool) -> list[Reply]:
    await turn.require_active()
    await proofing.set_proofer(turn.ctx, account_id=turn.actor_id, enabled=enabled)
    return turn.say("proofer.enabled" if enabled else "proofer.disabled", edit=turn.pressed)


@router.command("proofer")
async def proofer(turn: Turn) -> list[Reply]:
    word = turn.args.lower()
    if not word:
        return await _status(turn)
    if word not in SWITCH:
        raise Usage("proofer")
    return await _switch(turn, SWITCH[word])


@router.action("prf", "on", "off")
async def proofer_button(turn: Turn, action: Action) -> list[Reply]:
    return await _switch(turn, action.verb == "on")


async def _list(turn: Turn) -> list[Reply]:
    found = await proofing_queries.list_assignments(
        turn.ctx, proofer_id=turn.actor_id, limit=LIST_LIMIT
    )
    if not found:
        return turn.say("proofs.none")
    lines = [turn.tr("proofs.header", count=len(found))]
    buttons = []
    for card in found:
        lines.append(cards.assignment_line(turn, card))
        ident = card.assignment.id
        buttons.append(
            turn.button("btn.open_assignment", encode("prf", "open", ident), id=ident)
        )
    return [Reply("\n".join(lines), buttons=cards.rows(buttons, 3))]


@router.command("proofs")
async def proofs(turn: Turn) -> list[Reply]:
    if not turn.args:
        return await _list(turn)
    assignment_id = parse_id(turn.args)
    if assignment_id is None:
        raise Usage("proofs")
    return [await cards.open_assignment(turn, assignment_id)]


@router.action("prf", "list")
async def proofs_button(turn: Turn, action: Action) -> list[Reply]:
    return await _list(turn)


@router.action("prf", "open")
async def open_assignment(turn: Turn, action: Action) -> list[Reply]:
    return [await cards.open_assignment(turn, _id(action))]


@router.action("prf", "file")
async def assignment_file(turn: Turn, action: Action) -> list[Reply]:
    # The assignment is loaded as the presser: someone else's is refused before any file.
    detail = await proofing_queries.get_assignment(
        turn.ctx, proofer_id=turn.actor_id, assignment_id=_id(action)
    )
    delivery_id = action.int_arg(1)
    for delivery in detail.deliveries:
        if delivery.id == delivery_id and delivery.attachment is not None:
            api = f"/api/proofer/assignments/{_id(action)}/deliveries/{delivery.id}/file"
            elsewhere = files.elsewhere_reply(turn, detail.order.id, delivery.attachment, api)
            if elsewhere is not None:
                return [elsewhere]
            await turn.busy(Busy.UPLOAD_DOCUMENT)
            name = delivery.attachment.name
            return [
                Reply(
                    turn.tr("order.file", id=detail.order.id, name=escape(name)),
                    attachments=(OutgoingAttachment(delivery.attachment.ref, name),),
                )
            ]
    raise Notice("button.invalid")


@router.action("prf", "score")
async def score(turn: Turn, action: Action) -> list[Reply]:
    """Open the scorecard form, unless the assignment can no longer take one (the reason
    is said now rather than after five questions)."""
    await turn.require_active()
    detail = await proofing_queries.get_assignment(
        turn.ctx, proofer_id=turn.actor_id, assignment_id=_id(action)
    )
    if not cards.scorecard_open(detail, turn.now()):
        raise Notice(
            "proofs.closed",
            id=detail.assignment.id,
            status=turn.tr(f"proof_status.{detail.assignment.status.value}"),
        )
    return await start_form(turn, "scorecard", params={"assignment_id": detail.assignment.id})
