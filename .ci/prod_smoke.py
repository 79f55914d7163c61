"""Requests a production deployment of Jiha as the reverse proxy would, and checks the answers.

Standard library only (it runs before and beside the application, not inside it). Usage:
    prod_smoke.py BASE_URL HOST
Every page in three languages, the API, the catalogue, the health check and a 404; every static
file the pages refer to (hashed names, and the source maps those files name). Exits 1 with the
list of failures.
"""

from __future__ import annotations

import re
import sys
import urllib.error
import urllib.request
from urllib.parse import urljoin

PAGES = [
    "/",
    "/regions/",
    "/regions/MA-03/",
    "/observatory/indicators/",
    "/observatory/datasets/",
    "/observatory/offshoring/",
    "/competitiveness/",
    "/competitiveness/advisor/",
    "/incentives/simulator/",
    "/incentives/parameters/",
]
# Addresses without a language prefix: asked for in each language with Accept-Language.
UNPREFIXED = ["/api/docs", "/api/openapi.json", "/catalog.jsonld", "/healthz"]
LANGUAGES = {"fr": "", "ar": "/ar", "en": "/en"}
HASHED = re.compile(r"\.[0-9a-f]{12}\.")
STATIC_REFERENCE = re.compile(r'(?:href|src)="(/static/[^"]+)"')
SOURCE_MAP = re.compile(r"sourceMappingURL=([^\s*]+)")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to check (an HTTPS redirect means the proxy header was ignored)."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Smoke:
    def __init__(self, base: str, host: str) -> None:
        self.base = base
        self.host = host
        self.opener = urllib.request.build_opener(NoRedirect)
        self.failures: list[str] = []
        self.checked_static: set[str] = set()
        self.requests = 0

    def get(self, path: str, language: str = "fr") -> tuple[int, str, dict[str, str]]:
        request = urllib.request.Request(  # noqa: S310 - our own server on 127.0.0.1
            self.base + path,
            headers={
                "Host": self.host,
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": "203.0.113.7",
                "Accept-Language": language,
            },
        )
        self.requests += 1
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace"), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace"), error.headers

    def expect(self, condition: bool, what: str) -> bool:
        if not condition:
            self.failures.append(what)
        return condition

    def page(self, path: str, language: str, status: int = 200) -> None:
        code, body, _ = self.get(path, language)
        if not self.expect(code == status, f"{path}: {code}, expected {status}"):
            return
        self.expect(f'<html lang="{language}"' in body, f"{path}: not in {language}")
        self.expect("Jiha" in body and "<main" in body, f"{path}: not the branded layout")
        references = STATIC_REFERENCE.findall(body)
        self.expect(bool(references), f"{path}: refers to no static file")
        for reference in references:
            self.static(reference, referrer=path)

    def static(self, path: str, referrer: str) -> None:
        if path in self.checked_static:
            return
        self.checked_static.add(path)
        self.expect(bool(HASHED.search(path)), f"{referrer}: {path} is not a hashed name")
        code, body, _ = self.get(path)
        if self.expect(code == 200, f"{referrer}: {path} answers {code}") and path.endswith(
            (".css", ".js")
        ):
            for target in SOURCE_MAP.findall(body):
                self.static(urljoin(path, target), referrer=path)

    def run(self) -> None:
        for language, prefix in LANGUAGES.items():
            for path in PAGES:
                self.page(prefix + path, language)
            self.page(f"{prefix}/no-such-page/", language, status=404)
            for path in UNPREFIXED:
                code, body, headers = self.get(path, language)
                self.expect(code == 200, f"{path} ({language}): {code}")
                for reference in STATIC_REFERENCE.findall(body):  # the API docs' scripts
                    self.static(reference, referrer=path)
            code, body, headers = self.get("/api/no-such-operation", language)
            self.expect(
                code == 404 and headers.get("Content-Type", "").startswith("application/json"),
                f"/api/no-such-operation ({language}): {code} {headers.get('Content-Type')}",
            )


def main() -> int:
    base, host = sys.argv[1], sys.argv[2]
    smoke = Smoke(base, host)
    smoke.run()
    print(f"{smoke.requests} requests, {len(smoke.checked_static)} static files checked")
    for failure in smoke.failures:
        print(f"FAILED {failure}", file=sys.stderr)
    return 1 if smoke.failures else 0


if __name__ == "__main__":
    sys.exit(main())
