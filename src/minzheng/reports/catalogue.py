"""Which indicators exist. Each domain registers its own from its ``indicators.py`` (in its
AppConfig.ready()); reports registers the spine's (:mod:`minzheng.reports.spine`) and stand-ins for
figures a domain does not provide yet (:mod:`minzheng.reports.bridges`, replaced by the domain's own
indicator of the same code when it registers one)."""

from __future__ import annotations

from minzheng.reports.bridges import bridges_register
from minzheng.reports.spine import spine_indicators_register


def catalogue_register() -> None:
    spine_indicators_register()
    bridges_register()
