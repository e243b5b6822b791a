from django.urls import path

from minzheng.placenames import views

app_name = "placenames"

urlpatterns = [
    path("", views.name_list, name="name_list"),
    path("export.xlsx", views.name_export, name="name_export"),
    path("new/", views.name_new, name="name_new"),
    path("check/", views.name_check, name="name_check"),
    path("<int:pk>/", views.name_detail, name="name_detail"),
    path("<int:pk>/retire/", views.name_retire, name="name_retire"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/export.xlsx", views.application_export, name="application_export"),
    path("applications/new/", views.application_new, name="application_new"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/act/", views.application_act, name="application_act"),
    path("signs/", views.sign_list, name="sign_list"),
    path("signs/map/", views.sign_map, name="sign_map"),
    path("signs/points/", views.sign_points, name="sign_points"),
    path("signs/export.xlsx", views.sign_export, name="sign_export"),
    path("signs/new/", views.sign_new, name="sign_new"),
    path("signs/<int:pk>/", views.sign_detail, name="sign_detail"),
    path("signs/<int:pk>/inspect/", views.sign_inspect, name="sign_inspect"),
    path("signs/<int:pk>/report/", views.sign_report, name="sign_report"),
    path("markers/", views.marker_list, name="marker_list"),
    path("markers/points/", views.marker_points, name="marker_points"),
    path("markers/new/", views.marker_new, name="marker_new"),
    path("markers/<int:pk>/", views.marker_detail, name="marker_detail"),
    path("markers/<int:pk>/inspect/", views.marker_inspect, name="marker_inspect"),
    path("markers/<int:pk>/report/", views.marker_report, name="marker_report"),
    path("repairs/", views.repair_list, name="repair_list"),
    path("repairs/export.xlsx", views.repair_export, name="repair_export"),
    path("repairs/<int:pk>/complete/", views.repair_complete, name="repair_complete"),
    path("changes/", views.change_list, name="change_list"),
    path("changes/new/", views.change_new, name="change_new"),
]
