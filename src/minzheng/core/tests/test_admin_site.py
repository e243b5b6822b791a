"""The Django admin (issue 13 item 9, issue 12 item 1): configuration only, the system administrator only,
in Chinese."""

import re

import pytest
from django.contrib import admin
from django.utils import translation

from minzheng.core.models import AuditEntry
from minzheng.core.roles import Role
from minzheng.core.testing import CITY, client_for, user_make

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")

# Configuration: accounts, the region tree, holidays, programs and standards, the grid's categories,
# departments, API clients and weights. Adding a model here is a decision: it must hold no personal data.
CONFIGURATION = {
    "core.user",
    "core.region",
    "core.calendarday",
    "benefits.program",
    "benefits.standard",
    "grid.eventcategory",
    "grid.department",
    "grid.open311client",
    "grid.performanceweights",
}

# Models holding personal data (or the traces of it): reached only through the scoped, masked pages.
PERSONAL_DATA_URLS = [
    "/admin/benefits/payment/1/change/",  # the payee's name (issue 13 item 9)
    "/admin/benefits/payment/",
    "/admin/benefits/enrollment/",
    "/admin/benefits/payrollrun/",
    "/admin/core/auditentry/",  # full ID numbers and phones in `after` (issue 13 item 9)
    "/admin/core/job/",
    "/admin/registry/person/",
    "/admin/registry/household/",
    "/admin/registry/house/",
    "/admin/registry/membership/",
    "/admin/casework/case/",
    "/admin/casework/caseevent/",
    "/admin/assistance/application/",
    "/admin/eldercare/resident/",
    "/admin/grid/event/",
    "/admin/django_tasks_database/dbtaskresult/",  # a job's arguments and traceback
    "/admin/auth/group/",  # roles replace groups
]


def test_the_admin_registers_configuration_models_only():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == CONFIGURATION


def test_every_registered_changelist_opens_in_chinese_for_the_system_administrator(personas):
    # given the system administrator
    client = client_for(personas.admin)
    # when they open the admin's index and every registered model's list
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "民政综合业务平台 管理" in index.content.decode()
    for model in admin.site._registry:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        response = client.get(url)
        # then each opens, in Django's Chinese, under the platform's header, with the model's Chinese name
        html = response.content.decode()
        assert response.status_code == 200, url
        assert 'lang="zh-hans"' in html and "民政综合业务平台 管理" in html, url
        assert str(model._meta.verbose_name_plural) in html, url
        assert "Django" not in html and "Select " not in html and "Model name" not in html, url
        assert "首页" in html and "注销" in html, url


def test_every_registered_model_and_field_has_a_chinese_name():
    with translation.override("zh-hans"):
        for model in admin.site._registry:
            label = model._meta.label
            assert CJK.search(str(model._meta.verbose_name)), label
            assert CJK.search(str(model._meta.verbose_name_plural)), label
            for field in model._meta.get_fields():
                name = getattr(field, "verbose_name", None)  # reverse relations have none
                if name is None or field.name == "id":
                    continue
                assert CJK.search(str(name)), f"{label}.{field.name}: {name}"


def test_personal_data_is_not_in_the_admin(personas):
    # given an audit entry holding a phone number (written when an account's phone is changed)
    personas.grid_a.phone = "13800138000"
    personas.grid_a.save()
    entry = AuditEntry.objects.order_by("-pk").first()
    assert entry is not None
    client = client_for(personas.admin)
    # when the system administrator asks the admin for it, or for any personal-data model
    # then the admin does not know these models
    for url in [f"/admin/core/auditentry/{entry.pk}/change/", *PERSONAL_DATA_URLS]:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("persona", ["city", "district", "grid_a", "auditor"])
def test_other_roles_are_refused_with_the_chinese_403(personas, persona):
    # given a logged-in user of another role
    client = client_for(getattr(personas, persona))
    for url in ["/admin/", "/admin/core/user/", "/admin/login/"]:
        # when they open the admin, then the site's 403 page names what was refused
        response = client.get(url)
        assert response.status_code == 403, url
        assert "不能“系统管理”" in response.content.decode(), url


def test_the_role_decides_not_the_staff_flag(db):
    # given a city manager whose account carries Django's staff and superuser flags
    flagged = user_make("flagged", Role.CITY_MANAGER, CITY, is_staff=True, is_superuser=True)
    # then the admin still refuses them: only the 系统管理员 role reaches it
    response = client_for(flagged).get("/admin/core/user/")
    assert response.status_code == 403 and "不能“系统管理”" in response.content.decode()


def test_anonymous_visitors_go_to_the_site_login(client):
    response = client.get("/admin/core/user/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_system_administrator_without_the_superuser_flag_gets_the_configuration(db):
    # given a 系统管理员 whose account carries neither Django flag
    plain = user_make("plain_admin", Role.SYSADMIN, CITY, is_staff=False, is_superuser=False)
    client = client_for(plain)
    # when they open the admin, then every registered configuration is listed and opens, and they may add
    index = client.get("/admin/").content.decode()
    for url in [
        "/admin/core/user/",
        "/admin/core/region/",
        "/admin/grid/eventcategory/",
        "/admin/benefits/standard/",
    ]:
        assert f'href="{url}"' in index, url
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/core/calendarday/add/").status_code == 200
    # and still nothing unregistered: personal data stays out of the admin
    for url in PERSONAL_DATA_URLS:
        assert client.get(url).status_code == 404, url
    # while Django's permissions give another role nothing
    assert not user_make("c2", Role.CITY_MANAGER, CITY).has_perm("core.change_region")
