from django.urls import path

from minzheng.benefits import views

app_name = "benefits"
urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("runs/new/", views.run_create, name="run_create"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/summary/", views.run_summary, name="run_summary"),
    path("runs/<int:pk>/compute/", views.run_compute, name="run_compute"),
    path("runs/<int:pk>/review/", views.run_review, name="run_review"),
    path("runs/<int:pk>/return/", views.run_return, name="run_return"),
    path("runs/<int:pk>/approve/", views.run_approve, name="run_approve"),
    path("runs/<int:pk>/export/", views.run_export, name="run_export"),
    path("runs/<int:pk>/bank-return/", views.run_import_return, name="run_import_return"),
    path("runs/<int:pk>/reissue/", views.run_reissue, name="run_reissue"),
    path("runs/<int:pk>/payments/", views.run_payments, name="run_payments"),
    path("standards/", views.standard_list, name="standard_list"),
    path("enrollments/<int:pk>/", views.enrollment_detail, name="enrollment_detail"),
]
