"""The one web layer: capability refusals, out-of-scope records and service refusals handled once."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import path

from minzheng.config import urls as site_urls
from minzheng.core.errors import DomainError
from minzheng.core.roles import Perm, can, require, roles_with
from minzheng.core.scope import OutOfScopeError
from minzheng.core.testing import client_for
from minzheng.core.web import staff_view


@staff_view(Perm.VIEW_AUDIT)
def _audit_only(request):
    return HttpResponse("ok")


@staff_view()
def _out_of_scope(request):
    raise OutOfScopeError("人员")


@staff_view()
def _refused(request):
    raise DomainError("本月工资单已审批，不能再修改", field="month")


urlpatterns = [
    path("t/audit/", _audit_only),
    path("t/scope/", _out_of_scope),
    path("t/refused/", _refused),
    *site_urls.urlpatterns,
]


def test_none_is_never_an_allowed_actor():
    with pytest.raises(PermissionDenied):
        require(None, Perm.VIEW_AUDIT)
    assert not can(None, Perm.EXPORT)


def test_an_unknown_capability_is_a_programming_error(personas):
    with pytest.raises(LookupError):
        can(personas.city, "payroll.fly")


def test_capabilities_follow_the_table(personas):
    assert can(personas.auditor, Perm.VIEW_AUDIT)
    assert not can(personas.city, Perm.VIEW_AUDIT)
    assert "auditor" in roles_with(Perm.VIEW_AUDIT)


@override_settings(ROOT_URLCONF=__name__)
def test_a_refused_capability_is_a_chinese_page_naming_it(personas):
    response = client_for(personas.grid_a).get("/t/audit/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "无权操作" in text and "查阅审计日志" in text and "网格员" in text
    assert "回到首页" in text


@override_settings(ROOT_URLCONF="minzheng.config.urls")
def test_an_unknown_page_is_a_chinese_404_in_the_layout(personas):
    response = client_for(personas.city).get("/no/such/page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "未找到" in text and "Not Found" not in text and 'data-testid="whoami"' in text


@override_settings(ROOT_URLCONF=__name__)
def test_out_of_scope_is_404_everywhere(personas):
    response = client_for(personas.grid_a).get("/t/scope/")
    assert response.status_code == 404
    assert "不在您的管辖范围内" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_a_refusal_on_get_is_a_400_page_with_the_message(personas):
    response = client_for(personas.city).get("/t/refused/")
    assert response.status_code == 400
    assert "本月工资单已审批" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_a_refusal_on_post_goes_back_with_the_message(personas):
    client = client_for(personas.city)
    response = client.post("/t/refused/", HTTP_REFERER="http://testserver/t/audit/?x=1")
    assert response.status_code == 302 and response["Location"] == "/t/audit/?x=1"


@override_settings(ROOT_URLCONF=__name__)
def test_a_refusal_to_htmx_is_the_message_partial(personas):
    response = client_for(personas.city).post("/t/refused/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#page-messages"
    assert "本月工资单已审批" in response.content.decode()


def test_a_stale_form_is_a_chinese_page(personas):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.city)
    response = client.post("/logout/")
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_the_api_answers_a_refusal_with_field_and_message(rf: RequestFactory):
    from minzheng.config.api import api

    response = api.on_exception(rf.get("/api/v1/x"), DomainError("格式不对", field="code"))
    assert response.status_code == 422
    assert b'"field": "code"' in response.content or b'"field":"code"' in response.content
