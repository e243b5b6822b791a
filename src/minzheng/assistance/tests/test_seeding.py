"""The seed step creates enrollments through the services, so the demo has data (and the indicators it);
each application is made in its own transaction, and a re-run continues an interrupted step to its
targets, never past them."""

from collections import Counter
from datetime import date

import pytest

from minzheng.assistance import indicators, seeding
from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.models import Application, Parameter
from minzheng.assistance.rules import Program
from minzheng.assistance.seeding import assistance_reference_load, assistance_seed, seed_plan
from minzheng.assistance.selectors import parameter_value, parameters_memoized
from minzheng.core.models import Region
from minzheng.registry.synthetic import synthetic_registry_seed

pytestmark = pytest.mark.django_db

SCALE = 0.001
# round(5060×S), round(5060×S/2), round(5060×S/5), round(3064×S), round(4578×S) at S = 0.001
TARGETS = {
    Program.DIBAO_RURAL: 5,
    Program.DIBAO_URBAN: 3,
    Program.LOW_INCOME: 1,
    Program.TEKUN: 3,
    Program.TEMPORARY: 5,
}


def _made() -> Counter:
    return Counter(Application.objects.values_list("program", flat=True))


def _keys() -> list[tuple[int, str]]:
    return sorted(Application.objects.values_list("applicant_id", "program"))


def test_seed_skips_without_a_registry(personas):
    assert assistance_seed(scale=SCALE) == "人房信息为空，未生成社会救助数据"


@pytest.mark.slow
def test_seed_enrols_through_the_case_route_and_the_counts_follow(personas):
    # given a tiny synthetic Haikou
    synthetic_registry_seed(scale=SCALE, random_seed=7)
    # when the assistance step runs
    line = assistance_seed(scale=SCALE, random_seed=7)
    # then applications went through their cases to enrolled, and the counts read them on 30 November
    assert "农村低保5" in line and "特困人员救助供养3" in line and "临时救助5人次" in line
    assert "本次新增申请17件" in line
    assert _made() == TARGETS
    assert Application.objects.filter(case__state="enrolled").count() == Application.objects.count()
    city = Region.objects.get(parent__isnull=True)
    assert indicators.dibao_rural_households(city, date(2020, 1, 1), date(2020, 11, 30)) == 5
    assert indicators.dibao_rural_persons(city, date(2020, 1, 1), date(2020, 11, 30)) >= 5
    assert indicators.tekun_persons(city, date(2020, 1, 1), date(2020, 11, 30)) == 3
    assert indicators.temporary_person_times(city, date(2020, 1, 1), date(2020, 12, 31)) == 5
    # and running it again adds nothing
    again = assistance_seed(scale=SCALE, random_seed=7)
    assert "未重复生成" in again and "农村低保5" in again
    assert _made() == TARGETS


def test_the_plan_depends_on_the_seed_alone(personas):
    # given a tiny synthetic Haikou
    synthetic_registry_seed(scale=SCALE, random_seed=7)
    # when the plan is drawn twice from one seed, and once from another
    first = seed_plan(scale=SCALE, random_seed=7, year=2020)
    second = seed_plan(scale=SCALE, random_seed=7, year=2020)
    other = seed_plan(scale=SCALE, random_seed=8, year=2020)
    # then the same seed gives the same applications, days and facts; the targets are the seed × scale
    assert first == second
    assert first.items != other.items
    assert first.targets == TARGETS
    assert Counter(i.program for i in first.items) == TARGETS
    # and nobody is planned twice for one program, nor for two of 低保/低收入/特困
    keys = [(i.person_id, i.program) for i in first.items]
    assert len(keys) == len(set(keys))
    decided = [i.person_id for i in first.items if i.program != Program.TEMPORARY]
    assert len(decided) == len(set(decided))
    # and the days fall in January–March (临时救助: through the year)
    for item in first.items:
        last = date(2020, 12, 31) if item.program == Program.TEMPORARY else date(2020, 3, 31)
        assert date(2020, 1, 2) <= item.day <= last


@pytest.mark.slow
def test_an_interrupted_seed_continues_to_the_targets(personas, monkeypatch):
    # given a tiny synthetic Haikou, and a step that fails in the middle of its 8th application
    # (its 3rd case move: the application is half made when the failure comes)
    synthetic_registry_seed(scale=SCALE, random_seed=7)
    moves = Counter()
    real_transition = seeding.case_transition

    def failing_transition(**kwargs):
        moves["n"] += 1
        if moves["n"] == 7 * 5 + 3:
            raise RuntimeError("模拟中断")
        return real_transition(**kwargs)

    monkeypatch.setattr(seeding, "case_transition", failing_transition)
    # when the step runs
    with pytest.raises(RuntimeError, match="模拟中断"):
        assistance_seed(scale=SCALE, random_seed=7)
    # then the seven applications made before the failure are kept, whole, and the 8th left nothing
    assert Application.objects.count() == 7
    assert Application.objects.filter(case__state="enrolled").count() == 7
    plan = seed_plan(scale=SCALE, random_seed=7, year=2020)
    assert _keys() == sorted((i.person_id, i.program) for i in plan.items[:7])
    # when it runs again, without the failure
    monkeypatch.setattr(seeding, "case_transition", real_transition)
    line = assistance_seed(scale=SCALE, random_seed=7)
    # then it makes the rest of the same plan: the totals are exact, nobody twice
    assert "本次新增申请10件" in line
    assert _made() == TARGETS
    assert _keys() == sorted((i.person_id, i.program) for i in plan.items)
    assert Application.objects.filter(case__state="enrolled").count() == sum(TARGETS.values())
    # and a third run adds nothing
    assert "未重复生成" in assistance_seed(scale=SCALE, random_seed=7)
    assert _made() == TARGETS


@pytest.mark.slow
def test_a_rerun_counts_what_exists_by_program(personas):
    # given the step made at 1/1000 with one random seed
    synthetic_registry_seed(scale=SCALE, random_seed=7)
    assistance_seed(scale=SCALE, random_seed=7)
    before = _keys()
    # when it runs with another seed (another plan: other applicants)
    line = assistance_seed(scale=SCALE, random_seed=8)
    # then every program already has its count: nothing is added
    assert "未重复生成" in line
    assert _made() == TARGETS
    assert _keys() == before


def test_memoized_parameters_answer_as_the_table_does(personas):
    # given the demo parameters, and a district's own value of one of them from mid-2020
    assistance_reference_load()
    district = Region.objects.get(code="460105")
    Parameter.objects.create(
        code="near_dibao_multiple", region=district, effective_from=date(2020, 7, 1), value="1.8",
        source="测试", demo=True,
    )  # fmt: skip
    community = Region.objects.get(code="460105001001")
    other = Region.objects.get(code="460108001001")
    questions = [
        (code, where, on)
        for code in Parameter.objects.values_list("code", flat=True).distinct()
        for where in (community, other, district)
        for on in (
            date(2019, 12, 31),
            date(2020, 1, 1),
            date(2020, 6, 30),
            date(2020, 7, 1),
            date(2021, 3, 1),
        )
    ]

    def ask(code, where, on):
        try:
            return parameter_value(code, region=where, on=on)
        except AssistanceError as exc:
            return exc.message

    # when each question is asked outside and inside a memoized block
    plain = [ask(*q) for q in questions]
    with parameters_memoized():
        memo = [ask(*q) for q in questions]
    # then the answers are the same (the district's own value wins inside it from July on)
    assert memo == plain
    assert (
        parameter_value("near_dibao_multiple", region=community, on=date(2020, 7, 1)).region_name
        == district.name
    )
