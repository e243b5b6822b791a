"""Supervising child processes (the demo's server and worker); no Django here, so it runs before setup."""

from __future__ import annotations

import signal
import subprocess
import time


def children_run(
    commands: list[list[str]], *, env: dict[str, str] | None = None, grace: float = 10.0
) -> None:
    """Run ``commands`` side by side until one of them ends or this process gets SIGINT/SIGTERM/SIGHUP; then
    stop every one still running (TERM, then KILL after ``grace`` seconds). Nothing the demo started outlives it."""

    stopping: list[int] = []

    def stop(signum: int, frame: object) -> None:
        # only noted here, acted on by the loop: a signal that came while a child was being started (after its
        # fork, before Popen returned) must not leave that child unknown to the ``finally`` that stops them all
        stopping.append(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    procs: list[subprocess.Popen] = []
    try:
        for command in commands:
            if not stopping:
                procs.append(subprocess.Popen(command, env=env))
        while not stopping and all(proc.poll() is None for proc in procs):
            time.sleep(0.2)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
