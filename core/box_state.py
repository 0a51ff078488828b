"""A box's last known state for the manager who plans a maintenance job: online, heartbeat, lock.

Asked of the CloudBoxx gateway before any transaction opens, as every box call is. The gateway
names the fleet each box belongs to, by the fleet's name; a box of another fleet reads as
unknown. One FleetCrew serves one CloudBoxx account, whose fleets have distinct names: two
providers with a fleet of the same name on one account would see each other's boxes here, so
such a setup needs the gateway's own fleet identifier on each fleet (not built yet).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from cloudboxx import (
    BoxError,
    BoxGateway,
    CentralLockState,
    GatewayUnavailable,
    MalformedQnr,
    UnknownBox,
    parse_qnr,
)
from core.errors import InvalidInput, NotFound, ServiceUnavailable


@dataclass(frozen=True, slots=True)
class BoxStateView:
    """What the gateway last heard from a box, and the vehicle it is installed in."""

    qnr: str
    vehicle: str | None
    online: bool
    last_heartbeat: datetime | None
    central_lock: CentralLockState | None
    central_lock_at: datetime | None

    @property
    def installed(self) -> bool:
        """Whether the box is bound to a vehicle."""
        return self.vehicle is not None


async def box_state(boxes: BoxGateway, *, fleet_name: str, qnr: str) -> BoxStateView:
    """The last known state of the fleet's box with this QNR (InvalidInput, NotFound, …)."""
    try:
        qnr = parse_qnr(qnr)
    except MalformedQnr as error:
        raise InvalidInput(error.message) from None
    flow_id = f"box-state-{secrets.token_hex(6)}"
    unknown = NotFound(f"No CloudBoxx with the QNR {qnr} belongs to the fleet {fleet_name}.")
    try:
        box = await boxes.get_box(qnr, flow_id=flow_id)
        if box.fleet != fleet_name:
            raise unknown
        state = await boxes.read_state(qnr, flow_id=flow_id)
    except UnknownBox:
        raise unknown from None
    except GatewayUnavailable as error:
        raise ServiceUnavailable(
            f"The CloudBoxx service cannot be reached just now ({error.message}). "
            "Try again in a moment."
        ) from None
    except BoxError as error:
        raise ServiceUnavailable(f"The CloudBoxx service did not answer: {error.message}") from None
    lock = state.central_lock
    return BoxStateView(
        qnr=qnr,
        vehicle=box.vehicle.name if box.installed and box.vehicle else None,
        online=state.online.value,
        last_heartbeat=state.last_heartbeat,
        central_lock=lock.value if lock else None,
        central_lock_at=lock.timestamp if lock else None,
    )
