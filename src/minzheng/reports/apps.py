from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "minzheng.reports"
    label = "reports"
    verbose_name = "统计报表"

    def ready(self) -> None:
        from minzheng.core.bench import bench_register
        from minzheng.core.navigation import nav_register
        from minzheng.core.roles import Role
        from minzheng.core.seeding import seed_register
        from minzheng.reports.bench import report_bench, report_bench_arguments
        from minzheng.reports.catalogue import catalogue_register
        from minzheng.reports.registry import indicator_signals_connect
        from minzheng.reports.synthetic_year import synthetic_year_seed

        catalogue_register()
        indicator_signals_connect()
        leaders = (Role.CITY_MANAGER, Role.DISTRICT_REVIEWER, Role.TOWN_CASEWORKER, Role.COMMUNITY_WORKER,
                   Role.GRID_WORKER, Role.AUDITOR)  # fmt: skip
        nav_register(
            section="统计报表", label="综合看板", url_name="reports:dashboard_home", roles=leaders, order=1
        )
        nav_register(
            section="统计报表", label="指标表", url_name="reports:table_home", roles=leaders, order=2
        )
        nav_register(section="统计报表", label="年度总结", url_name="reports:annual", roles=leaders, order=3)
        # 85: after the domains' own steps (10–50), before the ledger's payroll history (90), which pays the
        # amounts this step calibrates.
        seed_register(order=85, label="年度业务（按种子文件总额）", run=synthetic_year_seed)
        bench_register(
            "report",
            report_bench,
            help="年度总结（海口全市规模，PostgreSQL）：冷缓存与热缓存用时，对比同次测得的裸SQL计数",
            arguments=report_bench_arguments,
        )
