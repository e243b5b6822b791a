"""eldercare_seed in a synthetic year: never the same meal twice with more 长者饭堂 than districts; every 12349
request of the year closed within it."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count
from django.utils import timezone

from minzheng.casework.models import CaseEvent
from minzheng.core.models import User
from minzheng.core.testing import client_for
from minzheng.eldercare import seed as seed_module
from minzheng.eldercare import selectors, services
from minzheng.eldercare.models import HelpRequest, Institution, Meal
from minzheng.eldercare.seed import eldercare_seed
from minzheng.eldercare.tests import given

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_seed_with_canteens_sharing_a_district_records_each_meal_once(personas, monkeypatch):
    # given elderly people with a Haikou hukou in every district, and more canteens (scale 0.1: 5) than
    # districts, so that at least two canteens serve the same district's elderly; a year of 2,000 lunches
    # at scale 1 (200 here: 40 a canteen, each diner several days; the demo's 30,000 cost a minute), and
    # the fewest 12349 requests (10, not 200: this test is about meals)
    monkeypatch.setattr(seed_module, "MEALS_A_YEAR", 2_000)
    monkeypatch.setattr(seed_module, "HELP_REQUESTS_A_YEAR", 0)
    districts = given.people_in_every_district()
    # when the step runs for 2020
    summary = eldercare_seed(scale=0.1, random_seed=2020, year=2020)
    # then it completes with more canteens than districts, two of them in one district
    canteens = Institution.objects.filter(kind="canteen")
    assert "长者饭堂 5 家" in summary and canteens.count() == 5 > len(districts)
    per_district = {c.region.path.split("/")[2] for c in canteens}
    assert len(per_district) < canteens.count()
    # and every canteen served meals, none of them the same person's lunch twice on one day
    assert all(Meal.objects.filter(canteen=c).count() == 40 for c in canteens)
    shared = Meal.objects.values("person").annotate(n=Count("canteen", distinct=True)).filter(n__gt=1)
    assert shared.exists()  # the canteens of one district serve the same elderly
    twice = Meal.objects.values("person", "served_on", "meal_type").annotate(n=Count("pk")).filter(n__gt=1)
    assert not twice.exists()
    assert Meal.objects.filter(served_on__year=2020).count() == Meal.objects.count()


@pytest.mark.slow
def test_the_year_closes_every_12349_request_within_it_and_a_rerun_closes_what_was_left_open(personas):
    # given elderly people in every district
    given.people_in_every_district()
    # when the step makes a synthetic 2020
    eldercare_seed(scale=0.01, random_seed=2020, year=2020)
    # then every request of the year was taken to its end (回访办结, 当场答复 or 撤销) on a date of 2020
    helps = HelpRequest.objects.select_related("case")
    assert helps.count() >= 10
    assert not helps.filter(case__closed_at__isnull=True).exists()
    assert {timezone.localtime(h.case.closed_at).year for h in helps} == {2020}
    assert {h.case.state for h in helps} <= {"closed", "cancelled"}
    assert not selectors.help_overdue(user=personas.city).exists()
    assert (
        not CaseEvent.objects.exclude(at__year=2020)
        .filter(action__in=("open", "dispatch", "callback"))
        .exists()
    )
    # and the board of the city shows no request as 超时
    board = client_for(personas.city).get("/eldercare/help/board/").content.decode()
    assert 'data-testid="board-row"' not in board and '<b data-testid="count-overdue">0</b>' in board

    # given a dataset of an earlier version of the step: a 2020 request left dispatched, the hotline account
    # named after its username
    hotline = User.objects.get(username="yl_seed_12349")
    User.objects.filter(pk=hotline.pk).update(display_name="yl_seed_12349（合成数据）")
    provider = Institution.objects.filter(kind="home_care").first()
    elderly = helps.first().elderly
    at = datetime(2020, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    left = services.help_request_open(actor=hotline, caller_name="王先生", caller_phone="0898-66668888",
                                      category="cleaning", description="助洁服务需求", elderly=elderly, at=at)  # fmt: skip
    services.help_request_move(actor=hotline, help=left, action="dispatch", provider=provider,
                               at=at + timedelta(minutes=10))  # fmt: skip
    # when the step runs again
    summary = eldercare_seed(scale=0.01, random_seed=2020, year=2020)
    # then that request is taken to 回访办结 through the services from its last step, within June 2020
    left = HelpRequest.objects.select_related("case").get(pk=left.pk)
    assert left.case.state == "closed" and timezone.localtime(left.case.closed_at).date() <= date(2020, 6, 3)
    assert list(left.case.events.order_by("at", "pk").values_list("action", flat=True)) == [
        "open", "dispatch", "accept", "arrive", "finish", "callback",
    ]  # fmt: skip
    assert "2020年未办结的12349求助1件已办结" in summary
    # and the request's page names the hotline by its name, with the year on every 2020 moment
    page = client_for(personas.city).get(f"/eldercare/help/{left.pk}/").content.decode()
    assert "yl_seed_" not in page and "海口市12349养老服务热线" in page
    assert "2020年6月1日 09:00" in page
