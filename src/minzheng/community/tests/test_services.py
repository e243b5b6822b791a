"""The services of community governance, each against the rule it carries (docs/domain.md, 基层治理与社区建设)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.assistance.tests.given import RURAL_COMMUNITY, URBAN_COMMUNITY, person, region
from minzheng.community import indicators, rules, selectors, services
from minzheng.community.errors import CommunityError
from minzheng.community.models import Election, IssuedCertificate, Posting, Project, Refusal

pytestmark = pytest.mark.django_db
YEAR = (date(2020, 1, 1), date(2020, 12, 31))


def _city_list():  # noqa: ANN202
    city = region("460100")
    refused = services.item_save(actor=None, region=city, name="亲属关系证明", allowed=False,
                                 basis=rules.REFUSED_BASIS, refuse_reason=rules.REFUSED_REASON)  # fmt: skip
    allowed = services.item_save(actor=None, region=city, name="收养人婚姻状况、抚养教育能力证明", allowed=True,
                                 basis="《中国公民收养子女登记办法》第六条")  # fmt: skip
    return allowed, refused


# --- 大社区综合服务中心与示范点 -----------------------------------------------------------------------------


def test_a_centre_counts_in_the_year_it_is_built_and_only_in_its_district(personas):
    # given a centre of 秀华社区 (秀英区) taken from the library to completion
    project = services.project_create(
        actor=personas.district, region=region(URBAN_COMMUNITY), name="秀华大社区综合服务中心",
        kind=Project.Kind.CENTRE, planned_on=date(2019, 12, 1), facilities="便民服务大厅\n儿童之家", services="政务代办",
    )  # fmt: skip
    services.project_start(actor=personas.district, project=project, on=date(2020, 3, 1))
    services.project_complete(actor=personas.district, project=project, on=date(2020, 9, 1))
    # then it is one centre built in 2020 in 秀英区 and the city, none in 美兰区 nor in 2019, and no pilot site
    assert indicators.centres_built(region("460105"), *YEAR) == 1
    assert indicators.centres_built(region("460100"), *YEAR) == 1
    assert indicators.centres_built(region("460108"), *YEAR) == 0
    assert indicators.centres_built(region("460105"), date(2019, 1, 1), date(2019, 12, 31)) == 0
    assert indicators.pilot_sites_built(region("460100"), *YEAR) == 0


def test_a_project_is_built_only_after_it_started_and_with_its_facilities(personas):
    project = services.project_create(actor=personas.district, region=region(RURAL_COMMUNITY), name="向荣村示范点",
                                      kind=Project.Kind.PILOT, planned_on=date(2020, 1, 2))  # fmt: skip
    with pytest.raises(CommunityError, match="尚未开工"):
        services.project_complete(actor=personas.district, project=project, on=date(2020, 5, 1))
    services.project_start(actor=personas.district, project=project, on=date(2020, 2, 1))
    with pytest.raises(CommunityError, match="须登记设施和服务项目"):
        services.project_complete(actor=personas.district, project=project, on=date(2020, 5, 1))
    # another district's reviewer may not touch it; a grid worker may not register projects at all
    with pytest.raises(CommunityError, match="不在您的管辖范围内"):
        services.project_start(actor=personas.other_district, project=project, on=date(2020, 2, 1))
    with pytest.raises(PermissionDenied):
        services.project_create(actor=personas.grid_a, region=region(RURAL_COMMUNITY), name="x",
                                kind=Project.Kind.PILOT, planned_on=date(2020, 1, 2))  # fmt: skip


# --- 证明事项清单 (民发〔2020〕20号) --------------------------------------------------------------------------


def test_an_allowed_item_is_numbered_per_committee_and_year(personas):
    allowed, _ = _city_list()
    a, b = person("甲"), person("乙", hukou=RURAL_COMMUNITY)
    community, village = region(URBAN_COMMUNITY), region(RURAL_COMMUNITY)
    first = services.certificate_request(actor=personas.community, region=community, person=a, item=allowed,
                                         purpose="收养登记", on=date(2020, 3, 1))  # fmt: skip
    second = services.certificate_request(actor=personas.community, region=community, person=a, item=allowed,
                                          purpose="收养登记", on=date(2020, 4, 1))  # fmt: skip
    other = services.certificate_request(actor=personas.town, region=village, person=b, item=allowed,
                                         purpose="收养登记", on=date(2020, 4, 1))  # fmt: skip
    next_year = services.certificate_request(actor=personas.community, region=community, person=a, item=allowed,
                                             purpose="收养登记", on=date(2021, 1, 4))  # fmt: skip
    assert isinstance(first, IssuedCertificate)
    assert (first.seq, second.seq, other.seq, next_year.seq) == (1, 2, 1, 1)
    assert first.number == f"（2020）{URBAN_COMMUNITY}证字第0001号"
    assert len({first.verify_code, second.verify_code, other.verify_code, next_year.verify_code}) == 4
    assert indicators.certificates_issued(region("460105"), *YEAR) == 3


def test_an_item_on_the_refused_list_is_refused_with_its_reason(personas):
    # 民发〔2020〕20号附件：亲属关系证明 is among the 20 items a committee must not issue
    _, refused = _city_list()
    who = person("丙")
    result = services.certificate_request(actor=personas.community, region=region(URBAN_COMMUNITY), person=who,
                                          item=refused, purpose="银行开户", on=date(2020, 5, 6))  # fmt: skip
    assert isinstance(result, Refusal) and result.reason == rules.REFUSED_REASON
    assert not IssuedCertificate.objects.exists()
    assert indicators.certificates_refused(region("460100"), *YEAR) == 1


def test_a_community_may_override_a_city_line_and_certify_only_its_residents(personas):
    allowed, _ = _city_list()
    # the district refuses the city's allowed item for its communities (a nearer line wins)
    services.item_save(actor=personas.district, region=region("460105"), name=allowed.name, allowed=False,
                       basis="区级清单", refuse_reason="改由民政部门收养登记机关核实")  # fmt: skip
    names = {i.name: i.allowed for i in services.items_effective(region(URBAN_COMMUNITY))}
    assert names[allowed.name] is False
    assert {i.name: i.allowed for i in services.items_effective(region("460108001001"))}[allowed.name] is True
    # a committee certifies only its own residents: a 美兰区 committee refuses a person of 秀华社区
    with pytest.raises(CommunityError, match="不是“.*”的居民") as caught:
        services.certificate_request(actor=None, region=region("460108001001"), person=person("本地"), item=allowed,
                                     purpose="收养登记")  # fmt: skip
    assert caught.value.field == "person"


def test_a_refused_line_needs_its_reason_and_the_refusal_of_an_unlisted_certificate_is_recorded(personas):
    with pytest.raises(CommunityError, match="须写明理由") as caught:
        services.item_save(actor=personas.city, region=region("460100"), name="居民养犬证明", allowed=False,
                           basis=rules.REFUSED_BASIS)  # fmt: skip
    assert caught.value.field == "refuse_reason"
    refusal = services.certificate_refuse(actor=personas.community, region=region(URBAN_COMMUNITY),
                                          requested="房屋无纠纷证明", reason="不属于村居职责", refer_to="不动产登记中心")  # fmt: skip
    assert refusal.reason == "不属于村居职责"
    with pytest.raises(PermissionDenied):
        services.certificate_refuse(
            actor=personas.grid_a, region=region(URBAN_COMMUNITY), requested="x", reason="y"
        )


# --- 村（居）务公开 (《村民委员会组织法》第三十条) ------------------------------------------------------------------


def test_finance_is_posted_quarterly_unless_the_village_posts_monthly(personas):
    village = region(RURAL_COMMUNITY)
    kw = {
        "actor": personas.town,
        "region": village,
        "category": rules.FINANCE,
        "title": "财务收支",
        "content": "收入、支出明细",
    }
    # quarterly: a month is refused, the quarter accepted, with its deadline 10 days after the quarter
    with pytest.raises(CommunityError, match="完整的季度"):
        services.posting_create(period_start=date(2020, 1, 1), period_end=date(2020, 1, 31),
                                posted_on=date(2020, 2, 3), **kw)  # fmt: skip
    posting = services.posting_create(period_start=date(2020, 1, 1), period_end=date(2020, 3, 31),
                                      posted_on=date(2020, 4, 15), **kw)  # fmt: skip
    assert posting.due_on == date(2020, 4, 10) and posting.late
    # 集体财务往来较多的村: monthly
    services.publicity_setting_set(actor=personas.town, region=village, finance_monthly=True)
    monthly = services.posting_create(period_start=date(2020, 4, 1), period_end=date(2020, 4, 30),
                                      posted_on=date(2020, 5, 8), **kw)  # fmt: skip
    assert not monthly.late
    with pytest.raises(CommunityError, match="已登记"):
        services.posting_create(period_start=date(2020, 4, 1), period_end=date(2020, 4, 30),
                                posted_on=date(2020, 5, 9), **kw)  # fmt: skip


def test_the_overdue_list_names_each_village_category_and_period_not_posted(personas):
    community = region(URBAN_COMMUNITY)
    for category in rules.CATEGORY_LABELS:
        services.posting_create(actor=personas.community, region=community, category=category,
                                period_start=date(2020, 1, 1), period_end=date(2020, 3, 31), title="一季度",
                                content="内容", posted_on=date(2020, 4, 5))  # fmt: skip
    overdue = selectors.postings_overdue(
        user=personas.community, since=date(2020, 1, 1), today=date(2020, 7, 11)
    )
    # Q1 posted; Q2 due 2020-07-10 is overdue on the 11th, for each of the three categories; only 秀华社区 is seen
    assert {(o.region.code, o.category, o.period.start) for o in overdue} == {
        (URBAN_COMMUNITY, c, date(2020, 4, 1)) for c in rules.CATEGORY_LABELS
    }
    assert all(o.days == 1 for o in overdue)
    assert (
        selectors.postings_overdue(user=personas.community, since=date(2020, 1, 1), today=date(2020, 7, 10))
        == []
    )
    # the town sees every village and community of 秀英街道
    town = selectors.postings_overdue(user=personas.town, since=date(2020, 1, 1), today=date(2020, 7, 11))
    assert len({o.region.pk for o in town}) == selectors.communities_visible(user=personas.town).count() > 1
    assert Posting.objects.count() == 3


# --- 换届选举 (《村民委员会组织法》第十三条、第十五条) ------------------------------------------------------------


def _election(personas, n_adults: int = 5):  # noqa: ANN001, ANN202
    adults = [person(f"选民{i}", hukou=RURAL_COMMUNITY) for i in range(n_adults)]
    person("未成年", hukou=RURAL_COMMUNITY, birth=date(2003, 4, 19))  # 18 on 2021-04-19, the day after
    person("外村", hukou=URBAN_COMMUNITY)
    election = services.election_create(actor=personas.town, region=region(RURAL_COMMUNITY), term=9,
                                        election_day=date(2021, 4, 18), seats=3)  # fmt: skip
    return election, adults


def test_the_voters_list_is_the_areas_residents_aged_18_on_election_day(personas):
    election, adults = _election(personas)
    assert election.kind == Election.Kind.VILLAGE
    assert services.election_register_voters(actor=personas.town, election=election) == 5
    assert set(election.voters.values_list("person_id", flat=True)) == {p.pk for p in adults}
    # re-running adds nobody
    assert services.election_register_voters(actor=personas.town, election=election) == 5
    with pytest.raises(CommunityError, match="不在本次选举的选民名单中"):
        services.candidate_add(
            actor=personas.town, election=election, person=person("外人", hukou=URBAN_COMMUNITY)
        )


def test_more_than_half_must_vote_and_a_candidate_needs_more_than_half_the_votes(personas):
    election, adults = _election(personas, n_adults=6)
    services.election_register_voters(actor=personas.town, election=election)
    c = [services.candidate_add(actor=personas.town, election=election, person=p) for p in adults[:4]]
    # 3 of 6 voted: not more than half — the election is void and cannot be filed (第十五条)
    void = services.election_count(actor=personas.town, election=election, voted=3, ballots_returned=3,
                                   ballots_invalid=0, votes={x.pk: 3 for x in c})  # fmt: skip
    assert void.valid is False and not void.candidates.filter(elected=True).exists()
    with pytest.raises(CommunityError, match="选举无效"):
        services.election_file(actor=personas.town, election=void, on=date(2021, 4, 20))
    # a second election: 4 of 6 voted; 2 votes is not more than half of 4, 3 votes is
    election2 = services.election_create(actor=personas.town, region=region(RURAL_COMMUNITY), term=10,
                                         election_day=date(2026, 4, 18), seats=3)  # fmt: skip
    services.election_register_voters(actor=personas.town, election=election2)
    c2 = [services.candidate_add(actor=personas.town, election=election2, person=p) for p in adults[:4]]
    result = services.election_count(actor=personas.town, election=election2, voted=4, ballots_returned=4,
                                     ballots_invalid=0, votes={c2[0].pk: 4, c2[1].pk: 2, c2[2].pk: 3, c2[3].pk: 1})  # fmt: skip
    assert result.valid is True
    assert set(result.candidates.filter(elected=True).values_list("pk", flat=True)) == {c2[0].pk, c2[2].pk}
    # 备案 with the town only (a community worker may not receive it)
    with pytest.raises(PermissionDenied):
        services.election_file(actor=personas.community, election=result, on=date(2026, 4, 20))
    filed = services.election_file(actor=personas.town, election=result, on=date(2026, 4, 20))
    assert filed.status == Election.Status.FILED
    assert indicators.elections_filed(region("460105"), date(2026, 1, 1), date(2026, 12, 31)) == 1


def test_the_elected_are_the_most_voted_up_to_the_seats_and_a_tie_at_the_last_seat_elects_neither():
    assert rules.elected(tallies=[(1, 9), (2, 8), (3, 7), (4, 6)], voted=10, seats=3) == [1, 2, 3]
    assert rules.elected(tallies=[(1, 9), (2, 8), (3, 8)], voted=10, seats=2) == [1]
    assert rules.elected(tallies=[(1, 5), (2, 6)], voted=10, seats=3) == [2]
    assert rules.election_valid(registered=10, voted=5) is False
    assert rules.election_valid(registered=10, voted=6) is True
