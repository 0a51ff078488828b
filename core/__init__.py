"""FleetCrew's domain: partners, teams, jobs, templates, access, audit; persistence; services."""
