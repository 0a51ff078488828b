"""Import jobs from CSV in the admin web: upload → the check of every row → Import; the history.

A file with a problem changes nothing in the database, and neither does a refused upload (too
big, no file, no CSRF token, another fleet's); Import pressed twice imports the file once.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import replace
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from admin_web.app import create_app
from core.db.models import Job
from core.job_files import COLUMNS, MAX_BYTES
from core.status import JobStatus
from tests.factories import connect_partner, database_contents, make_job
from tests.web.browsing import csrf_token, session_csrf, sign_in, text_of, words_of
from tests.web.job_forms import DownGateway
from tests.web.job_pages import flash_of
from tests.web.test_templates_pages import make_template

HEADER = "license_plate,vin,vehicle_model_id,assigned_installer_company_id"
CSRF_MESSAGE = "This form has expired or was not sent from FleetCrew, so nothing was changed."


def import_of(fleet_id: int) -> str:
    """The address of a fleet's import page."""
    return f"/fleets/{fleet_id}/jobs/import"


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    """A file of these rows under the header, lines ending in CRLF as Excel writes them."""
    return "\r\n".join([header, *rows]).encode() + b"\r\n"


def vin(number: int) -> str:
    return f"WVWZZZ1KZAW{number:06d}"


async def upload(
    client: httpx.AsyncClient,
    fleet_id: int,
    data: bytes | None,
    name: str = "berlin-cars.csv",
    **options: str,
) -> httpx.Response:
    """Send the upload form with a file (None: with the file field left empty), as a browser."""
    token = await session_csrf(client)
    sent = (name, data, "text/csv") if data is not None else ("", b"", "application/octet-stream")
    return await client.post(
        import_of(fleet_id), data={"csrf_token": token, **options}, files={"file": sent}
    )


def import_button_of(page: httpx.Response) -> str:
    """Where the checked file's Import button posts."""
    match = re.search(r'action="(/fleets/\d+/jobs/import/\d+)"', page.text)
    assert match is not None, "the page has no Import button"
    return match.group(1)


def failing_download(page: httpx.Response) -> tuple[str, bytes]:
    """The failing rows' file the page offers: its name and its bytes."""
    match = re.search(
        r'href="data:text/csv;charset=utf-8;base64,([^"]+)" download="([^"]+)"', page.text
    )
    assert match is not None, "the page offers no failing rows"
    return match.group(2), base64.b64decode(match.group(1))


def preview_of(page: httpx.Response) -> str:
    """The words of the table of the first rows as they will be created."""
    match = re.search(r'<table class="import-table preview-table">.*?</table>', page.text, re.S)
    assert match is not None, "the page shows no rows as they will be created"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(0))).split())


def problems_of(page: httpx.Response) -> list[tuple[str, str]]:
    """The (line, column) of every problem the page lists."""
    return re.findall(
        r'<td class="col-line" data-label="Line">(\d+)</td>\s*'
        r'<td class="col-column" data-label="Column"><code>([a-z_]+)</code>',
        text_of(page),
    )


async def jobs_of(uow, fleet_id: int) -> list[tuple[str | None, str]]:
    async with uow.read_only() as work:
        rows = await work.session.execute(
            select(Job.license_plate, Job.status).where(Job.fleet_id == fleet_id).order_by(Job.id)
        )
        return [(plate, status) for plate, status in rows]


@pytest.fixture
async def partner_code(uow, manager, links, fleets) -> str:
    """Volt Installers, ACCEPTED for Berlin."""
    return await connect_partner(uow, manager, links, fleets["Berlin"])


@pytest.fixture
def good_file(partner_code: str) -> bytes:
    """Three installation jobs, the second assigned to Volt Installers."""
    return csv_file(
        f"B-IM 1,{vin(1)},vw-golf-8,",
        f"B-IM 2,{vin(2)},vw-id3,{partner_code}",
        f"B-IM 3,{vin(3)},,",
    )


BAD_FILE = csv_file(
    f"B-BAD 1,{vin(1)},vw-golf-8,",
    "B-BAD 2,WVWZZZ1KZAWOOO001,vw-golf-8,",
    "B-BAD 3,,no-such-model,",
)


async def test_a_good_file_is_checked_then_imported_and_listed_in_the_history(
    signed_in, uow, fleets, good_file
):
    berlin = fleets["Berlin"]

    checked = await upload(signed_in, berlin, good_file)

    assert checked.status_code == 200
    words = words_of(checked)
    assert "berlin-cars.csv is ready to import" in words
    assert "every one fine: 1 ASSIGNED, 2 PENDING" in words
    preview = preview_of(checked)
    assert "B-IM 2 · " + vin(2) in preview and "Volt Installers" in preview
    assert preview.count("PENDING") == 2 and preview.count("ASSIGNED") == 1
    assert await jobs_of(uow, berlin) == []

    imported = await signed_in.post(
        import_button_of(checked), data={"csrf_token": csrf_token(checked)}
    )

    assert imported.status_code == 303
    assert await jobs_of(uow, berlin) == [
        ("B-IM 1", JobStatus.PENDING),
        ("B-IM 2", JobStatus.ASSIGNED),
        ("B-IM 3", JobStatus.PENDING),
    ]
    result = await signed_in.get(imported.headers["location"])
    words = words_of(result)
    assert "3 jobs imported: 1 assigned, 2 pending" in words
    assert f'href="/fleets/{berlin}/jobs/installation"' in result.text
    history = words.split("Imports into Berlin", 1)[1]
    assert "27 Nov 2026" in history and "berlin-cars.csv" in history


async def test_a_file_with_problems_lists_each_by_line_and_column_and_changes_nothing(
    signed_in, uow, fleets
):
    before = await database_contents(uow)

    checked = await upload(signed_in, fleets["Berlin"], BAD_FILE)

    assert checked.status_code == 400
    assert "berlin-cars.csv cannot be imported yet" in words_of(checked)
    assert "3 rows · 2 problems" in words_of(checked)
    assert problems_of(checked) == [("3", "vin"), ("4", "vehicle_model_id")]
    assert "data-import" not in checked.text  # no Import button
    assert await database_contents(uow) == before


async def test_the_failing_rows_download_is_the_rows_with_a_problem_and_why(signed_in, fleets):
    checked = await upload(signed_in, fleets["Berlin"], BAD_FILE, name="Berlin cars (1).csv")

    name, data = failing_download(checked)

    assert name == "berlin-cars-1-failing-rows.csv"
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == f"{HEADER},error"
    assert [line.split(",", 1)[0] for line in lines[1:]] == ["B-BAD 2", "B-BAD 3"]
    assert "line 3 – vin" in lines[1]


async def test_a_file_with_problems_is_checked_in_the_preview_again_after_it_was_fixed(
    signed_in, uow, fleets
):
    await upload(signed_in, fleets["Berlin"], BAD_FILE)
    fixed = csv_file(f"B-FX 1,{vin(1)},vw-golf-8,", f"B-FX 2,{vin(2)},vw-golf-8,")

    checked = await upload(signed_in, fleets["Berlin"], fixed)

    assert checked.status_code == 200
    assert problems_of(checked) == []
    await signed_in.post(import_button_of(checked), data={"csrf_token": csrf_token(checked)})
    assert [plate for plate, _ in await jobs_of(uow, fleets["Berlin"])] == ["B-FX 1", "B-FX 2"]


async def test_import_pressed_twice_imports_the_file_once_and_says_so(
    signed_in, uow, fleets, good_file
):
    checked = await upload(signed_in, fleets["Berlin"], good_file)
    button = import_button_of(checked)
    first = await signed_in.post(button, data={"csrf_token": csrf_token(checked)})
    after_first = await database_contents(uow)

    again = await signed_in.post(button, data={"csrf_token": csrf_token(checked)})

    assert again.status_code == 303
    assert again.headers["location"] == first.headers["location"]
    assert await database_contents(uow) == after_first
    page = await signed_in.get(again.headers["location"])
    assert flash_of(page) == (
        "info",
        "This file was imported already: nothing more was imported.",
    )
    assert "3 jobs imported: 1 assigned, 2 pending" in words_of(page)
    assert len(await jobs_of(uow, fleets["Berlin"])) == 3


async def test_options_apply_a_template_and_one_partner_to_every_row(
    signed_in, uow, manager, fleets, partner_code
):
    template_id = (await make_template(uow, manager, fleets["Berlin"], name="EV standard")).id
    plain = csv_file("B-OP 1,,,", "B-OP 2,,,")

    checked = await upload(
        signed_in,
        fleets["Berlin"],
        plain,
        template_id=str(template_id),
        prefer_template="yes",
        partner_code=partner_code,
    )

    assert checked.status_code == 200
    preview = preview_of(checked)
    assert preview.count("ASSIGNED") == 2 and preview.count("EV standard") == 2
    assert f'<option value="{template_id}" selected>' in checked.text
    assert 'name="prefer_template" value="yes" checked' in checked.text


async def test_one_partner_for_every_row_is_refused_when_the_file_names_partners(
    signed_in, uow, fleets, partner_code, good_file
):
    before = await database_contents(uow)

    checked = await upload(signed_in, fleets["Berlin"], good_file, partner_code=partner_code)

    assert checked.status_code == 400
    assert "assigned_installer_company_id" in words_of(checked)
    assert await database_contents(uow) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"\xef\xbb\xbf\r\n", "The file is empty"),
        (b"PK\x03\x04\x14\x00\x06\x00rest of a workbook", "This is an Excel workbook (.xlsx)"),
        ("license_plate\r\nK\xf6ln 1\r\n".encode("cp1252"), "The file is not UTF-8 text"),
    ],
    ids=["empty", "only-a-bom", "workbook", "windows-1252"],
)
async def test_a_file_that_is_no_csv_text_is_said_so_and_changes_nothing(
    signed_in, uow, fleets, data, message
):
    before = await database_contents(uow)

    checked = await upload(signed_in, fleets["Berlin"], data)

    assert checked.status_code == 400
    assert message in words_of(checked)
    assert "Download the failing rows" not in checked.text
    assert await database_contents(uow) == before


async def test_the_upload_without_a_file_asks_for_one(signed_in, uow, fleets):
    before = await database_contents(uow)

    checked = await upload(signed_in, fleets["Berlin"], None)

    assert checked.status_code == 400
    assert "Choose a CSV file to upload" in words_of(checked)
    assert await database_contents(uow) == before


TOO_BIG = (
    "The file is larger than 5 MB, so FleetCrew did not read it and nothing was imported. "
    "Split it into smaller files and upload them one by one."
)


async def test_a_file_just_over_5_mb_is_refused_on_the_upload_page(signed_in, uow, fleets):
    before = await database_contents(uow)
    big = HEADER.encode() + b"\r\n" + b"B-BIG,,,\r\n" * (MAX_BYTES // 10)

    checked = await upload(signed_in, fleets["Berlin"], big)

    assert checked.status_code == 400
    assert TOO_BIG in words_of(checked)
    assert await database_contents(uow) == before


async def test_a_body_far_over_5_mb_is_refused_by_its_length_before_it_is_read(
    signed_in, uow, fleets
):
    before = await database_contents(uow)
    big = HEADER.encode() + b"\r\n" + b"B-BIG,,,\r\n" * (MAX_BYTES // 9)

    response = await upload(signed_in, fleets["Berlin"], big)

    assert response.status_code == 303
    assert response.headers["location"] == import_of(fleets["Berlin"])
    page = await signed_in.get(response.headers["location"])
    assert flash_of(page) == ("error", TOO_BIG)
    assert await database_contents(uow) == before


async def test_a_body_without_a_length_is_cut_off_at_the_limit(signed_in, uow, fleets):
    before = await database_contents(uow)
    token = await session_csrf(signed_in)
    boundary = "fleetcrew-test"
    sent: list[int] = []

    async def body():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        )
        yield head.encode()
        for _ in range(12):  # 12 MB, a megabyte at a time, unless the server stops reading
            sent.append(1)
            yield b"x" * (1024 * 1024)

    response = await signed_in.post(
        import_of(fleets["Berlin"]),
        content=body(),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )

    assert response.status_code == 303
    assert len(sent) <= 7
    assert await database_contents(uow) == before


async def test_the_shown_file_name_is_only_a_name(signed_in, fleets):
    data = csv_file("B-NM 1,,,")

    checked = await upload(
        signed_in, fleets["Berlin"], data, name="C:\\fakepath\\<img src=x>\u202evsc.exe.csv"
    )

    assert "&lt;img src=x&gt;vsc.exe.csv is ready to import" in checked.text
    assert "\u202e" not in checked.text and "fakepath" not in checked.text


async def test_the_sample_file_has_every_column_and_is_an_attachment(signed_in, fleets):
    response = await signed_in.get(f"{import_of(fleets['Berlin'])}/sample.csv")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="fleetcrew-jobs-sample.csv"'
    )
    assert response.content.decode("utf-8-sig").splitlines()[0] == ",".join(COLUMNS)


async def test_the_page_describes_every_column_and_links_the_sample(signed_in, fleets):
    page = await signed_in.get(import_of(fleets["Berlin"]))

    assert page.status_code == 200
    for column in COLUMNS:
        assert f'<th scope="row"><code>{column}</code></th>' in page.text
    assert "PLUG_IN_HYBRID" in page.text and "vw-golf-8" in page.text
    assert f'href="{import_of(fleets["Berlin"])}/sample.csv"' in page.text
    assert "No file was imported into Berlin yet." in words_of(page)


async def test_the_job_tables_link_the_import(signed_in, fleets):
    for table in ("installation", "maintenance"):
        page = await signed_in.get(f"/fleets/{fleets['Berlin']}/jobs/{table}")
        assert f'href="{import_of(fleets["Berlin"])}">Import CSV</a>' in page.text


async def test_another_fleets_import_is_not_found_and_nothing_is_kept(
    signed_in, uow, other_fleets, good_file
):
    hamburg = other_fleets["Hamburg"]
    before = await database_contents(uow)

    page = await signed_in.get(import_of(hamburg))
    checked = await upload(signed_in, hamburg, good_file)
    sample = await signed_in.get(f"{import_of(hamburg)}/sample.csv")

    assert page.status_code == checked.status_code == sample.status_code == 404
    assert await database_contents(uow) == before


async def test_a_file_kept_for_one_fleet_cannot_be_imported_into_another(
    client, signed_in, uow, manager, munich_manager, fleets, good_file
):
    checked = await upload(signed_in, fleets["Berlin"], good_file)
    upload_id = import_button_of(checked).rsplit("/", 1)[1]
    before = await database_contents(uow)

    munich = await signed_in.post(
        f"{import_of(fleets['Munich'])}/{upload_id}", data={"csrf_token": csrf_token(checked)}
    )

    assert munich.status_code == 404
    assert await database_contents(uow) == before


@pytest.mark.parametrize("upload_id", ["999999", "2147483647"])
async def test_a_forged_upload_id_imports_nothing(signed_in, uow, fleets, upload_id):
    before = await database_contents(uow)
    token = await session_csrf(signed_in)

    response = await signed_in.post(
        f"{import_of(fleets['Berlin'])}/{upload_id}", data={"csrf_token": token}
    )

    assert response.status_code == 404
    assert await database_contents(uow) == before


async def test_an_upload_id_that_is_no_number_is_not_found(signed_in, fleets):
    token = await session_csrf(signed_in)

    response = await signed_in.post(
        f"{import_of(fleets['Berlin'])}/2147483648", data={"csrf_token": token}
    )

    assert response.status_code == 404


@pytest.mark.parametrize("form", ["upload", "import"])
@pytest.mark.parametrize("token", [None, "not-the-session-token"], ids=["missing", "wrong"])
async def test_the_import_forms_without_the_session_csrf_token_change_nothing(
    signed_in, uow, clock, fleets, good_file, form, token
):
    checked = await upload(signed_in, fleets["Berlin"], good_file)
    before = await database_contents(uow)
    clock.advance(timedelta(minutes=1))
    fields = {"csrf_token": token} if token else {}

    if form == "upload":
        response = await signed_in.post(
            import_of(fleets["Berlin"]), data=fields, files={"file": ("a.csv", good_file)}
        )
    else:
        response = await signed_in.post(import_button_of(checked), data=fields)

    assert response.status_code == 403
    assert CSRF_MESSAGE in text_of(response)
    assert await database_contents(uow) == before


async def test_without_the_gateway_the_file_is_not_checked_and_nothing_changes(
    services, uow, manager, fleets, good_file
):
    app = create_app(replace(services, boxes=DownGateway()))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await sign_in(client, manager.email)
        before = await database_contents(uow)

        checked = await upload(client, fleets["Berlin"], good_file)

    assert checked.status_code == 503
    assert "cannot be reached just now" in words_of(checked)
    assert "Nothing was imported." in words_of(checked)
    assert await database_contents(uow) == before


async def test_a_file_that_no_longer_fits_the_fleet_at_import_imports_nothing_and_says_why(
    signed_in, uow, manager, fleets, good_file
):
    checked = await upload(signed_in, fleets["Berlin"], good_file)
    await make_job(uow, manager, fleets["Berlin"], license_plate="B-MEAN", vin=vin(2))
    before = await database_contents(uow)

    refused = await signed_in.post(
        import_button_of(checked), data={"csrf_token": csrf_token(checked)}
    )

    assert refused.status_code == 409
    assert "Since the check, something changed in the fleet" in words_of(refused)
    assert ("3", "vin") in problems_of(refused)
    assert await database_contents(uow) == before
