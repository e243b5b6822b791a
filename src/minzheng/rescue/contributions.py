"""What the rescue station adds to the platform (discovered by ``core.contributions`` at start-up): its case type."""

from __future__ import annotations

from minzheng.rescue import casetypes  # noqa: F401  (registers the rescue_intake case type)
