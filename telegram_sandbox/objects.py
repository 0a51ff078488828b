"""Telegram's JSON shapes the sandbox hands out: files, photos, documents, keyboards, texts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram_sandbox.errors import MESSAGE_TEXT_EMPTY, MESSAGE_TOO_LONG, bad_request
from telegram_sandbox.formatting import Entity, detect_entities, parse_html, strip_text, utf16_len
from telegram_sandbox.params import Params
from telegram_sandbox.world import StoredFile

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "login_url",
    "web_app",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def photo_sizes(file: StoredFile) -> list[dict[str, Any]]:
    """A photo's PhotoSize list; the sandbox keeps only the original size."""
    return [
        {
            "file_id": file.file_id,
            "file_unique_id": file.file_unique_id,
            "width": file.width,
            "height": file.height,
            "file_size": len(file.content),
        }
    ]


def document_json(file: StoredFile) -> dict[str, Any]:
    """Telegram's Document object."""
    document = {
        "file_id": file.file_id,
        "file_unique_id": file.file_unique_id,
        "mime_type": file.mime_type,
        "file_size": len(file.content),
    }
    return {**document, "file_name": file.file_name} if file.file_name else document


def file_json(file: StoredFile) -> dict[str, Any]:
    """Telegram's File object as getFile returns it."""
    return {
        "file_id": file.file_id,
        "file_unique_id": file.file_unique_id,
        "file_size": len(file.content),
        "file_path": file.file_path,
    }


def sticker_json(file: StoredFile, emoji: str) -> dict[str, Any]:
    """Telegram's Sticker object for a plain (static) sticker."""
    return {
        "file_id": file.file_id,
        "file_unique_id": file.file_unique_id,
        "type": "regular",
        "width": file.width,
        "height": file.height,
        "is_animated": False,
        "is_video": False,
        "emoji": emoji,
        "file_size": len(file.content),
    }


def formatted_text(params: Params, field: str, limit: int) -> tuple[str, list[Entity]]:
    """A text or caption parameter as Telegram keeps it: parsed, trimmed, entities found."""
    source = params.text(field) or ""
    mode = (params.text("parse_mode") or "").strip()
    if mode.lower() == "html":
        text, entities = parse_html(source)
    elif mode.lower() in ("markdown", "markdownv2"):
        # Accepted but kept as plain text: FleetCrew formats with HTML.
        text, entities = source, []
    elif not mode:
        text, entities = source, _given_entities(params, field)
    else:
        raise bad_request(f"unsupported parse_mode {mode}")
    text, entities = strip_text(text, entities)
    if field == "text" and not text:
        raise bad_request(MESSAGE_TEXT_EMPTY)
    if utf16_len(text) > limit:
        raise bad_request(MESSAGE_TOO_LONG if field == "text" else "message caption is too long")
    return text, detect_entities(text, entities)


def _given_entities(params: Params, field: str) -> list[Entity]:
    given = params.nested("entities" if field == "text" else "caption_entities") or []
    if not isinstance(given, list) or not all(
        isinstance(e, dict)
        and isinstance(e.get("offset"), int)
        and isinstance(e.get("length"), int)
        for e in given
    ):
        raise bad_request("can't parse entities JSON object")
    return given


@dataclass(frozen=True)
class Markup:
    """reply_markup read: the inline keyboard a message carries, or a change of the keyboard."""

    inline: dict[str, Any] | None = None
    keyboard: dict[str, Any] | None = None
    remove_keyboard: bool = False


def read_markup(value: Any) -> Markup:
    """Check reply_markup as Telegram does and say what it does."""
    if value is None:
        return Markup()
    if not isinstance(value, dict):
        raise bad_request("object expected as reply markup")
    if "inline_keyboard" in value:
        return Markup(inline={"inline_keyboard": _inline_rows(value["inline_keyboard"])})
    if "keyboard" in value:
        rows = value["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request('field "keyboard" must be an Array of Arrays')
        buttons = [[b if isinstance(b, dict) else {"text": str(b)} for b in row] for row in rows]
        return Markup(keyboard={**value, "keyboard": buttons})
    if value.get("remove_keyboard"):
        return Markup(remove_keyboard=True)
    if value.get("force_reply"):
        return Markup()
    raise bad_request("can't parse reply keyboard markup JSON object")


def _inline_rows(rows: Any) -> list[list[dict[str, Any]]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not str(button.get("text") or "").strip():
                raise bad_request("can't parse inline keyboard button: Text must be non-empty")
            if not any(key in button for key in BUTTON_ACTIONS):
                raise bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the "
                    "inline keyboard"
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not str(url).startswith(("http://", "https://", "tg://")):
                raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")
    return rows
