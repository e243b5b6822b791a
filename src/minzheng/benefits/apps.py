from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "minzheng.benefits"
    label = "benefits"
    verbose_name = "待遇发放"

    def ready(self) -> None:
        from minzheng.benefits.registration import benefits_register

        benefits_register()
