from django.urls import path

from minzheng.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard_home, name="dashboard_home"),
    path("dashboard/", views.dashboard_home),  # the address a clerk types: their own region's dashboard
    path("dashboard/<str:code>/", views.dashboard, name="dashboard"),
    path("dashboard/<str:code>/trend.json", views.dashboard_trend, name="dashboard_trend"),
    path("tables/", views.table_home, name="table_home"),
    path("tables/<str:code>/", views.table, name="table"),
    path("tables/<str:code>/export.xlsx", views.table_export, name="table_export"),
    path("annual/", views.annual, name="annual"),
    path("annual/template/", views.annual_template, name="annual_template"),
    path("annual/download.<str:fmt>", views.annual_download, name="annual_download"),
]
