"""Life events that end benefits across programs — one rule for the whole ledger, not one per program.

Death (issue 14 item 3): every enrollment of the person ends, whatever the program (低保, 特困, 孤儿, 两项补贴,
价格临时补贴's recipients…). The month of death is paid in full and nothing after it: ``end_month`` becomes the
month of the day of death. Why that month:
- the ledger pays whole months, never part of one (``rules.payment_months_rule``);
- 《特困人员认定办法》(民发〔2021〕43号) lists 死亡 among the grounds that end support and 《最低生活保障审核确认办法》
  (民发〔2021〕57号) has a household's change of members take effect on the ledger from the following month; the
  platform's programs already stop "from the next month" on death (disability's payroll pays the month of death,
  children's support ends with the month of the day before the event) — [U] the exact wording of a national
  "死亡次月停发" rule was not found, so the rule is this one function, cited in docs/domain.md §8;
- a month whose payroll is already approved is never rewritten (``_common.month_open_require``): when death is
  registered late, the enrollment ends at the last closed month instead and the months paid after the death are
  reported back (``DeathEnd.paid_after_death``) for recovery by the program's office.

An enrollment that would only start after that end (approved but not yet paid) is paused from its start, so it
never pays. Everything is set-based: one UPDATE for the ends, one INSERT … SELECT for the pauses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection, transaction

from minzheng.benefits.models import Enrollment, EnrollmentPause, PayrollRun, Program
from minzheng.benefits.rules import month_add, month_first
from minzheng.benefits.services._common import CLOSED_STATUSES, runs_mark_stale
from minzheng.core.audit import Action, audit_append
from minzheng.core.models import User
from minzheng.core.values import month_label

ENROLLMENT = Enrollment._meta.db_table
PAUSE = EnrollmentPause._meta.db_table
RUN = PayrollRun._meta.db_table
DEATH_REASON = "死亡"


@dataclass
class DeathEnd:
    """What ``enrollments_end_on_death`` did: the enrollments ended (id → last month paid), those paused from
    their start, and those whose months after the death were already approved (id → months to recover)."""

    ended: dict[int, date] = field(default_factory=dict)
    paused: list[int] = field(default_factory=list)
    paid_after_death: dict[int, list[date]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.ended) + len(self.paused)


def death_last_month(died_on: date) -> date:
    """The last month paid to a person who died on ``died_on``: the month of death (see the module's note)."""
    return month_first(died_on)


def _target_sql() -> str:
    """The last month an enrollment of ``benefits_enrollment`` may end at: the month of death, or the program's
    last approved regular month when that is later (never rewrite a closed month). Params: [last, last]."""
    closed = ", ".join(f"'{s}'" for s in CLOSED_STATUSES)
    return (
        f"COALESCE((SELECT MAX(r.month) FROM {RUN} r WHERE r.program_id = {ENROLLMENT}.program_id "
        f"AND r.kind = 'regular' AND r.status IN ({closed}) AND r.month > %s), %s)"
    )


def enrollments_end_on_death(*, person: Any, died_on: date, actor: User | None) -> DeathEnd:
    """End every enrollment of ``person`` who died on ``died_on`` (the ledger's one death rule, see the module).

    Called for every death the registry records (``registry.life_events``: the hook registered in
    ``benefits/contributions.py`` runs inside the status change's transaction, whether the death comes from the
    person page, the funeral app's death registration or a merge onto a dead record); ``actor`` is recorded in
    the audit log. No scope check: a death is a fact for every program of the city, whoever records it. Running it
    again for the same death changes nothing."""
    last = death_last_month(died_on)
    result = DeathEnd()
    with transaction.atomic():
        affected = Enrollment.objects.filter(person=person).exclude(end_month__lte=last)
        program_ids = sorted(set(affected.values_list("program_id", flat=True)))
        if not program_ids:
            return result
        # lock the programs in pk order (as every enrollment change does: program, then enrollment)
        list(Program.objects.select_for_update().filter(pk__in=program_ids).order_by("pk"))
        target = _target_sql()
        with connection.cursor() as cursor:
            # enrollments that start by their end month: end there
            cursor.execute(
                f"UPDATE {ENROLLMENT} SET end_month = {target}, status = 'stopped', stop_reason = %s "
                f"WHERE person_id = %s AND start_month <= {target} "
                f"AND (end_month IS NULL OR end_month > {target}) RETURNING id, end_month",
                [last, last, DEATH_REASON, person.pk, last, last, last, last],
            )
            for pk, end in cursor.fetchall():
                result.ended[int(pk)] = end if isinstance(end, date) else date.fromisoformat(str(end))
            # enrollments that would start later: paused from their start, nothing is ever paid
            cursor.execute(
                f"INSERT INTO {PAUSE} (enrollment_id, from_month, to_month, reason, created_by_id, created_at) "
                f"SELECT id, start_month, NULL, %s, %s, CURRENT_TIMESTAMP FROM {ENROLLMENT} "
                f"WHERE person_id = %s AND start_month > {target} AND end_month IS NULL "
                f"AND NOT EXISTS (SELECT 1 FROM {PAUSE} p WHERE p.enrollment_id = {ENROLLMENT}.id "
                f"AND p.to_month IS NULL) RETURNING enrollment_id",
                [DEATH_REASON, actor.pk if actor else None, person.pk, last, last],
            )
            result.paused = sorted(int(row[0]) for row in cursor.fetchall())
        if result.paused:
            Enrollment.objects.filter(pk__in=result.paused).update(
                status=Enrollment.Status.SUSPENDED, stop_reason=DEATH_REASON
            )
        changed = Enrollment.objects.filter(pk__in=[*result.ended, *result.paused]).select_related("program")
        for enrollment in changed.order_by("pk"):
            end = result.ended.get(enrollment.pk)
            if end is not None and end > last:
                months, month = [], month_add(last, 1)
                while month <= end:
                    months.append(month)
                    month = month_add(month, 1)
                result.paid_after_death[enrollment.pk] = months
            audit_append(
                action=Action.UPDATE, obj=enrollment, actor=actor,
                detail=(
                    f"{died_on:%Y-%m-%d}死亡，{enrollment.program.name}"
                    + (f"末次发放月{month_label(end)}" if end else "自起始月暂停发放，不予发放")
                    + ("（死亡后月份的工资单已审批，须追回）" if enrollment.pk in result.paid_after_death else "")
                ),
            )  # fmt: skip
            runs_mark_stale(enrollment.program, month_add(end, 1) if end else enrollment.start_month)
    return result
