from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "minzheng.casework"
    label = "casework"
    verbose_name = "案件流转"

    def ready(self) -> None:
        from minzheng.core.navigation import nav_register

        nav_register(section="平台", label="我的待办", url_name="casework:worklist", order=2)
