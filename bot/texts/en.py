"""The bot's words in English. Values in braces are filled in (and HTML-escaped) by Texts."""

LANGUAGE_NAME = "English"

TEXTS: dict[str, str] = {
    "command.start": "Start, or open an invitation or team link",
    "command.help": "What you can do here",
    "command.team": "Your team: the join link and its members",
    "command.lang": "Change the language",
    "help.newcomer": (
        "👋 Hello {name}! I am the FleetCrew bot.\n\n"
        "Service partners and their technicians run installation and maintenance jobs for "
        "CloudBoxx telematics units with me.\n\n"
        "• A fleet manager's <b>invitation link</b> (or its QR code) connects your company to "
        "their fleet.\n"
        "• Your partner admin's <b>team link</b> brings you into your company's team.\n\n"
        "Open such a link and tap Start. /lang changes the language."
    ),
    "help.partner_admin": (
        "You lead the team of <b>{partner}</b> (Partner ID <code>{code}</code>).\n\n"
        "/jobs – the partner's jobs: start one, or give it to someone in the team\n"
        "/team – your team, who asks to join, and the team link with its QR code\n"
        "/lang – change the language\n"
        "/help – this message\n\n"
        "A fleet manager's invitation link connects another fleet to {partner}."
    ),
    "help.technician": (
        "You are a technician in the team of <b>{partner}</b> (Partner ID <code>{code}</code>)."
        "\n\n/jobs – your jobs: start one, or continue where you left off\n"
        "/lang – change the language\n"
        "/help – this message"
    ),
    "gate.newcomer": (
        "You are not in a service partner's team yet. Open the invitation link from the fleet "
        "manager, or the team link from your partner admin. /help tells more."
    ),
    "invitation.preview": (
        "📨 <b>{provider}</b> invites your company to work on its fleet <b>{fleet}</b>.\n\n"
        "{override}\n\nThe link is valid until {expires}."
    ),
    "invitation.answered": (
        "📨 <b>{provider}</b> invited your company to work on its fleet <b>{fleet}</b>.\n\n{answer}"
    ),
    "invitation.answer_accepted": (
        "✅ Accepted for <b>{partner}</b> (Partner ID <code>{code}</code>)."
    ),
    "invitation.answer_declined": "You declined this invitation.",
    "invitation.answer_naming": "You tapped Accept: send your company's name below.",
    "invitation.confirm_decline": (
        "📨 Decline the invitation of <b>{provider}</b> to work on its fleet <b>{fleet}</b>?\n\n"
        "The fleet manager will see it declined, and the link will no longer work."
    ),
    "invitation.override_on": ("✏️ Your technicians may override the job configuration and data."),
    "invitation.override_off": (
        "🔒 Your technicians follow each job's configuration exactly; the fleet's values are "
        "read-only for them."
    ),
    "invitation.ask_company_name": (
        "What is the name of your company (or team)? Send it as your next message, 2 to 80 "
        "characters."
    ),
    "invitation.accepted_new": (
        "✅ Welcome, <b>{partner}</b>! You are connected to the fleet <b>{fleet}</b> of "
        "{provider}.\n\nYour Partner ID is <code>{code}</code>. You are the partner admin: "
        "/team brings your technicians in."
    ),
    "invitation.accepted_existing": (
        "✅ <b>{partner}</b> (Partner ID <code>{code}</code>) is now connected to the fleet "
        "<b>{fleet}</b> of {provider}."
    ),
    "invitation.declined_short": "Invitation declined.",
    "button.accept": "✅ Accept",
    "button.decline": "Decline",
    "team.link_caption": (
        "Team link for <b>{partner}</b>: technicians open it (or scan the QR code) to ask to "
        "join your team, and you let each one in.\n\n{url}\n\nShare it with as many as you "
        "like; it works until {expires}."
    ),
    "team.link_replaced": "It replaces your team link before it, which no longer works.",
    "team.link_valid": (
        "🔗 Your team link works until {expires}; it is in the chat above. New team link "
        "replaces it."
    ),
    "team.no_link": "🔗 No team link works now: New team link makes one.",
    "team.waiting": "✋ Asking to join:",
    "team.waiting_member": "• {name}",
    "team.members": "👥 Team of <b>{partner}</b> (Partner ID <code>{code}</code>):\n\n{members}",
    "team.member_admin": "• {name} – partner admin",
    "team.member_technician": "• {name} – technician",
    "team.no_technicians": "No technicians yet: share the team link.",
    "team.confirm_remove": (
        "Remove <b>{name}</b> from the team? Any vehicle access they hold ends at once."
    ),
    "team.removed": "{name} is no longer in the team.",
    "team.removed_you": "You are no longer in the team of {partner}.",
    "jobs.assigned_one": "🆕 A new job for {partner} in the fleet <b>{fleet}</b>: {vehicle}.",
    "jobs.assigned_many": "🆕 {count} new jobs for {partner} in the fleet <b>{fleet}</b>.",
    "jobs.taken_back_one": (
        "↩️ The fleet manager of <b>{fleet}</b> took back the job for {vehicle} from {partner}."
    ),
    "jobs.taken_back_many": (
        "↩️ The fleet manager of <b>{fleet}</b> took back {count} jobs from {partner}."
    ),
    "partner.removed_from_fleet": (
        "{partner} no longer works for the fleet <b>{fleet}</b>: its fleet manager ended the "
        "connection. Jobs taken back: {count}."
    ),
    "team.join_requested": (
        "✋ Your request to join the team of <b>{partner}</b> (Partner ID <code>{code}</code>) "
        "went to the partner admin. I will tell you here when they answer."
    ),
    "team.join_request": "👋 <b>{name}</b> asks to join the team of {partner}. Let them in?",
    "team.let_in": "✅ {name} is in the team now.",
    "team.turned_away": "{name} was turned away.",
    "team.joined": (
        "✅ Welcome to the team of <b>{partner}</b> (Partner ID <code>{code}</code>)! "
        "Your jobs will be listed here once they are assigned."
    ),
    "team.turned_away_you": (
        "The partner admin of {partner} turned down your request to join the team."
    ),
    "button.remove": "Remove {name}",
    "button.confirm_remove": "Yes, remove",
    "button.cancel": "Cancel",
    "button.confirm_decline": "Yes, decline",
    "button.back": "Back",
    "button.let_in": "✅ Let {name} in",
    "button.turn_away": "Turn {name} away",
    "button.new_team_link": "New team link",
    "help.manager": (
        "Your Telegram account is linked to the FleetCrew account <b>{email}</b> of "
        "{organization}, fleet manager of {fleets}.\n\n"
        "I tell you here when a job of your fleets fails{summary}. Unlink or change this on "
        "the Telegram page of the admin web.\n\n"
        "/lang – change the language\n"
        "/help – this message"
    ),
    "manager.summary_on": ", and send you a summary of the day every evening",
    "manager.summary_off": "",
    "manager.linked": (
        "✅ Linked: this Telegram account belongs to the FleetCrew account <b>{email}</b> of "
        "{organization} now.\n\nI will tell you here when a job of your fleets ({fleets}) "
        "fails. The daily summary is switched on and off in the admin web."
    ),
    "manager.already_linked": (
        "This Telegram account is linked to the FleetCrew account <b>{email}</b> of "
        "{organization} already. Nothing changed."
    ),
    "manager.job_failed": (
        "❌ A job failed in the fleet <b>{fleet}</b>: {vehicle}.\n\n"
        "Reason: {reason}\nThe technician wrote: {note}"
    ),
    "manager.daily_summary": (
        "📊 Your fleets on {day}: ✅ succeeded today, ❌ failed today, 🔧 running now, "
        "⏰ overdue.\n\n{fleets}"
    ),
    "button.open_job": "Open the job",
    "lang.choose": "Choose your language:",
    "lang.chosen": "I will write to you in English.",
    "unexpected.message": "I can only read text and buttons here. /help shows what you can do.",
    "unexpected.command": "I don't know that command. /help shows what you can do.",
    "unexpected.text": "I didn't expect a message just now. /help shows what you can do.",
    "unexpected.arguments": "Send {command} on its own, with nothing after it.",
    "unexpected.too_long": "That message is too long for me. /help shows what you can do.",
    "button.stale": "This button no longer works. /help shows what you can do.",
    "error.generic": "Sorry, something went wrong. Please try again in a moment.",
}

JOB_TEXTS: dict[str, str] = {
    "checklist.send_as_photo": (
        "📷 Please send it as a photo, not as a file: tap 📎, then choose "
        "the picture from the gallery or take one."
    ),
    "option.DIRECT": "Direct wire to the lock",
    "option.CAN": "CAN bus",
    "option.KEY_FOB": "Key fob in a key holder",
    "option.NONE": "Not connected",
    "option.STANDARD": "Standard (behind the dashboard)",
    "option.OBD": "OBD plug",
    "option.KEY_HOLDER": "With key holder",
    "option.CUSTOM": "Custom",
    "button.my_jobs": "🧰 My jobs",
    "button.show_job": "Show the job",
    "button.job_card": "🚗 Card",
    "command.jobs": "Your jobs: start one, or continue where you left off",
    "jobs.list": "🧰 Jobs of <b>{partner}</b> for you. Tap one to see it.",
    "jobs.list_admin": (
        "🧰 The jobs of <b>{partner}</b>. Tap one to see it, start it or give it to someone."
    ),
    "jobs.none": (
        "No jobs for you at <b>{partner}</b> right now. I will tell you when a fleet manager "
        "assigns one."
    ),
    "jobs.entry_running": "▶️ Continue: {vehicle} ({type})",
    "jobs.entry_open": "{vehicle} ({type}) {when}",
    "jobs.entry_other": "{vehicle} ({type}) – {status} {who}",
    "jobs.type_installation": "installation",
    "jobs.type_maintenance": "maintenance",
    "jobs.started": "Started. Your access to the vehicle is open.",
    "jobs.dispatch_ask": "Whom do you give the job {vehicle}?",
    "jobs.dispatch_member": "{name} ({running} running)",
    "jobs.dispatched": "Given to {name}.",
    "jobs.dispatched_to_you": "🧰 {admin} gave you the job {vehicle}. /jobs shows it.",
    "jobs.command_sent": "Asking the box…",
    "jobs.command_done_lock": "🔒 Locked.\n{observed}",
    "jobs.command_done_unlock": "🔓 Unlocked.\n{observed}",
    "jobs.command_done_state": "📡 The box reports:\n{observed}",
    "jobs.command_failed": "⚠️ The box did not carry it out: {error}",
    "card.title": "🚗 <b>{vehicle}</b> – {type} for the fleet {fleet}",
    "card.plate": "Licence plate: {value}",
    "card.vin": "VIN: <code>{value}</code>",
    "card.model": "Model: {value}",
    "card.qnr": "Box (QNR): <code>{value}</code>",
    "card.service_date": "Service date: {value}",
    "card.window": "Access window: {start} – {end}",
    "card.maintenance": "Maintenance: {type}",
    "card.problem": "Problem: {text}",
    "card.instructions": "Instructions: {text}",
    "card.configuration": "Configuration:\n{lines}",
    "card.extra_items": "Extra items: {items}",
    "card.override_on": "✏️ You may change planned values (each change is recorded).",
    "card.override_off": "🔒 Planned values are read-only for you.",
    "card.technician": "Technician: {name} ({status})",
    "card.access_until": "Your access lasts until {end}.",
    "card.progress": "Checklist: {done} of {total} steps answered.",
    "button.start_job": "▶️ Start",
    "button.continue": "▶️ Continue",
    "button.dispatch": "👤 Give to…",
    "button.all_jobs": "All my jobs",
    "button.cmd_lock": "🔒 Lock",
    "button.cmd_unlock": "🔓 Unlock",
    "button.cmd_state": "📡 State",
    "button.done": "✅ Done",
    "button.skip": "Skip",
    "button.step_back": "⬅️ Back",
    "button.fail": "❌ Fail",
    "button.complete": "✅ Complete",
    "button.retry": "🔁 Retry",
    "button.run_test": "▶️ Run the test",
    "button.read_state": "📡 Read the box's state",
    "button.label_yes": "✅ Yes, that is the box",
    "button.apply_setup": "📤 Apply to the box",
    "button.change": "✏️ Change {what}",
    "checklist.header": "🚗 {vehicle} · step {number} of {total}",
    "checklist.header_finish": "🚗 {vehicle} · all {total} steps answered",
    "checklist.header_fail": "❌ Fail the job {vehicle}",
    "checklist.optional": "<i>Optional: you may skip it with a reason.</i>",
    "checklist.unknown": "–",
    "checklist.type_vehicle": "Type the last 6 characters of the VIN, or the licence plate.",
    "checklist.type_qnr": (
        "Type the box's QNR (16 characters on the label), or send a photo of the label."
    ),
    "checklist.label_read": (
        "I read the QNR <code>{qnr}</code> on the label. Is that the box? (Or type the QNR.)"
    ),
    "checklist.type_text": "Type your answer.",
    "checklist.type_number": "Type the number.",
    "checklist.send_photo": "Send a photo (📎 → camera).",
    "checklist.skip_reason": "Why do you skip this step? Type the reason.",
    "checklist.fail_pick_reason": "Why can the job not be done?",
    "checklist.fail_words": "Reason: {reason}. Now type in a few words what happened.",
    "checklist.earlier_done": "<i>Answered before: done. Answer again to change it.</i>",
    "checklist.earlier_value": "<i>Answered before: {value}. Answer again to change it.</i>",
    "checklist.earlier_skipped": "<i>Skipped before: {reason}.</i>",
    "checklist.missing": "Still to do before Complete: {steps}. Go back to them, or Fail the job.",
    "checklist.all_done": "Every required step is done. Tap Complete to finish the job.",
    "checklist.access_until": "<i>Access until {end}.</i>",
    "checklist.asking_box": "Asking the box…",
    "checklist.succeeded": "✅ Job {vehicle} completed. Thank you!",
    "checklist.failed": "❌ Job {vehicle} recorded as failed: {reason}. The fleet manager is told.",
    "checklist.securing": "🔒 The vehicle is being locked and secured.",
    "checklist.access_ended": "Your access to this vehicle has ended. /jobs shows your other jobs.",
    "note.box_identified": "📦 Box <code>{qnr}</code> identified.",
    "note.setup_applied": "📤 The configuration is on box <code>{qnr}</code>.",
    "note.setup_not_applied": "⚠️ The configuration did not reach the box: {error}. Try again.",
    "note.test_passed": "✅ {step}: passed.",
    "note.test_failed": (
        "⚠️ {step}: the box does not show the expected result. Retry, or skip with a reason."
    ),
    "note.box_unreachable": (
        "⚠️ {step}: the box did not answer ({error}). Retry, or skip with a reason."
    ),
    "note.label_photo": "📷 Label photo kept.",
    "note.photo_kept": "📷 Photo kept.",
    "observed.online": "Online ✅",
    "observed.offline": "Offline ⚠️",
    "observed.heartbeat": "Last heartbeat: {at} UTC",
    "observed.lock": "Central lock: {state}",
    "observed.lock_locked": "locked",
    "observed.lock_unlocked": "unlocked",
    "observed.lock_unknown": "unknown",
    "observed.driving_on": "Driving enabled",
    "observed.driving_off": "Driving disabled (immobilizer on)",
    "observed.fob_in": "Key fob in the holder",
    "observed.fob_out": "Key fob not in the holder",
    "setup.unset": "not set yet",
    "setup.changed": " (changed)",
    "field.vehicle_model_id": "Vehicle model",
    "field.installation_variant": "Installation variant",
    "field.central_lock_connection_type": "Central lock connection",
    "field.fuel_type": "Fuel type",
    "field.configuration_preset": "Configuration preset",
    "reason.no_coverage": "No coverage / no heartbeat",
    "reason.wrong_parts": "Wrong harness or missing parts",
    "reason.vehicle_not_available": "Vehicle not available",
    "reason.box_defective": "Box defective",
    "reason.other": "Other",
    "reason.access_window_ended": "The access window ended",
    "reason.access_revoked": "The access was revoked",
    "reason.partner_removed": "The partner was removed from the fleet",
    "access.ending_soon": "⏰ Your access to {vehicle} ends in {minutes} minutes ({end}).",
    "access.ended.window_closed": (
        "⏰ The access window for {vehicle} has closed; your access ended and the job is "
        "recorded as failed."
    ),
    "access.ended.revoked": (
        "⛔ A fleet manager ended your access to {vehicle}; the job is recorded as failed."
    ),
    "access.ended.technician_removed": (
        "⛔ Your access to {vehicle} ended: you are no longer in the team."
    ),
    "access.ended.partner_removed": (
        "⛔ Your access to {vehicle} ended: your partner no longer works for this fleet."
    ),
    "access.ended.taken_back": (
        "⛔ The job {vehicle} was taken back; your access to the vehicle ended."
    ),
    "step.vehicle": "<b>Confirm the vehicle</b>\nPlate {plate}, VIN ending {vin_end}.",
    "step.model": "<b>Which vehicle model is it?</b>",
    "step.box": "<b>Identify the box</b>",
    "step.variant": "<b>Which installation variant?</b>",
    "step.lock_type": "<b>How is the central lock connected?</b>",
    "step.fit_obd": "<b>Plug the box into the OBD port</b> and fix the cable.",
    "step.fit_custom": (
        "<b>Custom installation</b>\nInstructions: {instructions}\nDescribe what you fitted."
    ),
    "step.fit_box": "<b>Fit the box</b> in its place behind the dashboard.",
    "step.wire_power": "<b>Wire the power</b>: permanent plus, ignition and ground.",
    "step.fit_key_holder": "<b>Fit the key holder</b> and put a key fob in it.",
    "step.wire_lock": "<b>Wire the central lock</b> (direct connection).",
    "step.wire_can": "<b>Connect the CAN bus</b> for the central lock.",
    "step.wire_key_fob": "<b>Wire the key fob</b> buttons to the box.",
    "step.fit_card_reader": "<b>Fit the card reader</b> behind the windscreen.",
    "step.fit_bluetooth": "<b>Fit the Bluetooth module</b>.",
    "step.setup": "<b>Apply the configuration</b>\nCheck it in full, then apply it to the box.",
    "step.test_state": "<b>Test: state request</b>\nThe box must be online with a fresh heartbeat.",
    "step.test_lock": "<b>Test: lock</b>\nThe central lock must lock.",
    "step.test_unlock": "<b>Test: unlock</b>\nThe central lock must unlock.",
    "step.test_disable_driving": "<b>Test: disable driving</b>\nThe immobilizer must engage.",
    "step.test_enable_driving": "<b>Test: enable driving</b>\nThe immobilizer must release.",
    "step.test_key_fob": "<b>Test: key fob</b>\nThe box must see the key fob in its holder.",
    "step.photo_box": "<b>Photo of the fitted box</b>",
    "step.photo_label": "<b>Photo of the box's QNR label</b>",
    "step.problem": (
        "<b>The problem</b>\n{maintenance_type}: {problem}\nRead the box's state first."
    ),
    "step.inspect_online": "<b>Inspect: is the box online?</b>",
    "step.inspect_wiring": "<b>Inspect the wiring</b>: power, ground and the lock connection.",
    "step.inspect_key_holder": "<b>Inspect the key holder</b> and the key fob in it.",
    "step.inspect_card_reader": "<b>Inspect the card reader</b>.",
    "step.work_done": "<b>What did you do?</b>",
    "step.photo_after": "<b>Photo after the work</b>",
    "step.extra": "<b>{label}</b>",
    "name.vehicle": "confirm the vehicle",
    "name.model": "vehicle model",
    "name.box": "identify the box",
    "name.variant": "installation variant",
    "name.lock_type": "central lock connection",
    "name.fit_obd": "plug into OBD",
    "name.fit_custom": "custom installation",
    "name.fit_box": "fit the box",
    "name.wire_power": "wire the power",
    "name.fit_key_holder": "fit the key holder",
    "name.wire_lock": "wire the central lock",
    "name.wire_can": "connect the CAN bus",
    "name.wire_key_fob": "wire the key fob",
    "name.fit_card_reader": "fit the card reader",
    "name.fit_bluetooth": "fit the Bluetooth module",
    "name.setup": "apply the configuration",
    "name.test_state": "state request",
    "name.test_lock": "lock test",
    "name.test_unlock": "unlock test",
    "name.test_disable_driving": "disable driving test",
    "name.test_enable_driving": "enable driving test",
    "name.test_key_fob": "key fob test",
    "name.photo_box": "photo of the box",
    "name.photo_label": "photo of the label",
    "name.problem": "the problem",
    "name.inspect_online": "box online",
    "name.inspect_wiring": "wiring",
    "name.inspect_key_holder": "key holder",
    "name.inspect_card_reader": "card reader",
    "name.work_done": "what you did",
    "name.photo_after": "photo after the work",
    "name.extra": "{label}",
}

TEXTS.update(JOB_TEXTS)
