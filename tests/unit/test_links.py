"""Deep links: short enough for Telegram, unguessable, and strict about what they accept."""

from __future__ import annotations

import pytest

from core.errors import LinkNotUsable
from core.links import (
    TELEGRAM_START_LIMIT,
    DeepLinks,
    LinkKind,
    hash_token,
    parse_start_payload,
    telegram_start_url,
)


def test_every_link_gets_a_fresh_random_token():
    links = DeepLinks(telegram_start_url("FleetCrewBot"))

    tokens = {links.issue(LinkKind.INVITATION).token for _ in range(100)}

    assert len(tokens) == 100
    assert all(len(token) == 32 for token in tokens)


@pytest.mark.parametrize("kind", list(LinkKind))
def test_start_parameter_fits_telegrams_limit_and_parses_back(kind):
    link = DeepLinks(telegram_start_url("FleetCrewBot")).issue(kind)

    assert len(link.payload) <= TELEGRAM_START_LIMIT
    assert link.url == f"https://t.me/FleetCrewBot?start={link.payload}"
    assert parse_start_payload(link.payload) == (kind, link.token)
    assert link.token_hash == hash_token(link.token)


def test_a_link_leads_where_the_composition_root_says():
    link = DeepLinks("http://127.0.0.1:8000/sandbox/open?start=").issue(LinkKind.TEAM)

    assert link.url == f"http://127.0.0.1:8000/sandbox/open?start=team_{link.token}"


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
