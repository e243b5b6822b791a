"""Every figure the seed document (海口市民政局2020年年终工作总结, docs/seed/haikou-2020-work-summary.txt)
quotes for its 2020 work, sections (一) to (八), each mapped to the indicator that computes it — or marked
missing, with the reason in a clerk's words, when the records behind it are not kept by any domain built so far.

A figure says which part of the year it covers (``months``: the seed's "截止11月底" is January–November,
"1-8月" January–August) and how the seed writes it (``fmt``): a plain count with its unit ("5060户"),
万 with two decimals ("238.65万人"), 万元 with two decimals ("5383.80万元"), 元/月, or a percentage.
Snapshot indicators are read on the last day of the period. The seed's own value is kept as written, so
a synthetic year at scale 1.0 can be checked against it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from minzheng.core.money import format_wan, format_wan_yuan


class Fmt:
    COUNT = "count"  # 5060户
    WAN = "wan"  # 238.65万人
    WAN_YUAN = "wan_yuan"  # 5383.80万元 (value in 分)
    YUAN_MONTH = "yuan_month"  # 1450元/月 (value in 分)
    PERCENT = "percent"  # 11.50% (value in basis points)


NOTE_NAMED_PROJECTS = "种子点名的项目，演示数据按名登记，不随规模缩放（任何规模下均为种子原数）"


@dataclass(frozen=True)
class Figure:
    key: str
    section: str  # 一 … 八: the subsection of "2020年主要工作情况"
    fragment: str  # the seed's words around the figure
    seed: str  # the seed's value as written
    fmt: str
    unit: str = ""
    indicator: str = ""  # the indicator code that computes it
    missing: str = ""  # why it cannot be computed (a domain not built, or not a record)
    months: tuple[int, int] = (1, 12)
    note: str = ""

    def period(self, year: int) -> tuple[date, date]:
        first, last = self.months
        return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])

    def seed_number(self) -> Decimal:
        """The seed's value as a number in the indicator's own unit (分 for money, basis points for %)."""
        match = re.search(r"(\d+(?:\.\d+)?|两)", self.seed)
        if match is None:
            raise ValueError(f"种子数值无法解析：{self.seed}")
        number = Decimal(2) if match.group(1) == "两" else Decimal(match.group(1))
        if "万" in self.seed:
            number *= 10_000
        if self.fmt in (Fmt.WAN_YUAN, Fmt.YUAN_MONTH):
            number *= 100
        if self.fmt == Fmt.PERCENT:
            number *= 100
        return number


def figure_format(figure: Figure, value: int) -> str:
    """The value written the way the seed writes it (万 and 万元 with two decimals, 四舍五入)."""
    if figure.fmt == Fmt.COUNT:
        return f"{value}{figure.unit}"
    if figure.fmt == Fmt.WAN:
        return f"{format_wan(value)}{figure.unit}"
    if figure.fmt == Fmt.WAN_YUAN:
        return format_wan_yuan(value)
    if figure.fmt == Fmt.YUAN_MONTH:
        yuan = Decimal(value) / 100
        return f"{yuan.normalize():f}元/月"
    if figure.fmt == Fmt.PERCENT:
        return f"{Decimal(value) / 100:.2f}%"
    raise ValueError(f"未知的数字格式：{figure.fmt}")


def _f(key: str, section: str, fragment: str, seed: str, fmt: str, unit: str = "", **kw: object) -> Figure:
    return Figure(key, section, fragment, seed, fmt, unit, **kw)  # type: ignore[arg-type]


C, W, WY = Fmt.COUNT, Fmt.WAN, Fmt.WAN_YUAN

FIGURES: tuple[Figure, ...] = (
    # （一）疫情防控
    _f("epidemic_grids", "一", "对全市4479个网格实行划片包干", "4479个", C, "个", indicator="grid.campaign_grids",
       note="排查任务覆盖的网格数（疫情期间网格尚未调整为4667个）"),
    _f("epidemic_leaflets", "一", "累计发放宣传资料123.77万份", "123.77万份", W, "份",
       indicator="supplies.leaflets_issued"),
    _f("epidemic_masks", "一", "口罩4.24万个", "4.24万个", W, "个", indicator="supplies.masks_issued"),
    _f("epidemic_screened", "一", "排查新增人员3.36万余人", "3.36万人", W, "人",
       indicator="grid.people_screened"),
    _f("epidemic_relief", "一", "为因疫情影响陷入生活困境的贫困群众发放生活和防疫物资折合资金42.16万元", "42.16万元",
       WY, indicator="supplies.relief_issued"),
    # （二）社会救助
    _f("policy_documents", "二", "出台5项政策文件", "5项", C, "项", indicator="policy.assistance_documents_issued",
       note="政策文件库中当年印发的社会救助政策文件；不随规模缩放"),
    _f("dibao_rural_households", "二", "截止11月底，全市共有农村低保对象共5060户", "5060户", C, "户",
       indicator="assistance.dibao_rural_households", months=(1, 11)),
    _f("dibao_rural_persons", "二", "（农村低保对象）12252人", "12252人", C, "人",
       indicator="assistance.dibao_rural_persons", months=(1, 11)),
    _f("dibao_rural_paid", "二", "累计发放农村低保金5383.8万元", "5383.8万元", WY,
       indicator="benefits.dibao_rural_paid", months=(1, 11)),
    _f("tekun_persons", "二", "为3064名特困人员提供生活、医疗、康复等照料护理服务", "3064名", C, "名",
       indicator="assistance.tekun_persons"),
    _f("tekun_paid", "二", "累计发放特困供养金3242.86万元", "3242.86万元", WY, indicator="benefits.tekun_paid"),
    _f("temporary_person_times", "二", "累计实施临时救助4578人次", "4578人次", C, "人次",
       indicator="assistance.temporary_person_times"),
    _f("temporary_paid", "二", "发放救助金390.83万元", "390.83万元", WY, indicator="benefits.temporary_paid",
       note="工资单发放和备用金先行救助的发放明细（实际支付的金额，不是批准金额）"),
    _f("price_subsidy_festival", "二", "春节、元旦期间，发放一次性价格补贴364.24万元", "364.24万元", WY,
       indicator="benefits.price_festival_paid"),
    _f("price_subsidy_paid", "二", "1-8月，发放临时价格补贴887.85万元", "887.85万元", WY,
       indicator="benefits.price_subsidy_paid", months=(1, 8)),
    _f("price_subsidy_person_times", "二", "惠及低保、特困对象14.57万人次", "14.57万人次", W, "人次",
       indicator="benefits.price_subsidy_person_times"),
    # （三）基层治理
    _f("big_community_centres", "三", "建成……等3个大社区综合服务中心", "3个", C, "个",
       indicator="community.centres_built", note=NOTE_NAMED_PROJECTS),
    _f("rural_pilot_sites", "三", "完成海秀镇新村、永兴镇罗经村两个示范点项目设施升级改造", "两个", C, "个",
       indicator="community.pilot_sites_built", note=NOTE_NAMED_PROJECTS),
    # （四）养老服务
    _f("canteens", "四", "建成50家长者饭堂", "50家", C, "家", indicator="eldercare.canteens"),
    _f("nursing_homes_upgrading", "四", "稳步推进7家敬老院的升级改造", "7家", C, "家",
       indicator="eldercare.homes_upgrading", note="演示数据按规模登记，至少1家（规模小于0.07时多于种子×规模）"),
    _f("daycare_centres", "四", "7家老年人日间照料中心建设", "7家", C, "家", indicator="eldercare.day_care_centres"),
    _f("caregivers_trained", "四", "完成对全市581名养老护理（管理）人员培训", "581名", C, "名",
       indicator="eldercare.caregivers_trained"),
    # （五）社会福利与慈善
    _f("orphan_allowance_concentrated", "五", "将集中供养孤儿生活补贴提高至1450元/月", "1450元/月", Fmt.YUAN_MONTH,
       indicator="children.allowance_institution"),
    _f("orphan_allowance_concentrated_rise", "五", "增幅11.5%", "11.5%", Fmt.PERCENT,
       indicator="children.allowance_institution_rise"),
    _f("orphan_allowance_dispersed", "五", "将散居孤儿生活补贴由提高至1050元/月", "1050元/月", Fmt.YUAN_MONTH,
       indicator="children.allowance_dispersed"),
    _f("orphan_allowance_dispersed_rise", "五", "增幅16.7%", "16.7%", Fmt.PERCENT,
       indicator="children.allowance_dispersed_rise"),
    _f("child_welfare_paid", "五", "累计拨付儿童保障金1221.39万元", "1221.39万元", WY, indicator="children.paid"),
    _f("children_received", "五", "新接收孤残弃婴幼儿童7人", "7人", C, "人", indicator="children.infants_received"),
    _f("child_policy_talks", "五", "累计开展宣讲180场", "180场", C, "场", indicator="children.outreach_events"),
    _f("charity_supplies", "五", "累计募集疫情防控物资折价3000多万元", "3000万元", WY,
       indicator="charity.donations_goods"),
    _f("charity_donations", "五", "善款240多万元", "240万元", WY, indicator="charity.donations_money"),
    # （六）社会事务
    _f("qingming_visitors", "六", "累计接待现场祭扫群众17.7万人次", "17.7万人次", W, "人次", indicator="funeral.qingming_visitors"),
    _f("qingming_vehicles", "六", "车辆5.18万台次", "5.18万台次", W, "台次", indicator="funeral.qingming_vehicles"),
    _f("online_memorials", "六", "累计在线祭祀38万人次", "38万人次", W, "人次", indicator="funeral.online_memorials"),
    _f("proxy_tending", "六", "代理祭扫3.7万人次", "3.7万人次", W, "人次", indicator="funeral.proxy_sweepings"),
    _f("funeral_booklets", "六", "印发各类宣传小册子16000本", "16000本", C, "本", indicator="funeral.booklets"),
    _f("funeral_banners", "六", "张挂横幅300余幅", "300幅", C, "幅", indicator="funeral.banners"),
    _f("cremations", "六", "全市累计火化遗体3049具", "3049具", C, "具", indicator="funeral.cremations"),
    _f("funeral_subsidy_paid", "六", "发放惠民殡葬补助98.1万元", "98.1万元", WY, indicator="funeral.subsidy_paid"),
    _f("road_signs", "六", "设置路名牌669块", "669块", C, "块", indicator="placenames.road_signs"),
    _f("village_signs", "六", "村牌591块", "591块", C, "块", indicator="placenames.village_signs"),
    _f("roads_named", "六", "对37条新建道路进行命名", "37条", C, "条", indicator="placenames.roads_named"),
    _f("boundary_markers", "六", "组织对42个损毁界桩进行修复安装", "42个", C, "个",
       indicator="placenames.markers_repaired"),
    _f("vagrants_identified", "六", "累计识别流浪乞讨人员431人", "431人", C, "人", indicator="rescue.identified"),
    _f("seasonal_campaign_reach", "六", "开展“夏季送清凉”和“寒冬送温暖”专项活动，惠及市民群众4.17万人次", "4.17万人次", W,
       "人次", indicator="rescue.campaign_person_times"),
    _f("vagrants_assisted", "六", "救助生活无着流浪人员640人次", "640人次", C, "人次", indicator="rescue.assisted"),
    _f("families_found", "六", "为46人找到家人并护送返乡", "46人", C, "人", indicator="rescue.families_found"),
    _f("minors_assisted", "六", "救助未成年人128人次", "128人次", C, "人次", indicator="rescue.minors_assisted"),
    _f("second_classroom", "六", "开展站内“第二课堂”活动14期", "14期", C, "期", indicator="rescue.second_classroom"),
    _f("minors_visited", "六", "走访帮扶困境未成年人22人次", "22人次", C, "人次", indicator="rescue.minors_visited"),
    _f("marriages", "六", "累计办理婚姻登记17413对", "17413对", C, "对", indicator="marriage.registrations"),
    _f("foreign_marriages", "六", "办理涉外婚姻登记75对", "75对", C, "对", indicator="marriage.foreign_registrations"),
    _f("disability_paid", "六", "（残疾人两项补贴）累计发放资金3582.2万元", "3582.2万元", WY, indicator="disability.paid"),
    _f("disability_person_times", "六", "惠及18.89万人次", "18.89万人次", W, "人次", indicator="disability.person_times"),
    # （七）社会组织
    _f("social_workers_trained", "七", "组织100名社会工作者参与社区治理能力培训", "100名", C, "名",
       indicator="orgs.workers_trained"),
    # （八）网格化管理
    _f("grids", "八", "全市共划分为4667个网格", "4667个", C, "个", indicator="core.grids"),
    _f("grids_urban", "八", "其中城市社区网格2465个", "2465个", C, "个", indicator="core.grids_urban"),
    _f("grids_rural", "八", "农村网格2202个", "2202个", C, "个", indicator="core.grids_rural"),
    _f("grid_workers_urban", "八", "配备1864名社区网格员", "1864名", C, "名", indicator="grid.workers_urban"),
    _f("grid_workers_rural", "八", "467名农村网格员", "467名", C, "名", indicator="grid.workers_rural"),
    _f("persons_collected", "八", "累计采集人口基础信息238.65万人", "238.65万人", W, "人", indicator="registry.persons"),
    _f("houses_collected", "八", "房屋126.15万间", "126.15万间", W, "间", indicator="registry.houses"),
    _f("events_handled", "八", "累计总处置办件36万件", "36万件", W, "件", indicator="grid.events_closed"),
    _f("grid_training_person_times", "八", "组织网格员培训2500人次", "2500人次", C, "人次",
       indicator="grid.training"),
)  # fmt: skip

SECTIONS: dict[str, str] = {
    "一": "提高民政系统政治站位，坚决打赢疫情防控阻击战",
    "二": "织密扎牢民生兜底保障网，精准助力脱贫攻坚工作",
    "三": "建立健全基层社会治理制度，持续推进城乡社区治理创新",
    "四": "不断完善养老服务基础设施，积极促进养老服务事业蓬勃发展",
    "五": "积极完善社会福利基础设施，有效促进社会福利和慈善事业健康发展",
    "六": "有效发挥基本社会服务职能，社会公共服务管理工作成效突出",
    "七": "大力培育社会组织发展，发挥社会力量服务经济社会作用",
    "八": "积极抓好网格化管理工作，为基层社会治理提供有力支撑",
}

_BY_KEY = {f.key: f for f in FIGURES}

# The figures a year seeded at scale S (``minzheng seed --scale S --year YYYY``) reproduces exactly as
# round(seed × S): by the domains' own steps (registry, grid roster and training, assistance counts, elderly
# care's trained caregivers) and their synthetic-year steps (grid: the epidemic campaign and the closed events).
# Counts that the domains floor at one per community or per district
# (grids, canteens, day-care centres) match from the scale where round(seed × S) exceeds that floor, i.e. 1.0.
REPRODUCED = (
    "persons_collected",
    "houses_collected",
    "grid_training_person_times",
    "epidemic_grids",
    "epidemic_screened",
    "events_handled",
    "dibao_rural_households",
    "dibao_rural_persons",
    "tekun_persons",
    "temporary_person_times",
    "temporary_paid",
    "caregivers_trained",
    "cremations",
    "qingming_visitors",
    "qingming_vehicles",
    "online_memorials",
    "proxy_tending",
    "funeral_booklets",
    "funeral_banners",
    "charity_supplies",
    "charity_donations",
    "epidemic_leaflets",
    "epidemic_masks",
    "epidemic_relief",
)


# Money the synthetic year makes through the rules (the facts chosen, the amounts computed by the means test
# and never overwritten): it lands near round(seed × S), not on it — within 1 % from S = 0.01 on (about a hundred
# recipients a program); at smaller scales a handful of recipients, in steps of whole care levels and months,
# land within 5 %.
APPROACHED = (
    "dibao_rural_paid",
    "tekun_paid",
    "price_subsidy_festival",
    "disability_paid",
    "disability_person_times",
)


# Named projects the seed lists place by place (the community step registers them by name) and the bureau's policy
# documents (as many whatever the city's size): the seed's number at any scale.
NOT_SCALED = ("big_community_centres", "rural_pilot_sites", "policy_documents")


def approached_within(scale: float) -> Decimal:
    return Decimal("0.01") if scale >= 0.01 else Decimal("0.05")


def figure_get(key: str) -> Figure:
    try:
        return _BY_KEY[key]
    except KeyError:
        raise LookupError(f"没有名为“{key}”的数字") from None


def seed_target(key: str, scale: float) -> int:
    """The seed document's figure ``key`` × ``scale``, rounded, in the indicator's unit (分 for money): what a
    domain's synthetic-year seed step makes its records add up to. A rate (元/月, a percentage) does not grow with
    the size of the city: it is the seed's value at any scale."""
    figure = figure_get(key)
    if figure.fmt in (Fmt.YUAN_MONTH, Fmt.PERCENT) or key in NOT_SCALED:
        return round(figure.seed_number())
    return round(figure.seed_number() * Decimal(str(scale)))
