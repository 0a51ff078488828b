"""Where the photos technicians send for a job are kept: an interface, and files on disk.

A photo is stored under a key made from its content (SHA-256 and a suffix such as ".jpg"), so
the same photo sent twice is stored once. A key comes back from the database and is checked
before it names a file: no key reaches outside the store's folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

_SUFFIX = re.compile(r"\.[a-z0-9]{1,10}")
_KEY = re.compile(r"[0-9a-f]{64}\.[a-z0-9]{1,10}")


class PhotoMissing(LookupError):
    """No photo is stored under this key."""


class PhotoStore(Protocol):
    """Keeps job photos and hands them back by key."""

    async def put(self, data: bytes, *, suffix: str) -> str:
        """Store data (a photo whose file name would end in suffix) and return its key."""
        ...

    async def get(self, key: str) -> bytes:
        """The photo stored under key; PhotoMissing if there is none."""
        ...


class FilePhotoStore:
    """Photos as files under root, named by their content, written whole or not at all."""

    def __init__(self, root: Path) -> None:
        self.root = root

    async def put(self, data: bytes, *, suffix: str) -> str:
        """Store data as a file (once, however often it is sent) and return its key."""
        suffix = suffix.lower()
        if not _SUFFIX.fullmatch(suffix):
            raise ValueError(f"a photo's suffix is a dot and 1 to 10 letters or digits: {suffix!r}")
        key = hashlib.sha256(data).hexdigest() + suffix
        await asyncio.to_thread(self._write, self._path(key), data)
        return key

    async def get(self, key: str) -> bytes:
        """The photo stored under key; PhotoMissing if there is none or the key is no key."""
        if not _KEY.fullmatch(key):
            raise PhotoMissing(f"no photo is stored under {key[:80]!r}")
        try:
            return await asyncio.to_thread(self._path(key).read_bytes)
        except FileNotFoundError:
            raise PhotoMissing(f"no photo is stored under {key!r}") from None

    def _path(self, key: str) -> Path:
        # Two hex digits of folder keep any one folder small enough to list.
        return self.root / key[:2] / key

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        if path.exists():
            return  # the same content: its file is already complete
        path.parent.mkdir(parents=True, exist_ok=True)
        # A reader never sees half a photo: it is written beside its place, then moved there.
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
