"""Bot API methods on files: sendPhoto, sendDocument (upload or file_id) and getFile."""

from __future__ import annotations

import mimetypes
from typing import Any

from telegram_sandbox.errors import WRONG_FILE_ID, bad_request
from telegram_sandbox.images import MIME_TYPES, image_format, image_size
from telegram_sandbox.messaging import send_bot_message, target_chat
from telegram_sandbox.objects import (
    MAX_CAPTION,
    document_json,
    file_json,
    formatted_text,
    photo_sizes,
)
from telegram_sandbox.params import Params
from telegram_sandbox.world import StoredFile, World


def _existing(world: World, params: Params, field: str, kind: str) -> StoredFile:
    value = (params.text(field) or "").strip()
    if not value:
        raise bad_request(f"there is no {field} in the request")
    if value.startswith(("http://", "https://")):
        # Telegram would fetch the URL; the sandbox reaches nothing outside.
        raise bad_request("failed to get HTTP URL content")
    file = world.files.get(value)
    if file is None:
        raise bad_request(WRONG_FILE_ID)
    if file.kind != kind:
        raise bad_request(f"can't use file of type {file.kind.title()} as {kind.title()}")
    return file


def _caption(params: Params) -> dict[str, Any]:
    if not params.has("caption"):
        return {}
    caption, entities = formatted_text(params, "caption", MAX_CAPTION)
    if not caption:
        return {}
    return {"caption": caption, **({"caption_entities": entities} if entities else {})}


async def send_photo(world: World, params: Params) -> dict[str, Any]:
    """sendPhoto: a multipart upload or the file_id of a photo Telegram already has."""
    chat = target_chat(world, params)
    upload = params.upload("photo")
    if upload is None:
        file = _existing(world, params, "photo", "photo")
    else:
        _, content, _ = upload
        size = image_size(content)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        mime = MIME_TYPES[image_format(content) or "jpeg"]
        file = world.store_file("photo", content, mime, width=size[0], height=size[1])
    return send_bot_message(world, chat, params, {"photo": photo_sizes(file), **_caption(params)})


async def send_document(world: World, params: Params) -> dict[str, Any]:
    """sendDocument: a multipart upload or the file_id of a document Telegram already has."""
    chat = target_chat(world, params)
    upload = params.upload("document")
    if upload is None:
        file = _existing(world, params, "document", "document")
    else:
        name, content, mime = upload
        if not content:
            raise bad_request("file must be non-empty")
        guessed = mimetypes.guess_type(name)[0]
        mime_type = guessed or mime or "application/octet-stream"
        file = world.store_file("document", content, mime_type, file_name=name or "document")
    content_json = {"document": document_json(file), **_caption(params)}
    return send_bot_message(world, chat, params, content_json)


async def get_file(world: World, params: Params) -> dict[str, Any]:
    """getFile: the file_path to download the file from /file/bot<token>/<file_path>."""
    file = world.files.get(params.text("file_id") or "")
    if file is None:
        raise bad_request("invalid file_id")
    return file_json(file)
