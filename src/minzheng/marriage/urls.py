from django.urls import path

from minzheng.marriage import views

app_name = "marriage"

urlpatterns = [
    path("", views.register_list, name="register_list"),
    path("export.xlsx", views.register_export, name="register_export"),
    path("register/", views.marriage_new, name="marriage_new"),
    path("<int:pk>/", views.registration_detail, name="registration_detail"),
    path("<int:pk>/certificate.pdf", views.registration_certificate, name="registration_certificate"),
    path("<int:pk>/reissue/", views.registration_reissue, name="registration_reissue"),
    path("<int:pk>/revoke/", views.registration_revoke, name="registration_revoke"),
    path("refusals/", views.refusal_list, name="refusal_list"),
    path("refusals/new/", views.refuse_new, name="refuse_new"),
    path("appointments/", views.appointment_list, name="appointment_list"),
    path("appointments/new/", views.appointment_new, name="appointment_new"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment_detail"),
    path("appointments/<int:pk>/refuse/", views.appointment_refuse, name="appointment_refuse"),
    path("appointments/<int:pk>/cancel/", views.appointment_cancel, name="appointment_cancel"),
    path("divorces/", views.divorce_list, name="divorce_list"),
    path("divorces/new/", views.divorce_new, name="divorce_new"),
    path("divorces/<int:pk>/", views.divorce_detail, name="divorce_detail"),
    path("divorces/<int:pk>/withdraw/", views.divorce_withdraw, name="divorce_withdraw"),
    path("divorces/<int:pk>/register/", views.divorce_register, name="divorce_register"),
    path("offices/", views.office_list, name="office_list"),
    path("verify/<str:token>/", views.verify, name="verify"),
]
