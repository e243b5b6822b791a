"""The synthetic year of the two subsidies, made through the services (disability/seeding.py): every application
decided through its case, the payroll paying what the rules decide — totals equal an independent SQL computation
from the certificates, the 低保 records and the standards, and land near the seed's figures × S."""

from datetime import date

import pytest
from django.db import connection

from minzheng.assistance.seeding import assistance_seed
from minzheng.benefits.seeding import payroll_history_seed
from minzheng.core.models import Region
from minzheng.disability import indicators, rules
from minzheng.disability.models import Application, Certificate
from minzheng.disability.seeding import disability_seed
from minzheng.registry.synthetic import synthetic_registry_seed
from minzheng.reports.figures import approached_within, seed_target

pytestmark = pytest.mark.django_db
SCALE = 0.002
YEAR = (date(2020, 1, 1), date(2020, 12, 31))

# What each month should pay, from the raw records alone: for every month of 2020 and every enrollment of the
# two programs active that month, the holder alive and with a certificate counting for the month, not 特困;
# 生活补贴 only with an active 低保 enrollment of the holder's household; the city's demo standard by category.
INDEPENDENT = """
SELECT g.code, COUNT(*), COALESCE(SUM(s.amount_fen), 0)
FROM benefits_enrollment e
JOIN benefits_program g ON g.id = e.program_id AND g.code IN ('disability_living', 'disability_care')
JOIN registry_person p ON p.id = e.person_id
JOIN disability_certificate c ON c.person_id = e.person_id AND c.status = 'valid'
JOIN benefits_standard s ON s.program_id = g.id AND s.effective_from <= %(m)s
  AND s.category = CASE WHEN g.code = 'disability_living' THEN '' WHEN c.grade = 1 THEN 'grade1' ELSE 'grade2' END
WHERE e.start_month <= %(m)s AND (e.end_month IS NULL OR e.end_month >= %(m)s) AND p.status = 'normal'
  AND NOT EXISTS (SELECT 1 FROM benefits_enrollment t JOIN benefits_program tp ON tp.id = t.program_id
                  WHERE tp.code = 'tekun' AND t.person_id = e.person_id AND t.start_month <= %(m)s
                  AND (t.end_month IS NULL OR t.end_month >= %(m)s))
  AND (g.code = 'disability_care' AND c.grade IN (1, 2) OR g.code = 'disability_living'
  AND EXISTS (SELECT 1 FROM benefits_enrollment d JOIN benefits_program dp ON dp.id = d.program_id
              JOIN registry_membership ms ON ms.household_id = d.household_id AND ms.person_id = e.person_id
              WHERE dp.code IN ('dibao_urban', 'dibao_rural') AND d.start_month <= %(m)s
              AND (d.end_month IS NULL OR d.end_month >= %(m)s)))
GROUP BY g.code
"""


@pytest.fixture(scope="module")
def personas(module_personas):  # noqa: ANN201
    return module_personas


# made once for the module (conftest's ``module_db``): each test runs in a savepoint of it
@pytest.fixture(scope="module")
def year(personas):  # noqa: ANN201
    synthetic_registry_seed(scale=SCALE, random_seed=7)
    assistance_seed(scale=SCALE, random_seed=7, year=2020)
    line = disability_seed(scale=SCALE, random_seed=7, year=2020)
    payroll_history_seed(scale=SCALE, year=2020)
    return line


def test_the_year_is_made_through_the_cases_and_paid_by_the_rules(year):
    # then every application went through its case to a decision, each holder has a certificate
    assert "残疾人证" in year
    assert Application.objects.exclude(case__state="approved").count() == 0
    assert not Application.objects.exclude(person__in=Certificate.objects.values("person")).exists()
    # and what the payroll paid equals the independent computation from the raw records
    expected: dict[str, tuple[int, int]] = {}
    with connection.cursor() as cursor:
        for month in range(1, 13):
            cursor.execute(INDEPENDENT, {"m": date(2020, month, 1)})
            for code, n, fen in cursor.fetchall():
                lines, amount = expected.get(code, (0, 0))
                expected[code] = (lines + int(n), amount + int(fen))
    city = Region.objects.get(parent__isnull=True)
    paid = {
        rules.LIVING: (None, indicators.living_paid_fen(city, *YEAR)),
        rules.CARE: (None, indicators.care_paid_fen(city, *YEAR)),
    }
    assert {code: fen for code, (_, fen) in paid.items()} == {
        code: fen for code, (_, fen) in expected.items()
    }
    assert indicators.subsidies_person_times(city, *YEAR) == sum(n for n, _ in expected.values())
    assert expected[rules.LIVING][0] > 0 and expected[rules.CARE][0] > 0


def test_the_year_lands_near_the_seed_figures(year):
    city = Region.objects.get(parent__isnull=True)
    within = approached_within(SCALE)
    for key, value in (
        ("disability_paid", indicators.subsidies_paid_fen(city, *YEAR)),
        ("disability_person_times", indicators.subsidies_person_times(city, *YEAR)),
    ):
        wanted = seed_target(key, SCALE)
        assert abs(value - wanted) <= wanted * within, (key, value, wanted)


def test_a_rerun_adds_nothing(year):
    before = Application.objects.count(), Certificate.objects.count()
    assert "本次新增0件" in disability_seed(scale=SCALE, random_seed=7, year=2020)
    assert (Application.objects.count(), Certificate.objects.count()) == before
