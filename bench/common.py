"""Machinery the benchmarks share: processes in their own group, gunicorn, wrk, databases.

Everything here only ever talks to 127.0.0.1, and every process it starts is put in a
process group of its own that is killed whole, whatever happens to the benchmark.
"""

import contextlib
import ctypes
import datetime as dt
import http.client
import json
import os
import platform
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
MANAGE = str(ROOT / "manage.py")
WRK = shutil.which("wrk") or "/usr/bin/wrk"
WRK_SCRIPT = str(Path(__file__).resolve().parent / "wrk_report.lua")
LOCALHOST = "127.0.0.1"

# Settings read from the environment that must not leak from the caller's shell into a
# benchmark (it sets what it needs itself).
SCRUBBED_ENV = (
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_SECRET_KEY",
    "DJANGO_DEBUG",
    "DATABASE_URL",
    "DATABASE_CONN_MAX_AGE",
    "REDIS_URL",
    "PAGE_CACHE_SECONDS",
    "TASKS_BACKEND",
    "SERVE_MEDIA",
    "WHITENOISE_USE_FINDERS",
    "AWS_STORAGE_BUCKET_NAME",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "LOG_LEVEL",
    "EMAIL_URL",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
)


def clean_env(**overrides: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in SCRUBBED_ENV}
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def run_sqlite_child(name: str, *, timeout: float, pass_dir: bool = False, **env: str) -> dict:
    """`python -m bench.<name> --child` on a fresh SQLite file (config.settings, the database task
    queue) in a temporary directory, given as the last argument if `pass_dir`; the last JSON line it prints."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix=f"fao-bench-{name}-") as tmp:
        child_env = clean_env(
            DJANGO_SETTINGS_MODULE="config.settings",
            DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
            MEDIA_ROOT=f"{tmp}/media",
            TASKS_BACKEND="database",
            LOG_LEVEL="ERROR",
            **env,
        )
        cmd = [PY, "-m", f"bench.{name}", "--child", *([tmp] if pass_dir else [])]
        out = run(cmd, env=child_env, timeout=timeout, label=f"bench.{name}")
    return next(json.loads(line) for line in reversed(out.splitlines()) if line.startswith("{"))


# Processes ---------------------------------------------------------------------------------

_PR_SET_PDEATHSIG = 1


def _child_setup():
    """In the child, before exec: die (SIGTERM) if the benchmark itself dies, even by SIGKILL."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except Exception:  # not Linux: the try/finally in the parent is all there is
        pass


def spawn(cmd, *, env=None, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT) -> subprocess.Popen:
    """Start cmd in a new session (its own process group), tied to our life."""
    return subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=stderr,
        start_new_session=True,
        preexec_fn=_child_setup,
    )


def kill_group(proc: subprocess.Popen, *, grace: float = 10.0) -> None:
    """SIGTERM the whole process group of proc, then SIGKILL what is left after `grace` seconds."""
    try:
        pgid = os.getpgid(proc.pid)
    except ProcessLookupError:
        pgid = proc.pid  # the leader is gone; its group may still hold children
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        # The leader is gone: make sure no worker of its group lingers.
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    with contextlib.suppress(Exception):
        proc.wait(timeout=1)


def run(cmd, *, env=None, timeout: float, label: str | None = None) -> str:
    """Run cmd to the end (killed whole after `timeout` seconds); its output, or an error with its tail."""
    label = label or " ".join(map(str, cmd[:4]))
    proc = spawn(cmd, env=env)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc, grace=2)
        raise RuntimeError(f"{label}: still running after {timeout:.0f} s, killed") from None
    finally:
        if proc.poll() is None:
            kill_group(proc, grace=2)
    text = out.decode("utf-8", "replace") if out else ""
    if proc.returncode != 0:
        tail = "\n".join(text.splitlines()[-30:])
        raise RuntimeError(f"{label}: exit status {proc.returncode}\n{tail}")
    return text


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOCALHOST, 0))
        return sock.getsockname()[1]


# HTTP ---------------------------------------------------------------------------------------


def http_get(port: int, path: str, *, headers=None, timeout: float = 10.0):
    """One GET to 127.0.0.1:port, redirects not followed: (status, headers, body)."""
    conn = http.client.HTTPConnection(LOCALHOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": f"{LOCALHOST}:{port}", **(headers or {})})
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


@dataclass
class Server:
    port: int
    pgid: int  # the master started its own session: its pid is the group id
    cmd: list


@contextlib.contextmanager
def gunicorn(
    *,
    env: dict,
    workers: int,
    worker_class: str = "sync",
    threads: int = 1,
    log_path: Path,
    app: str = "config.wsgi",
    ready_path: str = "/healthz",
    ready_headers=None,
    startup_timeout: float = 60.0,
):
    """gunicorn on a free port of 127.0.0.1, in its own process group; yields a Server (port, pgid).

    The whole group is killed on the way out, whatever happened inside the block.
    """
    port = free_port()
    cmd = [PY, "-m", "gunicorn", app, "--bind", f"{LOCALHOST}:{port}", "--workers", str(workers)]
    cmd += ["--worker-class", worker_class, "--error-logfile", str(log_path), "--log-level", "error"]
    # No gunicornc control socket: its default path ($HOME/.gunicorn/gunicorn.ctl) is shared by
    # every gunicorn of the user, so benchmark servers would take it from each other.
    cmd += ["--graceful-timeout", "5", "--no-control-socket"]
    if worker_class == "gthread":
        cmd += ["--threads", str(threads)]
    with open(log_path, "ab") as log:
        proc = spawn(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with status {proc.returncode}:\n{tail(log_path)}")
            try:
                status, _, _ = http_get(port, ready_path, headers=ready_headers, timeout=5)
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn not ready after {startup_timeout:.0f} s:\n{tail(log_path)}")
            time.sleep(0.2)
        yield Server(port=port, pgid=proc.pid, cmd=cmd)
    finally:
        kill_group(proc)


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text("utf-8", "replace").splitlines()[-lines:])
    except OSError:
        return ""


# wrk ----------------------------------------------------------------------------------------


def wrk(url: str, *, threads: int, connections: int, duration: int, timeout_s: int = 5) -> dict:
    """Load url with wrk from its own process; the figures printed by wrk_report.lua."""
    if urlsplit(url).hostname != LOCALHOST:
        raise ValueError(f"benchmarks only ever load {LOCALHOST}, not {url}")
    cmd = [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", f"--timeout={timeout_s}s", "-s", WRK_SCRIPT, url]
    out = run(cmd, timeout=duration + 30, label=f"wrk {url}")
    for line in reversed(out.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"wrk printed no JSON line:\n{out}")


def wrk_version() -> str:
    try:
        out = subprocess.run([WRK, "-v"], capture_output=True, text=True, timeout=5)
        return (out.stdout or out.stderr).splitlines()[0].split(" Copyright")[0].strip()
    except (OSError, IndexError, subprocess.SubprocessError):
        return "missing"


# PostgreSQL ---------------------------------------------------------------------------------

PG_HOST, PG_PORT, PG_USER = LOCALHOST, 5432, "postgres"


def psql(sql: str, *, timeout: float = 60) -> str:
    if not shutil.which("psql"):
        raise RuntimeError("psql is not installed")
    env = clean_env(PGCONNECT_TIMEOUT="5")
    cmd = ["psql", "-h", PG_HOST, "-p", str(PG_PORT), "-U", PG_USER, "-d", "postgres", "-X", "-qAt"]
    cmd += ["-v", "ON_ERROR_STOP=1", "-c", sql]
    return run(cmd, env=env, timeout=timeout, label="psql").strip()


@contextlib.contextmanager
def postgres_database(name: str):
    """A fresh, empty database on 127.0.0.1:5432 (dropped first if left over); dropped afterwards. Yields its URL."""
    if not name.replace("_", "").isalnum():
        raise ValueError(name)
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        try:
            psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception as exc:  # report, but don't hide the benchmark's own error
            print(f"warning: could not drop database {name}: {exc}", file=sys.stderr)


def postgres_version() -> str:
    return psql("SHOW server_version")


# Machine ------------------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def version_of(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "missing"


def machine_info() -> dict:
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": cpu_model(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "nice": os.nice(0) if hasattr(os, "nice") else 0,
        "os": platform.platform(),
        "python": platform.python_version(),
        "gunicorn": version_of("gunicorn"),
        "django": version_of("django"),
        "wagtail": version_of("wagtail"),
        "wrk": wrk_version(),
    }


# CPU accounting -----------------------------------------------------------------------------
# On a small shared machine the figures mean little without knowing who else used the CPU
# meanwhile: CpuWindow says how many CPU-seconds the server's process group, the load
# generator (our waited-for children), PostgreSQL and everything else used during a measurement.

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _busy_seconds() -> float:
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(v) for v in fields]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    # guest time is already counted in user/nice
    return (sum(values[:8]) - idle) / _TICK


def _proc_ticks(pgid: int | None) -> dict:
    """{pid: (kind, CPU ticks so far)} of the server's group ("server") and every postgres process."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        comm, rest = stat.split(" (", 1)[1].rsplit(")", 1)
        fields = rest.split()
        # fields[0] is the state (field 3 of proc(5)): pgrp is field 5, utime 14, stime 15
        if pgid and int(fields[2]) == pgid:
            kind = "server"
        elif comm == "postgres":
            kind = "postgres"
        else:
            continue
        found[int(entry.name)] = (kind, int(fields[11]) + int(fields[12]))
    return found


def _ticks_delta(before: dict, after: dict, kind: str) -> float:
    """CPU-seconds used meanwhile by the processes of `kind` alive at the end (the time of
    processes that ended meanwhile is lost, and counts as "other")."""
    ticks = sum(t - before.get(pid, (kind, 0))[1] for pid, (k, t) in after.items() if k == kind)
    return max(ticks, 0) / _TICK


class CpuWindow:
    def __init__(self, server_pgid: int | None):
        self.pgid = server_pgid

    def __enter__(self):
        self.t0 = time.monotonic()
        self.busy0 = _busy_seconds()
        self.procs0 = _proc_ticks(self.pgid)
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.children0 = usage.ru_utime + usage.ru_stime
        return self

    def __exit__(self, *exc):
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.wall = time.monotonic() - self.t0
        self.busy = _busy_seconds() - self.busy0
        procs = _proc_ticks(self.pgid)
        self.server = _ticks_delta(self.procs0, procs, "server")
        self.db = _ticks_delta(self.procs0, procs, "postgres")
        self.loadgen = usage.ru_utime + usage.ru_stime - self.children0
        return False

    def report(self, requests: int) -> dict:
        other = max(self.busy - self.server - self.loadgen - self.db, 0.0)
        return {
            "wall_s": round(self.wall, 2),
            "cpus_busy": round(self.busy / self.wall, 2),
            "server_cpu_s": round(self.server, 2),
            "wrk_cpu_s": round(self.loadgen, 2),
            # every postgres process on the machine: ours, and any other client's
            "postgres_cpu_s": round(self.db, 2),
            "other_cpu_s": round(other, 2),
            "server_cpu_ms_per_request": round(1000 * self.server / requests, 3) if requests else None,
        }


def run_all(jobs: dict, *, timeout: float) -> dict:
    """Run several commands at once (each in its own group): {label: (cmd, env)} -> {label: output}.

    Any failure or the deadline kills every command still running, and raises.
    """
    procs, files, outputs = {}, {}, {}
    with contextlib.ExitStack() as stack:
        try:
            for label, (cmd, env) in jobs.items():
                files[label] = stack.enter_context(tempfile.TemporaryFile())
                procs[label] = spawn(cmd, env=env, stdout=files[label])
            deadline = time.monotonic() + timeout
            pending = dict(procs)
            while pending:
                for label, proc in list(pending.items()):
                    if proc.poll() is None:
                        continue
                    del pending[label]
                    files[label].seek(0)
                    text = files[label].read().decode("utf-8", "replace")
                    if proc.returncode != 0:
                        tail_text = "\n".join(text.splitlines()[-30:])
                        raise RuntimeError(f"{label}: exit status {proc.returncode}\n{tail_text}")
                    outputs[label] = text
                if pending and time.monotonic() > deadline:
                    raise RuntimeError(f"{', '.join(pending)}: still running after {timeout:.0f} s, killed")
                time.sleep(0.2)
            return outputs
        finally:
            for proc in procs.values():
                if proc.poll() is None:
                    kill_group(proc, grace=2)
