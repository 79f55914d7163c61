from __future__ import annotations

from django.urls import path

from jiha.competitiveness import advisor_views, views

app_name = "competitiveness"
urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("regions/<str:code>/", views.region_scorecard, name="scorecard"),
    path("weights/", views.weights, name="weights"),
    path("methodology/", views.methodology, name="methodology"),
    path("editions/<int:pk>/results.csv", views.download, name="download"),
    path("editions/<int:pk>/<str:part>.csv", views.download, name="download_part"),
    path("editions/build/", views.build, name="build"),
    path("advisor/", advisor_views.advisor, name="advisor"),
    path("advisor/report.pdf", advisor_views.advisor_pdf, name="advisor_pdf"),
]
