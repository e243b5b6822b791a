from django.urls import path

from minzheng.rescue import views

app_name = "rescue"

urlpatterns = [
    path("", views.intake_list, name="intake_list"),
    path("export.xlsx", views.intake_export, name="intake_export"),
    path("new/", views.intake_new, name="intake_new"),
    path("<int:pk>/", views.intake_detail, name="intake_detail"),
    path("<int:pk>/photo/", views.intake_photo, name="intake_photo"),
    path("<int:pk>/act/", views.intake_act, name="intake_act"),
    path("<int:pk>/notice/", views.intake_notice, name="intake_notice"),
    path("<int:pk>/identify/", views.intake_identify, name="intake_identify"),
    path("tracing/", views.tracing, name="tracing"),
    path("outreach/", views.outreach, name="outreach"),
    path("sessions/", views.session_list, name="session_list"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("visits/", views.visit_list, name="visit_list"),
]
