"""What the bot says, in English and German: one catalogue per language with the same keys.

Errors from core arrive in English with a code; other languages translate them by that code.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from bot.texts import de, en
from core.errors import DomainError

DEFAULT_LANGUAGE = "en"
CATALOGUES: dict[str, dict[str, str]] = {"en": en.TEXTS, "de": de.TEXTS}
LANGUAGE_NAMES: dict[str, str] = {"en": en.LANGUAGE_NAME, "de": de.LANGUAGE_NAME}
ERRORS = {"de": de.ERRORS}


def supported_language(code: str | None) -> str:
    """The catalogue for a Telegram client's language code (`de-AT` → `de`), English otherwise."""
    short = (code or "").split("-")[0].lower()
    return short if short in CATALOGUES else DEFAULT_LANGUAGE


class Html(str):
    """Text that is already filled in and escaped: it goes into another text as it is."""

    __slots__ = ()


class Texts:
    """The texts of one language; values are HTML-escaped, since messages use HTML."""

    def __init__(self, language: str) -> None:
        self.language = supported_language(language)
        self._texts = CATALOGUES[self.language]

    def __call__(self, key: str, **values: object) -> Html:
        """The text for key with the values filled in (escaped, unless they are Html)."""
        return _fill(self._texts[key], values)

    def error(self, error: DomainError) -> Html:
        """A domain error's message in this language (core's English when no translation)."""
        translated = ERRORS.get(self.language, {}).get(error.code) if error.code else None
        if translated is None:
            return Html(escape(error.message, quote=False))
        return _fill(translated, error.values)


def _fill(text: str, values: Mapping[str, object]) -> Html:
    return Html(text.format(**{key: _escaped(value) for key, value in values.items()}))


def _escaped(value: object) -> str:
    return value if isinstance(value, Html) else escape(str(value), quote=False)
