"""Deep links: short enough for Telegram, unguessable, and strict about what they accept."""

from __future__ import annotations

import pytest

from core.errors import LinkNotUsable
from core.links import TELEGRAM_START_LIMIT, DeepLinks, LinkKind, hash_token, parse_start_payload


def test_link_is_derived_from_its_nonce_and_the_secret_key():
    links = DeepLinks("one secret key", "FleetCrewBot")
    first = links.derive(LinkKind.INVITATION, "nonce-1")

    assert links.derive(LinkKind.INVITATION, "nonce-1") == first
    assert links.derive(LinkKind.INVITATION, "nonce-2").token != first.token
    assert links.derive(LinkKind.TEAM, "nonce-1").token != first.token
    assert (
        DeepLinks("another key", "FleetCrewBot").derive(LinkKind.INVITATION, "nonce-1").token
        != first.token
    )


@pytest.mark.parametrize("kind", list(LinkKind))
def test_start_parameter_fits_telegrams_limit(kind):
    link = DeepLinks("key", "FleetCrewBot").derive(kind, "n")
    assert len(link.payload) <= TELEGRAM_START_LIMIT
    assert link.url == f"https://t.me/FleetCrewBot?start={link.payload}"
    assert parse_start_payload(link.payload) == (kind, link.token)


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "inv_",
        "inv_short",
        "job_" + "a" * 32,
        "inv_" + "a" * 31 + "!",
        "inv_" + "a" * 33,
        "inv_" + "a" * 64,
        "inv " + "a" * 32,
    ],
)
def test_malformed_start_parameters_are_refused(payload):
    with pytest.raises(LinkNotUsable):
        parse_start_payload(payload)


def test_token_hash_is_not_the_token():
    assert hash_token("abc") != "abc"
    assert len(hash_token("abc")) == 64
