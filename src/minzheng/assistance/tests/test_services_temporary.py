"""临时救助 (《社会救助暂行办法》第四十七—四十九条; domain.md §3): small amounts approved by the town
(limit 4 × monthly 低保 standard, [L] Ningguo, a parameter), above it the county; 急难型 helps first from
the town's 备用金, whose balance cannot go below zero."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.indicators import temporary_person_times
from minzheng.assistance.models import ReserveAccount, ReserveEntry
from minzheng.assistance.services.reserve import reserve_top_up
from minzheng.assistance.tests import given
from minzheng.benefits.models import Enrollment
from minzheng.casework.services import CaseError
from minzheng.core.models import Region

pytestmark = pytest.mark.django_db
D = date(2020, 6, 1)
TOWN = "460105001"


def _expense(personas, amount_fen: int):
    hh = given.family(2, surname="吴")
    app = given.apply(personas.town, hh.head, kind="temporary_expense", day=D, requested_fen=amount_fen)
    from minzheng.assistance.services.assessments import assessment_update

    assessment_update(actor=personas.town, assessment=app.assessment, rigid_expenses_fen=300000)
    given.move(personas.town, app, "accept", D)
    given.move(personas.town, app, "submit", D + timedelta(days=1))
    given.move(personas.town, app, "publish", D + timedelta(days=2))
    return app


def test_small_amount_is_approved_by_the_town(personas, reference):
    # given a 支出型 application for 2,000 元 (town limit 4 × 610 = 2,440 元)
    app = _expense(personas, 200000)
    # when the town approves after 公示
    case = given.move(personas.town, app, "town_approve", D + timedelta(days=10))
    app.refresh_from_db()
    # then it is granted as a one-off payment this month
    assert case.state == "enrolled" and app.decision_amount_fen == 200000
    enrollment = Enrollment.objects.get(pk=app.enrollment_id)
    assert enrollment.start_month == enrollment.end_month == date(2020, 6, 1)
    assert any("乡镇审批限额 = 4 × 610.00 = 2,440.00 元" in line for line in app.decision_lines)


def test_above_the_town_limit_needs_the_county(personas, reference):
    app = _expense(personas, 300000)
    with pytest.raises(CaseError, match="超过乡镇（街道）审批限额2,440.00元"):
        given.move(personas.town, app, "town_approve", D + timedelta(days=10))
    given.move(personas.town, app, "publicity_end", D + timedelta(days=10))
    case = given.move(personas.district, app, "approve", D + timedelta(days=12), amount_fen=300000)
    app.refresh_from_db()
    assert case.state == "enrolled" and app.decision_amount_fen == 300000


def test_emergency_help_first_draws_on_the_reserve(personas, reference):
    town = Region.objects.get(code=TOWN)
    reserve_top_up(actor=personas.district, town=town, amount_fen=300000, note="拨付")
    hh = given.family(2, surname="陈")
    app = given.apply(personas.town, hh.head, kind="temporary_emergency", day=D, requested_fen=200000)
    # 急难型: 48 hours to help
    assert app.case.state_due_at == given.at(D, 9) + timedelta(hours=48)
    case = given.move(personas.town, app, "advance_pay", D, hour=15, amount_fen=200000)
    # then the paperwork is due within 5 working days and the reserve is down to 1,000 元
    assert case.state == "paperwork"
    assert ReserveAccount.objects.get(town=town).balance_fen == 100000
    entry = ReserveEntry.objects.get(application=app)
    assert entry.kind == "draw" and entry.balance_after_fen == 100000
    assert temporary_person_times(town, D, D) == 1


def test_a_draw_larger_than_the_balance_is_refused(personas, reference):
    town = Region.objects.get(code=TOWN)
    reserve_top_up(actor=personas.district, town=town, amount_fen=100000)
    app = given.apply(personas.town, given.family(2, surname="林").head, kind="temporary_emergency", day=D,
                      requested_fen=150000)  # fmt: skip
    with pytest.raises(CaseError, match="备用金余额1,000.00 元，不足以支取1,500.00 元"):
        given.move(personas.town, app, "advance_pay", D, amount_fen=150000)
    assert ReserveAccount.objects.get(town=town).balance_fen == 100000
    app.case.refresh_from_db()
    assert app.case.state == "applied"  # the move was rolled back with the draw


def test_only_the_district_tops_up_its_towns(personas, reference):
    town = Region.objects.get(code=TOWN)
    with pytest.raises(PermissionDenied, match="拨付临时救助备用金"):
        reserve_top_up(actor=personas.town, town=town, amount_fen=100000)
    with pytest.raises(AssistanceError, match="区县民政部门"):
        reserve_top_up(actor=personas.other_district, town=town, amount_fen=100000)


def test_help_first_leaves_a_paid_line_on_the_ledger_and_is_paid_once(personas, reference):
    """Every cash benefit is a payment line (issue 14 item 5): a 先行救助 handed over from the town's 备用金
    (《社会救助暂行办法》第四十八条) is a line 已发放 with payee, amount, moment and source; the month's payroll
    of 临时救助 does not pay it again; figure 13 (发放救助金) counts it as money paid."""
    from minzheng.benefits.indicators import amount_paid
    from minzheng.benefits.models import Payment, PayrollRun
    from minzheng.benefits.services import payroll_run_approve, payroll_run_review, payroll_run_run_as_system
    from minzheng.reports.figures import figure_get

    # given a town reserve and a 急难型 application helped first with 2,000 元 on 1 June 2020 at 15:00
    town = Region.objects.get(code=TOWN)
    reserve_top_up(actor=personas.district, town=town, amount_fen=300000, note="拨付")
    hh = given.family(2, surname="黄")
    app = given.apply(personas.town, hh.head, kind="temporary_emergency", day=D, requested_fen=200000)
    given.move(personas.town, app, "advance_pay", D, hour=15, amount_fen=200000)
    # then the ledger has one line, already paid, to the applicant, from the town's reserve
    line = Payment.objects.select_related("run").get(person=hh.head)
    assert (line.amount_fen, line.month, line.status) == (200000, D, "paid")
    assert line.settled_at == given.at(D, 15) and line.bank_name == "秀英街道临时救助备用金"
    assert line.run.kind == PayrollRun.Kind.ONE_OFF and line.run.status == PayrollRun.Status.RECONCILED
    app.refresh_from_db()
    assert app.enrollment_id == line.enrollment_id
    # when June's regular payroll of 临时救助 is computed, reviewed and approved
    run = payroll_run_run_as_system(program="temporary", month=D)
    payroll_run_review(actor=personas.district, run=run)
    payroll_run_approve(actor=personas.city, run=run)
    # then it does not pay the grant a second time, and the money paid is the 2,000 元 handed over
    assert not Payment.objects.filter(run=run, person=hh.head).exists()
    assert Payment.objects.filter(person=hh.head).count() == 1
    assert amount_paid(program="temporary", region=town, start=D, end=D) == 200000
    assert figure_get("temporary_paid").indicator == "benefits.temporary_paid"


def test_a_refused_help_first_leaves_no_line(personas, reference):
    town = Region.objects.get(code=TOWN)
    reserve_top_up(actor=personas.district, town=town, amount_fen=100000)
    hh = given.family(2, surname="符")
    app = given.apply(personas.town, hh.head, kind="temporary_emergency", day=D, requested_fen=150000)
    with pytest.raises(CaseError, match="不足以支取"):
        given.move(personas.town, app, "advance_pay", D, amount_fen=150000)
    from minzheng.benefits.models import Payment

    assert not Payment.objects.filter(person=hh.head).exists()
    assert not Enrollment.objects.filter(person=hh.head).exists()
