from django.apps import AppConfig


class CharityConfig(AppConfig):
    """慈善募捐: public fundraising campaigns, donations with their receipts, distributions and the public
    disclosure page. What it adds to the platform is registered in ``contributions.py``."""

    name = "minzheng.charity"
    label = "charity"
    verbose_name = "慈善募捐"
