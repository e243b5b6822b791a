from django.apps import AppConfig


class GridConfig(AppConfig):
    name = "minzheng.grid"
    label = "grid"
    verbose_name = "网格化服务管理"

    def ready(self) -> None:
        from minzheng.grid import casetypes  # noqa: F401  (registers the grid_event case type)
        from minzheng.grid.registration import grid_register_all

        grid_register_all()
