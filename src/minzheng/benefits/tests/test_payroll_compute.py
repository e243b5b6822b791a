"""payroll.payroll_compute through services.payroll_run_run: totals, idempotency, a killed run, re-runs."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.benefits import services
from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.models import Payment, PayrollRun
from minzheng.benefits.tests import given

MARCH = date(2021, 3, 1)

INDEPENDENT_SQL = """
    SELECT COUNT(*), SUM(a.amount_fen)
    FROM benefits_enrollment e
    JOIN benefits_program pr ON pr.id = e.program_id
    JOIN benefits_enrollmentamount a ON a.enrollment_id = e.id
    WHERE pr.code = %s
      AND e.start_month <= %s AND COALESCE(e.end_month, '9999-12-01') >= %s
      AND a.from_month = (SELECT MAX(b.from_month) FROM benefits_enrollmentamount b
                          WHERE b.enrollment_id = e.id AND b.from_month <= %s)
      AND a.amount_fen > 0
      AND e.id NOT IN (SELECT p.enrollment_id FROM benefits_enrollmentpause p
                       WHERE p.from_month <= %s AND (p.to_month IS NULL OR p.to_month >= %s))
"""


def _ledger(actor=None) -> None:  # noqa: ANN001
    """A month's worth of every case: plain, changed amount, stopped before, stopped in, paused, resumed,
    starting later, zero amount, another program."""
    for i in range(5):
        given.enrolled(name=f"张{i}", amount_fen=61_000 + i * 100, members=1 + i % 3)
    changed = given.enrolled(name="李变更", amount_fen=50_000)
    services.enrollment_change_amount(
        actor=actor, enrollment=changed, from_month=date(2021, 2, 1), amount_fen=55_000, reason="收入变化"
    )
    services.enrollment_change_amount(
        actor=actor, enrollment=changed, from_month=date(2021, 4, 1), amount_fen=1_000, reason="预定调整"
    )
    stopped_before = given.enrolled(name="赵停发")
    services.enrollment_stop(
        actor=actor, enrollment=stopped_before, last_month=date(2021, 2, 1), reason="收入超标"
    )
    stopped_in = given.enrolled(name="钱本月止")
    services.enrollment_stop(actor=actor, enrollment=stopped_in, last_month=MARCH, reason="迁出")
    paused = given.enrolled(name="孙暂停")
    services.enrollment_suspend(actor=actor, enrollment=paused, from_month=MARCH, reason="复核中")
    resumed = given.enrolled(name="周恢复")
    services.enrollment_suspend(actor=actor, enrollment=resumed, from_month=date(2021, 2, 1), reason="复核中")
    services.enrollment_resume(actor=actor, enrollment=resumed, from_month=MARCH)
    given.enrolled(name="吴下月", start=date(2021, 4, 1))
    given.enrolled(name="郑零元", amount_fen=0)
    given.enrolled(name="冯农村", program="dibao_rural", amount_fen=53_000)


def test_totals_equal_an_independent_sql_computation(personas):
    # given enrollments of every kind
    _ledger()
    # when March is run
    run = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)
    # then the run's totals are those of an independent SQL formulation over the enrollments
    lines, amount = given.sql_total(INDEPENDENT_SQL, ["dibao_urban", MARCH, MARCH, MARCH, MARCH, MARCH])
    assert (run.lines, run.amount_fen) == (lines, amount)
    assert lines == 5 + 1 + 1 + 1  # five plain, the changed one, stopped in March, resumed in March
    assert amount == sum(61_000 + i * 100 for i in range(5)) + 55_000 + 61_000 + 61_000
    assert run.payees == lines
    assert run.person_times == sum(1 + i % 3 for i in range(5)) + 3
    # and the totals are those of the rows
    rows = Payment.objects.filter(run=run)
    assert sum(p.amount_fen for p in rows) == run.amount_fen
    assert run.status == PayrollRun.Status.DRAFT and run.computed_at is not None and not run.computing


def test_running_the_same_month_twice_pays_nobody_twice(personas):
    # given a computed month
    _ledger()
    first = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)
    # when it is run again
    second = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)
    # then it is the same run with the same lines, one per enrollment
    assert second.pk == first.pk
    assert (second.lines, second.amount_fen) == (first.lines, first.amount_fen)
    enrollments = list(Payment.objects.filter(run=first).values_list("enrollment_id", flat=True))
    assert len(enrollments) == len(set(enrollments)) == first.lines
    assert PayrollRun.objects.filter(program__code="dibao_urban", month=MARCH).count() == 1


def test_recomputing_a_draft_follows_the_ledger(personas):
    # given a computed draft
    plain = given.enrolled(name="甲", amount_fen=61_000)
    leaving = given.enrolled(name="乙", amount_fen=61_000)
    run = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)
    kept_id = Payment.objects.get(run=run, enrollment=plain).pk
    # when one enrollment stops before March, another's amount changes and a new one starts
    services.enrollment_stop(actor=None, enrollment=leaving, last_month=date(2021, 2, 1), reason="死亡")
    services.enrollment_change_amount(
        actor=None, enrollment=plain, from_month=MARCH, amount_fen=65_000, reason="标准调整"
    )
    given.enrolled(name="丙", amount_fen=40_000)
    run.refresh_from_db()
    assert run.stale
    run = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)
    # then the draft's lines are those due now; the unchanged line kept its row
    lines = {
        p.enrollment.person.name: p.amount_fen
        for p in Payment.objects.filter(run=run).select_related("enrollment__person")
    }
    assert lines == {"甲": 65_000, "丙": 40_000}
    assert Payment.objects.get(run=run, enrollment=plain).pk == kept_id
    assert (run.lines, run.amount_fen, run.stale) == (2, 105_000, False)


@pytest.mark.django_db(transaction=True)
def test_a_run_killed_half_way_and_started_again_ends_with_the_same_totals(personas):
    # given enough enrollments for several chunks
    _ledger()
    for i in range(7):
        given.enrolled(name=f"陈{i}", amount_fen=30_000 + i)
    expected = given.sql_total(INDEPENDENT_SQL, ["dibao_urban", MARCH, MARCH, MARCH, MARCH, MARCH])
    run = services.payroll_run_create(actor=personas.city, program="dibao_urban", month=MARCH)

    class KilledError(Exception):
        pass

    def die_after_first_chunk(done: int, total: int) -> None:
        assert total > 2
        raise KilledError

    # when the computation dies after its first committed chunk
    with pytest.raises(KilledError):
        services.payroll_run_compute(
            actor=personas.city, run=run, chunk_size=4, progress=die_after_first_chunk
        )
    run.refresh_from_db()
    partial = Payment.objects.filter(run=run).count()
    assert 0 < partial < expected[0]
    assert run.computing and run.computed_at is None
    # then it cannot be reviewed while half computed
    with pytest.raises(BenefitsError, match="尚未计算完成"):
        services.payroll_run_review(actor=personas.district, run=run)
    # and started again it ends with the totals of a clean run
    totals = services.payroll_run_compute(actor=personas.city, run=run, chunk_size=4)
    run.refresh_from_db()
    assert (totals.lines, totals.amount_fen) == expected == (run.lines, run.amount_fen)
    assert not run.computing


@pytest.mark.django_db(transaction=True)
def test_a_second_computation_takes_over_from_a_stuck_one(personas):
    # given a computation that stopped between chunks (its process died) and a new one that finished
    for i in range(6):
        given.enrolled(name=f"韩{i}")
    run = services.payroll_run_create(actor=personas.city, program="dibao_urban", month=MARCH)
    steps = []

    def second_starts_meanwhile(done: int, total: int) -> None:
        if not steps:
            steps.append(done)
            services.payroll_run_compute(actor=personas.city, run=run, chunk_size=2)

    # when the first one resumes after the second has finished, it stops instead of overwriting
    with pytest.raises(BenefitsError, match="另一次计算"):
        services.payroll_run_compute(
            actor=personas.city, run=run, chunk_size=2, progress=second_starts_meanwhile
        )
    run.refresh_from_db()
    # then the run holds the second computation's complete result
    assert (run.lines, run.amount_fen, run.computing) == (6, 6 * 61_000, False)


def test_a_run_with_no_enrollments_is_empty(personas):
    run = services.payroll_run_run(actor=personas.city, program="tekun", month=MARCH)
    assert (run.lines, run.amount_fen, run.payees) == (0, 0, 0)


def test_only_the_city_may_make_a_run(personas):
    with pytest.raises(PermissionDenied, match="编制和计算工资单"):
        services.payroll_run_run(actor=personas.district, program="dibao_urban", month=MARCH)
    with pytest.raises(BenefitsError, match="月1日"):
        services.payroll_run_run(actor=personas.city, program="dibao_urban", month=date(2021, 3, 5))
    with pytest.raises(BenefitsError, match="未知的救助项目"):
        services.payroll_run_run(actor=personas.city, program="nope", month=MARCH)
