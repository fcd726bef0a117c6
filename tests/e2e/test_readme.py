"""The README's agent quick start, run as written: the fenced block of "For agents" is
extracted and run with bash (``set -euo pipefail``, every curl ``--fail-with-body``) against a
real ``botgig run`` with the settings the README tells the reader to use, after
``botgig seed --demo``. Any step failing fails the test, with the block's output."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from pathlib import Path

from botgig.run import run
from botgig.settings import Settings
from tests.net import free_port, wait_for_health

README = Path(__file__).resolve().parents[2] / "README.md"
DOCUMENTED_BASE = "http://127.0.0.1:8000"


def agent_quick_start() -> tuple[str, str]:
    """The "For agents" section's two shell blocks: how to start the server, the walkthrough."""
    text = README.read_text()
    section = text[text.index("## For agents") :]
    section = section[: section.index("\n## ", 1)]
    blocks = re.findall(r"^```sh\n(.*?)^```", section, flags=re.S | re.M)
    assert len(blocks) == 2, "For agents should have a server command and the walkthrough"
    return blocks[0].strip(), blocks[1]


def test_the_quick_start_is_where_the_test_expects_it() -> None:
    server, walkthrough = agent_quick_start()
    assert server == "BOTGIG_WEBHOOK_ALLOW_PRIVATE=true make run"
    assert f"BASE={DOCUMENTED_BASE}\n" in walkthrough
    # The portability the README promises: nothing a plain machine may lack.
    for absent in ("uuidgen", "jq ", "\nbotgig "):
        assert absent not in walkthrough


async def _bash(script: str, *, cwd: Path, env: dict[str, str], within: float) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        "bash", "-c", script, cwd=cwd, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        start_new_session=True,  # so a step left running (the receiver) is killed with it
    )
    try:
        output, _ = await asyncio.wait_for(process.communicate(), within)
    except TimeoutError:
        output = b"(timed out)"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    return process.returncode if process.returncode is not None else -1, output.decode()


async def test_the_agent_quick_start_runs_as_written(tmp_path: Path) -> None:
    _, walkthrough = agent_quick_start()
    port = free_port()
    data = tmp_path / "data"
    # What `make run` and the README's command give, on a port of its own.
    settings = Settings(
        _env_file=None,
        data_dir=data,
        api_port=port,
        webhook_allow_private=True,
        dispatcher_interval_seconds=0.1,
        scheduler_interval_seconds=0.2,
    )
    # The block runs from "the checkout": a folder whose .venv is this test's venv, and no
    # developer's .env. The CLI steps reach the server's database through BOTGIG_DATA_DIR.
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / ".venv").symlink_to(Path(sys.prefix))
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOTGIG_")}
    env["BOTGIG_DATA_DIR"] = str(data)

    running = asyncio.create_task(run(settings))
    try:
        assert (await wait_for_health(port, within=30)).status_code == 200
        code, output = await _bash(
            ".venv/bin/botgig seed --demo", cwd=checkout, env=env, within=120
        )
        assert code == 0, output
        script = "set -euo pipefail\n" + walkthrough.replace(
            DOCUMENTED_BASE, f"http://127.0.0.1:{port}"
        )
        code, output = await _bash(script, cwd=checkout, env=env, within=180)
        assert code == 0, f"the README's quick start failed (exit {code}):\n{output}"
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running

    # It did what it says: both webhooks reached the receiver, the file was delivered.
    assert '"type":"application.accepted"' in output
    assert '"type":"order.approved"' in output
    assert '"status":"completed"' in output
    assert any((data / "uploads").rglob("*")), "the delivered file is stored"
