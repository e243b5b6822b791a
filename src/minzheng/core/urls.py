from django.contrib.auth import views as auth_views
from django.urls import path

from minzheng.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("regions/", views.region_home, name="region_home"),
    path("regions/search", views.region_search, name="region_search"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    path("regions/<str:code>/export.xlsx", views.region_export, name="region_export"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/verify/", views.audit_verify_start, name="audit_verify"),
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
]
