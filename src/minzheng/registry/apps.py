from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "minzheng.registry"
    label = "registry"
    verbose_name = "人房基础信息"

    def ready(self) -> None:
        from minzheng.core.navigation import nav_register  # noqa: F401
        from minzheng.core.seeding import seed_register  # noqa: F401

        # pages (persons, households, houses, duplicates)
        from minzheng.registry.views import nav_register_pages

        nav_register_pages()
        # bulk (import, synthetic data)
        from minzheng.core.roles import Perm
        from minzheng.registry.synthetic import synthetic_registry_seed

        seed_register(order=10, label="人房信息", run=synthetic_registry_seed)
        from minzheng.registry.indicators import registry_indicators_register

        registry_indicators_register()
        from minzheng.core.bench import bench_register
        from minzheng.registry.bench import registry_bench, registry_bench_arguments

        bench_register(
            "registry",
            registry_bench,
            help="人员导入对比裸COPY、内存、按身份证/姓名/拼音查询",
            arguments=registry_bench_arguments,
        )
        nav_register(
            section="人房信息",
            label="批量导入",
            url_name="registry_import:home",
            perm=Perm.EDIT_REGISTRY,
            order=50,
        )
