"""Pages of elderly care: thin views over selectors (reads) and services (writes).

Out-of-scope records are 404 (``OutOfScopeError`` does not tell missing from forbidden); roles that do
not work with elderly care (审计员, 系统管理员, 网格员) get 403.
"""

from minzheng.eldercare.views.assessments import assessment_detail, assessment_list, assessment_new
from minzheng.eldercare.views.help import help_act, help_board, help_board_rows, help_detail, help_new
from minzheng.eldercare.views.inspections import (
    finding_act,
    inspection_detail,
    inspection_list,
    inspection_new,
)
from minzheng.eldercare.views.institutions import (
    institution_beds,
    institution_detail,
    institution_list,
    institution_new,
    institution_operator,
    institution_rate,
    resident_admit,
    resident_discharge,
    staff_add,
    training_add,
)
from minzheng.eldercare.views.meals import (
    meal_cancel,
    meal_list,
    settlement_confirm,
    settlement_detail,
    settlement_export,
    settlement_list,
)
from minzheng.eldercare.views.overview import home
from minzheng.eldercare.views.parameters import parameters

__all__ = [
    "assessment_detail",
    "assessment_list",
    "assessment_new",
    "finding_act",
    "help_act",
    "help_board",
    "help_board_rows",
    "help_detail",
    "help_new",
    "home",
    "inspection_detail",
    "inspection_list",
    "inspection_new",
    "institution_beds",
    "institution_detail",
    "institution_list",
    "institution_new",
    "institution_operator",
    "institution_rate",
    "meal_cancel",
    "meal_list",
    "parameters",
    "resident_admit",
    "resident_discharge",
    "settlement_confirm",
    "settlement_detail",
    "settlement_export",
    "settlement_list",
    "staff_add",
    "training_add",
]
