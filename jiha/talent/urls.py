from __future__ import annotations

from django.urls import path

from jiha.talent import views

app_name = "talent"
urlpatterns = [
    path("", views.index, name="index"),
    path("offers/", views.offers, name="offers"),
    path("programmes/", views.programmes, name="programmes"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("skills/extract/", views.extract, name="extract"),
    path("me/register/", views.register, name="register"),
    path("me/", views.profile, name="profile"),
    path("me/edit/", views.profile_edit, name="profile_edit"),
    path("me/path/", views.path, name="path"),
    path("me/consent/", views.consent, name="consent"),
    path("me/skills/", views.add_skills, name="add_skills"),
    path("me/data.json", views.my_data, name="my_data"),
    path("me/erase/", views.erase, name="erase"),
    path("me/contacts/<int:pk>/", views.contact_answer, name="contact_answer"),
    path("company/offers/", views.company_offers, name="company_offers"),
    path("company/offers/<int:pk>/shortlist/", views.shortlist, name="shortlist"),
    path("company/offers/<int:pk>/contact/", views.contact_request, name="contact_request"),
    path("provider/programmes/", views.provider_programmes, name="provider_programmes"),
    path("provider/programmes/<int:pk>/outcomes/", views.outcomes, name="outcomes"),
]
