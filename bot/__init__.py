"""FleetCrew's Telegram face: the bot application and the local Telegram sandbox."""
