"""The bot's inline keyboards; every button's data comes from bot.callbacks."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks
from bot.texts import LANGUAGE_NAMES, Texts
from core.actors import TeamRole
from core.views import TeamMemberRow, TeamView


def invitation(t: Texts, token: str) -> InlineKeyboardMarkup:
    """Accept and Decline under an invitation."""
    return _row(
        (t("button.accept"), callbacks.encode(callbacks.ACCEPT_INVITATION, token)),
        (t("button.decline"), callbacks.encode(callbacks.ASK_TO_DECLINE, token)),
    )


def confirm_decline(t: Texts, token: str) -> InlineKeyboardMarkup:
    """Yes, decline — or back to the invitation."""
    return _row(
        (t("button.confirm_decline"), callbacks.encode(callbacks.DECLINE_INVITATION, token)),
        (t("button.back"), callbacks.encode(callbacks.SHOW_INVITATION, token)),
    )


def team(t: Texts, view: TeamView) -> InlineKeyboardMarkup:
    """Answers for whoever asks to join, a remove button per technician, a new team link."""
    rows = [_buttons(*_answers(t, row.request_id, row.name)) for row in view.waiting]
    rows += [
        _buttons(
            (
                t("button.remove", name=member.name),
                callbacks.encode(callbacks.ASK_REMOVE_MEMBER, member.technician_id),
            )
        )
        for member in view.members
        if member.role != TeamRole.PARTNER_ADMIN
    ]
    rows.append(_buttons((t("button.new_team_link"), callbacks.NEW_TEAM_LINK)))
    return InlineKeyboardMarkup(rows)


def confirm_removal(t: Texts, member: TeamMemberRow) -> InlineKeyboardMarkup:
    """Yes, remove — or back to the team."""
    return _row(
        (
            t("button.confirm_remove"),
            callbacks.encode(callbacks.REMOVE_MEMBER, member.technician_id),
        ),
        (t("button.cancel"), callbacks.SHOW_TEAM),
    )


def languages() -> InlineKeyboardMarkup:
    """One button per language the bot speaks, each in its own language."""
    return _row(
        *(
            (name, callbacks.encode(callbacks.CHOOSE_LANGUAGE, code))
            for code, name in LANGUAGE_NAMES.items()
        )
    )


def _answers(t: Texts, request_id: int, name: str) -> tuple[tuple[str, str], tuple[str, str]]:
    return (
        (t("button.let_in", name=name), callbacks.encode(callbacks.LET_IN, request_id)),
        (t("button.turn_away", name=name), callbacks.encode(callbacks.TURN_AWAY, request_id)),
    )


def _buttons(*buttons: tuple[str, str]) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text, callback_data=data) for text, data in buttons]


def _row(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([_buttons(*buttons)])
