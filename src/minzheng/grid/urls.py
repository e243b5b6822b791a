from django.urls import path

from minzheng.grid.views import campaigns, clients, events, grids, maps, performance

app_name = "grid"
urlpatterns = [
    path("", events.home, name="home"),
    path("events/", events.event_list, name="event_list"),
    path("events/map/", maps.event_map, name="event_map"),
    path("events/map/points/", maps.event_map_points, name="event_map_points"),
    path("events/new/", events.event_new, name="event_new"),
    path("events/new/attributes/", events.event_attributes, name="event_attributes"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/act/", events.event_act, name="event_act"),
    path("events/<int:pk>/supervise/", events.event_supervise, name="event_supervise"),
    path("events/<int:pk>/photos/<int:attachment>/", events.event_photo, name="event_photo"),
    path("tasks/", events.department_tasks, name="department_tasks"),
    path("load/", events.load, name="load"),
    path("grids/", grids.grid_list, name="grid_list"),
    path("grids/<str:code>/", grids.grid_detail, name="grid_detail"),
    path("grids/<str:code>/assign/", grids.grid_assign, name="grid_assign"),
    path("workers/", grids.worker_list, name="worker_list"),
    path("workers/register/", grids.worker_register, name="worker_register"),
    path("workers/<int:pk>/", grids.worker_detail, name="worker_detail"),
    path("departments/", grids.department_list, name="department_list"),
    path("departments/<int:pk>/", grids.department_detail, name="department_detail"),
    path("categories/", grids.category_list, name="category_list"),
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/grids/<int:pk>/", campaigns.campaign_grid, name="campaign_grid"),
    path("observations/", campaigns.observation_list, name="observation_list"),
    path("observations/<int:pk>/", campaigns.observation_detail, name="observation_detail"),
    path("observations/<int:pk>/end/", campaigns.observation_end, name="observation_end"),
    path("performance/", performance.ranking, name="performance"),
    path("performance/export/", performance.ranking_export, name="performance_export"),
    path("performance/weights/", performance.weights, name="weights"),
    path("open311-clients/", clients.client_list, name="client_list"),
    path("open311-clients/<int:pk>/toggle/", clients.client_toggle, name="client_toggle"),
]
