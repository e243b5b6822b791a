from django.urls import path

from minzheng.funeral import api

app_name = "funeral_api"

urlpatterns = [path("bookings", api.booking_post, name="booking_post")]
