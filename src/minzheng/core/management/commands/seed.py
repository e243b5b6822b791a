from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minzheng.core.audit import acting_as
from minzheng.core.seeding import seed_run


class Command(BaseCommand):
    help = "生成合成的海口数据（区划、网格及各业务域已注册的数据）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=0.01, help="1.0 为海口全市规模")
        parser.add_argument("--random-seed", type=int, default=2020)
        parser.add_argument("--year", type=int, default=None, help="生成该年度的业务活动")

    def handle(self, *args: Any, **opts: Any) -> None:
        if not 0 < opts["scale"] <= 4:
            raise CommandError("--scale 须在 0 到 4 之间")
        with acting_as(None):
            seed_run(
                scale=opts["scale"],
                random_seed=opts["random_seed"],
                year=opts["year"],
                echo=self.stdout.write,
            )
