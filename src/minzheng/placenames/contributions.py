"""What place names add to the platform (discovered by ``core.contributions``): the naming case type, navigation,
indicators, the seed step."""

from __future__ import annotations

from minzheng.placenames import casetypes  # noqa: F401  (registers the naming case type)
