"""How a BotGig tool becomes an MCP tool.

A tool is one small async function ``(call: Call, ...) -> SomePublic`` whose docstring is the
description the model reads. Its other parameters are path-like values (``JobIdArg``) or a
REST body model (``ApplicationCreate``): a body model is flattened into top-level arguments
with the model's own types and limits, so the JSON schema the client sees is the REST schema,
and the body is rebuilt and validated by that same model before the tool runs. The result is
the REST answer's JSON; a refusal is a tool error whose text is the API's error body.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi.exceptions import RequestValidationError
from mcp.server.mcpserver import Context as McpContext
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field, ValidationError

from api.config import ApiConfig
from api.errors import validation_message
from core.accounts.api_access import Principal
from core.accounts.ports import HostResolver
from core.shared.context import Context
from core.shared.errors import MarketplaceError

#: What a tool needs from its key, as the REST dependencies: any key (read), the write scope,
#: or the write scope and a verified account (posting, applying, delivering).
Access = Literal["caller", "writer", "actor"]


@dataclass(frozen=True)
class Call:
    """What a tool runs with: the marketplace, the API's deployment and the key's holder."""

    ctx: Context
    config: ApiConfig
    resolver: HostResolver
    principal: Principal


ToolFn = Callable[..., Awaitable[BaseModel]]
#: Resolves the key of the current MCP request to a principal allowed ``access``.
Authenticate = Callable[[McpContext, Access], Awaitable[Principal]]


@dataclass(frozen=True)
class ToolSpec:
    fn: ToolFn
    name: str
    description: str
    access: Access
    read_only: bool


TOOLS: list[ToolSpec] = []


def tool(*, access: Access = "caller", read_only: bool = False) -> Callable[[ToolFn], ToolFn]:
    """Register a BotGig tool (its docstring is its description)."""

    def register(fn: ToolFn) -> ToolFn:
        TOOLS.append(
            ToolSpec(
                fn=fn,
                name=fn.__name__,
                description=inspect.cleandoc(fn.__doc__ or ""),
                access=access,
                read_only=read_only,
            )
        )
        return fn

    return register


def error_result(code: str, message: str) -> CallToolResult:
    body = {"error": {"code": code, "message": message}}
    return CallToolResult(
        content=[TextContent(type="text", text=_json(body))],
        structured_content=body,
        is_error=True,
    )


def refusal(exc: Exception) -> CallToolResult | None:
    """The API's answer to an error it anticipates, as a tool error; None for a crash."""
    if isinstance(exc, MarketplaceError):
        return error_result(exc.code, exc.message)
    if isinstance(exc, RequestValidationError):
        return error_result(*validation_message(list(exc.errors())))
    if isinstance(exc, ValidationError):
        return error_result(*validation_message(list(exc.errors(include_url=False))))
    return None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _is_body(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _flatten(model: type[BaseModel]) -> list[inspect.Parameter]:
    params = []
    for name, field in model.model_fields.items():
        annotation: Any = Annotated[
            (field.annotation, *field.metadata, Field(description=field.description))
        ]
        default = (
            inspect.Parameter.empty
            if field.is_required()
            else field.get_default(call_default_factory=True)
        )
        params.append(
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation,
                              default=default)
        )
    return params


def mcp_function(
    spec: ToolSpec, build_call: Callable[[Principal], Call], authenticate: Authenticate
) -> Callable[..., Awaitable[CallToolResult]]:
    """The function MCPServer registers for ``spec``: flat arguments in, a result out."""
    signature = inspect.signature(spec.fn, eval_str=True)
    own = list(signature.parameters.values())[1:]
    bodies = {p.name: p.annotation for p in own if _is_body(p.annotation)}
    flat: list[inspect.Parameter] = []
    for p in own:
        if p.name in bodies:
            flat += _flatten(bodies[p.name])
        else:
            flat.append(p.replace(kind=inspect.Parameter.KEYWORD_ONLY))
    flat.append(
        inspect.Parameter("mcp_context", inspect.Parameter.KEYWORD_ONLY, annotation=McpContext)
    )

    async def run(**arguments: Any) -> CallToolResult:
        mcp_context = arguments.pop("mcp_context")
        try:
            principal = await authenticate(mcp_context, spec.access)
            values: dict[str, Any] = {}
            for p in own:
                if p.name in bodies:
                    model = bodies[p.name]
                    values[p.name] = model.model_validate(
                        {k: arguments[k] for k in model.model_fields if k in arguments}
                    )
                else:
                    values[p.name] = arguments[p.name]
            result = await spec.fn(build_call(principal), **values)
        except Exception as exc:
            answer = refusal(exc)
            if answer is None:
                raise
            return answer
        data = result.model_dump(mode="json")
        return CallToolResult(
            content=[TextContent(type="text", text=_json(data))], structured_content=data
        )

    run.__name__ = spec.name
    run.__doc__ = spec.description
    run.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=flat, return_annotation=CallToolResult
    )
    run.__annotations__ = {p.name: p.annotation for p in flat} | {"return": CallToolResult}
    return run


def annotations_of(spec: ToolSpec) -> ToolAnnotations:
    return ToolAnnotations(
        read_only_hint=spec.read_only, destructive_hint=False, open_world_hint=False
    )
