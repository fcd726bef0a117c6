"""One mapping between the dataclasses of the core and table rows, driven by each dataclass's
fields and their resolved type hints (see docs/decisions.md, "Storage mapping").

A ``RowMapper(Offer)`` turns an ``Offer`` into the dict of its columns and a row back into an
``Offer``:

* a ``StrEnum`` is stored as its value and read back as the member;
* ``X | None`` maps ``None`` to ``NULL`` and anything else as ``X``;
* a nested dataclass is a JSON object (missing keys take the field's default, an empty or
  absent object reads as ``None``); its datetimes are ISO 8601 text;
* tuples, lists and frozensets are JSON lists (frozensets sorted, so a row is stable);
* datetimes are read back as aware UTC (from a naive value or ISO text too);
* ``int``, ``bool`` and ``bytes`` are coerced (SQLite's 0/1, PostgreSQL's numeric sums and
  memoryviews).

Where a field's column has another name or another representation, the mapper declares it
once (``columns=``, ``encoders=``).
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Generic, TypeVar, Union, get_args, get_origin, get_type_hints

E = TypeVar("E")
Convert = Callable[[Any], Any]
RowLike = Mapping[Any, Any]


class RowMapper(Generic[E]):
    """Row <-> ``entity`` conversion; ``in_json`` is the variant for a nested JSON object."""

    def __init__(
        self,
        entity: type[E],
        *,
        columns: Mapping[str, str] | None = None,
        encoders: Mapping[str, Convert] | None = None,
        in_json: bool = False,
    ) -> None:
        if not dataclasses.is_dataclass(entity):
            raise TypeError(f"{entity!r} is not a dataclass")
        names = {f.name for f in dataclasses.fields(entity)}
        unknown = (set(columns or ()) | set(encoders or ())) - names
        if unknown:
            raise TypeError(f"{entity.__name__} has no field {', '.join(sorted(unknown))}")
        hints = get_type_hints(entity)
        self._entity = entity
        # (field, column, converter or None when the value passes through unchanged)
        self._encode: list[tuple[str, str, Convert | None]] = []
        self._decode: list[tuple[str, str, Convert | None]] = []
        self._columns: dict[str, str] = {}
        for f in dataclasses.fields(entity):
            column = (columns or {}).get(f.name, f.name)
            encode, decode = _codec(hints[f.name], in_json=in_json)
            self._columns[f.name] = column
            self._encode.append((f.name, column, (encoders or {}).get(f.name, encode)))
            self._decode.append((f.name, column, decode))
        self._all_columns = self._compile_row()
        self._from_row = self._from_json if in_json else self._compile_entity()

    def row(self, entity: E, *, without: Collection[str] = ("id",)) -> dict[str, Any]:
        """The column values of ``entity``; ``without`` leaves fields out (by default the id,
        which the database assigns and an UPDATE never changes)."""
        values = self._all_columns(entity)
        for name in without:
            if name in self._columns:
                del values[self._columns[name]]
        return values

    def entity(self, row: RowLike) -> E:
        """A fresh entity from a row (every column of the entity must be in it; in a JSON
        object, missing keys take the field's default)."""
        return self._from_row(row)

    def _from_json(self, row: RowLike) -> E:
        return self._entity(**{
            name: row[column] if decode is None else decode(row[column])
            for name, column, decode in self._decode
            if column in row
        })

    # Rows are converted by functions compiled once per dataclass (as ``dataclasses`` does
    # for ``__init__``): a generic loop over the fields costs twice a hand-written mapper on
    # every row read.

    def _compile_row(self) -> Callable[[E], dict[str, Any]]:
        namespace: dict[str, Any] = {}
        items = []
        for i, (name, column, encode) in enumerate(self._encode):
            if encode is None:
                items.append(f"{column!r}: entity.{name}")
            else:
                namespace[f"encode{i}"] = encode
                items.append(
                    f"{column!r}: None if (v{i} := entity.{name}) is None else encode{i}(v{i})"
                )
        return _compiled("entity", "{" + ", ".join(items) + "}", namespace)

    def _compile_entity(self) -> Callable[[RowLike], E]:
        namespace: dict[str, Any] = {"Entity": self._entity}
        args = []
        for i, (name, column, decode) in enumerate(self._decode):
            if decode is None:
                args.append(f"{name}=row[{column!r}]")
            else:
                namespace[f"decode{i}"] = decode
                args.append(f"{name}=decode{i}(row[{column!r}])")
        return _compiled("row", f"Entity({', '.join(args)})", namespace)


def _compiled(parameter: str, expression: str, namespace: dict[str, Any]) -> Convert:
    exec(f"def convert({parameter}):\n    return {expression}\n", namespace)
    convert: Convert = namespace["convert"]
    return convert


def utc(value: datetime | str) -> datetime:
    """An aware UTC datetime from a stored time (SQLite may hand back naive values or, from
    an aggregate or a JSON document, ISO text)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if moment.tzinfo is UTC:
        return moment
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _codec(hint: Any, *, in_json: bool) -> tuple[Convert | None, Convert | None]:
    """(encode, decode) for one type hint; None stands for "unchanged"."""
    origin, args = get_origin(hint), get_args(hint)
    if origin is Union or origin is types.UnionType:
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"cannot map the union {hint!r}")
        encode, decode = _codec(inner[0], in_json=in_json)
        return encode, _optional(decode, empty_is_none=dataclasses.is_dataclass(inner[0]))
    if origin in (tuple, list, frozenset, set):
        item_encode, item_decode = _codec(args[0], in_json=True) if args else (None, None)
        return _list_encoder(item_encode, ordered=origin in (tuple, list)), _collection_decoder(
            origin, item_decode
        )
    if origin is dict or hint is dict:
        return dict, _dict_or_empty
    if isinstance(hint, type):
        if issubclass(hint, Enum):
            return _enum_value, hint
        if dataclasses.is_dataclass(hint):
            nested: RowMapper[Any] = RowMapper(hint, in_json=True)
            return lambda value: nested.row(value, without=()), nested.entity
        if issubclass(hint, datetime):
            return (datetime.isoformat if in_json else None), utc
        if hint is bool:
            return None, bool
        if hint is int:
            return None, int
        if hint is bytes:
            return None, bytes
    return None, None


def _optional(decode: Convert | None, *, empty_is_none: bool) -> Convert | None:
    if decode is None:
        return None
    if empty_is_none:
        return lambda value: decode(value) if value else None
    return lambda value: None if value is None else decode(value)


def _enum_value(member: Enum) -> Any:
    return member.value


def _dict_or_empty(value: Mapping[str, Any] | None) -> dict[str, Any]:
    return dict(value or {})


def _list_encoder(item: Convert | None, *, ordered: bool) -> Convert:
    def encode(values: Collection[Any]) -> list[Any]:
        items = [v if item is None else item(v) for v in values]
        return items if ordered else sorted(items)

    return encode


def _collection_decoder(kind: Any, item: Convert | None) -> Convert:
    def decode(values: Collection[Any] | None) -> Any:
        return kind(v if item is None else item(v) for v in values or ())

    return decode
