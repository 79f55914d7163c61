from __future__ import annotations

from django.urls import path

from jiha.reforms import views

app_name = "reforms"
urlpatterns = [
    path("", views.reform_list, name="list"),
    path("<int:reform_id>/", views.reform_detail, name="detail"),
    path("<int:reform_id>/recompute/", views.reform_recompute, name="recompute"),
    path("<int:reform_id>/export.<str:fmt>", views.reform_export, name="export"),
]
