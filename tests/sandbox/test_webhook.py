"""setWebhook: each update POSTed with the secret header, confirmed on 2xx, retried otherwise."""

from __future__ import annotations

import pytest
from telegram import Bot

from telegram_sandbox import BotApiError, Sandbox, SandboxUser, WebhookSettings

from .conftest import START, WebhookReceiver

URL = "https://fleetcrew.example/telegram/webhook"


def _last_error(sandbox: Sandbox) -> str | None:
    webhook = sandbox.webhook
    return webhook.last_error_message if webhook else None


async def test_each_new_update_is_posted_to_the_webhook_with_the_secret_header(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser, webhook_receiver: WebhookReceiver
) -> None:
    assert await bot.set_webhook(URL, secret_token="s3cr3t-Token_1") is True
    assert sandbox.webhook == WebhookSettings(URL, "s3cr3t-Token_1")

    first = sandbox.send_text(petra.id, "/start")
    second = sandbox.send_text(petra.id, "hello")
    await sandbox.wait_for(lambda: len(webhook_receiver.requests) == 2)

    assert [u["update_id"] for u in webhook_receiver.updates] == [first, second]
    for request in webhook_receiver.requests:
        assert request.method == "POST"
        assert str(request.url) == URL
        assert request.headers["X-Telegram-Bot-Api-Secret-Token"] == "s3cr3t-Token_1"
        assert request.headers["Content-Type"] == "application/json"
    await sandbox.wait_for(lambda: sandbox.take_updates() == [])


async def test_a_refused_delivery_stays_pending_and_shows_in_the_webhook_info(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser, webhook_receiver: WebhookReceiver
) -> None:
    webhook_receiver.status = 403
    await bot.set_webhook(URL, secret_token="right")

    sandbox.send_text(petra.id, "hello")
    await sandbox.wait_for(lambda: _last_error(sandbox) is not None)

    info = await bot.get_webhook_info()
    assert info.url == URL
    assert info.pending_update_count == 1
    assert info.last_error_message == "Wrong response from the webhook: 403 Forbidden"
    assert info.last_error_date is not None and info.last_error_date.timestamp() == START


async def test_updates_waiting_before_the_webhook_was_set_are_delivered_unless_dropped(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser, webhook_receiver: WebhookReceiver
) -> None:
    sandbox.send_text(petra.id, "dropped")
    await bot.set_webhook(URL, drop_pending_updates=True)
    await bot.delete_webhook()
    kept = sandbox.send_text(petra.id, "kept")

    await bot.set_webhook(URL)
    await sandbox.wait_for(lambda: len(webhook_receiver.requests) == 1)

    assert [u["update_id"] for u in webhook_receiver.updates] == [kept]


async def test_webhook_info_without_a_webhook_counts_the_pending_updates(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sandbox.send_text(petra.id, "hello")

    info = await bot.get_webhook_info()

    assert (info.url, info.pending_update_count, info.has_custom_certificate) == ("", 1, False)


async def test_deleting_the_webhook_lets_get_updates_work_again(
    bot: Bot, sandbox: Sandbox, petra: SandboxUser
) -> None:
    await bot.set_webhook(URL, allowed_updates=["message", "callback_query"])
    assert (await bot.get_webhook_info()).allowed_updates == ("callback_query", "message")

    assert await bot.delete_webhook(drop_pending_updates=True) is True

    assert sandbox.webhook is None
    update_id = sandbox.send_text(petra.id, "hello")
    assert [u.update_id for u in await bot.get_updates()] == [update_id]


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"url": "ftp://fleetcrew.example/hook"}, "An HTTPS URL must be provided for webhook"),
        ({"url": URL, "secret_token": "with space"}, "secret token contains unallowed characters"),
    ],
)
async def test_a_webhook_telegram_would_refuse_is_refused(
    sandbox: Sandbox, params: dict[str, str], description: str
) -> None:
    with pytest.raises(BotApiError, match=description) as refused:
        await sandbox.call(sandbox.token, "setWebhook", params)
    assert refused.value.error_code == 400
    assert sandbox.webhook is None
