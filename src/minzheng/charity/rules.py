"""The rules of public fundraising, each in one function with its source.

Sources (docs/domain.md §15): 《中华人民共和国慈善法》(2016年3月16日通过，2023年12月29日修正，2024年9月5日起施行;
article numbers below are the 2016 text's unless "2023" is said), 《慈善组织公开募捐管理办法》(民政部令第59号, 2016),
《慈善组织信息公开办法》(民政部令第61号, 2018).
"""

from __future__ import annotations

from datetime import date, timedelta

FILING_DAYS_BEFORE = 10  # 《慈善组织公开募捐管理办法》第十一条: 开展公开募捐活动十日前备案
EMERGENCY_FILING_DAYS_AFTER = 10  # 《慈善法》(2023)第七十三条: 重大突发事件，活动开始后十日内补办备案


def qualification_refusal(*, public_fundraising: bool, organisation: str) -> str:
    """《慈善法》第二十二条: 慈善组织开展公开募捐，应当取得公开募捐资格; 《慈善组织公开募捐管理办法》第三条:
    不具有公开募捐资格的组织和个人不得开展公开募捐. Empty when allowed."""
    if public_fundraising:
        return ""
    return f"“{organisation}”未取得公开募捐资格，不能开展公开募捐（《慈善法》第二十二条）"


def filing_refusal(*, starts_on: date, filed_on: date, emergency: bool) -> str:
    """The 募捐方案 is filed (备案) with the civil-affairs department before the campaign: 《慈善法》第二十四条
    (方案在开展募捐活动前报民政部门备案), at least ten days before (《慈善组织公开募捐管理办法》第十一条). A campaign
    answering a major emergency (重大突发事件) may file within ten days after it starts (《慈善法》(2023)第七十三条,
    as quoted by 民政部《慈善组织公开募捐方案备案指引（试行）》民发〔2025〕57号). Empty when allowed."""
    if emergency:
        if filed_on > starts_on + timedelta(days=EMERGENCY_FILING_DAYS_AFTER):
            return (
                f"应对重大突发事件的公开募捐，应当在活动开始后{EMERGENCY_FILING_DAYS_AFTER}日内补办备案"
                f"（开始于{starts_on:%Y-%m-%d}，备案于{filed_on:%Y-%m-%d}）"
            )
        return ""
    if filed_on > starts_on - timedelta(days=FILING_DAYS_BEFORE):
        return (
            f"募捐方案应当在活动开始{FILING_DAYS_BEFORE}日前备案（开始于{starts_on:%Y-%m-%d}，"
            f"备案日期不得晚于{starts_on - timedelta(days=FILING_DAYS_BEFORE):%Y-%m-%d}）"
        )
    return ""


def donation_date_refusal(*, received_on: date, starts_on: date, ends_on: date) -> str:
    """A donation belongs to a campaign only inside the 募捐方案's 起止时间 (《慈善法》第二十四条). Empty when allowed."""
    if received_on < starts_on or received_on > ends_on:
        return f"接收日期须在募捐活动期间（{starts_on:%Y-%m-%d}至{ends_on:%Y-%m-%d}）"
    return ""


def receipt_number(*, prefix: str, year: int, seq: int) -> str:
    """The 捐赠票据 number: the organisation's prefix, the year and its running number. 《慈善法》第三十八条:
    慈善组织接受捐赠，应当向捐赠人开具由财政部门统一监（印）制的捐赠票据; 捐赠人匿名或者放弃接受捐赠票据的，
    应当做好相关记录 (the donation then keeps the reason instead of a number)."""
    return f"{prefix}{year}{seq:07d}"


def balance_refusal(*, what: str, available_fen: int, wanted_fen: int) -> str:
    """慈善组织对募集的财产，应当登记造册，严格管理，专款专用 (《慈善法》第五十三条): a campaign never gives out more
    than it received, in money and in goods each (goods by their valued amount)."""
    from minzheng.core.money import format_yuan

    return f"{what}余额不足：可用{format_yuan(available_fen)}，本次{format_yuan(wanted_fen)}（募得款物专款专用，不得超支）"


DISCLOSURE_NOTE = (
    "依据《慈善法》第八章、《慈善组织信息公开办法》公开募捐情况和款物使用情况；"
    "受益人的姓名、身份证号、住址等个人信息依法不予公开（《慈善法》第七十六条），个人受益人仅公开人次和金额合计。"
)
