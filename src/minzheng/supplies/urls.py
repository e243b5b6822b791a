from django.urls import path

from minzheng.supplies import views

app_name = "supplies"

urlpatterns = [
    path("", views.stock_list, name="stock_list"),
    path("stock.xlsx", views.stock_export, name="stock_export"),
    path("movements/", views.movement_list, name="movement_list"),
    path("movements.xlsx", views.movement_export, name="movement_export"),
    path("items/", views.item_list, name="item_list"),
    path("items/new/", views.item_new, name="item_new"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("receive/", views.receive, name="receive"),
    path("transfer/", views.transfer, name="transfer"),
    path("issue/", views.issue, name="issue"),
]
