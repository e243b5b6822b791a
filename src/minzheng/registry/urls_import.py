from django.urls import path

from minzheng.registry import views_import

app_name = "registry_import"
urlpatterns = [
    path("", views_import.import_home, name="home"),
    path("batches/<int:pk>/", views_import.import_batch, name="batch"),
    path("batches/<int:pk>/report.xlsx", views_import.import_report, name="report"),
    path("templates/<str:kind>.<str:fmt>", views_import.import_template, name="template"),
]
