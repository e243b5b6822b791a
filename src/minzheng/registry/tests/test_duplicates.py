"""Duplicate detection (duplicates_detect), duplicate_merge and duplicate_dismiss."""

from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command

from minzheng.core.ids import make_citizen_id
from minzheng.core.models import AuditEntry, Job, Region
from minzheng.core.scope import OutOfScopeError
from minzheng.core.testing import GRID_A, GRID_B, TOWN, client_for
from minzheng.registry import services
from minzheng.registry.duplicates import duplicates_detect, transposition_at
from minzheng.registry.models import DuplicateCandidate, Membership, Person
from minzheng.registry.services import RegistryError
from minzheng.registry.tests import given

Reason = DuplicateCandidate.Reason


def created(actor, number, name="张三丰", grid=GRID_A):
    return services.person_create(
        actor=actor, id_number=number, name=name, region=Region.objects.get(code=grid)
    )


def pairs():
    return {
        (c.person_a.name, c.person_b_id, c.reason)
        for c in DuplicateCandidate.objects.select_related("person_a")
    }


# --- detection --------------------------------------------------------------------------------------


def test_transposition_positions():
    a = make_citizen_id(region_code="460105", birth_date=date(1990, 1, 12), sequence=11)
    b = make_citizen_id(region_code="460105", birth_date=date(1990, 1, 21), sequence=11)
    assert transposition_at(a, b) == 12
    assert transposition_at(a, a) is None
    assert transposition_at(a, a[:16] + a[17] + a[16]) == (16 if a[16] != a[17] else None)


@pytest.mark.django_db
def test_same_name_and_birth_in_different_households_is_queued_in_their_common_region(personas):
    # given two 张三丰 born the same day, one in grid A in a household, one in grid B in none
    a = given.person(personas.town, seq=11)
    b = given.person(personas.town, seq=13, grid=GRID_B)
    given.household(personas.town, head=a)
    # when detection runs
    result = duplicates_detect()
    # then the pair is queued once, in the town that holds both grids
    assert (result.name_birth, result.transposed_id) == (1, 0)
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.person_a, candidate.person_b, candidate.reason) == (a, b, Reason.SAME_NAME_BIRTH)
    assert candidate.region.code == TOWN
    # and a grid worker sees only pairs wholly within their grid
    assert not DuplicateCandidate.objects.visible_to(personas.grid_a).exists()
    assert DuplicateCandidate.objects.visible_to(personas.town).count() == 1


@pytest.mark.django_db
def test_same_name_and_birth_in_one_household_is_not_queued(personas):
    a = given.person(personas.town, seq=11)
    b = given.person(personas.town, seq=13)
    hh = given.household(personas.town, head=a)
    given.member(personas.town, hh, b)
    assert duplicates_detect().total == 0


@pytest.mark.django_db
def test_ids_differing_by_a_swap_in_the_birth_date_are_queued(personas):
    # given 张三丰 keyed twice, 19900112 once typed as 19900121 (check character recomputed)
    a = created(
        personas.grid_a, make_citizen_id(region_code="460105", birth_date=date(1990, 1, 12), sequence=11)
    )
    b = created(
        personas.grid_a, make_citizen_id(region_code="460105", birth_date=date(1990, 1, 21), sequence=11)
    )
    # and two other people whose IDs differ the same way but whose names differ
    created(
        personas.grid_a,
        make_citizen_id(region_code="460105", birth_date=date(1980, 3, 12), sequence=11),
        "李四",
    )
    created(
        personas.grid_a,
        make_citizen_id(region_code="460105", birth_date=date(1980, 3, 21), sequence=11),
        "王五",
    )
    # when detection runs
    result = duplicates_detect()
    # then only the same-named pair is queued, as a transposition, in grid A
    assert (result.name_birth, result.transposed_id) == (0, 1)
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.person_a, candidate.person_b, candidate.reason) == (a, b, Reason.TRANSPOSED_ID)
    assert candidate.region.code == GRID_A


@pytest.mark.django_db
def test_ids_differing_by_a_swap_in_the_sequence_are_queued_even_in_one_household(personas):
    a = created(
        personas.grid_a, make_citizen_id(region_code="460105", birth_date=date(1990, 1, 1), sequence=123)
    )
    b = created(
        personas.grid_a, make_citizen_id(region_code="460105", birth_date=date(1990, 1, 1), sequence=213)
    )
    hh = given.household(personas.grid_a, head=a)
    given.member(personas.grid_a, hh, b)
    duplicates_detect()
    assert DuplicateCandidate.objects.get().reason == Reason.TRANSPOSED_ID


@pytest.mark.django_db
def test_detection_never_queues_a_pair_twice(personas):
    given.person(personas.town, seq=11)
    given.person(personas.town, seq=13, grid=GRID_B)
    duplicates_detect()
    services.duplicate_dismiss(
        actor=personas.town, candidate=DuplicateCandidate.objects.get(), note="双胞胎？不，同名"
    )
    assert duplicates_detect().total == 0
    assert DuplicateCandidate.objects.count() == 1
    assert AuditEntry.objects.filter(action="bulk", object_type="registry.duplicatecandidate").count() == 2


# --- merge ------------------------------------------------------------------------------------------


def test_person_links_cover_every_foreign_key_to_person():
    # every FK to Person in the project, hidden ones (related_name="+") included, except the two that
    # belong to the merged record itself
    everywhere = {
        (f.model._meta.label_lower, f.name)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is Person
    }
    moved = {(f.model._meta.label_lower, f.name) for f in services.person_links()}
    stays = {
        ("registry.personstatuschange", "person"),
        ("registry.duplicatecandidate", "person_a"),
        ("registry.duplicatecandidate", "person_b"),
    }
    assert moved == everywhere - stays
    assert ("registry.household", "head") in moved and ("registry.membership", "person") in moved


@pytest.fixture
def duplicate_pair(db, personas):
    """A: 张三丰 heading household 1 in grid A. B: the same man keyed again in grid B, heading household 2
    alone. C: an older record already merged into B."""
    town = personas.town
    a = given.person(town, seq=11)
    b = given.person(town, seq=13, grid=GRID_B)
    c = given.person(town, name="张三风", seq=15)
    hh1 = given.household(town, number="HH-1", head=a)
    hh2 = given.household(town, number="HH-2", head=b)
    Person.objects.filter(pk=c.pk).update(status=Person.Status.MERGED, merged_into=b)
    duplicates_detect()
    return a, b, c, hh1, hh2, DuplicateCandidate.objects.get(person_a=a, person_b=b)


@pytest.mark.django_db
def test_merge_moves_every_link_and_keeps_history(personas, duplicate_pair):
    a, b, c, hh1, hh2, candidate = duplicate_pair
    # when the town worker merges B into A
    kept = services.duplicate_merge(actor=personas.town, candidate=candidate, keep=a)
    # then A is kept and B is marked merged into A, with a status history row
    b.refresh_from_db()
    assert kept == a and (b.status, b.merged_into) == ("merged", a)
    assert b.status_changes.get().status_to == "merged"
    # and B's household membership was closed (A keeps household 1) and moved to A as history
    rows = {(m.household.number, m.end_date is None) for m in Membership.objects.filter(person=a)}
    assert rows == {("HH-1", True), ("HH-2", False)}
    assert not Membership.objects.filter(person=b).exists()
    assert Membership.objects.get(household=hh2).end_reason == "重复人员合并"
    hh2.refresh_from_db()
    assert hh2.head is None
    # and the record merged earlier into B now points at A
    c.refresh_from_db()
    assert c.merged_into == a
    # and the decision and one audit entry listing what moved are kept
    candidate.refresh_from_db()
    assert (candidate.status, candidate.decided_by) == ("merged", personas.town)
    entry = AuditEntry.objects.filter(action="bulk", object_type="registry.person", object_id=str(a.pk)).get()
    assert entry.after["moved"] == {"户成员·成员": 1, "人员·合并至": 1}
    assert "户主待重新指定" in entry.detail


@pytest.mark.django_db
def test_merge_moves_the_only_open_membership_and_the_head(personas):
    a = given.person(personas.town, seq=11)
    b = given.person(personas.town, seq=13, grid=GRID_B)
    hh = given.household(personas.town, number="HH-B", head=b)
    duplicates_detect()
    services.duplicate_merge(actor=personas.town, candidate=DuplicateCandidate.objects.get(), keep=a)
    hh.refresh_from_db()
    assert hh.head == a
    assert Membership.objects.get(person=a, end_date__isnull=True).household == hh


@pytest.mark.django_db
def test_a_grid_worker_cannot_merge_across_grids(personas, duplicate_pair):
    a, *_, candidate = duplicate_pair
    with pytest.raises(OutOfScopeError):
        services.duplicate_merge(actor=personas.grid_a, candidate=candidate, keep=a)


@pytest.mark.django_db
def test_keep_must_be_one_of_the_pair(personas, duplicate_pair):
    *_, c, _hh1, _hh2, candidate = duplicate_pair
    with pytest.raises(RegistryError) as err:
        services.duplicate_merge(actor=personas.town, candidate=candidate, keep=c)
    assert err.value.field == "keep"


@pytest.mark.django_db
def test_a_decided_pair_cannot_be_decided_again(personas, duplicate_pair):
    a, *_, candidate = duplicate_pair
    services.duplicate_dismiss(actor=personas.town, candidate=candidate, note="不同人")
    with pytest.raises(RegistryError):
        services.duplicate_merge(actor=personas.town, candidate=candidate, keep=a)
    assert AuditEntry.objects.filter(action="update", object_type="registry.duplicatecandidate").exists()


# --- pages and the job ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_queue_page_merges_and_dismisses(personas, duplicate_pair, django_assert_max_num_queries):
    a, b, *_, candidate = duplicate_pair
    client = client_for(personas.town)
    with django_assert_max_num_queries(12):
        page = client.get("/registry/duplicates/")
    assert page.status_code == 200 and "同名同出生日期" in page.content.decode()
    assert b.id_number not in page.content.decode()  # masked
    assert (
        client_for(personas.grid_a)
        .get("/registry/duplicates/")
        .content.decode()
        .count('data-testid="candidate"')
        == 0
    )
    response = client.post(f"/registry/duplicates/{candidate.pk}/merge/", {"keep": "a"})
    assert response.status_code == 302 and response["Location"] == f"/registry/persons/{a.pk}/"
    assert (
        client_for(personas.grid_a).post(f"/registry/duplicates/{candidate.pk}/dismiss/").status_code == 404
    )


@pytest.mark.django_db(transaction=True)
def test_detection_runs_as_a_job_for_managers(personas):
    given.person(personas.town, seq=11)
    given.person(personas.town, seq=13, grid=GRID_B)
    assert client_for(personas.town).post("/registry/duplicates/detect/").status_code == 403
    response = client_for(personas.district).post("/registry/duplicates/detect/")
    job = Job.objects.get(kind="registry_duplicates")
    assert response["Location"] == f"/jobs/{job.pk}/"
    call_command("worker", batch=True)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert job.result == {"name_birth": 1, "transposed_id": 0}
    assert DuplicateCandidate.objects.count() == 1
    entry = AuditEntry.objects.filter(object_type="registry.duplicatecandidate").get()
    assert entry.actor == personas.district
