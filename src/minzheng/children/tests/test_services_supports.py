"""孤儿/事实无人抚养儿童 through their case (民发〔2019〕62号: 镇街受理、查验 → 区县审核确认): the enrollment it leaves on
the ledger, the refusals (the rule, a second application, a capability, another district)."""

from datetime import date

import pytest

from minzheng.casework.errors import CaseError
from minzheng.children import rules, services
from minzheng.children.errors import ChildrenError
from minzheng.children.tests import given
from minzheng.core.scope import OutOfScopeError

pytestmark = pytest.mark.django_db


def test_confirmation_enrols_the_child_from_the_next_month_until_18(personas):
    # given the 2019/2020 standards and an orphan living in grid A, born 15 June 2005
    given.standards()
    child = given.person(birth=date(2005, 6, 15))
    # when the town accepts and reports and the district confirms on 10 December 2019
    support = given.approved(
        personas, child, placement=rules.Placement.INSTITUTION, decided=date(2019, 12, 10)
    )
    # then the child is enrolled in 孤儿基本生活费, 集中养育, from January 2020, paid until June 2023
    enrollment = support.enrollment
    assert support.case.state == "approved"
    assert (enrollment.program.code, enrollment.category) == ("orphan", rules.CATEGORY_INSTITUTION)
    assert enrollment.start_month == date(2020, 1, 1) and enrollment.end_month is None
    assert support.pay_until == date(2023, 6, 1)
    assert enrollment.amounts.get().amount_fen == 145000


def test_an_orphan_asked_as_de_facto_is_recorded_as_an_orphan(personas):
    given.standards()
    support = given.applied(personas, given.person(), kind=rules.Kind.DE_FACTO)
    assert support.kind == rules.Kind.ORPHAN


def test_confirmation_is_refused_when_the_rule_is_not_met(personas):
    # given a mother out of contact for 5 months only (民发〔2019〕62号 asks 6)
    given.standards()
    support = given.applied(personas, given.person(), kind=rules.Kind.DE_FACTO,
                            father=rules.ParentSituation.DECEASED, mother=rules.ParentSituation.LOST_CONTACT,
                            mother_months=5)  # fmt: skip
    services.support_move(actor=personas.town, support=support, action="accept")
    # when the town reports it, then the rule refuses and names the mother and the 6 months
    with pytest.raises(ChildrenError, match="母亲失联.*须满6个月以上"):
        services.support_move(actor=personas.town, support=support, action="report")
    support.refresh_from_db()
    assert support.case.state == "accepted" and support.enrollment is None


def test_a_second_application_for_the_same_child_is_refused(personas):
    given.standards()
    child = given.person()
    given.applied(personas, child)
    with pytest.raises(ChildrenError, match="已有孤儿申请或保障"):
        given.applied(personas, child)


def test_the_town_may_not_confirm_and_another_district_cannot_reach_the_case(personas):
    given.standards()
    support = given.applied(personas, given.person())
    services.support_move(actor=personas.town, support=support, action="accept")
    services.support_move(actor=personas.town, support=support, action="report")
    with pytest.raises(CaseError, match="不能执行“审核确认，纳入保障”"):
        services.support_move(actor=personas.town, support=support, action="approve")
    with pytest.raises(OutOfScopeError):
        services.support_move(actor=personas.other_district, support=support, action="approve")


def test_an_adult_cannot_apply(personas):
    with pytest.raises(ChildrenError, match="已满18周岁"):
        given.applied(personas, given.person(birth=date(2001, 1, 1)), on=date(2019, 11, 1))


def test_the_case_deadlines_are_the_engines(personas):
    # 15 working days for the town's 查验 from 受理; 30 in all from 受理
    given.standards()
    support = given.applied(personas, given.person(), on=date(2019, 11, 4))
    services.support_move(
        actor=personas.town, support=support, action="accept", at=given.at(date(2019, 11, 4))
    )
    support.case.refresh_from_db()
    assert support.case.state_due_at.date() == date(2019, 11, 25)
    assert support.case.due_at.date() == date(2019, 12, 16)
