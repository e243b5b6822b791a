import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_indicator_cache() -> None:
    """The test database is rolled back after each test but the file cache is not: start clean."""
    cache.clear()
