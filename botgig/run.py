"""``botgig run``: every part the settings allow (``--only``: one), in one process, until
SIGINT/SIGTERM or a part fails."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import signal
import socket
from collections.abc import Coroutine, Iterator
from typing import Any

from botgig.settings import Settings, parse_trusted_proxies
from botgig.startup import StartupError, bootstrap_or_exit, migrate

PARTS = ("api", "telegram", "discord", "admin", "worker")
#: How long the API gets to finish its requests and lifespan when BotGig stops, and every
#: part to finish when ``run`` is cancelled.
API_SHUTDOWN_SECONDS = 10.0
STOP_SECONDS = 15.0
log = logging.getLogger("botgig")


def plan(settings: Settings, only: str | None) -> dict[str, str | None]:
    """Which parts run (None) and, for the others, why not."""
    wanted = set(PARTS) if only is None else {only}
    reasons: dict[str, str | None] = {}
    for part in PARTS:
        if part not in wanted:
            reasons[part] = f"--only {only}"
        elif part == "telegram" and settings.telegram_token is None:
            reasons[part] = "BOTGIG_TELEGRAM_TOKEN is not set"
        elif part == "discord" and settings.discord_token is None:
            reasons[part] = "BOTGIG_DISCORD_TOKEN is not set"
        elif part == "admin":
            # The admin channel is a router and a sink of the Telegram bot (one token, one
            # getUpdates consumer), so it runs wherever the Telegram part runs.
            if settings.telegram_admin_chat_id is None:
                reasons[part] = "BOTGIG_TELEGRAM_ADMIN_CHAT_ID is not set"
            elif settings.telegram_token is None:
                reasons[part] = "BOTGIG_TELEGRAM_TOKEN is not set"
            elif "telegram" not in wanted:
                reasons[part] = "the admin channel runs inside the Telegram bot (--only telegram)"
            else:
                reasons[part] = None
        else:
            reasons[part] = None
    return reasons


def sink_names(settings: Settings) -> frozenset[str]:
    """Every outbox sink the settings configure: an event is done when all of them have it.

    The same settings give the same set in every process, whichever part it runs, so a
    notification waits for the Telegram bot's process even while only the workers are up.
    """
    names = {"webhooks"}
    if settings.sandbox_on:
        names |= {"sandbox", "sandbox-admin"}
    if settings.telegram_token is not None:
        names.add("telegram")
        if settings.telegram_admin_chat_id is not None:
            names.add("telegram-admin")
    if settings.discord_token is not None:
        names.add("discord")
        if settings.discord_admin_channel_id is not None:
            names.add("discord-admin")
    return frozenset(names)


def bind_api_socket(host: str, port: int) -> socket.socket:
    """The API's listening socket, bound before anything else starts so a taken port is a
    clear ``StartupError`` (uvicorn would print a traceback after the start-up lines)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise StartupError(
            f"BOTGIG_API_HOST {host!r} is not an address of this machine ({exc.strerror})"
        ) from exc
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise StartupError(
                f"port {port} on {host} is already in use (is BotGig already running?): stop "
                "what holds it or set BOTGIG_API_PORT to a free port"
            ) from exc
        raise StartupError(
            f"cannot listen on {host}:{port}: {exc.strerror}; check BOTGIG_API_HOST and "
            "BOTGIG_API_PORT"
        ) from exc
    return sock


async def run(settings: Settings, *, only: str | None = None) -> None:
    from botgig.bootstrap import sync_moderators
    from botgig.crypto import why_crypto_is_off
    from botgig.workers import Dispatcher, run_scheduler

    parts = plan(settings, only)
    api_socket = bind_api_socket(settings.api_host, settings.api_port) if (
        parts["api"] is None
    ) else None
    print(f"  data      {settings.data_dir}", flush=True)
    print(f"  database  {settings.masked_database_url()}", flush=True)
    try:
        await migrate(settings)
    except BaseException:
        if api_socket is not None:
            api_socket.close()
        raise
    container = bootstrap_or_exit(settings)
    ctx = container.ctx
    await sync_moderators(container)
    for part, reason in parts.items():
        print(f"  {part:<9} {'on' if reason is None else 'off (' + reason + ')'}", flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)

    jobs: list[Coroutine[Any, Any, None]] = []
    closers: list[Any] = []
    if settings.sandbox_on:
        # Its sinks write into the database, so they are the workers' like the webhooks.
        container.sandbox()
    # The outbox sinks this process delivers: the workers' (webhooks, the sandbox's) and
    # those of the chat front ends it runs, which send through their own bot (one pacer per
    # Telegram bot).
    worker_sinks = list(container.sinks)
    chat_sinks = len(container.sinks)
    if parts["telegram"] is None:
        front = container.telegram()
        closers.append(front.close)
        jobs.append(_until(stop, front.start()))
    if parts["discord"] is None:
        discord_front = container.discord()
        closers.append(discord_front.close)
        jobs.append(_until(stop, discord_front.start()))
    sinks = (worker_sinks if parts["worker"] is None else []) + container.sinks[chat_sinks:]
    if sinks:
        from storage.outbox import OutboxStore

        dispatcher = Dispatcher(
            OutboxStore(container.engine),
            sinks,
            expected=sink_names(settings),
            lease_seconds=settings.worker_lease_seconds,
        )
        jobs.append(dispatcher.run(interval=settings.dispatcher_interval_seconds, stop=stop))
    if api_socket is not None:
        jobs.append(_serve_api(container, stop, api_socket))
    if parts["worker"] is None:
        jobs.append(run_scheduler(ctx, interval=settings.scheduler_interval_seconds, stop=stop))
        jobs.append(_retention_job(container, stop))
        from botgig.bootstrap import webhook_sender_for

        jobs.append(
            webhook_sender_for(container).run(
                interval=settings.dispatcher_interval_seconds, stop=stop
            )
        )
        if ctx.escrow is not None:
            from botgig.stripe import run_payment_worker

            print("  payments  on (Stripe escrow)", flush=True)
            jobs.append(
                run_payment_worker(ctx, interval=settings.scheduler_interval_seconds, stop=stop)
            )
        else:
            from botgig.stripe import why_escrow_is_off

            print(f"  payments  off ({why_escrow_is_off(settings)})", flush=True)
        if container.chain_watcher is not None:
            print(f"  chain     on ({container.ctx.crypto.rules.network_name})", flush=True)
            jobs.append(container.chain_watcher.run(stop, settings.chain_poll_seconds))
        else:
            print(f"  chain     off ({why_crypto_is_off(settings)})", flush=True)
    if not jobs:
        print("nothing to run", flush=True)
        return
    from botgig.observability import heartbeat_job

    jobs.append(heartbeat_job(container, [p for p, why in parts.items() if why is None], stop))

    async def guarded(job: Coroutine[Any, Any, None]) -> None:
        # One part failing stops the others, so the process exits and a supervisor restarts it.
        try:
            await job
        except Exception:
            log.exception("a part of BotGig failed; stopping")
            stop.set()
            raise

    tasks = [asyncio.ensure_future(guarded(job)) for job in jobs]
    try:
        try:
            # Every part runs until ``stop`` (a signal, or a part failing); run returns only
            # when all of them have finished, so none outlives the closing below.
            await asyncio.shield(asyncio.wait(tasks))
        except asyncio.CancelledError:
            # Cancelled from outside (a program embedding BotGig, a test): stop the parts as
            # SIGTERM does, and cancel only those that do not finish in time.
            stop.set()
            _, late = await asyncio.wait(tasks, timeout=STOP_SECONDS)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late, timeout=STOP_SECONDS)
            raise
        for task in tasks:
            task.result()  # the part that failed, if one did
    finally:
        for close in closers:
            await close()
        await container.close()


async def _retention_job(container: Any, stop: asyncio.Event) -> None:
    from botgig.retention import retention_policy, run_retention
    from storage.retention import RetentionStore

    settings = container.settings
    await run_retention(
        RetentionStore(container.engine),
        retention_policy(settings),
        interval=settings.retention_interval_seconds,
        batch=settings.retention_batch,
        stop=stop,
        clock=container.ctx.clock,
    )


async def _until(stop: asyncio.Event, job: Coroutine[Any, Any, None]) -> None:
    task = asyncio.ensure_future(job)
    stopper = asyncio.ensure_future(stop.wait())
    done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    for pending in (task, stopper):
        if pending not in done:
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pending
    if task in done:
        task.result()


def uvicorn_config(settings: Settings, app: Any) -> Any:
    """How uvicorn serves the API. Forwarded headers are believed only from
    ``BOTGIG_TRUSTED_PROXIES`` (uvicorn's own default trusts loopback, so anything behind a
    local proxy, or any local process, could pick its client address)."""
    import uvicorn

    trusted = parse_trusted_proxies(settings.trusted_proxies)
    return uvicorn.Config(
        app,
        host=settings.api_host,
        port=settings.api_port,
        log_level=settings.log_level.lower(),
        # The app's lifespan runs the MCP server's session manager.
        lifespan="on",
        # Logging is set up once for the process (botgig.logging_config), requests included.
        log_config=None,
        access_log=False,
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted,
    )


def api_app(container: Any) -> Any:
    """The API's ASGI app, with the web front end's routes the settings turn on (api/ and
    bots/web never import each other: they meet here)."""
    from api.app import create_app
    from botgig.bootstrap import api_config_from, mailer_from, mount_web
    from botgig.observability import monitor_for

    settings = container.settings
    app = create_app(
        container.ctx,
        health_check=container.health_check,
        config=api_config_from(settings),
        mailer=mailer_from(settings),
        monitor=monitor_for(container),
    )
    mount_web(app, container)
    if settings.sandbox_on:
        from bots.web.sandbox_http import sandbox_router

        app.include_router(sandbox_router(container.sandbox()))
    return app


async def _serve_api(container: Any, stop: asyncio.Event, sock: socket.socket) -> None:
    import uvicorn

    class _QuietServer(uvicorn.Server):
        # The process handles SIGINT/SIGTERM itself: one stop event for every part.
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            yield

    settings = container.settings
    app = api_app(container)
    server = _QuietServer(uvicorn_config(settings, app))
    print(
        f"  API on http://{settings.api_host}:{settings.api_port} (health: /health, docs: /docs)",
        flush=True,
    )
    if settings.sandbox_on:
        print(
            f"  sandbox   on: open {settings.public_url}/sandbox (personas side by side, no "
            "chat token; BOTGIG_SANDBOX=false turns it off)",
            flush=True,
        )
    serve = asyncio.ensure_future(server.serve(sockets=[sock]))
    try:
        await stop.wait()
    finally:
        # Stopped or cancelled, uvicorn shuts down in its own way (connections, then the
        # lifespan); a serve task left behind would outlive ``run`` and block the loop's close.
        server.should_exit = True
        done, _ = await asyncio.wait({serve}, timeout=API_SHUTDOWN_SECONDS)
        if done:
            serve.result()  # uvicorn's own failure, if it had one
        else:
            serve.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await serve
