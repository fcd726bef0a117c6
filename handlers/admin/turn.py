"""One moderator action being handled: a ``handlers.turn.Turn`` that also knows the admin
app's settings and the moderator's open prompt (a ruling's note, a refusal's reason)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from core.credits.ports import StarsRefunder
from core.moderation import admin
from core.moderation.analytics import PilotStats
from core.shared.context import Context
from handlers.admin import cards
from handlers.state import ChatState
from handlers.turn import Turn
from handlers.types import Incoming, Reply

PROMPT_TTL = timedelta(hours=1)


class StatsChart(Protocol):
    """Draws /stats' chart as PNG bytes (``botgig.charts.requests_chart``)."""

    async def __call__(self, stats: PilotStats) -> bytes: ...


#: Where the open prompt is kept in the moderator's chat state (one per member of the chat).
PROMPT = "admin_prompt"


class AdminTurn(Turn):
    def __init__(
        self,
        ctx: Context,
        incoming: Incoming,
        state: ChatState,
        *,
        owners: Sequence[tuple[str, str]],
        stars_refunder: StarsRefunder | None,
        chart: StatsChart | None,
    ) -> None:
        super().__init__(ctx, incoming, state)
        self.owners = owners
        self.stars_refunder = stars_refunder
        self.chart = chart

    async def case(self, dispute_id: int, *, edit: bool = False) -> list[Reply]:
        case = await admin.load_case(self.ctx, dispute_id=dispute_id)
        text = cards.case_card(self.ctx, self.tr, case, now=self.now())
        return [Reply(text, buttons=cards.case_buttons(self.tr, case), edit=edit)]

    async def set_prompt(self, **prompt: Any) -> None:
        self.state.extra[PROMPT] = prompt | {"at": self.now().isoformat()}
        await self.save_state()

    def prompt(self) -> dict[str, Any] | None:
        """The open prompt, unless it is older than ``PROMPT_TTL``."""
        prompt = self.state.extra.get(PROMPT)
        if not isinstance(prompt, dict):
            return None
        if self.now() - datetime.fromisoformat(str(prompt.get("at"))) > PROMPT_TTL:
            return None
        return prompt

    async def clear_prompt(self) -> dict[str, Any] | None:
        prompt = self.prompt()
        if self.state.extra.pop(PROMPT, None) is not None:
            await self.save_state()
        return prompt


def admin_turn(turn: Turn) -> AdminTurn:
    """The admin app's router only ever runs ``AdminTurn``s."""
    assert isinstance(turn, AdminTurn)
    return turn
