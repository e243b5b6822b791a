"""institution_* / resident_* / staff_* / training_record / assessment_record: institutions with beds by
care level, residents (特困 linked to their enrollment), staff and training, assessments driving care."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.core.models import Region
from minzheng.eldercare import indicators, rules, selectors, services
from minzheng.eldercare.models import CareLevel, InstitutionKind, Resident
from minzheng.eldercare.services import EldercareError
from minzheng.eldercare.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(personas):
    inst = given.institution(personas.district, kind=InstitutionKind.NURSING_HOME, name="秀英区社会福利院",
                             region="460105001")  # fmt: skip
    services.institution_beds_set(
        actor=personas.district, institution=inst, care_level=CareLevel.SELF_CARE, beds=1
    )
    services.institution_beds_set(
        actor=personas.district, institution=inst, care_level=CareLevel.FULL, beds=2
    )
    return inst


def test_beds_by_care_level_fill_up_and_free_again(personas, home):
    a, b = given.person(name="甲"), given.person(name="乙")
    services.resident_admit(actor=personas.district, institution=home, person=a, care_level="self_care",
                            admitted_on=date(2021, 1, 5))  # fmt: skip
    with pytest.raises(EldercareError, match="全自理床位已满（1/1）"):
        services.resident_admit(actor=personas.district, institution=home, person=b, care_level="self_care",
                                admitted_on=date(2021, 1, 6))  # fmt: skip
    with pytest.raises(EldercareError, match="不能少于1"):
        services.institution_beds_set(
            actor=personas.district, institution=home, care_level="self_care", beds=0
        )
    beds = {
        row.care_level: (row.beds, row.occupied, row.free)
        for row in selectors.institution_beds(institution=home)
    }
    assert beds == {"self_care": (1, 1, 0), "full": (2, 0, 2)}
    today = date(2021, 2, 1)
    assert (
        indicators.beds(home.region, today, today),
        indicators.beds_occupied(home.region, today, today),
    ) == (3, 1)
    assert indicators.occupancy(home.region, today, today) == 3333
    stay = Resident.objects.get(person=a)
    services.resident_discharge(
        actor=personas.district, resident=stay, left_on=date(2021, 1, 31), reason="回家"
    )
    services.resident_admit(actor=personas.district, institution=home, person=b, care_level="self_care",
                            admitted_on=date(2021, 2, 1))  # fmt: skip
    assert indicators.beds_occupied(home.region, date(2021, 1, 15), date(2021, 1, 15)) == 1


def test_a_person_stays_in_one_institution_at_a_time(personas, home):
    other = given.institution(
        personas.district, kind=InstitutionKind.TOWN_HOME, name="长流镇敬老院", region="460105100"
    )
    services.institution_beds_set(actor=personas.district, institution=other, care_level="full", beds=5)
    who = given.person()
    services.resident_admit(actor=personas.district, institution=home, person=who, care_level="full",
                            admitted_on=date(2021, 1, 5))  # fmt: skip
    with pytest.raises(EldercareError, match="已在秀英区社会福利院入住"):
        services.resident_admit(actor=personas.district, institution=other, person=who, care_level="full",
                                admitted_on=date(2021, 1, 6))  # fmt: skip


def test_tekun_residents_link_to_their_enrollment(personas, home):
    who = given.person(name="符特困")
    with pytest.raises(EldercareError, match="没有正常发放的特困供养记录"):
        services.resident_admit(actor=personas.district, institution=home, person=who, care_level="full",
                                admitted_on=date(2021, 1, 5), tekun=True)  # fmt: skip
    enrollment = given.enrollment(who, program="tekun", start=date(2020, 6, 1))
    stay = services.resident_admit(actor=personas.district, institution=home, person=who, care_level="full",
                                   admitted_on=date(2021, 1, 5), tekun=True)  # fmt: skip
    assert stay.tekun_enrollment == enrollment


def test_an_assessment_sets_the_care_level_of_the_current_stay(personas, home):
    who = given.person()
    services.resident_admit(actor=personas.district, institution=home, person=who, care_level="self_care",
                            admitted_on=date(2021, 1, 5))  # fmt: skip
    items = {"eating": 5, "bathing": 0, "grooming": 0, "dressing": 5, "stool": 10, "urine": 10, "toilet": 5,
             "transfer": 10, "walking": 10, "stairs": 0}  # fmt: skip
    assessment = services.assessment_record(actor=personas.town, person=who, standard="mzt039",
                                            assessed_on=date(2021, 2, 1), items=items, mental=1, sensory=0, social=1)  # fmt: skip
    assert (assessment.total, assessment.level_label, assessment.care_level) == (55, "中度失能", "full")
    assert Resident.objects.get(person=who).care_level == "full"


def test_gbt_cutoffs_come_from_the_dated_parameter_table(personas):
    who = given.person()
    full = {i.code: i.best for _c, _l, items in rules.GBT42195_DOMAINS for i in items}
    full.update({"memory": 3})  # total 89
    before = services.assessment_record(actor=personas.district, person=who, standard="gbt42195",
                                        assessed_on=date(2021, 1, 10), items=full)  # fmt: skip
    assert (before.total, before.level_label, before.cutoff) == (89, "轻度失能", None)
    cutoff = services.assessment_cutoff_set(actor=personas.city, region=Region.objects.get(code="460100"),
                                            effective_from=date(2021, 2, 1), intact_min=88, mild_min=66,
                                            moderate_min=46, severe_min=30, note="试行")  # fmt: skip
    after = services.assessment_record(actor=personas.district, person=who, standard="gbt42195",
                                       assessed_on=date(2021, 2, 1), items=full)  # fmt: skip
    assert (after.level_label, after.cutoff) == ("能力完好", cutoff)
    with pytest.raises(PermissionDenied, match="维护保障标准"):
        services.assessment_cutoff_set(actor=personas.district, region=Region.objects.get(code="460105"),
                                       effective_from=date(2021, 3, 1), intact_min=90, mild_min=66,
                                       moderate_min=46, severe_min=30)  # fmt: skip


def test_staff_training_counts_trained_caregivers(personas, home):
    worker = given.person(name="护理员甲", birth=date(1985, 1, 1))
    staff = services.staff_add(actor=personas.district, institution=home, person=worker, post="caregiver",
                               hired_on=date(2020, 1, 1))  # fmt: skip
    services.training_record(actor=personas.district, staff=staff, course="养老护理员培训", start_on=date(2020, 5, 1),
                             end_on=date(2020, 5, 5), hours=40)  # fmt: skip
    services.training_record(actor=personas.district, staff=staff, course="消防培训", start_on=date(2020, 6, 1),
                             end_on=date(2020, 6, 1), hours=4)  # fmt: skip
    year = (date(2020, 1, 1), date(2020, 12, 31))
    assert indicators.caregivers_trained(Region.objects.get(code="460100"), *year) == 1
    assert indicators.caregivers_trained(Region.objects.get(code="460108"), *year) == 0
    with pytest.raises(EldercareError, match="已是"):
        services.staff_add(actor=personas.district, institution=home, person=worker, post="caregiver",
                           hired_on=date(2020, 1, 1))  # fmt: skip


def test_rating_and_who_may_register(personas, home):
    services.institution_rate(actor=personas.district, institution=home, rating=3, rated_on=date(2021, 5, 1))
    home.refresh_from_db()
    assert home.get_rating_display() == "三级"
    with pytest.raises(PermissionDenied, match="角色"):
        given.institution(personas.town)
    with pytest.raises(EldercareError, match="管辖范围"):
        given.institution(personas.district, region="460108001")
    canteen = given.institution(personas.district)
    with pytest.raises(EldercareError, match="只适用于养老院"):
        services.institution_rate(
            actor=personas.district, institution=canteen, rating=2, rated_on=date(2021, 5, 1)
        )
