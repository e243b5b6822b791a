from django.urls import path

from minzheng.charity import views

app_name = "charity"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("public/", views.public_disclosure, name="public"),
    path("export.xlsx", views.campaign_export, name="campaign_export"),
    path("new/", views.campaign_new, name="campaign_new"),
    path("organisations/new/", views.organisation_new, name="organisation_new"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/donations/new/", views.donation_new, name="donation_new"),
    path("<int:pk>/donations.xlsx", views.donation_export, name="donation_export"),
    path("<int:pk>/distributions/new/", views.distribution_new, name="distribution_new"),
    path("<int:pk>/distributions.xlsx", views.distribution_export, name="distribution_export"),
]
