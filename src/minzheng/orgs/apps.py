from django.apps import AppConfig


class OrgsConfig(AppConfig):
    """社会组织与社会工作. What it adds to the platform (navigation, case types, indicators, the seed step) is
    registered in ``contributions.py``."""

    name = "minzheng.orgs"
    label = "orgs"
    verbose_name = "社会组织与社会工作"
