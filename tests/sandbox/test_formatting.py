"""Entities back to HTML for the web chat: escaped text, only Telegram's formatting as tags."""

from __future__ import annotations

from telegram_sandbox.formatting import detect_entities, parse_html, to_html
from telegram_sandbox.images import image_size, sample_png


def test_html_from_entities_escapes_everything_else() -> None:
    text, entities = parse_html("<b>&lt;script&gt;alert(1)&lt;/script&gt;</b> & <i>ok</i>")

    assert to_html(text, entities) == (
        "<b>&lt;script&gt;alert(1)&lt;/script&gt;</b> &amp; <i>ok</i>"
    )


def test_links_keep_only_safe_schemes_and_quote_their_address() -> None:
    entities = [
        {"type": "text_link", "offset": 0, "length": 1, "url": 'https://x.org/"onmouseover="x'},
        {"type": "text_link", "offset": 2, "length": 1, "url": "javascript:alert(1)"},
    ]

    html = to_html("a b", entities)

    assert 'href="https://x.org/&quot;onmouseover=&quot;x"' in html
    assert "javascript" not in html
    assert html.endswith('<span class="text-link">b</span>')


def test_nested_and_overlapping_entities_stay_well_formed_across_emoji() -> None:
    text = "🚗 bold italic"
    entities = [
        {"type": "bold", "offset": 3, "length": 11},
        {"type": "italic", "offset": 8, "length": 6},
    ]

    assert to_html(text, entities) == "🚗 <b>bold <i>italic</i></b>"


def test_deep_links_in_a_text_can_be_pointed_somewhere_else() -> None:
    text = "Join: https://t.me/Bot?start=team_x"

    html = to_html(text, detect_entities(text, []), link=lambda url: "/open?x=" + url[-6:])

    assert html == (
        'Join: <a href="/open?x=team_x" target="_blank" rel="noopener noreferrer">'
        "https://t.me/Bot?start=team_x</a>"
    )


def test_image_sizes_are_read_from_the_file_header() -> None:
    assert image_size(sample_png(321, 123)) == (321, 123)
    assert image_size(b"GIF89a\x10\x00\x20\x00") == (16, 32)
    jpeg = b"\xff\xd8\xff\xe0\x00\x04ab\xff\xc0\x00\x11\x08\x00\x30\x00\x40\x03"
    assert image_size(jpeg) == (64, 48)
    assert image_size(b"plain text") is None
