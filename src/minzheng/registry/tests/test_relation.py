"""与户主关系: GB/T 4761-2008 codes, and the migration that recoded the first, wrong ones."""

import importlib

import pytest
from django.apps import apps

from minzheng.registry.models import Membership, Relation
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db

recode = importlib.import_module("minzheng.registry.migrations.0004_relation_gbt4761_codes")


def test_choices_are_the_standards_codes():
    # GB/T 4761-2008 table 2: 02 户主, 10 配偶, 20 子, 28 女婿, 30 女, 38 儿媳, 40 孙子女, 50 父母,
    # 60 祖父母, 70 兄弟姐妹, 97 其他亲属, 99 非亲属
    assert dict(Relation.choices) == {
        "02": "户主",
        "10": "配偶",
        "20": "子",
        "28": "女婿",
        "30": "女",
        "38": "儿媳",
        "40": "孙子、孙女或外孙子、外孙女",
        "50": "父母",
        "60": "祖父母或外祖父母",
        "70": "兄、弟、姐、妹",
        "97": "其他亲属",
        "99": "非亲属",
    }
    assert Relation.choices == recode.RELATION_CHOICES


def test_a_child_is_son_or_daughter_by_sex():
    assert Relation.child(male=True) == Relation.SON == "20"
    assert Relation.child(male=False) == Relation.DAUGHTER == "30"


def test_old_codes_are_recoded(personas):
    # given a household written with the first codes: 01 户主, 20 子女, 30 孙子女, 40 儿媳/女婿, 99 其他
    actor = personas.town
    head = given.person(actor, name="王户主", seq=11)
    hh = given.household(actor, head=head)
    old = {"王子": ("20", 13), "王女": ("20", 12), "王孙": ("30", 15), "李婿": ("40", 17)}
    old |= {"赵媳": ("40", 14), "钱亲": ("99", 19)}
    people = {}
    for key, (_code, seq) in old.items():
        people[key] = given.person(actor, name=key, seq=seq)
        given.member(actor, hh, people[key])
    Membership.objects.filter(person=head).update(relation="01")
    for key, (code, _seq) in old.items():
        Membership.objects.filter(person=people[key]).update(relation=code)
    # when the migration's recode runs
    recode.relations_recode(apps, None)
    # then every row carries its GB/T 4761 code, sons and daughters told apart by the ID's sex digit
    got = dict(Membership.objects.values_list("person__name", "relation"))
    assert got == {
        "王户主": "02",
        "王子": "20",
        "王女": "30",
        "王孙": "40",
        "李婿": "28",
        "赵媳": "38",
        "钱亲": "97",
    }
