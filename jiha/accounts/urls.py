from __future__ import annotations

from django.urls import path

from jiha.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisations/<int:pk>/", views.organisation_edit, name="organisation"),
    path("back-office/", views.back_office, name="back_office"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
