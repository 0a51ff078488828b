"""What people do in their Telegram client: write, press buttons, send photos, open links."""

from __future__ import annotations

import copy
import mimetypes
import re
import secrets
from typing import Any
from urllib.parse import parse_qs, urlsplit

from telegram_sandbox.formatting import detect_entities, utf16_len
from telegram_sandbox.images import MIME_TYPES, image_format, image_size, sample_png
from telegram_sandbox.objects import MAX_TEXT, document_json, photo_sizes, sticker_json
from telegram_sandbox.snapshots import SandboxUser
from telegram_sandbox.world import CallbackQueryRecord, Chat, World

PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")
TELEGRAM_HOSTS = ("t.me", "www.t.me", "telegram.me", "www.telegram.me")


def add_user(world: World, user: SandboxUser) -> SandboxUser:
    """Register a person (idempotent per id); their chat with the bot exists from then on."""
    chat = world.chats.get(user.id)
    if chat is None:
        world.chats[user.id] = Chat(user=user)
        world.touch()
        return user
    return chat.user


def new_user_id(world: World) -> int:
    """A user id no sandbox user has yet, in the range of real Telegram ids."""
    while True:
        candidate = 700_000_000 + secrets.randbelow(100_000_000)
        if candidate not in world.chats:
            return candidate


def _acting(world: World, user_id: int) -> Chat:
    chat = world.person(user_id)
    if chat.blocked:
        raise ValueError(f"user {user_id} has blocked the bot; unblock it first")
    return chat


def _send(world: World, chat: Chat, content: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    message = {"from": chat.user.to_json(), "chat": chat.user.chat_json(), **content}
    stored = world.add_message(chat, message)
    update_id = world.updates.add("message", copy.deepcopy(stored))
    world.touch(chat)
    return update_id, stored


def send_text(world: World, user_id: int, text: str) -> tuple[int, dict[str, Any]]:
    """A person sends text; commands get their bot_command entity, links their url entity."""
    chat = _acting(world, user_id)
    text = text.strip()
    if not text:
        raise ValueError("Telegram clients do not send empty messages")
    if utf16_len(text) > MAX_TEXT:
        raise ValueError(f"Telegram clients send at most {MAX_TEXT} characters in one message")
    keyboard = chat.reply_keyboard
    if (
        keyboard
        and keyboard.get("one_time_keyboard")
        and any(text == button["text"] for row in keyboard["keyboard"] for button in row)
    ):
        chat.reply_keyboard = None
    entities = detect_entities(text, [])
    return _send(world, chat, {"text": text, **({"entities": entities} if entities else {})})


def deep_link_payload(link: str, bot_username: str) -> str | None:
    """The start payload of a t.me (or tg://resolve) link to this bot; None for a plain link."""
    text = link.strip()
    parts = urlsplit(text if "://" in text else f"https://{text}")
    query = parse_qs(parts.query)
    if parts.scheme in ("http", "https") and parts.hostname in TELEGRAM_HOSTS:
        name = parts.path.strip("/")
    elif parts.scheme == "tg" and parts.hostname == "resolve":
        name = query.get("domain", [""])[0]
    else:
        raise ValueError(f"{link!r} is not a Telegram link (https://t.me/<bot>?start=<payload>)")
    if name.lower() != bot_username.lower():
        raise ValueError(f"{link!r} opens @{name or '?'}, not this sandbox's @{bot_username}")
    if "startgroup" in query or "startapp" in query:
        raise ValueError("the sandbox has no groups and no mini apps: use ?start=<payload>")
    if "start" not in query:
        return None
    payload = query["start"][0]
    if not PAYLOAD.fullmatch(payload):
        raise ValueError("a start payload is 1–64 characters of A–Z, a–z, 0–9, _ and -")
    return payload


def open_link(world: World, user_id: int, link: str) -> tuple[int, dict[str, Any]]:
    """A person opens a deep link: the client sends "/start <payload>" for them."""
    payload = deep_link_payload(link, world.bot_username)
    return send_text(world, user_id, f"/start {payload}" if payload else "/start")


def press_button(
    world: World, user_id: int, message_id: int, callback_data: str, *, forged: bool = False
) -> str:
    """A person presses a callback button they can see; returns the callback query's id.

    forged: a modified client sends data of its own under the message, which no button carries
    (callback data is user input, so a bot must expect this).
    """
    chat = _acting(world, user_id)
    message = chat.messages.get(message_id)
    rows = ((message or {}).get("reply_markup") or {}).get("inline_keyboard") or []
    shown = any(button.get("callback_data") == callback_data for row in rows for button in row)
    if message is None or not (shown or forged):
        raise ValueError(f"message {message_id} has no button with callback data {callback_data!r}")
    query_id = str(secrets.randbelow(9 * 10**18) + 10**18)
    world.callback_queries[query_id] = CallbackQueryRecord(
        query_id, user_id, message_id, world.clock()
    )
    query = {
        "id": query_id,
        "from": chat.user.to_json(),
        "message": copy.deepcopy(message),
        "chat_instance": str(-(user_id * 7919 + world.bot_id) % 10**19),
        "data": callback_data,
    }
    world.updates.add("callback_query", query)
    world.touch(chat)
    return query_id


def send_photo(
    world: World, user_id: int, content: bytes, caption: str | None = None
) -> tuple[int, dict[str, Any]]:
    """A person sends a photo (PNG, JPEG, GIF or WebP bytes) with an optional caption."""
    chat = _acting(world, user_id)
    size = image_size(content)
    if size is None:
        raise ValueError("a photo must be a PNG, JPEG, GIF or WebP image")
    mime = MIME_TYPES[image_format(content) or "jpeg"]
    file = world.store_file("photo", content, mime, width=size[0], height=size[1])
    message: dict[str, Any] = {"photo": photo_sizes(file)}
    if caption and caption.strip():
        message["caption"] = caption.strip()
    return _send(world, chat, message)


def send_document(
    world: World, user_id: int, content: bytes, filename: str
) -> tuple[int, dict[str, Any]]:
    """A person sends a file as a document."""
    chat = _acting(world, user_id)
    mime = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    file = world.store_file("document", content, mime, file_name=filename)
    return _send(world, chat, {"document": document_json(file)})


def send_sticker(world: World, user_id: int) -> tuple[int, dict[str, Any]]:
    """A person sends a sticker (a thumbs-up)."""
    chat = _acting(world, user_id)
    file = world.store_file("sticker", sample_png(8, 8), "image/png", width=512, height=512)
    return _send(world, chat, {"sticker": sticker_json(file, "👍")})


def send_location(
    world: World, user_id: int, latitude: float, longitude: float
) -> tuple[int, dict[str, Any]]:
    """A person shares a location."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError("latitude is -90…90 and longitude -180…180")
    chat = _acting(world, user_id)
    return _send(world, chat, {"location": {"latitude": latitude, "longitude": longitude}})


def block_bot(world: World, user_id: int, blocked: bool) -> int | None:
    """A person blocks (or unblocks) the bot; the bot gets a my_chat_member update."""
    chat = world.person(user_id)
    if chat.blocked == blocked:
        return None
    chat.blocked = blocked
    bot = world.bot_json()
    before = {"user": bot, "status": "member"}
    after = {"user": bot, "status": "kicked", "until_date": 0}
    change = {
        "chat": chat.user.chat_json(),
        "from": chat.user.to_json(),
        "date": world.now(),
        "old_chat_member": after if not blocked else before,
        "new_chat_member": before if not blocked else after,
    }
    update_id = world.updates.add("my_chat_member", change)
    world.touch(chat)
    return update_id
