"""The rules of community governance, each in one function with its source (docs/domain.md, 基层治理与社区建设).

- Certificates a village or community committee may issue: 民政部等六部门《关于改进和规范基层群众性自治组织出具证明
  工作的指导意见》（民发〔2020〕20号）: only items with an explicit legal basis (or on the State Council's list of
  retained certificates) and within the committee's duties; its annex, 《不应由基层群众性自治组织出具证明事项清单
  （第一批）》, lists 20 items a committee must refuse (``REFUSED_FIRST_BATCH``).
- 村务公开: 《中华人民共和国村民委员会组织法》第三十条: 一般事项至少每季度公布一次；集体财务往来较多的，财务收支
  情况应当每月公布一次；涉及村民利益的重大事项应当随时公布.
- Elections: 《村民委员会组织法》第十一条 (每届任期五年), 第十三条 (年满十八周岁的村民有选举权和被选举权), 第十五条
  (登记参加选举的村民过半数投票，选举有效；候选人获得参加投票的村民过半数的选票，始得当选); 《城市居民委员会
  组织法》(2018) 第八条 (居民委员会每届任期五年；年满十八周岁的本居住地区居民有选举权).
- 小微权力清单: 中共中央办公厅、国务院办公厅《关于加强和改进乡村治理的指导意见》（2019年6月）: "推行村级小微权力清单
  制度，加大基层小微权力腐败惩治力度"; 《村民委员会组织法》第二十四条 (须经村民会议讨论决定方可办理的事项) and
  第三十条 (村务公开). Haikou: 《海口市农村基层小微权力指导清单》《海口市农村基层小微权力事项运行流程》 (the seed's
  section (三)): the city's guide list, which each village adopts, adapts and publishes (``power_list_publishable``).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

# 《不应由基层群众性自治组织出具证明事项清单（第一批）》(民发〔2020〕20号 附件): the 20 items, in the annex's order.
REFUSED_FIRST_BATCH: tuple[str, ...] = (
    "亲属关系证明",
    "居民身份信息证明",
    "户口登记项目内容变更申请证明",
    "居民养犬证明",
    "无犯罪记录证明",
    "社区戒毒社区康复人员情况证明（表现证明）",
    "人员失踪证明",
    "婚姻状况证明",
    "出生证明",
    "健在证明",
    "死亡证明",
    "疾病状况证明",
    "残疾状况证明",
    "婚育状况证明",
    "居民就业状况证明",
    "居民个人档案证明",
    "居民财产证明",
    "遗产继承权证明",
    "市场主体住所证明",
    "证件遗失证明",
)
REFUSED_BASIS = "民发〔2020〕20号《不应由基层群众性自治组织出具证明事项清单（第一批）》"
REFUSED_REASON = "不属于村（居）民委员会职责，依法由有关部门核实或出具"

# Items a committee may issue, with the legal basis each rests on. Which items 《海口市村（社区）出具证明事项清单
# （试行）》 (2020) lists was not found: these are examples whose bases were checked, not Haikou's list [U].
ALLOWED_DEMO: tuple[tuple[str, str], ...] = (
    (
        "收养人婚姻状况、抚养教育能力证明",
        "《中国公民收养子女登记办法》第六条（收养人所在村民委员会、居民委员会出具）",
    ),
    ("在职党员到居住地社区报到情况反馈", "党员到社区报到的组织规定（属村（居）党组织职责）"),
    ("发展党员政治审查情况证明", "《中国共产党发展党员工作细则》（政治审查）"),
)


# --- 村务公开 -------------------------------------------------------------------------------------------------

PARTY, AFFAIRS, FINANCE = "party", "affairs", "finance"
CATEGORY_LABELS = {PARTY: "党务公开", AFFAIRS: "村（居）务公开", FINANCE: "财务公开"}
MONTH, QUARTER = "month", "quarter"
# Days after a period's last day by which its posting is due. The law says how often (每季度/每月), not how many
# days after; Hainan's rule for the number of days was not found, so 10 days is this platform's default [U].
POSTING_GRACE_DAYS = 10


def posting_frequency(category: str, *, finance_monthly: bool) -> str:
    """How often a category must be posted. 《村民委员会组织法》第三十条第二款: 一般事项至少每季度公布一次；
    集体财务往来较多的，财务收支情况应当每月公布一次. 党务公开 follows the same quarterly rhythm here [U]."""
    if category == FINANCE and finance_monthly:
        return MONTH
    return QUARTER


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def label(self) -> str:
        if self.start.month == self.end.month:
            return f"{self.start.year}年{self.start.month}月"
        return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"

    @property
    def due(self) -> date:
        return posting_due(self.end)


def posting_due(period_end: date) -> date:
    """The last day to post a period's 公开 (its end + ``POSTING_GRACE_DAYS``, [U] above)."""
    return period_end + timedelta(days=POSTING_GRACE_DAYS)


def period_of(day: date, frequency: str) -> Period:
    """The month or quarter containing ``day``."""
    if frequency == MONTH:
        first_month = last_month = day.month
    else:
        first_month = (day.month - 1) // 3 * 3 + 1
        last_month = first_month + 2
    last_day = calendar.monthrange(day.year, last_month)[1]
    return Period(date(day.year, first_month, 1), date(day.year, last_month, last_day))


def periods_due(*, frequency: str, start: date, today: date) -> list[Period]:
    """Every period from the one containing ``start`` whose posting was due before ``today``."""
    periods = []
    period = period_of(start, frequency)
    while period.due < today:
        periods.append(period)
        period = period_of(period.end + timedelta(days=1), frequency)
    return periods


def period_check(*, start: date, end: date, frequency: str) -> str:
    """'' when [start, end] is exactly one month or quarter of the frequency, else the Chinese reason."""
    if end < start:
        return "公开期间的结束日期不能早于开始日期"
    expected = period_of(start, frequency)
    if (expected.start, expected.end) != (start, end):
        unit = "月" if frequency == MONTH else "季度"
        return f"公开期间应为一个完整的{unit}（{expected.start:%Y-%m-%d}至{expected.end:%Y-%m-%d}）"
    return ""


# --- elections ------------------------------------------------------------------------------------------------

TERM_YEARS = 5  # 《村民委员会组织法》第十一条；《城市居民委员会组织法》(2018)第八条: 每届任期五年
VOTING_AGE = 18  # 《村民委员会组织法》第十三条；《城市居民委员会组织法》(2018)第八条第二款


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def born_on_or_before(day: date) -> date:
    """The latest birth date of a person aged ``VOTING_AGE`` on ``day`` (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - VOTING_AGE)
    except ValueError:
        return day.replace(year=day.year - VOTING_AGE, day=28)


def election_valid(*, registered: int, voted: int) -> bool:
    """《村民委员会组织法》第十五条第二款: 登记参加选举的村民过半数投票，选举有效."""
    return registered > 0 and voted * 2 > registered


def candidate_elected(*, votes: int, voted: int) -> bool:
    """《村民委员会组织法》第十五条第二款: 候选人获得参加投票的村民过半数的选票，始得当选."""
    return votes * 2 > voted


def elected(*, tallies: list[tuple[int, int]], voted: int, seats: int) -> list[int]:
    """The ids elected among ``(candidate id, votes)``: those with more than half the votes cast, the most votes
    first, at most ``seats`` of them; a tie at the last seat elects neither (it goes to another round, as the
    provincial election rules provide [U: 《海南省村民委员会选举办法》 not read])."""
    over = sorted(((v, c) for c, v in tallies if candidate_elected(votes=v, voted=voted)), reverse=True)
    if len(over) <= seats:
        return [c for _, c in over]
    cut = over[seats - 1][0]
    if over[seats][0] == cut:
        return [c for v, c in over if v > cut]
    return [c for _, c in over[:seats]]


# --- 小微权力清单 ----------------------------------------------------------------------------------------------

POWER_CATEGORY_LABELS: dict[str, str] = {
    "decision": "重大事项决策",
    "assets": "集体资产资源管理",
    "works": "工程项目建设",
    "finance": "财务管理",
    "welfare": "惠民政策落实",
    "services": "便民服务",
    "affairs": "村务管理",
}

# The guide list's items (demo values [U]: the city's 指导清单 is not public; the items follow the categories every
# published village list in China carries): (category, name, basis, steps, post).
POWER_GUIDE_DEMO: tuple[tuple[str, str, str, str, str], ...] = (
    ("decision", "村级重大事项决策（“四议两公开”）", "《村民委员会组织法》第二十四条",
     "村党组织提议\n村“两委”会议商议\n党员大会审议\n村民会议或村民代表会议决议\n决议公开\n实施结果公开", "村党组织书记"),
    ("assets", "集体资产资源发包、出租", "《村民委员会组织法》第二十四条第一款第（八）项",
     "提出方案\n村民会议或村民代表会议决议\n公开招标或竞价\n签订合同\n结果公开", "村民委员会主任"),
    ("works", "村级工程项目建设", "《村民委员会组织法》第二十四条第一款第（五）项",
     "项目提议\n民主决策\n组织实施（招投标）\n质量监督\n竣工验收\n结果公开", "村民委员会主任"),
    ("finance", "村级财务收支审批", "《村民委员会组织法》第三十条",
     "经办人取得票据\n村务监督委员会审核\n村民委员会主任审批\n乡镇（街道）代理记账\n每月公布", "村务监督委员会主任"),
    ("welfare", "低保、特困等救助对象的申请和评议", "《社会救助暂行办法》第十一条",
     "受理申请\n入户调查\n民主评议\n报乡镇（街道）审核\n结果公示", "村（社区）民政协理员"),
    ("welfare", "宅基地申请审核", "《土地管理法》第六十二条",
     "村民申请\n村民小组会议讨论\n村民委员会审核\n公示\n报乡镇政府审批", "村民委员会主任"),
    ("services", "村（社区）出具证明", "民发〔2020〕20号及本市证明事项清单",
     "申请人提出\n核对证明事项清单\n调查核实\n出具或告知不予出具理由\n登记存档", "村（社区）便民服务站"),
    ("affairs", "村民会议、村民代表会议的召集", "《村民委员会组织法》第二十一条、第二十五条",
     "提出议题\n提前公告\n召开会议\n形成决议\n决议公开", "村民委员会主任"),
)  # fmt: skip


def power_list_publishable(items: list[tuple[str, str, str, str]]) -> str:
    """Why a list cannot be published, or "" when it can: at least one power, each with its legal basis, its steps
    and the post responsible (the list makes the power's exercise visible: 清单化、阳光化). ``items`` are
    (name, basis, steps, post)."""
    if not items:
        return "清单中还没有权力事项，不能公布"
    for name, basis, steps, post in items:
        for value, label in ((basis, "法律政策依据"), (steps, "运行流程"), (post, "责任岗位")):
            if not (value or "").strip():
                return f"“{name}”缺少{label}，不能公布"
    return ""
