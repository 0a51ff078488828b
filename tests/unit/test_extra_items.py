"""Extra checklist items a manager writes, checked where they enter."""

from __future__ import annotations

import pytest

from core.extra_items import ExtraItem, ItemKind, clean_extra_items
from core.job_fields import InvalidJobData


def test_items_keep_their_order_and_empty_rows_are_skipped():
    items = clean_extra_items(
        [
            {"label": " Sticker on the  windscreen ", "kind": "photo", "required": "on"},
            {"label": "", "kind": "", "options": ""},
            {"label": "Tyres", "kind": "choice", "options": "summer\nwinter\n\nwinter"},
        ]
    )

    assert items == (
        ExtraItem("Sticker on the windscreen", ItemKind.PHOTO, required=True),
        ExtraItem("Tyres", ItemKind.CHOICE, required=False, options=("summer", "winter")),
    )


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ({"label": "x", "kind": "confirm"}, "2 to 120 characters"),
        ({"label": "Mileage", "kind": "essay"}, "the kind is one of confirm, text"),
        ({"label": "Tyres", "kind": "choice", "options": "only one"}, "2 to 10 options"),
        ({"label": "Mileage", "kind": "number", "options": "a\nb"}, "only a choice has options"),
    ],
)
def test_a_wrong_item_is_named_by_its_number(row, words):
    with pytest.raises(InvalidJobData) as refused:
        clean_extra_items([{"label": "Fine item", "kind": "confirm"}, row])

    (problem,) = refused.value.problems
    assert problem.field == "extra_items.2"
    assert words in problem.message


def test_at_most_twenty_items():
    with pytest.raises(InvalidJobData, match="at most 20"):
        clean_extra_items([{"label": f"Item {n}", "kind": "confirm"} for n in range(21)])
