from django.urls import include, path

from minzheng.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("logout/", views.logout, name="logout"),
    path("privacy/", views.privacy, name="privacy"),
    path("elder/", views.elder_toggle, name="elder"),
    path("me/", views.me, name="me"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.inbox_open, name="inbox_open"),
    path("", include("minzheng.portal.urls_report")),
    path("", include("minzheng.portal.urls_civil")),
    path("", include("minzheng.portal.urls_apply")),
]
