"""The rules of the two disability subsidies (残疾人两项补贴), each in one function with its source.

- 《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》(国发〔2015〕52号, in force from
  2016-01-01; domain.md §6): 困难残疾人生活补贴 for disabled people in 低保 households ("对象为低保家庭中的残疾人",
  may be extended to 低收入 and other hardship); 重度残疾人护理补贴 for people whose disability is assessed
  一级 or 二级 and who need long-term care (may be extended to non-severe 智力/精神 disability); both may be
  received together; a disabled person supported as 特困 does not receive them; paid monthly, standards
  set locally and adjusted. [V] restated: https://ylbk.net/changshi/v0GBO3dQEK.html (object of each subsidy);
  the Jiangxi implementing text (上饶) restating 52号's exclusions and "可同时申领":
  http://m.ljsggw.cn/techan/a7bc0cefff84843d2f6b3797eb1b226d.html [L]
- Hainan's implementing rules: 海南省民政厅《关于完善困难残疾人生活补贴和重度残疾人护理补贴制度的实施意见》
  (reference in domain.md §6, page not read). Searched again for issue 14 item 7 (domain.md §6, "Checked for
  issue 14 item 7"): no Hainan text was found, only other provinces' (湖南 湘政发〔2015〕54号 restating 52号). So
  the extension of 生活补贴 to 低收入, of 护理补贴 to 三、四级 智力/精神 and every amount are [U] for Hainan: they are
  dated standards of the ledger (``benefits.Standard``) the city manager edits; an extension is in force exactly
  when its standard is (``living_category``, ``care_category``), never because the code assumes it.
- 残疾人证号 (第二、三代残疾人证): 20 characters = the 18-character citizen ID + 1 残疾类别 code (1 视力 2 听力
  3 言语 4 肢体 5 智力 6 精神 7 多重) + 1 残疾等级 code (1–4). [V]
  https://32h.pingguodj.com/article/5576637.html ; 中国残联 (第二代残疾人证说明, restated by 铁岭市残联).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from minzheng.disability.errors import DisabilityError

LIVING = "disability_living"  # 困难残疾人生活补贴 (a program of the benefits ledger)
CARE = "disability_care"  # 重度残疾人护理补贴
PROGRAM_NAMES = {LIVING: "困难残疾人生活补贴", CARE: "重度残疾人护理补贴"}
SUBSIDY_LABELS = {"living": PROGRAM_NAMES[LIVING], "care": PROGRAM_NAMES[CARE]}
SUBSIDY_PROGRAM = {"living": LIVING, "care": CARE}

# Standard categories (benefits.Standard.category) of the two programs.
LIVING_DIBAO = ""  # 低保家庭中的残疾人 (52号)
LIVING_LOW_INCOME = "low_income"  # extension to 低收入家庭: in force when its standard is
CARE_GRADE1 = "grade1"
CARE_GRADE2 = "grade2"
CARE_EXTENDED = "extended"  # extension to 三、四级 智力/精神: in force when its standard is
CATEGORY_LABELS = {
    LIVING_LOW_INCOME: "生活补贴：低收入家庭残疾人（扩面）",
    CARE_GRADE1: "护理补贴：一级",
    CARE_GRADE2: "护理补贴：二级",
    CARE_EXTENDED: "护理补贴：三、四级智力/精神残疾（扩面）",
}
DIBAO_PROGRAMS = ("dibao_urban", "dibao_rural")
TEKUN = "tekun"
LOW_INCOME = "low_income"


class Kind(IntEnum):
    VISUAL = 1
    HEARING = 2
    SPEECH = 3
    PHYSICAL = 4
    INTELLECTUAL = 5
    MENTAL = 6
    MULTIPLE = 7


KIND_LABELS: dict[int, str] = {
    Kind.VISUAL: "视力残疾",
    Kind.HEARING: "听力残疾",
    Kind.SPEECH: "言语残疾",
    Kind.PHYSICAL: "肢体残疾",
    Kind.INTELLECTUAL: "智力残疾",
    Kind.MENTAL: "精神残疾",
    Kind.MULTIPLE: "多重残疾",
}
GRADE_LABELS: dict[int, str] = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}


@dataclass(frozen=True)
class CertificateNumber:
    id_number: str
    kind: int
    grade: int


def certificate_number(*, id_number: str, kind: int, grade: int) -> str:
    """The 20-character 残疾人证号: citizen ID + 残疾类别 code + 残疾等级 code (module docstring [V])."""
    if kind not in KIND_LABELS:
        raise DisabilityError(f"残疾类别代码应为1至7，实为{kind}", field="kind")
    if grade not in GRADE_LABELS:
        raise DisabilityError(f"残疾等级应为一至四级，实为{grade}", field="grade")
    return f"{id_number.upper()}{kind}{grade}"


def certificate_parse(number: str, *, id_number: str) -> CertificateNumber:
    """Check a 残疾人证号 against its holder: 20 characters, the first 18 the holder's citizen ID, then a 类别
    code 1–7 and an 等级 code 1–4. The refusal names what is wrong."""
    value = (number or "").strip().upper()
    if len(value) != 20:
        raise DisabilityError(
            f"残疾人证号应为20位（身份证号18位+残疾类别1位+残疾等级1位），实为{len(value)}位", field="number"
        )
    if value[:18] != id_number.upper():
        raise DisabilityError("残疾人证号的前18位应与持证人身份证号码一致", field="number")
    kind, grade = value[18], value[19]
    if not kind.isdigit() or int(kind) not in KIND_LABELS:
        raise DisabilityError(f"残疾人证号第19位（残疾类别代码）应为1至7，实为“{kind}”", field="number")
    if not grade.isdigit() or int(grade) not in GRADE_LABELS:
        raise DisabilityError(f"残疾人证号第20位（残疾等级代码）应为1至4，实为“{grade}”", field="number")
    return CertificateNumber(value[:18], int(kind), int(grade))


def care_category(*, kind: int, grade: int, extended: bool) -> str | None:
    """护理补贴's category for a certificate (国发〔2015〕52号): 一级 and 二级; 三、四级 智力/精神 only where the
    local rules extend it (``extended``: an ``extended`` standard is in force). None: not eligible."""
    if grade == 1:
        return CARE_GRADE1
    if grade == 2:
        return CARE_GRADE2
    if extended and grade in (3, 4) and kind in (Kind.INTELLECTUAL, Kind.MENTAL):
        return CARE_EXTENDED
    return None


def living_category(*, in_dibao: bool, in_low_income: bool, low_income_extended: bool) -> str | None:
    """生活补贴's category (国发〔2015〕52号): a disabled member of a household receiving 低保 (or the person's own
    低保); 低收入家庭 only where the local rules extend it. None: not eligible."""
    if in_dibao:
        return LIVING_DIBAO
    if in_low_income and low_income_extended:
        return LIVING_LOW_INCOME
    return None


def excluded_as_tekun(*, in_tekun: bool) -> bool:
    """纳入特困人员供养保障的残疾人不享受残疾人两项补贴 (52号 as restated by the Jiangxi text [L]): their care is
    part of 特困's 照料护理标准 (domain.md §2)."""
    return in_tekun
