"""inspection_record / finding_submit / finding_verify: checklist, findings with rectification deadlines,
follow-up until closed, overdue rectifications flagged."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from minzheng.eldercare import indicators, rules, selectors, services
from minzheng.eldercare.models import Finding, FindingEvent, InstitutionKind
from minzheng.eldercare.services import EldercareError
from minzheng.eldercare.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(personas):
    return given.institution(
        personas.district, kind=InstitutionKind.TOWN_HOME, name="长流镇敬老院", region="460105100"
    )


def _checklist(kind, failing=()):
    return {code: ("fail" if code in failing else "pass") for code, _ in rules.checklist_items(kind)}


def _inspect(personas, home, *, days_ago=40, findings=(), failing=()):
    return services.inspection_record(
        actor=personas.district, institution=home, kind="fire_safety",
        inspected_on=timezone.localdate() - timedelta(days=days_ago),
        checklist=_checklist("fire_safety", failing), findings=findings,
    )  # fmt: skip


def test_findings_get_default_deadlines_and_overdue_ones_are_flagged(personas, home):
    # given a fire-safety inspection 40 days ago with a major hazard and a general problem
    inspection = _inspect(
        personas, home, failing=("extinguishers", "drills"),
        findings=[{"item": "extinguishers", "description": "灭火器过期", "severity": "major"},
                  {"item": "drills", "description": "未开展疏散演练", "severity": "general"}],
    )  # fmt: skip
    assert inspection.status == "rectifying"
    major, general = inspection.findings.order_by("item")[1], inspection.findings.order_by("item")[0]
    # then the deadlines are 7 and 30 days after the inspection (rules.RECTIFY_DAYS)
    assert major.rectify_by == inspection.inspected_on + timedelta(days=7)
    assert general.rectify_by == inspection.inspected_on + timedelta(days=30)
    # and both are overdue today, for the district and in the indicator; another district sees nothing
    assert set(selectors.finding_overdue(user=personas.district)) == {major, general}
    assert not selectors.finding_overdue(user=personas.other_district).exists()
    today = timezone.localdate()
    assert indicators.findings_overdue(home.region, today, today) == 2


def test_follow_up_until_closed(personas, home):
    inspection = _inspect(
        personas, home, days_ago=1, failing=("escape_routes",),
        findings=[{"item": "escape_routes", "description": "疏散通道堆放杂物", "severity": "general"}],
    )  # fmt: skip
    finding = inspection.findings.get()
    operator = given.provider_user("jingyuan")
    services.institution_operator_attach(actor=personas.district, institution=home, user=operator)
    # the institution reports it put right; the district finds it is not
    services.finding_submit(actor=operator, finding=finding, note="已清理")
    new_deadline = timezone.localdate() + timedelta(days=5)
    services.finding_verify(
        actor=personas.district, finding=finding, passed=False, note="仍有杂物", rectify_by=new_deadline
    )
    finding.refresh_from_db()
    assert (finding.status, finding.rectify_by) == ("open", new_deadline)
    # second round: verified and closed, which closes the inspection
    services.finding_submit(actor=operator, finding=finding, note="已全部清理")
    services.finding_verify(actor=personas.district, finding=finding, passed=True, note="复查合格")
    finding.refresh_from_db()
    inspection.refresh_from_db()
    assert finding.status == "closed" and inspection.status == "closed" and inspection.closed_at
    assert list(FindingEvent.objects.filter(finding=finding).values_list("action", flat=True)) == [
        "发现问题", "整改上报", "复查不通过", "整改上报", "复查通过，销号",
    ]  # fmt: skip


def test_checklist_rules(personas, home):
    with pytest.raises(EldercareError, match="未填写结果"):
        services.inspection_record(actor=personas.district, institution=home, kind="fire_safety",
                                   inspected_on=date(2021, 3, 1), checklist={})  # fmt: skip
    with pytest.raises(EldercareError, match="须登记发现的问题"):
        _inspect(personas, home, failing=("alarms",))
    with pytest.raises(PermissionDenied, match="角色"):
        services.inspection_record(actor=personas.grid_a, institution=home, kind="fire_safety",
                                   inspected_on=date(2021, 3, 1), checklist=_checklist("fire_safety"))  # fmt: skip
    clean = _inspect(personas, home)
    assert clean.status == "clean" and not Finding.objects.filter(inspection=clean).exists()


def test_only_the_office_verifies(personas, home):
    inspection = _inspect(
        personas, home, days_ago=1, failing=("kitchen",),
        findings=[{"item": "kitchen", "description": "燃气管老化", "severity": "major"}],
    )  # fmt: skip
    finding = inspection.findings.get()
    services.finding_submit(actor=personas.district, finding=finding, note="已更换")
    operator = given.provider_user("jingyuan")
    with pytest.raises(PermissionDenied, match="角色"):
        services.finding_verify(actor=operator, finding=finding, passed=True)
    with pytest.raises(EldercareError):
        services.finding_verify(actor=personas.other_district, finding=finding, passed=True)
