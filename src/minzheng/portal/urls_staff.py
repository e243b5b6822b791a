from django.urls import path

from minzheng.portal import views_staff

app_name = "portal_staff"

urlpatterns = [
    path("", views_staff.account_lookup, name="accounts"),
    path("<int:pk>/rebind/", views_staff.account_rebind, name="rebind"),
]
