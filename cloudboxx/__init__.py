"""The CloudBoxx SDK: box types, the gateway protocol, an HTTP client and a simulator.

It imports nothing of FleetCrew; the CloudBoxx issue fills it.
"""
