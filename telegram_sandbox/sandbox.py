"""`Sandbox`: the one object the faces and tests hold: Bot API, people, and what they see."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from telegram_sandbox import people
from telegram_sandbox.errors import not_found, unauthorized
from telegram_sandbox.methods import call_method, simulate_rate_limit
from telegram_sandbox.params import Params, UploadedFile
from telegram_sandbox.samples import Content, SamplePhotos
from telegram_sandbox.snapshots import CallbackAnswer, ChatMessage, SandboxUser
from telegram_sandbox.state_file import StateFile
from telegram_sandbox.webhook import WebhookDelivery
from telegram_sandbox.world import Chat, Clock, World

CHAT_ACTION_SECONDS = 5


@dataclass(frozen=True)
class WebhookSettings:
    """The webhook the bot set: where updates go, the secret header, the last delivery error."""

    url: str
    secret_token: str | None
    last_error_message: str | None = None


class Sandbox:
    """A local stand-in for Telegram's servers, one bot and any number of people.

    clock gives seconds since the epoch: message dates, the 15 seconds a button press may be
    answered in, the 48 hours a message may be deleted in. A program that has a clock of its
    own hands it in; the default is the machine's.
    """

    def __init__(
        self,
        bot_username: str = "FleetCrewBot",
        bot_name: str = "FleetCrew",
        token: str | None = None,
        *,
        clock: Clock = time.time,
        state_file: Path | None = None,
        webhook_transport: httpx.AsyncBaseTransport | None = None,
        webhook_retry_seconds: float = 1.0,
    ) -> None:
        self._world = World(bot_username=bot_username, bot_name=bot_name, token=token, clock=clock)
        self._state = (
            StateFile(state_file, self._world, explicit_token=token is not None)
            if state_file
            else None
        )
        self._delivery = WebhookDelivery(self._world, webhook_transport, webhook_retry_seconds)
        self._world.listeners.append(self._delivery.sync)
        self._samples = SamplePhotos()

    @property
    def token(self) -> str:
        """The bot token the Bot API accepts."""
        return self._world.token

    @property
    def bot_id(self) -> int:
        """The bot's user id (the token's first part)."""
        return self._world.bot_id

    @property
    def bot_username(self) -> str:
        """The bot's @username, without the @."""
        return self._world.bot_username

    @property
    def bot_name(self) -> str:
        """The bot's display name."""
        return self._world.bot_name

    # People

    def add_user(
        self,
        first_name: str,
        last_name: str | None = None,
        user_id: int | None = None,
        language_code: str | None = None,
        username: str | None = None,
    ) -> SandboxUser:
        """A person with a chat with the bot; the same id again returns the existing person."""
        if not first_name.strip():
            raise ValueError("a Telegram user has a first name")
        user = SandboxUser(
            id=user_id if user_id is not None else people.new_user_id(self._world),
            first_name=first_name.strip(),
            last_name=(last_name or "").strip() or None,
            username=(username or "").strip().lstrip("@") or None,
            language_code=(language_code or "").strip() or None,
        )
        return people.add_user(self._world, user)

    def users(self) -> list[SandboxUser]:
        """Everyone in the sandbox, in the order they were added."""
        return [chat.user for chat in self._world.chats.values()]

    def user(self, user_id: int) -> SandboxUser:
        """One person; ValueError for an unknown id."""
        return self._world.person(user_id).user

    def send_text(self, user_id: int, text: str) -> int:
        """The person writes text to the bot; returns the update_id."""
        return people.send_text(self._world, user_id, text)[0]

    def open_link(self, user_id: int, link: str) -> int:
        """The person opens https://t.me/<bot>?start=<payload>: "/start <payload>" is sent."""
        return people.open_link(self._world, user_id, link)[0]

    def press_button(
        self, user_id: int, message_id: int, callback_data: str, *, forged: bool = False
    ) -> str:
        """The person presses a callback button of that message; returns the query id.

        forged: the data is the client's own, carried by no button of the message.
        """
        return people.press_button(self._world, user_id, message_id, callback_data, forged=forged)

    def press(self, user_id: int, text: str) -> str:
        """The person presses the button labelled text on the newest bot message showing it."""
        for message in reversed(self.bot_messages(user_id)):
            if text in message.button_texts:
                button = message.button(text)
                if button.callback_data is None:
                    raise ValueError(f"{text!r} is not a callback button")
                return self.press_button(user_id, message.message_id, button.callback_data)
        raise LookupError(f"no bot message of user {user_id} shows a button {text!r}")

    def send_photo(self, user_id: int, content: bytes, caption: str | None = None) -> int:
        """The person sends a photo (PNG, JPEG, GIF or WebP bytes)."""
        return people.send_photo(self._world, user_id, content, caption)[0]

    def add_sample_photo(self, name: str, content: Content) -> None:
        """A photo the web chat offers to send with one click: its bytes, or a function making them.

        A function is called once, the first time the photo is shown or sent. ValueError for a
        name already taken, or bytes that are no PNG, JPEG, GIF or WebP image.
        """
        self._samples.add(name, content)

    def sample_photos(self) -> list[str]:
        """The sample photos' names, in the order they were added."""
        return self._samples.names()

    def sample_photo(self, name: str) -> bytes:
        """The bytes of the sample photo of that name; LookupError for an unknown name.

        The first call may make the photo: the web chat calls it in a worker thread.
        """
        return self._samples.get(name).content()

    def send_sticker(self, user_id: int) -> int:
        """The person sends a sticker."""
        return people.send_sticker(self._world, user_id)[0]

    def send_location(self, user_id: int, latitude: float, longitude: float) -> int:
        """The person shares a location."""
        return people.send_location(self._world, user_id, latitude, longitude)[0]

    def send_document(self, user_id: int, content: bytes, filename: str) -> int:
        """The person sends a file."""
        return people.send_document(self._world, user_id, content, filename)[0]

    def block_bot(self, user_id: int, blocked: bool = True) -> None:
        """The person blocks (or unblocks) the bot; sends to them then answer 403."""
        people.block_bot(self._world, user_id, blocked)

    # What people see

    def transcript(self, user_id: int) -> list[ChatMessage]:
        """The chat as it stands, both sides, after edits and deletions."""
        return [ChatMessage.from_json(m) for m in self._world.person(user_id).messages.values()]

    def bot_messages(self, user_id: int) -> list[ChatMessage]:
        """The bot's messages in the chat as they stand."""
        return [message for message in self.transcript(user_id) if message.from_bot]

    def last_bot_message(self, user_id: int) -> ChatMessage:
        """The bot's newest message; LookupError when the bot has said nothing."""
        messages = self.bot_messages(user_id)
        if not messages:
            raise LookupError(f"the bot has sent nothing to user {user_id}")
        return messages[-1]

    def callback_answers(self, user_id: int) -> list[CallbackAnswer]:
        """The bot's answers to this person's button presses, oldest first."""
        return list(self._world.person(user_id).answers)

    def reply_keyboard(self, user_id: int) -> list[list[str]] | None:
        """The custom keyboard the bot shows this person, if any."""
        keyboard = self._world.person(user_id).reply_keyboard
        if keyboard is None:
            return None
        return [[button["text"] for button in row] for row in keyboard["keyboard"]]

    def chat_action(self, user_id: int) -> str | None:
        """The bot's chat action ("typing" …) while it shows: five seconds or the next message."""
        action = self._world.person(user_id).action
        if action is None or self._world.clock() - action[1] > CHAT_ACTION_SECONDS:
            return None
        return action[0]

    def file_content(self, file_id: str) -> bytes:
        """The bytes of a file the sandbox keeps; LookupError for an unknown file_id."""
        file = self._world.files.get(file_id)
        if file is None:
            raise LookupError(f"no file {file_id!r}")
        return file.content

    def file_mime_type(self, file_id: str) -> str:
        """The MIME type of a file the sandbox keeps; LookupError for an unknown file_id."""
        file = self._world.files.get(file_id)
        if file is None:
            raise LookupError(f"no file {file_id!r}")
        return file.mime_type

    # The bot's side

    def take_updates(self) -> list[dict[str, Any]]:
        """All pending updates as Telegram JSON, handed out and confirmed at once."""
        return self._world.updates.take_all()

    @property
    def commands(self) -> list[tuple[str, str]]:
        """The bot's commands (default scope, all languages) as (command, description)."""
        key = ('{"type": "default"}', "")
        return [(c["command"], c["description"]) for c in self._world.commands.get(key, [])]

    def commands_for(self, language_code: str) -> list[tuple[str, str]]:
        """The commands a person with this language sees: their language's list, else default."""
        default = '{"type": "default"}'
        listed = self._world.commands.get((default, language_code)) or self._world.commands.get(
            (default, ""), []
        )
        return [(c["command"], c["description"]) for c in listed]

    @property
    def webhook(self) -> WebhookSettings | None:
        """The webhook the bot set, or None while it polls."""
        hook = self._world.webhook
        if hook is None:
            return None
        return WebhookSettings(hook.url, hook.secret_token, hook.last_error_message)

    def simulate_rate_limit(
        self, method: str, retry_after: int, times: int = 1, *, chat_id: int | None = None
    ) -> None:
        """The next `times` calls of method answer 429 "Too Many Requests: retry after N".

        With chat_id, only calls to that chat do, as Telegram limits one chat's messages.
        """
        simulate_rate_limit(self._world, method, retry_after, times, chat_id)

    async def call(
        self,
        token: str,
        method: str,
        params: Mapping[str, Any] | None = None,
        files: Mapping[str, UploadedFile] | None = None,
    ) -> Any:
        """The Bot API itself: the method's result, or BotApiError as Telegram would answer."""
        try:
            return await call_method(self._world, token, method, Params(params or {}, files or {}))
        finally:
            self._delivery.sync()

    def download(self, token: str, file_path: str) -> tuple[bytes, str]:
        """The file behind a getFile file_path, with its MIME type; BotApiError 401 or 404."""
        if token != self._world.token:
            raise unauthorized()
        file = self._world.file_by_path(file_path)
        if file is None:
            raise not_found()
        return file.content, file.mime_type

    # Waiting and closing

    def version(self, user_id: int) -> int:
        """A number that grows with every change of this person's chat (web long polling)."""
        return self._chat(user_id).version

    async def wait_for_change(self, within: float) -> bool:
        """Wait until anything changes, at most `within` seconds; False when nothing did."""
        return await self._world.changed.wait(within)

    async def wait_for(self, condition: Callable[[], bool], within: float = 10.0) -> None:
        """Wait until condition() holds, re-checking after every change; TimeoutError after."""
        async with asyncio.timeout(within):
            while not condition():
                await self._world.changed.wait(None)

    @property
    def closed(self) -> bool:
        """Whether aclose() was called: long polls then answer at once."""
        return self._world.closed

    @property
    def stopping(self) -> bool:
        """Whether stop_web_chat() was called: the server that serves the web chat is stopping."""
        return self._world.stopping

    def stop_web_chat(self) -> None:
        """The web server is stopping: end the web chat's long polls now, and refuse new ones.

        The bot's side (getUpdates, webhook delivery) goes on until aclose(), so the bot can
        still finish what it is doing.
        """
        self._world.stopping = True
        self._world.changed.notify()

    async def aclose(self) -> None:
        """End waiting long polls, stop webhook delivery, write the state file one last time."""
        self._world.closed = True
        self._world.updates.arrived.notify()
        self._world.changed.notify()
        await self._delivery.stop()
        if self._state is not None:
            self._state.save()

    def _chat(self, user_id: int) -> Chat:
        return self._world.person(user_id)
