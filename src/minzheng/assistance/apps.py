from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "minzheng.assistance"
    label = "assistance"
    verbose_name = "社会救助"

    def ready(self) -> None:
        from minzheng.assistance import casetypes  # noqa: F401  (registers the case types)
        from minzheng.assistance.registration import assistance_register

        assistance_register()
