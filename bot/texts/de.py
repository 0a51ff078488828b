"""The bot's words in German, and a German text for each error a Telegram user can meet."""

from core.errors import ErrorCode

LANGUAGE_NAME = "Deutsch"

TEXTS: dict[str, str] = {
    "command.start": "Starten, oder einen Einladungs- oder Teamlink öffnen",
    "command.help": "Was du hier tun kannst",
    "command.team": "Dein Team: Beitrittslink und Mitglieder",
    "command.lang": "Sprache ändern",
    "help.newcomer": (
        "👋 Hallo {name}! Ich bin der FleetCrew-Bot.\n\n"
        "Servicepartner und ihre Techniker erledigen mit mir Einbau- und Wartungsaufträge für "
        "CloudBoxx-Telematikeinheiten.\n\n"
        "• Der <b>Einladungslink</b> eines Flottenmanagers (oder sein QR-Code) verbindet deine "
        "Firma mit seiner Flotte.\n"
        "• Der <b>Teamlink</b> deines Partner-Admins holt dich ins Team deiner Firma.\n\n"
        "Öffne so einen Link und tippe auf Starten. /lang ändert die Sprache."
    ),
    "help.partner_admin": (
        "Du leitest das Team von <b>{partner}</b> (Partner-ID <code>{code}</code>).\n\n"
        "/team – dein Team, wer beitreten möchte, und der Teamlink mit QR-Code\n"
        "/lang – Sprache ändern\n"
        "/help – diese Nachricht\n\n"
        "Der Einladungslink eines Flottenmanagers verbindet {partner} mit einer weiteren Flotte."
    ),
    "help.technician": (
        "Du bist Techniker im Team von <b>{partner}</b> (Partner-ID <code>{code}</code>).\n\n"
        "Deine Aufträge erscheinen hier, sobald ein Flottenmanager sie zuweist.\n\n"
        "/lang – Sprache ändern\n"
        "/help – diese Nachricht"
    ),
    "gate.newcomer": (
        "Du bist noch in keinem Team eines Servicepartners. Öffne den Einladungslink des "
        "Flottenmanagers oder den Teamlink deines Partner-Admins. /help erklärt mehr."
    ),
    "invitation.preview": (
        "📨 <b>{provider}</b> lädt deine Firma ein, an der Flotte <b>{fleet}</b> zu arbeiten."
        "\n\n{override}\n\nDer Link gilt bis {expires}."
    ),
    "invitation.answered": (
        "📨 <b>{provider}</b> hat deine Firma eingeladen, an der Flotte <b>{fleet}</b> zu "
        "arbeiten.\n\n{answer}"
    ),
    "invitation.answer_accepted": (
        "✅ Angenommen für <b>{partner}</b> (Partner-ID <code>{code}</code>)."
    ),
    "invitation.answer_declined": "Du hast diese Einladung abgelehnt.",
    "invitation.answer_naming": (
        "Du hast auf Annehmen getippt: Schick unten den Namen deiner Firma."
    ),
    "invitation.confirm_decline": (
        "📨 Die Einladung von <b>{provider}</b> zur Flotte <b>{fleet}</b> ablehnen?\n\n"
        "Der Flottenmanager sieht sie dann als abgelehnt, und der Link funktioniert nicht mehr."
    ),
    "invitation.override_on": (
        "✏️ Deine Techniker dürfen Konfiguration und Daten der Aufträge ändern."
    ),
    "invitation.override_off": (
        "🔒 Deine Techniker halten sich genau an die Konfiguration jedes Auftrags; die Werte "
        "der Flotte können sie nicht ändern."
    ),
    "invitation.ask_company_name": (
        "Wie heißt deine Firma (oder dein Team)? Schick den Namen als nächste Nachricht, "
        "2 bis 80 Zeichen."
    ),
    "invitation.accepted_new": (
        "✅ Willkommen, <b>{partner}</b>! Ihr seid mit der Flotte <b>{fleet}</b> von "
        "{provider} verbunden.\n\nEure Partner-ID ist <code>{code}</code>. Du bist Partner-Admin:"
        " /team holt deine Techniker dazu."
    ),
    "invitation.accepted_existing": (
        "✅ <b>{partner}</b> (Partner-ID <code>{code}</code>) ist jetzt mit der Flotte "
        "<b>{fleet}</b> von {provider} verbunden."
    ),
    "invitation.declined_short": "Einladung abgelehnt.",
    "button.accept": "✅ Annehmen",
    "button.decline": "Ablehnen",
    "team.link_caption": (
        "Teamlink für <b>{partner}</b>: Techniker öffnen ihn (oder scannen den QR-Code), um "
        "deinem Team beitreten zu wollen, und du lässt jeden einzeln herein.\n\n{url}\n\n"
        "Teile ihn mit so vielen, wie du magst; er gilt bis {expires}."
    ),
    "team.link_replaced": "Er ersetzt deinen bisherigen Teamlink, der nicht mehr funktioniert.",
    "team.link_valid": (
        "🔗 Dein Teamlink gilt bis {expires}; er steht weiter oben im Chat. Neuer Teamlink "
        "ersetzt ihn."
    ),
    "team.no_link": "🔗 Gerade gilt kein Teamlink: Neuer Teamlink erstellt einen.",
    "team.waiting": "✋ Möchten beitreten:",
    "team.waiting_member": "• {name}",
    "team.members": "👥 Team von <b>{partner}</b> (Partner-ID <code>{code}</code>):\n\n{members}",
    "team.member_admin": "• {name} – Partner-Admin",
    "team.member_technician": "• {name} – Techniker",
    "team.no_technicians": "Noch keine Techniker: Teile den Teamlink.",
    "team.confirm_remove": (
        "<b>{name}</b> aus dem Team entfernen? Jeder Fahrzeugzugriff endet sofort."
    ),
    "team.removed": "{name} ist nicht mehr im Team.",
    "jobs.assigned_one": (
        "🆕 Ein neuer Auftrag für {partner} in der Flotte <b>{fleet}</b>: {vehicle}."
    ),
    "jobs.assigned_many": "🆕 {count} neue Aufträge für {partner} in der Flotte <b>{fleet}</b>.",
    "jobs.taken_back_one": (
        "↩️ Der Flottenmanager von <b>{fleet}</b> hat den Auftrag für {vehicle} von {partner} "
        "zurückgenommen."
    ),
    "jobs.taken_back_many": (
        "↩️ Der Flottenmanager von <b>{fleet}</b> hat {count} Aufträge von {partner} zurückgenommen."
    ),
    "partner.removed_from_fleet": (
        "{partner} arbeitet nicht mehr für die Flotte <b>{fleet}</b>: Ihr Flottenmanager hat die "
        "Verbindung beendet. Zurückgenommene Aufträge: {count}."
    ),
    "team.removed_you": "Du bist nicht mehr im Team von {partner}.",
    "team.joined": (
        "✅ Willkommen im Team von <b>{partner}</b> (Partner-ID <code>{code}</code>)! "
        "Deine Aufträge erscheinen hier, sobald sie zugewiesen sind."
    ),
    "team.join_requested": (
        "✋ Deine Anfrage, dem Team von <b>{partner}</b> (Partner-ID <code>{code}</code>) "
        "beizutreten, ist beim Partner-Admin. Ich sage dir hier Bescheid, wenn er antwortet."
    ),
    "team.join_request": (
        "👋 <b>{name}</b> möchte dem Team von {partner} beitreten. Hereinlassen?"
    ),
    "team.let_in": "✅ {name} ist jetzt im Team.",
    "team.turned_away": "{name} wurde abgewiesen.",
    "team.turned_away_you": (
        "Der Partner-Admin von {partner} hat deine Anfrage, dem Team beizutreten, abgelehnt."
    ),
    "button.remove": "{name} entfernen",
    "button.confirm_remove": "Ja, entfernen",
    "button.cancel": "Abbrechen",
    "button.confirm_decline": "Ja, ablehnen",
    "button.back": "Zurück",
    "button.let_in": "✅ {name} hereinlassen",
    "button.turn_away": "{name} abweisen",
    "button.new_team_link": "Neuer Teamlink",
    "help.manager": (
        "Dein Telegram-Konto ist mit dem FleetCrew-Konto <b>{email}</b> von {organization} "
        "verbunden, Flottenmanager von {fleets}.\n\n"
        "Ich sage dir hier Bescheid, wenn ein Auftrag deiner Flotten fehlschlägt{summary}. "
        "Trennen oder ändern kannst du das auf der Telegram-Seite der Admin-Oberfläche.\n\n"
        "/lang – Sprache ändern\n"
        "/help – diese Nachricht"
    ),
    "manager.summary_on": ", und schicke dir jeden Abend eine Zusammenfassung des Tages",
    "manager.summary_off": "",
    "manager.linked": (
        "✅ Verbunden: Dieses Telegram-Konto gehört jetzt zum FleetCrew-Konto <b>{email}</b> "
        "von {organization}.\n\nIch sage dir hier Bescheid, wenn ein Auftrag deiner Flotten "
        "({fleets}) fehlschlägt. Die tägliche Zusammenfassung schaltest du in der "
        "Admin-Oberfläche ein und aus."
    ),
    "manager.already_linked": (
        "Dieses Telegram-Konto ist schon mit dem FleetCrew-Konto <b>{email}</b> von "
        "{organization} verbunden. Nichts wurde geändert."
    ),
    "manager.job_failed": (
        "❌ Ein Auftrag in der Flotte <b>{fleet}</b> ist fehlgeschlagen: {vehicle}.\n\n"
        "Grund: {reason}\nDer Techniker schreibt: {note}"
    ),
    "manager.daily_summary": (
        "📊 Deine Flotten am {day}: ✅ heute erfolgreich, ❌ heute fehlgeschlagen, "
        "🔧 gerade in Arbeit, ⏰ überfällig.\n\n{fleets}"
    ),
    "button.open_job": "Auftrag öffnen",
    "lang.choose": "Wähle deine Sprache:",
    "lang.chosen": "Ich schreibe dir ab jetzt auf Deutsch.",
    "unexpected.message": "Ich verstehe hier nur Text und Buttons. /help zeigt, was du tun kannst.",
    "unexpected.command": "Diesen Befehl kenne ich nicht. /help zeigt, was du tun kannst.",
    "unexpected.text": "Gerade habe ich keine Nachricht erwartet. /help zeigt, was du tun kannst.",
    "unexpected.arguments": "Schick {command} allein, ohne etwas dahinter.",
    "unexpected.too_long": "Die Nachricht ist mir zu lang. /help zeigt, was du tun kannst.",
    "button.stale": "Dieser Button funktioniert nicht mehr. /help zeigt, was du tun kannst.",
    "error.generic": (
        "Entschuldigung, da ist etwas schiefgegangen. Bitte versuch es gleich noch mal."
    ),
}

ERRORS: dict[ErrorCode, str] = {
    ErrorCode.NOT_A_FLEETCREW_LINK: "Das ist kein Einladungs- oder Teamlink von FleetCrew.",
    ErrorCode.INVITATION_NOT_VALID: (
        "Dieser Einladungslink ist ungültig: Vielleicht wurde er durch einen neueren ersetzt oder "
        "zurückgezogen. Bitte den Flottenmanager um einen neuen."
    ),
    ErrorCode.INVITATION_USED: "Dieser Einladungslink wurde schon benutzt.",
    ErrorCode.INVITATION_DECLINED: (
        "Diese Einladung wurde abgelehnt. Bitte den Flottenmanager um eine neue."
    ),
    ErrorCode.INVITATION_EXPIRED: (
        "Dieser Einladungslink ist abgelaufen. Bitte den Flottenmanager, ihn neu zu senden."
    ),
    ErrorCode.INVITATION_ACCEPTED_BY_YOU: (
        "Du hast diese Einladung angenommen: {partner} ist mit der Flotte {fleet} verbunden, "
        "mit der Partner-ID {partner_code}."
    ),
    ErrorCode.TECHNICIAN_CANNOT_ANSWER: (
        "Du bist Techniker im Team eines Partners; nur ein Partner-Admin kann eine Einladung "
        "für eine Firma beantworten."
    ),
    ErrorCode.ALREADY_CONNECTED: "{partner} ist schon mit der Flotte {fleet} verbunden.",
    ErrorCode.COMPANY_NAME_LENGTH: "Ein Firmenname hat {min} bis {max} Zeichen.",
    ErrorCode.NO_INVITATION_AWAITING_NAME: (
        "Öffne den Einladungslink noch einmal und tippe auf Annehmen."
    ),
    ErrorCode.TEAM_LINK_NOT_VALID: (
        "Dieser Teamlink ist ungültig. Bitte deinen Partner-Admin um einen neuen."
    ),
    ErrorCode.TEAM_LINK_REPLACED: (
        "Dieser Teamlink wurde durch einen neueren ersetzt. Bitte deinen Partner-Admin darum."
    ),
    ErrorCode.TEAM_LINK_EXPIRED: (
        "Dieser Teamlink ist abgelaufen. Bitte deinen Partner-Admin um einen neuen."
    ),
    ErrorCode.ALREADY_IN_THIS_TEAM: "Du bist schon im Team von {partner}.",
    ErrorCode.ALREADY_IN_ANOTHER_TEAM: (
        "Du bist schon im Team von {partner}; ein Telegram-Konto gehört zu einem Team."
    ),
    ErrorCode.NOT_IN_A_TEAM: "Du bist noch in keinem Team eines Partners.",
    ErrorCode.PARTNER_ADMIN_ONLY: "Das kann nur der Partner-Admin.",
    ErrorCode.NOT_IN_YOUR_TEAM: "Diese Person ist nicht (mehr) in deinem Team.",
    ErrorCode.CANNOT_REMOVE_PARTNER_ADMIN: "Der Partner-Admin kann nicht entfernt werden.",
    ErrorCode.JOIN_REQUEST_WAITING: (
        "Deine Anfrage, dem Team von {partner} beizutreten, wartet auf den Partner-Admin."
    ),
    ErrorCode.JOIN_REQUEST_REJECTED: (
        "Der Partner-Admin von {partner} hat deine Anfrage, dem Team beizutreten, abgelehnt."
    ),
    ErrorCode.JOIN_REQUEST_ANSWERED: "Die Anfrage von {name} ist schon beantwortet.",
    ErrorCode.JOIN_REQUEST_GONE: "Diese Beitrittsanfrage ist nicht für dein Team.",
    ErrorCode.JOB_NOT_YOURS: "Dieser Auftrag gehört nicht zu deinem Partner.",
    ErrorCode.PLANNED_VALUE_READ_ONLY: (
        "Diesen Wert hat der Flottenmanager festgelegt, und dein Partner darf ihn hier nicht "
        "ändern."
    ),
    ErrorCode.NOT_TEXT: (
        "Darin stehen Zeichen, die kein Text sind (kein gültiges UTF-8); nichts wurde "
        "gespeichert. Tipp es noch einmal."
    ),
    ErrorCode.VEHICLE_MISMATCH: (
        "„{typed}“ passt nicht zum Fahrzeug dieses Auftrags. Prüfe, ob du am richtigen Auto "
        "bist, und tippe die letzten 6 Zeichen der FIN oder das Kennzeichen."
    ),
    ErrorCode.VEHICLE_UNNAMED: "Tippe die FIN des Fahrzeugs (17 Zeichen) oder sein Kennzeichen.",
    ErrorCode.NOT_A_QNR: (
        "„{typed}“ ist keine QNR. Eine QNR sind die 16 Zeichen 0–9 und A–F auf dem "
        "CloudBoxx-Etikett, zum Beispiel 38429DA427AB7C25."
    ),
    ErrorCode.QNR_NOT_PLANNED: (
        "Diese Box ({qnr}) ist nicht die geplante: Für diesen Auftrag ist die Box {planned} "
        "vorgesehen. Prüfe das Etikett."
    ),
    ErrorCode.BOX_NOT_USABLE: "Die Box {qnr} kann hier nicht verwendet werden: {why}",
    ErrorCode.TEXT_LENGTH: "Schreib {min} bis {max} Zeichen.",
    ErrorCode.NOT_A_NUMBER: (
        "„{typed}“ ist keine Zahl. Tippe nur Ziffern, zum Beispiel 12345 oder 12,5."
    ),
    ErrorCode.CHOICE_NOT_OFFERED: "Diese Auswahl gibt es hier (nicht mehr).",
    ErrorCode.JOB_GONE: "Diesen Auftrag gibt es nicht mehr.",
    ErrorCode.JOB_TAKEN: "{name} hat diesen Auftrag schon begonnen.",
    ErrorCode.JOB_DISPATCHED_ELSEWHERE: ("Der Partner-Admin hat diesen Auftrag {name} gegeben."),
    ErrorCode.JOB_NOT_STARTABLE: "Dieser Auftrag ist {status} und kann nicht begonnen werden.",
    ErrorCode.ACCESS_NOT_YET: "Der Zugang zu diesem Fahrzeug beginnt erst am {start}.",
    ErrorCode.ACCESS_OVER: (
        "Das Zugangsfenster dieses Auftrags ist vorbei ({end}). Bitte den Flottenmanager um "
        "ein neues."
    ),
    ErrorCode.JOB_NOT_RUNNING: (
        "Dieser Auftrag ist jetzt {status}, daher kann hier nichts mehr daran getan werden."
    ),
    ErrorCode.NOT_YOUR_RUNNING_JOB: "An diesem Auftrag arbeitet ein anderer Techniker.",
    ErrorCode.ACCESS_ENDED: (
        "Dein Zugang zu diesem Fahrzeug ist beendet, daher wurde das nicht gespeichert."
    ),
    ErrorCode.STEP_MOVED_ON: "Dieser Schritt liegt schon hinter dir; die Checkliste ist weiter.",
    ErrorCode.STEP_REQUIRED: "Dieser Schritt ist Pflicht und kann nicht übersprungen werden.",
    ErrorCode.STEPS_MISSING: "Erst noch erledigen: {steps}.",
    ErrorCode.LABEL_UNREADABLE: (
        "Auf diesem Foto konnte ich keinen Code lesen. Fotografiere das Etikett gerade und "
        "scharf, oder tippe die QNR."
    ),
    ErrorCode.NOT_A_PHOTO: "Das ist kein Foto. Schick ein Foto (nicht als Datei).",
    ErrorCode.PHOTO_TOO_LARGE: "Dieses Foto ist zu groß (höchstens {max_mb} MB).",
    ErrorCode.NOT_IN_TEAM_ANY_MORE: (
        "Du bist (nicht mehr) im Team eines Partners, daher gibt es keine Aufträge für dich."
    ),
    ErrorCode.COMMAND_NOT_OFFERED: "Dieses Fahrzeug kann das nicht: {command}.",
    ErrorCode.BOX_BUSY: "Die Box arbeitet noch am letzten Befehl; einen Moment.",
    ErrorCode.REASON_NOT_OFFERED: "Diesen Grund gibt es hier nicht.",
    ErrorCode.PHOTO_EXPECTED: "Hier brauche ich ein Foto.",
    ErrorCode.BUTTON_EXPECTED: "Tippe hier auf einen der Knöpfe.",
    ErrorCode.TEXT_EXPECTED: "Hier brauche ich Text; tippe deine Antwort.",
    ErrorCode.MANAGER_LINK_NOT_VALID: (
        "Dieser Link funktioniert nicht mehr: Er wurde schon benutzt, oder ein neuerer hat ihn "
        "ersetzt. Erstelle einen neuen auf der Telegram-Seite deines Kontos in der "
        "Admin-Oberfläche."
    ),
    ErrorCode.MANAGER_LINK_EXPIRED: (
        "Dieser Link ist abgelaufen. Erstelle einen neuen auf der Telegram-Seite deines Kontos "
        "in der Admin-Oberfläche."
    ),
    ErrorCode.TELEGRAM_LINKED_TO_ANOTHER_MANAGER: (
        "Dieses Telegram-Konto ist schon mit einem anderen FleetCrew-Manager verbunden. Trenne "
        "es dort zuerst (auf der Telegram-Seite der Admin-Oberfläche) und öffne dann diesen "
        "Link noch einmal."
    ),
}
