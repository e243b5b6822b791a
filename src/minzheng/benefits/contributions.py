"""What the ledger adds to the platform (discovered by core at start-up): navigation, the person-page
panel, seed steps, the payroll benchmark and its indicators."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from minzheng.benefits.bench import payroll_bench, payroll_bench_arguments
from minzheng.benefits.seeding import payroll_history_seed, standards_seed
from minzheng.core.bench import bench_register
from minzheng.core.navigation import nav_register
from minzheng.core.parameters import DatedParameter, parameter_catalogue_register
from minzheng.core.roles import can
from minzheng.core.seeding import seed_register
from minzheng.registry.panels import person_panel_register


def _person_panel_context(user: Any, person: Any) -> dict[str, Any]:
    from minzheng.benefits.selectors import enrollment_list_for_person

    if not can(user, "enrollment.read"):
        return {"hidden": True, "enrollments": []}
    return {"enrollments": enrollment_list_for_person(person, user=user)}


def _parameter_catalogue() -> list[DatedParameter]:
    """The 保障标准 as dated parameters, for the policy library's links."""
    from minzheng.benefits.models import Standard
    from minzheng.benefits.programs import category_label
    from minzheng.benefits.selectors import standard_key
    from minzheng.core.money import format_yuan

    return [DatedParameter(key=standard_key(s), effective_from=s.effective_from,
                           label=s.program.name + (f"（{category_label(s.category)}）" if s.category else ""),
                           value=f"{format_yuan(s.amount_fen)}/月", region=s.region.name)
            for s in Standard.objects.select_related("program", "region")]  # fmt: skip


parameter_catalogue_register(_parameter_catalogue)
nav_register(
    section="待遇发放", label="工资单", url_name="benefits:run_list", capability="payroll.read", order=40
)
nav_register(
    section="待遇发放",
    label="保障标准",
    url_name="benefits:standard_list",
    capability="standard.read",
    order=41,
)
person_panel_register(
    order=30, title="救助待遇", template="benefits/_person_panel.html", context=_person_panel_context
)

seed_register(order=15, label="保障标准（演示）", run=standards_seed)
seed_register(order=90, label="历史工资单（演示）", run=payroll_history_seed)

bench_register(
    "payroll",
    payroll_bench,
    help="100万条保障记录的月度工资单计算，对比同次测得的裸 INSERT … SELECT",
    arguments=payroll_bench_arguments,
)

if apps.is_installed("minzheng.reports"):
    from minzheng.benefits.indicators import benefits_indicators_register

    benefits_indicators_register()

# 我的待办: the payroll steps waiting for the user (benefits/worklist.py, casework's worklist sources) are
# registered here with the capabilities of the steps, "payroll.review" (复核本区工资单) and "payroll.approve".

from minzheng.benefits.worklist import payroll_approve_tasks, payroll_review_tasks  # noqa: E402
from minzheng.casework.worklist import worklist_source_register  # noqa: E402

worklist_source_register("工资单复核", payroll_review_tasks, capability="payroll.review")
worklist_source_register("工资单审批", payroll_approve_tasks, capability="payroll.approve")

# A death recorded anywhere in the registry (the person page's 状态变更, the funeral app's 死亡登记, a merge onto a
# dead record) ends the person's enrollments by the ledger's one rule, in the registry's transaction
# (registry.life_events; services.life_events.enrollments_end_on_death is idempotent).
from minzheng.registry.life_events import PersonDeath, death_hook_register  # noqa: E402


def _enrollments_end_on_death(death: PersonDeath) -> None:
    from minzheng.benefits.services.life_events import enrollments_end_on_death

    enrollments_end_on_death(person=death.person, died_on=death.died_on, actor=death.actor)


death_hook_register("benefits", _enrollments_end_on_death)
