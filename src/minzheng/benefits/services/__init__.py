"""Writes of the benefits ledger. Other domains import from here (and read through ``selectors``).

Contract with the programs (assistance, eldercare…): every function is keyword-only and raises
:class:`BenefitsError` (``.message`` in Chinese) when it refuses, ``PermissionDenied`` when the acting
user lacks the capability. The payroll's and standards' user actions always name their user; the
``*_as_system`` functions are the system's own paths (command line without a user, seed, benchmark). The
enrollment functions are called by the programs' services, which have asked their own capability:
``actor`` scopes the record and is recorded (``None``: the system — seed, history migration).
"""

from minzheng.benefits.errors import BenefitsError, MonthClosedError, StandardMissingError
from minzheng.benefits.payroll import payroll_source_register
from minzheng.benefits.selectors import (
    enrollment_list_for_person,
    enrollments_active,
    standard_amount,
)
from minzheng.benefits.services.enrollments import (
    enrollment_change_amount,
    enrollment_change_bank,
    enrollment_create,
    enrollment_resume,
    enrollment_set_review_due,
    enrollment_stop,
    enrollment_suspend,
)
from minzheng.benefits.services.life_events import DeathEnd, enrollments_end_on_death
from minzheng.benefits.services.payments import payment_record_one_off
from minzheng.benefits.services.payroll import (
    payroll_run_approve,
    payroll_run_compute,
    payroll_run_create,
    payroll_run_open_as_system,
    payroll_run_reissue,
    payroll_run_return,
    payroll_run_review,
    payroll_run_run,
    payroll_run_run_as_system,
)
from minzheng.benefits.services.programs import program_ensure
from minzheng.benefits.services.standards import standard_create, standard_load_as_system

__all__ = [
    "BenefitsError",
    "DeathEnd",
    "MonthClosedError",
    "StandardMissingError",
    "enrollment_change_amount",
    "enrollment_change_bank",
    "enrollment_create",
    "enrollment_list_for_person",
    "enrollment_resume",
    "enrollment_set_review_due",
    "enrollment_stop",
    "enrollment_suspend",
    "enrollments_active",
    "enrollments_end_on_death",
    "payment_record_one_off",
    "payroll_run_approve",
    "payroll_run_compute",
    "payroll_run_create",
    "payroll_run_open_as_system",
    "payroll_run_reissue",
    "payroll_run_return",
    "payroll_run_review",
    "payroll_run_run",
    "payroll_run_run_as_system",
    "payroll_source_register",
    "program_ensure",
    "standard_amount",
    "standard_create",
    "standard_load_as_system",
]
