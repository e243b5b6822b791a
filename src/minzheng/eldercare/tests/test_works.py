"""Works projects of elderly-care institutions (敬老院升级改造, figure 20): 立项 with a budget, progress reports that
never go back nor pay beyond the budget, the acceptance only of finished works, the figure counting each home
upgrading in the year once — and the pages (scope, capability, export)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.assistance.tests.given import region
from minzheng.core.models import AuditEntry
from minzheng.core.testing import client_for
from minzheng.eldercare import indicators, services
from minzheng.eldercare.errors import EldercareError
from minzheng.eldercare.models import WorksProject
from minzheng.eldercare.services.institutions import institution_create

pytestmark = pytest.mark.django_db
Y2020 = (date(2020, 1, 1), date(2020, 12, 31))


@pytest.fixture
def home(personas):  # noqa: ANN201
    return institution_create(actor=personas.city, name="长流镇敬老院", kind="town_home", ownership="public",
                              region=region("460105100"))  # fmt: skip


def _works(personas, home, **kw):  # noqa: ANN001, ANN202
    return services.works_create(actor=personas.district, institution=home, name="长流镇敬老院升级改造",
                                 budget_fen=kw.get("budget_fen", 80_000_000), approved_on=date(2019, 11, 1))  # fmt: skip


def test_progress_never_goes_back_nor_pays_beyond_the_budget(personas, home):
    works = _works(personas, home)
    works = services.works_report(actor=personas.district, project=works, on=date(2020, 3, 1), progress=40,
                                  spent_fen=30_000_000)  # fmt: skip
    assert works.status == WorksProject.Status.BUILDING and works.started_on == date(2020, 3, 1)
    with pytest.raises(EldercareError, match="不能低于上次填报的40%"):
        services.works_report(actor=personas.district, project=works, on=date(2020, 4, 1), progress=30,
                              spent_fen=30_000_000)  # fmt: skip
    with pytest.raises(EldercareError, match="超过预算") as caught:
        services.works_report(actor=personas.district, project=works, on=date(2020, 4, 1), progress=50,
                              spent_fen=80_000_001)  # fmt: skip
    assert caught.value.field == "spent"
    assert works.reports.count() == 1


def test_only_finished_works_are_accepted_and_a_failed_acceptance_keeps_them_open(personas, home):
    works = _works(personas, home)
    services.works_report(
        actor=personas.district, project=works, on=date(2020, 3, 1), progress=90, spent_fen=1
    )
    with pytest.raises(EldercareError, match="尚未完工"):
        services.works_accept(
            actor=personas.district, project=works, on=date(2020, 6, 1), passed=True, note="合格"
        )
    services.works_report(
        actor=personas.district, project=works, on=date(2020, 5, 1), progress=100, spent_fen=2
    )
    failed = services.works_accept(actor=personas.district, project=works, on=date(2020, 6, 1), passed=False,
                                   note="消防通道不达标，限期整改")  # fmt: skip
    assert failed.status == WorksProject.Status.BUILDING and failed.acceptance_note.startswith("消防")
    accepted = services.works_accept(actor=personas.district, project=works, on=date(2020, 7, 1), passed=True,
                                     note="整改完成，验收合格")  # fmt: skip
    assert accepted.status == WorksProject.Status.ACCEPTED and accepted.accepted_on == date(2020, 7, 1)
    with pytest.raises(PermissionDenied):
        services.works_create(actor=personas.community, institution=home, name="x", budget_fen=1,
                              approved_on=date(2020, 1, 1))  # fmt: skip
    with pytest.raises(EldercareError, match="不在您的管辖范围内"):
        services.works_create(actor=personas.other_district, institution=home, name="x", budget_fen=1,
                              approved_on=date(2020, 1, 1))  # fmt: skip


def test_a_home_counts_once_in_each_year_its_works_are_under_way(personas, home):
    works = _works(personas, home)
    second = _works(personas, home)
    assert indicators.homes_upgrading(region("460100"), *Y2020) == 0  # not started: not under way
    for w in (works, second):
        services.works_report(
            actor=personas.district, project=w, on=date(2020, 3, 1), progress=100, spent_fen=1
        )
    services.works_accept(
        actor=personas.district, project=works, on=date(2020, 12, 1), passed=True, note="合格"
    )
    assert indicators.homes_upgrading(region("460100"), *Y2020) == 1  # one home, two works
    assert indicators.homes_upgrading(region("460108"), *Y2020) == 0
    services.works_accept(
        actor=personas.district, project=second, on=date(2020, 12, 2), passed=True, note="合格"
    )
    assert indicators.homes_upgrading(region("460105"), date(2021, 1, 1), date(2021, 12, 31)) == 0


def test_the_pages(personas, home):
    district = client_for(personas.district)
    response = district.post("/eldercare/works/new/", {
        "institution": home.pk, "name": "长流镇敬老院适老化改造", "budget": "500,000", "approved_on": "2020-01-06",
    })  # fmt: skip
    works = WorksProject.objects.get()
    assert response.status_code == 302 and works.budget_fen == 50_000_000
    district.post(
        f"/eldercare/works/{works.pk}/report/", {"on": "2020-05-01", "progress": "100", "spent": "450000"}
    )
    page = district.get(f"/eldercare/works/{works.pk}/").content.decode()
    assert 'data-testid="accept-form"' in page and "100%" in page
    assert client_for(personas.other_district).get(f"/eldercare/works/{works.pk}/").status_code == 404
    assert (
        'data-testid="new-works"'
        not in client_for(personas.community).get("/eldercare/works/").content.decode()
    )
    assert district.get("/eldercare/works/export.xlsx").status_code == 200
    assert AuditEntry.objects.filter(action="export", object_type="eldercare.worksproject").exists()


def test_the_seed_upgrades_round_7s_homes_at_least_one_and_a_rerun_adds_none(personas, home):
    from minzheng.eldercare.seed_works import works_seed

    institution_create(actor=personas.city, name="石山镇敬老院", kind="town_home", ownership="public",
                       region=region("460105103"))  # fmt: skip
    assert works_seed(0.002, 2020) == 1  # round(7 × 0.002) = 0, floored at one home
    assert works_seed(0.002, 2020) == 0
    assert works_seed(1.0, 2020) == 1  # at full size every 敬老院 there is (two here)
    assert indicators.homes_upgrading(region("460100"), *Y2020) == 2
    assert WorksProject.objects.filter(status=WorksProject.Status.ACCEPTED).count() == 1


def test_the_old_community_addresses_answer_a_permanent_redirect_to_elderly_care(personas, home):
    works = _works(personas, home)
    district = client_for(personas.district)
    for old, new in (
        ("/community/works/", "/eldercare/works/"),
        ("/community/works/?status=planned", "/eldercare/works/?status=planned"),
        ("/community/works/export.xlsx?status=building", "/eldercare/works/export.xlsx?status=building"),
        ("/community/works/new/", "/eldercare/works/new/"),
        (f"/community/works/{works.pk}/", f"/eldercare/works/{works.pk}/"),
    ):
        response = district.get(old)
        assert (response.status_code, response["Location"]) == (301, new)
    assert 'data-testid="works"' in district.get("/community/works/", follow=True).content.decode()


def test_the_same_roles_read_and_record_works_as_before_the_move(personas, home):
    _works(personas, home)
    for persona, reads, records in (
        (personas.city, True, True), (personas.district, True, True), (personas.town, True, False),
        (personas.community, True, False), (personas.grid_a, False, False),
    ):  # fmt: skip
        client = client_for(persona)
        assert (client.get("/eldercare/works/").status_code == 200) is reads, persona
        assert (client.get("/eldercare/works/new/").status_code == 200) is records, persona


def test_the_works_pages_are_in_elderly_cares_menu(personas):
    page = client_for(personas.district).get("/eldercare/").content.decode()
    assert 'href="/eldercare/works/"' in page


def test_the_api_lists_and_shows_works_within_the_users_region(personas, home):
    works = _works(personas, home)
    services.works_report(actor=personas.district, project=works, on=date(2020, 3, 1), progress=40,
                          spent_fen=30_000_000)  # fmt: skip
    district = client_for(personas.district)
    listed = district.get("/api/v1/eldercare/works", {"status": "building"}).json()
    assert [(w["id"], w["institution_name"], w["progress"]) for w in listed["items"]] == [
        (works.pk, "长流镇敬老院", 40)
    ]
    assert district.get("/api/v1/eldercare/works", {"status": "accepted"}).json()["items"] == []
    detail = district.get(f"/api/v1/eldercare/works/{works.pk}").json()
    assert [(r["progress"], r["spent_fen"]) for r in detail["reports"]] == [(40, 30_000_000)]
    other = client_for(personas.other_district)
    assert other.get("/api/v1/eldercare/works").json()["items"] == []
    assert other.get(f"/api/v1/eldercare/works/{works.pk}").status_code == 404
    assert client_for(personas.grid_a).get("/api/v1/eldercare/works").status_code == 403
