from django.urls import path

from minzheng.policy import views

app_name = "policy"

urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("export.xlsx", views.document_export, name="document_export"),
    path("new/", views.document_new, name="document_new"),
    path("<int:pk>/", views.document_detail, name="document_detail"),
    path("<int:pk>/repeal/", views.document_repeal, name="document_repeal"),
    path("<int:pk>/parameters/", views.document_parameter_link, name="document_parameter_link"),
    path("parameters/<int:pk>/unlink/", views.parameter_unlink, name="parameter_unlink"),
]
