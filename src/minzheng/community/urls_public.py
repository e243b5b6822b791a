app_name = "community_public"
urlpatterns: list = []
