"""A record of each app's read API in 秀英区 and in 美兰区, for the API's contract test (test_api_contract.py): the
city manager's and the district reviewer's calls find something to answer, and every operation that names a record
has one of the other district to be refused (404) — made through the apps' own services and test helpers.

``both_districts`` answers ``{"xiuying": {path parameter: record}, "meilan": {…}, "registrar": 秀英区's marriage
registrar}``; the path parameters are those of the operations under /api/v1.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from minzheng.charity.services import distribution_give
from minzheng.charity.tests import given as charity_given
from minzheng.children import services as children
from minzheng.children.tests import given as children_given
from minzheng.community import services as community
from minzheng.community.models import Project
from minzheng.core.ids import make_citizen_id
from minzheng.core.models import Region
from minzheng.core.roles import Role
from minzheng.core.testing import DISTRICT, OTHER_DISTRICT, TOWN, user_make
from minzheng.disability import services as disability
from minzheng.disability.tests import given as disability_given
from minzheng.eldercare.services import institution_create, works_create
from minzheng.funeral import services as funeral
from minzheng.funeral.tests import given as funeral_given
from minzheng.marriage import services as marriage
from minzheng.marriage.tests import given as marriage_given
from minzheng.orgs.tests import given as orgs_given
from minzheng.placenames.services import application_create
from minzheng.placenames.tests import given as placenames_given
from minzheng.policy import services as policy
from minzheng.rescue.tests import given as rescue_given
from minzheng.supplies.tests import given as supplies_given

#: path parameters of registers every reader sees whole, whatever their region (their pages say so): a district's
#: reviewer reads the other district's record (200), not 404
CITY_WIDE = frozenset({"campaign_id", "place_name_id", "document_id"})

XIUYING_COMMUNITY = "460105001001"
MEILAN_COMMUNITY = "460108001001"
DAY = date(2020, 3, 2)


def _region(code: str) -> Region:
    return Region.objects.get(code=code)


def both_districts(personas: Any) -> dict[str, Any]:
    made: dict[str, Any] = {"xiuying": {}, "meilan": {}}
    ours, theirs = made["xiuying"], made["meilan"]
    resident = {
        "xiuying": charity_given.person("接口甲"),
        "meilan": charity_given.person("接口乙", hukou=MEILAN_COMMUNITY),
    }

    # 婚姻登记: a marriage at each district's office
    offices = marriage_given.registry_offices()
    made["registrar"] = offices.clerk
    for key, office, clerk in (
        ("xiuying", offices.xiuying, offices.clerk),
        ("meilan", offices.meilan, offices.other_clerk),
    ):
        made[key]["registration_id"] = marriage.marriage_register(
            actor=clerk, office=office, man=marriage_given.man(f"{key}男"), woman=marriage_given.woman(f"{key}女"),
            on=DAY, both_present=True, documents_checked=True,
        )  # fmt: skip

    # 救助管理: a stay at each district's station
    for key, code, staff in (
        ("xiuying", DISTRICT, rescue_given.staff()),
        ("meilan", OTHER_DISTRICT, rescue_given.other_staff()),
    ):
        stated = make_citizen_id(
            region_code="460200", birth_date=date(1970, 1, 2), sequence=31 if key == "xiuying" else 33
        )
        made[key]["intake_id"] = rescue_given.registered(
            staff, rescue_given.station(code, f"{key}救助站"), id_number=stated, name=f"{key}受助", gender="M"
        )

    # 社会组织: one whose domicile is in each district
    ours["organisation_id"] = orgs_given.registered(personas, name="接口志愿者协会")
    meilan_town = Region.objects.filter(parent__code=OTHER_DISTRICT).order_by("code").first()
    theirs["organisation_id"] = orgs_given.registered(
        personas, name="接口社会工作服务中心", kind="service", authority="460100", where=meilan_town.code
    )

    # 殡葬: a death, a cremation at a funeral home and a cemetery in each district
    for key, code, registrar in (
        ("xiuying", DISTRICT, personas.town),
        ("meilan", OTHER_DISTRICT, personas.other_district),
    ):
        who = charity_given.person(
            f"{key}逝者",
            birth=date(1940, 2, 2),
            hukou=XIUYING_COMMUNITY if key == "xiuying" else MEILAN_COMMUNITY,
        )
        death = funeral_given.died(registrar, who)
        home = funeral.funeral_home_add(name=f"{key}殡仪馆", region=_region(code))
        made[key]["cremation_id"] = funeral.cremation_record(
            actor=None, funeral_home=home, number=f"HZ-{key}", cremated_on=date(2021, 3, 23), body_source="hospital",
            death=death,
        )  # fmt: skip
        made[key]["cemetery_id"] = cemetery = funeral_given.cemetery(f"{key}公墓", code)
        made[key]["booking_id"] = funeral_given.booked(cemetery, n=1 if key == "xiuying" else 2)

    # 基层治理: a project and a certificate of a community of each district
    item = community.item_save(actor=None, region=_region("460100"), name="收养人婚姻状况、抚养教育能力证明",
                               allowed=True, basis="《中国公民收养子女登记办法》第六条")  # fmt: skip
    for key, code in (("xiuying", XIUYING_COMMUNITY), ("meilan", MEILAN_COMMUNITY)):
        made[key]["project_id"] = community.project_create(
            actor=None,
            region=_region(code),
            name=f"{key}大社区综合服务中心",
            kind=Project.Kind.CENTRE,
            planned_on=DAY,
        )
        made[key]["certificate_id"] = community.certificate_request(
            actor=None, region=_region(code), person=resident[key], item=item, purpose="收养登记", on=DAY
        )

    # 养老服务: a 敬老院 of each district with its works project
    for key, code in (("xiuying", XIUYING_COMMUNITY), ("meilan", MEILAN_COMMUNITY)):
        home = institution_create(actor=personas.city, name=f"{key}敬老院", kind="town_home", ownership="public",
                                  region=_region(code))  # fmt: skip
        made[key]["works_id"] = works_create(actor=None, institution=home, name=f"{key}敬老院升级改造",
                                             budget_fen=80_000_000, approved_on=DAY)  # fmt: skip

    # 慈善: the city's campaign (every reader sees it) with money given to a person of each district
    campaign = charity_given.campaign()
    charity_given.money(campaign, 5_000_00)
    for key in ("xiuying", "meilan"):
        distribution_give(actor=None, campaign=campaign, kind="money", amount_fen=800_00, purpose="生活救助",
                          distributed_on=DAY, person=resident[key])  # fmt: skip
    theirs["campaign_id"] = campaign

    # 物资台账: masks received by 秀英街道 and by 美兰区
    masks = supplies_given.masks()
    supplies_given.received(masks, TOWN, 50)
    supplies_given.received(masks, OTHER_DISTRICT, 30)

    # 区划地名: a road of each district (the register is the city's) and a naming application of each
    ours["place_name_id"] = placenames_given.road("接口大道")
    theirs["place_name_id"] = placenames_given.road("接口美兰路", region=placenames_given.other_district())
    ours["naming_application_id"] = placenames_given.application(personas, "接口新路")
    theirs["naming_application_id"] = application_create(
        actor=personas.other_district, action="name", kind="road", region=placenames_given.other_district(),
        geometry=placenames_given.LINE, name="接口美兰新路", reason="新建道路", applicant="美兰区住房和城乡建设局",
        at=placenames_given.at(DAY),
    )  # fmt: skip

    # 政策文件库: a document of the city and one of 美兰区 (the library is the city's)
    for key, code, actor in (
        ("xiuying", "460100", personas.city),
        ("meilan", OTHER_DISTRICT, personas.other_district),
    ):
        made[key]["document_id"] = policy.document_register(
            actor=actor, number=f"接口〔2020〕{key}号", title=f"{key}临时救助办法", issuer="民政局", region=_region(code),
            topic="assistance", issued_on=DAY, effective_from=DAY, body="临时救助。",
        )  # fmt: skip

    # 儿童福利 and 残疾人两项补贴: a child's 孤儿 application, a 儿童主任 with a visit, a 宣讲, a 残疾人证 and a
    # 护理补贴 application in a community of each district
    children_given.standards()
    disability_given.standards()
    meilan_town = user_make("api_meilan_town", Role.TOWN_CASEWORKER, MEILAN_COMMUNITY[:9])
    for key, code, town in (
        ("xiuying", XIUYING_COMMUNITY, personas.town),
        ("meilan", MEILAN_COMMUNITY, meilan_town),
    ):
        grid = f"{code}001"  # people made by children's helper (its ID numbers never run out across examples)
        child = children_given.person(name=f"{key}儿童", birth=date(2012, 5, 1), grid=grid)
        made[key]["child_support_id"] = children.support_apply(
            actor=town, child=child, kind="orphan", father_situation="deceased", mother_situation="deceased",
            applicant_name="接口祖母", applicant_relation="祖母", applied_on=DAY,
        )  # fmt: skip
        worker = children.worker_appoint(actor=town, person=children_given.person(name=f"{key}儿童主任", birth=date(1980, 1, 1), grid=grid),
                                         post="director", region=_region(code), appointed_on=DAY)  # fmt: skip
        children.visit_record(actor=town, worker=worker, child=child, category="orphan", visited_on=DAY, risk="low",
                              findings="接口走访")  # fmt: skip
        children.outreach_record(actor=town, region=_region(code), held_on=DAY, title="关爱政策宣讲", speaker="宣讲团",
                                 audience=30)  # fmt: skip
        holder = children_given.person(name=f"{key}残疾人", birth=date(1980, 1, 1), grid=grid)
        disability.certificate_register(actor=None, person=holder, kind=4, grade=1, issued_on=DAY)
        made[key]["disability_application_id"] = disability.application_create(
            actor=town, person=holder, subsidy="care"
        )
    return made
