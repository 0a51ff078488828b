"""Sample photos the program hands the sandbox, for a person at a desk to send with one click.

The sandbox knows nothing of what they show: whoever builds it adds them by name. A photo may be
given as its bytes or as a function that makes them, called the first time the photo is needed,
so a program with costly pictures starts at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from telegram_sandbox.images import image_format

MAX_NAME = 100
Content = bytes | Callable[[], bytes]


class SamplePhoto:
    """One sample photo: a name and its bytes, made once when first needed."""

    def __init__(self, name: str, content: Content) -> None:
        self.name = name
        self._content = content if isinstance(content, bytes) else None
        self._make = None if isinstance(content, bytes) else content
        self._lock = threading.Lock()  # the web chat makes photos in worker threads

    def content(self) -> bytes:
        """The photo's bytes; made (and checked to be an image) on the first call."""
        with self._lock:
            if self._content is None:
                assert self._make is not None
                self._content = _checked(self.name, self._make())
            return self._content


class SamplePhotos:
    """The sample photos in the order they were added; names are unique."""

    def __init__(self) -> None:
        self._photos: dict[str, SamplePhoto] = {}

    def add(self, name: str, content: Content) -> None:
        """Add a photo under a new name; ValueError for an empty, long or taken name."""
        name = name.strip()
        if not name or len(name) > MAX_NAME:
            raise ValueError(f"a sample photo's name is 1 to {MAX_NAME} characters")
        if name in self._photos:
            raise ValueError(f"there is already a sample photo named {name!r}")
        if isinstance(content, bytes):
            content = _checked(name, content)
        self._photos[name] = SamplePhoto(name, content)

    def names(self) -> list[str]:
        """Every sample photo's name, in the order they were added."""
        return list(self._photos)

    def get(self, name: str) -> SamplePhoto:
        """The photo of that name; LookupError for an unknown one."""
        photo = self._photos.get(name)
        if photo is None:
            raise LookupError(f"there is no sample photo named {name!r}")
        return photo


def _checked(name: str, content: bytes) -> bytes:
    if image_format(content) is None:
        raise ValueError(f"sample photo {name!r} is not a PNG, JPEG, GIF or WebP image")
    return content
