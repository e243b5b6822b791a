import pytest


@pytest.fixture(autouse=True)
def _fresh_intake_caches():
    """The Open311 intake keeps look-ups and the grid index per process; each test starts without them."""
    from minzheng.grid import open311
    from minzheng.grid.services.grids import grid_index_reset

    open311._lookups.clear()
    grid_index_reset()
    yield
    open311._lookups.clear()
    grid_index_reset()
