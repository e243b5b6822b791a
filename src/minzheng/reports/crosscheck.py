"""Independent SQL for the report's figures: each computed figure counted again straight from the raw
tables, written apart from the indicator functions (no ORM, no domain code, one plain statement each).
The tests hold every figure of the annual report to these; ``minzheng bench report`` times them as the
floor the report is compared with.

Each entry is ``code -> (sql, params(region_path, start, end))``; the region subtree is a ``LIKE`` on
``core_region.path``. Written for both SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection

from minzheng.core.models import Region

Params = Callable[[str, date, date], list[Any]]


def _sub(path: str, start: date, end: date) -> list[Any]:
    return [f"{path}%"]


def _sub_period(path: str, start: date, end: date) -> list[Any]:
    return [f"{path}%", start, end]


def _sub_end(path: str, start: date, end: date) -> list[Any]:
    return [f"{path}%", end]


def _span(start: date, end: date) -> tuple[datetime, datetime]:
    """Local-time day bounds of the period, [start 00:00, the day after end 00:00), as naive UTC: the
    form both backends store (SQLite compares the text, so an offset in the parameter would mislead it)."""
    tz = ZoneInfo(settings.TIME_ZONE)
    bounds = (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )
    return tuple(b.astimezone(UTC).replace(tzinfo=None) for b in bounds)  # type: ignore[return-value]


def _sub_span(path: str, start: date, end: date) -> list[Any]:
    return [f"{path}%", *_span(start, end)]


def _sub_range(path: str, start: date, end: date) -> list[Any]:
    return [f"{path}%", start, end]


def _sub_month(path: str, start: date, end: date) -> list[Any]:
    month = end.replace(day=1)
    return [f"{path}%", month, month, month, month]


def _sub_months(path: str, start: date, end: date) -> list[Any]:
    return [f"{path}%", start.replace(day=1), end.replace(day=1)]


# The orphan allowance standard in force at the period's end for the region: the most specific ancestor's (one row,
# NULL when there is none).
_STANDARD_SQL = (
    "SELECT (SELECT s.amount_fen FROM benefits_standard s JOIN benefits_program g ON g.id = s.program_id"
    " JOIN core_region sr ON sr.id = s.region_id WHERE %s LIKE sr.path || '%%' AND g.code = 'orphan'"
    " AND s.category = '{category}' AND s.effective_from <= %s AND (s.effective_to IS NULL OR s.effective_to >= %s)"
    " ORDER BY sr.depth DESC LIMIT 1)"
)
# Its rise, in basis points rounded half up, when it took effect within the period (against the previous one).
_PREVIOUS = (
    "(SELECT p.amount_fen FROM benefits_standard p WHERE p.program_id = c.program_id AND p.region_id = c.region_id"
    " AND p.category = c.category AND p.effective_from < c.effective_from ORDER BY p.effective_from DESC LIMIT 1)"
)
_RISE_SQL = (
    f"SELECT (SELECT ((c.amount_fen - {_PREVIOUS}) * 20000 / {_PREVIOUS} + 1) / 2 FROM benefits_standard c"
    " JOIN benefits_program g ON g.id = c.program_id JOIN core_region cr ON cr.id = c.region_id"
    " WHERE %s LIKE cr.path || '%%' AND g.code = 'orphan' AND c.category = '{category}'"
    " AND c.effective_from >= %s AND c.effective_from <= %s AND (c.effective_to IS NULL OR c.effective_to >= %s)"
    " ORDER BY cr.depth DESC LIMIT 1)"
)


def _ancestors_end(path: str, start: date, end: date) -> list[Any]:
    return [path, end, end]


def _ancestors_period(path: str, start: date, end: date) -> list[Any]:
    return [path, start, end, end]


def _paid_sql(select: str, program: str | None) -> str:
    """Lines of approved (or exported, reconciled) runs that the bank has not returned as failed."""
    program_join = " JOIN benefits_program g ON g.id = p.program_id" if program else ""
    program_cond = f" AND g.code = '{program}'" if program else ""
    return (
        f"SELECT {select} FROM benefits_payment p JOIN benefits_payrollrun run ON run.id = p.run_id{program_join}"
        " JOIN core_region r ON r.id = p.region_id WHERE r.path LIKE %s AND p.month >= %s AND p.month <= %s"
        " AND p.status IN ('pending', 'paid') AND run.status IN ('approved', 'exported', 'reconciled')"
        f"{program_cond}"
    )


def _elderly(path: str, start: date, end: date) -> list[Any]:
    try:
        born_by = end.replace(year=end.year - 60)
    except ValueError:
        born_by = date(end.year - 60, 2, 28)
    return [f"{path}%", born_by]


CROSSCHECK: dict[str, tuple[str, Params]] = {
    "core.grids": ("SELECT COUNT(*) FROM core_region WHERE level = 'grid' AND path LIKE %s", _sub),
    "core.grids_urban": (
        "SELECT COUNT(*) FROM core_region WHERE level = 'grid' AND kind = 'urban' AND path LIKE %s",
        _sub,
    ),
    "core.grids_rural": (
        "SELECT COUNT(*) FROM core_region WHERE level = 'grid' AND kind = 'rural' AND path LIKE %s",
        _sub,
    ),
    "registry.persons": (
        "SELECT COUNT(*) FROM registry_person p JOIN core_region r ON r.id = p.region_id"
        " WHERE r.path LIKE %s AND p.status <> 'merged'",
        _sub,
    ),
    "registry.persons_elderly": (
        "SELECT COUNT(*) FROM registry_person p JOIN core_region r ON r.id = p.region_id"
        " WHERE r.path LIKE %s AND p.status = 'normal' AND p.birth_date <= %s",
        _elderly,
    ),
    "registry.houses": (
        "SELECT COUNT(*) FROM registry_house h JOIN core_region r ON r.id = h.grid_id WHERE r.path LIKE %s",
        _sub,
    ),
    "registry.households": (
        "SELECT COUNT(*) FROM registry_household h JOIN core_region r ON r.id = h.region_id WHERE r.path LIKE %s",
        _sub,
    ),
    # social assistance (the ledger's enrollments, paid for the month of the period's last day)
    **{
        f"assistance.{program}_{what}": (
            f"SELECT {select} FROM benefits_enrollment e JOIN benefits_program p ON p.id = e.program_id"
            " JOIN core_region r ON r.id = e.region_id"
            f" WHERE r.path LIKE %s AND p.code = '{program}' AND e.start_month <= %s"
            " AND (e.end_month IS NULL OR e.end_month >= %s)"
            " AND NOT EXISTS (SELECT 1 FROM benefits_enrollmentpause z WHERE z.enrollment_id = e.id"
            " AND z.from_month <= %s AND (z.to_month IS NULL OR z.to_month >= %s))",
            _sub_month,
        )
        for program, what, select in (
            ("dibao_rural", "households", "COUNT(*)"),
            ("dibao_rural", "persons", "COALESCE(SUM(e.members_count), 0)"),
            ("dibao_urban", "households", "COUNT(*)"),
            ("dibao_urban", "persons", "COALESCE(SUM(e.members_count), 0)"),
        )
    },
    "assistance.tekun_persons": (
        "SELECT COUNT(*) FROM benefits_enrollment e JOIN benefits_program p ON p.id = e.program_id"
        " JOIN core_region r ON r.id = e.region_id"
        " WHERE r.path LIKE %s AND p.code = 'tekun' AND e.start_month <= %s AND (e.end_month IS NULL OR e.end_month >= %s)"
        " AND NOT EXISTS (SELECT 1 FROM benefits_enrollmentpause z WHERE z.enrollment_id = e.id"
        " AND z.from_month <= %s AND (z.to_month IS NULL OR z.to_month >= %s))",
        _sub_month,
    ),
    "assistance.temporary_person_times": (
        "SELECT COUNT(*) FROM assistance_application a JOIN core_region r ON r.id = a.region_id"
        " WHERE r.path LIKE %s AND a.program = 'temporary' AND a.approved = TRUE"
        " AND a.decided_at >= %s AND a.decided_at < %s",
        _sub_span,
    ),
    "assistance.temporary_granted": (
        "SELECT COALESCE(SUM(a.decision_amount_fen), 0) FROM assistance_application a"
        " JOIN core_region r ON r.id = a.region_id WHERE r.path LIKE %s AND a.program = 'temporary'"
        " AND a.approved = TRUE AND a.decided_at >= %s AND a.decided_at < %s",
        _sub_span,
    ),
    # money paid through the ledger's payroll runs
    **{
        f"benefits.{program}_paid": (_paid_sql("COALESCE(SUM(p.amount_fen), 0)", program), _sub_months)
        for program in (
            "dibao_urban",
            "dibao_rural",
            "tekun",
            "temporary",
            "low_income",
            "price_subsidy",
            "price_festival",
        )
    },
    "benefits.paid_total": (_paid_sql("COALESCE(SUM(p.amount_fen), 0)", None), _sub_months),
    "benefits.price_subsidy_person_times": (
        _paid_sql("COALESCE(SUM(p.members_count), 0)", "price_subsidy"),
        _sub_months,
    ),
    # the two disability subsidies: their programs' paid lines (amount; 人次 = one per line)
    **{
        f"disability.{what}": (
            "SELECT " + select + " FROM benefits_payment p JOIN benefits_payrollrun run ON run.id = p.run_id"
            " JOIN benefits_program g ON g.id = p.program_id JOIN core_region r ON r.id = p.region_id"
            " WHERE r.path LIKE %s AND p.month >= %s AND p.month <= %s AND p.status IN ('pending', 'paid')"
            " AND run.status IN ('approved', 'exported', 'reconciled') AND g.code IN (" + codes + ")",
            _sub_months,
        )
        for what, select, codes in (
            ("paid", "COALESCE(SUM(p.amount_fen), 0)", "'disability_living', 'disability_care'"),
            ("person_times", "COUNT(*)", "'disability_living', 'disability_care'"),
            ("living_paid", "COALESCE(SUM(p.amount_fen), 0)", "'disability_living'"),
            ("care_paid", "COALESCE(SUM(p.amount_fen), 0)", "'disability_care'"),
        )
    },
    # grid (tables of minzheng.grid)
    **{
        f"grid.workers_{kind}": (
            "SELECT COUNT(*) FROM grid_gridworker w JOIN core_user u ON u.id = w.user_id"
            " JOIN core_region r ON r.id = u.region_id WHERE w.status = 'active' AND r.path LIKE %s"
            f" AND {'' if kind == 'rural' else 'NOT '}EXISTS (SELECT 1 FROM grid_gridassignment a"
            " JOIN grid_gridprofile g ON g.id = a.grid_id WHERE a.worker_id = w.id AND g.grid_type = 'rural')",
            _sub,
        )
        for kind in ("urban", "rural")
    },
    "grid.campaign_grids": (
        "SELECT COUNT(DISTINCT cg.grid_id) FROM grid_campaigngrid cg JOIN grid_campaign c ON c.id = cg.campaign_id"
        " JOIN core_region r ON r.id = cg.grid_id WHERE r.path LIKE %s AND c.kind = 'epidemic'"
        " AND c.ends_on >= %s AND c.starts_on <= %s",
        _sub_range,
    ),
    "grid.people_screened": (
        "SELECT COALESCE(SUM(v.people_seen), 0) FROM grid_visit v JOIN grid_campaigngrid cg ON cg.id = v.campaign_grid_id"
        " JOIN core_region r ON r.id = cg.grid_id WHERE r.path LIKE %s AND v.visited_at >= %s AND v.visited_at < %s",
        _sub_span,
    ),
    "grid.events_closed": (
        "SELECT COUNT(*) FROM grid_event e JOIN casework_case c ON c.id = e.case_id"
        " JOIN core_region r ON r.id = c.region_id WHERE r.path LIKE %s AND e.closed_at >= %s AND e.closed_at < %s",
        _sub_span,
    ),
    "grid.training": (
        "SELECT COUNT(*) FROM grid_trainingrecord t JOIN grid_gridworker w ON w.id = t.worker_id"
        " JOIN core_user u ON u.id = w.user_id JOIN core_region r ON r.id = u.region_id"
        " WHERE r.path LIKE %s AND t.held_on >= %s AND t.held_on <= %s",
        _sub_range,
    ),
    # elderly care (tables of minzheng.eldercare)
    "eldercare.canteens": (
        "SELECT COUNT(*) FROM eldercare_institution i JOIN core_region r ON r.id = i.region_id"
        " WHERE r.path LIKE %s AND i.kind = 'canteen' AND i.active = TRUE AND (i.opened_on IS NULL OR i.opened_on <= %s)",
        _sub_end,
    ),
    "eldercare.day_care_centres": (
        "SELECT COUNT(*) FROM eldercare_institution i JOIN core_region r ON r.id = i.region_id"
        " WHERE r.path LIKE %s AND i.kind = 'day_care' AND i.active = TRUE AND (i.opened_on IS NULL OR i.opened_on <= %s)",
        _sub_end,
    ),
    "eldercare.caregivers_trained": (
        "SELECT COUNT(DISTINCT s.person_id) FROM eldercare_training t JOIN eldercare_staff s ON s.id = t.staff_id"
        " JOIN eldercare_institution i ON i.id = s.institution_id JOIN core_region r ON r.id = i.region_id"
        " WHERE r.path LIKE %s AND t.end_on >= %s AND t.end_on <= %s AND t.passed = TRUE"
        " AND s.post IN ('caregiver', 'manager')",
        _sub_range,
    ),
    # child welfare (tables of minzheng.children, and the ledger's for its two allowances)
    "children.allowance_institution": (_STANDARD_SQL.format(category="orphan_institution"), _ancestors_end),
    "children.allowance_dispersed": (_STANDARD_SQL.format(category="orphan_dispersed"), _ancestors_end),
    "children.allowance_institution_rise": (
        _RISE_SQL.format(category="orphan_institution"),
        _ancestors_period,
    ),
    "children.allowance_dispersed_rise": (_RISE_SQL.format(category="orphan_dispersed"), _ancestors_period),
    "children.paid": (
        "SELECT COALESCE(SUM(p.amount_fen), 0) FROM benefits_payment p JOIN benefits_payrollrun run ON run.id = p.run_id"
        " JOIN benefits_program g ON g.id = p.program_id JOIN core_region r ON r.id = p.region_id"
        " WHERE r.path LIKE %s AND p.month >= %s AND p.month <= %s AND p.status IN ('pending', 'paid')"
        " AND run.status IN ('approved', 'exported', 'reconciled') AND g.code IN ('orphan', 'de_facto_child')",
        _sub_months,
    ),
    "children.infants_received": (
        "SELECT COUNT(*) FROM children_infantintake i JOIN core_region r ON r.id = i.region_id"
        " WHERE r.path LIKE %s AND i.received_on >= %s AND i.received_on <= %s",
        _sub_range,
    ),
    "children.outreach_events": (
        "SELECT COUNT(*) FROM children_outreach o JOIN core_region r ON r.id = o.region_id"
        " WHERE r.path LIKE %s AND o.held_on >= %s AND o.held_on <= %s",
        _sub_range,
    ),
    # funeral (tables of minzheng.funeral): 清明 check-ins by the booked day, memorial visits, proxy sweepings done,
    # outreach, cremations; the subsidy is its program's paid lines
    **{
        f"funeral.qingming_{what}": (
            f"SELECT {select} FROM funeral_booking b JOIN funeral_slot s ON s.id = b.slot_id"
            " JOIN funeral_cemetery c ON c.id = s.cemetery_id JOIN core_region r ON r.id = c.region_id"
            f" WHERE r.path LIKE %s AND s.day >= %s AND s.day <= %s AND b.status = 'checked_in'{cond}",
            _sub_range,
        )
        for what, select, cond in (
            ("visitors", "COALESCE(SUM(b.visitors), 0)", ""),
            ("vehicles", "COUNT(*)", " AND b.plate <> ''"),
        )
    },
    "funeral.online_memorials": (
        "SELECT COALESCE(SUM(v.visits), 0) FROM funeral_memorialvisitday v JOIN funeral_memorial m"
        " ON m.id = v.memorial_id JOIN core_region r ON r.id = m.region_id WHERE r.path LIKE %s AND v.day >= %s"
        " AND v.day <= %s",
        _sub_range,
    ),
    "funeral.proxy_sweepings": (
        "SELECT COUNT(*) FROM funeral_proxyorder o JOIN funeral_cemetery c ON c.id = o.cemetery_id"
        " JOIN core_region r ON r.id = c.region_id WHERE r.path LIKE %s AND o.day >= %s AND o.day <= %s"
        " AND o.status = 'done'",
        _sub_range,
    ),
    **{
        f"funeral.{column}": (
            f"SELECT COALESCE(SUM(o.{column}), 0) FROM funeral_outreach o JOIN core_region r ON r.id = o.region_id"
            " WHERE r.path LIKE %s AND o.day >= %s AND o.day <= %s",
            _sub_range,
        )
        for column in ("booklets", "banners")
    },
    "funeral.cremations": (
        "SELECT COUNT(*) FROM funeral_cremation x JOIN core_region r ON r.id = x.region_id"
        " WHERE r.path LIKE %s AND x.cremated_on >= %s AND x.cremated_on <= %s",
        _sub_range,
    ),
    "funeral.subsidy_paid": (_paid_sql("COALESCE(SUM(p.amount_fen), 0)", "funeral_basic"), _sub_months),
    # rescue (tables of minzheng.rescue): stays by arrival (不予救助 not counted), reunions by leaving
    "rescue.identified": (
        "SELECT COUNT(DISTINCT i.rescuee_id) FROM rescue_intake i JOIN core_region r ON r.id = i.region_id"
        " WHERE r.path LIKE %s AND i.arrived_at >= %s AND i.arrived_at < %s AND i.leave <> 'refused'",
        _sub_span,
    ),
    "rescue.assisted": (
        "SELECT COUNT(*) FROM rescue_intake i JOIN core_region r ON r.id = i.region_id"
        " WHERE r.path LIKE %s AND i.arrived_at >= %s AND i.arrived_at < %s AND i.leave <> 'refused'",
        _sub_span,
    ),
    "rescue.minors_assisted": (
        "SELECT COUNT(*) FROM rescue_intake i JOIN core_region r ON r.id = i.region_id"
        " WHERE r.path LIKE %s AND i.arrived_at >= %s AND i.arrived_at < %s AND i.leave <> 'refused'"
        " AND i.minor = TRUE",
        _sub_span,
    ),
    "rescue.families_found": (
        "SELECT COUNT(DISTINCT i.rescuee_id) FROM rescue_intake i JOIN core_region r ON r.id = i.region_id"
        " WHERE r.path LIKE %s AND i.left_at >= %s AND i.left_at < %s AND i.leave = 'returned'",
        _sub_span,
    ),
    "rescue.campaign_person_times": (
        "SELECT COALESCE(SUM(c.person_times), 0) FROM rescue_campaign c JOIN core_region r ON r.id = c.region_id"
        " WHERE r.path LIKE %s AND c.held_on >= %s AND c.held_on <= %s",
        _sub_range,
    ),
    "rescue.second_classroom": (
        "SELECT COUNT(*) FROM rescue_classsession s JOIN core_region r ON r.id = s.region_id"
        " WHERE r.path LIKE %s AND s.held_on >= %s AND s.held_on <= %s",
        _sub_range,
    ),
    "rescue.minors_visited": (
        "SELECT COUNT(*) FROM rescue_minorvisit v JOIN core_region r ON r.id = v.region_id"
        " WHERE r.path LIKE %s AND v.visited_on >= %s AND v.visited_on <= %s",
        _sub_range,
    ),
    # place names (tables of minzheng.placenames)
    **{
        f"placenames.{kind}_signs": (
            "SELECT COUNT(*) FROM placenames_sign s JOIN core_region r ON r.id = s.region_id"
            f" WHERE r.path LIKE %s AND s.kind = '{kind}' AND s.installed_on >= %s AND s.installed_on <= %s",
            _sub_range,
        )
        for kind in ("road", "village")
    },
    "placenames.roads_named": (
        "SELECT COUNT(*) FROM placenames_placename p JOIN core_region r ON r.id = p.region_id"
        " WHERE r.path LIKE %s AND p.kind IN ('road', 'street', 'lane') AND p.origin = 'named'"
        " AND p.valid_from >= %s AND p.valid_from <= %s",
        _sub_range,
    ),
    "placenames.markers_repaired": (
        "SELECT COUNT(DISTINCT x.marker_id) FROM placenames_repair x JOIN core_region r ON r.id = x.region_id"
        " WHERE r.path LIKE %s AND x.marker_id IS NOT NULL AND x.status = 'done'"
        " AND x.repaired_on >= %s AND x.repaired_on <= %s",
        _sub_range,
    ),
    # charity (tables of minzheng.charity): donations received, by the region where the campaign was filed
    **{
        f"charity.donations_{kind}": (
            "SELECT COALESCE(SUM(d.amount_fen), 0) FROM charity_donation d JOIN charity_campaign c ON c.id = d.campaign_id"
            " JOIN core_region r ON r.id = c.region_id"
            f" WHERE r.path LIKE %s AND d.received_on >= %s AND d.received_on <= %s AND d.kind = '{kind}'",
            _sub_range,
        )
        for kind in ("money", "goods")
    },
    # the materials ledger (tables of minzheng.supplies): issues (not transfers), by the stock's region
    **{
        f"supplies.{code}": (
            f"SELECT COALESCE(SUM(m.{column}), 0) FROM supplies_movement m JOIN supplies_item i ON i.id = m.item_id"
            " JOIN core_region r ON r.id = m.region_id"
            f" WHERE r.path LIKE %s AND m.day >= %s AND m.day <= %s AND m.kind = 'issue' AND i.category = '{category}'"
            + extra,
            _sub_range,
        )
        for code, column, category, extra in (
            ("leaflets_issued", "quantity", "leaflet", ""),
            ("masks_issued", "quantity", "mask", ""),
            ("relief_issued", "value_fen", "relief", " AND m.recipient_kind = 'person'"),
        )
    },
    # social workers trained: distinct workers attending a training held in the period, by the worker's region
    "orgs.workers_trained": (
        "SELECT COUNT(DISTINCT a.worker_id) FROM orgs_attendance a JOIN orgs_training t ON t.id = a.training_id"
        " JOIN orgs_worker w ON w.id = a.worker_id JOIN core_region r ON r.id = w.region_id"
        " WHERE r.path LIKE %s AND t.held_on >= %s AND t.held_on <= %s",
        _sub_range,
    ),
    # marriage registration: marriages registered at the offices in the subtree, revoked ones left out
    "marriage.registrations": (
        "SELECT COUNT(*) FROM marriage_registration m JOIN marriage_office o ON o.id = m.office_id"
        " JOIN core_region r ON r.id = o.region_id WHERE r.path LIKE %s AND m.registered_on >= %s"
        " AND m.registered_on <= %s AND m.kind = 'marriage' AND m.status <> 'revoked'",
        _sub_range,
    ),
    "marriage.foreign_registrations": (
        "SELECT COUNT(*) FROM marriage_registration m JOIN marriage_office o ON o.id = m.office_id"
        " JOIN core_region r ON r.id = o.region_id WHERE r.path LIKE %s AND m.registered_on >= %s"
        " AND m.registered_on <= %s AND m.kind = 'marriage' AND m.status <> 'revoked' AND m.party <> 'mainland'",
        _sub_range,
    ),
    # community governance and the policy library (tables of minzheng.community and minzheng.policy)
    "community.centres_built": (
        "SELECT COUNT(*) FROM community_project p JOIN core_region r ON r.id = p.region_id WHERE r.path LIKE %s"
        " AND p.kind = 'centre' AND p.status = 'completed' AND p.completed_on >= %s AND p.completed_on <= %s",
        _sub_range,
    ),
    "community.pilot_sites_built": (
        "SELECT COUNT(*) FROM community_project p JOIN core_region r ON r.id = p.region_id WHERE r.path LIKE %s"
        " AND p.kind = 'pilot' AND p.status = 'completed' AND p.completed_on >= %s AND p.completed_on <= %s",
        _sub_range,
    ),
    "eldercare.homes_upgrading": (
        "SELECT COUNT(DISTINCT w.institution_id) FROM eldercare_worksproject w"
        " JOIN eldercare_institution i ON i.id = w.institution_id JOIN core_region r ON r.id = w.region_id"
        " WHERE r.path LIKE %s AND i.kind = 'town_home' AND w.started_on <= %s"
        " AND (w.accepted_on IS NULL OR w.accepted_on >= %s)",
        lambda path, start, end: [f"{path}%", end, start],
    ),
    "policy.assistance_documents_issued": (
        "SELECT COUNT(*) FROM policy_document d JOIN core_region r ON r.id = d.region_id WHERE r.path LIKE %s"
        " AND d.topic = 'assistance' AND d.issued_on >= %s AND d.issued_on <= %s",
        _sub_range,
    ),
}


def crosscheck_value(code: str, *, region: Region, start: date, end: date) -> int:
    sql, params = CROSSCHECK[code]
    with connection.cursor() as cursor:
        cursor.execute(sql, params(region.path, start, end))
        return int(cursor.fetchone()[0] or 0)
