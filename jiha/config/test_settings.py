"""Settings for the test suite: the production settings with fast, isolated parts."""

from __future__ import annotations

from jiha.config.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only, tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WHITENOISE_AUTOREFRESH = True
# Off: every test rolls its data back, so one data version could stand for different data in two
# tests; the page cache's own tests switch it on.
JIHA_PAGE_CACHE_SECONDS = 0
