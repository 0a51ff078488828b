"""Time comes from a clock that is handed in, so tests move time instead of sleeping.

The box SDK defines the clock and FleetCrew's services use the same kind: the simulated fleet
and the services can then share one clock, and a test that moves it moves both.
"""

from __future__ import annotations

from cloudboxx.clock import Clock, ManualClock, Sleep, SystemClock

__all__ = ["Clock", "ManualClock", "Sleep", "SystemClock"]
