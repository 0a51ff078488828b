"""`fleetcrew`: run, migrate, create-manager, seed-demo, revoke-sessions, import-csv, and
cloudboxx-sim."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from core.container import Services
from core.db.migrate import DanglingReferences, migrate
from core.db.uow import UnitOfWorkFactory
from core.errors import DomainError, NotFound
from core.passwords import Passwords
from core.services.accounts import check_new_manager, create_manager, revoke_sessions
from core.services.organizations import UnknownOrganization, provide_organization
from core.settings import Settings, SettingsError, load_settings
from fleetcrew import boxes, csv_import, demo, runtime
from fleetcrew.links import TelegramUnreachable

PASSWORD_VARIABLE = "FLEETCREW_MANAGER_PASSWORD"
T = TypeVar("T")


class UsageError(Exception):
    """The command was called in a way it cannot work; the message says how to call it."""


class DatabaseUnavailable(Exception):
    """The database cannot be reached or opened; the message names it without its password."""


class Refused(Exception):
    """The command was called rightly but will not do what was asked; the message says why."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status (2: bad settings or usage, 1: refused)."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        command: Callable[[Settings, argparse.Namespace], int] = args.command
        return command(settings, args)
    except (SettingsError, UsageError) as exc:
        return _fail(str(exc), 2)
    except DomainError as exc:
        return _fail(exc.message, 1)
    except (DatabaseUnavailable, TelegramUnreachable, Refused) as exc:
        return _fail(str(exc), 1)
    except KeyboardInterrupt:
        return 130


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Migrate, seed the demo into an empty database once if asked to, then serve."""
    prepare: runtime.Prepare | None = None
    if args.demo:
        password = demo.demo_password(settings)

        async def prepare(services: Services) -> None:
            await demo.seed_once(services, password)

    with _database_errors(settings):
        asyncio.run(runtime.serve(settings, prepare=prepare))
    return 0


def migrate_database(settings: Settings, args: argparse.Namespace) -> int:
    """Bring the database to the newest schema."""
    _with_database(settings, _nothing)
    print(f"The database {_shown_url(settings)} is up to date.")
    return 0


def add_manager(settings: Settings, args: argparse.Namespace) -> int:
    """Add a manager to an organization's fleets, creating the organization when asked to."""
    if args.create_organization and not args.fleet:
        raise UsageError("--create-organization needs at least one --fleet NAME")

    async def check(uow: UnitOfWorkFactory) -> None:
        async with uow.read_only() as work:
            await check_new_manager(
                work,
                organization_name=args.organization,
                email=args.email,
                fleet_names=args.fleet,
                organization_may_be_new=args.create_organization,
            )

    async def create(uow: UnitOfWorkFactory) -> str:
        if args.create_organization:
            async with uow() as work:
                await provide_organization(work, name=args.organization, fleet_names=args.fleet)
        async with uow() as work:
            manager = await create_manager(
                work,
                Passwords(),
                organization_name=args.organization,
                email=args.email,
                password=password,
                fleet_names=args.fleet,
            )
        fleets = ", ".join(fleet.name for fleet in manager.fleets) or "no fleet yet"
        return f"Manager {manager.email} of {manager.organization_name} manages: {fleets}."

    try:
        _with_database(settings, check)  # before the password is asked for
    except UnknownOrganization as exc:
        if exc.suggestion is not None:
            raise
        hint = "Add --create-organization and --fleet NAME to create it."
        raise NotFound(f"{exc.message} {hint}") from None
    password = _new_password()
    print(_with_database(settings, create))
    return 0


def seed_demo(settings: Settings, args: argparse.Namespace) -> int:
    """Create whatever of the demo data is missing, also what was deleted; print how to sign in."""
    password = demo.demo_password(settings)
    seeded = _with_services(settings, lambda s: demo.seed(s, password))
    demo.print_credentials(settings, seeded, password)
    return 0


def end_sessions(settings: Settings, args: argparse.Namespace) -> int:
    """Sign a manager out of every browser."""

    async def work(uow: UnitOfWorkFactory) -> int:
        async with uow() as unit:
            return await revoke_sessions(unit, email=args.email)

    ended = _with_database(settings, work)
    print(f"Ended {ended} session(s) of {args.email}.")
    return 0


def import_csv(settings: Settings, args: argparse.Namespace) -> int:
    """Import a CSV file of jobs into a fleet (with --dry-run, only check it); 1 if refused."""
    if args.prefer_template and not args.template:
        raise UsageError("--prefer-template needs --template NAME")
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    request = csv_import.ImportRequest(
        fleet=args.fleet,
        template=args.template,
        prefer_template=args.prefer_template,
        partner=args.partner,
        dry_run=args.dry_run,
        file_name=Path(args.file).name,
        data=data,
    )
    try:
        problems, summary = _with_services(
            settings, lambda services: csv_import.import_or_check(services, request)
        )
    except csv_import.UnknownTarget as exc:
        raise UsageError(str(exc)) from None
    for problem in problems:
        print(csv_import.problem_line(problem))
    print(summary)
    return 1 if problems else 0


def serve_cloudboxx_simulator(settings: Settings, args: argparse.Namespace) -> int:
    """Serve the simulated CloudBoxx API, with the demo fleet, until interrupted."""
    boxes.serve_simulator(args.host, args.port, state_file=args.state_file, seed=args.seed)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fleetcrew",
        description="FleetCrew: installation and maintenance jobs for CloudBoxx units. "
        "Settings come from FLEETCREW_* variables (see docs/configuration.md).",
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    serve = commands.add_parser("run", help="migrate the database, then serve FleetCrew")
    serve.add_argument(
        "--demo",
        action="store_true",
        help="seed the demo data into an empty database, once: later runs leave it as it is",
    )
    serve.set_defaults(command=run)

    commands.add_parser("migrate", help="bring the database to the newest schema").set_defaults(
        command=migrate_database
    )

    manager = commands.add_parser(
        "create-manager",
        help="add a fleet manager",
        description="Add a fleet manager. The password comes from "
        f"{PASSWORD_VARIABLE}, or is asked for twice.",
    )
    manager.add_argument("--organization", required=True, metavar="NAME", help="mobility provider")
    manager.add_argument("--email", required=True, help="the manager's e-mail address")
    manager.add_argument(
        "--fleet",
        action="append",
        metavar="NAME",
        help="a fleet the manager manages (repeatable; default: all of the organization's)",
    )
    manager.add_argument(
        "--create-organization",
        action="store_true",
        help="create the organization and the --fleet fleets it does not have yet",
    )
    manager.set_defaults(command=add_manager)

    commands.add_parser(
        "seed-demo",
        help="create whatever of the demo data is missing, also what was deleted, and print "
        "how to sign in",
        description="Create whatever of the demo data is missing, also what a user deleted "
        "(unlike run --demo, which seeds only once), and print how to sign in.",
    ).set_defaults(command=seed_demo)

    revoke = commands.add_parser("revoke-sessions", help="sign a manager out everywhere")
    revoke.add_argument("--email", required=True, help="the manager's e-mail address")
    revoke.set_defaults(command=end_sessions)

    csv_import = commands.add_parser(
        "import-csv",
        help="import a CSV file of jobs into a fleet (docs/csv.md)",
        description="Import a CSV file of jobs into a fleet: every row is checked first, then "
        "every row is imported, or none. Prints each problem as `line N: column: message`, then "
        "one summary line. Exit status 0: imported (with --dry-run: would be), 1: rejected, "
        "nothing imported, 2: wrong usage (a file that cannot be read, an unknown fleet or "
        "template). The format is in docs/csv.md.",
    )
    csv_import.add_argument("file", metavar="FILE", help="the CSV file")
    csv_import.add_argument(
        "--fleet", required=True, metavar="FLEET", help="the fleet's name, or its id"
    )
    csv_import.add_argument(
        "--template", metavar="NAME", help="the fleet's template to apply to every row"
    )
    csv_import.add_argument(
        "--prefer-template",
        action="store_true",
        help="where a row and the template both have a value, take the template's",
    )
    csv_import.add_argument(
        "--partner",
        metavar="PARTNER_ID",
        help="assign every row to this partner (refused if the file names partners)",
    )
    csv_import.add_argument(
        "--dry-run", action="store_true", help="check the file and say what would be imported"
    )
    csv_import.set_defaults(command=import_csv)

    simulator = commands.add_parser(
        "cloudboxx-sim", help="serve the simulated CloudBoxx API (the demo fleet) over HTTP"
    )
    simulator.add_argument("--host", default="127.0.0.1", help="address to listen on")
    simulator.add_argument(
        "--port", type=int, default=8400, help="port to listen on, 0 for any free one"
    )
    simulator.add_argument(
        "--state-file", type=Path, metavar="PATH", help="keep the fleet in this JSON file"
    )
    simulator.add_argument("--seed", type=int, help="seed for the simulator's chance")
    simulator.set_defaults(command=serve_cloudboxx_simulator)
    return parser


def _with_services(settings: Settings, work: Callable[[Services], Awaitable[T]]) -> T:
    async def session() -> T:
        async with runtime.running_services(settings) as services:
            await migrate(services.uow.engine)
            return await work(services)

    with _database_errors(settings):
        return asyncio.run(session())


def _with_database(settings: Settings, work: Callable[[UnitOfWorkFactory], Awaitable[T]]) -> T:
    async def session() -> T:
        async with runtime.opened_database(settings) as uow:
            return await work(uow)

    with _database_errors(settings):
        return asyncio.run(session())


@contextmanager
def _database_errors(settings: Settings) -> Iterator[None]:
    try:
        yield
    except (DBAPIError, OSError, DanglingReferences) as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise DatabaseUnavailable(
            f"the database {_shown_url(settings)} cannot be used: {reason}"
        ) from exc


async def _nothing(uow: UnitOfWorkFactory) -> None:
    return None


def _new_password() -> str:
    password = os.environ.get(PASSWORD_VARIABLE)
    if password:
        return password
    if not sys.stdin.isatty():
        raise UsageError(f"set {PASSWORD_VARIABLE} or run create-manager in a terminal")
    password = getpass.getpass("Password for the new manager: ")
    if getpass.getpass("The same password again: ") != password:
        raise Refused("The two passwords differ; nothing was changed.")
    return password


def _shown_url(settings: Settings) -> str:
    return make_url(settings.database_url.get_secret_value()).render_as_string(hide_password=True)


def _fail(message: str, status: int) -> int:
    print(f"fleetcrew: {message}", file=sys.stderr)
    return status
