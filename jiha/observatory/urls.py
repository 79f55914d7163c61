from __future__ import annotations

from django.urls import path

from jiha.observatory import report_views, views

app_name = "observatory"
urlpatterns = [
    path("datasets/", views.dataset_list, name="datasets"),
    path("datasets/new/", views.dataset_new, name="dataset_new"),
    path("datasets/<slug:slug>/", views.dataset_detail, name="dataset"),
    path("datasets/<slug:slug>/template.xlsx", views.dataset_template, name="template"),
    path("datasets/<slug:slug>/upload/", views.dataset_upload, name="upload"),
    path("datasets/<slug:slug>/download.<str:fmt>", views.download, name="download"),
    path("datasets/<slug:slug>/v<int:number>/", views.version_detail, name="version"),
    path("datasets/<slug:slug>/v<int:number>/publish/", views.version_publish, name="publish"),
    path("datasets/<slug:slug>/v<int:number>/withdraw/", views.version_withdraw, name="withdraw"),
    path("import-reports/<str:key>.csv", views.error_report, name="error_report"),
    path("import-jobs/<int:pk>/", views.import_job, name="import_job"),
    path("import-jobs/<int:pk>/errors.csv", views.import_job_errors, name="import_job_errors"),
    path("indicators/", views.indicator_list, name="indicators"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator"),
    path("offshoring/", views.offshoring_dashboard, name="offshoring"),
    path("reports/", report_views.report_list, name="reports"),
    path("reports/new/", report_views.report_new, name="report_new"),
    path("reports/template.xlsx", report_views.report_template, name="report_template"),
    path("reports/publish/", report_views.report_publish, name="report_publish"),
]
