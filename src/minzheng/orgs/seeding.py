"""The synthetic register of social organisations and the year of social work (``minzheng seed`` step 60).

Demo data throughout (labelled 演示数据): Haikou's own register was not read, so the sizes are demo parameters
scaled by ``--scale`` — about 1,500 organisations at scale 1.0 (``ORGS_AT_SCALE_1``), community filings and a 社工站
in every town, social workers and purchased projects. One figure is the seed document's: "组织100名社会工作者参与
社区治理能力培训" (figure 55) — the year's training is attended by 100 × S workers, so the indicator computed from
the attendance lands on it.

Set-based: organisations, annual reports, filings, stations, workers and attendance are ``bulk_create``s; only a
few registration applications go through the case engine (so the clerk's list shows real cases) and the overdue
reports of the year before are listed by ``services.overdue_sweep`` (one INSERT). Resumable: each part checks
what it made before (by its own markers) and makes only what is missing; each part is its own transaction.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from stdnum.cn import uscc as stdnum_uscc

from minzheng.casework.services import case_transition
from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.orgs import rules
from minzheng.orgs.models import (
    AnnualReport,
    Application,
    Attendance,
    Filing,
    Organisation,
    Project,
    Station,
    Training,
    Worker,
)
from minzheng.orgs.services import application_create, application_set_uscc, overdue_sweep
from minzheng.registry.models import Person
from minzheng.reports.figures import seed_target
from minzheng.reports.registry import data_changed

TZ = ZoneInfo("Asia/Shanghai")
ORGS_AT_SCALE_1 = 1500  # demo size of the city's register [U]
FILINGS_PER_TOWN_AT_SCALE_1 = 120  # demo [U]; the national target is ≥10 per urban community [L]
WORKERS_AT_SCALE_1 = 1200  # demo [U]
PROJECTS_AT_SCALE_1 = 200  # demo [U]
TRAINING_TITLE = "社区治理能力培训"
CATEGORY = {rules.ASSOCIATION: "1", rules.SERVICE: "2", rules.FOUNDATION: "3"}
FIELDS = ("文体娱乐", "志愿服务", "邻里互助", "老年服务", "儿童关爱", "环境保护", "法律援助")
ASSOCIATION_NAMES = ("志愿者协会", "书法家协会", "老年体育协会", "餐饮行业协会", "物流协会", "摄影家协会")
SERVICE_NAMES = ("社会工作服务中心", "颐养服务中心", "青少年服务中心", "职业技能培训学校", "康复服务中心")


def _uscc(kind: str, area: str, serial: int) -> str:
    body = f"5{CATEGORY[kind]}{area}MJ{serial:07d}"
    return body + stdnum_uscc.calc_check_digit(body)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


def _people(rng: random.Random, n: int, *, exclude: set[int]) -> list[int]:
    """``n`` adult registry persons (normal status), spread over the register, not in ``exclude``."""
    qs = Person.objects.filter(status=Person.Status.NORMAL, birth_date__lte=date(1998, 1, 1)).order_by("id")
    total = qs.count()
    if not total:
        return []
    picked: list[int] = []
    start = rng.randrange(total)
    step = max(1, total // max(1, 3 * n))
    ids = list(qs.values_list("id", flat=True)[start : start + step * 3 * n : step])
    ids += list(qs.values_list("id", flat=True)[: step * 3 * n : step])
    for pk in ids:
        if pk not in exclude and pk not in picked:
            picked.append(pk)
        if len(picked) == n:
            break
    return picked


def _seed_user(district: Region) -> User:
    user = User.objects.filter(username=f"seed_{district.code}").first()
    if user is None:
        user = User.objects.create_user(
            username=f"seed_{district.code}", password=None, role=Role.DISTRICT_REVIEWER, region=district,
            display_name=f"演示数据（{district.name}）",
        )  # fmt: skip
    return user


def _organisations(rng: random.Random, scale: float, year: int) -> int:
    if Organisation.objects.filter(business_scope__endswith="（演示数据）").exists():
        return 0
    city = Region.objects.get(parent__isnull=True)
    districts = list(Region.objects.filter(level=Region.Level.DISTRICT).order_by("code"))
    towns = {
        d.pk: list(Region.objects.filter(parent=d, level=Region.Level.TOWN).order_by("code"))
        for d in districts
    }
    n = max(len(districts) * 2, round(ORGS_AT_SCALE_1 * scale))
    reps = _people(rng, n, exclude=set())
    rows = []
    for i in range(n):
        district = districts[i % len(districts)]
        town = rng.choice(towns[district.pk] or [district])
        kind = rules.ASSOCIATION if i % 5 < 2 else rules.SERVICE
        authority = city if i % 4 == 0 else district
        base = rng.choice(ASSOCIATION_NAMES if kind == rules.ASSOCIATION else SERVICE_NAMES)
        prefix = "海口市" if authority == city else district.name
        rep = reps[i] if i < len(reps) else None
        rows.append(Organisation(
            name=f"{prefix}{town.name.replace('街道', '').replace('镇', '')}{base}{i + 1}", kind=kind,
            uscc=_uscc(kind, authority.code[:6], 900000 + i), authority=authority, region=town,
            domicile=f"{town.name}演示路{i + 1}号", business_scope=f"{base.replace('协会', '').replace('中心', '')}服务（演示数据）",
            sponsor="" if kind == rules.SERVICE else "海口市民政局", legal_rep_name=f"法人{i + 1}",
            legal_rep_id=rep, funds_fen=rng.choice([3_000_000, 5_000_000, 10_000_000]),
            registered_on=date(rng.randrange(2008, year), rng.randrange(1, 13), rng.randrange(1, 28)),
        ))  # fmt: skip
    if reps:
        names = dict(Person.objects.filter(pk__in=reps).values_list("pk", "name"))
        for row in rows:
            if row.legal_rep_id:
                row.legal_rep_name = names[row.legal_rep_id]
    Organisation.objects.bulk_create(rows, batch_size=2000)
    data_changed("orgs.organisation")
    return n


def _reports(rng: random.Random, year: int) -> int:
    """The reports on ``year - 1``: nine in ten received by 5月31日 (foundations by 3月31日), some late; the
    rest are listed as overdue on 1 June (``services.overdue_sweep``)."""
    prior = year - 1
    if AnnualReport.objects.filter(year=prior).exists():
        return 0
    orgs = list(Organisation.objects.filter(registered_on__lte=date(prior, 12, 31)).values_list("pk", "kind"))
    rows = []
    for pk, kind in orgs:
        draw = rng.random()
        if draw < 0.1:
            continue  # never reported: overdue
        due = rules.annual_report_due(kind, prior)
        submitted = (
            due - timedelta(days=rng.randrange(0, 50))
            if draw < 0.95
            else due + timedelta(days=rng.randrange(1, 30))
        )
        rows.append(AnnualReport(
            organisation_id=pk, year=prior, submitted_on=submitted, late=submitted > due,
            sponsor_reviewed_on=min(submitted, rules.sponsor_review_due(prior)) - timedelta(days=3),
            result=rng.choice(["pass", "pass", "pass", "basic"]),
        ))  # fmt: skip
    AnnualReport.objects.bulk_create(rows, batch_size=2000)
    data_changed("orgs.annualreport")
    overdue_sweep(actor=None, year=prior, on=date(year, 6, 1))
    return len(rows)


def _applications(rng: random.Random, year: int) -> int:
    """A few registration applications through the case engine: one approved, one pending, one refused a district."""
    if Application.objects.exists():
        return 0
    made = 0
    for district in Region.objects.filter(level=Region.Level.DISTRICT).order_by("code"):
        town = Region.objects.filter(parent=district, level=Region.Level.TOWN).order_by("code").first()
        if town is None:
            continue
        user = _seed_user(district)
        for n, outcome in enumerate(("approve", "pending", "refuse")):
            day = date(year, 3 + 3 * n, 2 + rng.randrange(0, 20))
            with transaction.atomic():
                app = application_create(
                    actor=user, purpose="establish", authority=district, region=town, kind=rules.SERVICE,
                    name=f"{district.name}{town.name}社区服务中心{n + 1}", business_scope="社区服务（演示数据）",
                    legal_rep_name=f"申请人{made + 1}", funds_fen=3_000_000, comment="演示数据", at=_at(day, 9),
                )  # fmt: skip
                if outcome == "pending":
                    made += 1
                    continue
                case_transition(actor=user, case=app.case, action="accept", at=_at(day + timedelta(days=3)))
                if outcome == "approve":
                    application_set_uscc(
                        actor=user, application=app, uscc=_uscc(rules.SERVICE, district.code, 800000 + app.pk)
                    )
                    case_transition(
                        actor=user, case=app.case, action="approve", at=_at(day + timedelta(days=40))
                    )
                else:
                    case_transition(actor=user, case=app.case, action="refuse", at=_at(day + timedelta(days=50)),
                                    comment="同一行政区域内已有业务范围相同的社会服务机构，没有必要成立（民非条例第十一条）")  # fmt: skip
            made += 1
    return made


def _filings(rng: random.Random, scale: float, year: int) -> int:
    if Filing.objects.filter(field__in=FIELDS, created_by__isnull=True).exists():
        return 0
    per_town = max(1, round(FILINGS_PER_TOWN_AT_SCALE_1 * scale))
    rows = []
    for town in Region.objects.filter(level=Region.Level.TOWN).order_by("code"):
        communities = list(Region.objects.filter(parent=town, level=Region.Level.COMMUNITY).order_by("code"))
        for i in range(per_town):
            community = communities[i % len(communities)] if communities else None
            field = rng.choice(FIELDS)
            rows.append(Filing(
                name=f"{(community or town).name}{field}队{i + 1}", field=field, town=town, community=community,
                region=community or town, leader_name=f"负责人{i + 1}", members=rng.randrange(8, 60),
                filed_on=date(rng.randrange(2017, year + 1), rng.randrange(1, 13), rng.randrange(1, 28)),
            ))  # fmt: skip
    Filing.objects.bulk_create(rows, batch_size=2000)
    data_changed("orgs.filing")
    return len(rows)


def _social_work(rng: random.Random, scale: float, year: int) -> tuple[int, int]:
    """社工站 in every town, social workers, and the year's 社区治理能力培训 attended by 100 × S of them."""
    towns = list(Region.objects.filter(level=Region.Level.TOWN).order_by("code"))
    operators = list(
        Organisation.objects.filter(kind=rules.SERVICE, status="active").values_list("pk", flat=True)
    )
    have = set(Station.objects.values_list("town_id", flat=True))
    Station.objects.bulk_create([
        Station(town=t, name=f"{t.name}社会工作服务站", opened_on=date(year, rng.randrange(1, 7), 1),
                operator_id=rng.choice(operators) if operators else None)
        for t in towns if t.pk not in have
    ])  # fmt: skip
    stations = list(Station.objects.select_related("town"))
    trained = seed_target("social_workers_trained", scale)
    if not Worker.objects.exists() and stations:
        n = max(trained + len(stations), round(WORKERS_AT_SCALE_1 * scale))
        taken = set(
            Organisation.objects.exclude(legal_rep__isnull=True).values_list("legal_rep_id", flat=True)
        )
        people = _people(rng, n, exclude=taken)
        levels = ["none", "none", "assistant", "assistant", "social", "senior"]
        rows = []
        for i, pk in enumerate(people):
            station = stations[i % len(stations)]
            level = rng.choice(levels[:-1] if i % 40 else levels)
            cert_year = rng.randrange(2010, year) if level != "none" else None
            rows.append(Worker(
                person_id=pk, level=level, station=station, region=station.town,
                certificate_no=f"{level[:1].upper()}{cert_year}{i + 1:06d}" if cert_year else "", certified_year=cert_year,
            ))  # fmt: skip
        Worker.objects.bulk_create(rows, batch_size=2000)
        data_changed("orgs.worker")
    city = Region.objects.get(parent__isnull=True)
    training = Training.objects.filter(title=TRAINING_TITLE, held_on__year=year).first()
    attended = 0
    if training is None:
        training = Training.objects.create(
            title=TRAINING_TITLE, held_on=date(year, 9, 15), hours=16, region=city
        )
        ids = list(Worker.objects.order_by("id").values_list("id", flat=True))
        rng.shuffle(ids)
        Attendance.objects.bulk_create([Attendance(training=training, worker_id=pk) for pk in ids[:trained]])
        data_changed("orgs.attendance")
        attended = min(trained, len(ids))
    return Worker.objects.count(), attended


def _projects(rng: random.Random, scale: float, year: int) -> int:
    if Project.objects.filter(year=year).exists():
        return 0
    providers = list(
        Organisation.objects.filter(kind=rules.SERVICE, status="active").select_related("authority")
    )
    if not providers:
        return 0
    districts = list(Region.objects.filter(level=Region.Level.DISTRICT).order_by("code"))
    n = max(len(districts), round(PROJECTS_AT_SCALE_1 * scale))
    themes = ("困境儿童关爱", "社区居家养老", "社区矫正帮扶", "残疾人康复", "社区治理能力提升")
    rows = []
    for i in range(n):
        provider = providers[i % len(providers)]
        start = date(year, rng.randrange(1, 7), 1)
        evaluated = rng.random() < 0.6
        rows.append(Project(
            title=f"{rng.choice(themes)}服务项目{i + 1}", year=year, region=districts[i % len(districts)],
            provider=provider, budget_fen=rng.randrange(50, 500) * 100_000, deliverables="个案服务、小组活动、社区活动（演示数据）",
            start_on=start, end_on=date(year, 12, 31),
            evaluator="海口市社会工作评估中心（演示）" if evaluated else "", evaluated_on=date(year, 12, 20) if evaluated else None,
            score=rng.randrange(700, 980) / 10 if evaluated else None, status="evaluated" if evaluated else "running",
        ))  # fmt: skip
    Project.objects.bulk_create(rows, batch_size=2000)
    data_changed("orgs.project")
    return n


def orgs_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    if not Person.objects.exists():
        return "人房信息为空，未生成社会组织数据"
    year = year or 2020
    rng = random.Random(random_seed + 60)
    with transaction.atomic():
        orgs = _organisations(rng, scale, year)
    with transaction.atomic():
        reports = _reports(rng, year)
    applications = _applications(rng, year)
    with transaction.atomic():
        filings = _filings(rng, scale, year)
    with transaction.atomic():
        workers, trained = _social_work(rng, scale, year)
    with transaction.atomic():
        projects = _projects(rng, scale, year)
    return (
        f"社会组织新增{orgs}个（共{Organisation.objects.count()}个），年度报告{reports}份，登记申请{applications}件，"
        f"社区社会组织备案{filings}个，社会工作者{workers}名（{year}年培训{trained}名），购买服务项目{projects}个（演示数据）"
    )
