from django.urls import path

from minzheng.disability import views

app_name = "disability"

urlpatterns = [
    path("", views.application_list, name="application_list"),
    path("export.xlsx", views.application_export, name="application_export"),
    path("new/", views.application_new, name="application_new"),
    path("<int:pk>/", views.application_detail, name="application_detail"),
    path("<int:pk>/act/", views.application_act, name="application_act"),
    path("sweep/", views.sweep, name="sweep"),
    path("certificates/", views.certificate_list, name="certificate_list"),
    path("certificates/new/", views.certificate_new, name="certificate_new"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/regrade/", views.certificate_regrade, name="certificate_regrade"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
]
