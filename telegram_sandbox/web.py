"""The web chat for people at /sandbox: pick or create a user, chat, open deep links."""

from __future__ import annotations

import asyncio
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from telegram_sandbox.images import MIME_TYPES, image_format
from telegram_sandbox.people import deep_link_payload
from telegram_sandbox.rendering import link_rewriter
from telegram_sandbox.sandbox import Sandbox
from telegram_sandbox.snapshots import SandboxUser
from telegram_sandbox.web_api import WebApi, same_site_action, start_link, telegram_link

HERE = Path(__file__).parent
USER_COOKIE = "fleetcrew_sandbox_user"
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def sandbox_routes(
    sandbox: Sandbox, *, prefix: str = "/sandbox", exposed: bool = False
) -> list[BaseRoute]:
    """The web chat's pages, JSON endpoints, files and static assets under prefix.

    exposed: the pages are served where others may reach them; every page then warns in red
    that whoever reaches it can act as any Telegram user.
    """
    prefix = "/" + prefix.strip("/")
    pages = Pages(sandbox, prefix, exposed=exposed)
    api = WebApi(sandbox, prefix, link_rewriter(prefix, sandbox.bot_username))
    return [
        Route(prefix, pages.people),
        Route(prefix + "/", pages.slash),
        Route(prefix + "/chat/{user_id:int}", pages.chat),
        Route(prefix + "/open", pages.open_link),
        Route(prefix + "/files/{file_id}", pages.file),
        Route(prefix + "/samples/{number:int}", pages.sample),
        Route(prefix + "/api/users", api.list_users),
        Route(prefix + "/api/users", same_site_action(api.create_user), methods=["POST"]),
        Route(prefix + "/api/samples", api.list_samples),
        Route(prefix + "/api/chats/{user_id:int}", api.chat),
        Route(
            prefix + "/api/chats/{user_id:int}/messages",
            same_site_action(api.send_text),
            methods=["POST"],
        ),
        Route(
            prefix + "/api/chats/{user_id:int}/links",
            same_site_action(api.open_link),
            methods=["POST"],
        ),
        Route(
            prefix + "/api/chats/{user_id:int}/presses",
            same_site_action(api.press_button),
            methods=["POST"],
        ),
        Route(
            prefix + "/api/chats/{user_id:int}/photos",
            same_site_action(api.send_photo),
            methods=["POST"],
        ),
        Route(
            prefix + "/api/chats/{user_id:int}/samples",
            same_site_action(api.send_sample),
            methods=["POST"],
        ),
        Mount(prefix + "/static", StaticFiles(directory=HERE / "static"), name="sandbox-static"),
    ]


class Pages:
    """The HTML pages; all data the scripts need travels in data- attributes."""

    def __init__(self, sandbox: Sandbox, prefix: str, *, exposed: bool = False) -> None:
        self.sandbox = sandbox
        self.prefix = prefix
        self.exposed = exposed
        self.templates = Environment(
            loader=FileSystemLoader(HERE / "templates"), autoescape=True, auto_reload=False
        )

    def _render(self, name: str, status_code: int = 200, **context: object) -> HTMLResponse:
        context = {
            "prefix": self.prefix,
            "bot_name": self.sandbox.bot_name,
            "bot_username": self.sandbox.bot_username,
            "exposed": self.exposed,
            **context,
        }
        html = self.templates.get_template(name).render(context)
        return HTMLResponse(html, status_code=status_code, headers=PAGE_HEADERS)

    def _remembered(self, request: Request) -> SandboxUser | None:
        value = request.cookies.get(USER_COOKIE, "")
        return next((u for u in self.sandbox.users() if str(u.id) == value), None)

    async def people(self, request: Request) -> Response:
        """Who do you want to be: the ready-made people, a new one, or a deep link."""
        return self._render(
            "people.html", users=self.sandbox.users(), remembered=self._remembered(request)
        )

    async def slash(self, request: Request) -> Response:
        """/sandbox/ is /sandbox."""
        return RedirectResponse(self.prefix, status_code=308)

    async def chat(self, request: Request) -> Response:
        """The chat of one person with the bot; remembered as the person this browser is."""
        user_id = request.path_params["user_id"]
        try:
            user = self.sandbox.user(user_id)
        except ValueError:
            return self._render("missing.html", 404, what=f"There is no sandbox user {user_id}.")
        response = self._render("chat.html", user=user, samples=self.sandbox.sample_photos())
        response.set_cookie(USER_COOKIE, str(user.id), path=self.prefix, samesite="lax")
        return response

    async def open_link(self, request: Request) -> Response:
        """A deep link (`?start=<payload>` or `?link=<t.me link>`): ask who opens it.

        The person this browser last chatted as comes first, marked, and is chosen with one
        press; nothing is sent before someone is chosen.
        """
        start = request.query_params.get("start")
        given = request.query_params.get("link", "").strip()
        # Shown as the person opened it: a t.me link here would claim a bot of Telegram's.
        shown = str(request.url) if start is not None else given
        link = start_link(self.sandbox.bot_username, start) if start is not None else given
        link = telegram_link(link, self.prefix, self.sandbox.bot_username)
        error = None
        payload = None
        try:
            payload = deep_link_payload(link, self.sandbox.bot_username)
        except ValueError as problem:
            error = str(problem) if link else None
        remembered = self._remembered(request)
        others = [u for u in self.sandbox.users() if remembered is None or u.id != remembered.id]
        return self._render(
            "open.html",
            400 if error else 200,
            link=link,
            shown=shown,
            command=f"/start {payload}" if payload else "/start",
            error=error,
            remembered=remembered,
            users=others,
        )

    async def file(self, request: Request) -> Response:
        """A file of the chat: images shown inline, anything else downloaded."""
        file_id = request.path_params["file_id"]
        try:
            content = self.sandbox.file_content(file_id)
            mime_type = self.sandbox.file_mime_type(file_id)
        except LookupError:
            return _not_found()
        headers = {**PAGE_HEADERS, "Cache-Control": "private, max-age=3600"}
        if mime_type not in INLINE_TYPES:
            mime_type = "application/octet-stream"
            headers["Content-Disposition"] = "attachment"
        return Response(content, media_type=mime_type, headers=headers)

    async def sample(self, request: Request) -> Response:
        """A sample photo's picture, for its thumbnail in the chat."""
        names = self.sandbox.sample_photos()
        number = request.path_params["number"]
        if number >= len(names):
            return _not_found()
        # Making a sample photo can take a moment: never on the event loop.
        content = await asyncio.to_thread(self.sandbox.sample_photo, names[number])
        mime_type = MIME_TYPES[image_format(content) or "jpeg"]
        headers = {**PAGE_HEADERS, "Cache-Control": "private, max-age=3600"}
        return Response(content, media_type=mime_type, headers=headers)


def _not_found() -> Response:
    return Response("Not found", 404, media_type="text/plain", headers=PAGE_HEADERS)
