"""The test run's own schedule (conftest.py): with --dist loadscope the modules that mark tests slow are dealt
out to the xdist workers first, so that a few-test module seeding a whole demo is not the run's lone tail."""

from pathlib import Path

from minzheng.conftest import slow_modules_first

ROOT = Path(__file__).resolve().parents[4]


def test_modules_marked_slow_come_first_then_those_with_slow_tests_then_the_rest_in_their_order():
    # given xdist's queue as loadscope orders it (most tests first): quick modules before a slow one
    quick = ["src/minzheng/core/tests/test_money.py", "src/minzheng/core/tests/test_ids.py"]
    with_slow_tests = "src/minzheng/reports/tests/test_year.py"  # a test marked slow among others
    marked_slow = "src/minzheng/core/tests/test_demo.py"  # pytestmark: the whole module slow
    queue = [quick[0], with_slow_tests, quick[1], marked_slow, "src/minzheng/grid/tests/test_x.py::Class"]
    # when the run deals it out
    order = slow_modules_first(queue, str(ROOT))
    # then the module marked slow goes first, the one with slow tests next, the rest keep their order
    assert order == [
        marked_slow,
        with_slow_tests,
        quick[0],
        quick[1],
        "src/minzheng/grid/tests/test_x.py::Class",
    ]
