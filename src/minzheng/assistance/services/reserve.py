"""临时救助备用金: a cash reserve held by each 乡镇/街道 for 先行救助 (民发〔2018〕23号 [U]; the seed
document: "落实临时救助备用金制度"). Top-ups come from the district (or city); 先行救助 draws on it; a draw
larger than the balance is refused. The account row is locked for every movement, so the balance and
the entries always agree."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.models import Application, ReserveAccount, ReserveEntry
from minzheng.core.models import Region, User
from minzheng.core.money import format_yuan
from minzheng.core.roles import require
from minzheng.core.scope import region_within_scope


def reserve_account_for(*, town: Region) -> ReserveAccount:
    """The reserve of ``town`` (created empty on first use)."""
    if town.level != Region.Level.TOWN:
        raise AssistanceError("备用金按乡镇（街道）设立")
    account, _ = ReserveAccount.objects.get_or_create(town=town)
    return account


def _move(
    *,
    actor: User,
    town: Region,
    kind: str,
    amount_fen: int,
    note: str,
    application: Application | None,
    at: datetime | None,
) -> ReserveEntry:
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen <= 0:
        raise AssistanceError("金额须为正数")
    with transaction.atomic():
        account = reserve_account_for(town=town)
        account = ReserveAccount.objects.select_for_update().get(pk=account.pk)
        delta = amount_fen if kind in (ReserveEntry.Kind.TOP_UP, ReserveEntry.Kind.RETURN) else -amount_fen
        if account.balance_fen + delta < 0:
            raise AssistanceError(
                f"{town.name}临时救助备用金余额{format_yuan(account.balance_fen)}，不足以支取{format_yuan(amount_fen)}；"
                "请申请区县拨付备用金或报区县审批"
            )
        account.balance_fen += delta
        account.save(update_fields=["balance_fen"])
        return ReserveEntry.objects.create(
            account=account, kind=kind, amount_fen=amount_fen, balance_after_fen=account.balance_fen,
            application=application, note=note[:200], actor=actor, at=at or timezone.now(),
        )  # fmt: skip


def reserve_top_up(
    *, actor: User, town: Region, amount_fen: int, note: str = "", at: datetime | None = None
) -> ReserveEntry:
    """拨付: the district (or the city) puts money in a town's reserve."""
    require(actor, "reserve.top_up")
    if not region_within_scope(actor, town):
        raise AssistanceError("备用金由区县民政部门（或市局）向所辖乡镇（街道）拨付")
    return _move(actor=actor, town=town, kind=ReserveEntry.Kind.TOP_UP, amount_fen=amount_fen, note=note or "拨付备用金",
                 application=None, at=at)  # fmt: skip


def reserve_draw(
    *, actor: User, town: Region, amount_fen: int, application: Application, at: datetime | None = None
) -> ReserveEntry:
    """支取 for a 先行救助 (called inside the case move, so a refusal rolls the move back)."""
    if not region_within_scope(actor, town):
        raise AssistanceError("只能支取本乡镇（街道）的备用金")
    note = f"先行救助：{application.applicant.name}（{application.case.number}）"
    return _move(actor=actor, town=town, kind=ReserveEntry.Kind.DRAW, amount_fen=amount_fen, note=note,
                 application=application, at=at)  # fmt: skip


def reserve_return(
    *, actor: User, town: Region, amount_fen: int, note: str, at: datetime | None = None
) -> ReserveEntry:
    """退回: money that was drawn but not paid out goes back (e.g. a help that was refused)."""
    if not region_within_scope(actor, town):
        raise AssistanceError("只能退回本乡镇（街道）的备用金")
    if not note.strip():
        raise AssistanceError("退回须说明原因")
    return _move(actor=actor, town=town, kind=ReserveEntry.Kind.RETURN, amount_fen=amount_fen, note=note,
                 application=None, at=at)  # fmt: skip
