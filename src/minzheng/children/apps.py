from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    """Child welfare (儿童福利). What it adds to the platform (navigation, case types, the payroll sources of
    its two allowances, indicators, the seed step) is registered in ``contributions.py``."""

    name = "minzheng.children"
    label = "children"
    verbose_name = "儿童福利"
