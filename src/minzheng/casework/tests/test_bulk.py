import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from minzheng.casework.bulk import BulkCaseError, CaseSpec, StepSpec, cases_record
from minzheng.casework.models import Case, CaseEvent
from minzheng.casework.services import case_open, case_transition
from minzheng.casework.tests.factories import SampleCase, SampleRequest
from minzheng.core.models import AuditEntry, Region
from minzheng.core.roles import Role
from minzheng.core.testing import CITY, user_make

TZ = ZoneInfo("Asia/Shanghai")
COMMUNITY = "460105001001"
pytestmark = pytest.mark.django_db

CASE_FIELDS = (
    "case_type", "title", "state", "region_id", "subject_id", "opened_by_id", "opened_at", "assignee_id",
    "state_entered_at", "state_due_at", "due_at", "extended", "supervised", "closed_at",
)  # fmt: skip


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def _fields(case: Case) -> dict:
    case.refresh_from_db()
    return {f: getattr(case, f) for f in CASE_FIELDS}


def _timeline(case: Case) -> list[tuple]:
    return list(
        CaseEvent.objects.filter(case=case)
        .order_by("at", "id")
        .values_list("action", "action_label", "from_state", "to_state", "at", "actor_id", "comment")
    )


def _steps(personas) -> list[tuple]:
    """受理 → 审核 → 退回 → 审核 → 办结, spread over three weeks of 2020 (受理 starts the 30 working days)."""
    return [
        (personas.town, "accept", _at("2020-03-02 10:00"), "材料齐全"),
        (personas.district, "review", _at("2020-03-09 15:30"), ""),
        (personas.district, "return", _at("2020-03-10 09:00"), "收入核算有误"),
        (personas.district, "review", _at("2020-03-16 11:00"), ""),
        (personas.district, "close", _at("2020-03-20 16:45"), ""),
    ]


def _through_services(personas, case_type: str, opened: datetime, steps: list[tuple]) -> Case:
    case = case_open(
        case_type=case_type, actor=personas.town, region=Region.objects.get(code=COMMUNITY), title="张三申请",
        comment="申请登记", at=opened,
    )  # fmt: skip
    for actor, action, at, comment in steps:
        case_transition(actor=actor, case=case, action=action, comment=comment, at=at)
    return case


def _spec(personas, case_type: str, opened: datetime, steps: list[tuple], **kwargs) -> CaseSpec:
    values = {
        "case_type": case_type,
        "region": Region.objects.get(code=COMMUNITY).pk,
        "title": "张三申请",
        "opened_at": opened,
        "opened_by": personas.town.pk,
        "comment": "申请登记",
        "steps": [StepSpec(action, actor.pk, at, comment) for actor, action, at, comment in steps],
    }
    values.update(kwargs)
    return CaseSpec(**values)


def _history(personas, name: str) -> list[tuple]:
    if name == "request":
        operator = user_make("rexian_bulk", Role.HOTLINE_OPERATOR, CITY)
        return [(operator, "close", _at("2020-03-03 10:00"), "")]
    return _steps(personas)[: {"full": 5, "half": 2}[name]]


@pytest.mark.parametrize(
    ("case_type", "history"),
    [
        (SampleCase.code, "full"),  # total deadline from 受理, a step taken twice, ends final
        (SampleCase.code, "half"),  # stopped half-way: open, with its step deadline
        (SampleRequest.code, "request"),  # total deadline from registration
    ],
)
def test_the_same_history_through_the_services_and_in_bulk_gives_the_same_case(personas, case_type, history):
    # given a history of a case: registered on 1 March 2020 by the town, then its steps
    opened = _at("2020-03-01 09:00")
    steps = _history(personas, history)
    # when it is taken once through the services and once recorded in bulk
    served = _through_services(personas, case_type, opened, steps)
    assert cases_record(actor=None, specs=[_spec(personas, case_type, opened, steps)]) == 1
    recorded = Case.objects.exclude(pk=served.pk).get()
    # then both cases have the same fields and the same timeline
    assert _fields(recorded) == _fields(served)
    assert _timeline(recorded) == _timeline(served)
    # and the bulk case is numbered as case_open numbers
    assert recorded.number == f"{served.number[:12]}{recorded.pk:08d}"


def test_every_case_gets_a_unique_well_formed_number_and_the_batch_one_audit_entry(personas):
    # given 7 past cases, written in chunks of 3
    opened = _at("2020-05-06 09:00")
    specs = [_spec(personas, SampleCase.code, opened + timedelta(days=i), []) for i in range(7)]
    audits = AuditEntry.objects.count()
    # when they are recorded in bulk
    assert cases_record(actor=personas.city, specs=specs, batch_size=3) == 7
    # then each has a number prefix + region code + year + pk in 8 digits, all different
    cases = list(Case.objects.order_by("pk"))
    assert len({c.number for c in cases}) == 7
    for c in cases:
        assert re.fullmatch(rf"TS4601052020{c.pk:08d}", c.number)
        assert c.state == "new" and c.state_due_at is not None and c.due_at is None
    assert CaseEvent.objects.filter(action="open").count() == 7
    # and one audit entry per chunk says what was written, by whom
    entries = list(AuditEntry.objects.order_by("seq")[audits:])
    assert [e.action for e in entries] == ["import"] * 3
    assert [e.after["cases"] for e in entries] == [3, 3, 1]
    assert all(e.actor_id == personas.city.pk and e.object_type == "casework.case" for e in entries)
    assert entries[0].detail == f"{cases[0].number}～{cases[2].number}"


def _refused(personas, bad_steps: list[tuple], match: str, **kwargs) -> None:
    good = _spec(personas, SampleCase.code, _at("2020-03-01 09:00"), _steps(personas))
    bad = _spec(personas, SampleCase.code, _at("2020-03-01 09:00"), bad_steps, **kwargs)
    audits = AuditEntry.objects.count()
    with pytest.raises(BulkCaseError, match=match) as refused:
        cases_record(actor=None, specs=[good, good, bad], batch_size=2)
    assert refused.value.position == 3
    assert Case.objects.count() == 0 and CaseEvent.objects.count() == 0
    assert AuditEntry.objects.count() == audits


def test_a_step_not_allowed_from_the_state_refuses_the_whole_batch(personas):
    # given a third case whose second step skips 审核, when recorded, then nothing is written
    steps = _steps(personas)
    _refused(personas, [steps[0], steps[4]], r"^第3项第2步（办结）：当前状态“受理”下不能执行该操作（close）$")


def test_a_step_by_a_role_that_may_not_take_it_refuses_the_whole_batch(personas):
    steps = _steps(personas)
    wrong = (personas.district, "accept", steps[0][2], "材料齐全")
    _refused(personas, [wrong], r"^第3项第1步（受理）：您的角色（.+）不能执行“受理”$")


def test_a_step_without_its_required_comment_refuses_the_whole_batch(personas):
    steps = _steps(personas)
    no_reason = (personas.district, "return", steps[2][2], "  ")
    _refused(personas, [*steps[:2], no_reason], r"^第3项第3步（退回）：“退回”须填写意见或理由$")


def test_steps_out_of_time_order_or_in_the_future_refuse_the_whole_batch(personas):
    steps = _steps(personas)
    early = (personas.district, "review", _at("2020-03-01 08:00"), "")
    _refused(personas, [steps[0], early], r"^第3项第2步（审核）：时间早于上一步")
    future = (personas.town, "accept", _at("2999-01-01 09:00"), "")
    _refused(personas, [future], r"^第3项第1步（受理）：时间晚于当前时间")


def test_a_case_registered_outside_the_registrars_scope_is_refused(personas):
    # given a case of another district registered by 秀英区's town worker
    other = Region.objects.filter(path__startswith="/460100/460108/").exclude(level="district").first()
    _refused(personas, [], r"^第3项：“.*”不在登记人的管辖范围内", region=other.pk)
