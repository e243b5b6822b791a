"""The 小微权力清单 (中办、国办《关于加强和改进乡村治理的指导意见》: 推行村级小微权力清单制度; 《海口市农村基层小微权力
指导清单》) and the honours of community workers (最美社区工作者): a committee adopts the city's guide list, adapts it
and publishes it once every power has its basis, steps and post; the overview names the villages without a published
list; another district sees nothing of them; awards are listed and exported (audited)."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from python_calamine import CalamineWorkbook

from minzheng.assistance.tests.given import URBAN_COMMUNITY, person, region
from minzheng.community import awards, powers, rules
from minzheng.community.errors import CommunityError
from minzheng.community.models import Award, PowerList
from minzheng.core.models import AuditEntry, Region
from minzheng.core.navigation import nav_for
from minzheng.core.testing import COMMUNITY_A, client_for

pytestmark = pytest.mark.django_db


def _sheet(response):  # noqa: ANN001, ANN202
    return (
        CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
        .get_sheet_by_index(0)
        .to_python()[1:]
    )


@pytest.fixture
def guide(personas):  # noqa: ANN201
    guide = powers.power_list_ensure(actor=personas.city, region=region("460100"))
    for category, name, basis, steps, post in rules.POWER_GUIDE_DEMO[:3]:
        powers.power_item_add(actor=personas.city, power_list=guide, category=category, name=name, basis=basis,
                              steps=steps, post=post)  # fmt: skip
    return powers.power_list_publish(actor=personas.city, power_list=guide, on=date(2020, 9, 15))


def test_a_committee_adopts_the_guide_adapts_it_and_publishes_it(personas, guide):
    # given the city's guide list and 秀华社区 without a list
    village = region(COMMUNITY_A)
    assert powers.power_list_for(region=village) is None
    # when the community worker adopts the guide and adds a power of its own
    own = powers.power_list_ensure(actor=personas.community, region=village)
    assert powers.power_list_adopt(actor=personas.community, power_list=own) == 3
    assert powers.power_list_adopt(actor=personas.community, power_list=own) == 0  # the same names are kept
    powers.power_item_add(actor=personas.community, power_list=own, category="services", name="社区公共用房使用审批",
                          basis="社区居民公约", steps="申请\n居委会审核\n公示", post="社区居委会主任")  # fmt: skip
    # then it publishes, and a published list is changed only after 修订
    published = powers.power_list_publish(actor=personas.community, power_list=own, on=date(2020, 10, 9))
    assert published.status == PowerList.Status.PUBLISHED and published.items.count() == 4
    with pytest.raises(CommunityError, match="已公布，请先点“修订”"):
        powers.power_item_add(actor=personas.community, power_list=published, category="services", name="x",
                              basis="y", steps="z", post="w")  # fmt: skip
    with pytest.raises(CommunityError, match="已于2020-10-09公布"):
        powers.power_list_publish(actor=personas.community, power_list=published, on=date(2020, 10, 10))
    revised = powers.power_list_revise(actor=personas.community, power_list=published)
    assert revised.status == PowerList.Status.DRAFT and revised.published_on is None


def test_a_list_is_published_only_when_every_power_has_basis_steps_and_post(personas):
    # the rule, in one function
    assert rules.power_list_publishable([]) == "清单中还没有权力事项，不能公布"
    assert (
        rules.power_list_publishable([("集体资产发包", "组织法", "", "主任")])
        == "“集体资产发包”缺少运行流程，不能公布"
    )
    own = powers.power_list_ensure(actor=personas.community, region=region(COMMUNITY_A))
    with pytest.raises(CommunityError, match="清单中还没有权力事项"):
        powers.power_list_publish(actor=personas.community, power_list=own, on=date(2020, 10, 9))
    with pytest.raises(CommunityError, match="请填写责任岗位") as caught:
        powers.power_item_add(actor=personas.community, power_list=own, category="finance", name="财务审批",
                              basis="组织法第三十条", steps="审核", post=" ")  # fmt: skip
    assert caught.value.field == "post"
    # another district's list is not the community worker's to draw up; a grid worker may not at all
    with pytest.raises(CommunityError, match="不在您的管辖范围内"):
        powers.power_list_ensure(actor=personas.community, region=region("460108"))
    with pytest.raises(PermissionDenied):
        powers.power_list_ensure(actor=personas.grid_a, region=region(COMMUNITY_A))


def test_the_overview_names_the_villages_without_a_published_list(personas, guide):
    # given 秀华社区 published and the other committees of 秀英区 not
    own = powers.power_list_ensure(actor=personas.community, region=region(COMMUNITY_A))
    powers.power_list_adopt(actor=personas.community, power_list=own)
    powers.power_list_publish(actor=personas.community, power_list=own, on=date(2020, 10, 9))
    district_committees = Region.objects.filter(
        level=Region.Level.COMMUNITY, path__startswith=region("460105").path
    )
    coverage = powers.power_coverage(user=personas.district)
    assert (coverage.committees, coverage.published) == (district_committees.count(), 1)
    missing = list(powers.power_unpublished(user=personas.district))
    assert len(missing) == coverage.missing and region(COMMUNITY_A) not in missing
    # the city's overview page lists them and links each to its list; the export says the same (audited)
    city = client_for(personas.city)
    page = city.get("/community/powers/").content.decode()
    assert "已公布1个" in page and f"/community/powers/{missing[0].code}/" in page
    codes = [row[1] for row in _sheet(city.get("/community/powers/unpublished.xlsx"))]
    assert (
        len(codes) == Region.objects.filter(level=Region.Level.COMMUNITY).count() - 1
        and COMMUNITY_A not in codes
    )
    assert AuditEntry.objects.filter(action="export", object_type="community.powerlist").exists()
    # 美兰区 sees none of 秀英区's committees, and not 秀华社区's list
    other = client_for(personas.other_district)
    assert COMMUNITY_A not in other.get("/community/powers/").content.decode()
    assert other.get(f"/community/powers/{COMMUNITY_A}/").status_code == 404


def test_the_pages_adopt_add_publish_and_show_a_village_list(personas, guide):
    worker = client_for(personas.community)
    assert "小微权力清单" in str(nav_for(personas.community))
    page = worker.get("/community/powers/").content.decode()
    assert f'href="/community/powers/{COMMUNITY_A}/"' in page and 'href="/community/powers/460100/"' in page
    assert worker.post(f"/community/powers/{COMMUNITY_A}/adopt/").status_code == 302
    worker.post(f"/community/powers/{COMMUNITY_A}/items/", {
        "category": "services", "name": "社区公共用房使用审批", "basis": "社区居民公约", "steps": "申请\n审核\n公示",
        "post": "社区居委会主任"})  # fmt: skip
    assert worker.post(f"/community/powers/{COMMUNITY_A}/publish/", {"on": "2020-10-09"}).status_code == 302
    page = worker.get(f"/community/powers/{COMMUNITY_A}/").content.decode()
    assert "已公布" in page and page.count('data-testid="power-item"') == 4 and "<li>审核</li>" in page
    assert 'data-testid="item-form"' not in page and 'data-testid="revise-form"' in page
    # the guide list reads for the worker, without the forms (it is the city's)
    guide_page = worker.get("/community/powers/460100/").content.decode()
    assert "指导清单" in guide_page and 'data-testid="item-form"' not in guide_page
    assert worker.post("/community/powers/460100/items/", {"category": "services", "name": "x", "basis": "y",
                                                           "steps": "z", "post": "w"}).status_code == 302  # fmt: skip
    assert guide.items.count() == 3  # refused: “海口市”不在您的管辖范围内
    # a grid worker is refused the page, naming the capability
    response = client_for(personas.grid_a).get("/community/powers/")
    assert response.status_code == 403 and "查阅基层治理与社区建设" in response.content.decode()


def test_an_award_names_one_awardee_and_is_listed_and_exported(personas):
    resident = person("王丽", lives=URBAN_COMMUNITY)
    village = region(COMMUNITY_A)
    award = awards.award_register(
        actor=personas.district, title=Award.Title.MOST_BEAUTIFUL, year=2020, edition="第二届", region=village,
        person=resident, post="社区网格员", citation="疫情防控中连续值守。", conferred_by="海口市民政局",
        conferred_on=date(2020, 12, 18),
    )  # fmt: skip
    assert award.awardee == "王丽"
    worker_award = awards.award_register(
        actor=personas.city, title=Award.Title.EXCELLENT_WORKER, year=2020, region=village, worker=personas.community,
        citation="服务居民。", conferred_by="海口市民政局", conferred_on=date(2020, 12, 18),
    )  # fmt: skip
    assert worker_award.awardee == "community"
    common = {"title": Award.Title.MOST_BEAUTIFUL, "year": 2020, "region": village, "citation": "x",
              "conferred_by": "海口市民政局", "conferred_on": date(2020, 12, 18)}  # fmt: skip
    with pytest.raises(CommunityError, match="二选一"):
        awards.award_register(actor=personas.city, **common)
    with pytest.raises(CommunityError, match="已登记该获奖人"):
        awards.award_register(actor=personas.city, person=resident, **common)
    with pytest.raises(CommunityError, match="不在您的管辖范围内"):
        awards.award_register(actor=personas.other_district, person=resident, **common)
    with pytest.raises(PermissionDenied):
        awards.award_register(actor=personas.community, person=resident, **{**common, "year": 2019})
    # the list, filtered by year and title; the export (audited); 美兰区 sees none
    city = client_for(personas.city)
    page = city.get("/community/awards/", {"year": "2020", "title": "most_beautiful"}).content.decode()
    assert (
        "王丽" in page and "最美社区工作者（第二届）" in page and "community" not in page.split("<tbody>")[1]
    )
    rows = _sheet(city.get("/community/awards/export.xlsx", {"year": "2020"}))
    assert sorted(r[3] for r in rows) == ["community", "王丽"] and rows[0][5] == village.name
    assert AuditEntry.objects.filter(action="export", object_type="community.award").exists()
    assert "王丽" not in client_for(personas.other_district).get("/community/awards/").content.decode()
    # the form: a worker by login name, refused outside the clerk's region
    district = client_for(personas.district)
    response = district.post("/community/awards/new/", {
        "title": "excellent_secretary", "year": "2020", "region": COMMUNITY_A, "worker": "other_district",
        "citation": "x", "conferred_by": "秀英区民政局", "conferred_on": "2020-12-20"})  # fmt: skip
    assert "登录名“other_district”不存在或不在您的管辖范围内" in response.content.decode()
    response = district.post("/community/awards/new/", {
        "title": "excellent_secretary", "year": "2020", "region": COMMUNITY_A, "worker": "community",
        "citation": "x", "conferred_by": "秀英区民政局", "conferred_on": "2020-12-20"})  # fmt: skip
    assert response.status_code == 302 and Award.objects.count() == 3
    assert client_for(personas.community).get("/community/awards/new/").status_code == 403
