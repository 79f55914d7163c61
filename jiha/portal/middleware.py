"""The one place an application error raised by a view becomes its answer."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from jiha.accounts.decorators import second_factor_required
from jiha.accounts.permissions import SecondFactorRequired, explain_refusal
from jiha.lib.errors import AppError
from jiha.lib.responses import error_response, is_api


class AppErrorMiddleware:
    """Turn an ``AppError`` a view lets through into the branded error page with its status
    and message (JSON under /api/). A refusal met by a staff user whose session is not
    confirmed says so, with the way to confirm it.

    Views therefore never catch ``AppError``; one that shows a refusal inside its form uses
    ``jiha.lib.forms.run_on_form``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, AppError):
            return None
        error = explain_refusal(getattr(request, "user", None), exception)
        if isinstance(error, SecondFactorRequired) and not is_api(request):
            return second_factor_required(request)
        return error_response(request, error)
