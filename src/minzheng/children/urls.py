from django.urls import path

from minzheng.children import views

app_name = "children"
urlpatterns = [
    path("", views.support_list, name="support_list"),
    path("new/", views.support_new, name="support_new"),
    path("end-aged/", views.supports_end_aged, name="supports_end_aged"),
    path("<int:pk>/", views.support_detail, name="support_detail"),
    path("<int:pk>/act/", views.support_act, name="support_act"),
    path("<int:pk>/end/", views.support_end, name="support_end"),
    path("workers/", views.worker_list, name="worker_list"),
    path("workers/new/", views.worker_new, name="worker_new"),
    path("workers/<int:pk>/leave/", views.worker_leave, name="worker_leave"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/new/", views.visit_new, name="visit_new"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/act/", views.visit_act, name="visit_act"),
    path("intakes/", views.intake_list, name="intake_list"),
    path("intakes/new/", views.intake_new, name="intake_new"),
    path("outreach/", views.outreach_list, name="outreach_list"),
    path("outreach/new/", views.outreach_new, name="outreach_new"),
]
