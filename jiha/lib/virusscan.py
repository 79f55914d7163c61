"""Virus scanning through clamd (ClamAV's daemon), with the maintained ``clamav-client``.

Files are streamed to clamd (INSTREAM), so clamd needs no access to the private storage.
``JIHA_CLAMD_SOCKET`` (a unix socket; default ``var/clamd/clamd.sock``, where
``tools/clamd-local.sh`` starts one) or ``JIHA_CLAMD_TCP`` (``host:port``) says where it
listens. ``JIHA_VIRUS_SCAN=off`` switches scanning off: an administrator's explicit choice,
shown as a warning on every upload page. See docs/decisions/0011-virus-scanning-and-documents.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clamav_client.clamd import ClamdError, ClamdNetworkSocket, ClamdUnixSocket
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jiha.lib.errors import AppError

CLEAN = "clean"
INFECTED = "infected"


class ScannerUnavailable(AppError):
    """clamd did not answer (not running, timed out, refused the stream)."""

    status = 503
    code = "scanner_unavailable"


@dataclass(frozen=True, slots=True)
class Verdict:
    state: str  # CLEAN or INFECTED
    signature: str = ""


def scanning_enabled() -> bool:
    return bool(settings.JIHA_VIRUS_SCAN)


def _client(timeout: float | None = None) -> Any:
    wait = timeout if timeout is not None else settings.JIHA_CLAMD_TIMEOUT
    tcp = settings.JIHA_CLAMD_TCP
    if tcp:
        host, _sep, port = tcp.rpartition(":")
        return ClamdNetworkSocket(host=host or "127.0.0.1", port=int(port), timeout=wait)
    # typed as int, used as socket.settimeout(), which takes seconds as a float
    return ClamdUnixSocket(path=str(settings.JIHA_CLAMD_SOCKET), timeout=wait)  # type: ignore[arg-type]


def unavailable_message() -> Any:
    return _(
        "The virus scanner is not answering, so documents cannot be accepted right now. "
        "Nothing was stored. Try again in a few minutes; if it lasts, tell the administrator."
    )


def scanner_answers(timeout: float = 3.0) -> bool:
    """True when clamd answers PING within ``timeout`` seconds."""
    try:
        return bool(_client(timeout).ping() == "PONG")
    except (ClamdError, OSError):
        return False


def scan_file(path: Path, *, timeout: float | None = None) -> Verdict:
    """Stream ``path`` to clamd and return its verdict.

    Raises :class:`ScannerUnavailable` when clamd cannot be reached, does not answer within
    the timeout, or answers with an error (e.g. the file exceeds its stream limit).
    """
    try:
        with path.open("rb") as stream:
            results = _client(timeout).instream(stream)
    except (ClamdError, OSError) as exc:
        raise ScannerUnavailable(unavailable_message(), details=str(exc)) from exc
    status, signature = results.get("stream", ("ERROR", None))
    if status == "OK":
        return Verdict(CLEAN)
    if status == "FOUND":
        return Verdict(INFECTED, str(signature or ""))
    raise ScannerUnavailable(unavailable_message(), details=f"{status} {signature}")
