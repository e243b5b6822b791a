"""A bulk writer's hold (issue 13, an import under load): while an online import commits chunk after chunk, the
figures over its table are served as they were when it began, the pages say so, and they move once when it ends."""

import pytest
from django.urls import reverse

from minzheng.core.testing import CITY, client_for
from minzheng.registry.models import Person
from minzheng.reports import registry
from minzheng.reports.registry import Aggregation, figures_held, figures_held_notes, indicator_register
from minzheng.reports.tests import given

# committed writes, as an import's chunks are: inside a test's transaction the person table would be this
# transaction's own change, whose figures are never stored
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def counted_people():
    """People in the registry, counting each computation."""
    computed: list[tuple[str, object, int]] = []

    def people(region, start, end):
        value = Person.objects.filter(region__path__startswith=region.path).count()
        computed.append((region.code, start, value))
        return value

    indicator_register(
        code="test.held_people", name="测试人数", unit="人", aggregation=Aggregation.SNAPSHOT, domain="registry",
        compute=people, depends_on=["registry.Person"],
    )  # fmt: skip
    yield computed
    registry._indicators.pop("test.held_people")


def _bulk_person_like(person: Person, seq: int) -> None:
    """A row written the way an import writes (no model signal): only the table's marks move."""
    copy = Person.objects.get(pk=person.pk)
    copy.pk, copy.id_number = None, person.id_number[:14] + f"{seq:03d}X"
    Person.objects.bulk_create([copy])


def test_a_held_table_serves_its_figure_as_it_began_and_moves_once_when_the_writer_ends(
    personas, counted_people
):
    from minzheng.core.models import Region

    city = Region.objects.get(code=CITY)
    home = given.house(personas.grid_a, code="H-HELD", grid="460105001001001")
    first = given.person(personas.grid_a, seq=41, home=home)
    before = registry.indicator_value("test.held_people", region=city, start=first.created_at.date(),
                                      end=first.created_at.date())  # fmt: skip
    day = first.created_at.date()

    def computed_for_the_day():
        return [value for code, start, value in counted_people if (code, start) == (CITY, day)]

    assert before == 1 and computed_for_the_day() == [1]
    # when a bulk writer holds the person table and writes rows (committed, as an import's chunks are)
    with figures_held(["registry.Person"], what="批量导入人员"):
        for seq in (43, 45, 47):
            _bulk_person_like(first, seq)
            # then readers are served the figure as it was, computing nothing
            assert registry.indicator_value("test.held_people", region=city, start=day, end=day) == 1
        assert computed_for_the_day() == [1]
        # and the pages that show such figures say why
        notes = figures_held_notes([registry.indicator_get("test.held_people")])
        assert len(notes) == 1 and notes[0].startswith("批量导入人员（")
        page = client_for(personas.city).get(reverse("reports:table", args=[CITY]), {"domain": "registry"})
        assert "批量导入人员" in page.content.decode() and "完成后自动更新" in page.content.decode()
    # and once it ends the figure moves, computed once over every row written
    assert registry.indicator_value("test.held_people", region=city, start=day, end=day) == 4
    assert computed_for_the_day() == [1, 4]
    assert figures_held_notes([registry.indicator_get("test.held_people")]) == []
    page = client_for(personas.city).get(reverse("reports:table", args=[CITY]), {"domain": "registry"})
    assert "figures-held" not in page.content.decode()
