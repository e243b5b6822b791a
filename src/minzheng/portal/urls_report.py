"""随手拍 and 12349 help pages (in the ``portal`` namespace of portal/urls.py)."""

from django.urls import path

from minzheng.portal import views_report as views

urlpatterns = [
    path("report/new/", views.report_new, name="report_new"),
    path("report/new/where/", views.report_where, name="report_where"),
    path("report/new/nearby/", views.report_nearby, name="report_nearby"),
    path("report/new/details/", views.report_details, name="report_details"),
    path("report/support/", views.report_support, name="report_support"),
    path("reports/mine/", views.report_mine, name="report_mine"),
    path("reports/mine/<int:pk>/", views.report_mine_detail, name="report_mine_detail"),
    path("reports/photos/<str:token>", views.report_photo, name="report_photo"),
    path("reports/<slug:public_id>/", views.report_public, name="report_public"),
    path("help/", views.help_list, name="help_list"),
    path("help/new/", views.help_new, name="help_new"),
    path("help/<int:pk>/", views.help_detail, name="help_detail"),
]
