"""Job photos on disk: stored once by content, handed back by key, never outside their folder."""

from __future__ import annotations

import pytest

from core.label_images import photo_without_code_png
from core.photo_store import FilePhotoStore, PhotoMissing

PHOTO = photo_without_code_png()


@pytest.fixture
def store(tmp_path):
    return FilePhotoStore(tmp_path / "photos")


async def test_a_stored_photo_comes_back_by_its_key(store):
    key = await store.put(PHOTO, suffix=".png")

    assert await store.get(key) == PHOTO
    assert key.endswith(".png")


async def test_the_same_photo_sent_twice_is_stored_once(store, tmp_path):
    first = await store.put(PHOTO, suffix=".PNG")
    second = await store.put(PHOTO, suffix=".png")

    assert first == second
    assert [path.name for path in (tmp_path / "photos").rglob("*") if path.is_file()] == [first]


async def test_different_photos_get_different_keys(store):
    first = await store.put(b"one photo", suffix=".jpg")
    second = await store.put(b"another photo", suffix=".jpg")

    assert first != second
    assert (await store.get(first), await store.get(second)) == (b"one photo", b"another photo")


async def test_a_store_keeps_its_photos_across_restarts(tmp_path):
    key = await FilePhotoStore(tmp_path / "photos").put(PHOTO, suffix=".jpg")

    assert await FilePhotoStore(tmp_path / "photos").get(key) == PHOTO


async def test_an_unknown_key_is_a_missing_photo(store):
    with pytest.raises(PhotoMissing):
        await store.get("0" * 64 + ".jpg")


@pytest.mark.parametrize(
    "key",
    [
        "../secret.jpg",
        "../../photos/../secret.jpg",
        "/etc/passwd",
        "ab/" + "a" * 64 + ".jpg",
        "A" * 64 + ".jpg",
        "a" * 64 + ".jpg/..",
        "a" * 64,
        "",
    ],
)
async def test_a_key_that_reaches_outside_the_store_is_refused(store, tmp_path, key):
    (tmp_path / "secret.jpg").write_bytes(b"not a photo of the store")

    with pytest.raises(PhotoMissing):
        await store.get(key)


@pytest.mark.parametrize("suffix", ["", "jpg", ".", "/../x", ".jp g", ".toolongsuffix"])
async def test_a_suffix_that_is_no_file_suffix_is_refused(store, suffix):
    with pytest.raises(ValueError, match="suffix"):
        await store.put(PHOTO, suffix=suffix)


async def test_a_photo_is_written_whole_with_no_temporary_file_left_over(store, tmp_path):
    key = await store.put(PHOTO, suffix=".png")

    files = [path for path in (tmp_path / "photos").rglob("*") if path.is_file()]
    assert [(path.name, path.read_bytes()) for path in files] == [(key, PHOTO)]
