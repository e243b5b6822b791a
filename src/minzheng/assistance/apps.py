from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    """Social assistance; what it adds to the platform is in ``assistance/contributions.py``."""

    name = "minzheng.assistance"
    label = "assistance"
    verbose_name = "社会救助"
