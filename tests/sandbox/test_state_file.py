"""With a state file, a restarted sandbox keeps its people, chats, files, queue and token."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from telegram import Bot

from telegram_sandbox import Sandbox, sample_png

from .conftest import sandbox_bot


async def test_a_restarted_sandbox_keeps_people_chats_files_and_pending_updates(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sandbox.json"
    before = Sandbox(bot_username="FleetCrewTestBot", state_file=path)
    petra = before.add_user("Petra", "Admin", user_id=700001, language_code="de")
    async with sandbox_bot(before) as bot:
        sent = await bot.send_photo(petra.id, sample_png(3, 3), caption="QR")
        await bot.set_my_commands([("jobs", "Your jobs")])
    pending = before.send_text(petra.id, "/jobs")
    await before.aclose()

    after = Sandbox(bot_username="FleetCrewTestBot", state_file=path)

    assert after.token == before.token
    assert after.users() == [petra]
    assert [m.text or m.caption for m in after.transcript(petra.id)] == ["QR", "/jobs"]
    assert after.file_content(sent.photo[-1].file_id) == sample_png(3, 3)
    assert after.commands == [("jobs", "Your jobs")]
    assert [u["update_id"] for u in after.take_updates()] == [pending]
    async with sandbox_bot(after) as bot:
        assert isinstance(bot, Bot)
        await bot.send_message(petra.id, "after the restart")
    assert after.last_bot_message(petra.id).message_id == 3
    await after.aclose()


@pytest.mark.parametrize("content", [json.dumps({"format": 0}), '{"format": 1, "chats": [', "{}"])
async def test_a_state_file_that_cannot_be_read_is_replaced_by_a_fresh_start(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "sandbox.json"
    path.write_text(content)

    sandbox = Sandbox(state_file=path)
    sandbox.add_user("Petra", user_id=700001)
    await sandbox.aclose()

    assert Sandbox(state_file=path).users() == sandbox.users()
