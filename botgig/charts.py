"""The PNG chart sent with the admin channel's /stats (``handlers.admin.AdminApp(chart=...)``):
request volume per category, as horizontal bars.

matplotlib with the Agg backend (no display, thread-safe enough for one figure at a time);
imported lazily because it takes about a second to load and only /stats needs it. Rendering
runs in a worker thread so the event loop keeps serving other updates.
"""

from __future__ import annotations

import asyncio
import importlib.util
import io
import logging

from core.moderation.analytics import PilotStats
from handlers.admin.turn import StatsChart

log = logging.getLogger(__name__)

#: How to get the chart when matplotlib is missing (it is the ``charts`` extra).
INSTALL_HINT = "install the charts extra: make run EXTRAS=charts, or pip install 'botgig[charts]'"


def chart_renderer() -> StatsChart | None:
    """The /stats chart, or None (the figures alone) when matplotlib is not installed."""
    if importlib.util.find_spec("matplotlib") is None:
        log.warning("/stats is sent without its chart: %s", INSTALL_HINT)
        return None
    return requests_chart


def render_requests_chart(stats: PilotStats) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    pairs = list(reversed(stats.requests_by_category)) or [("no requests", 0)]
    labels = [slug for slug, _ in pairs]
    values = [count for _, count in pairs]
    figure = Figure(figsize=(7, 0.45 * len(pairs) + 1.4), dpi=110)
    axes = figure.add_subplot()
    bars = axes.barh(labels, values, color="#3b82f6")
    axes.bar_label(bars, padding=3)
    axes.set_title(f"Requests per category, last {stats.days} days ({stats.requests} total)")
    axes.set_xlabel("requests")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_xlim(0, max([*values, 1]) * 1.15)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


async def requests_chart(stats: PilotStats) -> bytes:
    return await asyncio.to_thread(render_requests_chart, stats)
