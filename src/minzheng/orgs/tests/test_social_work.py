"""社区社会组织 filing at the town, social workers (持证), training and figure 55, 社工站, purchased services."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.orgs.errors import OrgsError
from minzheng.orgs.indicators import workers_trained
from minzheng.orgs.services import (
    filing_create,
    penalty_decide,
    project_create,
    project_evaluate,
    station_open,
    training_record,
    worker_register,
    worker_training_hours,
)
from minzheng.orgs.tests import given

pytestmark = pytest.mark.django_db


def test_the_town_files_community_organisations(personas):
    town, community = given.region("460105001"), given.region("460105001001")
    filing = filing_create(actor=personas.town, name="秀华社区舞蹈队", field="文体娱乐", town=town, community=community,
                           leader_name="陈", filed_on=date(2020, 5, 1), members=12)  # fmt: skip
    assert filing.region == community
    with pytest.raises(OrgsError, match="已备案名为"):
        filing_create(actor=personas.town, name="秀华社区舞蹈队", field="文体", town=town, leader_name="陈",
                      filed_on=date(2020, 5, 2))  # fmt: skip
    with pytest.raises(PermissionDenied):
        filing_create(
            actor=personas.district,
            name="甲",
            field="文体",
            town=town,
            leader_name="陈",
            filed_on=date(2020, 5, 2),
        )
    with pytest.raises(OrgsError, match="备案机关应为乡镇"):
        filing_create(actor=None, name="乙", field="文体", town=given.region("460105"), leader_name="陈",
                      filed_on=date(2020, 5, 2))  # fmt: skip


def test_a_certified_level_needs_its_certificate(personas):
    who = given.person("社工甲")
    with pytest.raises(OrgsError, match="须填写证书编号和取证年度"):
        worker_register(actor=personas.district, person=who, level="social")
    worker = worker_register(actor=personas.district, person=who, level="social", certificate_no="S2019460100001",
                             certified_year=2019)  # fmt: skip
    assert worker.get_level_display() == "社会工作师"


def test_figure_55_counts_each_worker_trained_once(personas):
    # given three workers; two trained twice in 2020, one only in 2019
    a, b, c = (worker_register(actor=None, person=given.person(n)) for n in ("甲", "乙", "丙"))
    district = given.region("460105")
    training_record(actor=personas.district, title="社区治理能力培训（一）", held_on=date(2020, 6, 1), hours=8,
                    region=district, workers=[a, b])  # fmt: skip
    training_record(actor=personas.district, title="社区治理能力培训（二）", held_on=date(2020, 9, 1), hours=6,
                    region=district, workers=[a, b])  # fmt: skip
    training_record(
        actor=None, title="2019年培训", held_on=date(2019, 9, 1), hours=4, region=district, workers=[c]
    )
    city = given.region("460100")
    assert workers_trained(city, date(2020, 1, 1), date(2020, 12, 31)) == 2
    assert workers_trained(given.region("460108"), date(2020, 1, 1), date(2020, 12, 31)) == 0
    assert worker_training_hours(a, year=2020) == 14


def test_one_station_a_town_and_a_project_needs_an_active_provider(personas):
    town = given.region("460105001")
    org = given.registered(personas, kind="service", name="秀英区社工服务中心")
    station = station_open(
        actor=personas.district, town=town, name="", opened_on=date(2020, 1, 1), operator=org
    )
    assert station.name == "秀英街道社会工作服务站"
    with pytest.raises(OrgsError, match="已有社工站"):
        station_open(actor=personas.district, town=town, name="又一站", opened_on=date(2020, 2, 1))
    project = project_create(actor=personas.district, title="困境儿童关爱项目", year=2020, region=given.region("460105"),
                             provider=org, budget_fen=20_000_000, deliverables="个案50个、小组10个",
                             start_on=date(2020, 3, 1), end_on=date(2020, 12, 31))  # fmt: skip
    with pytest.raises(OrgsError, match="0至100"):
        project_evaluate(actor=personas.district, project=project, evaluator="某评估中心", score=Decimal("101"),
                         on=date(2021, 1, 10))  # fmt: skip
    project_evaluate(actor=personas.district, project=project, evaluator="某评估中心", score=Decimal("88.5"),
                     on=date(2021, 1, 10))  # fmt: skip
    assert project.status == "evaluated"
    penalty_decide(actor=personas.district, organisation=org, kind="suspend", decided_on=date(2021, 2, 1), facts="x",
                   basis="民非条例第二十五条", suspend_until=date(2021, 5, 1))  # fmt: skip
    org.refresh_from_db()
    with pytest.raises(OrgsError, match="不能承接政府购买服务"):
        project_create(actor=personas.district, title="新项目", year=2021, region=given.region("460105"), provider=org,
                       budget_fen=100, deliverables="x", start_on=date(2021, 3, 1), end_on=date(2021, 4, 1))  # fmt: skip
