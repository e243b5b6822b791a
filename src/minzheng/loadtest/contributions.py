"""The load test's one contribution: the ``minzheng bench load`` command."""

from minzheng.core.bench import bench_register
from minzheng.loadtest.bench import load_bench, load_bench_arguments

bench_register(
    "load",
    load_bench,
    help="各角色用户混合负载（locust）：每页 p50/p95/p99、失败数、锁等待；可同时导入或计算工资单",
    arguments=load_bench_arguments,
)
