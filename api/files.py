"""Files uploaded through the API (deliveries, message attachments): stored under the data
directory, one folder per order, and served back only through the order's endpoints (which
check that the caller is a party)."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from starlette.datastructures import UploadFile

from api.errors import PayloadTooLarge
from core.orders.model import Attachment
from core.shared.errors import NotFound

REF_PREFIX = "file:"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
CHUNK = 64 * 1024


def safe_name(name: str | None) -> str:
    base = Path(name or "file").name
    cleaned = _UNSAFE.sub("_", base).strip("._") or "file"
    return cleaned[-120:]


class FileStore:
    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes

    async def save(self, order_id: int, upload: UploadFile) -> Attachment:
        """Store an upload; raises ``PayloadTooLarge`` beyond the limit (nothing is kept)."""
        name = safe_name(upload.filename)
        relative = Path(f"order-{order_id}") / f"{uuid.uuid4().hex}-{name}"
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        size = 0
        try:
            with target.open("wb") as out:
                while chunk := await upload.read(CHUNK):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise PayloadTooLarge(
                            f"The file is larger than the limit of {self.max_bytes} bytes; "
                            "deliver a link (url) instead."
                        )
                    out.write(chunk)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return Attachment(
            name=name,
            ref=REF_PREFIX + relative.as_posix(),
            size=size,
            content_type=(upload.content_type or "application/octet-stream")[:100],
        )

    def keep(self, order_id: int, name: str, data: bytes) -> str | None:
        """``core.accounts.ports.FileKeeper``: a chat platform's file copied here."""
        if len(data) > self.max_bytes:
            return None
        relative = Path(f"order-{order_id}") / f"{uuid.uuid4().hex}-{safe_name(name)}"
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed, so a reader never sees half a file.
        partial = target.with_name(target.name + ".part")
        try:
            partial.write_bytes(data)
            partial.replace(target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return REF_PREFIX + relative.as_posix()

    def discard(self, attachment: Attachment | None) -> None:
        if attachment is not None and attachment.ref.startswith(REF_PREFIX):
            path = self._path(attachment.ref)
            if path is not None:
                path.unlink(missing_ok=True)

    def _path(self, ref: str) -> Path | None:
        root = self.root.resolve()
        path = (root / ref.removeprefix(REF_PREFIX)).resolve()
        return path if path.is_relative_to(root) else None

    def read(self, ref: str, max_bytes: int) -> bytes | None:
        """``core.accounts.ports.FileContents``: a stored file's bytes for the data export,
        None when it is not stored here, missing, or larger than ``max_bytes``."""
        if not ref.startswith(REF_PREFIX):
            return None
        path = self._path(ref)
        if path is None or not path.is_file() or path.stat().st_size > max_bytes:
            return None
        return path.read_bytes()

    def path_of(self, attachment: Attachment | None) -> Path:
        """The stored file of an attachment; ``NotFound`` for files held elsewhere (a chat
        platform's file id) or missing on disk."""
        if attachment is None or not attachment.ref.startswith(REF_PREFIX):
            raise NotFound("file", attachment.name if attachment else "")
        path = self._path(attachment.ref)
        if path is None or not path.is_file():
            raise NotFound("file", attachment.name)
        return path
