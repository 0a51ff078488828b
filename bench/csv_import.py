"""A CSV file of N jobs imported through the service the admin web and the command line use.

On a migrated SQLite file (the Services `fleetcrew run` builds) with a fleet, a partner that
accepted its invitation and a template: a generated file of N realistic rows (unique VINs and
QNRs, a third of them with the partner's Partner ID, the template applied to every row) is
imported by `import_job_file`: read, checked, written, committed. `import_s` is that call.
`floor_s` is the same job rows inserted by plain SQLAlchemy Core `executemany` in one
transaction into a freshly migrated database of the same schema, in the same run.

    python -m bench.csv_import [--rows 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from core.actors import Manager, TelegramUser
from core.catalogue import vehicle_models
from core.container import Services
from core.db.engine import create_engine
from core.db.migrate import migrate
from core.db.models import Fleet, Job, Organization, ServicePartner, Template
from core.db.models import Manager as ManagerRow
from core.extra_items import ExtraItem, ItemKind
from core.import_views import ImportOptions
from core.job_fields import clean_job_fields
from core.job_files import write_job_file
from core.links import parse_start_payload
from core.services.accounts import create_manager
from core.services.invitations import accept_invitation
from core.services.job_import import import_job_file
from core.services.organizations import provide_organization
from core.services.partners import invite_partner
from core.services.templates import create_template
from core.settings import load_settings
from fleetcrew.runtime import running_services

PASSWORD = "bench password of the manager"
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
CARS = (  # (vehicle model, brand, model, variant, lock connection, fuel)
    ("vw-golf-8", "Volkswagen", "Golf 8", "STANDARD", "CAN", "PETROL"),
    ("vw-golf-8", "Volkswagen", "Golf 8", "OBD", "DIRECT", "PLUG_IN_HYBRID"),
    ("renault-zoe-e-tech", "Renault", "ZOE E-Tech", "OBD", "CAN", "ELECTRIC"),
    ("fiat-500-hybrid", "Fiat", "500 Hybrid", "STANDARD", "DIRECT", "HYBRID"),
)
TARGETS = {1000: {"import_s": 0.5}, 10000: {"import_s": 3.0, "ratio": 5.0}}


def job_file(rows: int, partner_code: str) -> bytes:
    """N realistic rows: unique VINs and QNRs, every third one assigned to the partner."""
    chance = random.Random(11)
    vins: set[str] = set()
    lines = []
    for number in range(rows):
        vin = "".join(chance.choice(VIN_CHARS) for _ in range(17))
        while vin in vins:
            vin = "".join(chance.choice(VIN_CHARS) for _ in range(17))
        vins.add(vin)
        model_id, brand, model, variant, lock, fuel = CARS[number % len(CARS)]
        day = date(2026, 12, 1) + timedelta(days=number % 60)
        lines.append(
            {
                "license_plate": f"B-{chance.choice(LETTERS)}{chance.choice(LETTERS)} {number + 1}",
                "vin": vin,
                "custom_name": f"{model} {number + 1} – Berlin, Kreuzberg",
                "vehicle_model_id": model_id,
                "installation_variant": variant,
                "central_lock_connection_type": lock,
                "fuel_type": fuel,
                "instructions": f"Parking level {number % 4}, bay {number % 90 + 1}.\n"
                "Key at the front desk, ask for the fleet lead.",
                "assigned_installer_company_id": partner_code if number % 3 == 0 else "",
                "job_type": "installation",
                "qnr": f"{0x0030000000000000 + number:016X}",
                "brand": brand,
                "model": model,
                "service_date": day.isoformat(),
                "access_from": f"{day.isoformat()}T08:00",
                "access_until": f"{day.isoformat()}T18:00",
                "year": str(2019 + number % 6),
            }
        )
    return write_job_file(lines)


async def seed(services: Services) -> tuple[Any, int, str, int]:
    """Bench Mobility's fleet Berlin, its manager, an accepted partner and a template."""
    async with services.uow() as uow:
        await provide_organization(uow, name="Bench Mobility", fleet_names=["Berlin"])
    async with services.uow() as uow:
        view = await create_manager(
            uow,
            services.passwords,
            organization_name="Bench Mobility",
            email="bench@fleetcrew.test",
            password=PASSWORD,
        )
    async with services.uow.read_only() as uow:
        organization = await uow.session.scalar(
            select(Organization.id).where(Organization.name == view.organization_name)
        )
    assert organization is not None
    fleet_id = view.fleets[0].id
    manager = Manager(view.id, organization, view.email, frozenset({fleet_id}))
    async with services.uow() as uow:
        link = await invite_partner(
            uow,
            manager,
            fleet_id=fleet_id,
            email="volt@partners.test",
            allow_override=False,
            links=services.links,
        )
    token = parse_start_payload(link.url.split("start=", 1)[1])[1]
    async with services.uow() as uow:
        accepted = await accept_invitation(
            uow, TelegramUser(810001, "Volt admin"), token=token, company_name="Volt Installers"
        )
    models = await vehicle_models(services.boxes)
    fields = clean_job_fields(
        {"instructions": "Fit the box behind the glovebox.", "configuration_preset": None},
        models=models,
        time_zone="Europe/Berlin",
        today=date(2026, 11, 27),
    )
    async with services.uow() as uow:
        template = await create_template(
            uow,
            manager,
            fleet_id=fleet_id,
            name="EV setup – standard",
            fields=fields,
            items=(ExtraItem("Sticker on the windscreen", ItemKind.PHOTO, required=True),),
        )
    return manager, fleet_id, accepted.partner_code, template.id


async def floor(url: str, rows: list[dict[str, Any]]) -> float:
    """Seconds to insert the rows by plain Core executemany, in one transaction, on a fresh copy."""
    engine = create_engine(url)
    try:
        await migrate(engine)
        at = rows[0]["created_at"]
        async with engine.begin() as connection:

            async def new_id(model: type[Any], **values: Any) -> int:
                result = await connection.execute(insert(model).values(**values))
                return int(result.inserted_primary_key[0])

            organization = await new_id(Organization, name="Bench", created_at=at)
            fleet = await new_id(Fleet, organization_id=organization, name="Berlin", created_at=at)
            partner = await new_id(ServicePartner, partner_code="BENCH", name="Volt", created_at=at)
            template = await new_id(
                Template,
                fleet_id=fleet,
                name="EV",
                job_type="INSTALLATION",
                created_at=at,
                updated_at=at,
            )
            manager = await new_id(
                ManagerRow,
                organization_id=organization,
                email="b@x.test",
                password_hash="-",
                created_at=at,
            )
        copied = [
            row
            | {
                "fleet_id": fleet,
                "partner_id": partner if row["partner_id"] else None,
                "template_id": template if row["template_id"] else None,
                "created_by_id": manager if row["created_by_id"] else None,
            }
            for row in rows
        ]
        started = time.perf_counter()
        async with engine.begin() as connection:
            await connection.execute(insert(Job.__table__), copied)
        return time.perf_counter() - started
    finally:
        await engine.dispose()


async def measure(rows: int, var_dir: Path) -> dict[str, Any]:
    """import_s and floor_s for a file of rows jobs."""
    settings = load_settings(var_dir=var_dir / "import", csv_max_rows=max(rows, 1000))
    async with running_services(settings) as services:
        await migrate(services.uow.engine)
        manager, fleet_id, partner_code, template_id = await seed(services)
        data = job_file(rows, partner_code)
        models = await vehicle_models(services.boxes)
        options = ImportOptions(template_id=template_id)
        started = time.perf_counter()
        async with services.uow() as uow:
            result = await import_job_file(
                uow,
                manager,
                fleet_id=fleet_id,
                file_name="bench.csv",
                data=data,
                options=options,
                models=models,
                max_rows=settings.csv_max_rows,
            )
        import_s = time.perf_counter() - started
        assert result.rows == rows, result
        async with services.uow.read_only() as uow:
            table = Job.__table__
            written = [
                {key: value for key, value in row._mapping.items() if key != "id"}
                for row in await uow.session.execute(select(table).order_by(table.c.id))
            ]
    (var_dir / "floor").mkdir()
    floor_s = await floor(f"sqlite+aiosqlite:///{var_dir / 'floor' / 'floor.sqlite3'}", written)
    return {
        "rows": rows,
        "assigned": result.assigned,
        "bytes": len(data),
        "import_s": round(import_s, 4),
        "floor_s": round(floor_s, 4),
        "ratio": round(import_s / floor_s, 2),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Measure and print the figures, the last line one JSON object; returns them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as var_dir:
        figures = asyncio.run(measure(args.rows, Path(var_dir)))
    targets = TARGETS.get(args.rows, {})
    met = all(figures[name] <= limit for name, limit in targets.items()) if targets else None
    result = {"benchmark": "csv_import", **figures, "targets": targets, "met": met}
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
