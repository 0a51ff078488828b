"""A technician's job in the chat: /jobs, Start, the checklist step by step, Complete or Fail."""

from __future__ import annotations

import logging

from sqlalchemy import select
from telegram import Update

from bot.app import build_application
from cloudboxx.demo import BERLIN_NEW_1, GOLF
from core.db.models import AccessGrant, BoxCommand, Job
from core.label_images import label_png, photo_without_code_png
from fleetcrew.box_sender import BoxSender
from fleetcrew.telegram import sandbox_endpoint
from tests.bot.test_job_notices import partner_code
from tests.bot.test_teams import demo_team
from tests.conftest import START as START_AT
from tests.factories import database_contents, make_job, make_partner

GOLF_VIN = "WVWZZZCDZMW123456"


async def golf_job(services, manager, fleets, **raw) -> int:
    """An installation on a Golf in Berlin, assigned to Demo Installers."""
    fields = {
        "license_plate": "B-FC 42",
        "vin": GOLF_VIN,
        "vehicle_model_id": GOLF,
        "installation_variant": "OBD",
        "central_lock_connection_type": "CAN",
        "fuel_type": "PETROL",
        "configuration_preset": "carsharing",
        "qnr": BERLIN_NEW_1,
    }
    fields.update(raw)
    return await make_job(
        services.uow, manager, fleets["Berlin"], partner_code=await partner_code(services), **fields
    )


async def assigned(telegram, services, manager, fleets, **raw) -> int:
    """golf_job, and the team has heard of it."""
    job_id = await golf_job(services, manager, fleets, **raw)
    await telegram.deliver()
    return job_id


async def job_status(services, job_id: int) -> str:
    async with services.uow.read_only() as work:
        return (await work.session.get_one(Job, job_id)).status


async def grants(services) -> list[tuple]:
    """Each access grant: when it ended, why, for which box."""
    async with services.uow.read_only() as work:
        rows = await work.session.execute(
            select(AccessGrant.ended_at, AccessGrant.end_reason, AccessGrant.qnr)
        )
        return [tuple(row) for row in rows]


async def started(telegram, services, manager, fleets):
    _petra, tom, _tina = await demo_team(telegram, services, manager, fleets)
    job_id = await assigned(telegram, services, manager, fleets)
    await tom.send("/jobs")
    await tom.press("B-FC 42 (installation)")
    replies = await tom.press("▶️ Start")
    return tom, job_id, replies


async def test_jobs_lists_the_job_and_its_card_shows_the_vehicle(
    telegram, services, manager, fleets
):
    _petra, tom, _tina = await demo_team(telegram, services, manager, fleets)
    await assigned(telegram, services, manager, fleets)

    listed = await tom.send("/jobs")
    assert listed.one.text == "🧰 Jobs of Demo Installers for you. Tap one to see it."
    card = await tom.press("B-FC 42 (installation)")

    text = card.one.text
    assert "B-FC 42" in text and GOLF_VIN in text and "Golf 8" in text and BERLIN_NEW_1 in text
    assert "Planned values are read-only for you." in text


async def test_start_opens_the_access_and_the_first_step(telegram, services, manager, fleets):
    _tom, job_id, replies = await started(telegram, services, manager, fleets)

    assert "step 1 of" in replies.messages[-1].text
    assert "Confirm the vehicle" in replies.messages[-1].text
    assert await job_status(services, job_id) == "RUNNING"
    assert await grants(services) == [(None, None, BERLIN_NEW_1)]


async def test_walking_the_installation_checklist_to_complete_secures_the_box(
    telegram, services, manager, fleets
):
    tom, _job_id, _ = await started(telegram, services, manager, fleets)

    wrong = await tom.send("999999")
    assert "does not match this job's vehicle" in wrong.one.text
    step = await tom.send("123456")
    assert "Identify the box" in step.one.text
    bad = await tom.send("not a qnr")
    assert "is not a QNR" in bad.one.text
    step = await tom.send(BERLIN_NEW_1.lower())
    assert "Plug the box into the OBD port" in step.one.text
    await tom.press("✅ Done")  # OBD
    step = await tom.press("✅ Done")  # CAN
    assert "card reader" in step.one.text.lower()
    await tom.press("✅ Done")  # card reader
    step = await tom.press("✅ Done")  # bluetooth
    assert "Apply the configuration" in step.one.text
    step = await tom.press("📤 Apply to the box")
    assert "state request" in step.one.text.lower()
    for _ in range(5):
        step = await tom.press("▶️ Run the test")
        assert "passed" in step.one.text, step.one.text
    assert "Photo of the fitted box" in step.one.text


async def walk_to_photos(tom):
    """From Start to the photo of the fitted box, every test passing."""
    await tom.send("123456")
    await tom.send(BERLIN_NEW_1)
    for _ in range(4):
        await tom.press("✅ Done")
    await tom.press("📤 Apply to the box")
    for _ in range(5):
        await tom.press("▶️ Run the test")


async def test_completing_the_job_ends_the_access_and_secures_the_box(
    telegram, services, manager, fleets, boxes
):
    tom, job_id, _ = await started(telegram, services, manager, fleets)
    await walk_to_photos(tom)

    kept = await tom.do(telegram.sandbox.send_photo, photo_without_code_png())
    assert "Photo of the box's QNR label" in kept.one.text
    await tom.do(telegram.sandbox.send_photo, label_png(BERLIN_NEW_1))
    finish = tom.last
    assert "all 15 steps answered" in finish.text or "steps answered" in finish.text
    done = await tom.press("✅ Complete")

    assert "completed" in done.one.text
    assert await job_status(services, job_id) == "SUCCEEDED"
    ((ended_at, why, qnr),) = await grants(services)
    assert ended_at >= START_AT and (why, qnr) == ("completed", BERLIN_NEW_1)
    await BoxSender(services).send_due()
    async with services.uow.read_only() as work:
        follow_up = (
            await work.session.execute(
                select(BoxCommand.command, BoxCommand.status).where(BoxCommand.purpose == "secure")
            )
        ).one()
    assert tuple(follow_up) == ("LOCK_AND_DISABLE_DRIVING", "DONE")
    state = await boxes.read_state(BERLIN_NEW_1, flow_id="test")
    assert state.central_lock.value == "LOCKED" and state.driving_enabled.value is False
    before = await database_contents(services.uow)
    refused = await tom.press_forged(done.one, f"job:cmd:{job_id}.lock")
    assert refused.one.text == "This job is SUCCEEDED now, so nothing more can be done on it here."
    assert await database_contents(services.uow) == before


async def test_failing_the_job_with_a_reason_and_words(telegram, services, manager, fleets):
    tom, job_id, _ = await started(telegram, services, manager, fleets)

    ask = await tom.press("❌ Fail")
    assert "Why can the job not be done?" in ask.one.text
    words = await tom.press("No coverage / no heartbeat")
    assert "Now type in a few words" in words.one.text
    short = await tom.send("x")
    assert short.one.text == "Write 2 to 1000 characters."
    done = await tom.send("Underground garage, no signal at all.")

    assert "recorded as failed: No coverage / no heartbeat" in done.one.text
    async with services.uow.read_only() as work:
        job = await work.session.get_one(Job, job_id)
        assert (job.status, job.failure_reason, job.failure_note) == (
            "FAILED",
            "no_coverage",
            "Underground garage, no signal at all.",
        )
    ((ended_at, why, _),) = await grants(services)
    assert why == "failed" and ended_at is not None


async def test_a_second_tap_of_done_changes_nothing(telegram, services, manager, fleets):
    tom, job_id, _ = await started(telegram, services, manager, fleets)
    await tom.send("123456")
    await tom.send(BERLIN_NEW_1)
    step_message = tom.last
    await tom.press("✅ Done")
    before = await database_contents(services.uow)

    again = await tom.press_forged(step_message, f"ck:done:{job_id}.fit_obd")

    assert again.answer.text == "This step is behind you already; the checklist is further on."
    assert await database_contents(services.uow) == before


async def test_a_press_that_asks_the_box_is_answered_once(
    telegram, services, manager, fleets, caplog
):
    tom, _job_id, _ = await started(telegram, services, manager, fleets)
    await tom.send("123456")
    await tom.send(BERLIN_NEW_1)
    for _ in range(4):
        await tom.press("✅ Done")

    with caplog.at_level(logging.INFO, logger="bot.replies"):
        applied = await tom.press("📤 Apply to the box")
        tested = await tom.press("▶️ Run the test")

    assert applied.answer.text == tested.answer.text == "Asking the box…"
    assert "passed" in tested.one.text
    assert "Could not answer a button press" not in caplog.text  # no second answer tried


async def test_another_partners_technician_cannot_press_the_jobs_buttons(
    telegram, services, manager, fleets
):
    _tom, job_id, _ = await started(telegram, services, manager, fleets)
    stranger = telegram.person("Sam", 990001)
    await make_partner(services.uow, name="Other Crew", code="OTHR1", admin_telegram_id=990001)
    await stranger.send("/help")
    message = stranger.last
    before = await database_contents(services.uow)

    for data in (
        f"job:start:{job_id}",
        f"ck:done:{job_id}.fit_obd",
        f"job:cmd:{job_id}.unlock",
        f"ck:fail:{job_id}",
    ):
        refused = await stranger.press_forged(message, data)
        assert refused.one.text == "This job is not one of your partner's (any more)."
    assert await database_contents(services.uow) == before


async def test_an_update_delivered_twice_is_processed_once(telegram, services, manager, fleets):
    tom, _job_id, _ = await started(telegram, services, manager, fleets)
    telegram.sandbox.send_text(tom.user_id, "123456")
    (update,) = telegram.sandbox.take_updates()

    for _ in range(2):
        await telegram.application.process_update(Update.de_json(update, telegram.application.bot))

    assert [t for t in tom.texts() if "Identify the box" in t] != []
    assert len([t for t in tom.texts() if "Identify the box" in t]) == 1


async def test_after_a_restart_continue_is_at_the_same_step(
    telegram, services, manager, fleets, sandbox
):
    tom, _job_id, _ = await started(telegram, services, manager, fleets)
    await tom.send("123456")
    await telegram.application.shutdown()
    restarted = build_application(
        services, services.settings, endpoint=sandbox_endpoint(sandbox), polling=False
    )
    await restarted.initialize()
    telegram.application = restarted

    await tom.send("/jobs")
    again = await tom.press("▶️ Continue: B-FC 42 (installation)")

    assert "step 2 of" in again.one.text and "Identify the box" in again.one.text


async def test_a_label_photo_without_a_code_or_of_another_box_changes_nothing(
    telegram, services, manager, fleets
):
    tom, _job_id, _ = await started(telegram, services, manager, fleets)
    await tom.send("123456")
    before = await database_contents(services.uow)

    blank = await tom.do(telegram.sandbox.send_photo, photo_without_code_png())
    other = await tom.do(telegram.sandbox.send_photo, label_png("0030000000000002"))

    assert "could not read a code on this photo" in blank.one.text
    assert other.one.text == (
        "This box (0030000000000002) is not the planned one: the job is for box "
        f"{BERLIN_NEW_1}. Check the label."
    )
    assert await database_contents(services.uow) == before
    read = await tom.do(telegram.sandbox.send_photo, label_png(BERLIN_NEW_1, "datamatrix"))
    assert f"I read the QNR {BERLIN_NEW_1} on the label" in read.one.text
    confirmed = await tom.press("✅ Yes, that is the box")
    assert "Plug the box into the OBD port" in confirmed.one.text


async def test_a_variant_the_job_leaves_open_is_chosen_and_decides_the_steps_that_follow(
    telegram, services, manager, fleets
):
    _petra, tom, _tina = await demo_team(telegram, services, manager, fleets)
    await assigned(telegram, services, manager, fleets, installation_variant="")
    await tom.send("/jobs")
    await tom.press("B-FC 42 (installation)")
    await tom.press("▶️ Start")
    await tom.send("123456")

    choice = await tom.send(BERLIN_NEW_1)
    assert "Which installation variant?" in choice.one.text
    assert set(choice.one.button_texts) >= {"Standard (behind the dashboard)", "OBD plug"}
    fitted = await tom.press("OBD plug")
    assert "Plug the box into the OBD port" in fitted.one.text
    back = await tom.press("⬅️ Back")
    assert "Which installation variant?" in back.one.text
    assert "Answered before: OBD" in back.one.text
    standard = await tom.press("Standard (behind the dashboard)")
    assert "Fit the box" in standard.one.text


async def test_a_picture_sent_as_a_file_is_asked_for_as_a_photo(
    telegram, services, manager, fleets
):
    tom, _job_id, _ = await started(telegram, services, manager, fleets)
    await tom.send("123456")
    before = await database_contents(services.uow)

    refused = await tom.do(telegram.sandbox.send_document, label_png(BERLIN_NEW_1), "label.png")

    assert refused.one.text.startswith("📷 Please send it as a photo, not as a file")
    assert await database_contents(services.uow) == before
