"""minzheng bench <name> [options]: run one registered benchmark and print its table."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minzheng.core.audit import acting_as
from minzheng.core.bench import bench_get, bench_names, bench_table


class Command(BaseCommand):
    help = "性能基准：按名称运行（如 minzheng bench registry），输出与同次测得的下限对比的表格"

    def add_arguments(self, parser: CommandParser) -> None:
        subparsers = parser.add_subparsers(dest="bench", metavar="名称", required=True)
        for name in bench_names():
            bench = bench_get(name)
            sub = subparsers.add_parser(name, help=bench.help)
            if bench.arguments is not None:
                bench.arguments(sub)

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            bench = bench_get(opts["bench"])
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        options = {k: v for k, v in opts.items() if k not in _DJANGO_OPTIONS and k != "bench"}
        started = time.perf_counter()
        with acting_as(None):
            rows = bench.run(echo=lambda text: self.stderr.write(text), **options)
        self.stdout.write(
            f"\nminzheng bench {bench.name}（共用时 {time.perf_counter() - started:,.0f} 秒）\n"
        )
        self.stdout.write(bench_table(rows))


_DJANGO_OPTIONS = {
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
}
