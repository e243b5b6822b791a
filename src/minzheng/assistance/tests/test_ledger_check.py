"""The synthetic year obeys the law (issue 14 items 5–6): every payment line of 2020 recomputed from its
decision and the standards (《社会救助暂行办法》第十二条: 低保 = (标准 − 人均收入) × 人数, never above
标准 × 人数; 国发〔2016〕14号: 特困 = 基本生活 ≥ 1.3 × 低保标准 + 照料护理; 第四十八条: 临时救助 one line per
grant, 先行救助 = the 备用金 draw) shows no difference; an overwritten amount or member count is found."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from minzheng.assistance.ledger_check import ledger_differences
from minzheng.assistance.seeding import assistance_seed
from minzheng.benefits.indicators import amount_paid
from minzheng.benefits.models import Enrollment, Payment
from minzheng.benefits.seeding import payroll_history_seed
from minzheng.core.models import Region
from minzheng.registry.synthetic import synthetic_registry_seed
from minzheng.reports.figures import approached_within, seed_target

pytestmark = pytest.mark.django_db
SCALE = 0.002


@pytest.fixture(scope="module")
def year(module_personas):
    """A tiny Haikou with its 2020 of social assistance made through the cases, and the year's payrolls: made
    once for the module (conftest's ``module_db``; each test runs in a savepoint of it)."""
    synthetic_registry_seed(scale=SCALE, random_seed=7)
    assistance_seed(scale=SCALE, random_seed=7, year=2020)
    payroll_history_seed(scale=SCALE, year=2020)
    return Region.objects.get(parent__isnull=True)


def test_every_2020_line_agrees_with_its_decision_and_the_standards(year):
    # given the year made through the rules; then no line differs from its decision or the law's bounds
    assert ledger_differences(year=2020) == []
    # and, counted apart from the check: no 低保 line pays more than 标准 × 人数 (610 / 530 元 demo standards)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM benefits_payment p JOIN benefits_program g ON g.id = p.program_id"
            " JOIN benefits_standard s ON s.program_id = g.id AND s.category = '' AND s.effective_from <= p.month"
            " AND (s.effective_to IS NULL OR s.effective_to >= p.month)"
            " WHERE g.code IN ('dibao_urban', 'dibao_rural') AND p.amount_fen > s.amount_fen * p.members_count"
        )
        assert cursor.fetchone()[0] == 0
    # and no member count or amount was ever changed after the decision
    assert not Enrollment.objects.filter(amounts__reason__contains="校准").exists()
    # and every 临时救助 grant, 先行救助 included, is a line on the ledger
    assert Payment.objects.filter(program__code="temporary", run__kind="one_off", status="paid").exists()


def test_the_year_lands_near_the_seed_without_overwriting(year):
    # then 农村低保 January–November and 特困 over the year land near the seed × S (within 5 % at this tiny scale)
    for key, program, months in (("dibao_rural_paid", "dibao_rural", 11), ("tekun_paid", "tekun", 12)):
        paid = amount_paid(program=program, region=year, start=date(2020, 1, 1), end=date(2020, months, 1))
        wanted = seed_target(key, SCALE)
        assert abs(paid - wanted) <= wanted * approached_within(SCALE), (key, paid, wanted)
    # and 临时救助 pays exactly the seed's 390.83万元 × S: the amounts were chosen before the decisions
    paid = amount_paid(program="temporary", region=year, start=date(2020, 1, 1), end=date(2020, 12, 1))
    assert paid == seed_target("temporary_paid", SCALE)


def test_an_overwritten_amount_or_member_count_is_found(year, capsys):
    # given one 农村低保 line paid more than its decision, with a member fewer (what 按总额校准 used to do)
    line = Payment.objects.filter(program__code="dibao_rural").order_by("id").first()
    Payment.objects.filter(pk=line.pk).update(
        amount_fen=line.amount_fen + 60000, members_count=line.members_count - 1 or 1
    )
    # and one 临时救助 line deleted: a grant decided but never on the ledger
    grant = Payment.objects.filter(program__code="temporary").order_by("id").first()
    Payment.objects.filter(pk=grant.pk).delete()
    # when the check runs, then it names both
    found = [str(d) for d in ledger_differences(year=2020)]
    assert any(f"明细{line.pk}" in text and "决定" in text for text in found)
    assert any("账上没有发放明细" in text for text in found)
    # and the command lists them and fails
    with pytest.raises(SystemExit):
        call_command("ledger_check", "--year", "2020")
    assert "不一致" in capsys.readouterr().out
