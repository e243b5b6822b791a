"""The registry on the one web layer: its capabilities decide the navigation, the pages and the services
alike; refusals are Chinese pages naming what was refused; RegistryError is a DomainError."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from minzheng.core.errors import DomainError
from minzheng.core.roles import Perm, Role, roles_with
from minzheng.core.testing import CITY, client_for, user_make
from minzheng.registry import panels
from minzheng.registry.importing.services import import_batch_create
from minzheng.registry.importing.testing import person_row, write_csv
from minzheng.registry.services import RegistryError
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db

REGISTRY = Path(__file__).resolve().parents[1]


def _nav_links(user) -> dict[str, str]:
    """label → url of the 人房信息 entries of the user's navigation."""
    import re

    page = client_for(user).get("/").content.decode()
    nav = page[page.index('class="mainnav"') : page.index("</nav>")]
    group = re.search(r'<span class="navsection">人房信息</span>(.*?)</div>', nav, re.S)
    if group is None:
        return {}
    return {label: url for url, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', group.group(1))}


def test_registry_error_is_a_domain_error_with_message_first():
    exc = RegistryError("户号HH-1已存在", field="number")
    assert isinstance(exc, DomainError)
    assert (exc.message, exc.field, str(exc)) == ("户号HH-1已存在", "number", "户号HH-1已存在")
    assert RegistryError("该记录已处理").as_dict() == {"field": None, "message": "该记录已处理"}


def test_editors_and_importers_all_read_the_registry():
    readers = roles_with("registry.read")
    assert roles_with(Perm.EDIT_REGISTRY) <= readers and roles_with("registry.import") <= readers
    assert Role.AUDITOR not in readers and Role.SYSADMIN not in readers


def test_every_entry_shown_opens_for_the_user_who_sees_it(personas):
    rexian = user_make("rexian", Role.HOTLINE_OPERATOR, CITY)
    for user in (personas.grid_a, personas.community, personas.town, personas.city, rexian):
        links = _nav_links(user)
        assert "人员查询" in links, user.username
        for label, url in links.items():
            assert client_for(user).get(url).status_code == 200, (user.username, label)


def test_the_system_administrator_and_the_auditor_are_offered_no_registry_page(personas):
    # separation of duties: no entry of 人房信息, and a typed address is the Chinese 403 naming the capability
    assert _nav_links(personas.admin) == {} and _nav_links(personas.auditor) == {}
    response = client_for(personas.admin).get("/registry/import/")
    text = response.content.decode()
    assert response.status_code == 403 and "批量导入人房信息" in text and "系统管理员" in text
    response = client_for(personas.auditor).get("/registry/persons/")
    assert response.status_code == 403 and "查阅人房信息" in response.content.decode()


def test_the_hotline_operator_reads_but_is_not_offered_editing_or_import(personas):
    rexian = user_make("rexian", Role.HOTLINE_OPERATOR, CITY)
    assert set(_nav_links(rexian)) == {"人员查询", "户", "房屋"}
    response = client_for(rexian).get("/registry/duplicates/")
    assert response.status_code == 403 and "维护人房信息" in response.content.decode()
    assert "登记人员" not in client_for(rexian).get("/registry/persons/").content.decode()


def test_grid_worker_is_offered_the_import_and_may_use_it(personas):
    links = _nav_links(personas.grid_a)
    assert links["批量导入"] == "/registry/import/"
    assert client_for(personas.grid_a).get("/registry/import/").status_code == 200


def test_the_import_service_and_command_refuse_whom_the_page_refuses(personas, tmp_path):
    with pytest.raises(PermissionDenied, match="批量导入人房信息"):
        import_batch_create(
            user=personas.admin, kind="persons", mode="all", file_name="p.csv", stored_file="x"
        )
    path = write_csv(tmp_path / "p.csv", [person_row()])
    with pytest.raises(CommandError, match="账号“admin”不能导入.*批量导入人房信息"):
        call_command("import", "persons", str(path), "--user", "admin")


def test_only_managers_are_offered_duplicate_detection(personas):
    town_page = client_for(personas.town).get("/registry/duplicates/").content.decode()
    district_page = client_for(personas.district).get("/registry/duplicates/").content.decode()
    assert 'data-testid="detect"' not in town_page and 'data-testid="detect"' in district_page
    response = client_for(personas.town).post("/registry/duplicates/detect/")
    assert response.status_code == 403 and "发起疑似重复人员检测" in response.content.decode()


def test_a_refused_write_on_a_detail_page_comes_back_as_a_message_naming_the_field(personas):
    person = given.person(personas.grid_a)
    client = client_for(personas.grid_a)
    response = client.post(f"/registry/persons/{person.pk}/status/", {"status": "deceased"}, follow=True)
    text = response.content.decode()
    assert "变更日期" in text and "原因" in text  # the form's errors, each led by its field's label
    response = client.post(
        f"/registry/persons/{person.pk}/status/",
        {"status": "normal", "date": "2021-01-01", "reason": "核实"},
        follow=True,
    )
    assert "人员状态已是“正常”" in response.content.decode()


@pytest.fixture
def isolated_panels(monkeypatch):
    monkeypatch.setattr(panels, "_panels", [])


def test_a_person_panel_with_a_capability_is_shown_only_to_its_holders(personas, isolated_panels):
    panels.person_panel_register(
        order=1,
        title="完整联系方式",
        template="registry/_revealed.html",
        context=lambda user, person: {"value": "保密", "field": "x"},
        capability=Perm.REVEAL_PERSONAL,
    )
    person = given.person(personas.grid_a)
    assert "完整联系方式" in client_for(personas.town).get(f"/registry/persons/{person.pk}/").content.decode()
    assert (
        "完整联系方式"
        not in client_for(personas.grid_a).get(f"/registry/persons/{person.pk}/").content.decode()
    )
    with pytest.raises(LookupError):
        panels.person_panel_register(
            order=2, title="x", template="x.html", context=dict, capability="no.such"
        )


def _role_comparisons(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare) and any(
            isinstance(op, ast.In | ast.NotIn | ast.Eq | ast.NotEq) for op in node.ops
        ):
            for side in (node.left, *node.comparators):
                if isinstance(side, ast.Attribute) and side.attr == "role":
                    found.append(f"{path.relative_to(REGISTRY)}:{node.lineno}")
    return found


def test_the_registry_compares_no_roles():
    # registry/importing/ is being reworked separately and is checked by the project-wide test
    files = [
        p
        for p in REGISTRY.rglob("*.py")
        if not {"tests", "migrations", "importing"} & set(p.relative_to(REGISTRY).parts)
    ]
    assert files and [hit for p in files for hit in _role_comparisons(p)] == []
