"""Backups: SQLite through its online backup API, PostgreSQL through ``pg_dump``.

The SQLite backup copies a consistent snapshot page by page while the other processes keep
reading and writing (WAL included), which a plain file copy of a live database does not.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from storage.db import SQLITE_BUSY_TIMEOUT_MS, is_sqlite


class BackupError(Exception):
    """A backup or restore that cannot be done, with what to do instead."""


def sqlite_file(url: str | URL) -> Path:
    """The database file of a SQLite URL; in-memory databases have none to back up."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError(f"{database or 'this'} SQLite database is not a file; nothing to back up")
    return Path(database).expanduser()


def _copy(source: Path, target: Path) -> int:
    timeout = SQLITE_BUSY_TIMEOUT_MS / 1000
    with sqlite3.connect(source, timeout=timeout) as src, sqlite3.connect(target) as dst:
        # Small steps let writers in between; a one-shot copy holds them up for its length.
        src.backup(dst, pages=1024)
        pages = int(dst.execute("PRAGMA page_count").fetchone()[0])
    src.close()
    dst.close()
    return pages


def backup_sqlite(url: str | URL, target: Path) -> int:
    """Copy the live SQLite database at ``url`` to a new file ``target``; returns its pages.
    Refuses to overwrite an existing file. Blocking: call it in a thread from async code."""
    source = sqlite_file(url)
    if not source.exists():
        raise BackupError(f"there is no database at {source}; check BOTGIG_DATABASE_URL")
    if target.exists():
        raise BackupError(f"{target} exists; back up to a new file")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    pages = _copy(source, partial)
    partial.rename(target)
    return pages


def restore_sqlite(backup: Path, url: str | URL) -> int:
    """Write ``backup`` over the SQLite database at ``url`` (every BotGig process must be
    stopped); returns its pages. Goes through the backup API, so the target's WAL is
    rewritten too rather than left to replay stale pages over the restored file."""
    if not backup.is_file():
        raise BackupError(f"there is no backup file at {backup}")
    try:
        with sqlite3.connect(backup) as check:
            result = check.execute("PRAGMA quick_check").fetchone()[0]
        check.close()
    except sqlite3.DatabaseError as exc:
        result = str(exc)
    if result != "ok":
        raise BackupError(f"{backup} is not a sound SQLite database ({result})")
    target = sqlite_file(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    return _copy(backup, target)


@dataclass(frozen=True)
class DumpCommand:
    """``pg_dump`` for a PostgreSQL URL: the arguments, and the environment carrying the
    password (never on the command line, where ``ps`` would show it)."""

    args: list[str]
    env: dict[str, str]
    target: Path

    @property
    def shown(self) -> str:
        """The command as an operator would type it (no password)."""
        return " ".join(self.args)


def pg_dump_command(url: str | URL, target: Path) -> DumpCommand:
    parsed = make_url(url)
    if is_sqlite(parsed):
        raise BackupError("not a PostgreSQL URL")
    args = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}"]
    if parsed.host:
        args.append(f"--host={parsed.host}")
    if parsed.port:
        args.append(f"--port={parsed.port}")
    if parsed.username:
        args.append(f"--username={parsed.username}")
    args.append(parsed.database or "postgres")
    env = {"PGPASSWORD": str(parsed.password)} if parsed.password else {}
    return DumpCommand(args, env, target)


def run_pg_dump(command: DumpCommand) -> None:
    """Run ``pg_dump`` into a new file (raises BackupError when the file exists, or pg_dump
    is missing or fails)."""
    if command.target.exists():
        raise BackupError(f"{command.target} exists; back up to a new file")
    if shutil.which(command.args[0]) is None:
        raise BackupError(
            "pg_dump is not installed (Debian: apt-get install postgresql-client); run\n"
            f"  {command.shown}\non a machine that has it"
        )
    done = subprocess.run(
        command.args, env=os.environ | command.env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
