"""A chat as the web chat draws it: messages with safe HTML, buttons, photos and toasts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from telegram_sandbox.formatting import to_html
from telegram_sandbox.people import deep_link_payload
from telegram_sandbox.snapshots import SandboxUser

Link = Callable[[str], str]


def link_rewriter(prefix: str, bot_username: str) -> Link:
    """Deep links to this bot open in the sandbox; every other link stays as it is."""

    def rewrite(url: str) -> str:
        try:
            deep_link_payload(url, bot_username)
        except ValueError:
            return url
        return f"{prefix}/open?link={quote(url, safe='')}"

    return rewrite


def user_json(user: SandboxUser) -> dict[str, Any]:
    """A person as the page lists them."""
    return {
        "id": user.id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "username": user.username,
        "language_code": user.language_code,
        "display_name": user.display_name,
    }


def message_json(message: dict[str, Any], prefix: str, link: Link) -> dict[str, Any]:
    """One message for the page; text arrives as HTML already escaped and safe to insert."""
    text = message.get("text", message.get("caption"))
    entities = message.get("entities", message.get("caption_entities", []))
    drawn: dict[str, Any] = {
        "id": message["message_id"],
        "from_bot": bool(message["from"].get("is_bot")),
        "date": message["date"],
        "edited": "edit_date" in message,
        "html": to_html(text, entities, link) if text else "",
        "buttons": _buttons(message, link),
    }
    files = f"{prefix}/files"
    if photo := message.get("photo"):
        largest = photo[-1]
        drawn["photo"] = {
            "url": f"{files}/{quote(largest['file_id'])}",
            "width": largest.get("width"),
            "height": largest.get("height"),
        }
    if document := message.get("document"):
        name = document.get("file_name") or "document"
        drawn["document"] = {"name": name, "url": f"{files}/{quote(document['file_id'])}"}
    if sticker := message.get("sticker"):
        drawn["sticker"] = sticker.get("emoji") or "🖼"
    if location := message.get("location"):
        lat, lon = location["latitude"], location["longitude"]
        drawn["location"] = {
            "text": f"{lat:.5f}, {lon:.5f}",
            "url": f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}",
        }
    if replied := message.get("reply_to_message"):
        quoted = replied.get("text") or replied.get("caption") or "…"
        drawn["reply_to"] = quoted[:80]
    return drawn


def _buttons(message: dict[str, Any], link: Link) -> list[list[dict[str, Any]]]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    drawn = []
    for row in rows:
        cells = []
        for button in row:
            cell: dict[str, Any] = {"text": button["text"]}
            if "callback_data" in button:
                cell["callback_data"] = button["callback_data"]
            elif "url" in button:
                cell["url"] = link(button["url"])
            cells.append(cell)
        drawn.append(cells)
    return drawn
