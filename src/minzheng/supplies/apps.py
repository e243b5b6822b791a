from django.apps import AppConfig


class SuppliesConfig(AppConfig):
    """物资台账: items, receipts, transfers down the region tree and issues to people or units, with a stock per
    item and region that never goes below zero. Registrations are in ``contributions.py``."""

    name = "minzheng.supplies"
    label = "supplies"
    verbose_name = "物资台账"
