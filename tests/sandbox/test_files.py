"""sendPhoto and sendDocument (upload and file_id), getFile and the download path."""

from __future__ import annotations

import pytest
from telegram import Bot, InputFile
from telegram.error import BadRequest

from telegram_sandbox import BotApiError, Sandbox, SandboxUser, sample_png


async def test_an_uploaded_photo_can_be_fetched_and_downloaded_again(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    content = sample_png(40, 30)

    sent = await bot.send_photo(petra.id, content, caption="<b>QR</b>", parse_mode="HTML")

    (size,) = sent.photo
    assert (size.width, size.height, size.file_size) == (40, 30, len(content))
    assert sent.caption == "QR"
    assert sent.caption_entities[0].type == "bold"
    file = await bot.get_file(size.file_id)
    assert file.file_unique_id == size.file_unique_id
    assert file.file_path is not None and file.file_path.endswith(".png")
    assert bytes(await file.download_as_bytearray()) == content
    seen = sandbox.last_bot_message(petra.id)
    assert seen.photo_file_id == size.file_id
    assert sandbox.file_content(size.file_id) == content


async def test_a_photo_is_sent_again_by_its_file_id_without_uploading(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser, png: bytes
) -> None:
    tom = sandbox.add_user("Tom", user_id=700002)
    first = await bot.send_photo(petra.id, png)

    again = await bot.send_photo(tom.id, first.photo[-1].file_id)

    assert again.photo[-1].file_unique_id == first.photo[-1].file_unique_id
    assert sandbox.last_bot_message(tom.id).photo_file_id == first.photo[-1].file_id


async def test_a_document_round_trips_with_its_name_and_type(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    csv = b"vin,license_plate\nWVWZZZ1JZXW000001,M-FC 1\n"

    sent = await bot.send_document(petra.id, InputFile(csv, filename="jobs.csv"), caption="Jobs")

    assert sent.document is not None
    assert (sent.document.file_name, sent.document.mime_type) == ("jobs.csv", "text/csv")
    assert sent.caption == "Jobs"
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == csv
    again = await bot.send_document(petra.id, sent.document.file_id)
    assert again.document is not None and again.document.file_name == "jobs.csv"
    assert sandbox.last_bot_message(petra.id).document_name == "jobs.csv"


async def test_a_photo_a_person_sent_can_be_downloaded_by_the_bot(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    content = sample_png(8, 6)
    sandbox.send_photo(petra.id, content, caption="fitted box")

    (update,) = await bot.get_updates()
    assert update.message is not None
    assert update.message.caption == "fitted box"
    file = await update.message.photo[-1].get_file()
    assert bytes(await file.download_as_bytearray()) == content


async def test_an_unknown_file_id_is_refused(bot: Bot, petra: SandboxUser) -> None:
    with pytest.raises(BadRequest, match="Wrong file identifier/http url specified"):
        await bot.send_photo(petra.id, "AgACnotafile")
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("AgACnotafile")


async def test_a_document_file_id_cannot_be_sent_as_a_photo(bot: Bot, petra: SandboxUser) -> None:
    sent = await bot.send_document(petra.id, InputFile(b"%PDF-1.4", filename="manual.pdf"))
    assert sent.document is not None

    with pytest.raises(BadRequest, match="Can't use file of type document as photo"):
        await bot.send_photo(petra.id, sent.document.file_id)


async def test_bytes_that_are_no_image_are_refused_as_a_photo(bot: Bot, petra: SandboxUser) -> None:
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(petra.id, b"not an image at all")


async def test_a_photo_url_is_refused_because_the_sandbox_fetches_nothing(
    bot: Bot, petra: SandboxUser
) -> None:
    with pytest.raises(BadRequest, match="Failed to get http url content"):
        await bot.send_photo(petra.id, "https://example.org/photo.jpg")


async def test_a_download_path_nobody_was_given_is_not_found(sandbox: Sandbox) -> None:
    with pytest.raises(BotApiError, match="Not Found") as missing:
        sandbox.download(sandbox.token, "photos/file_99.jpg")
    assert missing.value.error_code == 404
    with pytest.raises(BotApiError, match="Unauthorized"):
        sandbox.download("1:wrong", "photos/file_99.jpg")
