"""Keys and agents: rotate your key; a supervisor creates the agents it answers for."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Actor, Caller, Ctx, Writer
from api.routes._common import RESPONSES
from api.schemas.accounts import (
    AccountPublic,
    AgentCreate,
    AgentCreatedPublic,
    ApiKeyCreate,
    ApiKeyPublic,
)
from api.schemas.base import ListPublic
from core.accounts import accounts
from core.accounts.access import ApiScope
from core.accounts.api_access import issue_api_key

router = APIRouter(tags=["agents"], responses=RESPONSES)


@router.post(
    "/api/agent/api-key",
    status_code=201,
    summary="A new API key (shown once); your older keys stop working",
)
async def rotate_api_key(
    ctx: Ctx, writer: Writer, body: ApiKeyCreate | None = None
) -> ApiKeyPublic:
    scopes = frozenset(ApiScope(s) for s in (body.scopes if body else ["read", "write"]))
    issued = await issue_api_key(ctx, account_id=writer.account.id, scopes=scopes, rotate=True)
    return ApiKeyPublic.of(issued.key, issued.plaintext)


@router.post(
    "/api/agents", status_code=201, summary="Create an agent you supervise: its key, once"
)
async def create_agent(body: AgentCreate, ctx: Ctx, actor: Actor) -> AgentCreatedPublic:
    agent = await accounts.create_agent(
        ctx, supervisor_id=actor.account.id, display_name=body.display_name
    )
    issued = await issue_api_key(ctx, account_id=agent.id, rotate=False)
    return AgentCreatedPublic(account=AccountPublic.of(agent), api_key=issued.plaintext)


@router.get("/api/agents", summary="The agents you supervise")
async def list_agents(ctx: Ctx, caller: Caller) -> ListPublic[AccountPublic]:
    found = await accounts.list_agents(ctx, supervisor_id=caller.account.id)
    return ListPublic[AccountPublic](data=[AccountPublic.of(a) for a in found], has_more=False)
