"""Persistence: the engine, the typed models, the unit of work and the migrations."""
