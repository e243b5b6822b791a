"""The synthetic year of marriage registration (marriage/seeding.py): the seed's 17,413 × S marriages and 75 × S
foreign-related, made through the rules (ages on the day, nobody married twice), numbered gap-free per office,
counted by the indicators of figures 51–52; resumable; and the demo's week of appointments."""

from collections import Counter as Tally
from datetime import date

import pytest
from django.utils import timezone

from minzheng.core.models import Region
from minzheng.marriage import indicators, rules
from minzheng.marriage.models import Appointment, Kind, Party, Registration
from minzheng.marriage.seeding import marriage_seed
from minzheng.registry.synthetic import synthetic_registry_seed
from minzheng.reports.figures import seed_target

pytestmark = pytest.mark.django_db
SCALE = 0.01


def test_the_year_is_made_through_the_rules_numbered_without_gaps_and_counted_by_the_indicators(personas):
    synthetic_registry_seed(scale=SCALE, random_seed=7)
    # when the step runs, twice (resumable: the second run adds nothing)
    line = marriage_seed(scale=SCALE, random_seed=7, year=2020)
    again = marriage_seed(scale=SCALE, random_seed=7, year=2020)
    year = Registration.objects.filter(kind=Kind.MARRIAGE, year=2020).select_related("man", "woman", "office")
    # then the seed's figures × S, the foreign-related ones at the city office only
    assert (
        year.count() == seed_target("marriages", SCALE) == 174 and "新增174对" in line and "新增0对" in again
    )
    foreign = [r for r in year if r.party != Party.MAINLAND]
    assert len(foreign) == seed_target("foreign_marriages", SCALE) == 1
    assert all(r.office.takes_foreign for r in foreign)
    # and every couple was of age on its day, and nobody married twice
    for r in year:
        assert rules.age_on(r.man.birth_date, r.registered_on) >= 22 and r.man.gender == "M"
        assert rules.age_on(r.woman.birth_date, r.registered_on) >= 20 and r.woman.gender == "F"
    people = Tally([r.man_id for r in year] + [r.woman_id for r in year])
    assert max(people.values()) == 1
    # and each office's numbers run 000001… without a gap, matching the certificate format
    for office_id in {r.office_id for r in year}:
        serials = sorted(r.serial for r in year if r.office_id == office_id)
        assert serials == list(range(1, len(serials) + 1))
    assert all(rules.NUMBER_RE.match(r.number) for r in year)
    # and the indicators of figures 51–52 count them for the city, a district only its office's
    city = Region.objects.get(parent__isnull=True)
    period = (date(2020, 1, 1), date(2020, 12, 31))
    assert indicators.registrations(city, *period) == 174
    assert indicators.foreign_registrations(city, *period) == 1
    xiuying = Region.objects.get(code="460105")
    assert indicators.registrations(xiuying, *period) == year.filter(office__code="460105").count()
    # and the demo has today's appointments at every office
    today = timezone.localdate()
    assert Appointment.objects.filter(day=today).values("office").distinct().count() == 5
