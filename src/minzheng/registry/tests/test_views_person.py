"""The person pages: search, detail, reveal, create, edit, status, move."""

from datetime import date

import pytest

from minzheng.core.models import AuditEntry
from minzheng.core.testing import GRID_A, GRID_B, client_for
from minzheng.registry.models import Person
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def zsf(personas):
    return given.person(personas.grid_a)


def test_search_page_finds_by_initials_with_masked_ids(personas, zsf, django_assert_max_num_queries):
    for n in range(30):
        given.person(personas.grid_a, name=f"张{'一二三四五六七八九十'[n % 10]}", seq=101 + 2 * n)
    client = client_for(personas.grid_a)
    client.get("/registry/persons/")  # warm the session
    # session, user, user's region, the search, audit entry (5 with its savepoint), session save (3)
    with django_assert_max_num_queries(12):
        response = client.get("/registry/persons/", {"q": "zsf"})
    page = response.content.decode()
    assert response.status_code == 200 and "张三丰" in page
    assert zsf.id_number not in page and zsf.id_number[-4:] in page
    # the page of 50 over many rows costs the same few queries
    with django_assert_max_num_queries(12):
        assert client.get("/registry/persons/", {"q": "z"}).status_code == 200


def test_search_is_audited_with_the_query(personas, zsf):
    client_for(personas.grid_a).get("/registry/persons/", {"q": "zsf"})
    entry = AuditEntry.objects.filter(action="view", object_type="registry.person", object_id="").latest(
        "seq"
    )
    assert "zsf" in entry.detail and entry.actor == personas.grid_a


def test_htmx_search_returns_only_the_results(personas, zsf):
    response = client_for(personas.grid_a).get("/registry/persons/", {"q": "张"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "张三丰" in page and "<html" not in page


def test_grid_worker_lists_own_grid_when_nothing_is_typed(personas, zsf):
    assert "张三丰" in client_for(personas.grid_a).get("/registry/persons/").content.decode()
    assert "请输入" in client_for(personas.town).get("/registry/persons/").content.decode()


def test_grid_b_sees_nothing_of_grid_a(personas, zsf):
    client = client_for(personas.grid_b)
    assert "张三丰" not in client.get("/registry/persons/", {"q": "zsf"}).content.decode()
    assert client.get(f"/registry/persons/{zsf.pk}/").status_code == 404
    assert client.get(f"/registry/persons/{zsf.pk}/edit/").status_code == 404
    assert client.post(f"/registry/persons/{zsf.pk}/status/", {"status": "deceased"}).status_code == 404
    assert client.post(f"/registry/persons/{zsf.pk}/reveal/id_number/").status_code == 404


def test_other_district_cannot_reach_the_person(personas, zsf):
    assert client_for(personas.other_district).get(f"/registry/persons/{zsf.pk}/").status_code == 404
    assert client_for(personas.district).get(f"/registry/persons/{zsf.pk}/").status_code == 200


def test_auditor_and_sysadmin_do_not_open_personal_records(personas, zsf):
    assert client_for(personas.auditor).get("/registry/persons/").status_code == 403
    assert client_for(personas.admin).get(f"/registry/persons/{zsf.pk}/").status_code == 403


def test_person_page_shows_household_house_grid_and_is_audited(personas):
    home = given.house(personas.grid_a)
    person = given.person(personas.grid_a, home=home)
    given.household(personas.grid_a, head=person)
    page = client_for(personas.grid_a).get(f"/registry/persons/{person.pk}/").content.decode()
    assert "户号 HH-A-001" in page and "秀华路1号" in page and GRID_A in page
    assert person.id_number not in page and "138****5678" in page
    entry = AuditEntry.objects.filter(action="view", object_id=str(person.pk)).get()
    assert entry.actor == personas.grid_a


def test_reveal_button_swaps_in_the_full_id_and_is_audited(personas, zsf):
    # a grid worker has no right to reveal: no button, and the POST is refused
    assert (
        'data-testid="reveal-id"'
        not in client_for(personas.grid_a).get(f"/registry/persons/{zsf.pk}/").content.decode()
    )
    assert (
        client_for(personas.grid_a).post(f"/registry/persons/{zsf.pk}/reveal/id_number/").status_code == 403
    )
    # the town case worker may
    client = client_for(personas.town)
    assert 'data-testid="reveal-id"' in client.get(f"/registry/persons/{zsf.pk}/").content.decode()
    response = client.post(f"/registry/persons/{zsf.pk}/reveal/id_number/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and zsf.id_number in response.content.decode()
    assert AuditEntry.objects.filter(action="reveal", object_id=str(zsf.pk), actor=personas.town).count() == 1
    assert client.post(f"/registry/persons/{zsf.pk}/reveal/name/").status_code == 404


def test_create_page_registers_a_person(personas):
    client = client_for(personas.grid_a)
    assert client.get("/registry/persons/new/").status_code == 200
    response = client.post(
        "/registry/persons/new/", {"id_number": given.id_number(seq=31), "name": "王五", "region": GRID_A}
    )
    person = Person.objects.get(name="王五")
    assert response["Location"] == f"/registry/persons/{person.pk}/"


def test_create_page_shows_the_refusal_on_the_field(personas):
    response = client_for(personas.grid_a).post(
        "/registry/persons/new/",
        {"id_number": given.id_number(seq=31), "name": "王五", "gender": "F", "region": GRID_A},
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="error-gender"' in page and "与身份证号码" in page
    assert not Person.objects.exists()


def test_create_page_refuses_another_grid(personas):
    response = client_for(personas.grid_b).post(
        "/registry/persons/new/", {"id_number": given.id_number(seq=31), "name": "王五", "region": GRID_A}
    )
    assert 'data-testid="error-region"' in response.content.decode()


def test_edit_page_does_not_show_the_full_id_or_phone(personas, zsf):
    client = client_for(personas.grid_a)
    page = client.get(f"/registry/persons/{zsf.pk}/edit/").content.decode()
    assert zsf.id_number not in page and zsf.phone not in page
    response = client.post(
        f"/registry/persons/{zsf.pk}/edit/", {"name": "张三峰", "ethnicity": "黎族", "region": GRID_A}
    )
    assert response.status_code == 302
    zsf.refresh_from_db()
    assert (zsf.name, zsf.ethnicity, zsf.phone) == ("张三峰", "黎族", "13812345678")


def test_status_form_records_a_death(personas, zsf):
    client = client_for(personas.grid_a)
    client.post(
        f"/registry/persons/{zsf.pk}/status/",
        {"status": "deceased", "date": "2023-02-03", "reason": "死亡证明"},
    )
    zsf.refresh_from_db()
    assert (zsf.status, zsf.status_date) == ("deceased", date(2023, 2, 3))
    assert "死亡证明" in client.get(f"/registry/persons/{zsf.pk}/").content.decode()


def test_move_form_refuses_a_house_outside_the_scope(personas, zsf):
    given.house(personas.town, code="H-B-1", grid=GRID_B)
    client = client_for(personas.grid_a)
    response = client.post(f"/registry/persons/{zsf.pk}/move/", {"house": "H-B-1"}, follow=True)
    assert "不在您的管辖范围内" in response.content.decode()
    zsf.refresh_from_db()
    assert zsf.residence_house is None


def test_the_person_picker_of_every_app_finds_in_scope_masks_ids_and_is_audited(personas, zsf):
    # given 张三丰 in grid A (秀英区)
    # when a town caseworker types his initials into a picker (children's, disability's … forms)
    found = client_for(personas.town).get("/registry/persons/search", {"q": "zsf"}).json()["results"]
    # then he is offered with his ID masked, and the search is in the audit log like the person list's
    assert [r["id"] for r in found] == [zsf.pk] and zsf.id_number not in found[0]["label"]
    assert AuditEntry.objects.filter(actor=personas.town, detail="人员查询“zsf”，返回1条").exists()
    # and a reviewer of another district is offered nobody of 秀英区
    other = client_for(personas.other_district).get("/registry/persons/search", {"q": "zsf"}).json()
    assert other["results"] == []
