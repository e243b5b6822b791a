"""The rules at their edges, each with its source: 国办发〔2010〕54号 (孤儿), 民发〔2019〕62号 (事实无人抚养儿童, 6 months),
the month of the 18th birthday, the schooling continuation, an event mid-month, the rise in basis points."""

from datetime import date

from minzheng.children import rules
from minzheng.children.rules import Parent
from minzheng.children.rules import ParentSituation as S


def test_both_parents_dead_or_missing_is_an_orphan_not_a_de_facto_child():
    # 国办发〔2010〕54号: 失去父母、查找不到生父母
    assert (
        rules.identify(father=Parent(S.DECEASED), mother=Parent(S.MISSING), age=10).kind == rules.Kind.ORPHAN
    )
    assert rules.identify(father=Parent(S.UNKNOWN), mother=Parent(S.UNKNOWN), age=0).kind == rules.Kind.ORPHAN


def test_one_parent_dead_and_the_other_imprisoned_six_months_is_de_facto():
    # 民发〔2019〕62号: 一方死亡或失踪，另一方服刑在押（6个月以上）
    verdict = rules.identify(father=Parent(S.DECEASED), mother=Parent(S.IMPRISONED, 6), age=9)
    assert verdict.kind == rules.Kind.DE_FACTO


def test_five_months_of_lost_contact_is_not_enough_and_says_why():
    verdict = rules.identify(father=Parent(S.SEVERE_DISABILITY), mother=Parent(S.LOST_CONTACT, 5), age=9)
    assert not verdict.eligible
    assert verdict.reasons == [
        "母亲失联（未履行监护抚养责任）的期限为5个月，须满6个月以上（民发〔2019〕62号）"
    ]


def test_a_parent_able_to_care_refuses_and_an_adult_is_out_of_scope():
    assert not rules.identify(father=Parent(S.DECEASED), mother=Parent(S.NONE), age=9).eligible
    verdict = rules.identify(father=Parent(S.DECEASED), mother=Parent(S.DECEASED), age=18)
    assert not verdict.eligible and "已满18周岁" in verdict.reasons[0]


def test_the_last_month_by_age_is_the_month_of_the_day_before_the_18th_birthday():
    assert rules.age_last_month(date(2002, 6, 15)) == date(2020, 6, 1)  # under 18 until 14 June: June is paid
    assert rules.age_last_month(date(2002, 6, 1)) == date(2020, 5, 1)  # 18 on 1 June: May is the last
    assert rules.age_last_month(date(2004, 2, 29)) == date(2022, 2, 1)  # 18 on 1 March 2022


def test_schooling_continues_the_allowance_past_18():
    # 粤民规字〔2019〕10号 [L]: 年满18周岁仍在校就读的，继续享受
    assert rules.age_last_month(date(2002, 6, 15), in_school_until=date(2021, 7, 10)) == date(2021, 7, 1)
    assert rules.age_last_month(date(2002, 6, 15), in_school_until=date(2019, 7, 10)) == date(2020, 6, 1)


def test_an_event_mid_month_pays_that_month_and_on_the_first_ends_with_the_month_before():
    assert rules.event_last_month(date(2020, 5, 15)) == date(2020, 5, 1)
    assert rules.event_last_month(date(2020, 5, 1)) == date(2020, 4, 1)


def test_payment_starts_the_month_after_the_decision():
    assert rules.start_month(date(2019, 12, 10)) == date(2020, 1, 1)


def test_rise_is_in_basis_points_rounded_half_up():
    assert rules.rise_basis_points(130000, 145000) == 1154  # 11.54 %; the seed writes 11.5 %
    assert rules.rise_basis_points(90000, 105000) == 1667  # 16.67 %; the seed writes 16.7 %
    assert rules.rise_basis_points(0, 105000) == 0
