"""Settings for the test suite: the production settings with fast, isolated parts."""

from __future__ import annotations

import os
import re
from pathlib import Path

# Under pytest-xdist (`make test` runs `pytest -n auto`) each worker process gets a var/ of its
# own, so that stored documents, exports, backups, audit digests and the local secret key of two
# workers never meet. It is set in the environment *before* the settings read it, so every path
# derived from it below follows, and so do the subprocesses a test starts (they inherit
# os.environ). A serial run (`-n 0`, or no xdist) keeps the usual var/.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if re.fullmatch(r"gw\d+", _worker):
    _base = Path(os.environ.get("JIHA_VAR_DIR") or Path(__file__).resolve().parents[2] / "var")
    if _base.name != f"test-{_worker}":  # idempotent when a subprocess imports this module
        # One clamd for all the workers, where a serial run looks for it (var/clamd/).
        os.environ.setdefault("JIHA_CLAMD_SOCKET", str(_base / "clamd" / "clamd.sock"))
        os.environ["JIHA_VAR_DIR"] = str(_base / f"test-{_worker}")

from jiha.config.settings import *  # noqa: E402, F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only, tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WHITENOISE_AUTOREFRESH = True
# Off: every test rolls its data back, so one data version could stand for different data in two
# tests; the page cache's own tests switch it on.
JIHA_PAGE_CACHE_SECONDS = 0
