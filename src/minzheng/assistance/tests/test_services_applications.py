"""Applications on the case engine (domain.md §1 state machine): where to apply, the route to 纳入, the
公示 and its objections, the written refusal and the applicant's objection, conflicts, time limits."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.models import Application, ReviewPlan
from minzheng.assistance.tests import given
from minzheng.benefits.models import Enrollment
from minzheng.casework.models import CaseEvent
from minzheng.casework.selectors import case_overdue
from minzheng.casework.services import CaseError
from minzheng.core.workdays import add_workdays
from minzheng.registry.models import Relation

pytestmark = pytest.mark.django_db
D = date(2020, 3, 2)


# --- where to apply (办法 Art. 4 户籍地; seed document: 居住证 holders where they live) ------------------


def test_application_is_made_at_the_town_of_hukou(personas, reference):
    # given a household registered in 秀华社区 (秀英街道)
    hh = given.family(3)
    # when the town's case worker registers the application
    app = given.apply(personas.town, hh.head)
    # then the case is filed under the community of 户籍, for the household (3 members), 城市低保
    assert app.region.code == given.URBAN_COMMUNITY and app.program == "dibao_urban"
    assert app.case.state == "applied" and app.case.number.startswith("DB460105")
    assert app.assessment.members.count() == 3


def test_another_district_cannot_take_the_application(personas, reference):
    hh = given.family(2)
    with pytest.raises(PermissionDenied, match="登记救助申请"):
        given.apply(personas.other_district, hh.head)  # a district reviewer does not register applications
    other_town = given.town_user("460108001", "meilan_town")
    with pytest.raises(AssistanceError, match="应向户籍所在地乡镇（街道）申请：秀英街道"):
        given.apply(other_town, hh.head)


def test_residence_permit_holder_may_apply_where_they_live(personas, reference):
    # given a migrant with no Haikou 户籍 living in 秀华社区 with a valid 居住证
    migrant = given.person(
        "外来甲", hukou=None, lives=given.URBAN_COMMUNITY, permit_until=date(2030, 1, 1), id_region="440106"
    )
    # when the town worker of where they live registers the application under the residence-permit rule
    app = given.apply(personas.town, migrant, via_residence_permit=True)
    # then it is filed where they live
    assert app.via_residence_permit and app.region.code == given.URBAN_COMMUNITY


def test_without_a_valid_permit_a_non_resident_may_not_apply_where_they_live(personas, reference):
    expired = given.person(
        "外来乙", hukou=None, lives=given.URBAN_COMMUNITY, permit_until=date(2019, 1, 1), id_region="440106"
    )
    with pytest.raises(AssistanceError, match="没有有效的居住证"):
        given.apply(personas.town, expired, via_residence_permit=True)
    with pytest.raises(AssistanceError, match="没有本市户籍"):
        given.apply(personas.town, expired)
    # and someone whose 户籍 is in 美兰区 but lives in 秀英 without a permit must apply in 美兰
    meilan = given.person("美兰丙", hukou=given.OTHER_COMMUNITY, lives=given.URBAN_COMMUNITY)
    with pytest.raises(AssistanceError, match="应向户籍所在地乡镇（街道）申请"):
        given.apply(personas.town, meilan)


def test_household_kind_decides_urban_or_rural_dibao(personas, reference):
    hh = given.family(2, kind="rural", hukou=given.RURAL_COMMUNITY, surname="符")
    app = given.apply(personas.town, hh.head)
    assert app.program == "dibao_rural"


# --- the route --------------------------------------------------------------------------------------


def test_from_acceptance_to_enrolled_with_the_gap_formula(personas, reference):
    """《社会救助暂行办法》第十二条 + domain.md §1: paid from the month after confirmation."""
    # given a household of 4 with 2,000 元 of wages a month (per capita 500, standard 610)
    hh = given.family(4)
    app = given.apply(personas.town, hh.head)
    given.income(personas.town, app, 200000)
    # when it goes 受理 → 调查 → 公示 → 区县审核确认
    app = given.enrolled(personas.town, personas.district, app, day=D)
    # then the county's decision enrols the household for (610 − 500) × 4 = 440 元 from April 2020
    assert app.case.state == "enrolled" and app.approved is True
    assert app.decision_amount_fen == 44000 and app.decision_members == 4
    assert app.decision_start_month == date(2020, 4, 1)
    enrollment = Enrollment.objects.get(pk=app.enrollment_id)
    assert enrollment.program.code == "dibao_urban" and enrollment.household_id == hh.pk
    assert enrollment.members_count == 4 and enrollment.start_month == date(2020, 4, 1)
    assert any("= 440.00 元（《社会救助暂行办法》第十二条）" in line for line in app.decision_lines)
    # and a yearly review is planned (stable income, domain.md §1 动态管理)
    plan = ReviewPlan.objects.get(enrollment=enrollment)
    assert plan.interval_months == 12 and plan.next_due == date(2021, 4, 1)
    steps = list(CaseEvent.objects.filter(case=app.case).values_list("action", flat=True))
    assert steps == ["open", "accept", "submit", "publish", "publicity_end", "approve"]


def test_publicity_lasts_seven_days(personas, reference):
    """domain.md §1 state 4: 公示 for 7 days."""
    app = given.apply(personas.town, given.family(2).head)
    given.move(personas.town, app, "accept", D)
    given.move(personas.town, app, "submit", D)
    given.move(personas.town, app, "publish", D, hour=9)
    with pytest.raises(CaseError, match="公示期为7天"):
        given.move(personas.town, app, "publicity_end", D + timedelta(days=6))
    given.move(personas.town, app, "publicity_end", D + timedelta(days=7), hour=9)


def test_objection_during_publicity_reinvestigates_or_re_publicises(personas, reference):
    """domain.md §1 state 4: an objection → re-investigate, or 民主评议 then a new 7-day 公示."""
    app = given.apply(personas.town, given.family(2).head)
    given.move(personas.town, app, "accept", D)
    given.move(personas.town, app, "submit", D)
    given.move(personas.town, app, "publish", D)
    # a neighbour objects (the community worker records it)
    given.move(personas.community, app, "object", D + timedelta(days=2), comment="邻居反映其有经营收入")
    # the town re-investigates …
    case = given.move(personas.town, app, "reinvestigate", D + timedelta(days=3))
    assert case.state == "investigating"
    given.move(personas.town, app, "submit", D + timedelta(days=4))
    given.move(personas.town, app, "publish", D + timedelta(days=5))
    # … or, on a second objection, holds 民主评议 and publishes again for 7 more days
    given.move(personas.community, app, "object", D + timedelta(days=6), comment="再次异议")
    case = given.move(
        personas.town, app, "democratic_review", D + timedelta(days=7), comment="民主评议：异议不成立"
    )
    assert case.state == "publicity"
    with pytest.raises(CaseError, match="公示期为7天"):
        given.move(personas.town, app, "publicity_end", D + timedelta(days=12))
    assert given.move(personas.town, app, "publicity_end", D + timedelta(days=15)).state == "district_review"


def test_ineligible_cannot_be_published_and_the_refusal_is_written(personas, reference):
    """Art. 11(3) / domain.md §1 state 5: a refusal is in writing with reasons; the applicant may object."""
    app = given.apply(personas.town, given.family(2).head)
    given.income(personas.town, app, 300000)  # 1,500 元 per head > 610
    given.move(personas.town, app, "accept", D)
    given.move(personas.town, app, "submit", D)
    with pytest.raises(CaseError, match="初审不符合，报区县"):
        given.move(personas.town, app, "publish", D)
    given.move(personas.town, app, "report_ineligible", D, comment="人均收入高于标准")
    with pytest.raises(CaseError, match="不符合条件，应作不予救助决定"):
        given.move(personas.district, app, "approve", D + timedelta(days=1))
    with pytest.raises(CaseError, match="须填写意见或理由"):
        given.move(personas.district, app, "reject", D + timedelta(days=1))
    case = given.move(
        personas.district, app, "reject", D + timedelta(days=1), comment="家庭月人均收入1500元高于标准610元"
    )
    app.refresh_from_db()
    assert case.closed_at is not None and app.approved is False
    assert app.decision_reason == "家庭月人均收入1500元高于标准610元"
    # the applicant objects: the county re-examines, the case is open again
    case = given.move(personas.district, app, "appeal", D + timedelta(days=5), comment="申请人提出异议")
    assert case.state == "district_review" and case.closed_at is None


def test_tekun_person_cannot_also_be_enrolled_in_dibao(personas, reference):
    """rules.CONFLICTS: 特困 vs 低保 (《社会救助暂行办法》第十四、十五条; domain.md §2)."""
    # given an elderly man enrolled as 特困
    elder = given.person("符老伯", birth=date(1945, 1, 1))
    given.household(elder)
    tekun = given.apply(personas.town, elder, kind="tekun", support="dispersed")
    from minzheng.assistance.services.assessments import assessment_update

    assessment_update(actor=personas.town, assessment=tekun.assessment, no_supporter=True)
    given.enrolled(personas.town, personas.district, tekun, day=D)
    # when his relative's household (which he has joined) is confirmed for 低保
    head = given.person("符大")
    hh = given.household(head, kind="urban")
    from minzheng.registry.models import Membership

    Membership.objects.filter(person=elder).update(end_date=date(2020, 3, 20))
    Membership.objects.create(
        household=hh, person=elder, relation=Relation.PARENT, start_date=date(2020, 3, 21)
    )
    dibao = given.apply(personas.town, head, day=date(2020, 4, 1))
    end = given.to_district(personas.town, dibao, day=date(2020, 4, 1))
    # then the approval is refused, with the reason
    with pytest.raises(CaseError, match="符老伯正在享受特困人员救助供养：特困人员已由救助供养保障基本生活"):
        given.move(personas.district, dibao, "approve", end + timedelta(days=1))
    assert Application.objects.get(pk=dibao.pk).case.state == "district_review"


def test_a_second_open_application_is_refused(personas, reference):
    hh = given.family(2)
    given.apply(personas.town, hh.head)
    with pytest.raises(AssistanceError, match="已有办理中的城市低保申请"):
        given.apply(personas.town, hh.head)


# --- time limits (民发〔2021〕57号: 30 working days from 受理, extendable to 45) ------------------------


def test_thirty_working_days_from_acceptance_then_overdue(personas, reference):
    app = given.apply(personas.town, given.family(2).head, day=date(2020, 9, 25))
    # accepted on Friday 2020-10-09, after the National Day holiday (10-01…10-08, 调休 on 09-27 and 10-10)
    case = given.move(personas.town, app, "accept", date(2020, 10, 9))
    due = add_workdays(date(2020, 10, 9), 30)
    assert case.due_at.date() == due
    # then, that day long past, it is flagged overdue for the town and the county alike
    assert app.case_id in case_overdue(user=personas.district).values_list("pk", flat=True)
    assert app.case_id in case_overdue(user=personas.town).values_list("pk", flat=True)
    # while one accepted today is not
    fresh = given.apply(personas.town, given.family(2, surname="李").head, day=date.today())
    from minzheng.casework.services import case_transition

    case_transition(actor=personas.town, case=fresh.case, action="accept")
    assert fresh.case_id not in case_overdue(user=personas.district).values_list("pk", flat=True)


def test_extension_to_45_working_days_from_acceptance(personas, reference):
    from minzheng.assistance.services.applications import application_extend

    app = given.apply(personas.town, given.family(2).head, day=date(2020, 3, 2))
    given.move(personas.town, app, "accept", date(2020, 3, 4))
    app.refresh_from_db()
    case = application_extend(actor=personas.town, application=app, reason="需入户核查异地财产")
    assert case.extended and case.due_at.date() == add_workdays(date(2020, 3, 4), 45)
    with pytest.raises(CaseError, match="已延期一次"):
        application_extend(actor=personas.town, application=app, reason="再次延期")
