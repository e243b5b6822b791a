"""Which 特困/低保 status a person holds on a day, read from the benefits ledger (the one place enrollments
live, DESIGN "one ledger") through its selector ``enrollments_active`` — eldercare never copies them.

An enrollment counts for a day when the ledger pays it for that month (started, not ended, not paused).
"""

from __future__ import annotations

from datetime import date

from minzheng.benefits.models import Enrollment
from minzheng.benefits.services import enrollments_active
from minzheng.eldercare.errors import EldercareError

# Programme codes of the benefits ledger (benefits migration 0002) → the meal subsidy category.
PROGRAM_CATEGORIES: dict[str, str] = {
    "tekun": "tekun",
    "dibao_urban": "dibao",
    "dibao_rural": "dibao",
}


def enrolled_statuses(*, person_id: int, on: date) -> set[str]:
    """特困/低保 categories of the person's enrollments paid for the month of ``on``."""
    codes = (
        enrollments_active(person=person_id, on=on)
        .filter(program__code__in=PROGRAM_CATEGORIES)
        .values_list("program__code", flat=True)
    )
    return {PROGRAM_CATEGORIES[c] for c in codes}


def tekun_enrollment_for(*, person_id: int, on: date) -> Enrollment:
    """The person's 特困 enrollment paid for the month of ``on``: a 集中供养 resident must have one
    (《社会救助暂行办法》第十九条: 特困供养 may be 集中 in a care institution)."""
    found = enrollments_active(person=person_id, program="tekun", on=on).order_by("-start_month").first()
    if found is None:
        raise EldercareError(
            f"{on:%Y年%m月}该老人在救助台账中没有正常发放的特困供养记录，不能按特困集中供养入住",
            field="tekun",
        )
    return found
