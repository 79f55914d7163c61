from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from jiha.accounts.decorators import second_factor_links


def second_factor(request: HttpRequest) -> dict[str, Any]:
    """The banner shown on every page to a staff user whose session is not confirmed."""
    if not getattr(getattr(request, "user", None), "staff_powers_dormant", False):
        return {}
    return {"second_factor_banner": second_factor_links(request)}
