"""区划调整 as dated records: the chain of names, no change dated before the latest, the name in force on a date;
the region tree itself is not edited."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.core.models import Region
from minzheng.core.testing import TOWN
from minzheng.placenames.errors import PlacenamesError
from minzheng.placenames.services import region_change_record
from minzheng.placenames.services.regions import region_name_on

pytestmark = pytest.mark.django_db


def test_renames_are_a_dated_chain_and_the_tree_is_untouched(personas):
    town = Region.objects.get(code=TOWN)
    original = town.name
    first = region_change_record(actor=personas.city, kind="rename", region=town, effective_on=date(2019, 1, 1),
                                 approval="琼府函〔2018〕1号", new_name="秀英新街道")  # fmt: skip
    second = region_change_record(actor=personas.city, kind="rename", region=town, effective_on=date(2020, 1, 1),
                                  approval="琼府函〔2019〕2号", new_name="秀英南街道")  # fmt: skip
    assert (first.old_name, first.new_name) == (original, "秀英新街道")
    assert (second.old_name, second.new_name) == ("秀英新街道", "秀英南街道")
    assert region_name_on(region=town, on=date(2018, 6, 1)) == original
    assert region_name_on(region=town, on=date(2019, 6, 1)) == "秀英新街道"
    assert region_name_on(region=town, on=date(2020, 6, 1)) == "秀英南街道"
    town.refresh_from_db()
    assert town.name == original  # core's tree is not rewritten here
    with pytest.raises(PlacenamesError) as refused:
        region_change_record(actor=personas.city, kind="rename", region=town, effective_on=date(2019, 6, 1),
                             approval="x", new_name="别名街道")  # fmt: skip
    assert "不能登记更早的调整" in refused.value.message


def test_a_merge_needs_where_it_goes_and_ends_the_chain(personas):
    town = Region.objects.get(code=TOWN)
    with pytest.raises(PlacenamesError):
        region_change_record(
            actor=personas.city, kind="merge", region=town, effective_on=date(2020, 1, 1), approval="x"
        )
    region_change_record(actor=personas.city, kind="merge", region=town, effective_on=date(2020, 1, 1), approval="x",
                         new_parent=town.parent.children.exclude(pk=town.pk).first() or town.parent)  # fmt: skip


def test_only_the_city_records_region_changes(personas):
    with pytest.raises(PermissionDenied):
        region_change_record(actor=personas.district, kind="rename", region=Region.objects.get(code=TOWN),
                             effective_on=date(2020, 1, 1), approval="x", new_name="y")  # fmt: skip
