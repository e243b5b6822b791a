"""申请救助, 我的申请, 我的救助金 (no app_name: the parent's ``portal`` namespace applies)."""

from django.urls import path

from minzheng.portal import views_apply as views

urlpatterns = [
    path("apply/", views.apply_start, name="apply"),
    path("apply/<uuid:key>/details/", views.apply_details, name="apply_details"),
    path("apply/<uuid:key>/members/", views.apply_members, name="apply_members"),
    path("apply/<uuid:key>/incomes/", views.apply_incomes, name="apply_incomes"),
    path("apply/<uuid:key>/documents/", views.apply_documents, name="apply_documents"),
    path("apply/<uuid:key>/check/", views.apply_check, name="apply_check"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/documents/", views.application_documents, name="application_documents"),
    path("payments/", views.payments, name="payments"),
]
