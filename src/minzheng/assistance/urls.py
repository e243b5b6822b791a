from django.urls import path

from minzheng.assistance.views import admin, applications, reviews

app_name = "assistance"
urlpatterns = [
    path("", applications.application_list, name="application_list"),
    path("apply/", applications.application_new, name="application_new"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/act/", applications.application_act, name="application_act"),
    path("applications/<int:pk>/extend/", applications.application_extend_view, name="application_extend"),
    path("cases/<int:case_pk>/", applications.application_by_case, name="application_by_case"),
    path("assessments/<int:pk>/facts/", applications.assessment_update, name="assessment_update"),
    path("assessments/<int:pk>/members/add/", applications.member_add, name="member_add"),
    path("assessments/<int:pk>/members/<int:member_pk>/", applications.member_update, name="member_update"),
    path("assessments/<int:pk>/incomes/add/", applications.income_add, name="income_add"),
    path(
        "assessments/<int:pk>/incomes/<int:income_pk>/delete/",
        applications.income_delete,
        name="income_delete",
    ),
    path("assessments/<int:pk>/assets/add/", applications.asset_add, name="asset_add"),
    path(
        "assessments/<int:pk>/assets/<int:asset_pk>/delete/", applications.asset_delete, name="asset_delete"
    ),
    path("reviews/", reviews.reviews_due, name="reviews_due"),
    path("reviews/plans/<int:plan_pk>/open/", reviews.review_open, name="review_open"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review_detail"),
    path("reviews/<int:pk>/propose/", reviews.review_propose, name="review_propose"),
    path("reviews/<int:pk>/confirm/", reviews.review_confirm, name="review_confirm"),
    path("reviews/<int:pk>/return/", reviews.review_return, name="review_return"),
    path("enrollments/<int:pk>/", reviews.enrollment_detail, name="enrollment_detail"),
    path("enrollments/<int:pk>/stop/", reviews.enrollment_stop, name="enrollment_stop"),
    path("enrollments/<int:pk>/change/", reviews.enrollment_change, name="enrollment_change"),
    path("reserve/", admin.reserve_list, name="reserve_list"),
    path("reserve/<int:pk>/", admin.reserve_detail, name="reserve_detail"),
    path("cpi/", admin.cpi_list, name="cpi_list"),
    path("parameters/", admin.parameter_list, name="parameter_list"),
    path("parameters/restandardize/", admin.restandardize, name="restandardize"),
    path("indicators/", admin.indicator_table, name="indicators"),
]
