"""Message text as Telegram keeps it: HTML parse_mode to text + entities, and back to safe HTML.

Entity offsets and lengths count UTF-16 code units, as Telegram's do.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser
from typing import Any

from telegram_sandbox.errors import bad_request

Entity = dict[str, Any]

TAG_ENTITIES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "",
}
HTML_TAGS = {
    "bold": "b",
    "italic": "i",
    "underline": "u",
    "strikethrough": "s",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "expandable_blockquote": "blockquote",
}
SAFE_SCHEMES = ("http://", "https://", "tg://", "mailto:")
COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
URL = re.compile(r"\bhttps?://[^\s<>\"]+")
NO_DETECTION_INSIDE = {"code", "pre", "text_link", "url", "bot_command"}


def utf16_len(text: str) -> int:
    """The length of text in UTF-16 code units, the unit of entity offsets."""
    return len(text.encode("utf-16-le")) // 2


class _TelegramHtml(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.parts: list[str] = []
        self.length = 0
        self.open: list[tuple[str, int, dict[str, str | None]]] = []
        self.entities: list[Entity] = []

    def _byte_offset(self) -> int:
        line, column = self.getpos()
        lines = self.source.splitlines(keepends=True)
        return len(("".join(lines[: line - 1]) + lines[line - 1][:column]).encode())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag not in TAG_ENTITIES or (tag == "span" and attributes.get("class") != "tg-spoiler"):
            raise bad_request(
                f'can\'t parse entities: Unsupported start tag "{tag}" at byte offset '
                f"{self._byte_offset()}"
            )
        self.open.append((tag, self.length, attributes))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise bad_request(
            f'can\'t parse entities: Unsupported start tag "{tag}" at byte offset '
            f"{self._byte_offset()}"
        )

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            expected = f'expected "</{self.open[-1][0]}>", ' if self.open else ""
            raise bad_request(
                f"can't parse entities: Unmatched end tag at byte offset {self._byte_offset()}, "
                f'{expected}found "</{tag}>"'
            )
        _, start, attributes = self.open.pop()
        kind = TAG_ENTITIES[tag]
        language = (attributes.get("class") or "").removeprefix("language-")
        if tag == "code" and self.open and self.open[-1][0] == "pre" and language:
            self.open[-1][2]["language"] = language
            return
        entity: Entity = {"type": kind, "offset": start, "length": self.length - start}
        if tag == "a":
            entity["url"] = attributes.get("href") or ""
        if tag == "pre" and attributes.get("language"):
            entity["language"] = attributes["language"]
        if tag == "blockquote" and "expandable" in attributes:
            entity["type"] = "expandable_blockquote"
        if kind and entity["length"] and (tag != "a" or entity["url"]):
            self.entities.append(entity)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        self.length += utf16_len(data)


def parse_html(source: str) -> tuple[str, list[Entity]]:
    """Telegram's HTML parse mode: the plain text and its entities, or 400 for bad markup."""
    parser = _TelegramHtml(source)
    parser.feed(source)
    parser.close()
    if parser.open:
        raise bad_request(
            "can't parse entities: Can't find end tag corresponding to start tag "
            f'"{parser.open[-1][0]}"'
        )
    return "".join(parser.parts), parser.entities


def strip_text(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """Trim surrounding whitespace as Telegram does, moving and clipping the entities."""
    left = text.lstrip()
    shift = utf16_len(text) - utf16_len(left)
    result = left.rstrip()
    total = utf16_len(result)
    moved = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, total)
        if end > start:
            moved.append({**entity, "offset": start, "length": end - start})
    return result, moved


def detect_entities(text: str, entities: list[Entity]) -> list[Entity]:
    """Add the bot_command and url entities Telegram finds by itself, sorted as Telegram sorts."""
    taken = [
        (e["offset"], e["offset"] + e["length"])
        for e in entities
        if e["type"] in NO_DETECTION_INSIDE
    ]
    found = list(entities)
    for kind, pattern in (("bot_command", COMMAND), ("url", URL)):
        for match in pattern.finditer(text):
            value = match.group().rstrip(".,;:!?)'")
            start = utf16_len(text[: match.start()])
            end = start + utf16_len(value)
            if not any(a < end and start < b for a, b in taken):
                found.append({"type": kind, "offset": start, "length": end - start})
                taken.append((start, end))
    return sorted(found, key=lambda e: (e["offset"], -e["length"]))


def to_html(text: str, entities: list[Entity], link: Callable[[str], str] = str) -> str:
    """Safe HTML for text: every character escaped, only Telegram's formatting as tags."""
    units = text.encode("utf-16-le")

    def raw(start: int, end: int) -> str:
        return units[2 * start : 2 * end].decode("utf-16-le")

    def opening(entity: Entity) -> str:
        kind = entity["type"]
        if kind in HTML_TAGS:
            return f"<{HTML_TAGS[kind]}>"
        url = entity.get("url") or ""
        if kind == "url":
            url = raw(entity["offset"], entity["offset"] + entity["length"])
        if kind in ("url", "text_link") and url.startswith(SAFE_SCHEMES):
            href = escape(link(url), quote=True)
            return f'<a href="{href}" target="_blank" rel="noopener noreferrer">'
        return f'<span class="{escape(kind.replace("_", "-"))}">'

    def closing(entity: Entity) -> str:
        tag = HTML_TAGS.get(entity["type"])
        if tag:
            return f"</{tag}>"
        return "</a>" if opening(entity).startswith("<a ") else "</span>"

    def end(entity: Entity) -> int:
        return int(entity["offset"] + entity["length"])

    points = sorted(
        {0, len(units) // 2} | {e["offset"] for e in entities} | set(map(end, entities))
    )
    ordered = sorted(entities, key=lambda e: (e["offset"], -e["length"]))
    out: list[str] = []
    stack: list[Entity] = []
    for index, point in enumerate(points):
        reopen: list[Entity] = []
        while any(end(e) <= point for e in stack):
            entity = stack.pop()
            out.append(closing(entity))
            if end(entity) > point:
                reopen.append(entity)
        for entity in reversed(reopen):
            out.append(opening(entity))
            stack.append(entity)
        for entity in ordered:
            if entity["offset"] == point and end(entity) > point:
                out.append(opening(entity))
                stack.append(entity)
        if index + 1 < len(points):
            out.append(escape(raw(point, points[index + 1])))
    return "".join(out)
