"""The citizen's marriage and funeral services and the verification of a certificate (names in the ``portal``
namespace of the including module)."""

from django.urls import path

from minzheng.portal import views_civil as v

urlpatterns = [
    path("marriage/", v.marriage_booking, name="marriage_booking"),
    path("marriage/offices/<int:pk>/", v.marriage_office, name="marriage_office"),
    path("marriage/mine/", v.marriage_mine, name="marriage_mine"),
    path("marriage/mine/<int:pk>/", v.marriage_detail, name="marriage_detail"),
    path("marriage/mine/<int:pk>/cancel/", v.marriage_cancel, name="marriage_cancel"),
    path("qingming/", v.qingming, name="qingming"),
    path("qingming/cemeteries/<int:pk>/", v.qingming_cemetery, name="qingming_cemetery"),
    path("qingming/mine/", v.qingming_mine, name="qingming_mine"),
    path("qingming/mine/<int:pk>/", v.qingming_detail, name="qingming_detail"),
    path("qingming/mine/<int:pk>/cancel/", v.qingming_cancel, name="qingming_cancel"),
    path("proxy/", v.proxy_sweep, name="proxy_sweep"),
    path("proxy/new/", v.proxy_new, name="proxy_new"),
    path("proxy/<int:pk>/", v.proxy_detail, name="proxy_detail"),
    path("proxy/<int:pk>/photos/<int:photo>/", v.proxy_photo, name="proxy_photo"),
    path("memorials/", v.memorials, name="memorials"),
    path("memorials/<int:pk>/", v.memorial_page, name="memorial_page"),
    path("memorials/<int:pk>/message/", v.memorial_message, name="memorial_message"),
    path("verify/", v.verify, name="verify"),
]
