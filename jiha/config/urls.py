from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from jiha.config.api import api
from jiha.observatory.views import catalog_jsonld
from jiha.portal import health
from jiha.portal import views as portal_views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("api/", api.urls),
    path("catalog.jsonld", catalog_jsonld, name="catalog"),
    path("i18n/setlang/", portal_views.set_language, name="set_language"),
]
urlpatterns += i18n_patterns(
    path("", include("jiha.portal.urls")),
    path("regions/", include("jiha.portal.region_urls")),
    path("incentives/", include("jiha.incentives.urls")),
    path("observatory/", include("jiha.observatory.urls")),
    path("competitiveness/", include("jiha.competitiveness.urls")),
    path("reforms/", include("jiha.reforms.urls")),
    path("exports/", include("jiha.exports.urls")),
    path("programme/", include("jiha.programme.urls")),
    path("talent/", include("jiha.talent.urls")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("jiha.accounts.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler400 = "jiha.portal.views.bad_request"
handler403 = "jiha.portal.views.permission_denied"
handler404 = "jiha.portal.views.page_not_found"
handler500 = "jiha.portal.views.server_error"
