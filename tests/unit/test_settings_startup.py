"""What an operator sees when start-up cannot go on: the real ``botgig`` command in a
subprocess, one clear line on stderr and a non-zero exit, the traceback only with --debug;
and what start-up prints (the data directory, the database URL without its password)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from botgig.run import run
from botgig.settings import Settings
from tests.net import free_port, wait_for_health

BOTGIG = Path(sys.executable).with_name("botgig")


def _botgig(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BOTGIG_")}
    clean["BOTGIG_DATA_DIR"] = str(tmp_path / "data")
    # The working directory is tmp_path, so no developer's .env is read.
    return subprocess.run(
        [str(BOTGIG), *args],
        cwd=tmp_path,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _one_clear_line(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("BotGig cannot start: ")
    for text in expected:
        assert text in lines[0]


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _botgig(tmp_path, "run", "--only", "api", BOTGIG_API_PORT=str(port))
        debug = _botgig(tmp_path, "run", "--only", "api", "--debug", BOTGIG_API_PORT=str(port))

    _one_clear_line(result, f"port {port} on 127.0.0.1 is already in use", "BOTGIG_API_PORT")
    assert debug.returncode != 0
    assert "Traceback" in debug.stderr and "StartupError" in debug.stderr


def test_an_unreachable_database_is_one_line(tmp_path: Path) -> None:
    url = f"postgresql+asyncpg://botgig:s3cret@127.0.0.1:{free_port()}/botgig"

    result = _botgig(tmp_path, "migrate", BOTGIG_DATABASE_URL=url)
    debug = _botgig(tmp_path, "--debug", "migrate", BOTGIG_DATABASE_URL=url)

    _one_clear_line(
        result,
        "cannot open the database postgresql+asyncpg://botgig:***@127.0.0.1",
        "BOTGIG_DATABASE_URL",
    )
    assert "s3cret" not in result.stderr
    assert "Traceback" in debug.stderr


def test_a_database_migrated_by_an_unknown_revision_is_one_line(tmp_path: Path) -> None:
    database = tmp_path / "future.db"
    assert _botgig(tmp_path, "migrate", BOTGIG_DATABASE_URL=f"sqlite+aiosqlite:///{database}")\
        .returncode == 0
    with contextlib.closing(sqlite3.connect(database)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")

    result = _botgig(tmp_path, "run", BOTGIG_DATABASE_URL=f"sqlite+aiosqlite:///{database}")

    _one_clear_line(result, "cannot migrate the database", "9999_from_the_future")


def test_a_misspelt_setting_is_a_warning_naming_the_right_one(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("BOTGIG_DISPATCHER_INTERVAL_SECOND=0.5\n")

    result = _botgig(tmp_path, "migrate", BOTGIG_API_PROT="9000")

    assert result.returncode == 0, result.stderr
    assert (
        "warning: BOTGIG_API_PROT (in the environment) is not a BotGig setting and is "
        "ignored; did you mean BOTGIG_API_PORT?"
    ) in result.stderr
    assert "did you mean BOTGIG_DISPATCHER_INTERVAL_SECONDS?" in result.stderr


async def test_start_up_prints_the_data_dir_and_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()
    settings = Settings(_env_file=None, data_dir=tmp_path, api_port=port)
    task = asyncio.create_task(run(settings, only="api"))
    try:
        await wait_for_health(port)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    out = capsys.readouterr().out
    assert f"  data      {tmp_path}\n" in out
    assert f"  database  sqlite+aiosqlite:///{tmp_path.as_posix()}/botgig.db\n" in out
    assert settings.public_url == f"http://127.0.0.1:{port}"
