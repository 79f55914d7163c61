"""Load test: a mix of public pages, API calls, the simulator and a signed-in dossier flow against
a Jiha server on 127.0.0.1, with the floor (``/healthz`` on the same server) measured in the same
run, so the ratio holds on a shared machine.

Standard library only: one thread per client, each with its own keep-alive connection, each
sending its next request as soon as the previous answer is read (closed loop, no think time).
Requests are sent as the reverse proxy would (``Host``, ``X-Forwarded-Proto: https``,
``X-Forwarded-For``: one address per client, so per-client rate limits see clients).

    # the README's production recipe (gunicorn, production settings, collectstatic, Redis):
    .venv/bin/python bench/bench_load.py --serve --database postgres://postgres@127.0.0.1:5432/jiha_bench
    # against a server already running:
    .venv/bin/python bench/bench_load.py --base http://127.0.0.1:8001 --host jiha.example.org

``--clients`` (20) and ``--seconds`` (30) bound each phase; ``--phases floor,mix`` chooses them;
``--hold 200:300`` adds a phase of 200 clients for 300 s on the mix; with ``--think 1:3`` each of
them waits 1 to 3 s after every answer, as a user reading the page would (locust's
``between(1, 3)``); without it the hold is a closed loop, where by Little's law the latency is
at least clients / throughput (200 clients at 500 requests/s: 400 ms) whatever the server.
Exit status 1 when a phase had errors (any answer other than the one expected, or a connection
failure), or when ``--max-p95-ms`` is given and a mix phase's p95 is above it. ``--serve``
starts gunicorn (``jiha.config.gunicorn``, JIHA_WEB_WORKERS workers) after ``migrate``,
``load_reference`` and ``collectstatic``, and stops it at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "jiha.bench.test"

# (weight, method, path, body, expected status): 14 public pages and API calls, as the mix.
PUBLIC = [
    (8, "GET", "/", None, 200),
    (6, "GET", "/regions/", None, 200),
    (8, "GET", "/regions/MA-03/", None, 200),
    (4, "GET", "/en/regions/MA-01/", None, 200),
    (4, "GET", "/ar/regions/MA-06/", None, 200),
    (5, "GET", "/observatory/indicators/", None, 200),
    (5, "GET", "/observatory/datasets/", None, 200),
    (5, "GET", "/observatory/offshoring/", None, 200),
    (5, "GET", "/competitiveness/", None, 200),
    (4, "GET", "/incentives/simulator/", None, 200),
    (4, "GET", "/incentives/parameters/", None, 200),
    (4, "GET", "/programme/", None, 200),
    (6, "GET", "/api/regions", None, 200),
    (6, "GET", "/api/regions/MA-03", None, 200),
    (4, "GET", "/api/indicators", None, 200),
    (4, "GET", "/api/incentives/parameters", None, 200),
]
# A synthetic project (the test suite's, jiha/incentives/tests/test_simulator_api.py).
SIMULATION = {
    "location": {"region": "MA-03", "park": "fes_shore"},
    "activity": "BPO",
    "profit": 1_000_000,
    "employees": [
        {"profile": "bpo", "gross_annual_salary": 120000, "hire_date": "2025-09-01", "count": 10}
    ],
    "first_year": 2026,
    "last_year": 2027,
}
SIMULATOR = [(3, "POST", "/api/incentives/simulate", json.dumps(SIMULATION).encode(), 200)]
# Signed-in applicant: their dashboard and dossiers (never cached: personal data).
DOSSIER_FLOW = [
    (2, "GET", "/me/", None, 200),
    (2, "GET", "/incentives/dossiers/", None, 200),
]
FLOOR = [(1, "GET", "/healthz", None, 200)]


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    by_path: dict[str, list[float]] = field(default_factory=dict)


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


class Client(threading.Thread):
    def __init__(
        self,
        number: int,
        base: str,
        mix: list[tuple[int, str, str, bytes | None, int]],
        deadline: float,
        result: Result,
        lock: threading.Lock,
        session_cookie: str | None,
        think: tuple[float, float] | None = None,
    ) -> None:
        super().__init__(daemon=True)
        self.think = think
        parsed = urllib.parse.urlsplit(base)
        self.address = (parsed.hostname or "127.0.0.1", parsed.port or 80)
        self.mix = mix
        self.weights = [entry[0] for entry in mix]
        self.deadline = deadline
        self.result = result
        self.lock = lock
        self.random = random.Random(number)  # noqa: S311 - a workload, not a secret
        self.forwarded_for = f"10.{number // 250}.{number % 250}.7"
        self.session_cookie = session_cookie
        self.local: list[float] = []
        self.local_paths: dict[str, list[float]] = {}
        self.local_errors: dict[str, int] = {}

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(*self.address, timeout=30)

    def run(self) -> None:
        connection = self.connect()
        while time.monotonic() < self.deadline:
            _, method, path, body, expected = self.random.choices(self.mix, self.weights)[0]
            headers = {
                "Host": HOST,
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": self.forwarded_for,
                "Accept-Encoding": "gzip",
            }
            if body is not None:
                headers["Content-Type"] = "application/json"
            if self.session_cookie and path in {p for _, _, p, _, _ in DOSSIER_FLOW}:
                headers["Cookie"] = self.session_cookie
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                status = -1
                self.local_errors[f"{path}: {type(exc).__name__}"] = (
                    self.local_errors.get(f"{path}: {type(exc).__name__}", 0) + 1
                )
                connection.close()
                connection = self.connect()
                continue
            elapsed = time.perf_counter() - started
            if status != expected:
                key = f"{method} {path}: {status}"
                self.local_errors[key] = self.local_errors.get(key, 0) + 1
            self.local.append(elapsed)
            self.local_paths.setdefault(path, []).append(elapsed)
            if self.think is not None:  # a user reading the page before the next click
                pause = self.random.uniform(*self.think)
                time.sleep(max(0.0, min(pause, self.deadline - time.monotonic())))
        connection.close()
        with self.lock:
            self.result.latencies.extend(self.local)
            for path, values in self.local_paths.items():
                self.result.by_path.setdefault(path, []).extend(values)
            for key, count in self.local_errors.items():
                self.result.errors[key] = self.result.errors.get(key, 0) + count


def run_phase(
    name: str,
    base: str,
    mix: list[tuple[int, str, str, bytes | None, int]],
    clients: int,
    seconds: float,
    session_cookie: str | None,
    think: tuple[float, float] | None = None,
) -> dict[str, object]:
    result = Result()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    threads = [
        Client(number, base, mix, deadline, result, lock, session_cookie, think)
        for number in range(clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.monotonic() - started
    count = len(result.latencies) + sum(
        n for key, n in result.errors.items() if "Error" in key or "Exception" in key
    )
    summary: dict[str, object] = {
        "phase": name,
        "clients": clients,
        "think": f"{think[0]:g}-{think[1]:g} s" if think else "none",
        "seconds": round(elapsed, 1),
        "requests": count,
        "per_second": round(count / elapsed, 1),
        "p50_ms": round(percentile(result.latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(result.latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(result.latencies, 0.99) * 1000, 1),
        "errors": sum(result.errors.values()),
        "error_kinds": dict(sorted(result.errors.items())),
        "slowest_p50_ms": sorted(
            (
                (round(percentile(values, 0.5) * 1000, 1), path)
                for path, values in result.by_path.items()
            ),
            reverse=True,
        )[:3],
    }
    return summary


# --- The production server (the README's recipe, from this virtualenv) -----------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def production_env(database: str, redis: str, work: Path, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "JIHA_PRODUCTION": "1",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
            "EMAIL_HOST": "smtp.bench.invalid",
            "DATABASE_URL": database,
            "REDIS_URL": redis,
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
            "JIHA_VAR_DIR": str(work / "var"),
            "JIHA_TRUSTED_PROXY_COUNT": "1",
            "JIHA_BIND": f"127.0.0.1:{port}",
            # The mix sends more simulations per client than a person would.
            "JIHA_SIMULATE_RATE": os.environ.get("JIHA_SIMULATE_RATE", "100000/m"),
            "LOG_LEVEL": "WARNING",
            # A shared machine can take longer than 30 s to import everything on first request.
            "GUNICORN_TIMEOUT": os.environ.get("GUNICORN_TIMEOUT", "120"),
        }
    )
    return env


def applicant_session(env: dict[str, str]) -> str:
    """A signed-in session of a synthetic applicant, as the session cookie to send."""
    script = (
        "from django.contrib.auth import get_user_model\n"
        "from django.test import Client\n"
        "from django.conf import settings\n"
        "User = get_user_model()\n"
        "user, _ = User.objects.get_or_create(email='bench-applicant@example.test')\n"
        "client = Client()\n"
        "client.force_login(user)\n"
        "name = settings.SESSION_COOKIE_NAME\n"
        "print(name + '=' + client.cookies[name].value)\n"
    )
    output = subprocess.run(  # noqa: S603
        [str(BIN / "jiha"), "shell", "-c", script],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return output.strip().splitlines()[-1]


def serve(database: str, redis: str, work: Path) -> tuple[subprocess.Popen[bytes], str, str]:
    port = free_port()
    env = production_env(database, redis, work, port)
    commands = [["migrate"], ["load_reference"]]
    if not (work / "static" / "staticfiles.json").exists():
        commands.append(["collectstatic", "--noinput"])
    for command in commands:
        subprocess.run(  # noqa: S603
            [str(BIN / "jiha"), *command], env=env, check=True, capture_output=True
        )
    cookie = applicant_session(env)
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "jiha.config.wsgi", "--config", "python:jiha.config.gunicorn"],
        env=env,
        cwd=work,
        stdout=(work / "gunicorn.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request(
                "GET", "/healthz", headers={"Host": HOST, "X-Forwarded-Proto": "https"}
            )
            if connection.getresponse().status == 200:
                return server, base, cookie
        except OSError:
            pass
        if server.poll() is not None:
            raise SystemExit((work / "gunicorn.log").read_text())
        time.sleep(0.5)
    server.terminate()
    log = (work / "gunicorn.log").read_text()[-3000:]
    raise SystemExit(f"gunicorn did not answer /healthz within 60 s:\n{log}")


def main() -> int:
    global HOST
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="")
    parser.add_argument("--host", default="jiha.bench.test")
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/jiha_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--phases", default="floor,mix")
    parser.add_argument("--hold", default="", help="CLIENTS:SECONDS on the mix after the phases")
    parser.add_argument(
        "--think",
        default="",
        help="MIN:MAX seconds each client of the hold phase waits after an answer (users who "
        "read the page, as locust's between(MIN, MAX)); none by default (closed loop)",
    )
    parser.add_argument("--max-p95-ms", type=float, default=0)
    parser.add_argument("--cookie", default="", help="session cookie for the dossier flow")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--work", default=str(ROOT / "var" / "bench-load"))
    args = parser.parse_args()
    HOST = args.host

    server = None
    # Kept between runs: collectstatic (compressing every file) is the slow part of --serve.
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    cookie = args.cookie or None
    try:
        if args.serve:
            server, base, cookie = serve(args.database, args.redis, work)
        else:
            base = args.base or "http://127.0.0.1:8001"
        mix = PUBLIC + SIMULATOR + (DOSSIER_FLOW if cookie else [])
        phases = {"floor": FLOOR, "mix": mix}
        # Every worker imports its views on its first requests: not measured.
        run_phase("warm-up", base, mix, 6, 10, cookie)
        summaries = []
        for name in args.phases.split(","):
            summaries.append(
                run_phase(name, base, phases[name], args.clients, args.seconds, cookie)
            )
        if args.hold:
            clients, seconds = (float(part) for part in args.hold.split(":"))
            think = None
            if args.think:
                low, high = (float(part) for part in args.think.split(":"))
                think = (low, high)
            summaries.append(run_phase("hold", base, mix, int(clients), seconds, cookie, think))
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(30)

    floor = next((s for s in summaries if s["phase"] == "floor"), None)
    failed = False
    for summary in summaries:
        if floor is not None and summary is not floor:
            summary["of_floor"] = round(
                float(summary["per_second"]) / float(floor["per_second"]),
                2,  # type: ignore[arg-type]
            )
        if summary["errors"]:
            failed = True
        if args.max_p95_ms and summary["phase"] != "floor":
            failed = failed or float(summary["p95_ms"]) > args.max_p95_ms  # type: ignore[arg-type]
        if not args.json:
            print(
                f"{summary['phase']:5} {summary['clients']:>3} clients {summary['seconds']:>6} s "
                f"{summary['requests']:>7} requests {summary['per_second']:>7}/s "
                f"p50 {summary['p50_ms']} ms p95 {summary['p95_ms']} ms p99 {summary['p99_ms']} ms "
                f"errors {summary['errors']}"
                + (f" think {summary['think']}" if summary["think"] != "none" else "")
                + (f"  ({summary['of_floor']} of the floor)" if "of_floor" in summary else "")
            )
            print(f"      slowest (p50 ms, path): {summary['slowest_p50_ms']}")
            if summary["error_kinds"]:
                print(f"      errors: {summary['error_kinds']}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
