"""The rules of funeral work, each in one function with its source (docs/domain.md §8)."""

from __future__ import annotations

from datetime import date, datetime

from minzheng.core.ids import CitizenIdError, parse_citizen_id
from minzheng.funeral.errors import FuneralError

SUBSIDY_PROGRAM = "funeral_basic"
SUBSIDY_PROGRAM_NAME = "惠民殡葬补助"
SUBSIDY_CATEGORY = ""


def certificate_required(certificate_kind: str) -> None:
    """《殡葬管理条例》第十三条 (2012): a body is cremated on a 死亡证明 issued by a medical institution or, for an
    unnatural death, the police — a death is registered with its certificate's kind."""
    if not certificate_kind:
        raise FuneralError("请选择死亡证明类别（医疗卫生机构或公安机关出具）", field="certificate_kind")


def died_on_check(died_on: date | None, *, birth_date: date, today: date) -> date:
    if died_on is None:
        raise FuneralError("请填写死亡日期", field="died_on")
    if died_on > today:
        raise FuneralError("死亡日期不能晚于今天", field="died_on")
    if died_on < birth_date:
        raise FuneralError(f"死亡日期不能早于出生日期{birth_date:%Y-%m-%d}", field="died_on")
    return died_on


def subsidy_resident(*, hukou_path: str | None, city_path: str) -> bool:
    """惠民殡葬 covers the city's registered residents (户籍居民) whose bodies are cremated at one of its funeral
    homes: the basic services (接运、暂存、火化、骨灰寄存) are waived or subsidised [U: Haikou's own 2020 notice was not
    found — domain.md §8 cites Sanya's practice, fees waived upfront and settled at year end; the amount is a dated
    ledger standard the city sets, never a constant here]."""
    return bool(hukou_path) and hukou_path.startswith(city_path)


def id_number_clean(raw: str, *, field: str = "id_number", label: str = "身份证号码") -> str:
    """A 居民身份证号码 checked by GB 11643 (the platform's one rule, ``core.ids``), cleaned to 18 characters."""
    try:
        return parse_citizen_id((raw or "").strip()).number
    except CitizenIdError as exc:
        raise FuneralError(f"{label}不正确：{exc}", field=field) from None


PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"


def plate_clean(raw: str) -> str:
    """车牌号 (GA 36): a province character, a letter, then 5 (ordinary) or 6 (new-energy) letters or digits."""
    plate = (raw or "").strip().upper().replace(" ", "").replace("·", "")
    if not plate:
        return ""
    body = plate[1:]
    if (
        plate[0] not in PLATE_PROVINCES
        or len(body) not in (6, 7)
        or not body[0].isalpha()
        or not all(c.isascii() and c.isalnum() for c in body)
    ):
        raise FuneralError(f"车牌号“{raw}”格式不正确（如琼A12345）", field="plate")
    return plate


def visitors_check(visitors: int, *, max_visitors: int) -> int:
    """Each booking covers up to the season's ``max_visitors`` people (domain.md §8: 10 in Haikou's practice)."""
    if visitors < 1:
        raise FuneralError("祭扫人数至少为1人", field="visitors")
    if visitors > max_visitors:
        raise FuneralError(f"每个预约最多{max_visitors}人，实为{visitors}人", field="visitors")
    return visitors


def booking_window_check(now: datetime, *, opens: datetime, closes: datetime) -> None:
    """Bookings are taken only inside the season's window (a parameter of the season)."""
    if now < opens:
        raise FuneralError(f"预约尚未开放（{opens:%Y-%m-%d %H:%M}开放）")
    if now > closes:
        raise FuneralError(f"预约已截止（{closes:%Y-%m-%d %H:%M}截止）")
