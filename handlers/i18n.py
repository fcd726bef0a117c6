"""The message catalog: every user-facing text of the handlers, keyed by language.

A language is a module in ``handlers/locales/`` (``de.py``, ``pt_br.py``) defining
``MESSAGES: dict[str, str]``; it is discovered at import, so adding one needs no code change.
Missing keys and unknown languages fall back to English. Templates are markup (see
``handlers.markup``) with ``str.format`` placeholders; values put into them must already be
escaped by the caller.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from typing import cast

from core.errors import MarketplaceError
from handlers import locales
from handlers.markup import escape

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"


def _load() -> dict[str, dict[str, str]]:
    catalogs: dict[str, dict[str, str]] = {}
    for info in pkgutil.iter_modules(locales.__path__):
        module = importlib.import_module(f"{locales.__name__}.{info.name}")
        messages = getattr(module, "MESSAGES", None)
        if isinstance(messages, dict):
            catalogs[info.name.lower()] = cast(dict[str, str], messages)
    return catalogs


CATALOGS: dict[str, dict[str, str]] = _load()
ENGLISH: dict[str, str] = CATALOGS[DEFAULT_LANGUAGE]


def resolve_language(language: str | None) -> str:
    """``pt-BR`` finds ``pt_br``, else ``pt``, else English."""
    code = (language or "").strip().lower().replace("-", "_")
    if code in CATALOGS:
        return code
    base = code.split("_", 1)[0]
    return base if base in CATALOGS else DEFAULT_LANGUAGE


class Translator:
    def __init__(self, language: str | None = DEFAULT_LANGUAGE) -> None:
        self.language = resolve_language(language)
        self._catalog = CATALOGS[self.language]

    def has(self, key: str) -> bool:
        return key in self._catalog or key in ENGLISH

    def __call__(self, key: str, /, **values: object) -> str:
        template = self._catalog.get(key)
        if template is not None:
            try:
                return template.format(**values)
            except (KeyError, IndexError, ValueError):
                log.warning("bad %s template for %r; using English", self.language, key)
        english = ENGLISH.get(key)
        if english is None:
            log.error("missing message %r", key)
            return key
        return english.format(**values)

    def get(self, key: str, default: str, /, **values: object) -> str:
        """The message for ``key`` if the catalog has it, else ``default`` (already markup)."""
        return self(key, **values) if self.has(key) else default


def error_text(tr: Translator, error: MarketplaceError) -> str:
    """An error as markup in ``tr``'s language: the catalog's ``error.<code>`` text when it
    has one, else the error's English message. Parameters are user content: escaped here."""
    values = {name: escape(str(value)) for name, value in error.params.items()}
    key = error.catalog_key
    if tr.has(key):
        try:
            return tr(key, **values)
        except (KeyError, IndexError, ValueError):
            log.warning("bad template for %r; using the error's own text", key)
    return escape(error.message)
