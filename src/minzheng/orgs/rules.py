"""The rules of social-organisation registration and supervision, each with its source.

Sources read (full texts, LawRefBook/Laws): 《社会团体登记管理条例》(国务院令第250号，2016年修订) (社团条例),
《民办非企业单位登记管理暂行条例》(国务院令第251号) (民非条例; the 民办非企业单位 are now called 社会服务机构),
《基金会管理条例》(国务院令第400号) (基金会条例). Read in secondary copies: 《社会组织登记管理机关行政处罚程序规定》
(民政部令第44号, replaced by 第68号 in 2021) and 《社会组织信用信息管理办法》(民政部令第60号, 2018) — their article
numbers are not cited where only a draft or a summary was read.
"""

from __future__ import annotations

from datetime import date

ASSOCIATION = "association"
SERVICE = "service"
FOUNDATION = "foundation"
KIND_LABELS = {ASSOCIATION: "社会团体", SERVICE: "社会服务机构（民办非企业单位）", FOUNDATION: "基金会"}

# 成立登记的决定期限 (calendar days from receiving all valid documents):
# 社团条例第十二条 "应当自收到本条例第十一条所列全部有效文件之日起60日内，作出准予或者不予登记的决定";
# 民非条例第十一条 "应当自收到成立登记申请的全部有效文件之日起60日内作出准予登记或者不予登记的决定";
# 基金会条例第十一条 "应当自收到本条例第九条所列全部有效文件之日起60日内，作出准予或者不予登记的决定".
ESTABLISH_DECISION_DAYS = {ASSOCIATION: 60, SERVICE: 60, FOUNDATION: 60}
# 变更、注销登记: the three regulations set no decision period. The general period of 《行政许可法》第四十二条
# (20 days from 受理) is used; whether it applies to these registrations is unverified — a parameter.
AMEND_DECISION_DAYS = 20


def establish_authority_allowed(kind: str, authority_level: str) -> bool:
    """May a registration authority at ``authority_level`` (city/district 民政) register an organisation of
    ``kind``? 基金会条例第六条: only 国务院民政部门 and 省、自治区、直辖市人民政府民政部门 register foundations, so a
    city or district bureau never does; 社团条例第六条、民非条例第五条: 县级以上 民政部门 register the other two."""
    if kind == FOUNDATION:
        return authority_level == "province"
    return authority_level in ("city", "district")


def annual_report_due(kind: str, year: int) -> date:
    """The day the report on ``year`` is due at the registration authority.

    社团条例第二十八条 and 民非条例第二十三条: to the 业务主管单位 by 3月31日, then "于5月31日前报送登记管理机关，接受
    年度检查"; 基金会条例第三十六条: "应当于每年3月31日前向登记管理机关报送上一年度工作报告"."""
    if kind == FOUNDATION:
        return date(year + 1, 3, 31)
    return date(year + 1, 5, 31)


def sponsor_review_due(year: int) -> date:
    """社团条例第二十八条、民非条例第二十三条: the report goes to the 业务主管单位 by 3月31日 of the next year."""
    return date(year + 1, 3, 31)


WARNING = "warning"
FINE = "fine"
SUSPEND = "suspend"
REVOKE = "revoke"
PENALTY_LABELS = {WARNING: "警告", FINE: "罚款", SUSPEND: "责令（限期）停止活动", REVOKE: "撤销登记"}

# 社团条例第三十条、民非条例第二十五条: 警告，责令改正，可以限期停止活动；情节严重的，予以撤销登记; the illegal turnover
# or gain is confiscated and a fine of 1–3 times the turnover or 3–5 times the gain may be added.
# 基金会条例第四十二条: 警告、责令停止活动；情节严重的，可以撤销登记 (no fine in that article).
PENALTIES_BY_KIND = {
    ASSOCIATION: (WARNING, FINE, SUSPEND, REVOKE),
    SERVICE: (WARNING, FINE, SUSPEND, REVOKE),
    FOUNDATION: (WARNING, SUSPEND, REVOKE),
}


def fine_bounds(*, turnover_fen: int = 0, gain_fen: int = 0) -> tuple[int, int] | None:
    """The fine allowed (分, inclusive) by 社团条例第三十条第二款 / 民非条例第二十五条第二款: 违法经营额1倍以上3倍以下
    or 违法所得3倍以上5倍以下. With both, either range is lawful, so the bounds span both. None when neither
    is recorded (the articles allow no fine without them)."""
    ranges = []
    if turnover_fen > 0:
        ranges.append((turnover_fen, 3 * turnover_fen))
    if gain_fen > 0:
        ranges.append((3 * gain_fen, 5 * gain_fen))
    if not ranges:
        return None
    return min(low for low, _ in ranges), max(high for _, high in ranges)


# 活动异常名录 (《社会组织信用信息管理办法》): the grounds for listing, as the Ministry's summary of the order states
# them (未按规定报送年度工作报告；未按期完成整改；通过登记的住所无法取得联系) plus a penalty of 警告 or a fine under
# 5万元 (the draft's wording; [U] in the final text).
NO_ANNUAL_REPORT = "no_annual_report"
RECTIFICATION = "rectification"
NO_CONTACT = "no_contact"
PENALISED = "penalised"
OTHER = "other"
LISTING_REASONS = {
    NO_ANNUAL_REPORT: "未按照规定时限和要求报送年度工作报告",
    RECTIFICATION: "未按期完成整改",
    NO_CONTACT: "通过登记的住所无法取得联系",
    PENALISED: "受到警告或者不满5万元罚款处罚",
    OTHER: "其他法定情形",
}
LISTING_PENALTY_FINE_LIMIT_FEN = 5_000_000  # 5万元
# 列入活动异常名录满2年的，移出异常名录并列入严重违法失信名单 (the Ministry's published guidance on the order).
SERIOUS_AFTER_YEARS = 2


def listing_serious_on(listed_on: date) -> date:
    """The day a listing has lasted 2 years (列入活动异常名录满2年 → 严重违法失信名单)."""
    try:
        return listed_on.replace(year=listed_on.year + SERIOUS_AFTER_YEARS)
    except ValueError:  # 29 February
        return listed_on.replace(year=listed_on.year + SERIOUS_AFTER_YEARS, day=28)


def penalty_lists(kind: str, fine_fen: int = 0) -> bool:
    """Does a penalty put the organisation on the abnormal-activity list (警告, or a fine under 5万元)?"""
    return kind == WARNING or (kind == FINE and 0 < fine_fen < LISTING_PENALTY_FINE_LIMIT_FEN)


# 社会工作者职业水平 (《社会工作者职业水平评价暂行规定》, 国人部发〔2006〕71号: 助理社会工作师、社会工作师 by
# examination; 高级社会工作师 by examination and review — [U], names only).
LEVEL_LABELS = {
    "none": "未取得职业水平证书",
    "assistant": "助理社会工作师",
    "social": "社会工作师",
    "senior": "高级社会工作师",
}
