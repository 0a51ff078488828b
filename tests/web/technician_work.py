"""A technician's work on a job done through core's services, as the chat does it, for the page.

Volt Installers' admin (a member of its own team) walks a Golf installation in Berlin: the
vehicle, the box read from its label, fitting (the card reader skipped), the configuration with
the fuel type changed, the live tests, a photo of the fitted box, then Complete or Fail.
"""

from __future__ import annotations

from cloudboxx.demo import BERLIN_NEW_1, GOLF
from core.actors import Manager, TelegramUser
from core.container import Services
from core.label_images import label_png, photo_without_code_png
from core.links import DeepLinks
from core.services import box_identity, box_live, box_setup, checklists, job_photos, technician_jobs
from core.services.chats import meet_telegram_user
from core.technician_views import PhotoUpload
from tests.factories import connect_partner, make_job
from tests.services.test_technician_jobs import ACCESS_MAX

ADMIN = TelegramUser(810001, "Volt Installers admin")
FITTED_BOX = photo_without_code_png()  # each drawing differs a little: this one is sent
TESTS = ("test_state", "test_lock", "test_unlock", "test_disable_driving", "test_enable_driving")


async def golf_job(
    services: Services, manager: Manager, links: DeepLinks, fleet_id: int, **raw: str
) -> int:
    """A Golf installation assigned to Volt Installers (override on), who have met the bot."""
    code = await connect_partner(services.uow, manager, links, fleet_id, allow_override=True)
    async with services.uow() as work:
        await meet_telegram_user(work, ADMIN)
    fields = {
        "license_plate": "B-FC 42",
        "vin": "WVWZZZCDZMW123456",
        "vehicle_model_id": GOLF,
        "installation_variant": "OBD",
        "central_lock_connection_type": "CAN",
        "fuel_type": "PETROL",
        "qnr": BERLIN_NEW_1,
    }
    return await make_job(services.uow, manager, fleet_id, partner_code=code, **{**fields, **raw})


async def start(services: Services, job_id: int) -> None:
    """Start: the job RUNNING, the access open."""
    models = await services.catalogue.by_id()
    async with services.uow() as work:
        await technician_jobs.start_job(
            work, ADMIN, job_id=job_id, access_max=ACCESS_MAX, models=models
        )


def photo(data: bytes, number: int) -> PhotoUpload:
    """A photo as the bot hands it over once downloaded."""
    return PhotoUpload(f"file-{number}", f"unique-{number}", data, len(data), "image/png")


async def walk_to_tests(services: Services, job_id: int) -> None:
    """From Start to the live tests: the box read from its label, set up with Diesel."""
    await start(services, job_id)
    models = await services.catalogue.by_id()
    await box_identity.answer_typed(services, ADMIN, "123456")
    await job_photos.receive_photo(services, ADMIN, photo(label_png(BERLIN_NEW_1), 1))
    await box_identity.identify_box(
        services, ADMIN, job_id=job_id, step_key="box", typed=BERLIN_NEW_1, from_label=True
    )
    for step in ("fit_obd", "wire_can"):
        async with services.uow() as work:
            await checklists.confirm_step(work, ADMIN, job_id=job_id, step_key=step, models=models)
    async with services.uow() as work:
        await checklists.ask_skip(
            work, ADMIN, job_id=job_id, step_key="fit_card_reader", models=models
        )
    async with services.uow() as work:
        await checklists.answer_text(
            work, ADMIN, job_id=job_id, text="No card reader in the parts box.", models=models
        )
    async with services.uow() as work:
        await checklists.confirm_step(
            work, ADMIN, job_id=job_id, step_key="fit_bluetooth", models=models
        )
    editing = await box_setup.edit_setup_value(services, ADMIN, job_id=job_id, field="fuel_type")
    diesel = [value for value, _ in editing.setup_choices].index("DIESEL")
    await box_setup.set_setup_value(services, ADMIN, job_id=job_id, field="fuel_type", index=diesel)
    await box_setup.apply_setup(services, ADMIN, job_id=job_id)


async def complete(services: Services, job_id: int) -> None:
    """Every live test, a photo of the fitted box, then Complete."""
    await walk_to_tests(services, job_id)
    for step in TESTS:
        await box_live.run_test(services, ADMIN, job_id=job_id, step_key=step)
    await job_photos.receive_photo(services, ADMIN, photo(FITTED_BOX, 2))
    models = await services.catalogue.by_id()
    async with services.uow() as work:
        await checklists.complete_job(work, ADMIN, job_id=job_id, models=models)


async def fail(services: Services, job_id: int, reason: str, words: str) -> None:
    """Start, then Fail with a reason from the list and the technician's words."""
    await start(services, job_id)
    models = await services.catalogue.by_id()
    async with services.uow() as work:
        await checklists.ask_failure(work, ADMIN, job_id=job_id, models=models)
    async with services.uow() as work:
        await checklists.choose_failure_reason(
            work, ADMIN, job_id=job_id, reason=reason, models=models
        )
    async with services.uow() as work:
        await checklists.answer_text(work, ADMIN, job_id=job_id, text=words, models=models)
