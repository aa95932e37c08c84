"""Benchmarks of the site, run with `make bench` or `python -m bench [NAME ...]`.

Each benchmark is a module of this package listed in `bench.__main__.BENCHMARKS`
with a `run() -> dict` function (the figures, written to bench/results/<name>.json)
and an optional `summary(result) -> str` (a table printed after the run).
Shared machinery (servers in their own process group, wrk, temporary databases)
lives in `bench.common`. See bench/README.md.
"""
