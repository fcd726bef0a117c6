from __future__ import annotations

import pytest

from core.shared.context import Context
from tests.fakes import FakeClock, FakeStore


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture
def ctx(store: FakeStore, clock: FakeClock) -> Context:
    return Context(uow=store, clock=clock)
