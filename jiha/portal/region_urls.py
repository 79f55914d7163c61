"""The region pages keep their addresses (/regions/, /regions/MA-03/) and their names
(``regions:list``, ``regions:detail``); the portal assembles them."""

from __future__ import annotations

from django.urls import path

from jiha.portal import regions

app_name = "regions"
urlpatterns = [
    path("", regions.region_list, name="list"),
    path("compare/", regions.region_compare, name="compare"),
    path("<str:code>/", regions.region_detail, name="detail"),
]
