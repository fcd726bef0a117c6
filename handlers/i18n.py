"""The message catalog: every user-facing text of the handlers, keyed by language.

A language is a module in ``handlers/locales/`` (``de.py``, ``pt_br.py``) defining
``MESSAGES: dict[str, Message]``; it is discovered at import, so adding one needs no code
change. Missing keys and unknown languages fall back to English. Templates are markup (see
``handlers.markup``) with ``str.format`` placeholders; values put into them must already be
escaped by the caller.

A message is a template, or a dict from CLDR plural categories (``zero``, ``one``, ``two``,
``few``, ``many``, ``other``) to templates: the ``count`` value picks one with Babel's plural
rule for the language, so ``{"one": "{count} day", "other": "{count} days"}`` reads "1 day",
"2 days". A dict has exactly the categories its language's rule uses. Where one text holds
several counted nouns, each is its own plural key, composed by the caller:
``tr("card.proposal.terms", price=p, days=tr("unit.days", count=d))``.

A placeholder ``{cmd_<name>}`` that the caller does not pass is the command as typed on the
translator's platform (``/topup``; ``/offer new`` for ``newoffer`` on Discord);
``{adm_<name>}`` likewise for the admin channel's commands (``/disputes``; ``/mod disputes``).
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Iterable, Iterator
from functools import cache
from typing import cast

from babel import Locale, UnknownLocaleError
from babel.lists import format_list

from core.accounts.model import Account
from core.shared.errors import MarketplaceError, NotFound, ValidationFailed, placeholders
from handlers import command_names, locales
from handlers.markup import escape

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"

Message = str | dict[str, str]
Catalog = dict[str, Message]

#: Every CLDR plural category, in CLDR's order.
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


def _load() -> dict[str, Catalog]:
    catalogs: dict[str, Catalog] = {}
    for info in pkgutil.iter_modules(locales.__path__):
        module = importlib.import_module(f"{locales.__name__}.{info.name}")
        messages = getattr(module, "MESSAGES", None)
        if isinstance(messages, dict):
            catalogs[info.name.lower()] = cast(Catalog, messages)
    return catalogs


CATALOGS: dict[str, Catalog] = _load()
ENGLISH: Catalog = CATALOGS[DEFAULT_LANGUAGE]


def resolve_language(language: str | None) -> str:
    """``pt-BR`` finds ``pt_br``, else ``pt``, else English."""
    code = (language or "").strip().lower().replace("-", "_")
    if code in CATALOGS:
        return code
    base = code.split("_", 1)[0]
    return base if base in CATALOGS else DEFAULT_LANGUAGE


def language_for(account: Account | None, client_language: str | None = None) -> str:
    """The catalog language to speak to ``account``: the one it chose (``/settings language``),
    else the client's (Telegram ``language_code``, Discord ``locale``), else English."""
    chosen = account.language if account is not None else None
    return resolve_language(chosen or client_language)


@cache
def babel_locale(language: str) -> Locale:
    """The Babel locale of a catalog language (``pt_br`` → ``pt_BR``); English if unknown."""
    base, _, region = language.partition("_")
    try:
        return Locale(base, region.upper() or None)
    except (ValueError, UnknownLocaleError):
        return Locale("en")


def plural_categories(language: str) -> frozenset[str]:
    """The CLDR plural categories ``language``'s rule uses (always with ``other``)."""
    return frozenset(babel_locale(language).plural_form.tags) | {"other"}


def templates(message: Message) -> Iterator[str]:
    """Every template of a message (one, or one per plural category)."""
    if isinstance(message, str):
        yield message
    else:
        yield from message.values()


def message_placeholders(message: Message) -> frozenset[str]:
    return frozenset().union(*(placeholders(t) for t in templates(message)))


class Translator:
    def __init__(
        self, language: str | None = DEFAULT_LANGUAGE, platform: str | None = None
    ) -> None:
        self.language = resolve_language(language)
        self.platform = platform
        self.locale = babel_locale(self.language)
        self._catalog = CATALOGS[self.language]

    def has(self, key: str) -> bool:
        return key in self._catalog or key in ENGLISH

    def __call__(self, key: str, /, **values: object) -> str:
        message = self._catalog.get(key)
        if message is not None:
            try:
                return self._format(message, _category(self.locale, values.get("count")), values)
            except (KeyError, IndexError, ValueError):
                log.warning("bad %s template for %r; using English", self.language, key)
        english = ENGLISH.get(key)
        if english is None:
            log.error("missing message %r", key)
            return key
        category = _category(babel_locale(DEFAULT_LANGUAGE), values.get("count"))
        return self._format(english, category, values)

    def _format(self, message: Message, category: str, values: dict[str, object]) -> str:
        template = message if isinstance(message, str) else message.get(category, message["other"])
        missing: dict[str, str] = {}
        for name in placeholders(template):
            if name in values:
                continue
            if name.startswith(command_names.PREFIX):
                command = name.removeprefix(command_names.PREFIX)
                missing[name] = command_names.slash(self.platform, command, self._discord_name)
            elif name.startswith(command_names.ADMIN_PREFIX):
                command = name.removeprefix(command_names.ADMIN_PREFIX)
                missing[name] = command_names.admin_slash(self.platform, command)
        return template.format(**values, **missing)

    def _discord_name(self, command: str) -> str:
        key = command_names.DISCORD_NAME_KEY + command
        template = self._catalog.get(key)
        name = command_names.discord_name(template) if isinstance(template, str) else ""
        return name or command

    def get(self, key: str, default: str, /, **values: object) -> str:
        """The message for ``key`` if the catalog has it, else ``default`` (already markup)."""
        return self(key, **values) if self.has(key) else default

    def word(self, family: str, name: str) -> str:
        """A name from the code (an order action, a ruling, a state, a kind) in this
        language: the catalog's ``<family>.<name>`` (``order.action.request_revision``; a
        name written with spaces, ``request revision``, finds the same key), else the name,
        escaped."""
        key = f"{family}.{name.strip().lower().replace(' ', '_')}"
        return self(key) if self.has(key) else escape(name)

    def words(self, family: str, names: Iterable[str]) -> str:
        """Several names as this language lists them: ``API key and password``."""
        return format_list([self.word(family, n) for n in names], locale=self.locale)


def _category(locale: Locale, count: object) -> str:
    """The CLDR plural category of ``count`` (``one``, ``few``, ``other``...) in ``locale``."""
    number = abs(count) if isinstance(count, int | float) else 0
    return str(locale.plural_form(number))


#: Error parameters that name something in the code, and the catalog family of their words:
#: ``action="request revision"`` reads ``order.action.request_revision``. A ``*_status``
#: parameter is its own family (``offer_status.paused``), an order's state the cards'
#: ``status.<state>``; a value listing several names (``offers, orders``) is listed again in
#: the reader's language.
WORD_PARAMS: dict[str, str] = {
    "action": "order.action",
    "status": "status",
    "issuer_activity": "link.activity",
    "redeemer_activity": "link.activity",
}
#: Where one error code's parameter names something else than ``WORD_PARAMS`` says.
CODE_WORD_PARAMS: dict[tuple[str, str], str] = {("deposit.not_held", "status"): "deposit_status"}


def _param_words(tr: Translator, code: str, name: str, value: str, shown: object) -> object:
    family = CODE_WORD_PARAMS.get((code, name)) or WORD_PARAMS.get(name)
    if family is None and name.endswith("_status"):
        family = name if tr.has(f"{name}.{value}") else "status"
    if family is None:
        return shown
    names = [part for part in value.split(", ") if part]
    if len(names) > 1:
        return tr.words(family, names)
    return tr.word(family, value)


def error_text(tr: Translator, error: MarketplaceError) -> str:
    """An error as markup in ``tr``'s language: the catalog's ``error.<code>`` text when it
    has one, else the error's English message. Parameters are user content: escaped here
    (a number stays a number, for plurals). Names become the catalog's words (see
    ``WORD_PARAMS``): ``offer_status="paused"`` is shown as ``offer_status.paused``, what
    ``NotFound`` did not find as ``noun.<kind>``, a ``ValidationFailed``'s field as
    ``field.<name>``."""
    values: dict[str, object] = {
        name: value if isinstance(value, int | float) else escape(str(value))
        for name, value in error.params.items()
    }
    key = error.catalog_key
    # A plain English message under the class's own code is not the class's default text.
    specific = error.error_code is None and error.message != error.default_message
    if tr.has(key) and not (specific and error.code == type(error).code):
        for name, value in error.params.items():
            if isinstance(value, str):
                values[name] = _param_words(tr, error.code, name, value, values[name])
        if isinstance(error, NotFound) and tr.has(f"noun.{error.what}"):
            values["What"] = tr(f"noun.{error.what}")
        if isinstance(error, ValidationFailed) and tr.has(f"field.{error.field}"):
            values["label"] = tr(f"field.{error.field}")
        try:
            return tr(key, **values)
        except (KeyError, IndexError, ValueError):
            log.warning("bad template for %r; using the error's own text", key)
    return escape(error.message)
