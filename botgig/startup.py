"""What start-up needs before any part runs: the database migrated and the container
bootstrapped, or a ``StartupError`` / exit saying what the operator can fix."""

from __future__ import annotations

import sys
from typing import Any

from botgig.settings import Settings


class StartupError(Exception):
    """Start-up cannot go on, for a reason the message explains with what to do about it."""


async def migrate(settings: Settings) -> None:
    """Apply the migrations; ``StartupError`` when the database is out of reach or at a
    revision this code does not have."""
    from alembic.util import CommandError
    from sqlalchemy.exc import DBAPIError

    from storage.migrate import upgrade

    where = settings.masked_database_url()
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        await upgrade(settings.database_url)
    except CommandError as exc:
        # Alembic's words, e.g. "Can't locate revision identified by '0042'": a newer BotGig
        # migrated this database, or the migrations are missing from the install.
        raise StartupError(
            f"cannot migrate the database {where}: {exc}. Run the BotGig version that "
            "migrated it last, or restore a backup taken before"
        ) from exc
    except (OSError, DBAPIError) as exc:
        reason = (exc.orig or exc) if isinstance(exc, DBAPIError) else exc
        raise StartupError(
            f"cannot open the database {where}: {_one_line(reason)}. "
            "Check BOTGIG_DATABASE_URL and that the server is running and accepts this user"
        ) from exc


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def bootstrap_or_exit(settings: Settings, **kwargs: Any) -> Any:
    from botgig.bootstrap import bootstrap
    from botgig.crypto import ConfigurationError

    try:
        return bootstrap(settings, **kwargs)
    except ConfigurationError as exc:
        sys.exit(f"BotGig cannot start: {exc}")
