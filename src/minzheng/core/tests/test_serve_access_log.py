"""``minzheng serve`` keeps gunicorn's access log, written by a leaner logger: the same line, byte for byte."""

from __future__ import annotations

import base64
from datetime import timedelta
from pathlib import Path

from gunicorn.config import Config
from gunicorn.glogging import Logger

from minzheng.core.management.commands.serve import AccessLogger


class _Response:
    status = "201 Created"
    sent = 57
    headers = [("Content-Type", "application/json")]


class _Request:
    headers = [("HOST", "127.0.0.1:8000"), ("CONTENT-TYPE", "application/x-www-form-urlencoded")]


def _lines(logger_class: type, path: Path, environs: list[dict]) -> list[str]:
    cfg = Config()
    cfg.set("accesslog", str(path))
    log = logger_class(cfg)
    for environ in environs:
        log.access(_Response(), _Request(), environ, timedelta(milliseconds=4))
    return path.read_text().splitlines()


def test_the_lean_access_logger_writes_gunicorns_line(tmp_path):
    # given requests with quotes in the URI and the user agent, a channel key and a Basic user
    base = {
        "REMOTE_ADDR": "10.0.0.7", "REQUEST_METHOD": "POST", "RAW_URI": '/api/funeral/bookings?x="1"',
        "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_USER_AGENT": 'agent "quoted"', "HTTP_REFERER": "https://a.example/",
        "HTTP_AUTHORIZATION": "Channel secret",
    }  # fmt: skip
    basic = {**base, "HTTP_AUTHORIZATION": "Basic " + base64.b64encode(b"clerk:pw").decode()}
    # when both loggers log them, then the lines are the same (the timestamp aside, taken the same second)
    theirs = _lines(Logger, tmp_path / "gunicorn.log", [base, basic])
    ours = _lines(AccessLogger, tmp_path / "ours.log", [base, basic])

    def untimed(line: str) -> str:
        return line[: line.index("[")] + line[line.index("]") + 1 :]

    assert [untimed(x) for x in ours] == [untimed(x) for x in theirs]
    assert ours[1].startswith("10.0.0.7 - clerk [") and '\\"quoted\\"' in ours[0] and " 201 57 " in ours[0]


def test_serve_runs_gunicorn_with_the_access_log_and_the_lean_logger(monkeypatch):
    from django.core.management import call_command

    seen: list[list[str]] = []
    monkeypatch.setattr("os.execv", lambda exe, argv: seen.append(argv))
    call_command("serve", "--bind", "127.0.0.1:0")
    argv = seen[0]
    assert argv[argv.index("--access-logfile") + 1] == "-"
    assert argv[argv.index("--logger-class") + 1] == "minzheng.core.management.commands.serve.AccessLogger"
