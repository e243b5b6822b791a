from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "minzheng.registry"
    label = "registry"
    verbose_name = "人房基础信息"

    def ready(self) -> None:
        from minzheng.core.navigation import nav_register  # noqa: F401
        from minzheng.core.seeding import seed_register  # noqa: F401

        # pages (persons, households, houses, duplicates)
        # bulk (import, synthetic data)
