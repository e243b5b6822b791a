"""The public verification of community certificates (no login: ``/verify/`` is a public prefix)."""

from django.urls import path

from minzheng.community import views

app_name = "community_public"

urlpatterns = [path("<str:code>/", views.verify, name="verify")]
