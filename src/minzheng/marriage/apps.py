from django.apps import AppConfig


class MarriageConfig(AppConfig):
    """婚姻登记. What it adds to the platform (navigation, the registrar's home panel and worklist, the person-page
    panel, indicators, the seed step, the demo registrar's office) is registered in ``contributions.py``."""

    name = "minzheng.marriage"
    label = "marriage"
    verbose_name = "婚姻登记"
