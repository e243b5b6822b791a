"""Writes of charity fundraising: organisations and their qualification, campaigns (募捐方案备案), donations with
their receipts, distributions. Keyword-only; refusals are ``CharityError`` in Chinese naming the field;
``PermissionDenied`` when the acting user lacks the capability. ``actor=None`` is the system (the seed).

Concurrency: a receipt number is drawn by incrementing the organisation's counter in an UPDATE (the row stays
locked until commit, so two clerks never get the same number); a distribution moves the campaign's distributed
total by a conditional UPDATE (``… WHERE received − distributed ≥ amount``), so two clerks giving out the last
of a campaign at the same moment cannot both succeed — on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce

from minzheng.charity import rules
from minzheng.charity.errors import CharityError
from minzheng.charity.models import Campaign, Distribution, Donation, Kind, Organisation
from minzheng.core.audit import Action, audit_append
from minzheng.core.inputs import text_check
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import region_within_scope
from minzheng.registry.models import Person


def _scope_check(actor: User | None, region: Region, what: str) -> None:
    if actor is not None and not region_within_scope(actor, region):
        raise CharityError(f"“{region.name}”不在您的管辖范围内，不能{what}")


def _text(value: str, field: str, label: str, *, required: bool = True, max_length: int = 300) -> str:
    value = (value or "").strip()
    if required and not value:
        raise CharityError(f"请填写{label}", field=field)
    if len(value) > max_length:
        raise CharityError(f"{label}不能超过{max_length}字", field=field)
    text_check(value, field=field, label=label)
    return value


def organisation_register(
    *,
    actor: User | None,
    name: str,
    region: Region,
    receipt_prefix: str,
    uscc: str = "",
    public_fundraising: bool = False,
    qualification_number: str = "",
    qualified_on: date | None = None,
) -> Organisation:
    """Record a charity organisation registered (or recognised) by the civil-affairs department of ``region``,
    with its public-fundraising qualification (《慈善法》第二十二条: 民政部门发给公开募捐资格证书)."""
    if actor is not None:
        require(actor, "charity.campaign")
    _scope_check(actor, region, "登记慈善组织")
    name = _text(name, "name", "慈善组织名称", max_length=100)
    prefix = _text(receipt_prefix, "receipt_prefix", "捐赠票据号前缀", max_length=8).upper()
    if public_fundraising and not (qualification_number or "").strip():
        raise CharityError("具有公开募捐资格的，须填写资格证书编号", field="qualification_number")
    if Organisation.objects.filter(name=name).exists():
        raise CharityError(f"慈善组织“{name}”已登记", field="name")
    if Organisation.objects.filter(receipt_prefix=prefix).exists():
        raise CharityError(f"捐赠票据号前缀{prefix}已被其他慈善组织使用", field="receipt_prefix")
    return Organisation.objects.create(
        name=name, uscc=(uscc or "").strip().upper(), public_fundraising=public_fundraising,
        qualification_number=(qualification_number or "").strip(), qualified_on=qualified_on,
        receipt_prefix=prefix, region=region,
    )  # fmt: skip


def campaign_file(
    *,
    actor: User | None,
    organisation: Organisation,
    name: str,
    purpose: str,
    filing_number: str,
    filed_on: date,
    starts_on: date,
    ends_on: date,
    goal_fen: int = 0,
    emergency: bool = False,
    region: Region | None = None,
) -> Campaign:
    """Record a public fundraising campaign whose 募捐方案 was filed (备案): only an organisation with the
    qualification (``rules.qualification_refusal``), filed in time (``rules.filing_refusal``)."""
    if actor is not None:
        require(actor, "charity.campaign")
    region = region or organisation.region
    _scope_check(actor, region, "登记募捐活动备案")
    refusal = rules.qualification_refusal(
        public_fundraising=organisation.public_fundraising, organisation=organisation.name
    )
    if refusal:
        raise CharityError(refusal, field="organisation")
    if ends_on < starts_on:
        raise CharityError("终止日期不能早于起始日期", field="ends_on")
    refusal = rules.filing_refusal(starts_on=starts_on, filed_on=filed_on, emergency=emergency)
    if refusal:
        raise CharityError(refusal, field="filed_on")
    if goal_fen < 0:
        raise CharityError("募捐目标不能为负数", field="goal_fen")
    number = _text(filing_number, "filing_number", "备案编号", max_length=50)
    if Campaign.objects.filter(filing_number=number).exists():
        raise CharityError(f"备案编号{number}已登记", field="filing_number")
    return Campaign.objects.create(
        organisation=organisation, name=_text(name, "name", "募捐活动名称", max_length=100),
        purpose=_text(purpose, "purpose", "募捐目的与款物用途"), filing_number=number, filed_on=filed_on,
        starts_on=starts_on, ends_on=ends_on, goal_fen=goal_fen, emergency=emergency, region=region,
        created_by=actor,
    )  # fmt: skip


def _receipt_draw(organisation: Organisation, year: int) -> str:
    """The next 捐赠票据 number (call inside the donation's transaction: the counter's row stays locked)."""
    Organisation.objects.filter(pk=organisation.pk).update(receipt_seq=F("receipt_seq") + 1)
    seq = Organisation.objects.filter(pk=organisation.pk).values_list("receipt_seq", flat=True).get()
    return rules.receipt_number(prefix=organisation.receipt_prefix, year=year, seq=seq)


def donation_receive(
    *,
    actor: User | None,
    campaign: Campaign,
    kind: str,
    donor_name: str,
    donor_kind: str,
    received_on: date,
    amount_fen: int | None = None,
    goods_name: str = "",
    quantity: int | None = None,
    unit: str = "",
    unit_value_fen: int | None = None,
    donor_public: bool = False,
    no_receipt: str = "",
) -> Donation:
    """Receive a donation in money (``amount_fen``) or in kind (``goods_name``, ``quantity`` × ``unit_value_fen``
    = its valued amount, 《慈善法》第三十六条: 捐赠的实物应当具有使用价值); issue its 捐赠票据 unless the donor is
    anonymous or declines one, which is recorded instead (《慈善法》第三十八条)."""
    if actor is not None:
        require(actor, "charity.receive")
    _scope_check(actor, campaign.region, "登记接受捐赠")
    if kind not in Kind.values:
        raise CharityError("请选择捐赠形式（资金或物资）", field="kind")
    if donor_kind not in Donation.DonorKind.values:
        raise CharityError("请选择捐赠人类别", field="donor_kind")
    if no_receipt not in Donation.NoReceipt.values:
        raise CharityError("未开票原因无效", field="no_receipt")
    anonymous = no_receipt == Donation.NoReceipt.ANONYMOUS
    donor = _text(donor_name, "donor_name", "捐赠人", required=not anonymous, max_length=100)
    refusal = rules.donation_date_refusal(received_on=received_on, starts_on=campaign.starts_on,
                                          ends_on=campaign.ends_on)  # fmt: skip
    if refusal:
        raise CharityError(refusal, field="received_on")
    goods: dict[str, Any] = {}
    if kind == Kind.GOODS:
        if not quantity or quantity <= 0:
            raise CharityError("请填写捐赠物资的数量", field="quantity")
        if not unit_value_fen or unit_value_fen <= 0:
            raise CharityError("请填写捐赠物资的单价（折价，元）", field="unit_value_fen")
        goods = {
            "goods_name": _text(goods_name, "goods_name", "物资名称", max_length=100),
            "unit": _text(unit, "unit", "单位", max_length=10), "quantity": quantity, "unit_value_fen": unit_value_fen,
        }  # fmt: skip
        amount_fen = quantity * unit_value_fen
    elif not amount_fen or amount_fen <= 0:
        raise CharityError("请填写捐赠金额", field="amount_fen")
    assert amount_fen is not None
    counter = "money_received_fen" if kind == Kind.MONEY else "goods_received_fen"
    with transaction.atomic():
        number = None if no_receipt else _receipt_draw(campaign.organisation, received_on.year)
        donation = Donation.objects.create(
            campaign=campaign, kind=kind, donor_name=donor, donor_kind=donor_kind,
            donor_public=donor_public and not anonymous, amount_fen=amount_fen, receipt_number=number,
            no_receipt=no_receipt, received_on=received_on, created_by=actor, **goods,
        )  # fmt: skip
        Campaign.objects.filter(pk=campaign.pk).update(**{counter: F(counter) + amount_fen})
    return donation


def distribution_give(
    *,
    actor: User | None,
    campaign: Campaign,
    kind: str,
    amount_fen: int,
    purpose: str,
    distributed_on: date,
    person: Person | None = None,
    institution_name: str = "",
    region: Region | None = None,
    goods_name: str = "",
    quantity: int | None = None,
    unit: str = "",
) -> Distribution:
    """Give money or goods (valued) of a campaign to a registry person or to an institution, never more than the
    campaign holds of that kind (``rules.balance_refusal``, 《慈善法》第五十三条), only for the campaign's purpose
    (第五十五条: 按照募捐方案使用捐赠财产). The recipient is a person of the registry the clerk may see, or a
    named institution in ``region``."""
    if actor is not None:
        require(actor, "charity.distribute")
    if kind not in Kind.values:
        raise CharityError("请选择发放形式（资金或物资）", field="kind")
    if not amount_fen or amount_fen <= 0:
        raise CharityError("请填写发放金额（物资填折价）", field="amount_fen")
    if distributed_on < campaign.starts_on:
        raise CharityError(
            f"发放日期不能早于募捐活动起始日期{campaign.starts_on:%Y-%m-%d}", field="distributed_on"
        )
    if person is not None:
        if institution_name:
            raise CharityError("受益人与受赠单位只能填写一项", field="institution_name")
        if person.status != Person.Status.NORMAL:
            raise CharityError(
                f"{person.name}的人员状态为“{person.get_status_display()}”，不能发放", field="person"
            )
        region, recipient_kind, institution = person.region, Distribution.RecipientKind.PERSON, ""
    else:
        institution = _text(institution_name, "institution_name", "受益人或受赠单位", max_length=100)
        if region is None:
            raise CharityError("请选择受赠单位所在区划", field="region")
        recipient_kind = Distribution.RecipientKind.INSTITUTION
    _scope_check(actor, region, "登记发放")
    goods: dict[str, Any] = {}
    if kind == Kind.GOODS:
        goods = {"goods_name": _text(goods_name, "goods_name", "物资名称", max_length=100),
                 "unit": (unit or "").strip()[:10], "quantity": quantity}  # fmt: skip
    purpose = _text(purpose, "purpose", "用途", max_length=200)
    received, given = (
        ("money_received_fen", "money_distributed_fen")
        if kind == Kind.MONEY
        else ("goods_received_fen", "goods_distributed_fen")
    )
    with transaction.atomic():
        moved = Campaign.objects.filter(pk=campaign.pk, **{f"{received}__gte": F(given) + amount_fen}).update(
            **{given: F(given) + amount_fen, "distribution_seq": F("distribution_seq") + 1}
        )
        if not moved:
            now = Campaign.objects.values(received, given).get(pk=campaign.pk)
            raise CharityError(
                rules.balance_refusal(what=Kind(kind).label, available_fen=now[received] - now[given],
                                      wanted_fen=amount_fen),
                field="amount_fen",
            )  # fmt: skip
        seq = Campaign.objects.values_list("distribution_seq", flat=True).get(pk=campaign.pk)
        return Distribution.objects.create(
            campaign=campaign, reference=f"FF{campaign.pk:04d}{seq:06d}", kind=kind, amount_fen=amount_fen,
            recipient_kind=recipient_kind, person=person, institution_name=institution, purpose=purpose,
            distributed_on=distributed_on, region=region, created_by=actor, **goods,
        )  # fmt: skip


def campaign_totals_refresh(*, campaign_ids: list[int] | None = None) -> int:
    """Recompute the campaigns' running totals from their donations and distributions (after a bulk load)."""
    qs = Campaign.objects.all() if campaign_ids is None else Campaign.objects.filter(pk__in=campaign_ids)
    n = 0
    for campaign in qs:
        sums = {}
        for kind, received, given in (
            (Kind.MONEY, "money_received_fen", "money_distributed_fen"),
            (Kind.GOODS, "goods_received_fen", "goods_distributed_fen"),
        ):
            sums[received] = campaign.donations.filter(kind=kind).aggregate(s=Coalesce(Sum("amount_fen"), 0))[
                "s"
            ]
            sums[given] = campaign.distributions.filter(kind=kind).aggregate(
                s=Coalesce(Sum("amount_fen"), 0)
            )["s"]
        sums["distribution_seq"] = campaign.distributions.count()
        n += Campaign.objects.filter(pk=campaign.pk).update(**sums)
    return n


def export_log(*, actor: User, what: str) -> None:
    audit_append(action=Action.EXPORT, object_type=f"charity.{what}", detail=f"导出{what}", actor=actor)
