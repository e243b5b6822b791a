import pytest

from minzheng.assistance.seeding import assistance_reference_load


@pytest.fixture(scope="module")
def _reference_once(module_db):  # noqa: ANN001, ANN202
    """The reference data loaded once for a module, in the transaction around it (``module_db``): each test runs
    in a savepoint of it, so what a test changes is rolled back before the next. ~250 audited service calls
    (0.5 s on PostgreSQL): a module of a dozen tests loaded them a dozen times."""
    return assistance_reference_load()


@pytest.fixture
def reference(_reference_once, db):  # noqa: ANN001, ANN201
    """Programs, the demo standards (城市 610 / 农村 530 元 from 2020-01-01, raised to 650 / 570 from
    2021-07-01; 特困 care 100/300/600), the parameters and the CPI table — all 演示数据."""
    return _reference_once
