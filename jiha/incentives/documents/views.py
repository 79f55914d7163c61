"""Pages: a dossier's documents (upload, replace, download), its letter, the public
verification page, and the administrators' payment batches."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from jiha.accounts.decorators import recent_reauthentication_required, staff_required
from jiha.incentives.documents import payments, selectors, services
from jiha.lib import uploads
from jiha.lib.errors import AppError
from jiha.lib.responses import error_response


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (PDF, JPEG, PNG or XLSX)"))


class VerifyForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Verification code"), max_length=40)


def _download(path_key: str, name: str, content_type: str) -> FileResponse:
    response = FileResponse(
        uploads.open_stored(path_key),
        as_attachment=True,
        filename=name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_GET
def dossier_documents(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = selectors.dossier_visible(user=request.user, dossier_id=dossier_id)
    documents = selectors.dossier_documents(user=request.user, dossier=dossier)
    return render(
        request,
        "incentives/documents/dossier_documents.html",
        {"documents": documents, "form": UploadForm()},
    )


@login_required
@require_POST
def document_upload(request: HttpRequest, dossier_id: int, kind: str) -> HttpResponse:
    services.document_upload_gate(actor=request.user, dossier_id=dossier_id)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return error_response(
            request, AppError(_("Choose a file to send."), code="no_file", status=422)
        )
    version = services.document_upload(
        actor=request.user, dossier_id=dossier_id, kind=kind, upload=form.cleaned_data["file"]
    )
    if version.number > 1:
        messages.success(request, _("The document was replaced; its earlier versions are kept."))
    else:
        messages.success(request, _("The document was received."))
    return redirect("incentives:dossier_documents", dossier_id=dossier_id)


def version_response(user: Any, version_id: int) -> FileResponse:
    """The file of a version ``user`` may open (the page and the API answer with it)."""
    version = selectors.version_for_download(user=user, version_id=version_id)
    return _download(version.storage_key, version.name, version.content_type)


def letter_response(user: Any, dossier_id: int) -> FileResponse:
    letter = selectors.letter_for(user=user, dossier_id=dossier_id)
    reference = letter.decision.dossier.reference
    return _download(letter.storage_key, f"decision-{reference}.pdf", "application/pdf")


@login_required
@require_GET
def document_download(request: HttpRequest, version_id: int) -> HttpResponseBase:
    return version_response(request.user, version_id)


@staff_required
@require_POST
def document_rescan(request: HttpRequest, version_id: int) -> HttpResponse:
    version = services.document_rescan(actor=request.user, version_id=version_id)
    messages.success(request, _("The file will be scanned again."))
    return redirect("incentives:dossier_documents", dossier_id=version.document.dossier_id)


@login_required
@require_GET
def letter_download(request: HttpRequest, dossier_id: int) -> HttpResponseBase:
    return letter_response(request.user, dossier_id)


@require_GET
def letter_verify(request: HttpRequest, code: str = "") -> HttpResponse:
    """Public: confirms a letter from its code (reference, company, outcome, amount, date)."""
    code = code or request.GET.get("code", "")
    form = VerifyForm(initial={"code": code})
    result = selectors.letter_verify(code=code) if code else None
    status = 404 if code and result is None else 200
    context: dict[str, Any] = {"form": form, "code": code, "result": result}
    response = render(request, "incentives/documents/verify.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@staff_required
@require_GET
def payment_batch_list(request: HttpRequest) -> HttpResponse:
    context = {
        "batches": selectors.payment_batches(user=request.user),
        "payable": selectors.payable_dossiers(user=request.user),
    }
    return render(request, "incentives/documents/payment_batches.html", context)


@staff_required
@require_POST
def payment_batch_prepare(request: HttpRequest) -> HttpResponse:
    try:
        ids = [int(value) for value in request.POST.getlist("dossier")]
    except ValueError:
        ids = []
    batch = payments.payment_batch_prepare(actor=request.user, dossier_ids=ids)
    messages.success(request, _("Batch %(ref)s prepared.") % {"ref": batch.reference})
    return redirect("incentives:payment_batch", batch_id=batch.pk)


@staff_required
@require_GET
def payment_batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.payment_batch_get(user=request.user, batch_id=batch_id)
    items = batch.items.select_related("dossier__organisation", "dossier__scheme")
    return render(
        request,
        "incentives/documents/payment_batch.html",
        {"batch": batch, "items": items, "is_preparer": batch.prepared_by_id == request.user.pk},
    )


@staff_required
@require_POST
@recent_reauthentication_required
def payment_batch_approve(request: HttpRequest, batch_id: int) -> HttpResponse:
    payments.payment_batch_approve(actor=request.user, batch_id=batch_id)
    messages.success(request, _("The batch is approved for payment."))
    return redirect("incentives:payment_batch", batch_id=batch_id)


@staff_required
@require_POST
@recent_reauthentication_required
def payment_batch_pay(request: HttpRequest, batch_id: int) -> HttpResponse:
    payments.payment_batch_mark_paid(actor=request.user, batch_id=batch_id)
    messages.success(request, _("The batch is marked paid; its dossiers are paid."))
    return redirect("incentives:payment_batch", batch_id=batch_id)


@staff_required
@require_GET
def payment_batch_export(request: HttpRequest, batch_id: int, fmt: str) -> HttpResponse:
    return batch_export_response(request, batch_id, fmt)


def batch_export_response(request: HttpRequest, batch_id: int, fmt: str) -> HttpResponse:
    """The batch as CSV or XLSX (the page and the API answer with it)."""
    if fmt not in ("csv", "xlsx"):
        return error_response(request, AppError(_("Exports are CSV or XLSX."), status=404))
    batch = selectors.payment_batch_get(user=request.user, batch_id=batch_id)
    if fmt == "xlsx":
        body: Any = payments.payment_batch_xlsx(actor=request.user, batch=batch)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = payments.payment_batch_csv(actor=request.user, batch=batch).encode("utf-8")
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{batch.reference}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
