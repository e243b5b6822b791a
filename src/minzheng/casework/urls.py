from django.urls import path

from minzheng.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/act/", views.case_act, name="act"),
    path("<int:pk>/supervise/", views.case_supervise, name="supervise"),
    path("<int:pk>/extend/", views.case_extend, name="extend"),
]
