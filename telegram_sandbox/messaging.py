"""Bot API methods on messages: send, edit, delete, answer callback queries, chat actions."""

from __future__ import annotations

import copy
from typing import Any

from telegram_sandbox.errors import (
    BLOCKED,
    CHAT_NOT_FOUND,
    MESSAGE_TO_DELETE_NOT_FOUND,
    MESSAGE_TO_EDIT_NOT_FOUND,
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    bad_request,
    forbidden,
)
from telegram_sandbox.objects import MAX_CAPTION, MAX_TEXT, formatted_text, read_markup
from telegram_sandbox.params import Params
from telegram_sandbox.snapshots import CallbackAnswer
from telegram_sandbox.world import Chat, World

CALLBACK_QUERY_LIFETIME = 15
DELETE_WINDOW = 48 * 3600
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def target_chat(world: World, params: Params) -> Chat:
    """The private chat chat_id names (a user id or @username); 403 when the person blocked us."""
    if not params.has("chat_id"):
        raise bad_request("chat_id is empty")
    raw = (params.text("chat_id") or "").strip()
    if raw.startswith("@"):
        name = raw[1:].lower()
        chat = next(
            (c for c in world.chats.values() if (c.user.username or "").lower() == name), None
        )
    else:
        try:
            chat = world.chats.get(int(raw))
        except ValueError:
            chat = None
    if chat is None:
        raise bad_request(CHAT_NOT_FOUND)
    if chat.blocked:
        raise forbidden(BLOCKED)
    return chat


def send_bot_message(
    world: World, chat: Chat, params: Params, content: dict[str, Any]
) -> dict[str, Any]:
    """Keep a message from the bot with its keyboard and reply, and return it as Telegram does."""
    markup = read_markup(params.nested("reply_markup"))
    message: dict[str, Any] = {"from": world.bot_json(), "chat": chat.user.chat_json()}
    message.update(content)
    replied = _replied_message(chat, params)
    if replied is not None:
        message["reply_to_message"] = copy.deepcopy(replied)
    if markup.inline is not None:
        message["reply_markup"] = markup.inline
    if markup.keyboard is not None:
        chat.reply_keyboard = markup.keyboard
    if markup.remove_keyboard:
        chat.reply_keyboard = None
    stored = world.add_message(chat, message)
    world.touch(chat)
    return stored


def _replied_message(chat: Chat, params: Params) -> dict[str, Any] | None:
    reply = params.nested("reply_parameters") or {}
    message_id = reply.get("message_id") if isinstance(reply, dict) else None
    if message_id is None:
        message_id = params.integer("reply_to_message_id")
    if message_id is None:
        return None
    replied = chat.messages.get(int(message_id))
    if replied is None and not (
        reply.get("allow_sending_without_reply") or params.flag("allow_sending_without_reply")
    ):
        raise bad_request("message to be replied not found")
    return replied


async def send_message(world: World, params: Params) -> dict[str, Any]:
    """sendMessage."""
    chat = target_chat(world, params)
    text, entities = formatted_text(params, "text", MAX_TEXT)
    content: dict[str, Any] = {"text": text}
    if entities:
        content["entities"] = entities
    return send_bot_message(world, chat, params, content)


def _message_to_edit(world: World, params: Params) -> tuple[Chat, dict[str, Any]]:
    if params.has("inline_message_id"):
        raise bad_request(MESSAGE_TO_EDIT_NOT_FOUND)
    chat = target_chat(world, params)
    message_id = params.integer("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    message = chat.messages.get(message_id)
    if message is None:
        raise bad_request(MESSAGE_TO_EDIT_NOT_FOUND)
    if message["from"]["id"] != world.bot_id:
        raise bad_request("message can't be edited")
    return chat, message


def _edit(
    world: World, chat: Chat, message: dict[str, Any], changes: dict[str, Any]
) -> dict[str, Any]:
    """Apply changes (None removes a field), refusing an edit that changes nothing."""
    edited = {k: v for k, v in {**message, **changes}.items() if v is not None}
    unchanged = all(edited.get(k) == message.get(k) for k in changes)
    if unchanged:
        raise bad_request(NOT_MODIFIED)
    edited["edit_date"] = world.now()
    message.clear()
    message.update(edited)
    world.touch(chat)
    return message


def _inline_markup(params: Params) -> dict[str, Any] | None:
    markup = read_markup(params.nested("reply_markup"))
    if markup.keyboard is not None or markup.remove_keyboard:
        raise bad_request("inline keyboard expected")
    return markup.inline


async def edit_message_text(world: World, params: Params) -> dict[str, Any]:
    """editMessageText; without reply_markup the inline keyboard goes, as on Telegram."""
    chat, message = _message_to_edit(world, params)
    if "text" not in message:
        raise bad_request("there is no text in the message to edit")
    text, entities = formatted_text(params, "text", MAX_TEXT)
    changes = {"text": text, "entities": entities or None, "reply_markup": _inline_markup(params)}
    return _edit(world, chat, message, changes)


async def edit_message_caption(world: World, params: Params) -> dict[str, Any]:
    """editMessageCaption."""
    chat, message = _message_to_edit(world, params)
    if "text" in message:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = formatted_text(params, "caption", MAX_CAPTION)
    changes = {
        "caption": caption or None,
        "caption_entities": entities or None,
        "reply_markup": _inline_markup(params),
    }
    return _edit(world, chat, message, changes)


async def edit_message_reply_markup(world: World, params: Params) -> dict[str, Any]:
    """editMessageReplyMarkup."""
    chat, message = _message_to_edit(world, params)
    return _edit(world, chat, message, {"reply_markup": _inline_markup(params)})


async def delete_message(world: World, params: Params) -> bool:
    """deleteMessage: the bot's own or the person's message, within 48 hours."""
    chat = target_chat(world, params)
    message_id = params.integer("message_id")
    message = chat.messages.get(message_id) if message_id is not None else None
    if message is None:
        raise bad_request(MESSAGE_TO_DELETE_NOT_FOUND)
    if world.now() - message["date"] > DELETE_WINDOW:
        raise bad_request("message can't be deleted for everyone")
    del chat.messages[message["message_id"]]
    world.touch(chat)
    return True


async def answer_callback_query(world: World, params: Params) -> bool:
    """answerCallbackQuery: once per query, within 15 seconds of the press."""
    query = world.callback_queries.get(params.text("callback_query_id") or "")
    if (
        query is None
        or query.answered
        or world.clock() - query.created_at > CALLBACK_QUERY_LIFETIME
    ):
        raise bad_request(QUERY_TOO_OLD)
    query.answered = True
    chat = world.chats[query.user_id]
    text = params.text("text") or None
    chat.answers.append(CallbackAnswer(query.query_id, text, params.flag("show_alert")))
    world.touch(chat)
    return True


async def send_chat_action(world: World, params: Params) -> bool:
    """sendChatAction: the chat shows "typing…" until the next message or five seconds."""
    chat = target_chat(world, params)
    action = params.text("action") or ""
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat.action = (action, world.clock())
    world.touch(chat)
    return True
