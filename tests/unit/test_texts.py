"""The bot's English and German catalogues say the same things."""

from __future__ import annotations

import string

from bot.texts import CATALOGUES, ERRORS, Texts, supported_language
from core.errors import ErrorCode, LinkNotUsable


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_english_and_german_have_the_same_keys():
    assert CATALOGUES["en"].keys() == CATALOGUES["de"].keys()


def test_translations_fill_in_the_same_values():
    for key, english in CATALOGUES["en"].items():
        assert placeholders(CATALOGUES["de"][key]) == placeholders(english), key


def test_every_error_a_telegram_user_can_meet_has_a_german_text():
    assert set(ERRORS["de"]) == set(ErrorCode)


def test_values_are_escaped_for_telegram_html():
    assert Texts("en")("team.removed", name="<b>Eve</b> & co") == (
        "&lt;b&gt;Eve&lt;/b&gt; &amp; co is no longer in the team."
    )


def test_errors_are_translated_by_code_with_their_values():
    error = LinkNotUsable("English", code=ErrorCode.ALREADY_IN_THIS_TEAM, partner="A&B")
    assert Texts("de").error(error) == "Du bist schon im Team von A&amp;B."
    assert Texts("en").error(error) == "English"


def test_a_client_language_maps_to_a_catalogue():
    assert [supported_language(c) for c in ("de-AT", "DE", "fr", None, "")] == [
        "de",
        "de",
        "en",
        "en",
        "en",
    ]
