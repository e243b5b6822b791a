"""The services of marriage registration, each rule with its source in the service's docstring."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.core.models import AuditEntry
from minzheng.core.testing import personas_create
from minzheng.marriage import services
from minzheng.marriage.errors import MarriageError
from minzheng.marriage.models import (
    Appointment,
    DaySlot,
    DivorceApplication,
    Kind,
    Party,
    Refusal,
    Registration,
)
from minzheng.marriage.selectors import marital_status, registration_list
from minzheng.marriage.tests.given import man, registry_offices, woman
from minzheng.registry.models import Person

pytestmark = pytest.mark.django_db
DAY = date(2021, 3, 1)


def wed(reg, husband, wife, *, office=None, on=DAY, party=Party.MAINLAND, actor=None):  # noqa: ANN001, ANN201
    office = office or reg.xiuying
    actor = actor or {reg.xiuying: reg.clerk, reg.city: reg.city_clerk, reg.meilan: reg.other_clerk}[office]
    return services.marriage_register(
        actor=actor, office=office, man=husband, woman=wife, on=on, both_present=True, documents_checked=True,
        party=party,
    )  # fmt: skip


def test_registrations_get_consecutive_numbers_per_office_kind_and_year():
    reg = registry_offices()
    # given three couples at 秀英 in 2021 and one at 美兰
    first = wed(reg, man("甲一"), woman("乙一"))
    second = wed(reg, man("甲二"), woman("乙二"))
    other = wed(reg, man("甲三"), woman("乙三"), office=reg.meilan)
    # and one at 秀英 on the first day of 2022
    next_year = wed(reg, man("甲四"), woman("乙四"), on=date(2022, 1, 4))
    # then each office counts its own year from 000001
    assert [first.number, second.number] == ["J460105-2021-000001", "J460105-2021-000002"]
    assert other.number == "J460108-2021-000001"
    assert next_year.number == "J460105-2022-000001"
    assert first.created_by == reg.clerk and first.token and first.token != second.token


def test_a_party_under_age_on_the_registration_date_is_refused_though_of_age_at_booking_time_never():
    reg = registry_offices()
    # given a man who turns 22 on 2021-03-02 (born 1999-03-02)
    young = man("小王", born=date(1999, 3, 2))
    # when registered the day before his birthday: refused, naming the article and the first possible day
    with pytest.raises(MarriageError, match=r"未达法定婚龄.*第一千零四十七条.*2021年03月02日"):
        wed(reg, young, woman(), on=date(2021, 3, 1))
    assert not Registration.objects.exists()
    # then on his birthday he may register
    assert wed(reg, young, woman("小李"), on=date(2021, 3, 2)).number.endswith("000001")


def test_a_woman_born_on_29_february_may_register_on_28_february_of_her_20th_common_year():
    reg = registry_offices()
    her = woman("二月", born=date(2000, 2, 29))
    with pytest.raises(MarriageError, match="未达法定婚龄"):
        wed(reg, man(), her, on=date(2020, 2, 28))  # 2020 is a leap year: her birthday is the 29th
    assert wed(reg, man("张"), her, on=date(2020, 2, 29)).registered_on == date(2020, 2, 29)


def test_no_one_is_married_twice_until_divorced_or_widowed():
    reg = registry_offices()
    husband, wife = man(), woman()
    marriage = wed(reg, husband, wife)
    assert marital_status(husband) == ("married", marriage)
    # when he comes to another office with another woman: refused, naming the existing marriage
    with pytest.raises(MarriageError, match=r"已有配偶.*J460105-2021-000001.*重婚"):
        wed(reg, husband, woman("另一人"), office=reg.meilan)
    # when his wife has died, he may marry again
    Person.objects.filter(pk=wife.pk).update(status=Person.Status.DECEASED)
    husband.refresh_from_db()
    assert marital_status(husband)[0] == "widowed"
    assert wed(reg, husband, woman("再婚"), office=reg.meilan).number == "J460108-2021-000001"


def test_both_must_be_present_and_their_documents_checked():
    reg = registry_offices()
    with pytest.raises(MarriageError, match="亲自到婚姻登记机关") as absent:
        services.marriage_register(actor=reg.clerk, office=reg.xiuying, man=man(), woman=woman(), on=DAY,
                                   both_present=False, documents_checked=True)  # fmt: skip
    assert absent.value.field == "both_present"
    with pytest.raises(MarriageError, match="查验") as unchecked:
        services.marriage_register(actor=reg.clerk, office=reg.xiuying, man=man(), woman=woman(), on=DAY,
                                   both_present=True, documents_checked=False)  # fmt: skip
    assert unchecked.value.field == "documents_checked"


def test_foreign_related_and_hong_kong_macao_taiwan_registrations_only_at_the_city_office():
    reg = registry_offices()
    with pytest.raises(MarriageError, match="由市婚姻登记处办理") as refused:
        wed(reg, man(), woman(), party=Party.FOREIGN)
    assert refused.value.field == "party"
    assert wed(reg, man(), woman(), office=reg.city, party=Party.HMT).number == "J460100-2021-000001"


def test_a_registrar_acts_and_reads_only_for_their_own_office_and_the_city_manager_reads_all():
    reg = registry_offices()
    personas = personas_create()
    at_xiuying = wed(reg, man(), woman())
    # the 美兰 registrar may not register for 秀英's office
    with pytest.raises(MarriageError, match="不是秀英区民政局婚姻登记处的婚姻登记员"):
        services.marriage_register(actor=reg.other_clerk, office=reg.xiuying, man=man("丙"), woman=woman("丁"),
                                   on=DAY, both_present=True, documents_checked=True)  # fmt: skip
    # nor a district reviewer, who lacks the capability
    with pytest.raises(PermissionDenied):
        wed(reg, man("戊"), woman("己"), actor=personas.district)
    # and reads: 秀英's registrar sees it, 美兰's nothing, the city manager all, the district reviewer nothing
    assert list(registration_list(user=reg.clerk)) == [at_xiuying]
    assert not registration_list(user=reg.other_clerk).exists()
    assert list(registration_list(user=personas.city)) == [at_xiuying]
    assert not registration_list(user=personas.district).exists()


def test_a_refusal_records_its_reasons_and_closes_the_appointment():
    reg = registry_offices()
    husband, wife = man(), woman()
    booked = services.appointment_book(actor=reg.clerk, office=reg.xiuying, day=DAY, man=husband, woman=wife,
                                       today=date(2021, 2, 20))  # fmt: skip
    with pytest.raises(MarriageError, match="写明理由"):
        services.registration_refuse(actor=reg.clerk, office=reg.xiuying, kind=Kind.MARRIAGE, man=husband,
                                     woman=wife, on=DAY, reasons="  ", appointment=booked)  # fmt: skip
    refusal = services.registration_refuse(
        actor=reg.clerk, office=reg.xiuying, kind=Kind.MARRIAGE, man=husband, woman=wife, on=DAY,
        reasons="双方系三代以内旁系血亲（民法典第一千零四十八条）", appointment=booked,
    )  # fmt: skip
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.REFUSED and Refusal.objects.get() == refusal
    assert AuditEntry.objects.filter(object_type="marriage.refusal", action="create").exists()


def test_bookings_stop_at_the_days_capacity():
    reg = registry_offices()
    reg.xiuying.daily_capacity = 2
    reg.xiuying.save(update_fields=["daily_capacity"])
    for i in range(2):
        services.appointment_book(actor=reg.clerk, office=reg.xiuying, day=DAY, man=man(f"男{i}"),
                                  woman=woman(f"女{i}"), today=date(2021, 2, 1))  # fmt: skip
    with pytest.raises(MarriageError, match="预约已满") as full:
        services.appointment_book(actor=reg.clerk, office=reg.xiuying, day=DAY, man=man("男9"), woman=woman("女9"),
                                  today=date(2021, 2, 1))  # fmt: skip
    assert full.value.field == "day"
    # a cancellation gives the place back
    services.appointment_cancel(actor=reg.clerk, appointment=Appointment.objects.first())
    services.appointment_book(actor=reg.clerk, office=reg.xiuying, day=DAY, man=man("男8"), woman=woman("女8"),
                              today=date(2021, 2, 1))  # fmt: skip
    slot = DaySlot.objects.get(office=reg.xiuying, day=DAY)
    assert (slot.capacity, slot.booked) == (2, 2)
    assert Appointment.objects.filter(status=Appointment.Status.BOOKED).count() == 2


def _divorce_case(reg, received=date(2021, 3, 1)):  # noqa: ANN001, ANN202
    marriage = wed(reg, man(born=date(1985, 1, 9)), woman(born=date(1988, 4, 2)), on=date(2015, 5, 20))
    app = services.divorce_accept(actor=reg.clerk, office=reg.xiuying, marriage=marriage, received_on=received,
                                  both_present=True, agreement_checked=True)  # fmt: skip
    return marriage, app


def test_either_party_may_withdraw_within_the_cooling_off_but_not_after_it():
    reg = registry_offices()
    marriage, app = _divorce_case(reg)
    # received 1 March 2021: the cooling-off ends on 31 March, the window on 30 April
    assert (app.cooling_off_ends, app.collect_ends) == (date(2021, 3, 31), date(2021, 4, 30))
    # a second application for the same marriage is refused while this one is open
    with pytest.raises(MarriageError, match="在办的离婚登记申请"):
        services.divorce_accept(actor=reg.clerk, office=reg.xiuying, marriage=marriage, received_on=date(2021, 3, 2),
                                both_present=True, agreement_checked=True)  # fmt: skip
    # on 1 April it is too late to withdraw
    with pytest.raises(MarriageError, match="冷静期已于2021年03月31日届满"):
        services.divorce_withdraw(actor=reg.clerk, application=app, by="F", on=date(2021, 4, 1))
    # on the last day of the cooling-off the wife alone withdraws it
    app = services.divorce_withdraw(actor=reg.clerk, application=app, by="F", on=date(2021, 3, 31))
    assert app.status == DivorceApplication.Status.WITHDRAWN and app.withdrawn_by == "F"
    assert marital_status(marriage.man)[0] == "married"


def test_the_certificate_is_issued_only_within_the_30_days_after_the_cooling_off():
    reg = registry_offices()
    marriage, app = _divorce_case(reg)
    kwargs = {"actor": reg.clerk, "application": app, "both_present": True, "documents_checked": True}
    with pytest.raises(MarriageError, match="届满后方可申领"):
        services.divorce_register(on=date(2021, 3, 31), **kwargs)
    with pytest.raises(MarriageError, match="视为撤回"):
        services.divorce_register(on=date(2021, 5, 1), **kwargs)
    divorce = services.divorce_register(on=date(2021, 4, 1), **kwargs)
    # then an L number, the marriage dissolved that day, both free to marry again
    assert divorce.number == "L460105-2021-000001" and divorce.marriage == marriage
    marriage.refresh_from_db()
    assert marriage.dissolved_on == date(2021, 4, 1) and marriage.status == Registration.Status.VALID
    assert marital_status(marriage.man) == ("divorced", divorce)
    assert wed(reg, marriage.man, woman("新人"), on=date(2021, 4, 2)).number == "J460105-2021-000001"


def test_applications_not_collected_in_time_are_deemed_withdrawn_in_one_update():
    reg = registry_offices()
    _, lapsing = _divorce_case(reg, received=date(2021, 3, 1))  # window ends 30 April
    _, open_ = _divorce_case(reg, received=date(2021, 3, 15))  # window ends 14 May
    # on 30 April nothing lapses yet (the last day is still open)
    assert services.divorce_expire(today=date(2021, 4, 30)) == 0
    # on 1 May the first is deemed withdrawn on its last day, the second stays open
    assert services.divorce_expire(today=date(2021, 5, 1)) == 1
    lapsing.refresh_from_db()
    open_.refresh_from_db()
    assert (lapsing.status, lapsing.closed_on) == (DivorceApplication.Status.LAPSED, date(2021, 4, 30))
    assert open_.status == DivorceApplication.Status.COOLING
    assert AuditEntry.objects.filter(action="bulk", detail__contains="视为撤回").count() == 1


def test_a_reissue_keeps_the_registration_and_its_number_and_a_revocation_keeps_the_record():
    reg = registry_offices()
    marriage = wed(reg, man(), woman())
    reissue = services.registration_reissue(actor=reg.clerk, registration=marriage, office=reg.xiuying,
                                            on=date(2021, 6, 1), reason="结婚证遗失")  # fmt: skip
    marriage.refresh_from_db()
    assert marriage.number == "J460105-2021-000001" and reissue.number == "BJ460105-2021-000001"
    revoked = services.registration_revoke(actor=reg.clerk, registration=marriage, on=date(2021, 9, 1),
                                           judgment="（2021）琼0105民初1234号", reason="受胁迫结婚")  # fmt: skip
    assert (
        revoked.status == Registration.Status.REVOKED and Registration.objects.filter(pk=marriage.pk).exists()
    )
    assert marital_status(marriage.man)[0] == "unmarried"
    with pytest.raises(MarriageError, match="已撤销"):
        services.registration_reissue(actor=reg.clerk, registration=marriage, office=reg.xiuying,
                                      on=date(2021, 10, 1), reason="遗失")  # fmt: skip


def test_a_marriage_registered_from_an_appointment_closes_it():
    reg = registry_offices()
    husband, wife = man(), woman()
    booked = services.appointment_book(actor=reg.clerk, office=reg.xiuying, day=DAY, man=husband, woman=wife,
                                       today=date(2021, 2, 1))  # fmt: skip
    services.marriage_register(actor=reg.clerk, office=reg.xiuying, man=husband, woman=wife, on=DAY,
                               both_present=True, documents_checked=True, appointment=booked)  # fmt: skip
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.DONE


def test_the_daily_command_marks_the_deemed_withdrawals():
    from io import StringIO

    from django.core.management import call_command

    reg = registry_offices()
    _, app = _divorce_case(reg, received=date(2021, 3, 1))
    out = StringIO()
    call_command("marriage_expire", "--date", "2021-05-01", stdout=out)
    app.refresh_from_db()
    assert "视为撤回的离婚登记申请：1件" in out.getvalue() and app.status == DivorceApplication.Status.LAPSED
