from django.urls import path

from minzheng.registry import views

app_name = "registry"
urlpatterns = [
    path("persons/", views.person_list, name="person_list"),
    path("persons/export.xlsx", views.person_export, name="person_export"),
    path("persons/new/", views.person_create, name="person_create"),
    path("persons/search", views.person_pick, name="person_search"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("persons/<int:pk>/status/", views.person_status, name="person_status"),
    path("persons/<int:pk>/move/", views.person_move, name="person_move"),
    path("persons/<int:pk>/reveal/<str:field>/", views.person_reveal, name="person_reveal"),
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:pk>/members/add/", views.household_member_add, name="household_member_add"),
    path(
        "households/<int:pk>/members/<int:person_pk>/remove/",
        views.household_member_remove,
        name="household_member_remove",
    ),
    path(
        "households/<int:pk>/members/<int:person_pk>/head/",
        views.household_set_head,
        name="household_set_head",
    ),
    path("houses/", views.house_list, name="house_list"),
    path("houses/new/", views.house_create, name="house_create"),
    path("houses/search", views.house_search, name="house_search"),
    path("houses/<int:pk>/", views.house_detail, name="house_detail"),
    path("houses/<int:pk>/edit/", views.house_edit, name="house_edit"),
    path("duplicates/", views.duplicate_list, name="duplicate_list"),
    path("duplicates/detect/", views.duplicate_detect, name="duplicate_detect"),
    path("duplicates/<int:pk>/merge/", views.duplicate_merge, name="duplicate_merge"),
    path("duplicates/<int:pk>/dismiss/", views.duplicate_dismiss, name="duplicate_dismiss"),
]
