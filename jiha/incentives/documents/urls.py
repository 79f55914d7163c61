"""Included by ``jiha.incentives.urls`` (names in the ``incentives`` namespace)."""

from __future__ import annotations

from django.urls import path

from jiha.incentives.documents import views

urlpatterns = [
    path(
        "dossiers/<int:dossier_id>/documents/",
        views.dossier_documents,
        name="dossier_documents",
    ),
    path(
        "dossiers/<int:dossier_id>/documents/<slug:kind>/upload/",
        views.document_upload,
        name="document_upload",
    ),
    path(
        "documents/<int:version_id>/download/",
        views.document_download,
        name="document_download",
    ),
    path(
        "documents/<int:version_id>/rescan/",
        views.document_rescan,
        name="document_rescan",
    ),
    path("dossiers/<int:dossier_id>/letter/", views.letter_download, name="letter_download"),
    path("verify/", views.letter_verify, name="letter_verify_form"),
    path("verify/<str:code>/", views.letter_verify, name="letter_verify"),
    path("payments/", views.payment_batch_list, name="payment_batches"),
    path("payments/prepare/", views.payment_batch_prepare, name="payment_batch_prepare"),
    path("payments/<int:batch_id>/", views.payment_batch_detail, name="payment_batch"),
    path(
        "payments/<int:batch_id>/approve/",
        views.payment_batch_approve,
        name="payment_batch_approve",
    ),
    path("payments/<int:batch_id>/pay/", views.payment_batch_pay, name="payment_batch_pay"),
    path(
        "payments/<int:batch_id>/export.<str:fmt>",
        views.payment_batch_export,
        name="payment_batch_export",
    ),
]
