"""Registration applications (社团条例第十二条、民非条例第十一条、基金会条例第六条和第十一条): the 60-day decision
period from 受理, refusals with reasons, the authority's own jurisdiction, one 法定代表人 for one 社会团体, the
USCC's type, change and deregistration."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from minzheng.casework.errors import CaseError
from minzheng.casework.services import case_transition
from minzheng.orgs.errors import OrgsError
from minzheng.orgs.models import Application, Organisation
from minzheng.orgs.services import application_create, application_set_uscc
from minzheng.orgs.tests import given

pytestmark = pytest.mark.django_db


def test_the_decision_is_due_60_days_after_accepting_complete_materials(personas):
    # given an application to establish a 社会团体, accepted on 2020-03-10
    app = given.establish(personas)
    case_transition(
        actor=personas.district, case=app.case, action="accept", at=given.at(date(2020, 3, 10), 9)
    )
    app.case.refresh_from_db()
    # then the decision is due 60 calendar days later (社团条例第十二条)
    assert timezone.localdate(app.case.due_at) == date(2020, 3, 10) + timedelta(days=60)


def test_approval_registers_the_organisation_with_its_uscc(personas):
    who = given.person("李法人")
    org = given.registered(personas, legal_rep=who)
    assert org.status == Organisation.Status.ACTIVE and org.uscc.startswith("51460105")
    assert org.legal_rep == who and org.registered_on == date(2020, 3, 2)
    assert org.authority.code == "460105"


def test_approval_needs_the_uscc(personas):
    app = given.establish(personas)
    case_transition(actor=personas.district, case=app.case, action="accept")
    with pytest.raises(OrgsError, match="准予登记前请填写统一社会信用代码"):
        case_transition(actor=personas.district, case=app.case, action="approve")


def test_the_uscc_must_be_a_civil_affairs_code_of_the_right_type(personas):
    app = given.establish(personas, kind="service")
    with pytest.raises(OrgsError, match="前两位应为“52”"):
        application_set_uscc(actor=personas.district, application=app, uscc=given.uscc("association"))
    with pytest.raises(OrgsError, match="校验码错误"):
        application_set_uscc(actor=personas.district, application=app, uscc="52460105MJ00000010")


def test_a_refusal_states_its_reasons(personas):
    app = given.establish(personas)
    case_transition(actor=personas.district, case=app.case, action="accept")
    with pytest.raises(CaseError):
        case_transition(actor=personas.district, case=app.case, action="refuse")  # no reasons
    case_transition(
        actor=personas.district,
        case=app.case,
        action="refuse",
        comment="同一区域内已有业务范围相似的社会团体",
    )
    app.refresh_from_db()
    assert app.approved is False and "业务范围相似" in app.decision_reason
    assert not Organisation.objects.exists()


def test_a_city_or_district_bureau_does_not_register_foundations(personas):
    # 基金会条例第六条: only the national and provincial 民政 register foundations
    with pytest.raises(OrgsError, match="基金会管理条例》第六条"):
        given.establish(personas, kind="foundation", name="某某慈善基金会")


def test_the_district_decides_only_its_own_registrations(personas):
    # given an application to the city bureau
    app = given.establish(personas, authority="460100", name="海口市社会工作协会")
    # when a district reviewer tries to accept it / then refused: not their authority
    with pytest.raises(OrgsError, match="不在您的管辖范围内"):
        case_transition(actor=personas.district, case=app.case, action="accept")
    with pytest.raises(PermissionDenied):
        application_create(actor=personas.town, purpose="establish", kind="association")


def test_one_legal_representative_for_one_association(personas):
    who = given.person("王会长")
    given.registered(personas, legal_rep=who)
    with pytest.raises(OrgsError, match="不得同时担任其他社会团体的法定代表人"):
        given.establish(personas, name="秀英区书法协会", legal_rep=who)
    # a 社会服务机构 may have them as its legal representative
    assert given.establish(personas, name="秀英区颐养服务中心", kind="service", legal_rep=who).pk


def test_the_same_name_is_refused_at_the_same_authority(personas):
    given.registered(personas, name="秀英区慈善协会")
    with pytest.raises(OrgsError, match="已登记名为“秀英区慈善协会”"):
        given.establish(personas, name="秀英区慈善协会")


def test_change_applies_the_new_values_and_deregistration_ends_the_organisation(personas):
    org = given.registered(personas)
    change = application_create(actor=personas.district, purpose="change", organisation=org, domicile="秀英大道1号",
                                business_scope="志愿服务、社区服务")  # fmt: skip
    # 变更登记: 20 working days from 受理 (行政许可法第四十二条, a parameter)
    case_transition(actor=personas.district, case=change.case, action="accept")
    case_transition(actor=personas.district, case=change.case, action="approve")
    org.refresh_from_db()
    assert org.domicile == "秀英大道1号" and org.business_scope == "志愿服务、社区服务"
    # only one open application an organisation
    end = application_create(actor=personas.district, purpose="deregister", organisation=org)
    with pytest.raises(OrgsError, match="已有办理中的登记申请"):
        application_create(actor=personas.district, purpose="change", organisation=org, name="新名")
    case_transition(actor=personas.district, case=end.case, action="accept")
    case_transition(actor=personas.district, case=end.case, action="approve")
    org.refresh_from_db()
    assert org.status == Organisation.Status.DEREGISTERED
    assert Application.objects.get(pk=end.pk).decision_reason.startswith("准予注销登记")
