"""Writes of elderly care (services, keyword-only, ``<entity>_<action>``), one module per area."""

from minzheng.eldercare.services._common import EldercareError
from minzheng.eldercare.services.assessments import assessment_cutoff_set, assessment_record
from minzheng.eldercare.services.help import help_request_move, help_request_open
from minzheng.eldercare.services.inspections import finding_submit, finding_verify, inspection_record
from minzheng.eldercare.services.institutions import (
    institution_beds_set,
    institution_create,
    institution_operator_attach,
    institution_rate,
    institution_set_active,
    resident_admit,
    resident_discharge,
    staff_add,
    staff_leave,
    training_record,
)
from minzheng.eldercare.services.meals import meal_cancel, meal_record, meal_subsidy_rule_set
from minzheng.eldercare.services.parameters import help_time_limit_set
from minzheng.eldercare.services.works import works_accept, works_create, works_export_log, works_report

__all__ = [
    "EldercareError",
    "assessment_cutoff_set",
    "assessment_record",
    "finding_submit",
    "finding_verify",
    "help_request_move",
    "help_request_open",
    "help_time_limit_set",
    "inspection_record",
    "institution_beds_set",
    "institution_create",
    "institution_operator_attach",
    "institution_rate",
    "institution_set_active",
    "meal_cancel",
    "meal_record",
    "meal_subsidy_rule_set",
    "resident_admit",
    "resident_discharge",
    "staff_add",
    "staff_leave",
    "training_record",
    "works_accept",
    "works_create",
    "works_export_log",
    "works_report",
]
