"""Addresses of the incentive procedure (in the ``incentives`` namespace)."""

from __future__ import annotations

from django.urls import path

from jiha.incentives.dossiers import views

urlpatterns = [
    path("schemes/", views.scheme_list, name="schemes"),
    path("schemes/<slug:code>/", views.scheme_detail, name="scheme"),
    path("dossiers/", views.dossier_list, name="dossiers"),
    path("dossiers/new/", views.dossier_create, name="dossier_create"),
    path("dossiers/<int:dossier_id>/", views.dossier_detail, name="dossier"),
    path("dossiers/<int:dossier_id>/edit/", views.dossier_edit, name="dossier_edit"),
    path("dossiers/<int:dossier_id>/submit/", views.dossier_submit, name="dossier_submit"),
    path("dossiers/<int:dossier_id>/withdraw/", views.dossier_withdraw, name="dossier_withdraw"),
    path("dossiers/<int:dossier_id>/answer/", views.dossier_answer, name="dossier_answer"),
    path("dossiers/<int:dossier_id>/messages/", views.dossier_message, name="dossier_message"),
    path("dossiers/<int:dossier_id>/opinion/", views.expert_opinion, name="expert_opinion"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/assign/", views.review_assign, name="review_assign"),
    path("review/<int:dossier_id>/", views.review_dossier, name="review_dossier"),
    path("review/<int:dossier_id>/correction/", views.review_correction, name="review_correction"),
    path("review/<int:dossier_id>/decide/", views.review_decide, name="review_decide"),
    path("review/<int:dossier_id>/approve/", views.review_approve, name="review_approve"),
    path("review/<int:dossier_id>/experts/", views.review_invite, name="review_invite"),
]
