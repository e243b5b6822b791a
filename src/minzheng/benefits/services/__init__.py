"""Writes of the benefits ledger. Other domains import from here (and read through ``selectors``).

Contract with the programs (assistance, eldercare…): every function is keyword-only and raises
:class:`BenefitsError` (``.message`` in Chinese) when it refuses.
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
from minzheng.benefits.services.payroll import (
    payroll_run_approve,
    payroll_run_compute,
    payroll_run_create,
    payroll_run_reissue,
    payroll_run_return,
    payroll_run_review,
    payroll_run_run,
)
from minzheng.benefits.services.programs import program_ensure
from minzheng.benefits.services.standards import standard_create

__all__ = [
    "BenefitsError",
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
    "payroll_run_approve",
    "payroll_run_compute",
    "payroll_run_create",
    "payroll_run_reissue",
    "payroll_run_return",
    "payroll_run_review",
    "payroll_run_run",
    "payroll_source_register",
    "program_ensure",
    "standard_amount",
    "standard_create",
]
