"""12349 time limits: the city manager's values over the defaults of ``rules.HELP_TIME_LIMITS``."""

from __future__ import annotations

from minzheng.core.models import User
from minzheng.core.roles import Perm, require
from minzheng.eldercare import rules
from minzheng.eldercare.models import HelpTimeLimit
from minzheng.eldercare.services._common import EldercareError, check_text


def help_time_limit_set(*, actor: User, key: str, minutes: int, note: str = "") -> HelpTimeLimit:
    """Change one 12349 limit; it applies to every step that starts afterwards (audited)."""
    require(actor, Perm.EDIT_STANDARDS)
    if key not in rules.HELP_TIME_LIMITS:
        raise EldercareError("未知的办理环节", field="key")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 30 * 24 * 60:
        raise EldercareError("时限应为1分钟至30天之间的整数分钟", field="minutes")
    row, _ = HelpTimeLimit.objects.update_or_create(
        key=key,
        defaults={
            "minutes": minutes,
            "note": check_text(note, label="说明", field="note", max_length=200, required=False),
        },
    )
    return row
