from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    """The ledger; what it adds to the platform is in ``benefits/contributions.py``."""

    name = "minzheng.benefits"
    label = "benefits"
    verbose_name = "待遇发放"
