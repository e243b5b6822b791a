"""The synthetic year of community governance (``minzheng seed`` step 60).

- The city's 证明事项清单: the 20 items 民发〔2020〕20号 says a committee must refuse, and the demo items it may
  issue (rules.ALLOWED_DEMO).
- The projects the seed names (section (三)): the 3 大社区综合服务中心 built in the year (秀英区美德村, 龙华区金山社区,
  苍西村) and the 2 示范点 (海秀镇新村, 永兴镇罗经村) — named places, so their number does not scale with the city
  (reports/figures.py says so beside figures 17–18). Made through the services: 入库, 开工, 建成.
- The year's 村（居）务公开 of every village and community: each category each quarter, posted within a few days of
  the period's end — some late, a few missing (the overdue list has something to show). One INSERT per batch.
- Certificates issued and refused through the services (a handful per 1,000 residents × S), and one 第九届 election
  per district taken from the registry's voters' list to its 备案 (the 2021 plan's 换届).

- The city's 小微权力指导清单 (海民发〔2020〕92号, demo items rules.POWER_GUIDE_DEMO), adopted and published by most
  villages and communities in the last quarter of the year (``POWER_PUBLISHED_SHARE`` [U]; the rest are the overview's
  villages without a published list): one INSERT of the lists, one INSERT … SELECT of their items.
- The 第二届“最美社区工作者” of the year (section (三)): ``AWARDEES`` residents of as many communities [U] — a
  named event, not scaled — through the service.

Resumable: every part checks what exists and makes only what is missing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import connection, transaction

from minzheng.community import awards, powers, rules, services
from minzheng.community.models import (
    Award,
    CertificateItem,
    Election,
    IssuedCertificate,
    Posting,
    PowerItem,
    PowerList,
    Project,
    Refusal,
)
from minzheng.core.models import Region
from minzheng.registry.models import Person

# (region code, kind, name, facilities, services, started, completed) — the seed's named projects; facilities and
# services are demo values [U].
NAMED_PROJECTS: tuple[tuple[str, str, str, str, str, tuple[int, int], tuple[int, int]], ...] = (
    ("460105100204", Project.Kind.CENTRE, "美德村大社区综合服务中心", "便民服务大厅\n日间照料室\n儿童之家\n文体活动室",
     "政务代办\n老年助餐\n儿童托管\n法律咨询", (3, 2), (9, 28)),
    ("460106005004", Project.Kind.CENTRE, "金山社区大社区综合服务中心", "便民服务大厅\n社区食堂\n党群活动室\n图书室",
     "政务代办\n长者饭堂\n社会工作服务\n志愿服务", (4, 10), (11, 16)),
    ("460106100205", Project.Kind.CENTRE, "苍西村大社区综合服务中心", "便民服务大厅\n卫生室\n文化广场",
     "政务代办\n基本医疗\n文体活动", (5, 6), (12, 8)),
    ("460105102200", Project.Kind.PILOT, "海秀镇新村农村社区治理示范点", "村民议事厅\n村务公开栏\n综合服务站",
     "村民议事协商\n村务公开\n便民代办", (3, 16), (10, 20)),
    ("460105104206", Project.Kind.PILOT, "永兴镇罗经村农村社区治理示范点", "村民议事厅\n村务公开栏\n文化室",
     "村民议事协商\n村务公开\n文体活动", (4, 1), (11, 5)),
)  # fmt: skip

LATE_SHARE, MISSING_SHARE = 0.08, 0.03  # of the year's postings: posted after the deadline, never posted


def items_seed() -> int:
    city = Region.objects.get(parent__isnull=True)
    before = CertificateItem.objects.count()
    for name in rules.REFUSED_FIRST_BATCH:
        services.item_save(actor=None, region=city, name=name, allowed=False, basis=rules.REFUSED_BASIS,
                           refuse_reason=rules.REFUSED_REASON)  # fmt: skip
    for name, basis in rules.ALLOWED_DEMO:
        services.item_save(actor=None, region=city, name=name, allowed=True, basis=basis)
    return CertificateItem.objects.count() - before


def projects_seed(year: int) -> int:
    made = 0
    regions = Region.objects.in_bulk([row[0] for row in NAMED_PROJECTS], field_name="code")
    for code, kind, name, facilities, offered, started, completed in NAMED_PROJECTS:
        region = regions.get(code)
        if region is None or Project.objects.filter(region=region, kind=kind, name=name).exists():
            continue
        with transaction.atomic():
            project = services.project_create(
                actor=None, region=region, name=name, kind=kind, planned_on=date(year, 1, 15), facilities=facilities,
                services=offered, note="演示数据",
            )  # fmt: skip
            services.project_start(actor=None, project=project, on=date(year, *started))
            services.project_complete(actor=None, project=project, on=date(year, *completed))
        made += 1
    return made


def postings_seed(year: int, rng: random.Random) -> int:
    """Every quarter of ``year`` for every village and community and category; one bulk INSERT."""
    communities = list(
        Region.objects.filter(level=Region.Level.COMMUNITY).order_by("code").values_list("id", flat=True)
    )
    done = set(
        Posting.objects.filter(period_start__year=year).values_list("region_id", "category", "period_start")
    )
    rows = []
    for region_id in communities:
        for category in rules.CATEGORY_LABELS:
            for quarter in range(4):
                period = rules.period_of(date(year, quarter * 3 + 1, 1), rules.QUARTER)
                # every draw made for every row, posted or not: a re-run makes the same plan
                roll, late_by, on_time = (
                    rng.random(),
                    rng.randint(3, 30),
                    rng.randint(1, rules.POSTING_GRACE_DAYS),
                )
                if (region_id, category, period.start) in done or roll < MISSING_SHARE:
                    continue
                late = roll < MISSING_SHARE + LATE_SHARE
                delay = rules.POSTING_GRACE_DAYS + late_by if late else on_time
                rows.append(Posting(
                    region_id=region_id, category=category, period_start=period.start, period_end=period.end,
                    title=f"{period.label}{rules.CATEGORY_LABELS[category]}", content="演示数据：公开栏张贴内容。",
                    posted_on=period.end + timedelta(days=delay), due_on=period.due,
                ))  # fmt: skip
    Posting.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def certificates_seed(scale: float, year: int, rng: random.Random) -> tuple[int, int]:
    items = {i.name: i for i in CertificateItem.objects.filter(region__parent__isnull=True)}
    allowed = [i for i in items.values() if i.allowed]
    refused = [i for i in items.values() if not i.allowed]
    wanted_issued, wanted_refused = max(1, round(2000 * scale)), max(1, round(500 * scale))
    issued = IssuedCertificate.objects.filter(year=year).count()
    refusals = Refusal.objects.filter(refused_on__year=year).count()
    if issued >= wanted_issued and refusals >= wanted_refused:
        return 0, 0
    persons = list(
        Person.objects.filter(status=Person.Status.NORMAL, region__level=Region.Level.GRID)
        .select_related("region__parent", "hukou_region")
        .order_by("id")[: (wanted_issued + wanted_refused) * 20]
    )
    rng.shuffle(persons)
    made = [0, 0]
    for person in persons:
        community = person.region.parent
        day = date(year, rng.randint(1, 12), rng.randint(1, 28))
        if issued + made[0] < wanted_issued:
            services.certificate_request(actor=None, region=community, person=person, item=rng.choice(allowed),
                                         purpose="演示数据：办理收养登记", on=day)  # fmt: skip
            made[0] += 1
        elif refusals + made[1] < wanted_refused:
            services.certificate_request(actor=None, region=community, person=person, item=rng.choice(refused),
                                         purpose="演示数据", on=day)  # fmt: skip
            made[1] += 1
        else:
            break
    return made[0], made[1]


def elections_seed(rng: random.Random) -> int:
    """One 第九届 election per district (the first community with residents): voters from the registry,
    three candidates for three seats, a turnout over half, the count and the 备案."""
    made = 0
    for district in Region.objects.filter(level=Region.Level.DISTRICT).order_by("code"):
        community = (
            Region.objects.filter(level=Region.Level.COMMUNITY, path__startswith=district.path)
            .filter(children__level=Region.Level.GRID)
            .order_by("code")
            .first()
        )
        if community is None or Election.objects.filter(region=community, term=9).exists():
            continue
        with transaction.atomic():
            election = services.election_create(actor=None, region=community, term=9, election_day=date(2021, 4, 18),
                                                seats=3)  # fmt: skip
            registered = services.election_register_voters(actor=None, election=election)
            if registered < 4:
                continue
            voters = list(election.voters.select_related("person").order_by("person_id")[:4])
            candidates = [
                services.candidate_add(actor=None, election=election, person=v.person) for v in voters
            ]
            voted = registered // 2 + 1 + rng.randint(0, registered // 3)
            votes = {c.pk: rng.randint(voted // 2 + 1, voted) for c in candidates[:3]}
            votes[candidates[3].pk] = rng.randint(0, voted // 2)
            services.election_count(actor=None, election=election, voted=voted, ballots_returned=voted,
                                    ballots_invalid=0, votes=votes)  # fmt: skip
            services.election_file(actor=None, election=election, on=date(2021, 4, 25))
        made += 1
    return made


POWER_PUBLISHED_SHARE = 0.85  # of the villages and communities: published their list by the year's end [U]
AWARDEES = 10  # 第二届“最美社区工作者” [U]: the seed names the event, not the number


def powers_seed(year: int, rng: random.Random) -> tuple[int, int]:
    """The city's guide list (once), then the lists of the committees that publish theirs: the guide's items copied
    by one INSERT … SELECT. Returns (lists published, items written)."""
    city = Region.objects.get(parent__isnull=True)
    guide = powers.power_list_ensure(actor=None, region=city)
    if not guide.items.exists():
        for category, name, basis, steps, post in rules.POWER_GUIDE_DEMO:
            powers.power_item_add(actor=None, power_list=guide, category=category, name=name, basis=basis,
                                  steps=steps, post=post)  # fmt: skip
    if guide.status != PowerList.Status.PUBLISHED:
        powers.power_list_publish(actor=None, power_list=guide, on=date(year, 9, 15))
    have = set(PowerList.objects.values_list("region_id", flat=True))
    committees = (
        Region.objects.filter(level=Region.Level.COMMUNITY).order_by("code").values_list("id", flat=True)
    )
    lists = []
    for region_id in committees:
        roll, day = (
            rng.random(),
            rng.randint(0, 80),
        )  # drawn for every committee: a re-run makes the same plan
        if region_id not in have and roll < POWER_PUBLISHED_SHARE:
            lists.append(PowerList(region_id=region_id, status=PowerList.Status.PUBLISHED,
                                   published_on=date(year, 10, 8) + timedelta(days=day)))  # fmt: skip
    made = PowerList.objects.bulk_create(lists, batch_size=2000)
    if not made:
        return 0, 0
    item, plist = PowerItem._meta.db_table, PowerList._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {item} (power_list_id, category, name, basis, steps, post, {connection.ops.quote_name('order')}) "
            f"SELECT l.id, g.category, g.name, g.basis, g.steps, g.post, g.{connection.ops.quote_name('order')} "
            f"FROM {plist} l CROSS JOIN {item} g WHERE g.power_list_id = %s AND l.status = %s "
            f"AND NOT EXISTS (SELECT 1 FROM {item} x WHERE x.power_list_id = l.id)",
            [guide.pk, PowerList.Status.PUBLISHED],
        )  # fmt: skip
        written = cursor.rowcount
    return len(made), written


def awards_seed(year: int, rng: random.Random) -> int:
    """第二届“最美社区工作者”: one adult resident each of ``AWARDEES`` communities, conferred in December."""
    if Award.objects.filter(year=year, title=Award.Title.MOST_BEAUTIFUL).exists():
        return 0
    adults = (
        Person.objects.filter(status=Person.Status.NORMAL, region__level=Region.Level.GRID,
                              birth_date__lte=date(year - 25, 1, 1), birth_date__gte=date(year - 55, 1, 1))
        .select_related("region__parent").order_by("id")[: AWARDEES * 50]
    )  # fmt: skip
    chosen: dict[int, Person] = {}
    for person in rng.sample(list(adults), k=min(len(adults), AWARDEES * 50)):
        chosen.setdefault(person.region.parent_id, person)
        if len(chosen) == AWARDEES:
            break
    for person in chosen.values():
        awards.award_register(
            actor=None, title=Award.Title.MOST_BEAUTIFUL, year=year, edition="第二届", region=person.region.parent,
            person=person, post="社区工作者", conferred_by="海口市民政局", conferred_on=date(year, 12, 18),
            citation="演示数据：扎根社区一线，在疫情防控和为民服务中表现突出。",
        )  # fmt: skip
    return len(chosen)


def community_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    year = year or 2020
    rng = random.Random(random_seed + 60)
    items = items_seed()
    projects = projects_seed(year)
    postings = postings_seed(year, rng)
    issued, refused = certificates_seed(scale, year, rng) if Person.objects.exists() else (0, 0)
    elections = elections_seed(rng) if Person.objects.exists() else 0
    # their own draws: the steps above draw less on a re-run, and a re-run must make the same plan
    lists, _ = powers_seed(year, random.Random(random_seed + 61))
    honoured = awards_seed(year, random.Random(random_seed + 62)) if Person.objects.exists() else 0
    return (
        f"证明事项清单新增{items}项；大社区与示范点项目新增{projects}个；村（居）务公开新增{postings}条；"
        f"出具证明{issued}件、不予出具{refused}次；换届选举{elections}个；"
        f"公布小微权力清单{lists}个；表彰最美社区工作者{honoured}人（演示数据）"
    )
