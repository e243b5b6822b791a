"""Receipts, transfers down the region tree and issues: the stock of a region never goes below zero, also when
two clerks issue the last of it at the same moment; issues to registry persons of the clerk's scope only."""

import os
import threading
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connections

from minzheng.core.models import Region
from minzheng.core.testing import DISTRICT, OTHER_DISTRICT, TOWN
from minzheng.supplies.errors import SuppliesError
from minzheng.supplies.models import Movement, Stock
from minzheng.supplies.services import stock_issue, stock_transfer
from minzheng.supplies.tests import given

pytestmark = pytest.mark.django_db


def _stock(item, code: str) -> int:  # noqa: ANN001
    return Stock.objects.get(item=item, region__code=code).quantity


def test_a_receipt_adds_to_the_region_stock_valued_per_unit():
    masks = given.masks()
    receipt = given.received(masks, DISTRICT, 1000)
    assert _stock(masks, DISTRICT) == 1000 and receipt.value_fen == 1000 * 150


def test_an_issue_never_takes_the_stock_below_zero(personas):
    masks = given.masks()
    given.received(masks, TOWN, 30)
    town = Region.objects.get(code=TOWN)
    stock_issue(
        actor=personas.town, item=masks, region=town, quantity=20, day=date(2020, 2, 2), unit_name="卡点"
    )
    with pytest.raises(SuppliesError, match="库存不足：现有10个，本次11个") as exc:
        stock_issue(
            actor=personas.town, item=masks, region=town, quantity=11, day=date(2020, 2, 2), unit_name="卡点"
        )
    assert exc.value.field == "quantity"
    assert _stock(masks, TOWN) == 10
    assert Movement.objects.filter(kind="issue").count() == 1


def test_a_transfer_goes_down_the_tree_only_and_moves_the_stock(personas):
    masks = given.masks()
    given.received(masks, DISTRICT, 100)
    district, town = Region.objects.get(code=DISTRICT), Region.objects.get(code=TOWN)
    stock_transfer(actor=personas.district, item=masks, source=district, target=town, quantity=60,
                   day=date(2020, 2, 3))  # fmt: skip
    assert (_stock(masks, DISTRICT), _stock(masks, TOWN)) == (40, 60)
    with pytest.raises(SuppliesError, match="只能下拨到"):
        stock_transfer(actor=personas.district, item=masks, source=district,
                       target=Region.objects.get(code=OTHER_DISTRICT), quantity=1, day=date(2020, 2, 3))  # fmt: skip
    with pytest.raises(SuppliesError, match="库存不足"):
        stock_transfer(actor=personas.district, item=masks, source=district, target=town, quantity=41,
                       day=date(2020, 2, 3))  # fmt: skip


def test_an_issue_to_a_person_is_linked_to_the_registry_within_scope(personas):
    masks = given.masks()
    given.received(masks, TOWN, 10)
    town = Region.objects.get(code=TOWN)
    mine, other = given.person("领口罩"), given.person("外区", hukou="460108001001")
    issued = stock_issue(
        actor=personas.town, item=masks, region=town, quantity=5, day=date(2020, 2, 2), person=mine
    )
    assert issued.person == mine and issued.recipient_kind == "person"
    with pytest.raises(SuppliesError, match="不在您的管辖范围内"):
        stock_issue(
            actor=personas.town, item=masks, region=town, quantity=1, day=date(2020, 2, 2), person=other
        )


def test_a_grid_worker_may_not_issue_and_nobody_issues_from_another_district(personas):
    masks = given.masks()
    given.received(masks, OTHER_DISTRICT, 10)
    with pytest.raises(PermissionDenied, match="登记物资下拨和发放"):
        stock_issue(actor=personas.grid_a, item=masks, region=Region.objects.get(code=TOWN), quantity=1,
                    day=date(2020, 2, 2), unit_name="卡点")  # fmt: skip
    with pytest.raises(SuppliesError, match="不在您的管辖范围内"):
        stock_issue(actor=personas.district, item=masks, region=Region.objects.get(code=OTHER_DISTRICT),
                    quantity=1, day=date(2020, 2, 2), unit_name="卡点")  # fmt: skip


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":")[0] not in {"postgres", "postgresql"},
    reason="PostgreSQL: concurrent writers (SQLite has one writer)",
)
@pytest.mark.django_db(transaction=True)
def test_two_clerks_issuing_the_last_boxes_at_once_cannot_both_succeed(personas):
    # given 10 masks in the town's stock
    masks = given.masks()
    given.received(masks, TOWN, 10)
    town = Region.objects.get(code=TOWN)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def issue() -> None:
        try:
            barrier.wait(10)
            stock_issue(actor=personas.town, item=masks, region=town, quantity=7, day=date(2020, 2, 2),
                        unit_name="卡点")  # fmt: skip
            results.append("ok")
        except SuppliesError:
            results.append("refused")
        finally:
            connections.close_all()

    # when two clerks each issue 7 at the same moment
    threads = [threading.Thread(target=issue) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    # then one is refused and the stock is 3, never negative
    assert sorted(results) == ["ok", "refused"]
    assert _stock(masks, TOWN) == 3
