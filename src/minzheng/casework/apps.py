from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "minzheng.casework"
    label = "casework"
    verbose_name = "案件流转"

    def ready(self) -> None:
        from minzheng.casework.selectors import case_worklist_panel
        from minzheng.core.home import home_panel_register
        from minzheng.core.navigation import nav_register

        nav_register(section="平台", label="我的待办", url_name="casework:worklist", order=2)
        home_panel_register(
            order=5,
            template="casework/_home_panel.html",
            context=lambda user: case_worklist_panel(user=user),
        )
