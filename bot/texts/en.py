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
        "/team – your team, who asks to join, and the team link with its QR code\n"
        "/lang – change the language\n"
        "/help – this message\n\n"
        "A fleet manager's invitation link connects another fleet to {partner}."
    ),
    "help.technician": (
        "You are a technician in the team of <b>{partner}</b> (Partner ID <code>{code}</code>)."
        "\n\nYour jobs will be listed here once a fleet manager assigns them.\n\n"
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
