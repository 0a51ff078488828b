"""FleetCrew's composition root: the command line, and the running process it starts."""
