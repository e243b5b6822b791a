"""How an app contributes to the spine: one module, ``<app>/contributions.py``, discovered at start-up the way
Django discovers ``admin.py``.

A contributions module registers, at import time and through the spine's own functions, everything the app adds
to the shared pieces:

- navigation entries — ``core.navigation.nav_register(section=…, label=…, url_name=…, capability=…)``
- home-page panels — ``core.home.home_panel_register(order=…, template=…, context=…, capability=…)``
- person-page panels — ``registry.panels.person_panel_register(…)``
- case types — ``casework.types.case_type_register`` (usually as a decorator in the app's ``casetypes.py``;
  importing that module from ``contributions.py`` registers them)
- payroll sources and programs — ``benefits`` registration functions
- indicators — ``reports.registry.indicator_register(…)`` (the only way figures reach dashboards and reports)
- seed steps — ``core.seeding.seed_register(order=…, label=…, run=…)``; bench commands — ``core.bench.bench_register``

Nothing else is wired in ``AppConfig.ready()``; a new domain app adds itself by having this one module.

Core's own contributions (its pages in the navigation, the audit and accounts panels of the home page) are
registered below the discovery function, in this module, rather than in a separate module imported from
``CoreConfig.ready()``: ``autodiscover_modules("contributions")`` imports ``minzheng.core.contributions`` like
every other app's, so core contributes through exactly the path it asks of the others, with nothing special in
its ``ready()``. The registrations run when the module is first imported, which is from ``CoreConfig.ready()``
(the app registry is ready by then, and core's entries come before any domain's); importing this module
earlier, e.g. from settings, is not supported.
"""

from __future__ import annotations

from django.utils.module_loading import autodiscover_modules


def contributions_discover() -> None:
    """Import every installed app's ``contributions`` module (once; Django caches imports)."""
    autodiscover_modules("contributions")


# --- core's own contributions -------------------------------------------------------------------------------


def _core_contributions() -> None:
    from minzheng.core.home import home_panel_register
    from minzheng.core.navigation import nav_register
    from minzheng.core.panels import accounts_panel, audit_panel
    from minzheng.core.roles import Perm

    home_panel_register(
        order=80, template="core/panels/audit.html", context=audit_panel, capability=Perm.VIEW_AUDIT
    )
    home_panel_register(
        order=80, template="core/panels/accounts.html", context=accounts_panel, capability=Perm.MANAGE_USERS
    )
    nav_register(section="平台", label="首页", url_name="core:home", order=0)
    nav_register(section="平台", label="区划与网格", url_name="core:region_home", order=1)
    nav_register(section="平台", label="后台任务", url_name="core:job_list", order=90)
    nav_register(
        section="平台", label="审计日志", url_name="core:audit_list", capability=Perm.VIEW_AUDIT, order=91
    )
    nav_register(
        section="平台", label="系统管理", url_name="admin:index", capability="system.admin", order=99
    )


_core_contributions()
