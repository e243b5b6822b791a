from django.apps import AppConfig


class EldercareConfig(AppConfig):
    name = "minzheng.eldercare"
    label = "eldercare"
    verbose_name = "养老服务"

    def ready(self) -> None:
        from minzheng.eldercare import casetypes  # noqa: F401  (registers the 12349 case types)
        from minzheng.eldercare.wiring import wiring_register

        wiring_register()
