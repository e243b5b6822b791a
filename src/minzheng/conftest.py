"""Shared pytest fixtures. The region tree is loaded once per session into the test database."""

from __future__ import annotations

import pytest

from minzheng.core.testing import Personas, personas_create, regions_ensure


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: ANN001
    with django_db_blocker.unblock():
        regions_ensure()


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
