"""The checklist's buttons, and typed answers for the job the chat is at. Thin: each press goes
to core with its job and step; the engine in bot.flows shows where the checklist stands now."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any

from telegram import Update

from bot import callbacks
from bot.context import BotContext
from bot.flows.checklist import render, render_finished
from bot.replies import acknowledge, edit, reply
from cloudboxx import VehicleModel
from core.errors import DomainError, ErrorCode
from core.services import box_identity, box_live, box_setup, checklists, job_photos
from core.technician_views import ChecklistView, JobFinished, PhotoUpload

ANSWERED_IN_PLACE = frozenset({ErrorCode.STEP_MOVED_ON, ErrorCode.BOX_BUSY})
Press = Callable[[BotContext, Update, callbacks.Callback], Awaitable[ChecklistView | JobFinished]]


def press(
    action: Press, *, asks_box: bool = False
) -> Callable[[Update, BotContext], Coroutine[Any, Any, None]]:
    """A checklist button: do it in core, then show where the checklist stands in its message.

    A press for a step the checklist has left (a second tap, an old message) only says so. One
    that asks the box is answered at once with "asking the box", as the box may take a while;
    a press is answered only once (Telegram refuses a second answer).
    """

    async def handle(update: Update, context: BotContext) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        if asks_box:
            await acknowledge(query, context.texts("checklist.asking_box"))
        try:
            result = await action(context, update, callbacks.decode(query.data))
        except DomainError as refused:
            if refused.code not in ANSWERED_IN_PLACE:
                raise
            # A second tap: the first one's answer is coming in the message; say so in passing.
            if not asks_box:
                await acknowledge(query, context.texts.error(refused))
            return
        if not asks_box:
            await acknowledge(query)
        await show(update, context, result, edit_message=True)

    handle.__name__ = action.__name__
    handle.__doc__ = action.__doc__
    return handle


async def show(
    update: Update, context: BotContext, result: ChecklistView | JobFinished, *, edit_message: bool
) -> None:
    """The checklist (or the finished job) in the pressed button's message, or as a new one."""
    t = context.texts
    if isinstance(result, JobFinished):
        text, markup = render_finished(t, result), None
    else:
        text, markup = render(t, result)
    query = update.callback_query
    if edit_message and query is not None:
        await edit(query, text, markup)
    else:
        await reply(update, text, reply_markup=markup)


async def _models(context: BotContext) -> Mapping[str, VehicleModel]:
    """The vehicle models, asked for before a unit of work opens (never while one is open)."""
    return await context.services.catalogue.by_id()


async def step_done(context: BotContext, update: Update, data: callbacks.Callback) -> ChecklistView:
    """Done."""
    job, step = data.parts
    models = await _models(context)
    async with context.services.uow() as uow:
        return await checklists.confirm_step(
            uow,
            context.actor(update),
            job_id=int(job),
            step_key=step,
            models=models,
        )


async def step_pick(context: BotContext, update: Update, data: callbacks.Callback) -> ChecklistView:
    """One of a choice step's options."""
    job, step, index = data.parts
    models = await _models(context)
    async with context.services.uow() as uow:
        return await checklists.choose_option(
            uow,
            context.actor(update),
            job_id=int(job),
            step_key=step,
            index=int(index),
            models=models,
        )


async def step_skip(context: BotContext, update: Update, data: callbacks.Callback) -> ChecklistView:
    """Skip: the reason is typed next."""
    job, step = data.parts
    models = await _models(context)
    async with context.services.uow() as uow:
        return await checklists.ask_skip(
            uow,
            context.actor(update),
            job_id=int(job),
            step_key=step,
            models=models,
        )


async def step_back(context: BotContext, update: Update, data: callbacks.Callback) -> ChecklistView:
    """Back one step."""
    job, step = data.parts
    models = await _models(context)
    async with context.services.uow() as uow:
        return await checklists.go_back(
            uow,
            context.actor(update),
            job_id=int(job),
            step_key=step,
            models=models,
        )


async def step_test(context: BotContext, update: Update, data: callbacks.Callback) -> ChecklistView:
    """Run the live test (or read the box's state) and show what the box reported."""
    job, step = data.parts
    return await box_live.run_test(
        context.services, context.actor(update), job_id=int(job), step_key=step
    )


async def label_confirm(
    context: BotContext, update: Update, data: callbacks.Callback
) -> ChecklistView:
    """The QNR read from the label photo is right."""
    job, qnr = data.parts
    return await box_identity.identify_box(
        context.services,
        context.actor(update),
        job_id=int(job),
        step_key="box",
        typed=qnr,
        from_label=True,
    )


async def cancel_question(
    context: BotContext, update: Update, data: callbacks.Callback
) -> ChecklistView:
    """Cancel the skip or the failure being asked about."""
    models = await _models(context)
    async with context.services.uow() as uow:
        return await checklists.cancel_question(
            uow, context.actor(update), job_id=data.number, models=models
        )


async def ask_fail(context: BotContext, update: Update, data: callbacks.Callback) -> ChecklistView:
    """Fail: the reasons to pick from."""
    models = await _models(context)
    async with context.services.uow() as uow:
        return await checklists.ask_failure(
            uow, context.actor(update), job_id=data.number, models=models
        )


async def fail_reason(
    context: BotContext, update: Update, data: callbacks.Callback
) -> ChecklistView:
    """A failure reason picked; the words come next."""
    job, reason = data.parts
    models = await _models(context)
    async with context.services.uow() as uow:
        return await checklists.choose_failure_reason(
            uow,
            context.actor(update),
            job_id=int(job),
            reason=reason,
            models=models,
        )


async def complete(context: BotContext, update: Update, data: callbacks.Callback) -> JobFinished:
    """Complete the job."""
    models = await _models(context)
    async with context.services.uow() as uow:
        return await checklists.complete_job(
            uow, context.actor(update), job_id=data.number, models=models
        )


async def setup_edit(
    context: BotContext, update: Update, data: callbacks.Callback
) -> ChecklistView:
    """Change a configuration value: its options."""
    job, field = data.parts
    return await box_setup.edit_setup_value(
        context.services, context.actor(update), job_id=int(job), field=field
    )


async def setup_set(context: BotContext, update: Update, data: callbacks.Callback) -> ChecklistView:
    """A configuration value picked."""
    job, field, index = data.parts
    return await box_setup.set_setup_value(
        context.services, context.actor(update), job_id=int(job), field=field, index=int(index)
    )


async def setup_apply(
    context: BotContext, update: Update, data: callbacks.Callback
) -> ChecklistView:
    """Bind the box and apply the configuration."""
    return await box_setup.apply_setup(context.services, context.actor(update), job_id=data.number)


async def receive_text(update: Update, context: BotContext) -> bool:
    """Typed text for the job the chat is at; False when the chat is at no job."""
    message = update.message
    assert message is not None and message.text is not None
    result = await box_identity.answer_typed(context.services, context.actor(update), message.text)
    if result is None:
        return False
    await show(update, context, result, edit_message=False)
    return True


async def receive_photo(update: Update, context: BotContext) -> bool:
    """A photo for the job the chat is at (a step's photo, or a box label to read); False when
    the chat is at no job. Downloaded once, only within the size limit."""
    message = update.message
    assert message is not None and message.photo
    largest = message.photo[-1]
    limit = context.services.settings.photo_max_bytes
    data: bytes | None = None
    if largest.file_size is None or largest.file_size <= limit:
        file = await largest.get_file()
        data = bytes(await file.download_as_bytearray())
    upload = PhotoUpload(
        file_id=largest.file_id,
        file_unique_id=largest.file_unique_id,
        data=data,
        size_bytes=largest.file_size or (len(data) if data is not None else None),
    )
    result = await job_photos.receive_photo(context.services, context.actor(update), upload)
    if result is None:
        return False
    await show(update, context, result, edit_message=False)
    return True


async def refuse_image_file(update: Update, context: BotContext) -> bool:
    """A picture sent as a file while the chat is at a job: ask for it as a photo (Telegram's
    photos are what the bot keeps and reads labels from). False when the chat is at no job."""
    async with context.services.uow.read_only() as uow:
        job_id = await checklists.focused_job(uow, context.actor(update))
    if job_id is None:
        return False
    await reply(update, context.texts("checklist.send_as_photo"))
    return True
