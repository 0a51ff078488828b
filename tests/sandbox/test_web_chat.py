"""The web chat at /sandbox: its pages and JSON endpoints, through httpx's ASGITransport."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from urllib.parse import quote

import httpx
import pytest
from starlette.applications import Starlette
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from telegram_sandbox import Sandbox, SandboxUser, sample_png, sandbox_routes

ACTION = {"X-Sandbox-Action": "1"}
NOTICE = "Nothing here reaches Telegram."


@pytest.fixture
async def web(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the web chat mounted at /sandbox."""
    app = Starlette(routes=sandbox_routes(sandbox))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def test_every_page_says_it_is_a_local_stand_in_for_telegram(
    web: httpx.AsyncClient, petra: SandboxUser
) -> None:
    link = quote("https://t.me/FleetCrewTestBot?start=inv_1", safe="")
    for path in ("/sandbox", f"/sandbox/chat/{petra.id}", f"/sandbox/open?link={link}"):
        page = await web.get(path)
        assert page.status_code == 200, path
        assert NOTICE in page.text
        assert "default-src 'self'" in page.headers["content-security-policy"]
    missing = await web.get("/sandbox/chat/1")
    assert missing.status_code == 404
    assert NOTICE in missing.text


async def test_the_people_page_lists_the_ready_made_users(
    web: httpx.AsyncClient, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sandbox.add_user("<script>alert(1)</script>", user_id=700009)

    page = await web.get("/sandbox")

    assert "Petra Admin" in page.text
    assert f'href="/sandbox/chat/{petra.id}"' in page.text
    assert "<script>alert(1)" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


async def test_a_person_created_on_the_page_can_chat(
    web: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    created = await web.post(
        "/sandbox/api/users",
        json={"first_name": "Anna", "last_name": "Schmidt", "language_code": "de"},
        headers=ACTION,
    )

    assert created.status_code == 201
    anna = created.json()
    assert (anna["display_name"], anna["language_code"]) == ("Anna Schmidt", "de")
    sent = await web.post(
        f"/sandbox/api/chats/{anna['id']}/messages", json={"text": "Hallo"}, headers=ACTION
    )
    assert sent.status_code == 200
    assert sandbox.transcript(anna["id"])[-1].text == "Hallo"
    nameless = await web.post("/sandbox/api/users", json={"first_name": " "}, headers=ACTION)
    assert (nameless.status_code, nameless.json()) == (400, {"error": "first name is required"})


async def test_actions_without_the_sandbox_header_are_refused_as_forgeable(
    web: httpx.AsyncClient, sandbox: Sandbox, petra: SandboxUser
) -> None:
    plain_form = await web.post(f"/sandbox/api/chats/{petra.id}/messages", data={"text": "hi"})
    cross_site = await web.post(
        f"/sandbox/api/chats/{petra.id}/messages",
        json={"text": "hi"},
        headers={**ACTION, "Sec-Fetch-Site": "cross-site"},
    )

    assert plain_form.status_code == 403
    assert cross_site.status_code == 403
    assert sandbox.transcript(petra.id) == []


async def test_the_chat_shows_the_bots_messages_buttons_and_safe_html(
    web: httpx.AsyncClient, bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sandbox.send_text(petra.id, "<img src=x onerror=alert(1)>")
    await bot.send_message(
        petra.id,
        "<b>Invitation</b> from Demo &lt;Mobility&gt;: https://t.me/FleetCrewTestBot?start=team_x",
        parse_mode="HTML",
        reply_markup=InlineKeyboardMarkup(
            [
                [InlineKeyboardButton("Accept", callback_data="accept")],
                [InlineKeyboardButton("Docs", url="https://example.org/docs")],
            ]
        ),
    )
    await bot.set_my_commands([("jobs", "Your jobs")])

    chat = (await web.get(f"/sandbox/api/chats/{petra.id}")).json()

    mine, theirs = chat["messages"]
    assert mine["html"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert not mine["from_bot"]
    assert theirs["from_bot"]
    team_link = quote("https://t.me/FleetCrewTestBot?start=team_x", safe="")
    assert theirs["html"] == (
        "<b>Invitation</b> from Demo &lt;Mobility&gt;: "
        f'<a href="/sandbox/open?link={team_link}" target="_blank" rel="noopener noreferrer">'
        "https://t.me/FleetCrewTestBot?start=team_x</a>"
    )
    assert theirs["buttons"] == [
        [{"text": "Accept", "callback_data": "accept"}],
        [{"text": "Docs", "url": "https://example.org/docs"}],
    ]
    assert chat["commands"] == [{"command": "jobs", "description": "Your jobs"}]
    assert chat["user"]["display_name"] == "Petra Admin"


async def test_the_chat_shows_messages_as_they_stand_after_edits_and_deletions(
    web: httpx.AsyncClient, bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    kept = await bot.send_message(petra.id, "Step 1 of 7")
    gone = await bot.send_message(petra.id, "Starting…")
    await bot.edit_message_text("Step 2 of 7", chat_id=petra.id, message_id=kept.message_id)
    await bot.delete_message(petra.id, gone.message_id)

    (message,) = (await web.get(f"/sandbox/api/chats/{petra.id}")).json()["messages"]

    assert (message["id"], message["html"], message["edited"]) == (
        kept.message_id,
        "Step 2 of 7",
        True,
    )


async def test_pressing_a_button_on_the_page_and_seeing_the_toast(
    web: httpx.AsyncClient, bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sent = await bot.send_message(
        petra.id,
        "Join?",
        reply_markup={"inline_keyboard": [[{"text": "Yes", "callback_data": "y"}]]},
    )

    pressed = await web.post(
        f"/sandbox/api/chats/{petra.id}/presses",
        json={"message_id": sent.message_id, "callback_data": "y"},
        headers=ACTION,
    )
    await bot.answer_callback_query(pressed.json()["query_id"], text="Welcome!")

    chat = (await web.get(f"/sandbox/api/chats/{petra.id}")).json()
    assert chat["answers"] == [
        {"query_id": pressed.json()["query_id"], "text": "Welcome!", "show_alert": False}
    ]
    forged = await web.post(
        f"/sandbox/api/chats/{petra.id}/presses",
        json={"message_id": sent.message_id, "callback_data": "admin:delete"},
        headers=ACTION,
    )
    assert forged.status_code == 400


async def test_the_chat_long_poll_answers_when_something_changes(
    web: httpx.AsyncClient, bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    version = (await web.get(f"/sandbox/api/chats/{petra.id}")).json()["version"]
    waiting = asyncio.create_task(web.get(f"/sandbox/api/chats/{petra.id}?since={version}&wait=20"))
    for _ in range(20):  # let the poll get under way; it answers the change either way
        await asyncio.sleep(0)
    assert not waiting.done()

    await bot.send_message(petra.id, "News")

    async with asyncio.timeout(10):
        changed = (await waiting).json()
    assert changed["version"] > version
    assert [m["html"] for m in changed["messages"]] == ["News"]
    unchanged = await web.get(f"/sandbox/api/chats/{petra.id}?since={changed['version']}&wait=0")
    assert unchanged.json()["version"] == changed["version"]


async def test_opening_a_deep_link_from_the_page_sends_start(
    web: httpx.AsyncClient, sandbox: Sandbox, petra: SandboxUser
) -> None:
    link = "https://t.me/FleetCrewTestBot?start=inv_abc"

    opened = await web.post(
        f"/sandbox/api/chats/{petra.id}/links", json={"link": link}, headers=ACTION
    )
    foreign = await web.post(
        f"/sandbox/api/chats/{petra.id}/links",
        json={"link": "https://t.me/OtherBot?start=x"},
        headers=ACTION,
    )

    assert opened.status_code == 200
    assert sandbox.transcript(petra.id)[-1].text == "/start inv_abc"
    assert foreign.status_code == 400
    assert "OtherBot" in foreign.json()["error"]


async def test_the_open_page_asks_who_opens_the_link_with_the_last_person_first(
    web: httpx.AsyncClient, sandbox: Sandbox, petra: SandboxUser
) -> None:
    tom = sandbox.add_user("Tom", "Technician", user_id=700002)
    link = quote("https://t.me/FleetCrewTestBot?start=inv_abc", safe="")

    asked = await web.get(f"/sandbox/open?link={link}")
    await web.get(f"/sandbox/chat/{tom.id}")  # remembered as the person of this browser
    remembered = await web.get(f"/sandbox/open?link={link}")
    refused = await web.get("/sandbox/open?link=https%3A%2F%2Fexample.org")

    assert "Who opens it?" in asked.text
    assert "<code>/start inv_abc</code>" in asked.text
    assert asked.text.index(f'data-open-as="{petra.id}"') < asked.text.index(
        f'data-open-as="{tom.id}"'
    )
    assert "last used" not in asked.text
    assert "Who opens it?" in remembered.text
    assert "data-auto-open" not in remembered.text
    first = remembered.text.index("data-open-as=")
    assert remembered.text.startswith(f'data-open-as="{tom.id}" autofocus', first)
    assert remembered.text.index("last used") < remembered.text.index(f'data-open-as="{petra.id}"')
    assert sandbox.transcript(tom.id) == sandbox.transcript(petra.id) == []
    assert refused.status_code == 400
    assert "not a Telegram link" in refused.text


async def test_the_open_page_takes_the_start_payload_fleetcrew_links_carry(
    web: httpx.AsyncClient, sandbox: Sandbox, petra: SandboxUser
) -> None:
    page = await web.get("/sandbox/open?start=team_abc-1")
    bad = await web.get("/sandbox/open?start=no%20spaces")

    assert page.status_code == 200
    assert "<code>/start team_abc-1</code>" in page.text
    assert 'data-link="https://t.me/FleetCrewTestBot?start=team_abc-1"' in page.text
    assert "http://testserver/sandbox/open?start=team_abc-1</p>" in page.text  # as opened
    assert bad.status_code == 400
    assert "start payload" in bad.text
    assert sandbox.transcript(petra.id) == []


@pytest.mark.parametrize(
    "link",
    [
        "http://127.0.0.1:8000/sandbox/open?start=inv_abc",
        "https://demo.example.com/sandbox/open?start=inv_abc",
        "/sandbox/open?start=inv_abc",
    ],
)
async def test_a_link_to_the_sandboxs_own_open_page_opens_like_its_telegram_link(
    web: httpx.AsyncClient, sandbox: Sandbox, petra: SandboxUser, link: str
) -> None:
    page = await web.get(f"/sandbox/open?link={quote(link, safe='')}")
    opened = await web.post(
        f"/sandbox/api/chats/{petra.id}/links", json={"link": link}, headers=ACTION
    )

    assert "<code>/start inv_abc</code>" in page.text
    assert opened.status_code == 200
    assert sandbox.transcript(petra.id)[-1].text == "/start inv_abc"


async def test_an_exposed_sandbox_warns_on_every_page(sandbox: Sandbox, petra: SandboxUser) -> None:
    app = Starlette(routes=sandbox_routes(sandbox, exposed=True))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as web:
        pages = [
            await web.get("/sandbox"),
            await web.get(f"/sandbox/chat/{petra.id}"),
            await web.get("/sandbox/open?start=inv_abc"),
            await web.get("/sandbox/chat/1"),
        ]

    for page in pages:
        assert 'class="exposed" role="alert"' in page.text, page.url
        assert "anyone who reaches it can act as any Telegram user" in page.text


async def test_a_local_sandbox_shows_no_exposure_warning(
    web: httpx.AsyncClient, petra: SandboxUser
) -> None:
    page = await web.get("/sandbox")

    assert 'class="exposed"' not in page.text


async def test_stopping_the_web_chat_ends_its_long_polls_at_once(
    web: httpx.AsyncClient, sandbox: Sandbox, petra: SandboxUser
) -> None:
    version = (await web.get(f"/sandbox/api/chats/{petra.id}")).json()["version"]
    waiting = asyncio.create_task(web.get(f"/sandbox/api/chats/{petra.id}?since={version}&wait=20"))
    for _ in range(20):  # let the poll get under way
        await asyncio.sleep(0)
    assert not waiting.done()

    sandbox.stop_web_chat()

    async with asyncio.timeout(1):
        ended = await waiting
    again = await web.get(f"/sandbox/api/chats/{petra.id}?since={version}&wait=20")
    assert (ended.status_code, ended.json()) == (503, {"error": "the sandbox is stopping"})
    assert again.status_code == 503
    assert not sandbox.closed  # the bot's side goes on until aclose()


async def test_a_photo_sent_from_the_page_is_shown_and_served(
    web: httpx.AsyncClient, sandbox: Sandbox, petra: SandboxUser
) -> None:
    content = sample_png(6, 4)

    sent = await web.post(
        f"/sandbox/api/chats/{petra.id}/photos",
        files={"photo": ("box.png", content, "image/png")},
        data={"caption": "fitted"},
        headers=ACTION,
    )
    not_a_photo = await web.post(
        f"/sandbox/api/chats/{petra.id}/photos",
        files={"photo": ("x.html", b"<script>", "text/html")},
        headers=ACTION,
    )

    assert sent.status_code == 200
    assert not_a_photo.status_code == 400
    (message,) = (await web.get(f"/sandbox/api/chats/{petra.id}")).json()["messages"]
    assert message["html"] == "fitted"
    served = await web.get(message["photo"]["url"])
    assert (served.content, served.headers["content-type"]) == (content, "image/png")


async def test_files_that_are_not_images_are_only_downloaded(
    web: httpx.AsyncClient, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sandbox.send_document(petra.id, b"<script>alert(1)</script>", "page.html")
    file_id = sandbox.transcript(petra.id)[-1].document_file_id
    assert file_id is not None

    served = await web.get(f"/sandbox/files/{file_id}")

    assert served.headers["content-type"] == "application/octet-stream"
    assert served.headers["content-disposition"] == "attachment"
    assert (await web.get("/sandbox/files/unknown")).status_code == 404


async def test_the_static_script_and_style_are_served(web: httpx.AsyncClient) -> None:
    script = await web.get("/sandbox/static/sandbox.js")
    style = await web.get("/sandbox/static/sandbox.css")

    assert script.status_code == style.status_code == 200
    assert "X-Sandbox-Action" in script.text


async def test_the_chat_offers_the_sample_photos_in_the_order_they_were_added(
    web: httpx.AsyncClient, sandbox: Sandbox, petra: SandboxUser
) -> None:
    without_samples = await web.get(f"/sandbox/chat/{petra.id}")
    label, blank = sample_png(8, 6), sample_png(5, 5)
    sandbox.add_sample_photo("Label of box 0030000000000001", label)
    sandbox.add_sample_photo("A photo without a code", lambda: blank)

    page = await web.get(f"/sandbox/chat/{petra.id}")
    listed = (await web.get("/sandbox/api/samples")).json()

    assert "data-samples-button" not in without_samples.text
    assert "data-samples-button" in page.text and "Sample photos" in page.text
    assert [sample["name"] for sample in listed] == [
        "Label of box 0030000000000001",
        "A photo without a code",
    ]
    pictures = [await web.get(sample["url"]) for sample in listed]
    assert [(p.content, p.headers["content-type"]) for p in pictures] == [
        (label, "image/png"),
        (blank, "image/png"),
    ]
    assert (await web.get("/sandbox/samples/2")).status_code == 404


async def test_a_sample_photo_sent_from_the_page_reaches_the_bot_as_a_photo(
    web: httpx.AsyncClient, bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    label = sample_png(8, 6)
    sandbox.add_sample_photo("Label of box 0030000000000001", label)

    sent = await web.post(
        f"/sandbox/api/chats/{petra.id}/samples",
        json={"name": "Label of box 0030000000000001", "caption": "the box"},
        headers=ACTION,
    )

    assert sent.status_code == 200
    (update,) = await bot.get_updates()
    assert update.update_id == sent.json()["update_id"]
    assert update.message is not None and update.message.from_user is not None
    assert (update.message.from_user.id, update.message.caption) == (petra.id, "the box")
    file = await bot.get_file(update.message.photo[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == label


async def test_an_unknown_sample_photo_is_refused_and_nothing_is_sent(
    web: httpx.AsyncClient, bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sandbox.add_sample_photo("Label of box 0030000000000001", sample_png(8, 6))

    unknown = await web.post(
        f"/sandbox/api/chats/{petra.id}/samples", json={"name": "Label of box 1"}, headers=ACTION
    )
    nameless = await web.post(f"/sandbox/api/chats/{petra.id}/samples", json={}, headers=ACTION)
    unheaded = await web.post(
        f"/sandbox/api/chats/{petra.id}/samples", json={"name": "Label of box 0030000000000001"}
    )

    assert (unknown.status_code, unknown.json()) == (
        404,
        {"error": "there is no sample photo named 'Label of box 1'"},
    )
    assert (nameless.status_code, nameless.json()) == (400, {"error": "name is required"})
    assert unheaded.status_code == 403
    assert await bot.get_updates() == ()
    assert sandbox.transcript(petra.id) == []


async def test_a_sample_photo_given_as_a_function_is_made_once_when_first_needed(
    web: httpx.AsyncClient, sandbox: Sandbox, petra: SandboxUser
) -> None:
    made: list[bytes] = []

    def make() -> bytes:
        made.append(sample_png(3 + len(made), 3))
        return made[-1]

    sandbox.add_sample_photo("Drawn on demand", make)
    assert made == []

    shown = await web.get("/sandbox/samples/0")
    for _ in range(2):
        await web.post(
            f"/sandbox/api/chats/{petra.id}/samples",
            json={"name": "Drawn on demand"},
            headers=ACTION,
        )

    assert len(made) == 1
    sent = [sandbox.file_content(m.photo_file_id or "") for m in sandbox.transcript(petra.id)]
    assert sent == [shown.content, shown.content] == made * 2


def test_a_sample_photo_needs_a_new_name_and_an_image(sandbox: Sandbox) -> None:
    sandbox.add_sample_photo("Label", sample_png(4, 3))

    with pytest.raises(ValueError, match="already a sample photo named 'Label'"):
        sandbox.add_sample_photo(" Label ", sample_png(4, 3))
    with pytest.raises(ValueError, match="is not a PNG, JPEG, GIF or WebP image"):
        sandbox.add_sample_photo("Page", b"<html>")
    with pytest.raises(ValueError, match="1 to 100 characters"):
        sandbox.add_sample_photo(" ", sample_png(4, 3))
    assert sandbox.sample_photos() == ["Label"]
