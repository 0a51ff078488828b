"""Photos for a job: a photo step's answer, or a box label FleetCrew reads the QNR from.

The bot downloads a photo once (through getFile, within the size limit) and hands its bytes
here; the stored copy goes to the photo store before the transaction (files are not part of
it), the row and the answer in it. Reading a label is CPU work and runs off the event loop.
"""

from __future__ import annotations

from core.actors import TelegramUser
from core.checklist import Answer, Outcome, StepKind
from core.container import Services
from core.db.models import JobPhoto
from core.errors import ErrorCode, InvalidInput
from core.labels import read_label_off_loop
from core.services import checklists
from core.services.box_step_rules import running_progress
from core.services.checklist_progress import (
    checklist_view,
    ensure_at,
    set_state,
    store_answer,
)
from core.services.work_access import running_work
from core.technician_views import ChecklistView, Note, PhotoUpload

SUFFIXES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}


async def receive_photo(
    services: Services, user: TelegramUser, photo: PhotoUpload
) -> ChecklistView | None:
    """A photo for the job the chat is at; None when the chat is at no job."""
    limit = services.settings.photo_max_bytes
    models = await services.catalogue.by_id()
    async with services.uow.read_only() as uow:
        job_id = await checklists.focused_job(uow, user)
        if job_id is None:
            return None
        progress = await running_progress(uow, user, job_id, models)
        step = progress.current
        step_key = step.key if step is not None else None
        kind = step.kind if step is not None else None
        planned = progress.sheet.fields.qnr
    if kind not in (StepKind.PHOTO, StepKind.QNR):
        raise InvalidInput(
            "This step does not take a photo; answer it as it asks.",
            code=ErrorCode.BUTTON_EXPECTED,
        )
    if photo.data is None or (photo.size_bytes or len(photo.data)) > limit:
        max_mb = round(limit / 1_000_000, 1)
        raise InvalidInput(
            f"This photo is too large (at most {max_mb} MB).",
            code=ErrorCode.PHOTO_TOO_LARGE,
            max_mb=str(max_mb),
        )
    note: Note
    label_qnr: str | None = None
    if kind == StepKind.QNR:
        reading = await read_label_off_loop(photo.data)
        label_qnr = reading.qnr
        if label_qnr is None:
            raise InvalidInput(
                "I could not read a code on this photo. Photograph the label straight and sharp, "
                "or type the QNR.",
                code=ErrorCode.LABEL_UNREADABLE,
            )
        if planned is not None and label_qnr != planned:
            raise InvalidInput(
                f"This box ({label_qnr}) is not the planned one: the job is for box {planned}. "
                "Check the label.",
                code=ErrorCode.QNR_NOT_PLANNED,
                qnr=label_qnr,
                planned=planned,
            )
    key = await services.photos.put(photo.data, suffix=SUFFIXES.get(photo.mime_type, ".jpg"))
    async with services.uow() as uow:
        member, _, grant = await running_work(uow, user, job_id)
        progress = await running_progress(uow, user, job_id, models)
        assert step_key is not None
        step = ensure_at(progress, step_key)
        row = JobPhoto(
            job_id=job_id,
            step=step.key,
            telegram_file_id=photo.file_id,
            telegram_file_unique_id=photo.file_unique_id,
            stored_key=key,
            size_bytes=len(photo.data),
            mime_type=photo.mime_type,
            technician_id=member.id,
            taken_at=uow.clock.now(),
        )
        uow.session.add(row)
        await uow.session.flush()
        if label_qnr is not None:
            await set_state(uow, progress, label_qnr=label_qnr, label_photo=row.id)
            note = Note("note.label_photo")
        else:
            answer = Answer(Outcome.DONE, {"photo_id": row.id, "stored_key": key})
            await store_answer(uow, progress, member, step, answer)
            note = Note("note.photo_kept")
        await uow.commit()
        return checklist_view(progress, grant, note)


async def photo_bytes(services: Services, key: str) -> bytes:
    """A stored photo's bytes, for the job page."""
    return await services.photos.get(key)
