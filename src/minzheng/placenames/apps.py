from django.apps import AppConfig


class PlacenamesConfig(AppConfig):
    """区划地名. What it adds to the platform (navigation, the naming case type, indicators, seed step) is
    registered in ``contributions.py``."""

    name = "minzheng.placenames"
    label = "placenames"
    verbose_name = "区划地名"
