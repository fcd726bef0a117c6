"""Docs that are generated from code must not drift from it."""

from pathlib import Path

from core.orders.machine import mermaid, timer_table

ROOT = Path(__file__).resolve().parents[2]


def test_order_state_diagram_matches_the_transition_table() -> None:
    doc = (ROOT / "docs" / "order-states.md").read_text()
    assert mermaid() in doc, "regenerate docs/order-states.md from core.orders.machine.mermaid()"


def test_order_timer_table_matches_the_timers_of_the_workflow() -> None:
    doc = (ROOT / "docs" / "order-states.md").read_text()
    assert timer_table() in doc, "regenerate docs/order-states.md from core.orders.machine"
