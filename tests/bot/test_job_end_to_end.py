"""A job from the admin web to the box and back: planned, started, walked, completed, secured."""

from __future__ import annotations

import httpx
import pytest

from admin_web.app import create_app
from cloudboxx.demo import BERLIN_NEW_1, GOLF
from core.label_images import label_png
from fleetcrew.box_sender import BoxSender
from tests.bot.test_checklist import grants, job_status
from tests.bot.test_job_notices import partner_code
from tests.bot.test_teams import demo_team
from tests.web.browsing import post_form, sign_in, text_of
from tests.web.job_forms import job_of, new_job_of

GOLF_JOB = {
    "job_type": "INSTALLATION",
    "vin": "WVWZZZCDZMW555555",
    "license_plate": "B-FC 555",
    "vehicle_model_id": GOLF,
    "installation_variant": "OBD",
    "central_lock_connection_type": "CAN",
    "fuel_type": "PETROL",
    "configuration_preset": "carsharing",
    "qnr": BERLIN_NEW_1,
    "service_date": "2026-11-27",
}


@pytest.fixture
async def web(services):
    transport = httpx.ASGITransport(app=create_app(services))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def test_a_job_planned_in_the_admin_web_is_done_in_the_chat_and_the_box_secured(
    telegram, services, manager, fleets, boxes, web
):
    _petra, tom, _tina = await demo_team(telegram, services, manager, fleets)
    assert (await sign_in(web, manager.email)).status_code == 303
    berlin = fleets["Berlin"]
    saved = await post_form(
        web,
        new_job_of(berlin),
        {**GOLF_JOB, "partner_code": await partner_code(services), "action": "assign"},
    )
    assert saved.status_code == 303, text_of(saved)
    job_id = int(saved.headers["location"].rsplit("/", 1)[1])
    told = await tom.send("/help")  # the outbox's "new job" message goes out meanwhile
    assert any("B-FC 555" in text for text in tom.texts()), told.texts()

    await tom.press("🧰 My jobs")
    await tom.press("B-FC 555 (installation) 27.11.")
    started = await tom.press("▶️ Start")
    assert "step 1 of" in started.messages[-1].text
    await tom.send("555555")
    read = await tom.do(telegram.sandbox.send_photo, label_png(BERLIN_NEW_1, "code128"))
    assert f"I read the QNR {BERLIN_NEW_1} on the label" in read.one.text
    await tom.press("✅ Yes, that is the box")
    for _ in range(4):  # OBD, CAN bus, card reader, Bluetooth
        await tom.press("✅ Done")
    applied = await tom.press("📤 Apply to the box")
    assert f"The configuration is on box {BERLIN_NEW_1}" in applied.one.text
    for _ in range(5):  # state, lock, unlock, disable and enable driving
        tested = await tom.press("▶️ Run the test")
        assert "passed" in tested.one.text
    finish = await tom.do(telegram.sandbox.send_photo, label_png(BERLIN_NEW_1))
    assert "Every required step is done" in finish.one.text  # no label photo asked again
    done = await tom.press("✅ Complete")

    assert "completed" in done.one.text
    assert await job_status(services, job_id) == "SUCCEEDED"
    ((_, why, qnr),) = await grants(services)
    assert (why, qnr) == ("completed", BERLIN_NEW_1)
    refused = await tom.press_forged(done.one, f"job:cmd:{job_id}.lock")
    assert "nothing more can be done on it here" in refused.one.text
    await BoxSender(services).send_due()
    state = await boxes.read_state(BERLIN_NEW_1, flow_id="test")
    assert (state.central_lock.value, state.driving_enabled.value) == ("LOCKED", False)
    page = await web.get(job_of(berlin, job_id))
    words = text_of(page)
    assert "SUCCEEDED" in words and "Tom Technician" in words
