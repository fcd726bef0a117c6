"""What every body builds on: the strict request base, examples, list pages, ids."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

#: Path and query ids: positive and small enough for any database's BIGINT.
MAX_ID = 2**53


def sid(value: int | None) -> str | None:
    return None if value is None else str(value)


class Strict(BaseModel):
    model_config = ConfigDict(extra="ignore")


def example(body: dict[str, Any]) -> ConfigDict:
    """A request body's example in the OpenAPI document; merged with the base's settings."""
    return ConfigDict(json_schema_extra={"examples": [body]})


class ListPublic(BaseModel, Generic[T]):
    data: list[T]
    has_more: bool


IdIn = Annotated[int, Field(ge=1, le=MAX_ID)]


class StatusPublic(BaseModel):
    status: str
    detail: str | None = None
