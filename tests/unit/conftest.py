from __future__ import annotations

import pytest

from core.shared.context import Context
from tests.fakes import FakeClock, FakeStore
from tests.unit.builders import FakeEscrow


@pytest.fixture
def escrow() -> FakeEscrow:
    return FakeEscrow()


@pytest.fixture
def ectx(store: FakeStore, clock: FakeClock, escrow: FakeEscrow) -> Context:
    """A platform with escrow configured, sharing the store and clock of ``ctx``."""
    return Context(uow=store, clock=clock, escrow=escrow)
