"""The vehicle models the CloudBoxx gateway knows, asked for before a transaction opens.

Job data is checked against them (a model the gateway knows; a variant, lock connection, fuel
type and preset that model takes). The faces ask for them first, outside any unit of work, as
every box call is made: nothing waits on the gateway while a transaction is open.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta

from cloudboxx import BoxError, BoxGateway, Clock, VehicleModel
from core.errors import ServiceUnavailable

MAX_AGE = timedelta(minutes=1)


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


class ModelCatalogue:
    """The gateway's vehicle models by id, asked for at most once a minute.

    Every checklist step is built from the job's vehicle model, so the bot asks for the models
    on nearly every update; the gateway is asked again once the copy is older than max_age.
    When the gateway cannot be reached, the last copy serves (models change seldom); with no
    copy yet, ServiceUnavailable.
    """

    def __init__(self, boxes: BoxGateway, clock: Clock, *, max_age: timedelta = MAX_AGE) -> None:
        self._boxes = boxes
        self._clock = clock
        self._max_age = max_age
        self._models: dict[str, VehicleModel] | None = None
        self._fetched_at: datetime | None = None
        self._lock = asyncio.Lock()

    async def by_id(self) -> Mapping[str, VehicleModel]:
        """Every vehicle model the gateway knows, by id."""
        if self._fresh():
            assert self._models is not None
            return self._models
        async with self._lock:  # one question at a time; who waited gets its answer
            if self._fresh():
                assert self._models is not None
                return self._models
            try:
                models = await vehicle_models(self._boxes)
            except ServiceUnavailable:
                if self._models is not None:
                    return self._models
                raise
            self._models = {model.id: model for model in models}
            self._fetched_at = self._clock.now()
            return self._models

    def _fresh(self) -> bool:
        return self._fetched_at is not None and self._clock.now() - self._fetched_at < self._max_age
