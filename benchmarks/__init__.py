"""Benchmarks: what an answer costs, measured against bare Bolt. Run with `python -m benchmarks.run`."""
