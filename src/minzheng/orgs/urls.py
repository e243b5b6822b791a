from django.urls import path

from minzheng.orgs import views

app_name = "orgs"

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("export.xlsx", views.organisation_export, name="organisation_export"),
    path("<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("<int:pk>/report/", views.organisation_report, name="organisation_report"),
    path("<int:pk>/penalty/", views.organisation_penalty, name="organisation_penalty"),
    path("<int:pk>/listing/", views.organisation_listing, name="organisation_listing"),
    path("<int:pk>/amend/", views.organisation_amend, name="organisation_amend"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/new/", views.application_new, name="application_new"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/act/", views.application_act, name="application_act"),
    path("applications/<int:pk>/uscc/", views.application_uscc, name="application_uscc"),
    path("overdue/", views.overdue, name="overdue"),
    path("overdue/export.xlsx", views.overdue_export, name="overdue_export"),
    path("overdue/sweep/", views.overdue_sweep, name="overdue_sweep"),
    path("listings/", views.listing_list, name="listing_list"),
    path("listings/<int:pk>/remove/", views.listing_remove, name="listing_remove"),
    path("filings/", views.filing_list, name="filing_list"),
    path("filings/new/", views.filing_new, name="filing_new"),
    path("workers/", views.worker_list, name="worker_list"),
    path("workers/export.xlsx", views.worker_export, name="worker_export"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/<int:pk>/evaluate/", views.project_evaluate, name="project_evaluate"),
]
