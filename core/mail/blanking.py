"""Taking an ended deep link out of a kept e-mail, and leaving the rest of the mail as it was."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser

from core.status import LinkEnd

QR_FILENAME = "invitation-qr.png"
_LINK = r"https?://[^\s\"'<>]+?(?:inv|team)_[A-Za-z0-9_-]{32}"
LINK_URL = re.compile(_LINK)
_LINK_ANCHOR = re.compile(rf"<a href=\"{_LINK}\">.*?</a>", re.DOTALL)
_QR_IMAGE = re.compile(r"<img src=\"cid:[^\"]*\"[^>]*>")
WHY = {
    LinkEnd.ANSWERED: "the invitation was answered",
    LinkEnd.REPLACED: "a newer link replaced it",
    LinkEnd.WITHDRAWN: "the invitation was withdrawn",
    LinkEnd.EXPIRED: "the link expired",
}


def removed_note(reason: LinkEnd) -> str:
    """What stands in a mail where its link was."""
    return f"[link removed: {WHY[reason]}]"


def blank_link(message: bytes, text_body: str, reason: LinkEnd) -> tuple[bytes, str]:
    """The mail and its text with every deep link (and the QR code) replaced by a note."""
    note = removed_note(reason)
    mail = BytesParser(policy=policy.default).parsebytes(message)
    assert isinstance(mail, EmailMessage)
    _blank_parts(mail, note)
    return mail.as_bytes(), LINK_URL.sub(note, text_body)


def _blank_parts(part: Message, note: str) -> None:
    if part.is_multipart():
        children = [child for child in part.get_payload() if isinstance(child, Message)]
        kept: list[Message] = [child for child in children if not _is_qr_code(child)]
        part.set_payload(kept)  # type: ignore[arg-type]  # typeshed: a list of parts is a payload
        for child in kept:
            _blank_parts(child, note)
        return
    assert isinstance(part, EmailMessage)
    if part.get_content_type() == "text/plain":
        part.set_content(LINK_URL.sub(note, part.get_content()))
    elif part.get_content_type() == "text/html":
        html = _LINK_ANCHOR.sub(note, part.get_content())
        html = _QR_IMAGE.sub("(QR code removed)", html)
        part.set_content(LINK_URL.sub(note, html), subtype="html")


def _is_qr_code(part: Message) -> bool:
    return part.get_content_maintype() == "image" and part.get_filename() == QR_FILENAME
