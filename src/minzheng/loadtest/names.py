"""Page names and the login phase's figures for the load statistics (no dependencies: imported by the
locustfile, the bench and the tests without importing locust, which patches the process with gevent)."""

from __future__ import annotations

import json
import re
import time

THINK_SECONDS = (
    1,
    4,
)  # a clerk's pause between two tasks (locust ``between``): shorter than the server keep-alive


def page_name(path: str) -> str:
    """/grid/events/1234/?page=2 → /grid/events/N/ (statistics by page, not by record)."""
    return re.sub(r"\d+", "N", path.split("?")[0])


WARM_UP_SECONDS = 20  # after the last login, before the statistics restart (locustfile._settle)


def login_phase_write(
    stats, path: str, *, login_seconds: float | None = None, warm_up_seconds: float = 0
) -> None:
    """The login storm's own figures, kept before the reset wipes them: how long it took every user to log
    in, and the requests of that phase (all, and the password checks; with the warm-up after the last login
    when there is one) with their p50/p95/p99 in seconds."""
    if not path:
        return
    total = stats.total

    def figures(entry) -> dict[str, float | int]:
        return {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            **{
                key: (entry.get_response_time_percentile(q) or 0) / 1000
                for key, q in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))
            },
        }

    logins = [entry for (name, _method), entry in stats.entries.items() if name == "/login/ (POST)"]
    phase = {
        # from the first user's start to the last login
        "seconds": max(0.0, time.time() - total.start_time) if login_seconds is None else login_seconds,
        "warm_up": warm_up_seconds,
        "all": figures(total),
        "logins": figures(logins[0]) if logins else None,
    }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(phase, handle)
