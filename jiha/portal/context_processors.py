from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

import jiha


def site(request: HttpRequest) -> dict[str, Any]:
    return {"JIHA_VERSION": jiha.__version__, "JIHA_PRODUCTION": settings.PRODUCTION}
