"""The client's address, as the trusted reverse proxy saw it.

Behind the proxy the README asks for, ``REMOTE_ADDR`` is the proxy's own address: keying rate
limits on it would make one abuser lock everyone out. ``JIHA_TRUSTED_PROXY_COUNT`` (the number
of proxies in front of Jiha that append to ``X-Forwarded-For``) says which entry of that header
to believe; allauth reads the same number (``ALLAUTH_TRUSTED_PROXY_COUNT``), so login throttling
and Jiha's own limits key on the same address.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address to key per-client limits on (never empty).

    A request that reaches Jiha without going through the proxy chain (fewer
    ``X-Forwarded-For`` entries than trusted proxies) falls back to the socket address.
    """
    from allauth.account.adapter import get_adapter

    try:
        address = get_adapter(request).get_client_ip(request)
    except (ImproperlyConfigured, PermissionDenied):
        address = None
    return str(address or request.META.get("REMOTE_ADDR") or "unknown")
