"""The ``minzheng`` command.

minzheng demo [--port 8000] [--reset] [--scale 0.01]   set up a demo on SQLite and serve it
minzheng serve [--bind 127.0.0.1:8000] [--workers N]    production server (gunicorn) on DATABASE_URL
minzheng worker                                         background job worker
minzheng manage <django command> …                      any Django management command
minzheng <command> …                                    domain commands: audit, seed, import, payroll, report, bench
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.config.settings")
    from django.core.management import execute_from_command_line

    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return
    refused = arguments_refusal(argv)
    if refused is not None:
        print(refused, file=sys.stderr)
        raise SystemExit(2)
    if argv[0] == "manage":
        execute_from_command_line(["minzheng manage", *argv[1:]])
        return
    execute_from_command_line(["minzheng", *argv])


def arguments_refusal(argv: list[str]) -> str | None:
    """The input boundary for the command line (core.inputs): an argument holding a control character
    other than tab or a line break (ESC, BEL …: they would reach the database, the audit log and the
    terminal) is refused, in Chinese, naming the argument."""
    from minzheng.core.inputs import text_refusal, visible

    for number, arg in enumerate(argv, start=1):
        refused = text_refusal(arg, label=f"第{number}个参数“{visible(arg, 40)}”", multiline=True, bidi=False)
        if refused is not None:
            return f"minzheng：{refused}"
    return None


if __name__ == "__main__":
    main()
