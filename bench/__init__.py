"""Benchmarks: `python -m bench.NAME`, each printing one JSON line last."""
