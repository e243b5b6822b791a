from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.cache import cache

from minzheng.reports import registry


class _Recording:
    """The cache as the registry sees it, noting the keys of the figures it stores (from any thread: the
    browser tests' live server computes figures too)."""

    def __init__(self, written: list[str]) -> None:
        self.written = written

    def set_many(self, data: dict[str, Any], *args: Any, **kwargs: Any) -> list[str]:
        self.written.extend(data)
        return cache.set_many(data, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(cache, name)


@pytest.fixture(autouse=True)
def _fresh_indicator_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The test database is rolled back after each test but the cache is not: each test reads and writes
    figures under keys of its own, and deletes the ones it wrote afterwards. The file cache is shared by
    every process on the machine (so no ``cache.clear()``) and culls a third of its entries at random
    beyond 300 (so no leaving them behind either)."""
    registry.indicator_cache_forget()
    written: list[str] = []
    monkeypatch.setattr(registry, "cache", _Recording(written))
    yield
    monkeypatch.undo()
    cache.delete_many(written)


@contextmanager
def seed_cache_recorded() -> Iterator[None]:
    """For a module-scoped fixture that seeds: the figures the seed caches are deleted when it is done, as
    ``_fresh_indicator_cache`` deletes a test's (the tests themselves read under keys of their own)."""
    registry.indicator_cache_forget()
    written: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(registry, "cache", _Recording(written))
        try:
            yield
        finally:
            cache.delete_many(written)


@pytest.fixture
def figure_uncomputed(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every figure of the seed now has its indicator; a report must still say plainly which it cannot compute
    (a deployment without one of the domains): the policy library's indicator is taken away. Returns the code."""
    code = "policy.assistance_documents_issued"
    monkeypatch.delitem(registry._indicators, code)
    return code
