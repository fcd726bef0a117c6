"""The form engine: multi-step wizards defined once for every front end.

A form is a list of typed fields (text, whole number, money, choice, date, yes/no, work) and
a confirm step that states the credit cost before anything is spent. Each answer is parsed and
validated at once; a bad one re-asks the same question with the rule. ``back`` (a button or
the word) returns to the previous question, ``/cancel`` leaves. The state lives in storage
(``uow.conversations`` under the chat's key), so a restart or a second process resumes the
form where the user left it. The forms themselves are in ``handlers.wizards``.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from core.credits import credits
from core.shared import durations
from core.shared import validation as v
from core.shared.characters import TextRule
from core.shared.context import Context
from core.shared.errors import InsufficientCredits, MarketplaceError, ValidationFailed
from core.shared.money import exponent, to_minor
from handlers import fmt
from handlers.actions import Action, encode
from handlers.i18n import error_text
from handlers.markup import bold, escape, italic, link, to_plain
from handlers.turn import Notice, Turn
from handlers.types import Button, FormInfo, FormQuestion, IncomingAttachment, Reply

BACK_WORDS = frozenset({"back", "/back", "◀", "<"})
SKIP_WORDS = frozenset({"skip", "/skip", "-", "none"})
# The words of the three catalog languages are understood whatever the reader's language:
# people type the word they think in.
CONFIRM_WORDS = frozenset(
    {"yes", "y", "ok", "confirm", "/confirm", "✅", "sí", "si", "vale", "да", "ок", "подтвердить"}
)
YES_WORDS = frozenset({"yes", "y", "true", "1", "on", "✅", "👍", "sí", "si", "да"})
NO_WORDS = frozenset({"no", "n", "false", "0", "off", "❌", "👎", "нет"})
MAX_HORIZON = timedelta(days=366)


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"
    MONEY = "money"
    CHOICE = "choice"
    DATE = "date"
    YESNO = "yesno"
    #: A delivery: a file, an http(s) URL, or a note.
    WORK = "work"


class Invalid(Exception):
    """An answer that breaks the field's rule; ``key`` is the catalog message stating it."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


Values = dict[str, Any]
Options = Callable[[Turn], list[Choice]]
Normalize = Callable[[Turn, Values, Any], Awaitable[Any]]
Submit = Callable[[Turn, Values, dict[str, Any]], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    min_len: int = 1
    max_len: int = 2000
    minimum: int = 0
    maximum: int = 1_000_000
    optional: bool = False
    options: Options | None = None
    #: Quick answers shown as buttons for free-form fields ("3", "80").
    presets: tuple[str, ...] = ()
    #: Ask this field only when the answers so far call for it.
    when: Callable[[Values], bool] | None = None
    #: Cross-field rules and lookups: returns the value to store or raises ``Invalid``.
    normalize: Normalize | None = None
    columns: int = 2
    #: Which characters a text answer may hold (core's rule, the same the API applies).
    rule: TextRule = TextRule.PARAGRAPHS


@dataclass(frozen=True)
class FormSpec:
    name: str
    fields: tuple[Field, ...]
    submit: Submit
    #: Credits the confirmation spends (0: free).
    cost: Callable[[Context], int] = lambda ctx: 0
    #: Core ``ValidationFailed.field`` names that differ from the form's field names.
    error_fields: dict[str, str] = field(default_factory=dict)

    def index(self, name: str) -> int | None:
        return next((i for i, f in enumerate(self.fields) if f.name == name), None)


FORMS: dict[str, FormSpec] = {}


def register(spec: FormSpec) -> FormSpec:
    FORMS[spec.name] = spec
    return spec


# -- parsers (pure; each raises Invalid with the rule) -------------------------------------

_MONEY = re.compile(r"(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<frac>[0-9]*))?\Z")
_CURRENCY = re.compile(r"^(?:[$€£]|usd|eur|gbp)\s*|\s*(?:[$€£]|usd|eur|gbp)$", re.IGNORECASE)


def parse_money(text: str, currency: str = "usd") -> int:
    """``150`` → 15000, ``150.50`` → 15050, ``$1,200`` → 120000 (integer minor units of
    ``currency``: ``500`` JPY → 500, ``1.250`` KWD → 1250)."""
    raw = _CURRENCY.sub("", text.strip()).strip()
    if raw.startswith("-"):
        raise Invalid("form.error.money_positive")
    match = _MONEY.match(raw)
    if not match:
        raise Invalid("form.error.money")
    frac = match.group("frac") or ""
    places = exponent(currency)
    if len(frac) > places:
        raise Invalid("form.error.money_decimals", places=places)
    cents = to_minor(Decimal(f"{match.group('int').replace(',', '')}.{frac or '0'}"), currency)
    if cents <= 0:
        raise Invalid("form.error.money_positive")
    return cents


def parse_int(text: str, minimum: int, maximum: int) -> int:
    raw = text.strip().replace(",", "").rstrip("%").strip()
    if not re.fullmatch(r"-?[0-9]{1,9}", raw):
        raise Invalid("form.error.int", minimum=minimum, maximum=maximum)
    value = int(raw)
    if not minimum <= value <= maximum:
        raise Invalid("form.error.int_range", minimum=minimum, maximum=maximum, value=value)
    return value


def parse_when(text: str, now: datetime) -> datetime:
    """``in 7 days``, ``2 weeks``, ``tomorrow``, ``2026-12-01`` (end of that day, UTC) or
    ``2026-12-01 15:00`` (UTC unless an offset is given) → an aware UTC datetime in the
    future, at most a year ahead."""
    raw = " ".join(text.strip().lower().split())
    when: datetime | None = None
    if raw == "tomorrow":
        when = datetime.combine((now + timedelta(days=1)).date(), time(23, 59), UTC)
    elif raw == "today":
        when = datetime.combine(now.date(), time(23, 59), UTC)
    elif (ahead := durations.parse_duration(raw.removeprefix("in "))) is not None:
        when = now + ahead
    else:
        iso = re.sub(r"\s*utc\Z", "Z", raw)
        iso = re.sub(r"\s+(?=[+-][0-9])", "", iso).upper().replace(" ", "T")
        try:
            parsed = datetime.fromisoformat(iso)
        except ValueError:
            raise Invalid("form.error.date") from None
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
            parsed = parsed.replace(hour=23, minute=59)
        when = (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
    if when <= now:
        raise Invalid("form.error.date_past")
    if when - now > MAX_HORIZON:
        raise Invalid("form.error.date_far")
    return when


def parse_yes_no(text: str) -> bool:
    word = text.strip().lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise Invalid("form.error.yesno")


def parse_text(
    text: str, min_len: int, max_len: int, *, field: str = "text",
    rule: TextRule = TextRule.PARAGRAPHS,
) -> str:
    """A text answer, checked at its step with core's character rule (``ValidationFailed``
    naming the character) so the wizard asks again instead of failing at the end."""
    value = v.characters(field, text.strip(), rule)
    if len(value) < min_len:
        raise Invalid("form.error.text_short", minimum=min_len, length=len(value))
    if len(value) > max_len:
        raise Invalid("form.error.text_long", maximum=max_len, length=len(value))
    return value


_URL_ONLY = re.compile(r"https?://\S+\Z")


def parse_work(text: str, attachments: tuple[IncomingAttachment, ...]) -> dict[str, Any]:
    if attachments:
        a = attachments[0]
        return {
            "kind": "file",
            "ref": a.ref,
            "name": a.name,
            "size": a.size,
            "content_type": a.content_type,
            "note": text.strip(),
        }
    value = text.strip()
    if _URL_ONLY.match(value):
        return {"kind": "url", "url": value}
    if not value:
        raise Invalid("form.error.work")
    if len(value) > 4000:
        raise Invalid("form.error.text_long", maximum=4000, length=len(value))
    return {"kind": "note", "note": value}


def _match_choice(choices: list[Choice], text: str) -> str:
    word = text.strip().lower()
    for choice in choices:
        if word == choice.value.lower():
            return choice.value
    for choice in choices:
        if word == choice.label.lower():
            return choice.value
    if word.isdigit() and 1 <= int(word) <= len(choices):
        return choices[int(word) - 1].value
    raise Invalid("form.error.choice")


def _yes_no_choices(turn: Turn) -> list[Choice]:
    return [Choice("yes", turn.tr("form.yes")), Choice("no", turn.tr("form.no"))]


def _choices(turn: Turn, f: Field) -> list[Choice]:
    if f.kind is Kind.YESNO:
        return _yes_no_choices(turn)
    return f.options(turn) if f.options else []


def parse_answer(
    turn: Turn, f: Field, text: str, attachments: tuple[IncomingAttachment, ...]
) -> Any:
    match f.kind:
        case Kind.TEXT:
            return parse_text(text, f.min_len, f.max_len, field=f.name, rule=f.rule)
        case Kind.INT:
            return parse_int(text, f.minimum, f.maximum)
        case Kind.MONEY:
            cents = parse_money(text, turn.ctx.rules.currency)
            if cents > f.maximum:
                maximum = fmt.money(f.maximum, turn.ctx.rules.currency, turn.tr.language)
                raise Invalid("form.error.money_max", maximum=maximum)
            return cents
        case Kind.CHOICE:
            return _match_choice(_choices(turn, f), text)
        case Kind.DATE:
            return parse_when(text, turn.now()).isoformat()
        case Kind.YESNO:
            return parse_yes_no(text)
        case Kind.WORK:
            return parse_work(text, attachments)


# -- rendering --------------------------------------------------------------------------------


def _key(form: str, f: Field, part: str) -> str:
    return f"form.{form}.{f.name}.{part}"


def _rule(turn: Turn, f: Field) -> str:
    tr = turn.tr
    match f.kind:
        case Kind.TEXT if f.optional:
            return tr("form.rule.optional_text", maximum=f.max_len)
        case Kind.TEXT:
            return tr("form.rule.text", minimum=f.min_len, maximum=f.max_len)
        case Kind.INT:
            return tr("form.rule.int", minimum=f.minimum, maximum=f.maximum)
        case Kind.MONEY:
            return tr("form.rule.money")
        case Kind.DATE:
            return tr("form.rule.date")
        case Kind.WORK:
            return tr("form.rule.work")
        case _:
            return tr("form.rule.choice")


def display_value(turn: Turn, f: Field, value: Any) -> str:
    tr = turn.tr
    if value is None or value == "":
        return italic(tr("form.skipped"))
    match f.kind:
        case Kind.MONEY:
            return fmt.money(int(value), turn.ctx.rules.currency, turn.tr.language)
        case Kind.CHOICE:
            labels = {c.value: c.label for c in _choices(turn, f)}
            return labels.get(str(value), escape(str(value)))
        case Kind.DATE:
            when = datetime.fromisoformat(str(value))
            return f"{fmt.moment(when)} ({fmt.time_left(tr, when, turn.now())})"
        case Kind.YESNO:
            return tr("form.yes") if value else tr("form.no")
        case Kind.WORK:
            work = dict(value)
            if work["kind"] == "url":
                return link(work["url"], escape(fmt.shorten(work["url"], 80)))
            if work["kind"] == "file":
                return "📎 " + escape(str(work["name"]))
            return escape(fmt.shorten(str(work["note"]), 300))
        case _:
            return escape(fmt.shorten(str(value), 300))


def _preset_label(turn: Turn, f: Field, preset: str) -> str:
    """Presets are answers the parser accepts ("7d"); a date's label is said in the user's
    language ("in 7d")."""
    if f.kind is Kind.DATE:
        now = turn.now()
        return fmt.time_left(turn.tr, parse_when(preset, now), now)
    return preset


def _title(turn: Turn, spec: FormSpec) -> str:
    return bold(turn.tr(f"form.{spec.name}.title"))


def _nav_row(turn: Turn, form: dict[str, Any], *, skip: bool) -> tuple[Button, ...]:
    token = form["token"]
    row: list[Button] = []
    if form.get("trail"):
        row.append(turn.button("form.btn.back", encode("frm", "back", token)))
    if skip:
        row.append(turn.button("form.btn.skip", encode("frm", "skip", token)))
    row.append(turn.button("form.btn.cancel", encode("frm", "cancel", token)))
    return tuple(row)


def _applies(f: Field, form: dict[str, Any]) -> bool:
    if f.name in form.get("given", ()):
        return False
    return f.when is None or f.when(form["values"])


def _asked(spec: FormSpec, form: dict[str, Any]) -> list[Field]:
    """The questions this form asks, for its step counter: answers known when it opened are
    not asked, but those given in a modal were (so the count stays "2/4" after one)."""
    known = form.get("known", form.get("given", ()))
    return [
        f for f in spec.fields
        if f.name not in known and (f.when is None or f.when(form["values"]))
    ]


def _shown(spec: FormSpec, form: dict[str, Any]) -> list[Field]:
    given = form.get("given", ())
    return [f for f in spec.fields if f.name in given or _applies(f, form)]


def _prompt(turn: Turn, spec: FormSpec, form: dict[str, Any], error: str = "") -> Reply:
    step = int(form["step"])
    if step >= len(spec.fields):
        return _confirm_card(turn, spec, form, error, balance=None)
    f = spec.fields[step]
    asked = _asked(spec, form)
    number = next((i for i, a in enumerate(asked) if a.name == f.name), 0) + 1
    lines = []
    if error:
        lines += [error, ""]
    lines.append(turn.tr("form.progress", title=_title(turn, spec), n=number, total=len(asked)))
    lines.append(turn.tr(_key(spec.name, f, "prompt")))
    lines.append(italic(_rule(turn, f)))
    current = form["values"].get(f.name)
    if current not in (None, ""):
        lines.append(turn.tr("form.current", value=display_value(turn, f, current)))
    token = form["token"]
    rows: list[tuple[Button, ...]] = []
    choices = _choices(turn, f)
    buttons = [
        Button(c.label, action=encode("frm", "pick", token, i)) for i, c in enumerate(choices)
    ]
    buttons += [
        Button(_preset_label(turn, f, p), action=encode("frm", "set", token, i))
        for i, p in enumerate(f.presets)
    ]
    columns = max(1, f.columns)
    for i in range(0, len(buttons), columns):
        rows.append(tuple(buttons[i : i + columns]))
    if current not in (None, ""):
        # Back to an answered question (a file, most of all) must not force re-sending it.
        rows.append((turn.button("form.btn.keep", encode("frm", "keep", token)),))
    rows.append(_nav_row(turn, form, skip=f.optional))
    return Reply("\n".join(lines), buttons=tuple(rows), form=form_info(turn, spec, form))


def form_info(turn: Turn, spec: FormSpec, form: dict[str, Any]) -> FormInfo:
    """The open questions from the current one on, for front ends that ask several at once."""
    step = int(form["step"])
    questions = tuple(
        FormQuestion(
            name=f.name,
            label=to_plain(turn.tr(_key(spec.name, f, "label"))),
            kind=f.kind.value,
            optional=f.optional,
            min_len=0 if f.optional else (f.min_len if f.kind is Kind.TEXT else 1),
            max_len=f.max_len if f.kind is Kind.TEXT else 4000,
            hint=to_plain(_rule(turn, f)),
        )
        for index, f in enumerate(spec.fields)
        if index >= step and _applies(f, form)
    )
    title = to_plain(_title(turn, spec))
    return FormInfo(token=str(form["token"]), title=title, questions=questions)


def _confirm_card(
    turn: Turn, spec: FormSpec, form: dict[str, Any], error: str, balance: int | None
) -> Reply:
    tr = turn.tr
    lines = []
    if error:
        lines += [error, ""]
    lines.append(tr("form.confirm_title", title=_title(turn, spec)))
    for f in _shown(spec, form):
        label = tr(_key(spec.name, f, "label"))
        lines.append(f"{bold(label)}: {display_value(turn, f, form['values'].get(f.name))}")
    lines.append("")
    cost = spec.cost(turn.ctx)
    if cost > 0:
        lines.append(tr(f"form.{spec.name}.cost", cost=cost))
        if balance is not None:
            key = "form.balance_after" if balance >= cost else "form.balance_short"
            lines.append(tr(key, balance=balance, after=balance - cost, cost=cost))
    else:
        lines.append(tr("form.free"))
    token = form["token"]
    confirm = turn.button(f"form.{spec.name}.confirm", encode("frm", "ok", token))
    return Reply(
        "\n".join(lines),
        buttons=((confirm,), _nav_row(turn, form, skip=False)),
    )


def confirm_hint(turn: Turn, spec: FormSpec, form: dict[str, Any]) -> str:
    """How to finish, naming the buttons the confirm step really shows."""
    confirm = bold(turn.tr(f"form.{spec.name}.confirm"))
    cancel = bold(turn.tr("form.btn.cancel"))
    if form.get("trail"):
        back = bold(turn.tr("form.btn.back"))
        return turn.tr("form.confirm_hint", confirm=confirm, back=back, cancel=cancel)
    return turn.tr("form.confirm_hint_first", confirm=confirm, cancel=cancel)


async def _confirm(turn: Turn, spec: FormSpec, form: dict[str, Any], error: str = "") -> Reply:
    balance = None
    if spec.cost(turn.ctx) > 0:
        balance = (await credits.get_balance(turn.ctx, account_id=turn.actor_id)).credits
    return _confirm_card(turn, spec, form, error, balance)


async def _show(turn: Turn, spec: FormSpec, form: dict[str, Any], error: str = "") -> list[Reply]:
    if int(form["step"]) >= len(spec.fields):
        return [await _confirm(turn, spec, form, error)]
    return [_prompt(turn, spec, form, error)]


# -- the engine -------------------------------------------------------------------------------


def _next_step(spec: FormSpec, form: dict[str, Any], after: int) -> int:
    for index in range(after + 1, len(spec.fields)):
        if _applies(spec.fields[index], form):
            return index
    return len(spec.fields)


async def start_form(
    turn: Turn,
    name: str,
    params: dict[str, Any] | None = None,
    values: dict[str, Any] | None = None,
) -> list[Reply]:
    """Open form ``name`` in this chat (replacing an unfinished one) and ask the first
    question. ``params`` are fixed inputs (the order id); ``values`` are answers known
    already: those questions are skipped, and shown on the confirm step."""
    await turn.require_active()
    spec = FORMS[name]
    replaced = turn.state.form is not None
    form: dict[str, Any] = {
        "name": name,
        # The owner's id in the token lets a press on someone else's form (in a group, where
        # each member has their own form) say so instead of "no longer open".
        "token": f"{turn.actor_id}-{secrets.token_hex(4)}",
        "step": -1,
        "values": dict(values or {}),
        "params": dict(params or {}),
        "trail": [],
        "attempt": 0,
        "given": sorted(values or {}),
        "known": sorted(values or {}),
    }
    form["step"] = _next_step(spec, form, -1)
    turn.state.form = form
    await turn.save_state()
    replies = await _show(turn, spec, form)
    if replaced:
        replies.insert(0, Reply(turn.tr("form.replaced")))
    return replies


def _current(turn: Turn) -> tuple[FormSpec, dict[str, Any]]:
    form = turn.state.form
    spec = FORMS.get(str(form.get("name"))) if form else None
    if form is None or spec is None:
        turn.state.form = None
        raise Notice("form.stale")
    return spec, form


async def leave_form(turn: Turn) -> bool:
    if turn.state.form is None:
        return False
    turn.state.form = None
    await turn.save_state()
    return True


async def form_text(
    turn: Turn, text: str, attachments: tuple[IncomingAttachment, ...] = ()
) -> list[Reply]:
    """The user answered the current question (or typed back / skip / yes)."""
    spec, form = _current(turn)
    word = text.strip().lower()
    if word in BACK_WORDS:
        return await _back(turn, spec, form)
    step = int(form["step"])
    if step >= len(spec.fields):
        if word in CONFIRM_WORDS:
            return await _submit(turn, spec, form)
        return [await _confirm(turn, spec, form, confirm_hint(turn, spec, form))]
    f = spec.fields[step]
    if f.optional and word in SKIP_WORDS:
        return await _accept(turn, spec, form, f, None)
    try:
        value = parse_answer(turn, f, text, attachments)
    except Invalid as invalid:
        return [_prompt(turn, spec, form, "⚠️ " + turn.tr(invalid.key, **invalid.values))]
    except ValidationFailed as failed:
        return [_prompt(turn, spec, form, "⚠️ " + error_text(turn.tr, failed))]
    return await _accept(turn, spec, form, f, value)


async def form_action(turn: Turn, action: Action) -> list[Reply]:
    """A form button: ``frm:<verb>:<token>[:<index>]``; a button of a form that is no
    longer open changes nothing."""
    form = turn.state.form
    token = action.arg(0) or ""
    if form is None or token != form.get("token"):
        owner, dash, _ = token.partition("-")
        if dash and owner.isdigit() and int(owner) != turn.actor_id:
            raise Notice("form.not_yours")
        raise Notice("form.stale")
    spec, form = _current(turn)
    step = int(form["step"])
    f = spec.fields[step] if step < len(spec.fields) else None
    match action.verb:
        case "back":
            return await _back(turn, spec, form)
        case "ask":
            return await _show(turn, spec, form)
        case "fill":
            return await _fill(turn, spec, form, dict(turn.incoming.form_values))
        case "cancel":
            await leave_form(turn)
            return turn.say("form.cancelled", title=_title(turn, spec), edit=True)
        case "ok" if f is None:
            return await _submit(turn, spec, form)
        case "skip" if f is not None and f.optional:
            return await _accept(turn, spec, form, f, None)
        case "keep" if f is not None and form["values"].get(f.name) not in (None, ""):
            return await _accept(turn, spec, form, f, form["values"][f.name])
        case "pick" if f is not None:
            choices = _choices(turn, f)
            index = action.int_arg(1)
            if index is None or index >= len(choices):
                raise Notice("form.stale")
            value: Any = choices[index].value
            if f.kind is Kind.YESNO:
                value = value == "yes"
            return await _accept(turn, spec, form, f, value)
        case "set" if f is not None:
            index = action.int_arg(1)
            if index is None or index >= len(f.presets):
                raise Notice("form.stale")
            return await form_text(turn, f.presets[index])
    raise Notice("form.stale")


async def _accept(
    turn: Turn, spec: FormSpec, form: dict[str, Any], f: Field, value: Any
) -> list[Reply]:
    if f.normalize is not None and value is not None:
        try:
            value = await f.normalize(turn, form["values"], value)
        except Invalid as invalid:
            return [_prompt(turn, spec, form, "⚠️ " + turn.tr(invalid.key, **invalid.values))]
        except ValidationFailed as failed:
            return [_prompt(turn, spec, form, "⚠️ " + error_text(turn.tr, failed))]
    step = int(form["step"])
    form["values"][f.name] = value
    form["trail"].append(step)
    form["step"] = _next_step(spec, form, step)
    await turn.save_state()
    return await _show(turn, spec, form)


async def _fill(
    turn: Turn, spec: FormSpec, form: dict[str, Any], answers: dict[str, str]
) -> list[Reply]:
    """Several answers at once (a Discord modal): each valid one is taken (and shown on the
    confirm step, like a value known in advance); an invalid or missing one stays open and
    is asked next, with the rules that were broken."""
    errors: list[str] = []
    given = set(form.get("given", ()))
    step = int(form["step"])
    for index, f in enumerate(spec.fields):
        if index < step or f.name not in answers or not _applies(f, form):
            continue
        text = answers[f.name]
        value: Any
        if not text.strip():
            if not f.optional:
                continue
            value = None
        else:
            try:
                value = parse_answer(turn, f, text, ())
                if f.normalize is not None:
                    value = await f.normalize(turn, form["values"], value)
            except Invalid as invalid:
                errors.append(f"{_label(turn, spec, f)}: {turn.tr(invalid.key, **invalid.values)}")
                continue
            except ValidationFailed as failed:
                errors.append(f"{_label(turn, spec, f)}: {error_text(turn.tr, failed)}")
                continue
        form["values"][f.name] = value
        given.add(f.name)
    form["given"] = sorted(given)
    # Questions before the current one were answered already; continue from it.
    form["step"] = _next_step(spec, form, step - 1)
    await turn.save_state()
    return await _show(turn, spec, form, "\n".join("⚠️ " + e for e in errors))


def _label(turn: Turn, spec: FormSpec, f: Field) -> str:
    return bold(turn.tr(_key(spec.name, f, "label")))


async def _back(turn: Turn, spec: FormSpec, form: dict[str, Any]) -> list[Reply]:
    if not form["trail"]:
        return [_prompt(turn, spec, form, turn.tr("form.first_question"))]
    form["step"] = form["trail"].pop()
    await turn.save_state()
    return await _show(turn, spec, form)


async def _submit(turn: Turn, spec: FormSpec, form: dict[str, Any]) -> list[Reply]:
    # A double tap, or the same tap delivered to two processes, must not submit twice.
    key = f"form:{form['token']}:{form.get('attempt', 0)}"
    async with turn.ctx.uow() as uow:
        first = await uow.dedup.first_time(key, turn.now())
        await uow.commit()
    if not first:
        raise Notice("form.already_submitted")
    try:
        replies = await spec.submit(turn, dict(form["values"]), dict(form["params"]))
    except InsufficientCredits as short:
        form["attempt"] = int(form.get("attempt", 0)) + 1
        await turn.save_state()
        return [await _confirm(turn, spec, form, "⚠️ " + error_text(turn.tr, short))]
    except ValidationFailed as failed:
        form["attempt"] = int(form.get("attempt", 0)) + 1
        target = spec.index(spec.error_fields.get(failed.field or "", failed.field or ""))
        if target is None:
            await turn.save_state()
            return [await _confirm(turn, spec, form, "⚠️ " + error_text(turn.tr, failed))]
        form["step"] = target
        form["trail"] = [s for s in form["trail"] if s < target]
        await turn.save_state()
        return [_prompt(turn, spec, form, "⚠️ " + error_text(turn.tr, failed))]
    except MarketplaceError:
        # The form cannot succeed any more (the order moved on, access was lost): close it.
        await leave_form(turn)
        raise
    await leave_form(turn)
    return replies
