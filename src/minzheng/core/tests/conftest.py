"""The schemathesis run's summary (test_api_contract.py) at the end of the terminal report."""

from __future__ import annotations

import sys


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001
    contract = sys.modules.get("minzheng.core.tests.test_api_contract")
    for line in contract.summary() if contract is not None else ():
        terminalreporter.write_line(line)
