"""What social organisations and social work add to the platform (discovered by ``core.contributions``): the
registration case types, navigation, indicators (figure 55), the seed step."""

from __future__ import annotations

from minzheng.orgs import casetypes  # noqa: F401  (registers the registration case types)
from minzheng.orgs.indicators import orgs_indicators_register

orgs_indicators_register()
