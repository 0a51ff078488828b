"""Where FleetCrew is reached, and where its deep links lead.

With the sandbox, a link opens the sandbox's own page (`<admin web>/sandbox/open?start=…`): a
`t.me` link would lead to a bot nobody here owns. With a token, the links open the bot the token
belongs to, by the username Telegram's getMe gives; FLEETCREW_TELEGRAM_BOT_USERNAME, if set, is
only checked against it.
"""

from __future__ import annotations

from telegram import Bot
from telegram.error import InvalidToken, TelegramError

from bot.app import endpoint_from_settings
from core.links import telegram_start_url
from core.settings import ENV_PREFIX, Settings, SettingsError, admin_web_url

SANDBOX_START_PATH = "sandbox/open?start="


class TelegramUnreachable(Exception):
    """Telegram (or the Bot API server configured) did not answer getMe."""


async def start_url(settings: Settings) -> str:
    """What a deep link is made of: this URL with `<kind>_<token>` appended."""
    if settings.sandbox_enabled:
        return admin_web_url(settings).rstrip("/") + "/" + SANDBOX_START_PATH
    return telegram_start_url(await bot_username(settings))


async def bot_username(settings: Settings) -> str:
    """The username of the token's bot, as getMe tells it; refused if the override differs."""
    endpoint = endpoint_from_settings(settings)
    bot = Bot(
        endpoint.token,
        base_url=f"{endpoint.server}/bot",
        base_file_url=f"{endpoint.server}/file/bot",
    )
    try:
        async with bot:  # initialize() asks getMe
            username = bot.username
    except InvalidToken:
        # PTB's own message quotes the token: say it without.
        raise SettingsError(
            f"{ENV_PREFIX}TELEGRAM_TOKEN: {endpoint.server} does not know this bot token "
            "(getMe refused it); copy it again from @BotFather"
        ) from None
    except TelegramError as error:
        reason = str(error).replace(endpoint.token, "***")
        raise TelegramUnreachable(
            f"Telegram at {endpoint.server} did not answer getMe ({reason}); "
            "FleetCrew needs it to know its bot's username"
        ) from None
    wanted = settings.telegram_bot_username
    if wanted is not None and wanted.lower() != username.lower():
        raise SettingsError(
            f"{ENV_PREFIX}TELEGRAM_BOT_USERNAME: the token belongs to @{username}, not "
            f"@{wanted}; correct it or leave it unset"
        )
    return username
