from django.urls import path

from minzheng.funeral import views

app_name = "funeral"

urlpatterns = [
    path("", views.death_list, name="death_list"),
    path("deaths/export.xlsx", views.death_export, name="death_export"),
    path("deaths/new/", views.death_new, name="death_new"),
    path("cremations/", views.cremation_list, name="cremation_list"),
    path("cremations/export.xlsx", views.cremation_export, name="cremation_export"),
    path("cremations/new/", views.cremation_new, name="cremation_new"),
    path("cremations/<int:pk>/", views.cremation_detail, name="cremation_detail"),
    path("cremations/<int:pk>/subsidy/", views.subsidy_grant, name="subsidy_grant"),
    path("cemeteries/", views.cemetery_list, name="cemetery_list"),
    path("cemeteries/<int:pk>/", views.cemetery_detail, name="cemetery_detail"),
    path("qingming/", views.qingming, name="qingming"),
    path("qingming/export.xlsx", views.qingming_export, name="qingming_export"),
    path("qingming/bookings/", views.booking_list, name="booking_list"),
    path("qingming/bookings/export.xlsx", views.booking_export, name="booking_export"),
    path("qingming/bookings/<int:pk>/", views.booking_detail, name="booking_detail"),
    path("qingming/bookings/<int:pk>/reschedule/", views.booking_reschedule, name="booking_reschedule"),
    path("qingming/bookings/<int:pk>/refuse/", views.booking_refuse, name="booking_refuse"),
    path("qingming/check-in/", views.check_in, name="check_in"),
    path("proxy/", views.proxy_list, name="proxy_list"),
    path("proxy/<int:pk>/done/", views.proxy_done, name="proxy_done"),
    path("messages/", views.message_list, name="message_list"),
    path("messages/<int:pk>/", views.message_moderate, name="message_moderate"),
]
