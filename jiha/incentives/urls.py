from __future__ import annotations

from django.urls import path

from jiha.incentives import views
from jiha.incentives.dossiers.urls import urlpatterns as dossier_urlpatterns

app_name = "incentives"
urlpatterns = [
    path("simulator/", views.simulator, name="simulator"),
    path("parameters/", views.parameter_list, name="parameters"),
    path("parameters/<str:name>/", views.parameter_detail, name="parameter"),
    path("parameters/<str:name>/values/", views.parameter_add_value, name="parameter_add_value"),
]

# The incentive procedure (dossiers, review) keeps its addresses next to its views.
urlpatterns += dossier_urlpatterns
