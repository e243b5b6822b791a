"""The synthetic 2020 of charity fundraising (``minzheng seed`` step 62): the city's 慈善总会, with its public
fundraising qualification, files an emergency campaign for epidemic prevention (within ten days of its start,
《慈善法》(2023)第七十三条), receives money and goods (valued) with numbered 捐赠票据, and gives out most of them
to hospitals and prevention posts (institutions) and to people in difficulty (registry persons).

The facts are chosen so that the year's receipts are the seed's "物资折价3000多万元、善款240多万元" × S exactly
(``reports.figures.seed_target``): the amounts are split over donations, the last one taking the remainder.
Set-based: the donations and distributions of the plan are inserted in bulk, then the campaign's running totals
are recomputed from them in one pass. Resumable: the whole step is one transaction and a re-run that finds the
campaign's rows makes nothing."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max, Min

from minzheng.charity import rules
from minzheng.charity.models import Campaign, Distribution, Donation, Kind, Organisation
from minzheng.charity.services import campaign_totals_refresh
from minzheng.core.models import Region
from minzheng.registry.models import Person
from minzheng.reports.figures import seed_target

ORG = "海口市慈善总会"
PREFIX = "HKCS"
GOODS = (  # name, unit, 元 per unit — demo valuations
    ("医用外科口罩", "个", "1.50"),
    ("医用防护服", "套", "120.00"),
    ("N95口罩", "个", "8.00"),
    ("消毒液", "箱", "96.00"),
    ("红外测温仪", "台", "350.00"),
    ("护目镜", "副", "25.00"),
)
INSTITUTIONS = (
    "海口市人民医院",
    "海南省人民医院",
    "海口市第三人民医院",
    "海口市疾病预防控制中心",
    "美兰国际机场防控点",
)
DONORS = ("海南椰岛集团", "海口农商银行", "海南航空", "海口市工商联", "海南医药商会", "爱心人士")


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


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` (分) in ``parts`` positive amounts of whole 元 where possible, summing exactly to it."""
    parts = max(1, min(parts, total // 100 or 1))
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = sum(weights)
    amounts = [max(100, int(total * w / scale) // 100 * 100) for w in weights[:-1]]
    while sum(amounts) >= total and amounts:
        amounts.pop()
    return [*amounts, total - sum(amounts)]


def _goods_rows(campaign: Campaign, total: int, year: int, rng: random.Random) -> list[Donation]:
    rows = []
    left = total
    day = campaign.starts_on
    for amount in _split(total, max(1, total // 1_500_000), rng):
        name, unit, price = rng.choice(GOODS)
        unit_fen = int(price.replace(".", ""))
        quantity = amount // unit_fen
        rest = amount - quantity * unit_fen
        if quantity:
            rows.append((name, unit, quantity, unit_fen))
            left -= quantity * unit_fen
        if rest:
            rows.append(("防疫物资（零星）", "批", 1, rest))
            left -= rest
    assert left == 0
    out = []
    for name, unit, quantity, unit_fen in rows:
        day = min(campaign.ends_on, day + timedelta(days=rng.randrange(0, 3)))
        out.append(Donation(
            campaign=campaign, kind=Kind.GOODS, donor_name=rng.choice(DONORS), donor_kind=Donation.DonorKind.ORGANISATION,
            donor_public=True, amount_fen=quantity * unit_fen, goods_name=name, quantity=quantity, unit=unit,
            unit_value_fen=unit_fen, received_on=min(day, date(year, 12, 31)),
        ))  # fmt: skip
    return out


def charity_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    year = year or 2020
    city = Region.objects.filter(parent__isnull=True).first()
    if city is None:
        return "区划为空，未生成慈善募捐数据"
    filing = f"海民慈备〔{year}〕1号"
    if Campaign.objects.filter(filing_number=filing).exists():
        return "已生成，未重复生成（演示数据）"
    rng = random.Random(random_seed + 62)
    money, goods = seed_target("charity_donations", scale), seed_target("charity_supplies", scale)
    with transaction.atomic():
        org, _ = Organisation.objects.get_or_create(
            name=ORG, defaults={"public_fundraising": True, "qualification_number": "海民慈募字〔2017〕1号",
                                "qualified_on": date(2017, 3, 1), "receipt_prefix": PREFIX, "region": city},
        )  # fmt: skip
        starts = date(year, 1, 26)
        campaign = Campaign.objects.create(
            organisation=org, name=f"{year}年抗击新冠肺炎疫情公开募捐", purpose="购置和发放疫情防控物资，救助受疫情影响的困难群众",
            filing_number=filing, filed_on=starts + timedelta(days=4), starts_on=starts, ends_on=date(year, 12, 31),
            emergency=True, goal_fen=money + goods, region=city,
        )  # fmt: skip
        assert not rules.filing_refusal(starts_on=starts, filed_on=campaign.filed_on, emergency=True)
        donations = [
            Donation(campaign=campaign, kind=Kind.MONEY, donor_name=rng.choice(DONORS),
                     donor_kind=Donation.DonorKind.ORGANISATION, donor_public=True, amount_fen=amount,
                     received_on=starts + timedelta(days=rng.randrange(0, 120)))
            for amount in _split(money, max(1, money // 200_000), rng)
        ] + _goods_rows(campaign, goods, year, rng)  # fmt: skip
        donations.sort(key=lambda d: (d.received_on, d.amount_fen))
        seq = org.receipt_seq
        for d in donations:
            seq += 1
            d.receipt_number = rules.receipt_number(prefix=org.receipt_prefix, year=year, seq=seq)
        Donation.objects.bulk_create(donations, batch_size=1000)
        Organisation.objects.filter(pk=org.pk).update(receipt_seq=seq)
        # distributions: 95% of the goods' value to institutions; 80% of the money to people in difficulty
        rows: list[Distribution] = []
        towns = list(Region.objects.filter(level=Region.Level.TOWN).order_by("code"))
        for amount in _split(goods * 95 // 100, max(1, goods // 3_000_000), rng):
            rows.append(Distribution(
                campaign=campaign, kind=Kind.GOODS, amount_fen=amount, goods_name="疫情防控物资", unit="批",
                quantity=1, recipient_kind=Distribution.RecipientKind.INSTITUTION,
                institution_name=rng.choice(INSTITUTIONS), purpose="疫情防控", region=rng.choice(towns or [city]),
                distributed_on=starts + timedelta(days=rng.randrange(5, 150)),
            ))  # fmt: skip
        per_person = 50_000
        n_people = money * 80 // 100 // per_person
        for person_id, region_id, _path in people_sample(rng, n_people):
            rows.append(Distribution(
                campaign=campaign, kind=Kind.MONEY, amount_fen=per_person, recipient_kind=Distribution.RecipientKind.PERSON,
                person_id=person_id, purpose="受疫情影响困难群众生活救助", region_id=region_id,
                distributed_on=starts + timedelta(days=rng.randrange(30, 300)),
            ))  # fmt: skip
        rows.sort(key=lambda r: r.distributed_on)
        for n, row in enumerate(rows, start=1):
            row.reference = f"FF{campaign.pk:04d}{n:06d}"
        Distribution.objects.bulk_create(rows, batch_size=1000)
        campaign_totals_refresh(campaign_ids=[campaign.pk])
    return f"募捐活动1个，接受捐赠{len(donations)}笔（资金{money / 100:.2f}元，物资折价{goods / 100:.2f}元），发放{len(rows)}笔（演示数据）"
