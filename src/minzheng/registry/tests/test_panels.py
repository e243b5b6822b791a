"""person_panel_register: later domains add a section to the person page."""

import pytest

from minzheng.core.testing import client_for
from minzheng.registry import panels
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def isolated_panels(monkeypatch):
    monkeypatch.setattr(panels, "_panels", [])


def test_a_registered_panel_is_rendered_on_the_person_page(personas, isolated_panels, tmp_path, settings):
    # given a domain that registers a panel with its own template and context
    template_dir = tmp_path / "templates"
    (template_dir / "demo").mkdir(parents=True)
    (template_dir / "demo" / "_panel.html").write_text(
        '<p data-testid="demo-panel">{{ person.name }}：{{ enrollments|join:"、" }}（{{ viewer }}）</p>'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], template_dir]}]
    seen = []

    def context(user, person):
        seen.append((user, person.pk))
        return {"enrollments": ["城市低保", "高龄津贴"], "viewer": user.username}

    panels.person_panel_register(order=20, title="社会救助", template="demo/_panel.html", context=context)
    panels.person_panel_register(order=10, title="养老服务", template="demo/_panel.html", context=context)
    person = given.person(personas.grid_a)
    # when the grid worker opens the person page
    html = client_for(personas.grid_a).get(f"/registry/persons/{person.pk}/").content.decode()
    page = html[html.index("<main") :]  # the page, not the menu bar (whose menus bear the same names)
    # then both panels are there, in order, rendered with their context for this user and person
    assert page.index("养老服务") < page.index("社会救助")
    assert "张三丰：城市低保、高龄津贴（grid_a）" in page
    assert seen == [(personas.grid_a, person.pk)] * 2


def test_registering_again_replaces_the_panel(isolated_panels):
    panels.person_panel_register(order=1, title="社会救助", template="x.html", context=lambda u, p: {})
    panels.person_panel_register(order=5, title="社会救助", template="x.html", context=lambda u, p: {})
    assert [p.order for p in panels.person_panels()] == [5]
