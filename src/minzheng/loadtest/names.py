"""Page names for the load statistics (no dependencies: imported by the locustfile and the tests)."""

from __future__ import annotations

import re

THINK_SECONDS = (
    1,
    4,
)  # a clerk's pause between two tasks (locust ``between``): shorter than the server keep-alive


def page_name(path: str) -> str:
    """/grid/events/1234/?page=2 → /grid/events/N/ (statistics by page, not by record)."""
    return re.sub(r"\d+", "N", path.split("?")[0])
