"""Pages of elderly care: thin views over selectors (reads) and services (writes).

Each page asks the capability it needs (``core.web.staff_view``; the eldercare section of ``core/roles.py``);
a user without it gets the 403 page naming it, and the navigation (``contributions.py``) offers the page only to
users who hold the same capability. Out-of-scope records are the 404 page (``OutOfScopeError`` does not tell
missing from forbidden), handled once by the web layer.
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
from minzheng.eldercare.views.works import (
    works_accept,
    works_detail,
    works_export,
    works_list,
    works_new,
    works_report,
)

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
    "works_accept",
    "works_detail",
    "works_export",
    "works_list",
    "works_new",
    "works_report",
]
