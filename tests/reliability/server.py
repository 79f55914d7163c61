"""The web server of the reliability tests: the README's production recipe (gunicorn with
``jiha.config.gunicorn`` and production settings) on a port the OS gave, started in a process
group of its own so that SIGKILL takes the master and its worker at once (a lost machine, an
OOM kill), and writers that record what it acknowledged."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from typing import Any

import gunicorn

from tests.reliability.conftest import ROOT, Live

HOST = "jiha.reliability.test"
# A request through the reverse proxy: the production settings redirect plain HTTP.
PROXY_HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}


# gunicorn 25.1+ opens a control socket at one path per user ($HOME/.gunicorn/gunicorn.ctl):
# servers started side by side (pytest-xdist, another checkout) would take it from each other.
CONTROL_SOCKET_OFF = ["--no-control-socket"] if gunicorn.version_info >= (25, 1) else []


SESSION = f"""
import json, time
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

def session_headers(user, confirmed=False):
    client = Client()
    client.force_login(user)
    if confirmed:  # a staff session confirmed with TOTP just now (conftest.force_login_confirmed)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, generate_totp_secret())
        session = client.session
        session["account_authentication_methods_user"] = str(user.pk)
        session["account_authentication_methods"] = [
            {{"method": "mfa", "type": "totp", "at": time.time()}}
        ]
        session.save()
    csrf = _get_new_csrf_string()
    session_id = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {{
        "Cookie": f"{{settings.SESSION_COOKIE_NAME}}={{session_id}}; "
        f"{{settings.CSRF_COOKIE_NAME}}={{csrf}}",
        "X-CSRFToken": csrf,
        "Origin": "https://{HOST}",
        "Content-Type": "application/json",
    }}
"""
PRINT = "\nprint(json.dumps(answer))\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """gunicorn, one sync worker (``JIHA_SINGLE_PROCESS``: no Redis needed), restartable."""

    def __init__(self, live: Live) -> None:
        self.live = live
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.kills = 0
        self.starts: list[float] = []  # seconds from spawn to the first /healthz 200
        self.env = {
            **live.env,
            "JIHA_PRODUCTION": "1",
            # A web process, whatever the test process inherited: a test that ran the `jiha`
            # command in-process can leave JIHA_PROCESS_KIND=batch in os.environ, and gunicorn
            # then refuses the batch statement timeout (3600 s) as longer than its own.
            "JIHA_PROCESS_KIND": "web",
            "JIHA_SINGLE_PROCESS": "1",
            "JIHA_WEB_WORKERS": "1",
            "ALLOWED_HOSTS": HOST,
            "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
            "EMAIL_HOST": "smtp.reliability.invalid",
            "JIHA_TRUSTED_PROXY_COUNT": "1",
            "JIHA_BIND": f"127.0.0.1:{self.port}",
            "STATIC_ROOT": str(live.var / "static"),
            "MEDIA_ROOT": str(live.var / "media"),
            # A loaded machine may take a while to import everything on the first request.
            "GUNICORN_TIMEOUT": "120",
            # The administrators' sessions are confirmed once, before the writes: a long run
            # (JIHA_RELIABILITY_KILLS=10 on a loaded machine) outlasts the 5 minutes' default.
            "JIHA_REAUTHENTICATION_SECONDS": "3600",
        }

    def shell(self, code: str) -> Any:
        """``code`` in ``jiha shell`` under the server's settings (cookie names, keys); it
        defines ``answer``, returned here. ``session_headers(user, confirmed=False)`` gives the
        headers of a signed-in browser session (cookies, CSRF token, origin)."""
        output = self.live.command_env(self.env, "shell", "-c", SESSION + code + PRINT)
        return json.loads(output.strip().splitlines()[-1])

    def start(self, seconds: float = 120) -> None:
        log = (self.live.var / f"gunicorn-{uuid.uuid4().hex[:6]}.log").open("wb")
        began = time.monotonic()
        self.process = subprocess.Popen(  # noqa: S603 - our own command
            [
                sys.executable,
                "-m",
                "gunicorn",
                "jiha.config.wsgi",
                "--config",
                "python:jiha.config.gunicorn",
                *CONTROL_SOCKET_OFF,
            ],
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the kill takes the worker too
        )
        deadline = began + seconds
        while time.monotonic() < deadline:
            try:
                status, _body = request(self.port, "GET", "/healthz", timeout=5)
                if status == 200:
                    self.starts.append(time.monotonic() - began)
                    return
            except (OSError, http.client.HTTPException):
                pass
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited: see {log.name}")
            time.sleep(0.2)
        self.kill()
        raise AssertionError(f"gunicorn did not answer /healthz within {seconds} s: see {log.name}")

    def kill(self) -> None:
        """SIGKILL to the master and its worker at once: nothing runs any clean-up."""
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):  # it died already
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(30)
        self.kills += 1


def request(
    port: int,
    method: str,
    path: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(
            method, path, body=body or None, headers={**PROXY_HEADERS, **(headers or {})}
        )
        response = connection.getresponse()
        raw = response.read()
        try:
            return response.status, json.loads(raw or b"{}")
        except ValueError:
            return response.status, raw
    finally:
        connection.close()


class Writer(threading.Thread):
    """Repeats ``write`` until told to stop; counts the answers. A connection refused or cut
    (the server is down or was killed) is not an acknowledgement: it waits and tries again."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.stop = threading.Event()
        self.done = False  # nothing left to write
        self.statuses: Counter[int] = Counter()
        self.acknowledged = 0
        self.cut = 0  # requests in flight when the server was killed
        self.errors: list[str] = []
        self.last = ""

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
        status, answer = request(self.port, "POST", path, body, headers)
        self.statuses[status] += 1
        self.last = f"{status} {path}: {str(answer)[:300]}"
        if status >= 500:
            self.errors.append(f"{status} {path}: {str(answer)[:300]}")
        return status, answer

    def write(self) -> None:
        raise NotImplementedError

    def run(self) -> None:
        while not self.stop.is_set() and not self.done:
            try:
                self.write()
            except ConnectionRefusedError:  # the server is down
                time.sleep(0.05)
            except (OSError, http.client.HTTPException):  # cut by the kill while in flight
                self.cut += 1
                time.sleep(0.05)


def kill_during_writes(server: Server, writers: Sequence[Writer], kills: int) -> None:
    """Start the server and the writers; ``kills`` times, once a few writes were acknowledged
    since the (re)start, kill the server at a random moment and start it again; stop after a few
    more acknowledged writes."""

    def acknowledged() -> int:
        return sum(writer.acknowledged for writer in writers)

    def wait_for(count: int) -> None:
        target = acknowledged() + count
        deadline = time.monotonic() + 120
        while acknowledged() < target and not all(w.done for w in writers):
            assert time.monotonic() < deadline, [
                f"no acknowledged write within 120 s: {w.statuses}, last {w.last}" for w in writers
            ]
            assert not any(w.errors for w in writers), [w.errors for w in writers]
            time.sleep(0.05)

    stop = threading.Event()
    for writer in writers:
        writer.stop = stop
    server.start()
    for writer in writers:
        writer.start()
    try:
        for _ in range(kills):
            wait_for(2)
            assert not all(w.done for w in writers), "the writers ran out of work before the kills"
            time.sleep(secrets.randbelow(500) / 1000)  # when to kill, in the middle of writes
            server.kill()
            server.start()
        wait_for(2)
    finally:
        stop.set()
        for writer in writers:
            writer.join(60)
        server.kill()
