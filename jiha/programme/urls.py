from __future__ import annotations

from django.urls import path

from jiha.programme import views

app_name = "programme"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("regions/<str:code>/", views.region, name="region"),
    path("regions/<str:code>/initiatives/new/", views.initiative_new, name="initiative_new"),
    path("regions/<str:code>/factsheets/", views.factsheets_request, name="factsheets_request"),
    path(
        "regions/<str:code>/factsheet-<str:language>.pdf",
        views.factsheet_download,
        name="factsheet",
    ),
    path("initiatives/<int:pk>/", views.initiative, name="initiative"),
    path("initiatives/<int:pk>/edit/", views.initiative_edit, name="initiative_edit"),
    path("initiatives/<int:pk>/history/", views.history, name="history"),
    path("initiatives/<int:pk>/kpis/new/", views.kpi_new, name="kpi_new"),
    path("initiatives/<int:pk>/procedures/new/", views.procedure_new, name="procedure_new"),
    path("initiatives/<int:pk>/milestones/new/", views.milestone_new, name="milestone_new"),
    path("milestones/<int:pk>/done/", views.milestone_complete, name="milestone_complete"),
]
