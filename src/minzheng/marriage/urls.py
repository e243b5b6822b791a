app_name = "marriage"

urlpatterns: list = []
