"""gunicorn settings: ``gunicorn jiha.config.wsgi --config python:jiha.config.gunicorn``.

Three sync workers on 127.0.0.1:8001, behind the reverse proxy (JIHA_BIND and JIHA_WEB_WORKERS
change them). The master refuses to start with settings under which the workers would misbehave
(see ``configuration_problems``).
"""

from __future__ import annotations

import os
from typing import Any

from jiha.config.env import envint, envstr

bind = [envstr("JIHA_BIND", "127.0.0.1:8001")]
workers = envint("JIHA_WEB_WORKERS", 3)
# Longer than DB_STATEMENT_TIMEOUT: a slow statement must end as Jiha's own 503 page, not as
# gunicorn killing the worker in the middle of the request (the client would get a bare error).
timeout = envint("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
accesslog = "-"
# gunicorn 25.1+ opens a control socket at one path per user ($HOME/.gunicorn/gunicorn.ctl):
# two servers of the same user (a second site, the load bench beside the production smoke)
# would take it from each other. Jiha is run by its process manager, not by gunicornc.
control_socket_disable = True

# Caches whose counters live in one process: rate limits and login throttling kept there
# would be multiplied by the number of workers.
PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def configuration_problems(*, workers: int, timeout: int) -> list[str]:
    """What stops gunicorn running ``workers`` workers with ``timeout`` under Jiha's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiha.config.settings")
    from django.conf import settings

    problems = []
    if workers > 1 and settings.CACHES["default"]["BACKEND"] in PROCESS_LOCAL_CACHES:
        problems.append(
            f"{workers} workers need a shared cache for rate limits and login throttling: "
            "set REDIS_URL (or run one worker)."
        )
    statement = settings.DB_STATEMENT_TIMEOUT
    if timeout and statement and timeout <= statement:
        problems.append(
            f"GUNICORN_TIMEOUT ({timeout} s) must be longer than DB_STATEMENT_TIMEOUT "
            f"({statement} s), so that a slow statement ends as a clear 503 page."
        )
    return problems


def on_starting(server: Any) -> None:
    """gunicorn hook, in the master before any worker starts: refuse a bad configuration."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        problems = configuration_problems(workers=server.cfg.workers, timeout=server.cfg.timeout)
    except ImproperlyConfigured as exc:
        problems = [str(exc)]
    if problems:
        # gunicorn prints a RuntimeError raised here as "Error: …" and exits with status 1.
        raise RuntimeError("Jiha refuses to start: " + " ".join(problems))
