import pytest

from minzheng.assistance.seeding import assistance_reference_load


@pytest.fixture
def reference(db):  # noqa: ANN001, ANN201
    """Programs, the demo standards (城市 610 / 农村 530 元 from 2020-01-01, raised to 650 / 570 from
    2021-07-01; 特困 care 100/300/600), the parameters and the CPI table — all 演示数据."""
    return assistance_reference_load()
