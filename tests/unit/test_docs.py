"""Docs that are generated from code must not drift from it."""

from pathlib import Path

from core.order_machine import mermaid

ROOT = Path(__file__).resolve().parents[2]


def test_order_state_diagram_matches_the_transition_table() -> None:
    doc = (ROOT / "docs" / "order-states.md").read_text()
    assert mermaid() in doc, "regenerate docs/order-states.md from core.order_machine.mermaid()"
