from django.apps import AppConfig


class RegistryConfig(AppConfig):
    """People, households and houses. Its navigation entries, seed step and bench command are registered
    by ``registry/contributions.py`` (discovered by core); ``ready()`` wires nothing."""

    name = "minzheng.registry"
    label = "registry"
    verbose_name = "人房基础信息"
