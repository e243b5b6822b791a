"""What the case engine adds to the platform (discovered by core at start-up, see core/contributions.py):
我的待办 in the navigation and on the home page, for the users who handle cases."""

from __future__ import annotations

from minzheng.casework.selectors import case_worklist_panel
from minzheng.core.home import home_panel_register
from minzheng.core.navigation import nav_register

nav_register(section="平台", label="我的待办", url_name="casework:worklist", capability="case.work", order=2)
home_panel_register(
    order=5,
    template="casework/_home_panel.html",
    context=lambda user: case_worklist_panel(user=user),
    capability="case.work",
)
