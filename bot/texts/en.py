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
        "/team – a join link and QR code for a technician, and your team's members\n"
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
        "{override}\n\nThe link is valid until {expires} (UTC)."
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
    "invitation.declined": (
        "You declined the invitation to the fleet {fleet}. The fleet manager can see that."
    ),
    "invitation.declined_short": "Invitation declined.",
    "button.accept": "✅ Accept",
    "button.decline": "Decline",
    "team.link_caption": (
        "Team link for <b>{partner}</b>: a technician opens it (or scans the QR code) to join "
        "your team.\n\n{url}\n\nIt works once and expires in {hours} hours."
    ),
    "team.members": "👥 Team of <b>{partner}</b> (Partner ID <code>{code}</code>):\n\n{members}",
    "team.member_admin": "• {name} – partner admin",
    "team.member_technician": "• {name} – technician",
    "team.no_technicians": "No technicians yet: share the team link.",
    "team.confirm_remove": (
        "Remove <b>{name}</b> from the team? Any vehicle access they hold ends at once."
    ),
    "team.removed": "{name} is no longer in the team.",
    "team.removed_you": "You are no longer in the team of {partner}.",
    "team.joined": (
        "✅ Welcome to the team of <b>{partner}</b> (Partner ID <code>{code}</code>)! "
        "Your jobs will be listed here once they are assigned."
    ),
    "team.joined_admin": "👋 {name} joined the team of {partner}.",
    "button.remove": "Remove {name}",
    "button.confirm_remove": "Yes, remove",
    "button.cancel": "Cancel",
    "button.new_team_link": "New team link",
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
