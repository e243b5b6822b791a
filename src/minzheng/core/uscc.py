"""统一社会信用代码 (unified social credit code, USCC), GB 32100-2015.

18 characters: 1 登记管理部门 (5 = 民政) + 1 机构类别 + 6-digit 行政区划 + 9-character 主体标识码
(the old 组织机构代码, GB 11714) + 1 check character (MOD 31).

The first two positions are code symbols, not only digits: GB 32100-2015 gives each registering authority a
one-character code (1 机构编制, 5 民政, 9 工商, Y 其他 …) and each authority its category codes, and codes issued by
other authorities begin with a letter (e.g. ``Y1…``). ``stdnum.cn.uscc`` (python-stdnum 2.2) rejects any
non-digit among the first 8 characters, so it cannot be used for validation; this module checks the layout
itself (positions 1–2 and 9–18 from the 31-symbol alphabet, 3–8 digits) and uses stdnum only for the MOD 31
check character, whose weights and table it implements as the standard does.
"""

from __future__ import annotations

from dataclasses import dataclass

from stdnum.cn import uscc as stdnum_uscc

from minzheng.core.ids import normalize_code

CIVIL_AFFAIRS_AUTHORITY = "5"
# 民政 entity types (GB 32100-2015 附录); 9 其他 is unverified against the standard's text.
CIVIL_AFFAIRS_ENTITY_TYPES = {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}
# 登记管理部门代码 (GB 32100-2015): only the codes confirmed by more than one published code list are named;
# any other symbol of the alphabet is accepted (the standard assigns more, e.g. to 外交, 司法行政, 宗教, 工会).
AUTHORITY_LABELS = {"1": "机构编制", "5": "民政", "9": "工商", "Y": "其他"}
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


class UsccError(ValueError):
    """An invalid 统一社会信用代码; ``reason`` is the Chinese message for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Uscc:
    """A validated 统一社会信用代码 split into its GB 32100-2015 parts."""

    code: str
    registering_authority: str
    entity_type: str
    region_code: str
    organization_code: str

    @property
    def is_civil_affairs(self) -> bool:
        """Registered by a 民政 department (登记管理部门代码 5)."""
        return self.registering_authority == CIVIL_AFFAIRS_AUTHORITY

    @property
    def authority_label(self) -> str | None:
        """机构编制 / 民政 / 工商 / 其他 for the codes named in ``AUTHORITY_LABELS``; None otherwise."""
        return AUTHORITY_LABELS.get(self.registering_authority)

    @property
    def entity_type_label(self) -> str | None:
        """社会团体 / 民办非企业单位 / 基金会 / 其他 for 民政 codes; None otherwise."""
        if not self.is_civil_affairs:
            return None
        return CIVIL_AFFAIRS_ENTITY_TYPES.get(self.entity_type)


def parse_uscc(raw: str) -> Uscc:
    """Validate a 统一社会信用代码 (GB 32100-2015) and return its parts."""
    code = normalize_code(raw)
    if not code:
        raise UsccError("请输入统一社会信用代码")
    code = stdnum_uscc.compact(code)
    if len(code) != 18:
        raise UsccError(f"长度应为18位，实为{len(code)}位")
    reason = _format_reason(code)
    if reason:
        raise UsccError(reason)
    expected = stdnum_uscc.calc_check_digit(code)
    if code[-1] != expected:
        raise UsccError(f"校验码错误：应为{expected}，实为{code[-1]}")
    return Uscc(
        code=code,
        registering_authority=code[0],
        entity_type=code[1],
        region_code=code[2:8],
        organization_code=code[8:17],
    )


def is_valid_uscc(raw: str) -> bool:
    """True when ``raw`` is a valid 统一社会信用代码."""
    try:
        parse_uscc(raw)
    except UsccError:
        return False
    return True


def _format_reason(code: str) -> str:
    """The first layout fault of an 18-character code, or "" when the layout is right (GB 32100-2015: positions
    1–2 登记管理部门和机构类别代码 and 9–18 from the alphabet, 3–8 the 行政区划 digits)."""
    for position, char in enumerate(code, start=1):
        if 3 <= position <= 8:
            if not char.isdigit() or not char.isascii():
                return f"第{position}位“{char}”应为数字（第3至8位为登记管理机关行政区划代码）"
        elif char not in _ALPHABET:
            return f"第{position}位“{char}”不合法：只能为数字或除I、O、Z、S、V以外的大写字母"
    return ""
