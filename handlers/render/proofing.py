"""Notifications of proofing (core.proofing): a proofer's new assignment and the consensus
the parties see. (``proof.submitted`` is rendered with the order events.)

Imported by handlers.render, whose registry (render.base) these renderers join.
"""

from __future__ import annotations

from core.shared import events as ev
from handlers.render.base import EventView, Rendered, renders


@renders(ev.PROOF_ASSIGNED)
def _proof_assigned(v: EventView) -> Rendered:
    # The proofer is no party to the order: no order button, the assignment is theirs.
    return v.say("n.proof_assigned", order=v.order(), due=v.due())


@renders(ev.PROOF_CONSENSUS)
def _proof_consensus(v: EventView) -> Rendered:
    verdict = str(v.p.get("verdict") or "none")
    scores = v.p.get("scores")
    quality = scores.get("quality", 0) if isinstance(scores, dict) else 0
    return v.say(
        "n.proof_consensus",
        (v.open_button(),),
        order=v.order(),
        verdict=v.tr(f"proof.verdict.{verdict}"),
        count=v.num("scorecards"),
        quality=f"{float(quality):.2f}",
    )
