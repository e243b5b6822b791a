"""Shared pytest fixtures. The region tree is loaded once per session into the test database."""

from __future__ import annotations

import pytest

from minzheng.core.testing import Personas, personas_create, regions_ensure

# The rows every test may rely on (the region tree and what the migrations put in: programs, standards,
# categories …), kept once per session. A transactional test ends with a flush that empties every table; the
# flush emits post_migrate, and the receiver below puts these rows back at once. Without it a test that runs
# after a transactional one (any order: pytest-randomly shuffles, xdist deals modules out) would find no
# regions and no programs.
_BASE_ROWS: list[tuple[type, list]] = []
_RECREATED_BY_DJANGO = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


def _base_rows_keep() -> None:
    from django.apps import apps

    _BASE_ROWS.clear()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label_lower in _RECREATED_BY_DJANGO or model._meta.proxy:
            continue
        rows = list(model._base_manager.order_by("pk"))
        if rows:
            _BASE_ROWS.append((model, rows))


def _base_rows_restore(sender, using="default", **kwargs) -> None:  # noqa: ANN001
    from django.db import transaction

    if not _BASE_ROWS:
        return
    if _BASE_ROWS[0][0]._base_manager.using(using).exists():
        return  # not after a flush (e.g. a migrate): nothing to put back
    with transaction.atomic(using=using):  # foreign keys are checked at commit
        for model, rows in _BASE_ROWS:
            model._base_manager.using(using).bulk_create(rows, batch_size=500)


# A lock wait longer than this in a test is a bug (two connections of one process waiting on each other, a
# leaked transaction): on PostgreSQL it fails the test that waits, naming the statement, instead of hanging
# the run until CI's time limit. (pytest's faulthandler_timeout, in pyproject.toml, prints every thread's
# stack of a test that runs far longer than any should.)
TEST_LOCK_TIMEOUT = "120s"


def _lock_timeout_set(sender, connection, **kwargs) -> None:  # noqa: ANN001
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, false)", [TEST_LOCK_TIMEOUT])


def pytest_configure(config) -> None:  # noqa: ANN001
    from django.db.backends.signals import connection_created

    connection_created.connect(_lock_timeout_set, dispatch_uid="minzheng-tests-lock-timeout")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: ANN001
    from django.db.models.signals import post_migrate

    with django_db_blocker.unblock():
        regions_ensure()
        _base_rows_keep()
    post_migrate.connect(_base_rows_restore, dispatch_uid="minzheng-tests-base-rows")


@pytest.fixture
def personas(db) -> Personas:  # noqa: ANN001
    return personas_create()


@pytest.fixture(autouse=True)
def _isolated_var(tmp_path_factory, settings) -> None:  # noqa: ANN001
    """Caches and media files of one test run never touch the developer's ./var/."""
    base = tmp_path_factory.getbasetemp()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(base / "cache"),
        }
    }
    settings.MEDIA_ROOT = str(base / "media")
    # Full-strength PBKDF2 costs ~0.5 s per user; tests create many users. Production keeps the default.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- browser tests: Debian's chromium driven by Playwright (never a downloaded browser) -------------

_CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def chromium():  # noqa: ANN201
    import os
    import shutil

    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("MINZHENG_REQUIRE_BROWSER"):
            pytest.fail("浏览器测试需要 Debian 的 chromium（apt-get install chromium fonts-noto-cjk）")
        pytest.skip("chromium 未安装")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=_CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):  # noqa: ANN001, ANN201
    """A fresh browser tab that may only talk to the live test server: any other request fails the test."""
    from urllib.parse import urlsplit

    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    allowed = urlsplit(live_server.url).netloc
    outside: list[str] = []

    def guard(route, request) -> None:  # noqa: ANN001
        if urlsplit(request.url).netloc == allowed or request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    tab.base_url = live_server.url  # type: ignore[attr-defined]
    yield tab
    context.close()
    assert outside == [], f"页面请求了外部地址（不得使用 CDN）：{outside}"
