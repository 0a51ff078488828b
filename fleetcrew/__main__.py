"""`python -m fleetcrew` runs the command line."""

from fleetcrew.cli import main

raise SystemExit(main())
