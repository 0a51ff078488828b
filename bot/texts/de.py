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
        "/jobs – die Aufträge des Partners: beginnen oder jemandem im Team geben\n"
        "/team – dein Team, wer beitreten möchte, und der Teamlink mit QR-Code\n"
        "/lang – Sprache ändern\n"
        "/help – diese Nachricht\n\n"
        "Der Einladungslink eines Flottenmanagers verbindet {partner} mit einer weiteren Flotte."
    ),
    "help.technician": (
        "Du bist Techniker im Team von <b>{partner}</b> (Partner-ID <code>{code}</code>).\n\n"
        "/jobs – deine Aufträge: einen beginnen oder weitermachen, wo du warst\n"
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

JOB_TEXTS: dict[str, str] = {
    "checklist.send_as_photo": (
        "📷 Bitte schick es als Foto, nicht als Datei: tippe auf 📎 und wähle "
        "das Bild aus der Galerie oder mach eins."
    ),
    "option.DIRECT": "Direkt an die Verriegelung",
    "option.CAN": "CAN-Bus",
    "option.KEY_FOB": "Schlüssel im Schlüsselhalter",
    "option.NONE": "Nicht verbunden",
    "option.STANDARD": "Standard (hinter dem Armaturenbrett)",
    "option.OBD": "OBD-Stecker",
    "option.KEY_HOLDER": "Mit Schlüsselhalter",
    "option.CUSTOM": "Individuell",
    "button.my_jobs": "🧰 Meine Aufträge",
    "button.show_job": "Auftrag zeigen",
    "button.job_card": "🚗 Karte",
    "command.jobs": "Deine Aufträge: einen beginnen oder dort weitermachen, wo du warst",
    "jobs.list": "🧰 Aufträge von <b>{partner}</b> für dich. Tippe auf einen, um ihn zu sehen.",
    "jobs.list_admin": (
        "🧰 Die Aufträge von <b>{partner}</b>. Tippe auf einen, um ihn zu sehen, zu beginnen "
        "oder jemandem zu geben."
    ),
    "jobs.none": (
        "Gerade gibt es bei <b>{partner}</b> keine Aufträge für dich. Ich sage dir Bescheid, "
        "wenn ein Flottenmanager einen zuweist."
    ),
    "jobs.entry_running": "▶️ Weiter: {vehicle} ({type})",
    "jobs.entry_open": "{vehicle} ({type}) {when}",
    "jobs.entry_other": "{vehicle} ({type}) – {status} {who}",
    "jobs.type_installation": "Einbau",
    "jobs.type_maintenance": "Wartung",
    "jobs.started": "Begonnen. Dein Zugang zum Fahrzeug ist offen.",
    "jobs.dispatch_ask": "Wem gibst du den Auftrag {vehicle}?",
    "jobs.dispatch_member": "{name} ({running} laufend)",
    "jobs.dispatched": "An {name} gegeben.",
    "jobs.dispatched_to_you": "🧰 {admin} hat dir den Auftrag {vehicle} gegeben. /jobs zeigt ihn.",
    "jobs.command_sent": "Ich frage die Box…",
    "jobs.command_done_lock": "🔒 Verriegelt.\n{observed}",
    "jobs.command_done_unlock": "🔓 Entriegelt.\n{observed}",
    "jobs.command_done_state": "📡 Die Box meldet:\n{observed}",
    "jobs.command_failed": "⚠️ Die Box hat es nicht ausgeführt: {error}",
    "card.title": "🚗 <b>{vehicle}</b> – {type} für die Flotte {fleet}",
    "card.plate": "Kennzeichen: {value}",
    "card.vin": "FIN: <code>{value}</code>",
    "card.model": "Modell: {value}",
    "card.qnr": "Box (QNR): <code>{value}</code>",
    "card.service_date": "Termin: {value}",
    "card.window": "Zugangsfenster: {start} – {end}",
    "card.maintenance": "Wartung: {type}",
    "card.problem": "Problem: {text}",
    "card.instructions": "Anweisungen: {text}",
    "card.configuration": "Konfiguration:\n{lines}",
    "card.extra_items": "Zusätzliche Punkte: {items}",
    "card.override_on": "✏️ Du darfst geplante Werte ändern (jede Änderung wird festgehalten).",
    "card.override_off": "🔒 Geplante Werte kannst du nicht ändern.",
    "card.technician": "Techniker: {name} ({status})",
    "card.access_until": "Dein Zugang gilt bis {end}.",
    "card.progress": "Checkliste: {done} von {total} Schritten beantwortet.",
    "button.start_job": "▶️ Beginnen",
    "button.continue": "▶️ Weiter",
    "button.dispatch": "👤 Geben an…",
    "button.all_jobs": "Alle meine Aufträge",
    "button.cmd_lock": "🔒 Verriegeln",
    "button.cmd_unlock": "🔓 Entriegeln",
    "button.cmd_state": "📡 Status",
    "button.done": "✅ Erledigt",
    "button.skip": "Überspringen",
    "button.step_back": "⬅️ Zurück",
    "button.fail": "❌ Fehlgeschlagen",
    "button.complete": "✅ Abschließen",
    "button.retry": "🔁 Nochmal",
    "button.run_test": "▶️ Test starten",
    "button.read_state": "📡 Status der Box lesen",
    "button.label_yes": "✅ Ja, das ist die Box",
    "button.apply_setup": "📤 Auf die Box übertragen",
    "button.change": "✏️ {what} ändern",
    "checklist.header": "🚗 {vehicle} · Schritt {number} von {total}",
    "checklist.header_finish": "🚗 {vehicle} · alle {total} Schritte beantwortet",
    "checklist.header_fail": "❌ Auftrag {vehicle} als fehlgeschlagen melden",
    "checklist.optional": "<i>Optional: Du kannst ihn mit einer Begründung überspringen.</i>",
    "checklist.unknown": "–",
    "checklist.type_vehicle": "Tippe die letzten 6 Zeichen der FIN oder das Kennzeichen.",
    "checklist.type_qnr": (
        "Tippe die QNR der Box (16 Zeichen auf dem Etikett) oder schick ein Foto des Etiketts."
    ),
    "checklist.label_read": (
        "Ich habe auf dem Etikett die QNR <code>{qnr}</code> gelesen. Ist das die Box? "
        "(Oder tippe die QNR.)"
    ),
    "checklist.type_text": "Tippe deine Antwort.",
    "checklist.type_number": "Tippe die Zahl.",
    "checklist.send_photo": "Schick ein Foto (📎 → Kamera).",
    "checklist.skip_reason": "Warum überspringst du diesen Schritt? Tippe den Grund.",
    "checklist.fail_pick_reason": "Warum kann der Auftrag nicht erledigt werden?",
    "checklist.fail_words": (
        "Grund: {reason}. Beschreib jetzt in ein paar Worten, was passiert ist."
    ),
    "checklist.earlier_done": (
        "<i>Schon beantwortet: erledigt. Antworte noch einmal, um es zu ändern.</i>"
    ),
    "checklist.earlier_value": (
        "<i>Schon beantwortet: {value}. Antworte noch einmal, um es zu ändern.</i>"
    ),
    "checklist.earlier_skipped": "<i>Schon übersprungen: {reason}.</i>",
    "checklist.missing": (
        "Vor dem Abschließen noch zu erledigen: {steps}. Geh zurück zu diesen Schritten oder "
        "melde den Auftrag als fehlgeschlagen."
    ),
    "checklist.all_done": (
        "Alle Pflichtschritte sind erledigt. Tippe auf Abschließen, um den Auftrag zu beenden."
    ),
    "checklist.access_until": "<i>Zugang bis {end}.</i>",
    "checklist.asking_box": "Ich frage die Box…",
    "checklist.succeeded": "✅ Auftrag {vehicle} abgeschlossen. Danke!",
    "checklist.failed": (
        "❌ Auftrag {vehicle} als fehlgeschlagen festgehalten: {reason}. Der Flottenmanager "
        "erfährt es."
    ),
    "checklist.securing": "🔒 Das Fahrzeug wird verriegelt und gesichert.",
    "checklist.access_ended": (
        "Dein Zugang zu diesem Fahrzeug ist beendet. /jobs zeigt deine anderen Aufträge."
    ),
    "note.box_identified": "📦 Box <code>{qnr}</code> erkannt.",
    "note.setup_applied": "📤 Die Konfiguration ist auf der Box <code>{qnr}</code>.",
    "note.setup_not_applied": (
        "⚠️ Die Konfiguration ist nicht auf der Box angekommen: {error}. Versuch es noch einmal."
    ),
    "note.test_passed": "✅ {step}: bestanden.",
    "note.test_failed": (
        "⚠️ {step}: Die Box zeigt nicht das erwartete Ergebnis. Versuch es noch einmal oder "
        "überspring den Schritt mit einer Begründung."
    ),
    "note.box_unreachable": (
        "⚠️ {step}: Die Box hat nicht geantwortet ({error}). Versuch es noch einmal oder "
        "überspring den Schritt mit einer Begründung."
    ),
    "note.label_photo": "📷 Foto des Etiketts gespeichert.",
    "note.photo_kept": "📷 Foto gespeichert.",
    "observed.online": "Online ✅",
    "observed.offline": "Offline ⚠️",
    "observed.heartbeat": "Letzter Heartbeat: {at} UTC",
    "observed.lock": "Zentralverriegelung: {state}",
    "observed.lock_locked": "verriegelt",
    "observed.lock_unlocked": "entriegelt",
    "observed.lock_unknown": "unbekannt",
    "observed.driving_on": "Fahren möglich",
    "observed.driving_off": "Fahren gesperrt (Wegfahrsperre aktiv)",
    "observed.fob_in": "Schlüssel im Schlüsselhalter",
    "observed.fob_out": "Schlüssel nicht im Schlüsselhalter",
    "setup.unset": "noch nicht festgelegt",
    "setup.changed": " (geändert)",
    "field.vehicle_model_id": "Fahrzeugmodell",
    "field.installation_variant": "Einbauvariante",
    "field.central_lock_connection_type": "Anschluss der Zentralverriegelung",
    "field.fuel_type": "Kraftstoff",
    "field.configuration_preset": "Konfigurationsvorlage",
    "reason.no_coverage": "Kein Empfang / kein Heartbeat",
    "reason.wrong_parts": "Falscher Kabelsatz oder fehlende Teile",
    "reason.vehicle_not_available": "Fahrzeug nicht verfügbar",
    "reason.box_defective": "Box defekt",
    "reason.other": "Sonstiges",
    "reason.access_window_ended": "Das Zugangsfenster ist abgelaufen",
    "reason.access_revoked": "Der Zugang wurde entzogen",
    "reason.partner_removed": "Der Partner wurde aus der Flotte entfernt",
    "access.ending_soon": "⏰ Dein Zugang zu {vehicle} endet in {minutes} Minuten ({end}).",
    "access.ended.window_closed": (
        "⏰ Das Zugangsfenster für {vehicle} ist geschlossen; dein Zugang ist beendet und der "
        "Auftrag als fehlgeschlagen festgehalten."
    ),
    "access.ended.revoked": (
        "⛔ Ein Flottenmanager hat deinen Zugang zu {vehicle} beendet; der Auftrag ist als "
        "fehlgeschlagen festgehalten."
    ),
    "access.ended.technician_removed": (
        "⛔ Dein Zugang zu {vehicle} ist beendet: Du bist nicht mehr im Team."
    ),
    "access.ended.partner_removed": (
        "⛔ Dein Zugang zu {vehicle} ist beendet: Dein Partner arbeitet nicht mehr für diese "
        "Flotte."
    ),
    "access.ended.taken_back": (
        "⛔ Der Auftrag {vehicle} wurde zurückgenommen; dein Zugang zum Fahrzeug ist beendet."
    ),
    "step.vehicle": "<b>Fahrzeug bestätigen</b>\nKennzeichen {plate}, FIN endet auf {vin_end}.",
    "step.model": "<b>Welches Fahrzeugmodell ist es?</b>",
    "step.box": "<b>Box identifizieren</b>",
    "step.variant": "<b>Welche Einbauvariante?</b>",
    "step.lock_type": "<b>Wie ist die Zentralverriegelung angeschlossen?</b>",
    "step.fit_obd": "<b>Steck die Box in die OBD-Buchse</b> und befestige das Kabel.",
    "step.fit_custom": (
        "<b>Individueller Einbau</b>\nAnweisungen: {instructions}\nBeschreib, was du eingebaut "
        "hast."
    ),
    "step.fit_box": "<b>Bau die Box ein</b>, an ihrem Platz hinter dem Armaturenbrett.",
    "step.wire_power": "<b>Schließ den Strom an</b>: Dauerplus, Zündung und Masse.",
    "step.fit_key_holder": "<b>Bau den Schlüsselhalter ein</b> und leg einen Schlüssel hinein.",
    "step.wire_lock": "<b>Schließ die Zentralverriegelung an</b> (Direktanschluss).",
    "step.wire_can": "<b>Schließ den CAN-Bus</b> für die Zentralverriegelung an.",
    "step.wire_key_fob": "<b>Verbinde die Tasten des Schlüssels</b> mit der Box.",
    "step.fit_card_reader": "<b>Bau den Kartenleser ein</b>, hinter der Windschutzscheibe.",
    "step.fit_bluetooth": "<b>Bau das Bluetooth-Modul ein</b>.",
    "step.setup": (
        "<b>Konfiguration übertragen</b>\nPrüfe sie vollständig und übertrage sie dann auf die Box."
    ),
    "step.test_state": (
        "<b>Test: Statusabfrage</b>\nDie Box muss online sein und einen frischen Heartbeat haben."
    ),
    "step.test_lock": "<b>Test: Verriegeln</b>\nDie Zentralverriegelung muss verriegeln.",
    "step.test_unlock": "<b>Test: Entriegeln</b>\nDie Zentralverriegelung muss entriegeln.",
    "step.test_disable_driving": (
        "<b>Test: Fahren sperren</b>\nDie Wegfahrsperre muss aktiv werden."
    ),
    "step.test_enable_driving": (
        "<b>Test: Fahren freigeben</b>\nDie Wegfahrsperre muss sich lösen."
    ),
    "step.test_key_fob": (
        "<b>Test: Schlüssel</b>\nDie Box muss den Schlüssel in seinem Schlüsselhalter erkennen."
    ),
    "step.photo_box": "<b>Foto der eingebauten Box</b>",
    "step.photo_label": "<b>Foto des QNR-Etiketts der Box</b>",
    "step.problem": (
        "<b>Das Problem</b>\n{maintenance_type}: {problem}\nLies zuerst den Status der Box."
    ),
    "step.inspect_online": "<b>Prüfen: Ist die Box online?</b>",
    "step.inspect_wiring": (
        "<b>Prüf die Verkabelung</b>: Strom, Masse und den Anschluss der Zentralverriegelung."
    ),
    "step.inspect_key_holder": "<b>Prüf den Schlüsselhalter</b> und den Schlüssel darin.",
    "step.inspect_card_reader": "<b>Prüf den Kartenleser</b>.",
    "step.work_done": "<b>Was hast du gemacht?</b>",
    "step.photo_after": "<b>Foto nach der Arbeit</b>",
    "step.extra": "<b>{label}</b>",
    "name.vehicle": "Fahrzeug bestätigen",
    "name.model": "Fahrzeugmodell",
    "name.box": "Box identifizieren",
    "name.variant": "Einbauvariante",
    "name.lock_type": "Anschluss der Zentralverriegelung",
    "name.fit_obd": "in OBD stecken",
    "name.fit_custom": "individueller Einbau",
    "name.fit_box": "Box einbauen",
    "name.wire_power": "Strom anschließen",
    "name.fit_key_holder": "Schlüsselhalter einbauen",
    "name.wire_lock": "Zentralverriegelung anschließen",
    "name.wire_can": "CAN-Bus anschließen",
    "name.wire_key_fob": "Schlüssel verkabeln",
    "name.fit_card_reader": "Kartenleser einbauen",
    "name.fit_bluetooth": "Bluetooth-Modul einbauen",
    "name.setup": "Konfiguration übertragen",
    "name.test_state": "Statusabfrage",
    "name.test_lock": "Test Verriegeln",
    "name.test_unlock": "Test Entriegeln",
    "name.test_disable_driving": "Test Fahren sperren",
    "name.test_enable_driving": "Test Fahren freigeben",
    "name.test_key_fob": "Test Schlüssel",
    "name.photo_box": "Foto der Box",
    "name.photo_label": "Foto des Etiketts",
    "name.problem": "das Problem",
    "name.inspect_online": "Box online",
    "name.inspect_wiring": "Verkabelung",
    "name.inspect_key_holder": "Schlüsselhalter",
    "name.inspect_card_reader": "Kartenleser",
    "name.work_done": "was du gemacht hast",
    "name.photo_after": "Foto nach der Arbeit",
    "name.extra": "{label}",
}

TEXTS.update(JOB_TEXTS)
