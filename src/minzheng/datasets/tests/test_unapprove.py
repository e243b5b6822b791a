"""取消审核 (``services.period_unapprove``) is narrower than approving: ``datasets.unapprove`` (the offices' responsible
roles: 区局审核员, 市局管理员), at the approving level or above it, over the unit. A 镇街经办人 who approved a community's
report may not take it back — the service refuses, the approval page shows the move disabled with the rule, and a
posted unapproval gets the 403 page saying why; the district above takes it back, audited with its reason. A
district-level set is entered by the district (区局) and approved by the city."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.core.audit import acting_as
from minzheng.core.models import AuditEntry
from minzheng.core.testing import COMMUNITY_A, DISTRICT, client_for
from minzheng.datasets import rules, selectors, services
from minzheng.datasets.errors import DatasetError
from minzheng.datasets.models import Approval, Completion, DataSet
from minzheng.datasets.services import data_set_create, element_create
from minzheng.datasets.tests import given
from minzheng.datasets.tests.given import at

pytestmark = pytest.mark.django_db

Q1 = date(2020, 1, 1)
REASON = "宣传场次与签到表不符，取消审核待核实"


@pytest.fixture
def community_set(personas):  # noqa: ANN201
    """祭扫宣传季报 of 秀华社区 for 2020 Q1, reported by the community and approved by its town (秀英街道)."""
    data_set = given.quarterly_community(personas)
    (talks,) = given.element_ids(data_set)
    services.values_save(actor=personas.community, data_set=data_set, region=given.community(), period=Q1,
                         values={talks: "2"}, at=at(date(2020, 4, 2)))  # fmt: skip
    services.period_complete(actor=personas.community, data_set=data_set, region=given.community(), period=Q1,
                             at=at(date(2020, 4, 2)))  # fmt: skip
    services.period_approve(actor=personas.town, data_set=data_set, region=given.community(), period=Q1)
    return data_set


def _state(data_set: DataSet) -> str:
    return Approval.objects.get(data_set=data_set, region=given.community(), period=Q1).state


def test_the_town_clerk_who_approved_may_not_take_it_back(personas, community_set):
    # when the 镇街经办人 who approved the community's quarter tries to take the approval back
    with pytest.raises(PermissionDenied) as refused:
        services.period_unapprove(actor=personas.town, data_set=community_set, region=given.community(),
                                  period=Q1, reason=REASON)  # fmt: skip
    # then the refusal says why and who may, naming the clerk's role; the figures stay approved and locked
    message = str(refused.value)
    assert "解锁已计入统计指标的数据" in message and "区局审核员" in message and "市局管理员" in message
    assert "镇街经办人" in message
    assert _state(community_set) == Approval.State.APPROVED
    assert selectors.entry(data_set=community_set, region=given.community(), period=Q1).locked


def test_the_district_above_takes_it_back_audited_with_the_reason(personas, community_set):
    # when the district reviewer over the town takes the approval back (a page request names the acting user)
    with acting_as(personas.district):
        services.period_unapprove(actor=personas.district, data_set=community_set, region=given.community(),
                                  period=Q1, reason=REASON)  # fmt: skip
    # then the values open again for the community, the report stays reported
    approval = Approval.objects.get(data_set=community_set, region=given.community(), period=Q1)
    assert approval.state == Approval.State.UNAPPROVED and approval.decided_by == personas.district
    assert not selectors.entry(data_set=community_set, region=given.community(), period=Q1).locked
    assert Completion.objects.filter(data_set=community_set, region=given.community(), period=Q1).exists()
    # and the audit chain holds the decision with its actor and reason
    entry = AuditEntry.objects.filter(object_type="datasets.approval", action="update").get()
    assert entry.actor == personas.district
    assert entry.after["state"] == "unapproved" and entry.after["reason"] == REASON
    assert entry.before["state"] == "approved"


def test_outside_the_region_or_below_the_approving_level_is_refused(personas, community_set):
    # another district's reviewer holds the capability, but the community is not theirs
    with pytest.raises(DatasetError, match="“秀华社区.*”不在您的管辖范围内"):
        services.period_unapprove(actor=personas.other_district, data_set=community_set,
                                  region=given.community(), period=Q1, reason=REASON)  # fmt: skip
    # the community worker and a grid worker lack the capability
    for who in (personas.community, personas.grid_a):
        with pytest.raises(PermissionDenied):
            services.period_unapprove(actor=who, data_set=community_set, region=given.community(), period=Q1,
                                      reason=REASON)  # fmt: skip
    assert _state(community_set) == Approval.State.APPROVED


def test_the_approval_page_shows_the_clerk_the_move_disabled_and_a_posted_one_gets_the_403_page(
    personas, community_set
):
    client = client_for(personas.town)
    url = f"/datasets/{community_set.pk}/approval/"
    # given the town clerk's approval page: 取消审核 is shown disabled, with the rule beside it
    page = client.get(url, {"period": Q1.isoformat()}).content.decode()
    assert f'data-testid="unapprove-{COMMUNITY_A}"' in page and "disabled" in page
    assert "须由审核层级或其上级的市局管理员、区局审核员办理" in page
    assert 'value="unapprove"' not in page
    # when the clerk posts an unapproval anyway
    response = client.post(f"{url}act/", {"region": COMMUNITY_A, "period": Q1.isoformat(),
                                          "action": "unapprove", "reason": REASON})  # fmt: skip
    # then the 403 page says why, in the site's layout; nothing changed
    assert response.status_code == 403
    body = response.content.decode()
    assert "解锁已计入统计指标的数据" in body and "您的角色（镇街经办人）不能“取消审核汇总报表”" in body
    assert _state(community_set) == Approval.State.APPROVED


def test_the_district_opens_the_towns_approval_page_and_takes_the_approval_back(personas, community_set):
    client = client_for(personas.district)
    url = f"/datasets/{community_set.pk}/approval/"
    # given the district's view of the community set: it may take approvals back, not approve or return
    page = client.get(url, {"period": Q1.isoformat()}).content.decode()
    assert 'value="unapprove"' in page and 'value="approve"' not in page and "unapprove-rule" not in page
    detail = client.get(f"/datasets/{community_set.pk}/").content.decode()
    assert f"/datasets/{community_set.pk}/approval/" in detail
    # when it takes the approval back with a reason
    response = client.post(f"{url}act/", {"region": COMMUNITY_A, "period": Q1.isoformat(),
                                          "action": "unapprove", "reason": REASON})  # fmt: skip
    # then the period is open again
    assert response.status_code == 302
    assert _state(community_set) == Approval.State.UNAPPROVED


def test_the_district_enters_its_own_set_and_the_city_approves_and_takes_back(personas):
    # given a yearly set the districts report to the city
    element = element_create(actor=personas.city, name="殡葬改革宣传场次", unit="场")
    data_set = data_set_create(actor=personas.city, title="殡葬改革宣传年报", period_type=rules.PeriodType.YEARLY,
                               report_level="district", elements=[element])  # fmt: skip
    district = given.town().parent
    assert district.code == DISTRICT
    year = date(2020, 1, 1)
    # when the district reviewer enters and reports its year
    services.values_save(actor=personas.district, data_set=data_set, region=district, period=year,
                         values={element.pk: "12"}, at=at(date(2021, 1, 5)))  # fmt: skip
    services.period_complete(actor=personas.district, data_set=data_set, region=district, period=year,
                             at=at(date(2021, 1, 5)))  # fmt: skip
    # then only the city approves it, and the city may take it back
    with pytest.raises(DatasetError, match="由市审核"):
        services.period_approve(actor=personas.district, data_set=data_set, region=district, period=year)
    services.period_approve(actor=personas.city, data_set=data_set, region=district, period=year)
    services.period_unapprove(actor=personas.city, data_set=data_set, region=district, period=year,
                              reason=REASON)  # fmt: skip
    assert Approval.objects.get(data_set=data_set).state == Approval.State.UNAPPROVED


def test_levels_at_or_above():
    assert rules.level_at_or_above("city", "town") and rules.level_at_or_above("district", "district")
    assert not rules.level_at_or_above("town", "district")
    assert not rules.level_at_or_above("grid", "community")
