"""Shared pytest fixtures. The region tree is loaded once per session into the test database."""

from __future__ import annotations

import re

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
        return  # not after a flush that emptied them (a migrate, or a flush that kept them): nothing to put back
    with transaction.atomic(using=using):  # foreign keys are checked at commit
        for model, rows in _BASE_ROWS:
            model._base_manager.using(using).bulk_create(rows, batch_size=500)


# A lock wait longer than this in a test is a bug (two connections of one process waiting on each other, a
# leaked transaction): on PostgreSQL it fails the test that waits, naming the statement, instead of hanging
# the run until CI's time limit. Before that, a watchdog prints who waits for whom (each connection is named
# by its thread and the test that opened it). pytest's faulthandler_timeout (pyproject.toml) prints every
# thread's stack of a test that runs far longer than any should.
TEST_LOCK_TIMEOUT = "120s"
# Full-strength PBKDF2 costs ~0.5 s per user; tests create many users. Production keeps the default.
TEST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOCK_WAIT_REPORTED_AFTER = 45  # seconds
_CURRENT_TEST = ["(session start)"]
_STDERR: list[int] = []


def _connection_name(sender, connection, **kwargs) -> None:  # noqa: ANN001
    if connection.vendor == "postgresql":
        import threading

        name = f"{threading.current_thread().name}|{_CURRENT_TEST[0]}"[-63:]
        with connection.cursor() as cursor:
            # synchronous_commit off: a commit does not wait for its WAL to reach the disk (a test database
            # need not survive a crash of the server); a transactional test or a seed commits thousands of times
            cursor.execute(
                "SELECT set_config('lock_timeout', %s, false), set_config('application_name', %s, false),"
                " set_config('synchronous_commit', 'off', false)",
                [TEST_LOCK_TIMEOUT, name],
            )


# --- the flush after a transactional test, on PostgreSQL: what the test wrote, not the base rows --------------
# Django empties every table after a transactional test (TransactionTestCase, ``transactional_db``,
# ``live_server``) with one TRUNCATE of all ~190 tables, and the receiver above puts the base rows back: 3–5 s a
# test on an idle machine (10–15 s under CI's load), most of it the files PostgreSQL makes and drops for every
# table and index, and the foreign-key checks of ~1,000 regions deleted and inserted again. Here the flush leaves
# the base rows where they are when the test did not change them (each base table's fingerprint — count and hash
# of its rows — equals the one taken when the session started; contenttypes and permissions included) and
# DELETEs every other table's rows in one transaction: all foreign keys are DEFERRABLE INITIALLY DEFERRED, checked
# at its commit when nothing refers to a deleted row any more. A DELETE of an empty table costs next to nothing.
# When a test changed any base table, every table is emptied (the base rows are put back after, as before). The
# tables whose triggers refuse DELETE (the append-only audit tables) are truncated, as before, when they hold
# rows. Sequences are not reset (Django's flush does not either, unless ``reset_sequences``: Django's own TRUNCATE
# … RESTART IDENTITY then).
_PG_SQL_FLUSH: list = []
_BASE_PRINTS: dict[str, tuple] = {}  # base table -> its fingerprint at the session's start


def _table_prints(cursor, tables) -> dict[str, tuple]:  # noqa: ANN001
    prints = {}
    for table in sorted(tables):
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) FROM \"{table}\" t"
        )
        prints[table] = tuple(cursor.fetchone())
    return prints


def _base_prints_keep() -> None:
    from django.db import connection

    _BASE_PRINTS.clear()
    if connection.vendor != "postgresql":
        return
    tables = {model._meta.db_table for model, _ in _BASE_ROWS} | {"django_content_type", "auth_permission"}
    with connection.cursor() as cursor:
        _BASE_PRINTS.update(_table_prints(cursor, tables))


def _pg_sql_flush_by_delete(self, style, tables, *, reset_sequences=False, allow_cascade=False):  # noqa: ANN001, ANN202
    if not tables or reset_sequences or allow_cascade:
        return _PG_SQL_FLUSH[0](
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
    with self.connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE NOT t.tgisinternal AND c.relname = ANY(%s)",
            [list(tables)],
        )
        guarded = {row[0] for row in cursor.fetchall()}
        filled = []
        for table in sorted(guarded):
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {self.quote_name(table)})")
            if cursor.fetchone()[0]:
                filled.append(table)
        kept = set(_BASE_PRINTS) & set(tables)
        if not kept or _table_prints(cursor, kept) != {table: _BASE_PRINTS[table] for table in kept}:
            kept = set()
    sql = ["SET CONSTRAINTS ALL DEFERRED;"]
    sql += [f"DELETE FROM {self.quote_name(t)};" for t in tables if t not in guarded and t not in kept]
    if filled:
        sql.append(f"TRUNCATE {', '.join(self.quote_name(table) for table in filled)};")
    return sql


def _pg_flush_by_delete() -> None:
    from django.db.backends.postgresql.operations import DatabaseOperations

    if not _PG_SQL_FLUSH:
        _PG_SQL_FLUSH.append(DatabaseOperations.sql_flush)
        DatabaseOperations.sql_flush = _pg_sql_flush_by_delete


def pytest_configure(config) -> None:  # noqa: ANN001
    import os
    import sys

    from django.db.backends.signals import connection_created

    connection_created.connect(_connection_name, dispatch_uid="minzheng-tests-connection-name")
    _pg_flush_by_delete()
    _STDERR.append(
        os.dup(sys.stderr.fileno())
    )  # the real stderr, past pytest's capture (as faulthandler does)
    _template_build(config)


# --- one migrated template database per run, cloned by every xdist worker ---------------------------------
# Migrating costs a worker about a minute of CPU (Django renders the model states of ~85 migrations), more than
# most test modules. With xdist the controller migrates a template once — an SQLite file, or a PostgreSQL
# database ``<test name>_template`` — with the region tree loaded; each worker copies it (SQLite: into its
# in-memory test database through the backup API; PostgreSQL: CREATE DATABASE … TEMPLATE), and Django's migrate
# then finds nothing to apply. The template is made afresh for every run (an SQLite template is removed at its
# end, a PostgreSQL one when the next run starts: see _pg_test_database_kept): no state is carried from one run to
# the next (unlike --reuse-db).
TEMPLATE_ENV = "MINZHENG_TEST_TEMPLATE"
_TEMPLATE_MADE: list[tuple[str, str]] = []  # (vendor, file or database) made by this controller
_SQLITE_KEEPER: list = []  # the connection that keeps a worker's in-memory test database alive


def _pg_admin(settings_dict: dict):  # noqa: ANN202
    import psycopg

    params = {"dbname": "postgres", "user": settings_dict["USER"], "password": settings_dict["PASSWORD"]}
    params["host"] = settings_dict["HOST"] or None
    if settings_dict.get("PORT"):
        params["port"] = settings_dict["PORT"]
    return psycopg.connect(**params, autocommit=True)


def _template_build(config) -> None:  # noqa: ANN001
    """In the xdist controller: migrate the template once and name it to the workers (their environment)."""
    import os
    import subprocess
    import sys
    import tempfile

    from django.conf import settings

    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return
    if config.option.collectonly or os.environ.get(TEMPLATE_ENV):
        return
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db["ENGINE"] == "django.db.backends.sqlite3":
        path = os.path.join(tempfile.mkdtemp(prefix="minzheng-test-template-"), "template.sqlite3")
        env["DATABASE_URL"] = f"sqlite:///{path}"
        _TEMPLATE_MADE.append(("sqlite", path))
        name = path
    elif db["ENGINE"] == "django.db.backends.postgresql":
        name = f"{db.get('TEST', {}).get('NAME') or 'test_' + db['NAME']}_template"
        with _pg_admin(db) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        _TEMPLATE_MADE.append(("postgresql", name))
        port = f":{db['PORT']}" if db.get("PORT") else ""
        env["DATABASE_URL"] = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}{port}/{name}"
    else:
        return
    subprocess.run([sys.executable, "-m", "minzheng.core.tests.template"], env=env, check=True)
    os.environ[TEMPLATE_ENV] = name


def _template_drop() -> None:
    import os
    import shutil

    while _TEMPLATE_MADE:
        vendor, name = _TEMPLATE_MADE.pop()
        os.environ.pop(TEMPLATE_ENV, None)
        if vendor == "sqlite":
            shutil.rmtree(os.path.dirname(name), ignore_errors=True)
        # a PostgreSQL template stays until the next run drops it before migrating its own (see _pg_test_database_kept)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:  # noqa: ANN001
    """In an xdist worker of a run with a template (see _template_build): start the test database from it."""
    import os
    import sqlite3

    from django.conf import settings
    from django.db import connection

    name = os.environ.get(TEMPLATE_ENV)
    if not name:
        return
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.postgresql":
        db.setdefault("TEST", {})["TEMPLATE"] = name
    elif db["ENGINE"] == "django.db.backends.sqlite3" and not db.get("TEST", {}).get("NAME"):
        # Django's in-memory test database lives while one connection to it is open: this one, filled from the
        # template before Django opens it, so its migrate has nothing left to do
        keeper = sqlite3.connect(connection.creation._get_test_db_name(), uri=True, check_same_thread=False)
        with sqlite3.connect(f"file:{name}?mode=ro", uri=True) as source:
            source.backup(keeper)
        _SQLITE_KEEPER.append(keeper)


def pytest_unconfigure(config) -> None:  # noqa: ANN001
    _template_drop()


# --- slow modules first ------------------------------------------------------------------------------------
# With --dist loadscope xdist deals whole modules out, the modules with the most tests first. A module of three
# tests that seeds a whole demo (minutes of CPU) then comes last and runs alone on one worker while the others
# have finished: the run's tail. The controller has no test items to read markers from, so it reads the
# modules: those that mark a test ``slow`` are dealt first (a module marked slow as a whole before those with
# slow tests among quick ones), the rest after them as xdist orders them. The order of the tests inside every
# module, and of the modules within each of the two groups, stays pytest-randomly's.
_SLOW_MODULE = re.compile(r"^pytestmark\b.*\bslow\b", re.MULTILINE)
_SLOW_TEST = re.compile(r"\bmark\.slow\b")


def _module_weight(path: str, cache: dict[str, int]) -> int:
    """0: the module is marked slow; 1: some of its tests are; 2: none."""
    if path not in cache:
        try:
            with open(path, encoding="utf-8") as source:
                text = source.read()
        except OSError:
            text = ""
        cache[path] = 0 if _SLOW_MODULE.search(text) else 1 if _SLOW_TEST.search(text) else 2
    return cache[path]


def slow_modules_first(scopes: list[str], root: str) -> list[str]:
    """xdist's scopes (``path/test_x.py`` relative to ``root``) in the order they are dealt out: modules marked
    slow, then modules with slow tests, then the rest, each group in the order given (a stable sort)."""
    import os

    weights: dict[str, int] = {}
    return sorted(scopes, key=lambda scope: _module_weight(os.path.join(root, scope.split("::")[0]), weights))


def pytest_xdist_make_scheduler(config, log):  # noqa: ANN001, ANN201
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SlowModulesFirst(LoadScopeScheduling):
        _ordered = False

        def _assign_work_unit(self, node) -> None:  # noqa: ANN001
            if not self._ordered:  # the first call: the queue is complete and nothing is dealt yet
                self._ordered = True
                for scope in reversed(slow_modules_first(list(self.workqueue), str(config.rootpath))):
                    self.workqueue.move_to_end(scope, last=False)
            super()._assign_work_unit(node)

    return SlowModulesFirst(config, log)


def pytest_runtest_logstart(nodeid, location) -> None:  # noqa: ANN001
    _CURRENT_TEST[0] = nodeid


# --- one id per test ---------------------------------------------------------------------------------------
# xdist's loadscope (the suite's --dist) deals tests by their ids: two tests with one id run once. Schemathesis
# names each operation's test "test_x[GET /api/v1/houses]" but, on pytest 9.2 (whose node ids are structured:
# the part in brackets is their params), builds its id from the function's name alone, so the 63 operations of
# each caller shared one id and only one of them ran under xdist. The operation goes back into the id here, and
# a collection with two tests of one id is refused, naming them.


def pytest_collection_modifyitems(items) -> None:  # noqa: ANN001
    for item in items:
        label = getattr(item, "operation_label", None)
        if label and "[" not in item.nodeid:  # (schemathesis' test of one operation, the operation left out)
            item._id = item._id.with_params(label)
    from collections import Counter

    twice = sorted(nodeid for nodeid, n in Counter(item.nodeid for item in items).items() if n > 1)
    if twice:
        raise pytest.UsageError("这些测试的编号重复（xdist 会只运行其中一个）：" + "；".join(twice[:5]))


# --- the schemathesis summary (core/tests/test_api_contract.py), from every worker -----------------------------
# Each xdist worker sends its tally to the controller when it ends (``workeroutput``); the controller adds them up
# and prints one line per caller at the end of the terminal report (a run without workers prints its own).
_CONTRACT = "minzheng.core.tests.test_api_contract"
_CONTRACT_TALLY: dict[tuple[str, str], list[int]] = {}


def _contract_tally_add(rows) -> None:  # noqa: ANN001
    for who, operation, examples, failing in rows:
        counts = _CONTRACT_TALLY.setdefault((who, operation), [0, 0])
        counts[0] += examples
        counts[1] += failing


def pytest_sessionfinish(session) -> None:  # noqa: ANN001
    import sys

    contract = sys.modules.get(_CONTRACT)
    rows = (
        [[who, op, *counts] for (who, op), counts in contract.TALLY.items()] if contract is not None else []
    )
    output = getattr(session.config, "workeroutput", None)
    if output is not None:  # an xdist worker: to the controller
        output["schemathesis_tally"] = rows
    else:
        _contract_tally_add(rows)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:  # noqa: ANN001
    _contract_tally_add(getattr(node, "workeroutput", {}).get("schemathesis_tally") or [])


def contract_summary(tally: dict[tuple[str, str], list[int]]) -> list[str]:
    """One line per caller: operations, examples sent, failing examples."""
    lines = []
    for who in ("city", "district", "anonymous"):
        rows = [counts for (caller, _), counts in tally.items() if caller == who]
        if rows:
            lines.append(
                f"schemathesis /api/v1 as {who}: {len(rows)} operations, {sum(r[0] for r in rows)} examples, "
                f"{sum(r[1] for r in rows)} failing"
            )
    return lines


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001
    for line in contract_summary(_CONTRACT_TALLY):
        terminalreporter.write_line(line)


_WAITS = """
SELECT w.pid, w.application_name, extract(epoch FROM now() - w.query_start)::int, left(w.query, 300),
       b.pid, b.application_name, b.state, extract(epoch FROM now() - b.xact_start)::int, left(b.query, 300)
FROM pg_stat_activity w
CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocker(pid)
JOIN pg_stat_activity b ON b.pid = blocker.pid
WHERE w.datname = current_database() AND w.wait_event_type = 'Lock'
  AND now() - w.query_start > make_interval(secs => %s)
"""


def _lock_watch(params: dict, stop) -> None:  # noqa: ANN001
    """Every few seconds, print each lock wait older than LOCK_WAIT_REPORTED_AFTER, once, with its blockers."""
    import os

    import psycopg

    seen: set[tuple] = set()
    try:
        with psycopg.connect(**params, autocommit=True, application_name="lock-watchdog") as conn:
            while not stop.wait(10):
                for row in conn.execute(_WAITS, [LOCK_WAIT_REPORTED_AFTER]).fetchall():
                    if row[:2] in seen:
                        continue
                    seen.add(row[:2])
                    text = (
                        f"\n[锁等待] {row[2]} s: pid {row[0]} ({row[1]}) 执行 {row[3]!r}\n"
                        f"  被 pid {row[4]} ({row[5]}) 阻塞：{row[6]}，事务已 {row[7]} s，最后语句 {row[8]!r}\n"
                    )
                    os.write(_STDERR[0], text.encode())
    except Exception as exc:  # noqa: BLE001 - the watchdog never fails a run
        os.write(_STDERR[0], f"[锁等待监视停止] {exc}\n".encode())


def _lock_watchdog_start():  # noqa: ANN202
    """On PostgreSQL, the watchdog thread (stopped by setting the returned event); None on SQLite."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql" or not _STDERR:
        return None
    s = connection.settings_dict
    params = {"dbname": s["NAME"], "user": s["USER"], "password": s["PASSWORD"], "host": s["HOST"] or None}
    if s.get("PORT"):
        params["port"] = s["PORT"]
    stop = threading.Event()
    watcher = threading.Thread(target=_lock_watch, args=(params, stop), name="lock-watchdog", daemon=True)
    watcher.start()
    return stop


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: ANN001, ANN201
    from django.db.models.signals import post_migrate
    from django.test.utils import override_settings

    # the test password hasher (see _isolated_var) for the whole session: fixtures of a module or the session
    # make users before any test's settings apply
    fast_hashing = override_settings(PASSWORD_HASHERS=TEST_PASSWORD_HASHERS)
    fast_hashing.enable()
    with django_db_blocker.unblock():
        regions_ensure()
        _base_rows_keep()
        _base_prints_keep()
    post_migrate.connect(_base_rows_restore, dispatch_uid="minzheng-tests-base-rows")
    watchdog = _lock_watchdog_start()
    yield
    if watchdog is not None:
        watchdog.set()
    fast_hashing.disable()
    _pg_test_database_kept()


# A DROP DATABASE makes PostgreSQL write a checkpoint of the whole cluster and wait for it: 20–60 s at the end of
# a busy run, once per xdist worker and once more for the template, all in the run's tail. The test databases of
# a run on PostgreSQL are therefore left in place at its end (closed, named test_<name>, test_<name>_gw0, …,
# test_<name>_template); the next run drops each before making it afresh, as Django does with an old test
# database it finds, so nothing is carried from one run to the next. Drop them by hand with dropdb if the space
# is wanted back.
def _pg_test_database_kept() -> None:
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        if connection.vendor != "postgresql":
            continue
        creation = connection.creation
        destroy = creation.destroy_test_db

        def kept(old_database_name=None, verbosity=1, keepdb=False, suffix=None, _destroy=destroy):  # noqa: ANN001, ANN202
            return _destroy(old_database_name, verbosity, True, suffix)

        creation.destroy_test_db = kept


@pytest.fixture
def personas(db) -> Personas:  # noqa: ANN001
    return personas_create()


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):  # noqa: ANN001, ANN201
    """A transaction around a whole test module, rolled back after its last test: rows a module-scoped fixture
    makes once are seen by every test of the module, each of which runs in a savepoint of it (as Django's
    setUpTestData does), so no test sees another's changes and no other module sees the rows. Only for modules
    without transactional tests (``transactional_db``, ``live_server``): their flush would end it. With
    ``--dist loadscope`` a module's tests share one xdist worker, so the rows are made once per run."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def module_personas(module_db) -> Personas:  # noqa: ANN001
    """The personas made once for a module (see ``module_db``), for modules whose every test needs the same."""
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
    settings.PASSWORD_HASHERS = TEST_PASSWORD_HASHERS


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
