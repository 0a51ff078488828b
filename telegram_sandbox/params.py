"""A method's parameters, normalised once: wire strings and JSON objects read the same way.

Over the wire (query string, form, multipart, and PTB's `json_parameters`) every value is a
string and nested values are JSON text; an application/json body carries real objects. The
typed getters accept both, so the methods never care how a call arrived.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from telegram_sandbox.errors import bad_request

UploadedFile = tuple[str, bytes, str]
"""One multipart file: (filename, content, mime type)."""

ATTACH = "attach://"


@dataclass(frozen=True)
class Params:
    """The parameters of one call, with typed getters that answer 400 on nonsense."""

    values: Mapping[str, Any]
    files: Mapping[str, UploadedFile] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        """Whether the parameter was given (an empty string counts as not given)."""
        return self.values.get(name) not in (None, "")

    def text(self, name: str, default: str | None = None) -> str | None:
        """A text parameter as given; numbers sent as JSON become their text."""
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return "true" if value else "false"
        return value if isinstance(value, str) else json.dumps(value)

    def integer(self, name: str, default: int | None = None) -> int | None:
        """An integer parameter; "12" and 12 alike."""
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            raise bad_request(f"invalid {name} specified")
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError:
            raise bad_request(f"invalid {name} specified") from None

    def flag(self, name: str, default: bool = False) -> bool:
        """A boolean parameter: true/false, 1/0, or a JSON boolean."""
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise bad_request(f"invalid {name} specified")

    def nested(self, name: str) -> Any:
        """A nested parameter (reply_markup, commands, allowed_updates …), decoded once."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            if name == "reply_markup":
                raise bad_request("can't parse reply keyboard markup JSON object") from None
            raise bad_request(f"can't parse {name} JSON object") from None

    def upload(self, name: str) -> UploadedFile | None:
        """The file uploaded for a parameter: its own multipart part or an attach:// reference."""
        if name in self.files:
            return self.files[name]
        value = self.values.get(name)
        if isinstance(value, str) and value.startswith(ATTACH):
            attached = self.files.get(value.removeprefix(ATTACH))
            if attached is None:
                raise bad_request(f"file {value} not found in the request")
            return attached
        return None
