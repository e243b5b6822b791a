from django.apps import AppConfig


class DatasetsConfig(AppConfig):
    """汇总报表: numbers reported per unit and period where a record per item is not worth keeping (DHIS2's
    aggregate data sets). What it adds to the platform (navigation, indicators, seed step) is registered in
    ``contributions.py``."""

    name = "minzheng.datasets"
    label = "datasets"
    verbose_name = "汇总报表"
