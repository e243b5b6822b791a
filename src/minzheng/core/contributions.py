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
"""

from __future__ import annotations

from django.utils.module_loading import autodiscover_modules


def contributions_discover() -> None:
    """Import every installed app's ``contributions`` module (once; Django caches imports)."""
    autodiscover_modules("contributions")
