"""Cremations (the funeral home's records) and the 惠民殡葬 subsidy, paid once as a one-off line on the ledger."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.benefits.models import Payment, PayrollRun
from minzheng.funeral import services
from minzheng.funeral.errors import FuneralError
from minzheng.funeral.models import Plot
from minzheng.funeral.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(personas):  # noqa: ANN201
    given.standard()
    return given.funeral_home(given.operator())


def _cremate(home, death=None, *, number="HZ2021-0001", name="", id_number=""):  # noqa: ANN001, ANN202
    return services.cremation_record(
        actor=given.operator(), funeral_home=home, number=number, cremated_on=date(2021, 3, 23),
        body_source="hospital", death=death, deceased_name=name, deceased_id_number=id_number,
    )  # fmt: skip


def test_a_cremation_links_the_death_by_the_id_number(personas, home):
    # given a registered death
    who = given.person("陈一", birth=date(1940, 2, 2))
    death = given.died(personas.town, who)
    # when the funeral home records the cremation with the deceased's ID number
    cremation = _cremate(home, id_number=who.id_number)
    # then it is linked, named from the registry, and in the home's district
    assert cremation.death == death and cremation.deceased_name == "陈一"
    assert cremation.region == home.region
    # and a second cremation of the same deceased, or the same number, is refused
    with pytest.raises(FuneralError, match="已有火化记录"):
        _cremate(home, death, number="HZ2021-0002")
    with pytest.raises(FuneralError, match="已登记"):
        _cremate(home, number="HZ2021-0001", name="无名氏")


def test_an_unknown_body_is_recorded_by_description_and_bad_ids_are_named(personas, home):
    cremation = _cremate(home, name="无名氏（男，约60岁）")
    assert cremation.death is None and cremation.deceased_id_number == ""
    with pytest.raises(FuneralError, match="死者身份证号不正确"):
        _cremate(home, number="HZ2021-0009", name="某", id_number="460105194002021234")


def test_only_the_homes_operators_record_its_cremations(personas, home):
    stranger = given.operator("jigou_other")
    with pytest.raises(FuneralError, match="不是海口市殡仪馆的经办人"):
        services.cremation_record(
            actor=stranger, funeral_home=home, number="X1", cremated_on=date(2021, 3, 1), body_source="home",
            deceased_name="某",
        )  # fmt: skip
    with pytest.raises(PermissionDenied, match="登记火化记录"):
        services.cremation_record(
            actor=personas.town, funeral_home=home, number="X2", cremated_on=date(2021, 3, 1), body_source="home",
            deceased_name="某",
        )  # fmt: skip


def test_the_subsidy_is_one_paid_line_on_the_ledger_at_the_standard_in_force(personas, home):
    # given a resident (户籍 in Haikou) who died and was cremated, and their son in the registry
    who = given.person("林二", birth=date(1938, 1, 1))
    son = given.person("林小二")
    death = given.died(personas.town, who, reporter=son)
    cremation = _cremate(home, death)
    # when the district grants the subsidy to the son
    subsidy = services.subsidy_grant(actor=personas.district, cremation=cremation, payee=son)
    # then one paid line of the demo standard (360 元) is on the 惠民殡葬 one-off run of March
    payment = Payment.objects.get(pk=subsidy.payment_id)
    assert (payment.person_id, payment.amount_fen, payment.status) == (son.pk, 36_000, "paid")
    assert payment.run.kind == PayrollRun.Kind.ONE_OFF and payment.program.code == "funeral_basic"
    # and never twice
    with pytest.raises(FuneralError, match="已发放"):
        services.subsidy_grant(actor=personas.district, cremation=cremation, payee=son)
    assert Payment.objects.filter(program__code="funeral_basic").count() == 1


def test_a_non_resident_or_an_unlinked_cremation_gets_no_subsidy(personas, home):
    visitor = given.person("外地人", hukou=None)
    son = given.person("外地人之子")
    cremation = _cremate(home, given.died(personas.town, visitor))
    with pytest.raises(FuneralError, match="不是本市户籍居民"):
        services.subsidy_grant(actor=personas.district, cremation=cremation, payee=son)
    unknown = _cremate(home, number="HZ2021-0003", name="无名氏")
    with pytest.raises(FuneralError, match="未关联死亡登记"):
        services.subsidy_grant(actor=personas.district, cremation=unknown, payee=son)
    with pytest.raises(PermissionDenied, match="发放惠民殡葬补助"):
        services.subsidy_grant(actor=personas.town, cremation=cremation, payee=son)
    assert not Payment.objects.filter(program__code="funeral_basic").exists()


def test_a_plot_is_reserved_then_occupied_and_never_given_to_another(personas):
    cemetery = given.cemetery()
    plot = services.plot_add(actor=personas.city, cemetery=cemetery, code="A-01-001")
    holder, other = given.person("黄一"), given.person("黄二")
    services.plot_assign(actor=personas.city, plot=plot, holder=holder)
    with pytest.raises(FuneralError, match="已由他人预订"):
        services.plot_assign(actor=personas.city, plot=plot, holder=other)
    death = given.died(personas.town, given.person("黄老"), reporter=holder)
    services.plot_assign(actor=personas.city, plot=plot, holder=holder, death=death)
    plot.refresh_from_db()
    assert plot.status == Plot.Status.OCCUPIED and plot.death == death
    with pytest.raises(FuneralError, match="已安葬"):
        services.plot_assign(actor=personas.city, plot=plot, holder=holder)
