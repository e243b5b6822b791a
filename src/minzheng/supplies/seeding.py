"""The synthetic 2020 of the materials ledger (``minzheng seed`` step 64): the epidemic-prevention campaign.

The city receives masks, leaflets and relief goods (bought or donated), hands them down to every town (下拨),
and each town issues them: leaflets to its communities' committees (units), masks to residents and to the
prevention posts, relief goods to people in difficulty (registry persons). The facts are chosen so that the year's
issues are the seed's "宣传资料123.77万份、口罩4.24万个" and "生活和防疫物资折合资金42.16万元" × S: quantities split
over the towns and recipients, the relief value made of goods priced 100, 10, 1 and 0.10 元 (exact to 0.10 元, i.e.
from S = 0.001 on). Set-based: every movement is inserted in bulk and the stocks written once from their sums.
Resumable: one transaction; a re-run that finds the campaign's movements makes nothing."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max, Min

from minzheng.core.models import Region
from minzheng.registry.models import Person
from minzheng.reports.figures import seed_target
from minzheng.supplies.models import Campaign, Item, Movement, Stock

ITEMS = (  # name, category, unit, 分 per unit — demo valuations
    ("一次性医用口罩", "mask", "个", 150),
    ("防疫宣传资料", "leaflet", "份", 30),
    ("生活物资包", "relief", "份", 10_000),
    ("消毒液", "relief", "瓶", 1_000),
    ("香皂", "relief", "块", 100),
    ("酒精棉片", "relief", "片", 10),
)
SPARE = 0.05  # the city keeps 5 % of what it received


def people_sample(rng: random.Random, n: int) -> list[tuple[int, int, str]]:
    """About ``n`` registry persons (id, region, region path) picked at random without reading the whole
    registry: random ids between the smallest and largest, kept when they exist and are 正常."""
    bounds = Person.objects.aggregate(lo=Min("id"), hi=Max("id"))
    if n <= 0 or bounds["lo"] is None:
        return []
    span = range(bounds["lo"], bounds["hi"] + 1)
    found: list[tuple[int, int, str]] = []
    for attempt in range(4):
        want = rng.sample(span, min(len(span), (n - len(found)) * (2 + attempt)))
        for chunk in range(0, len(want), 900):
            found += Person.objects.filter(
                pk__in=want[chunk : chunk + 900], status=Person.Status.NORMAL
            ).values_list("id", "region_id", "region__path")
        found = list(dict.fromkeys(found))
        if len(found) >= n or len(span) <= n * (2 + attempt):
            break
    found.sort()
    return found[:n]


def _spread(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` in ``parts`` non-negative integers summing exactly to it."""
    if parts <= 0:
        return []
    if total <= 0:
        return [0] * parts
    cuts = sorted(rng.randrange(0, total + 1) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def _relief_units(value_fen: int) -> list[tuple[str, int]]:
    """The relief value as counts of the relief goods, greatest price first (exact to the cheapest one)."""
    out = []
    for name, _category, _unit, price in sorted(
        (i for i in ITEMS if i[1] == "relief"), key=lambda i: -i[3]
    ):  # fmt: skip
        n, value_fen = divmod(value_fen, price)
        if n:
            out.append((name, n))
    return out


def supplies_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    year = year or 2020
    city = Region.objects.filter(parent__isnull=True).first()
    towns = list(Region.objects.filter(level=Region.Level.TOWN).order_by("code"))
    if city is None or not towns:
        return "区划为空，未生成物资台账数据"
    name = f"{year}年新冠肺炎疫情防控"
    if Movement.objects.filter(campaign__name=name).exists():
        return "已生成，未重复生成（演示数据）"
    rng = random.Random(random_seed + 64)
    leaflets, masks = seed_target("epidemic_leaflets", scale), seed_target("epidemic_masks", scale)
    relief = seed_target("epidemic_relief", scale)
    with transaction.atomic():
        items = {}
        for item_name, category, unit, price in ITEMS:
            items[item_name], _ = Item.objects.get_or_create(
                name=item_name, defaults={"category": category, "unit": unit, "unit_value_fen": price}
            )
        campaign, _ = Campaign.objects.get_or_create(
            name=name, defaults={"starts_on": date(year, 1, 24), "ends_on": date(year, 12, 31)}
        )
        start = campaign.starts_on
        communities = defaultdict(list)
        for c in Region.objects.filter(level=Region.Level.COMMUNITY).order_by("code").values("name", "path"):
            communities[c["path"].split("/")[3]].append(c["name"])  # /市/区/镇街/村居/
        people: dict[int, list[int]] = defaultdict(list)
        town_by_code = {t.code: t for t in towns}
        n_people = masks // 20 + sum(n for _, n in _relief_units(relief)) + len(towns)
        for pk, _region, path in people_sample(rng, n_people):
            parts = (path or "").split("/")
            if len(parts) > 4 and parts[3] in town_by_code:
                people[town_by_code[parts[3]].pk].append(pk)
        issues: list[Movement] = []
        # per town: its share of each target, issued to its units (leaflets, half the masks) and persons
        leaflet_shares, mask_shares = _spread(leaflets, len(towns), rng), _spread(masks, len(towns), rng)
        relief_units = _relief_units(relief)
        with_people = [t for t in towns if people[t.pk]]
        relief_plan: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for item_name, n in (
            relief_units if with_people else ()
        ):  # a person a batch of up to 3 packs (or small goods)
            while n:
                take = min(n, 3 if item_name == "生活物资包" else n)
                town = rng.choice(with_people)
                relief_plan[town.pk].append((item_name, take))
                n -= take
        for town, n_leaflets, n_masks in zip(towns, leaflet_shares, mask_shares, strict=True):
            units = communities.get(town.code) or [f"{town.name}防控办"]
            day = lambda: start + timedelta(days=rng.randrange(3, 120))  # noqa: E731
            for part, unit in zip(_spread(n_leaflets, len(units), rng), units, strict=True):
                if part:
                    issues.append(Movement(kind="issue", item=items["防疫宣传资料"], region=town, campaign=campaign,
                                           quantity=part, day=day(), recipient_kind="unit",
                                           unit_name=f"{unit}居（村）民委员会"))  # fmt: skip
            to_people = n_masks // 2 if people[town.pk] else 0
            if n_masks - to_people:
                issues.append(Movement(kind="issue", item=items["一次性医用口罩"], region=town, campaign=campaign,
                                       quantity=n_masks - to_people, day=day(), recipient_kind="unit",
                                       unit_name=f"{town.name}疫情防控卡点"))  # fmt: skip
            while to_people:
                take = min(to_people, 10)
                issues.append(Movement(kind="issue", item=items["一次性医用口罩"], region=town, campaign=campaign,
                                       quantity=take, day=day(), recipient_kind="person",
                                       person_id=rng.choice(people[town.pk])))  # fmt: skip
                to_people -= take
            for item_name, take in relief_plan[town.pk]:
                issues.append(Movement(kind="issue", item=items[item_name], region=town, campaign=campaign,
                                       quantity=take, day=day(), recipient_kind="person",
                                       person_id=rng.choice(people[town.pk])))  # fmt: skip
        # the stock that fed them: received at the city, handed down to each town the day before its first issue
        needed: dict[tuple[int, int], int] = defaultdict(int)
        first: dict[int, date] = {}
        for m in issues:
            needed[(m.item.pk, m.region.pk)] += m.quantity
            first[m.region.pk] = min(first.get(m.region.pk, m.day), m.day)
        by_item: dict[int, int] = defaultdict(int)
        for (item_pk, _), q in needed.items():
            by_item[item_pk] += q
        rows: list[Movement] = []
        item_by_pk = {i.pk: i for i in items.values()}
        received = {pk: q + int(q * SPARE) for pk, q in by_item.items()}
        for pk, q in received.items():
            rows.append(Movement(kind="receipt", item=item_by_pk[pk], region=city, campaign=campaign, quantity=q,
                                 day=start, source="政府采购及社会捐赠"))  # fmt: skip
        region_by_pk = {t.pk: t for t in towns}
        for (pk, town_pk), q in needed.items():
            day = first[town_pk] - timedelta(days=1)
            for kind, here, there in (("transfer_out", city, region_by_pk[town_pk]),
                                      ("transfer_in", region_by_pk[town_pk], city)):  # fmt: skip
                rows.append(Movement(kind=kind, item=item_by_pk[pk], region=here, counterpart=there,
                                     campaign=campaign, quantity=q, day=day))  # fmt: skip
        rows += issues
        for m in rows:
            m.value_fen = m.quantity * m.item.unit_value_fen
        Movement.objects.bulk_create(rows, batch_size=2000)
        Stock.objects.bulk_create(
            [Stock(item_id=pk, region=city, quantity=received[pk] - q) for pk, q in by_item.items()]
        )
    return (
        f"专项行动1个，出入库记录{len(rows)}条：发放宣传资料{leaflets}份、口罩{masks}个、"
        f"生活救助物资折合{relief / 100:.2f}元（演示数据）"
    )
