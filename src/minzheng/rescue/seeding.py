"""Synthetic rescue work for a year (``minzheng seed`` step 56), made through the services and the case moves — the
facts chosen (who comes, when, how they leave), never a figure written after the fact:

- the station 海口市救助管理站 in the first district (where the demo's 机构经办人 works) [U: its real address];
- people chosen in the registry (adults 18–70, minors 8–17) and a few unidentified adults described for the 寻亲公告;
  431 × scale people making 640 × scale stays (the repeats are adults coming back after a month or more), 128 × scale
  of them minors; 46 × scale people found their families and were escorted home or collected (hand-over record);
  the other adults left on their own within the 10 days, minors were handed to their home station (移交), and an
  unidentified person still unknown after 3 months was settled (长期滞留安置) by the district bureau;
- every notice the rules ask for, on time: 寻亲公告 within 24 hours for the unidentified, the family (or the minor's
  guardian) notified within 24 hours of the identity being known;
- 14 × scale 第二课堂 sessions with the minors present that day, 22 × scale visits to minors in difficulty, and the
  夏季送清凉/寒冬送温暖 outings reaching 41,700 × scale person-times.

Counts are rounded, at least one. Resumable: the plan is drawn from the random seed alone; what the seed's own
accounts already recorded for the year is skipped, and a re-run goes on to the same targets.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Sum

from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.registry.models import Person
from minzheng.rescue import rules
from minzheng.rescue.models import Campaign, ClassSession, Intake, MinorVisit, Station
from minzheng.rescue.services.activities import campaign_record, class_session_record, minor_visit_record
from minzheng.rescue.services.intakes import intake_move, intake_register, notice_record, station_ensure

logger = logging.getLogger(__name__)
TZ = ZoneInfo("Asia/Shanghai")
STATION_NAME = "海口市救助管理站"
# the seed document's 2020 figures (section 六)
PEOPLE, STAYS, REUNITED, MINOR_STAYS, SESSIONS, VISITS, CAMPAIGN = 431, 640, 46, 128, 14, 22, 41_700
UNIDENTIFIED_SHARE = 0.08  # [U] share of adults whose identity is unknown on arrival
OUTINGS = 60  # [U] campaign outings a year at full scale


def _n(value: float, scale: float) -> int:
    return max(1, round(value * scale))


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


@dataclass(frozen=True)
class Stay:
    index: int
    person_id: int | None  # None: an unidentified adult
    minor: bool
    arrive: date
    hour: int
    ending: str  # "leave" | "escort" | "transfer" | "settle"
    days: int  # days at the station


def _people(year: int, *, minors: bool, count: int, rng: random.Random) -> list[int]:
    if count <= 0:
        return []
    if minors:
        oldest, youngest = date(year - 17, 1, 2), date(year - 8, 1, 1)
    else:
        oldest, youngest = date(year - 70, 1, 1), date(year - 19, 1, 1)
    qs = Person.objects.filter(status=Person.Status.NORMAL, birth_date__gte=oldest, birth_date__lte=youngest)
    ids = list(qs.order_by("id").values_list("id", flat=True)[: max(count * 20, 200)])
    return rng.sample(ids, min(count, len(ids)))


def rescue_plan(*, scale: float, random_seed: int, year: int) -> list[Stay]:
    rng = random.Random(f"rescue-{random_seed}-{year}")
    people, stays = _n(PEOPLE, scale), _n(STAYS, scale)
    minors = min(_n(MINOR_STAYS, scale), max(people - 1, 1))
    adults = max(people - minors, 1)
    unknown = max(1, round(adults * UNIDENTIFIED_SHARE)) if adults >= 2 else 0
    minor_ids = _people(year, minors=True, count=minors, rng=rng)
    adult_ids = _people(year, minors=False, count=adults - unknown, rng=rng)
    humans: list[tuple[int | None, bool]] = [(i, True) for i in minor_ids] + [(i, False) for i in adult_ids]
    humans += [(None, False)] * unknown
    visits = {k: 1 for k in range(len(humans))}
    identified_adults = [k for k, (pid, minor) in enumerate(humans) if pid is not None and not minor]
    for _ in range(max(stays - len(humans), 0)):  # repeats: identified adults coming back
        if identified_adults:
            visits[rng.choice(identified_adults)] += 1
    reunited = set(rng.sample([k for k, (pid, _) in enumerate(humans) if pid is not None],
                              min(_n(REUNITED, scale), len(humans) - unknown)))  # fmt: skip
    plan: list[Stay] = []
    for k, (pid, minor) in enumerate(humans):
        count = visits[k]
        gap = 30
        latest = 350 - gap * (count - 1)
        first = rng.randint(0, max(latest, 0)) if pid is not None else rng.randint(0, 200)
        for j in range(count):
            last = j == count - 1
            if pid is None:
                ending, days = "settle", 0
            elif last and k in reunited:
                ending, days = "escort", rng.randint(1, 6)
            elif minor:
                ending, days = "transfer", rng.randint(2, 6)
            else:
                ending, days = "leave", rng.randint(1, 9)
            day = date(year, 1, 1) + timedelta(days=first + j * gap)
            plan.append(Stay(0, pid, minor, day, rng.randint(8, 20), ending, days))
    plan.sort(key=lambda s: (s.arrive, s.hour, s.person_id or 0))
    return [Stay(i, *(getattr(s, f) for f in ("person_id", "minor", "arrive", "hour", "ending", "days")))
            for i, s in enumerate(plan)]  # fmt: skip


def _user(username: str, role: str, region: Region, label: str) -> User:
    found = User.objects.filter(username=username).first()
    return found or User.objects.create_user(
        username=username, password=None, role=role, region=region, display_name=f"演示数据（{label}）"
    )


def _make(stay: Stay, *, station: Station, staff: User, bureau: User, people: dict[int, Person]) -> None:
    arrived = _at(stay.arrive, stay.hour)
    person = people.get(stay.person_id) if stay.person_id is not None else None
    with transaction.atomic():
        if person is None:
            intake = intake_register(
                actor=staff, station=station, source="police", arrived_at=arrived, age=40 + stay.index % 30,
                gender="M" if stay.index % 3 else "F", description="身形偏瘦，言语不清，无法说明来历（演示数据）",
                impaired=True, voluntary=False, voluntary_note="公安机关巡逻发现后护送来站",
                found_place="海秀快速路桥下",
            )  # fmt: skip
            notice_record(actor=staff, intake=intake, kind="announcement", channel="全国救助寻亲网",
                          note="寻亲公告（附照片、体貌特征）", at=arrived + timedelta(hours=6))  # fmt: skip
            decided = rules.long_stay_from(stay.arrive)
            if decided <= date(stay.arrive.year, 12, 31):
                intake_move(actor=bureau, intake=intake, action="settle", comment="长期滞留，落户安置到市社会福利院",
                            at=_at(decided, 10))  # fmt: skip
            return
        intake = intake_register(
            actor=staff, station=station, person=person, source="police" if stay.minor else "self",
            arrived_at=arrived, voluntary=not stay.minor, reason="务工不着、身无分文" if not stay.minor else "离家出走",
            schooling=rules.Schooling.DROPPED_OUT if stay.minor else "",
        )  # fmt: skip
        kind = "guardian" if stay.minor else "family"
        notice_record(actor=staff, intake=intake, kind=kind, channel="电话", recipient="亲属及户籍地乡镇政府",
                      at=arrived + timedelta(hours=3))  # fmt: skip
        left = _at(stay.arrive + timedelta(days=stay.days), 15)
        if stay.ending == "escort":
            intake_move(actor=staff, intake=intake, action="escort", handover_to=f"{person.name[0]}家属",
                        handover_relation="亲属", handover_place="户籍地乡镇民政办", handover_at=left, at=left)  # fmt: skip
        elif stay.ending == "transfer":
            intake_move(
                actor=staff, intake=intake, action="transfer", comment="户籍地救助管理站接回", at=left
            )
        else:
            intake_move(
                actor=staff,
                intake=intake,
                action="leave",
                comment="本人要求离站，已签自行离站声明书",
                at=left,
            )


def _sessions(year: int, scale: float, station: Station, staff: User) -> int:
    target = _n(SESSIONS, scale)
    done = ClassSession.objects.filter(created_by=staff, held_on__year=year).count()
    minors = list(Intake.objects.filter(station=station, minor=True, arrived_at__year=year).select_related("rescuee")
                  .order_by("arrived_at"))  # fmt: skip
    made = 0
    for intake in minors[done:]:
        if done + made >= target:
            break
        day = intake.arrived_at.astimezone(TZ).date() + timedelta(days=1)
        present = [m for m in minors if m.arrived_at.astimezone(TZ).date() <= day
                   and (m.left_at is None or m.left_at.astimezone(TZ).date() >= day)]  # fmt: skip
        if not present:
            continue
        class_session_record(actor=staff, station=station, held_on=day, topic="安全自护与法治教育",
                             teacher="驻站社工", attendees=present)  # fmt: skip
        made += 1
    return done + made


def _visits(year: int, scale: float, station: Station, staff: User, rng: random.Random) -> int:
    target = _n(VISITS, scale)
    done = MinorVisit.objects.filter(created_by=staff, visited_on__year=year).count()
    children = Person.objects.in_bulk(_people(year, minors=True, count=target, rng=rng))
    for k, child in enumerate(children.values()):
        if k < done:
            continue
        minor_visit_record(actor=staff, station=station, child=child,
                           visited_on=date(year, 1, 15) + timedelta(days=(k * 16) % 340),
                           situation="父母外出务工，由祖父母照料，家庭困难", help_given="送学习用品，链接低保和助学政策",
                           visitor="救助站社工")  # fmt: skip
    return MinorVisit.objects.filter(created_by=staff, visited_on__year=year).count()


def _campaigns(year: int, scale: float, staff: User) -> int:
    target = _n(CAMPAIGN, scale)
    done = (
        Campaign.objects.filter(created_by=staff, held_on__year=year).aggregate(t=Sum("person_times"))["t"]
        or 0
    )
    districts = list(Region.objects.filter(level=Region.Level.DISTRICT).order_by("code"))
    outings = max(1, min(OUTINGS, round(OUTINGS * scale)))
    share = max(1, target // outings)
    k = Campaign.objects.filter(created_by=staff, held_on__year=year).count()
    while done < target and districts:
        summer = k % 2 == 0
        day = (
            date(year, 7, 1) + timedelta(days=k % 60) if summer else date(year, 1, 5) + timedelta(days=k % 40)
        )
        reach = min(share, target - done) if k < outings - 1 else target - done
        campaign_record(actor=staff, kind="summer" if summer else "winter", region=districts[k % len(districts)],
                        held_on=day, place="街面、桥洞、车站周边", person_times=reach,
                        items="矿泉水、防暑药品" if summer else "棉被、棉衣、热食")  # fmt: skip
        done, k = done + reach, k + 1
    return done


def rescue_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    year = year or 2020
    district = Region.objects.filter(level=Region.Level.DISTRICT).order_by("code").first()
    city = Region.objects.filter(parent__isnull=True).order_by("code").first()
    if district is None or city is None:
        return "区划表为空，跳过"
    station = station_ensure(name=STATION_NAME, region=district, phone="0898-12345", address="（演示数据）")
    staff = _user(f"seed_rescue_{station.pk}", Role.INSTITUTION_OPERATOR, district, STATION_NAME)
    bureau = _user(f"seed_{district.code}", Role.DISTRICT_REVIEWER, district, district.name)
    plan = rescue_plan(scale=scale, random_seed=random_seed, year=year)
    done = Intake.objects.filter(created_by=staff, arrived_at__year=year).count()
    people = Person.objects.in_bulk([s.person_id for s in plan[done:] if s.person_id is not None])
    for stay in plan[done:]:
        _make(stay, station=station, staff=staff, bureau=bureau, people=people)
    rng = random.Random(f"rescue-activities-{random_seed}-{year}")
    sessions = _sessions(year, scale, station, staff)
    visits = _visits(year, scale, station, staff, rng)
    reach = _campaigns(year, scale, staff)
    stays = Intake.objects.filter(created_by=staff, arrived_at__year=year)
    return (
        f"救助{stays.count()}人次（{stays.values('rescuee').distinct().count()}人，其中未成年人"
        f"{stays.filter(minor=True).count()}人次，护送返乡{stays.filter(leave=Intake.Leave.RETURNED).count()}人）；"
        f"第二课堂{sessions}期；走访困境未成年人{visits}人次；专项活动惠及{reach}人次（演示数据）"
    )
