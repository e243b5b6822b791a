"""The two subsidies end to end (国发〔2015〕52号): certificate, application as a case, approval into the ledger,
monthly payroll by the rules — and the ends: death, a lost certificate, a grade that no longer qualifies, a
household leaving 低保, 特困."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.benefits.models import Enrollment, Payment
from minzheng.benefits.services import enrollment_create, enrollment_stop, payroll_run_run_as_system
from minzheng.disability import rules, services
from minzheng.disability.errors import DisabilityError
from minzheng.disability.tests import given
from minzheng.registry.services.persons import person_set_status

pytestmark = pytest.mark.django_db
APRIL, MAY, JUNE = date(2020, 4, 1), date(2020, 5, 1), date(2020, 6, 1)


@pytest.fixture
def standards(personas):  # noqa: ANN201
    given.standards()
    return personas


def _paid(program: str, month: date) -> dict[int, int]:
    run = payroll_run_run_as_system(program=program, month=month)
    return dict(Payment.objects.filter(run=run).values_list("person_id", "amount_fen"))


def test_care_is_granted_through_the_case_and_paid_by_grade(standards):
    personas = standards
    # given a 一级 肢体 certificate holder who applies in March
    who = given.person("残一")
    given.certified(who, kind=rules.Kind.PHYSICAL, grade=1)
    app = given.approved(personas, who, "care")
    # then the district's approval enrols him from April at the 一级 standard (220 元, demo)
    assert app.case.state == "approved" and app.approved and app.start_month == APRIL
    enrollment = Enrollment.objects.get(pk=app.enrollment_id)
    assert enrollment.program.code == rules.CARE and enrollment.category == rules.CARE_GRADE1
    assert _paid(rules.CARE, APRIL) == {who.pk: 22000}
    assert _paid(rules.CARE, date(2020, 3, 1)) == {}


def test_a_grade_three_holder_is_refused_with_the_reason(standards):
    personas = standards
    who = given.person("残三")
    given.certified(who, kind=rules.Kind.PHYSICAL, grade=3)
    from minzheng.casework.services import case_transition

    app = services.application_create(
        actor=personas.town, person=who, subsidy="care", at=given.at(date(2020, 3, 2))
    )
    case_transition(actor=personas.town, case=app.case, action="accept", at=given.at(date(2020, 3, 2), 11))
    with pytest.raises(DisabilityError, match="重度残疾人护理补贴的对象为一级、二级残疾人"):
        case_transition(
            actor=personas.district, case=app.case, action="approve", at=given.at(date(2020, 3, 3))
        )


def test_living_needs_a_dibao_household_and_stops_the_month_after_it_ends(standards):
    personas = standards
    # given a family on 低保 from January, whose member holds a 二级 certificate and receives 生活补贴
    household = given.family(3, surname="郑")
    dibao = given.dibao(household)
    member = household.memberships.exclude(person=household.head).first().person
    given.certified(member, kind=rules.Kind.HEARING, grade=2)
    app = given.approved(personas, member, "living")
    assert app.amount_fen == 15000 and _paid(rules.LIVING, APRIL) == {member.pk: 15000}
    # when the household leaves 低保 after April
    enrollment_stop(actor=None, enrollment=dibao, last_month=APRIL, reason="收入超过标准")
    # then May pays no 生活补贴, and the sweep records the end on the ledger with the reason
    assert _paid(rules.LIVING, MAY) == {}
    assert services.subsidies_sweep(actor=personas.city, month=MAY) == 1
    ended = Enrollment.objects.get(pk=app.enrollment_id)
    assert ended.end_month == APRIL and "不是低保对象" in ended.stop_reason


def test_a_person_without_dibao_is_refused_living(standards):
    personas = standards
    who = given.person("无保")
    given.certified(who, grade=2)
    from minzheng.casework.services import case_transition

    app = services.application_create(
        actor=personas.town, person=who, subsidy="living", at=given.at(date(2020, 3, 2))
    )
    case_transition(actor=personas.town, case=app.case, action="accept", at=given.at(date(2020, 3, 2), 11))
    with pytest.raises(DisabilityError, match="不是低保对象"):
        case_transition(
            actor=personas.district, case=app.case, action="approve", at=given.at(date(2020, 3, 3))
        )


def test_death_ends_both_subsidies_after_the_month_of_death(standards):
    personas = standards
    household = given.family(2, surname="冯")
    given.dibao(household)
    who = household.head
    given.certified(who, kind=rules.Kind.VISUAL, grade=1)
    given.approved(personas, who, "living")
    given.approved(personas, who, "care")
    # both are paid in April (可同时申领)
    assert _paid(rules.LIVING, APRIL) == {who.pk: 15000} and _paid(rules.CARE, APRIL) == {who.pk: 22000}
    # when his death on 10 May is recorded in the registry
    person_set_status(
        actor=personas.town, person=who, status="deceased", date=date(2020, 5, 10), reason="病故"
    )
    # then May (the month of death) is paid, June is not; the registry's death hook (registry.life_events)
    # already ended both with May, so the sweep finds nothing left to stop
    assert _paid(rules.CARE, MAY) == {who.pk: 22000}
    assert _paid(rules.CARE, JUNE) == {} and _paid(rules.LIVING, JUNE) == {}
    assert services.subsidies_sweep(actor=None, month=JUNE) == 0
    assert set(Enrollment.objects.filter(person=who, program__code__in=(rules.LIVING, rules.CARE))
               .values_list("end_month", flat=True)) == {MAY}  # fmt: skip


def test_a_regrade_changes_the_amount_and_a_revoked_certificate_stops_it(standards):
    personas = standards
    who = given.person("改级")
    certificate = given.certified(who, kind=rules.Kind.PHYSICAL, grade=1)
    given.approved(personas, who, "care")
    # when re-assessed 二级 on 15 April: May pays the 二级 standard (180 元)
    new = services.certificate_regrade(
        actor=personas.town, certificate=certificate, grade=2, on=date(2020, 4, 15)
    )
    assert new.number.endswith("42") and _paid(rules.CARE, MAY) == {who.pk: 18000}
    # when the certificate is revoked on 3 May: May is still paid, June not
    services.certificate_revoke(
        actor=personas.town, certificate=new, on=date(2020, 5, 3), reason="遗失后未补办"
    )
    assert _paid(rules.CARE, JUNE) == {}


def test_a_tekun_person_receives_neither(standards):
    personas = standards
    who = given.person("特困")
    given.certified(who, grade=1)
    given.approved(personas, who, "care")
    # when he is supported as 特困 from May (52号: 纳入特困人员供养的残疾人不享受两项补贴)
    enrollment_create(
        actor=None, program="tekun", person=who, region=who.region, start_month=MAY, amount_fen=90000
    )
    assert _paid(rules.CARE, APRIL) == {who.pk: 22000}
    assert _paid(rules.CARE, MAY) == {}


def test_certificates_are_checked_and_one_at_a_time(standards):
    personas = standards
    who = given.person("证号")
    with pytest.raises(DisabilityError, match="末两位"):
        services.certificate_register(actor=personas.town, person=who, kind=4, grade=1, number=who.id_number + "42",
                                      issued_on=date(2020, 1, 1))  # fmt: skip
    given.certified(who, grade=1)
    with pytest.raises(DisabilityError, match="已有有效的残疾人证"):
        given.certified(who, grade=2)
    # a grid worker may not record certificates (the capability names it)
    with pytest.raises(PermissionDenied, match="登记、变更和注销残疾人证信息"):
        services.certificate_register(
            actor=personas.grid_a, person=who, kind=4, grade=1, issued_on=date(2020, 1, 1)
        )
