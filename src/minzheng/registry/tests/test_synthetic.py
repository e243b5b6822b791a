"""Synthetic Haikou: exact totals, valid unique IDs, coherent households, every house in a grid,
the same data for the same seed."""

from collections import Counter
from datetime import date

import pytest
from django.db.models import Count

from minzheng.core.ids import parse_citizen_id
from minzheng.core.models import AuditEntry, Region
from minzheng.registry.models import House, Household, Membership, Person, Relation
from minzheng.registry.rules import id_reversed, name_initials
from minzheng.registry.synthetic import (
    HAIKOU_HOUSES,
    HAIKOU_PEOPLE,
    allocate,
    people_top_up,
    registry_generate,
    synthetic_registry_seed,
)

pytestmark = pytest.mark.django_db

SCALE = 0.002  # 4,773 people, 2,523 houses
REFERENCE = date(2020, 11, 1)


def _snapshot() -> list[tuple]:
    return list(
        Person.objects.order_by("id_number").values_list(
            "id_number", "name", "region__code", "residence_house__code"
        )
    )


def test_totals_at_a_scale_are_the_seeds_totals_times_the_scale():
    summary = synthetic_registry_seed(scale=SCALE, random_seed=7)
    assert Person.objects.count() == round(HAIKOU_PEOPLE * SCALE)
    assert House.objects.count() == round(HAIKOU_HOUSES * SCALE)
    assert f"人员{round(HAIKOU_PEOPLE * SCALE)}" in summary
    assert AuditEntry.objects.filter(action=AuditEntry.Action.BULK).count() == 1


def test_every_id_is_valid_unique_and_agrees_with_the_stored_facts():
    registry_generate(scale=SCALE, random_seed=7, reference=REFERENCE)
    prefixes = Counter()
    for number, gender, birth, reversed_, name, initials in Person.objects.values_list(
        "id_number", "gender", "birth_date", "id_reversed", "name", "name_initials"
    ):
        cid = parse_citizen_id(number)
        assert (cid.gender, cid.birth_date) == (gender, birth)
        assert reversed_ == id_reversed(number) and initials == name_initials(name)
        prefixes[number[:6]] += 1
    assert Person.objects.values("id_number").distinct().count() == Person.objects.count()
    assert prefixes["460105"] + prefixes["460106"] + prefixes["460107"] + prefixes["460108"] > 0
    assert sum(prefixes[p] for p in ("460100", "460102", "460103", "460104")) > 0  # born before 2002
    assert sum(n for p, n in prefixes.items() if not p.startswith("46")) > 0  # migrants


def test_every_house_is_in_a_grid_and_every_person_lives_in_one():
    registry_generate(scale=SCALE, random_seed=7, reference=REFERENCE)
    assert not House.objects.exclude(grid__level=Region.Level.GRID).exists()
    assert not Person.objects.filter(residence_house__isnull=True).exists()
    assert not Person.objects.exclude(region_id=models_grid_of_house()).exists()


def models_grid_of_house():
    from django.db.models import F

    return F("residence_house__grid_id")


def test_households_have_one_head_and_ages_that_fit():
    registry_generate(scale=SCALE, random_seed=7, reference=REFERENCE)
    heads = Membership.objects.filter(relation=Relation.HEAD)
    assert heads.count() == Household.objects.count()
    assert not Household.objects.annotate(n=Count("memberships")).filter(n__gt=6).exists()
    mean = Membership.objects.count() / Household.objects.count()
    assert 2.3 < mean < 3.3
    for household in Household.objects.select_related("head")[:300]:
        head_birth = household.head.birth_date
        for m in household.memberships.select_related("person"):
            assert m.start_date >= m.person.birth_date
            if m.relation in (Relation.SON, Relation.DAUGHTER):
                assert m.person.birth_date > head_birth
                assert m.relation == Relation.child(male=m.person.gender == "M")
            if m.relation == Relation.PARENT:
                assert m.person.birth_date < head_birth


def test_the_shape_is_roughly_haikous():
    counts = registry_generate(scale=SCALE, random_seed=7, reference=REFERENCE)
    assert 0.10 < counts.under_15 / counts.people < 0.21
    assert 0.07 < counts.over_60 / counts.people < 0.16
    assert 0.6 < counts.urban_people / counts.people < 0.9
    by_district = {r: n / counts.people for r, n in counts.by_district.items()}
    assert set(by_district) == {"秀英区", "龙华区", "琼山区", "美兰区"}


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    from django.db import transaction

    with transaction.atomic():
        registry_generate(scale=0.0005, random_seed=11, reference=REFERENCE)
        first = _snapshot()
        transaction.set_rollback(True)
    with transaction.atomic():
        registry_generate(scale=0.0005, random_seed=11, reference=REFERENCE)
        assert _snapshot() == first
        transaction.set_rollback(True)
    registry_generate(scale=0.0005, random_seed=12, reference=REFERENCE)
    assert _snapshot() != first


def test_seeding_again_never_mixes_with_existing_people():
    synthetic_registry_seed(scale=0.0005, random_seed=7)
    before = Person.objects.count()
    assert "未重复生成" in synthetic_registry_seed(scale=0.0005, random_seed=7)
    assert Person.objects.count() == before


def test_top_up_adds_only_the_missing_people_with_numbers_nobody_else_uses():
    synthetic_registry_seed(scale=0.0005, random_seed=7)
    have = Person.objects.count()
    assert people_top_up(target=have + 150) == 150
    assert Person.objects.count() == have + 150
    assert people_top_up(target=have) == 0
    top_up = Person.objects.order_by("-id")[:150].values_list("id_number", flat=True)
    assert all(801 <= int(n[14:17]) <= 900 for n in top_up)


def test_allocate_splits_exactly():
    assert allocate(10, [1, 1, 1]) == [4, 3, 3] or sum(allocate(10, [1, 1, 1])) == 10
    assert sum(allocate(2_386_500, [3.5] * 2465 + [1.0] * 2202)) == 2_386_500
