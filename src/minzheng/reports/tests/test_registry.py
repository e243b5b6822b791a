"""The indicator registry: values for a region subtree and a period, cached, invalidated by changes."""

from datetime import date

import pytest
from django.db import connection, transaction

from minzheng.core.models import Region
from minzheng.core.testing import DISTRICT, GRID_A, GRID_B, TOWN
from minzheng.registry.models import Person
from minzheng.reports import registry
from minzheng.reports.models import IndicatorSnapshot
from minzheng.reports.registry import (
    Aggregation,
    IndicatorError,
    Query,
    data_changed,
    indicator_get,
    indicator_register,
    indicator_signals_connect,
    indicator_value,
    indicator_values,
)
from minzheng.reports.tests import given

pytestmark = pytest.mark.django_db
YEAR = (date(2020, 1, 1), date(2020, 12, 31))


@pytest.fixture
def counted():
    """A test indicator that counts how often it is computed."""
    calls = []

    def people(region: Region, start: date, end: date) -> int:
        calls.append(region.code)
        return Person.objects.filter(region__path__startswith=region.path).count()

    indicator_register(
        code="test.people", name="测试人数", unit="人", aggregation=Aggregation.SNAPSHOT, domain="registry",
        compute=people, depends_on=("registry.Person",),
    )  # fmt: skip
    indicator_signals_connect()
    yield calls
    registry._indicators.pop("test.people")


def _value(code: str, region_code: str) -> int:
    return indicator_value(code, region=Region.objects.get(code=region_code), start=YEAR[0], end=YEAR[1])


@pytest.mark.django_db(transaction=True)
def test_a_value_is_computed_once_then_read_from_the_cache(personas, counted):
    # given two people in grid A
    home = given.house(personas.grid_a, code="H1", grid=GRID_A)
    given.person(personas.grid_a, seq=11, home=home)
    given.person(personas.grid_a, seq=13, home=home)
    # when the figure is asked for twice
    first, second = _value("test.people", GRID_A), _value("test.people", GRID_A)
    # then it is computed once
    assert first == second == 2
    assert counted == [GRID_A]


@pytest.mark.django_db(transaction=True)
def test_a_saved_record_invalidates_the_figure(personas, counted):
    home = given.house(personas.grid_a, code="H1", grid=GRID_A)
    person = given.person(personas.grid_a, seq=11, home=home)
    assert _value("test.people", TOWN) == 1
    # when another person is registered through the service (post_save, committed)
    given.person(personas.grid_a, seq=13, home=home)
    # then the town's figure changes
    assert _value("test.people", TOWN) == 2
    assert _value("test.people", GRID_A) == 2
    # and so it does when one moves away by an ordinary save (no new primary key)
    person.region = Region.objects.get(code=GRID_B)
    person.save(update_fields=["region"])
    assert _value("test.people", GRID_A) == 1
    assert counted.count(GRID_A) == 2


@pytest.mark.django_db(transaction=True)
def test_a_transaction_reads_its_own_changes_and_caches_none_of_them(personas, counted):
    home = given.house(personas.grid_a, code="H1", grid=GRID_A)
    given.person(personas.grid_a, seq=11, home=home)
    assert _value("test.people", GRID_A) == 1  # cached, committed state
    with transaction.atomic():
        # when a transaction adds a person and reads the figure before committing
        given.person(personas.grid_a, seq=13, home=home)
        assert _value("test.people", GRID_A) == 2
        assert _value("test.people", GRID_A) == 2
        assert counted.count(GRID_A) == 3  # computed each time, not cached
        transaction.set_rollback(True)
    # then after the rollback the committed figure is served again from the cache
    assert _value("test.people", GRID_A) == 1
    assert counted.count(GRID_A) == 3


@pytest.mark.django_db(transaction=True)
def test_a_bulk_insert_that_sends_no_signal_still_invalidates(personas, counted):
    home = given.house(personas.grid_a, code="H1", grid=GRID_A)
    person = given.person(personas.grid_a, seq=11, home=home)
    assert _value("test.people", DISTRICT) == 1
    # when a row is copied in by raw SQL (no signal, as COPY would)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO registry_person (id_number, id_reversed, name, name_initials, gender, birth_date, ethnicity,"
            " phone, hukou_address, region_id, residence_permit_no, status, created_at, updated_at)"
            " SELECT '46010519500501013X', id_reversed, name, name_initials, gender, birth_date, ethnicity, phone,"
            " hukou_address, region_id, residence_permit_no, status, created_at, updated_at FROM registry_person"
            " WHERE id = %s",
            [person.pk],
        )
    # then the larger primary key shows the table changed
    assert _value("test.people", DISTRICT) == 2


@pytest.mark.django_db(transaction=True)
def test_a_bulk_update_is_seen_after_data_changed(personas, counted):
    home = given.house(personas.grid_a, code="H1", grid=GRID_A)
    given.person(personas.grid_a, seq=11, home=home)
    assert _value("test.people", GRID_A) == 1
    # when a bulk path moves everyone to grid B without signals
    Person.objects.update(region=Region.objects.get(code=GRID_B))
    assert _value("test.people", GRID_A) == 1  # stale: nothing told the cache
    # and then announces the change, as bulk paths must
    data_changed("registry.Person")
    # then the figures are fresh
    assert _value("test.people", GRID_A) == 0
    assert _value("test.people", GRID_B) == 1


@pytest.mark.django_db(transaction=True)
def test_many_queries_are_answered_in_one_batch(personas, counted):
    home = given.house(personas.grid_a, code="H1", grid=GRID_A)
    given.person(personas.grid_a, seq=11, home=home)
    regions = [Region.objects.get(code=c) for c in (GRID_A, GRID_B, TOWN)]
    values = indicator_values([Query("test.people", r, *YEAR) for r in regions])
    assert values == [1, 0, 1]
    assert indicator_values([Query("test.people", r, *YEAR) for r in regions]) == [1, 0, 1]
    assert len(counted) == 3


@pytest.mark.parametrize("code", ["registry.persons", "registry.houses", "core.grids", "core.grids_rural"])
def test_a_snapshot_of_a_region_is_the_sum_of_its_children(personas, code):
    home_a = given.house(personas.grid_a, code="H1", grid=GRID_A)
    home_b = given.house(personas.grid_b, code="H2", grid=GRID_B)
    given.person(personas.grid_a, seq=11, home=home_a)
    given.person(personas.grid_b, seq=13, home=home_b)
    district = Region.objects.get(code=DISTRICT)
    towns = list(Region.objects.filter(parent=district))
    total = indicator_value(code, region=district, start=YEAR[0], end=YEAR[1])
    parts = indicator_values([Query(code, t, *YEAR) for t in towns])
    assert total == sum(parts)


def test_an_unknown_indicator_is_named_in_chinese():
    with pytest.raises(IndicatorError, match="指标“nosuch.registrations”未登记"):
        indicator_get("nosuch.registrations")


def test_a_period_must_not_end_before_it_starts(personas):
    with pytest.raises(ValueError, match="统计期间无效"):
        indicator_value(
            "core.grids", region=Region.objects.get(code=TOWN), start=date(2020, 2, 1), end=date(2020, 1, 1)
        )


def test_an_aggregation_must_be_known():
    with pytest.raises(ValueError, match="汇总方式"):
        indicator_register(
            code="x.y", name="x", unit="个", aggregation="median", domain="core", compute=lambda r, s, e: 0
        )


def test_two_databases_never_share_a_cache_key(personas, monkeypatch):
    # given the cache keys of this database (table versions, the refresh schedule)
    here = registry.database_key()
    # when the same keys are made for another database (the file cache is shared by the machine)
    monkeypatch.setitem(connection.settings_dict, "NAME", "another_database")
    there = registry.database_key()
    # then they differ, whatever the row counts and versions
    assert here != there


@pytest.mark.django_db(transaction=True)
def test_figures_are_kept_in_the_database_not_in_the_file_cache(personas, counted):
    # given a figure read exactly (an indicator table, the annual summary)
    home = given.house(personas.grid_a, code="H1", grid=GRID_A)
    given.person(personas.grid_a, seq=11, home=home)
    assert _value("test.people", GRID_A) == 1
    # then it is stored as a row of the snapshot table with its data version, and the cache got no value
    row = IndicatorSnapshot.objects.get(code="test.people")
    assert row.value == 1 and row.version == registry.indicator_versions(["test.people"])["test.people"]
    assert not [k for k in registry.cache.written if ":value:" in k]


def test_a_table_that_does_not_exist_is_named_by_the_system_check():
    from django.apps import apps
    from django.core import checks

    # given an indicator that says it reads a table no installed app has
    indicator_register(
        code="test.ghost", name="测试", unit="个", aggregation=Aggregation.SNAPSHOT, domain="core",
        compute=lambda r, s, e: 0, depends_on=("ghost.Thing",),
    )  # fmt: skip
    try:
        # then Django's check names the label instead of the figure silently never being invalidated
        errors = checks.run_checks(tags=[checks.Tags.models])
        assert any("ghost.thing" in str(e.msg) for e in errors)
    finally:
        registry._indicators.pop("test.ghost")
        apps._pending_operations.pop(("ghost", "thing"), None)
        registry._tracked.discard("ghost.thing")
    with pytest.raises(ValueError, match="应写作“应用.模型”"):
        indicator_register(
            code="test.bad", name="测试", unit="个", aggregation=Aggregation.SNAPSHOT, domain="core",
            compute=lambda r, s, e: 0, depends_on=("Thing",),
        )  # fmt: skip
    assert "test.bad" not in registry._indicators
