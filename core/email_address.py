"""E-mail addresses as FleetCrew stores them: checked, normalized, lower-case."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from core.errors import InvalidInput


def normalize_email(raw: str) -> str:
    """The address as stored, or InvalidInput saying it is not valid."""
    text = raw.strip()
    if not text:
        raise InvalidInput("Enter an e-mail address.")
    try:
        # test_environment admits the reserved .test domain, which the demo data uses.
        checked = validate_email(text, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        raise InvalidInput(f"“{text[:80]}” is not a valid e-mail address.") from None
    return checked.normalized.lower()
