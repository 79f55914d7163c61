"""Public pages and API answers kept in the cache under the data version, with conditional GETs.

Public pages change only when data is published (:mod:`jiha.portal.dataversion`). An anonymous
GET or HEAD is answered from the cache when the same address, language, host and scheme was
rendered at the current data version; the key holds that version, so a change that committed
gives new keys and nothing stale is ever served. ``If-None-Match`` / ``If-Modified-Since`` get a
304 without any body.

What is never stored (the view then runs every time, as before):

- anything for a signed-in user or a request with an ``Authorization`` header;
- answers other than 200, with ``Set-Cookie``, or whose ``Cache-Control`` says ``no-store``,
  ``private``, ``no-cache`` or ``max-age=0`` (``never_cache`` views; PrivateNoStoreMiddleware);
- a request carrying messages to show (the messages cookie) is never served from the cache.

Every page holds CSRF tokens (the language form): they are cut out when stored and a token for
the requester is put back each time the page is served, so the requester gets its own CSRF
cookie, as if the view had run. ``JIHA_PAGE_CACHE_SECONDS`` bounds how long an entry lives
(0 turns the cache off; pages showing the date then move on within that time).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from jiha.portal import dataversion

PREFIX = "jiha:page:"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
CSRF_SLOT = b"\x00jiha-csrf\x00"
REFUSED_CACHE_CONTROL = ("no-store", "private", "no-cache", "max-age=0")
# Headers set by middleware outside this one are not in the stored answer: they are set again.
KEPT_HEADERS = frozenset(
    {
        "content-type",
        "content-language",
        "content-disposition",
        "vary",
        "x-frame-options",
        "x-content-type-options",
        "referrer-policy",
        "cross-origin-opener-policy",
        "content-security-policy",
        "cache-control",
        "expires",
        "link",
    }
)


def cache_key(request: HttpRequest, version: int) -> str:
    language = getattr(request, "LANGUAGE_CODE", "") or ""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"{PREFIX}{version}:{language}:{digest}"


def cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META or CookieStorage.cookie_name in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def storable(response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.headers.get("Cache-Control", "").lower()
    return not any(word in control for word in REFUSED_CACHE_CONTROL)


class PublicPageCacheMiddleware:
    """See the module. After the authentication and messages middleware (it needs to know who
    asks and must see the messages cookie being set) and inside the CSRF middleware (which then
    sets the requester's cookie for the token put back)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        seconds = getattr(settings, "JIHA_PAGE_CACHE_SECONDS", 0)
        if seconds <= 0 or not cacheable_request(request):
            return self.get_response(request)
        cache = caches["default"]
        key = cache_key(request, dataversion.current())
        entry = cache.get(key)
        if entry is not None:
            request.jiha_page_cache = "hit"  # type: ignore[attr-defined]
            return self._serve(request, entry)
        response = self.get_response(request)
        # A HEAD answer has no body to store; a storable one is never streaming.
        if request.method == "GET" and isinstance(response, HttpResponse) and storable(response):
            entry = self._entry(response)
            cache.set(key, entry, seconds)
            request.jiha_page_cache = "stored"  # type: ignore[attr-defined]
            # The view ran for this request: its own answer goes out (with its own tokens).
            response.headers["ETag"] = entry["etag"]
            response.headers["Last-Modified"] = http_date(entry["modified"])
            return (
                get_conditional_response(
                    request, etag=entry["etag"], last_modified=entry["modified"], response=response
                )
                or response
            )
        return response

    @staticmethod
    def _entry(response: HttpResponse) -> dict[str, Any]:
        content: bytes = response.content
        for token in set(CSRF_INPUT.findall(content)):
            content = content.replace(token, CSRF_SLOT)
        headers = {k: v for k, v in response.headers.items() if k.lower() in KEPT_HEADERS}
        etag = 'W/"' + hashlib.sha256(content).hexdigest()[:32] + '"'
        return {"content": content, "headers": headers, "etag": etag, "modified": int(time.time())}

    @staticmethod
    def _serve(request: HttpRequest, entry: dict[str, Any]) -> HttpResponseBase:
        not_modified = get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["modified"]
        )
        if not_modified is not None:
            not_modified.headers["ETag"] = entry["etag"]
            return not_modified
        content: bytes = entry["content"]
        if CSRF_SLOT in content:
            content = content.replace(CSRF_SLOT, get_token(request).encode("ascii"))
        response = HttpResponse(content)
        for name, value in entry["headers"].items():
            response.headers[name] = value
        response.headers["ETag"] = entry["etag"]
        response.headers["Last-Modified"] = http_date(entry["modified"])
        return response
