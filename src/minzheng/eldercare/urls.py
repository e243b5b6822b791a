from django.urls import path

from minzheng.eldercare import views

app_name = "eldercare"
urlpatterns = [
    path("", views.home, name="home"),
    path("institutions/", views.institution_list, name="institution_list"),
    path("institutions/new/", views.institution_new, name="institution_new"),
    path("institutions/<int:pk>/", views.institution_detail, name="institution_detail"),
    path("institutions/<int:pk>/beds/", views.institution_beds, name="institution_beds"),
    path("institutions/<int:pk>/rate/", views.institution_rate, name="institution_rate"),
    path("institutions/<int:pk>/operator/", views.institution_operator, name="institution_operator"),
    path("institutions/<int:pk>/residents/", views.resident_admit, name="resident_admit"),
    path(
        "institutions/<int:pk>/residents/<int:resident_pk>/discharge/",
        views.resident_discharge,
        name="resident_discharge",
    ),
    path("institutions/<int:pk>/staff/", views.staff_add, name="staff_add"),
    path("institutions/<int:pk>/trainings/", views.training_add, name="training_add"),
    path("help/", views.help_board, name="help_board"),
    path("help/board/", views.help_board_rows, name="help_board_rows"),
    path("help/new/", views.help_new, name="help_new"),
    path("help/<int:pk>/", views.help_detail, name="help_detail"),
    path("help/<int:pk>/act/", views.help_act, name="help_act"),
    path("meals/", views.meal_list, name="meal_list"),
    path("meals/<int:pk>/cancel/", views.meal_cancel, name="meal_cancel"),
    path("settlements/", views.settlement_list, name="settlement_list"),
    path("settlements/<int:pk>/", views.settlement_detail, name="settlement_detail"),
    path("settlements/<int:pk>/confirm/", views.settlement_confirm, name="settlement_confirm"),
    path("settlements/<int:pk>/statement.xlsx", views.settlement_export, name="settlement_export"),
    path("assessments/", views.assessment_list, name="assessment_list"),
    path("assessments/new/", views.assessment_new, name="assessment_new"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/new/", views.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("findings/<int:pk>/act/", views.finding_act, name="finding_act"),
    path("parameters/", views.parameters, name="parameters"),
]
