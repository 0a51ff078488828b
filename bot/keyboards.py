"""The bot's inline keyboards; every button's data comes from bot.callbacks."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks
from bot.texts import LANGUAGE_NAMES, Texts
from core.actors import TeamRole
from core.views import TeamMemberRow, TeamView


def invitation(t: Texts, token: str) -> InlineKeyboardMarkup:
    """Accept and Decline under an invitation."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("button.accept"),
                    callback_data=callbacks.encode(callbacks.ACCEPT_INVITATION, token),
                ),
                InlineKeyboardButton(
                    t("button.decline"),
                    callback_data=callbacks.encode(callbacks.DECLINE_INVITATION, token),
                ),
            ]
        ]
    )


def team(t: Texts, view: TeamView) -> InlineKeyboardMarkup:
    """A remove button per technician, and one for a new team link."""
    rows = [
        [
            InlineKeyboardButton(
                t("button.remove", name=member.name),
                callback_data=callbacks.encode(callbacks.ASK_REMOVE_MEMBER, member.technician_id),
            )
        ]
        for member in view.members
        if member.role != TeamRole.PARTNER_ADMIN
    ]
    rows.append(
        [
            InlineKeyboardButton(
                t("button.new_team_link"), callback_data=callbacks.encode(callbacks.NEW_TEAM_LINK)
            )
        ]
    )
    return InlineKeyboardMarkup(rows)


def confirm_removal(t: Texts, member: TeamMemberRow) -> InlineKeyboardMarkup:
    """Yes, remove — or back to the team."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("button.confirm_remove"),
                    callback_data=callbacks.encode(callbacks.REMOVE_MEMBER, member.technician_id),
                ),
                InlineKeyboardButton(
                    t("button.cancel"), callback_data=callbacks.encode(callbacks.SHOW_TEAM)
                ),
            ]
        ]
    )


def languages() -> InlineKeyboardMarkup:
    """One button per language the bot speaks, each in its own language."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    name, callback_data=callbacks.encode(callbacks.CHOOSE_LANGUAGE, code)
                )
                for code, name in LANGUAGE_NAMES.items()
            ]
        ]
    )
