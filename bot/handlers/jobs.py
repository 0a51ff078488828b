"""/jobs, a job's card, Start and Continue, the partner admin's dispatch, and Lock, Unlock and
State on a running job's card. Thin: core checks who may do what and does it."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callbacks
from bot.context import BotContext
from bot.flows.checklist import observed_lines, render
from bot.replies import acknowledge, edit, reply
from bot.texts import Html, Texts
from cloudboxx import Command
from core.moments import show_moment
from core.services import box_live, checklists, technician_jobs
from core.technician_views import JobCard, JobListEntry, MyJobs

Button = InlineKeyboardButton
COMMAND_WORDS = {
    "lock": Command.LOCK_CENTRAL_LOCK,
    "unlock": Command.UNLOCK_CENTRAL_LOCK,
    "state": Command.REQUEST_VEHICLE_STATE,
}
WORD_OF = {command: word for word, command in COMMAND_WORDS.items()}


async def list_jobs(update: Update, context: BotContext) -> None:
    """/jobs: my running jobs first, then the ones I may start."""
    async with context.services.uow.read_only() as uow:
        jobs = await technician_jobs.list_my_jobs(uow, context.actor(update))
    text, markup = render_jobs(context.texts, jobs)
    if update.callback_query is not None:
        await acknowledge(update.callback_query)
        await edit(update.callback_query, text, markup)
    else:
        await reply(update, text, reply_markup=markup)


async def show_job(update: Update, context: BotContext) -> None:
    """A job's card with what may be done with it."""
    query = update.callback_query
    assert query is not None and query.data is not None
    job_id = callbacks.decode(query.data).number
    models = await context.services.catalogue.by_id()
    async with context.services.uow.read_only() as uow:
        card = await technician_jobs.show_job_card(
            uow, context.actor(update), job_id=job_id, models=models
        )
    await acknowledge(query)
    await edit(query, render_card(context.texts, card), card_keyboard(context.texts, card))


async def start_job(update: Update, context: BotContext) -> None:
    """Start: the job is mine and RUNNING, the access opens, the checklist's first step."""
    query = update.callback_query
    assert query is not None and query.data is not None
    job_id = callbacks.decode(query.data).number
    services = context.services
    models = await services.catalogue.by_id()
    async with services.uow() as uow:
        view = await technician_jobs.start_job(
            uow,
            context.actor(update),
            job_id=job_id,
            access_max=services.settings.access_max,
            models=models,
        )
    t = context.texts
    await acknowledge(query, t("jobs.started"))
    text, markup = render(t, view)
    await reply(update, text, reply_markup=markup)


async def continue_job(update: Update, context: BotContext) -> None:
    """Continue: the checklist at the step where it stands."""
    query = update.callback_query
    assert query is not None and query.data is not None
    job_id = callbacks.decode(query.data).number
    models = await context.services.catalogue.by_id()
    async with context.services.uow() as uow:
        view = await checklists.show_checklist(
            uow, context.actor(update), job_id=job_id, models=models
        )
    await acknowledge(query)
    text, markup = render(context.texts, view)
    await reply(update, text, reply_markup=markup)


async def ask_dispatch(update: Update, context: BotContext) -> None:
    """The partner admin picks whom to give the job to."""
    query = update.callback_query
    assert query is not None and query.data is not None
    job_id = callbacks.decode(query.data).number
    async with context.services.uow.read_only() as uow:
        choice = await technician_jobs.dispatch_choices(uow, context.actor(update), job_id=job_id)
    t = context.texts
    rows = [
        [
            Button(
                t("jobs.dispatch_member", name=member.name, running=member.running),
                callback_data=callbacks.encode(
                    callbacks.DISPATCH_TO, f"{job_id}.{member.technician_id}"
                ),
            )
        ]
        for member in choice.team
    ]
    rows.append(
        [Button(t("button.back"), callback_data=callbacks.encode(callbacks.SHOW_JOB, job_id))]
    )
    await acknowledge(query)
    await edit(
        query, t("jobs.dispatch_ask", vehicle=choice.card.vehicle), InlineKeyboardMarkup(rows)
    )


async def dispatch_job(update: Update, context: BotContext) -> None:
    """The job goes to that technician, who is told."""
    query = update.callback_query
    assert query is not None and query.data is not None
    job_text, technician_text = callbacks.decode(query.data).parts
    models = await context.services.catalogue.by_id()
    async with context.services.uow() as uow:
        card = await technician_jobs.dispatch_job(
            uow,
            context.actor(update),
            job_id=int(job_text),
            technician_id=int(technician_text),
            models=models,
        )
    t = context.texts
    await acknowledge(query, t("jobs.dispatched", name=card.technician_name or ""))
    await edit(query, render_card(t, card), card_keyboard(t, card))


async def command_vehicle(update: Update, context: BotContext) -> None:
    """Lock, Unlock or State while my access lasts; what the box reported."""
    query = update.callback_query
    assert query is not None and query.data is not None
    job_text, word = callbacks.decode(query.data).parts
    command = COMMAND_WORDS.get(word)
    t = context.texts
    if command is None:
        await acknowledge(query, t("button.stale"), alert=True)
        return
    await acknowledge(query, t("jobs.command_sent"))
    result = await box_live.command_vehicle(
        context.services, context.actor(update), job_id=int(job_text), command=command
    )
    if result.done:
        text = t(f"jobs.command_done_{word}", observed=observed_lines(t, result.observed))
    else:
        text = t("jobs.command_failed", error=result.error or "")
    await reply(update, text)


def render_jobs(t: Texts, jobs: MyJobs) -> tuple[Html, InlineKeyboardMarkup]:
    """/jobs as a message with one button per job."""
    rows: list[list[InlineKeyboardButton]] = []
    for entry in jobs.running:
        rows.append([_entry_button(t, entry, "jobs.entry_running", callbacks.CONTINUE_JOB)])
    for entry in jobs.open:
        rows.append([_entry_button(t, entry, "jobs.entry_open", callbacks.SHOW_JOB)])
    for entry in jobs.others:
        rows.append([_entry_button(t, entry, "jobs.entry_other", callbacks.SHOW_JOB)])
    if not rows:
        return t("jobs.none", partner=jobs.partner_name), InlineKeyboardMarkup([])
    key = "jobs.list_admin" if jobs.is_partner_admin else "jobs.list"
    return t(key, partner=jobs.partner_name), InlineKeyboardMarkup(rows)


def _entry_button(t: Texts, entry: JobListEntry, key: str, action: str) -> InlineKeyboardButton:
    when = entry.service_date.strftime("%d.%m.") if entry.service_date else ""
    text = t(
        key,
        vehicle=entry.vehicle,
        type=t(f"jobs.type_{entry.job_type.lower()}"),
        when=when,
        who=entry.technician_name or "",
        status=entry.status.value,
    )
    return Button(text.strip(), callback_data=callbacks.encode(action, entry.job_id))


def render_card(t: Texts, card: JobCard) -> Html:
    """A job's card: vehicle, box, dates, access window, instructions, configuration, items."""
    lines = [
        t(
            "card.title",
            type=t(f"jobs.type_{card.job_type.lower()}"),
            vehicle=card.vehicle,
            fleet=card.fleet_name,
        )
    ]
    facts = [
        ("card.plate", card.license_plate),
        ("card.vin", card.vin),
        ("card.model", card.model_name),
        ("card.qnr", card.qnr),
        (
            "card.service_date",
            card.service_date.strftime("%d.%m.%Y") if card.service_date else None,
        ),
    ]
    lines += [t(key, value=value) for key, value in facts if value]
    if card.access_from or card.access_until:
        start = show_moment(card.access_from, card.time_zone) if card.access_from else "–"
        end = show_moment(card.access_until, card.time_zone) if card.access_until else "–"
        lines.append(t("card.window", start=start, end=end))
    if card.maintenance_type:
        lines.append(t("card.maintenance", type=card.maintenance_type))
    if card.problem_description:
        lines.append(t("card.problem", text=card.problem_description))
    if card.instructions:
        lines.append(t("card.instructions", text=card.instructions))
    config = [
        f"{'✏️' if line.changeable else '🔒'} {t(f'field.{line.field}')}: {line.value_text}"
        for line in card.configuration
        if line.value_text
    ]
    if config:
        lines.append(t("card.configuration", lines=Html("\n".join(_esc(c) for c in config))))
    if card.extra_items:
        lines.append(t("card.extra_items", items=", ".join(card.extra_items)))
    lines.append(t("card.override_on" if card.allow_override else "card.override_off"))
    if card.technician_name:
        lines.append(t("card.technician", name=card.technician_name, status=card.status.value))
    if card.access_ends_at:
        lines.append(t("card.access_until", end=show_moment(card.access_ends_at, card.time_zone)))
    if card.steps_total and card.running_by_me:
        lines.append(t("card.progress", done=card.steps_done, total=card.steps_total))
    return Html("\n".join(lines))


def card_keyboard(t: Texts, card: JobCard) -> InlineKeyboardMarkup:
    """Start, Continue, the vehicle commands while my access lasts, dispatch, back to /jobs."""
    rows: list[list[InlineKeyboardButton]] = []
    if card.running_by_me:
        rows.append(
            [
                Button(
                    t("button.continue"),
                    callback_data=callbacks.encode(callbacks.CONTINUE_JOB, card.job_id),
                )
            ]
        )
        if card.commands:
            rows.append(
                [
                    Button(
                        t(f"button.cmd_{WORD_OF[command]}"),
                        callback_data=callbacks.encode(
                            callbacks.VEHICLE_COMMAND, f"{card.job_id}.{WORD_OF[command]}"
                        ),
                    )
                    for command in card.commands
                ]
            )
    elif card.may_start:
        rows.append(
            [
                Button(
                    t("button.start_job"),
                    callback_data=callbacks.encode(callbacks.START_JOB, card.job_id),
                )
            ]
        )
    if card.may_dispatch:
        rows.append(
            [
                Button(
                    t("button.dispatch"),
                    callback_data=callbacks.encode(callbacks.ASK_DISPATCH, card.job_id),
                )
            ]
        )
    rows.append([Button(t("button.all_jobs"), callback_data=callbacks.JOBS)])
    return InlineKeyboardMarkup(rows)


def _esc(text: str) -> str:
    from html import escape

    return escape(text, quote=False)
