"""Run the benchmarks: `python -m bench` runs them all, `python -m bench pages` just one.

Each name in BENCHMARKS is a module of this package with `run() -> dict` and, optionally,
`summary(result) -> str`. Its result goes to bench/results/<name>.json.
Add a benchmark by writing bench/<name>.py and adding <name> here.
"""

import argparse
import importlib
import json
import os
import signal
import sys
import time
import traceback
from pathlib import Path

BENCHMARKS = [
    "pages",
    "imports",
    "guest_list",
    "invitations",
    "logistics",
    "protocol",
    "checkin",
    # Next: "badges".
]

# BENCH_RESULTS_DIR sends experiments elsewhere, keeping bench/results for reference runs.
RESULTS_DIR = Path(os.environ.get("BENCH_RESULTS_DIR") or Path(__file__).resolve().parent / "results")


def write_result(name: str, result: dict) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def _terminate(signum, frame):
    # Turn SIGTERM/SIGHUP into an exception so every `finally` (servers, databases,
    # temporary directories) runs before we go.
    raise SystemExit(128 + signum)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"benchmarks to run (default: all of {BENCHMARKS})")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(BENCHMARKS))
        return 0
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")

    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    failed = []
    for name in args.names or BENCHMARKS:
        module = importlib.import_module(f"bench.{name}")
        print(f"=== bench {name} ===", flush=True)
        started = time.monotonic()
        try:
            result = module.run()
        except Exception:
            traceback.print_exc()
            failed.append(name)
            continue
        result.setdefault("benchmark", name)
        result.setdefault("elapsed_s", round(time.monotonic() - started, 1))
        path = write_result(name, result)
        if hasattr(module, "summary"):
            print(module.summary(result), flush=True)
        print(f"=== {name}: {result['elapsed_s']} s, results in {path} ===", flush=True)
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
