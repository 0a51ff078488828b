"""The vehicle models the CloudBoxx gateway knows, asked for before a transaction opens.

Job data is checked against them (a model the gateway knows; a variant, lock connection, fuel
type and preset that model takes). The faces ask for them first, outside any unit of work, as
every box call is made: nothing waits on the gateway while a transaction is open.
"""

from __future__ import annotations

import secrets

from cloudboxx import BoxError, BoxGateway, VehicleModel
from core.errors import ServiceUnavailable


async def vehicle_models(boxes: BoxGateway) -> list[VehicleModel]:
    """The gateway's vehicle models by brand and model, or ServiceUnavailable."""
    try:
        models = await boxes.list_vehicle_models(flow_id=f"models-{secrets.token_hex(6)}")
    except BoxError as error:
        raise ServiceUnavailable(
            f"The CloudBoxx service cannot be reached just now ({error}), so vehicle models "
            "cannot be checked. Try again in a moment."
        ) from None
    return sorted(models, key=lambda model: (model.brand, model.model))
