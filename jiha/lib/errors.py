"""One application error type, turned into responses in exactly one place.

Services raise :class:`AppError` (or a subclass) with a stable machine-readable code, a message
for people (translated lazily so it follows the request's language) and an HTTP status.
``jiha.config.api`` maps it to JSON for the API; ``jiha.portal.views`` to pages.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class AppError(Exception):
    status = 400
    code = "bad_request"

    def __init__(
        self,
        message: Any = None,
        *,
        code: str | None = None,
        status: int | None = None,
        details: Any = None,
    ) -> None:
        self.message = message if message is not None else _("The request could not be processed.")
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.details = details
        super().__init__(str(self.message))

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": str(self.message)}
        if self.details is not None:
            body["details"] = self.details
        return body


class NotFound(AppError):
    status = 404
    code = "not_found"


class PermissionDenied(AppError):
    status = 403
    code = "permission_denied"


class InvalidInput(AppError):
    status = 422
    code = "invalid_input"


class ServiceUnavailable(AppError):
    """The database is locked, too slow or unreachable: the caller may try again shortly."""

    status = 503
    code = "database_unavailable"
