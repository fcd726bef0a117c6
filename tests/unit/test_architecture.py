"""Dependencies point inward (DESIGN §1, STYLE 1): core imports nothing of the project
outside core and no framework; handlers import core and the standard library only, never a
platform SDK. import-linter checks the project packages in ``make test``; this test is the
in-suite guarantee and also covers third-party frameworks."""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROJECT = frozenset({"storage", "handlers", "bots", "api", "payments", "botgig"})
FRAMEWORKS = frozenset(
    {
        "aiogram",
        "discord",
        "fastapi",
        "starlette",
        "sqlalchemy",
        "stripe",
        "web3",
        "httpx",
        "aiohttp",
        "pydantic",
        "pydantic_settings",
        "alembic",
        "uvicorn",
        "asyncpg",
        "aiosqlite",
    }
)
#: Per layer: the top-level names it must never import, and the only non-stdlib ones it may.
RULES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "core": (PROJECT | FRAMEWORKS, frozenset({"core"})),
    # segno: a pure-Python QR encoder (no I/O, no platform) for /topup's QR code image;
    # babel: CLDR plural rules and number/currency formats for the message catalog.
    "handlers": (
        (PROJECT - {"handlers"}) | FRAMEWORKS,
        frozenset({"core", "handlers", "segno", "babel"}),
    ),
}
STDLIB = frozenset(sys.stdlib_module_names) | {"__future__"}


@dataclass(frozen=True)
class Violation:
    where: str
    line: int
    module: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}:{self.line} imports {self.module} ({self.why})"


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """Every absolute module a source imports: import statements (also those under
    ``TYPE_CHECKING`` or inside functions, which still bind the layer) and literal
    ``importlib.import_module``/``__import__`` calls."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if (
                name in ("import_module", "__import__")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append((node.lineno, node.args[0].value))
    return found


def check_source(source: str, layer: str, where: str = "<source>") -> list[Violation]:
    forbidden, allowed = RULES[layer]
    violations = []
    for line, module in imported_modules(ast.parse(source, filename=where)):
        top = module.split(".")[0]
        if top in forbidden:
            violations.append(Violation(where, line, module, f"{layer} must not depend on {top}"))
        elif top not in allowed and top not in STDLIB:
            violations.append(
                Violation(
                    where, line, module, f"{layer} may import only {sorted(allowed)} + stdlib"
                )
            )
    return violations


def check_layer(layer: str) -> list[Violation]:
    files = sorted((ROOT / layer).rglob("*.py"))
    assert files, f"no Python files under {layer}/"
    violations: list[Violation] = []
    for path in files:
        where = str(path.relative_to(ROOT))
        violations += check_source(path.read_text(encoding="utf-8"), layer, where)
    return violations


@pytest.mark.parametrize("layer", sorted(RULES))
def test_the_layer_imports_only_what_it_may(layer: str) -> None:
    violations = check_layer(layer)
    assert not violations, "\n".join(map(str, violations))


@pytest.mark.parametrize(
    ("layer", "source", "module"),
    [
        ("core", "import sqlalchemy\n", "sqlalchemy"),
        ("core", "from storage.repositories import SqlOrders\n", "storage.repositories"),
        ("core", "from handlers import app\n", "handlers"),
        ("core", "import pydantic.fields as f\n", "pydantic.fields"),
        ("core", "import numpy\n", "numpy"),
        (
            "core",
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from botgig import settings\n",
            "botgig",
        ),
        ("core", "def f():\n    import stripe\n", "stripe"),
        ("core", "import importlib\nimportlib.import_module('web3')\n", "web3"),
        ("handlers", "from aiogram.types import Message\n", "aiogram.types"),
        ("handlers", "import discord\n", "discord"),
        ("handlers", "from storage import db\n", "storage"),
        ("handlers", "from api.app import app\n", "api.app"),
    ],
)
def test_the_check_catches_a_violation(layer: str, source: str, module: str) -> None:
    """The check itself works: a synthetic source with a forbidden import is reported."""
    violations = check_source(source, layer)
    assert [v.module for v in violations] == [module]


@pytest.mark.parametrize(
    ("layer", "source"),
    [
        (
            "core",
            "from __future__ import annotations\nimport re, uuid\n"
            "from core.orders.model import Order\n",
        ),
        ("core", "from . import events\nfrom .ledger import CREDITS\n"),
        ("handlers", "from core.orders import orders\nfrom handlers.types import Reply\n"),
        ("handlers", "import json\nfrom collections.abc import Sequence\n"),
    ],
)
def test_the_check_accepts_allowed_imports(layer: str, source: str) -> None:
    assert check_source(source, layer) == []


def test_core_does_not_speak_stripe() -> None:
    """The payment processor is a port in BotGig's words (core.escrow.ports); everything in
    Stripe's words — event names, object fields, ids — lives in payments/stripe."""
    core = Path(__file__).resolve().parents[2] / "core"
    mentions = [
        f"{path.relative_to(core.parent)}:{number}"
        for path in sorted(core.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "stripe" in line.lower()
    ]
    assert mentions == []
