from django.urls import path

from minzheng.datasets import views

app_name = "datasets"

urlpatterns = [
    path("", views.data_set_list, name="list"),
    path("new/", views.data_set_new, name="new"),
    path("elements/", views.element_list, name="elements"),
    path("entry/", views.entry_home, name="entry_home"),
    path("approval/", views.approval_home, name="approval_home"),
    path("<int:pk>/", views.data_set_detail, name="detail"),
    path("<int:pk>/edit/", views.data_set_edit, name="edit"),
    path("<int:pk>/entry/", views.entry, name="entry"),
    path("<int:pk>/completeness/", views.completeness, name="completeness"),
    path("<int:pk>/completeness.xlsx", views.completeness_export, name="completeness_export"),
    path("<int:pk>/approval/", views.approval, name="approval"),
    path("<int:pk>/approval/act/", views.approval_act, name="approval_act"),
    path("<int:pk>/values.xlsx", views.values_export, name="values_export"),
]
