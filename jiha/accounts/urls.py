from __future__ import annotations

from django.urls import path

from jiha.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisations/<int:pk>/", views.organisation_edit, name="organisation"),
    path("back-office/", views.back_office, name="back_office"),
]
