"""Facts derived from what is recorded, in one place for the page, the API and the bulk import alike."""

from __future__ import annotations

from datetime import date

from pypinyin import Style, lazy_pinyin

from minzheng.core.ids import CitizenId, parse_citizen_id


def name_initials(name: str) -> str:
    """拼音首字母, lower case: 张三丰 → "zsf". Non-Han characters (e.g. "·" in 阿依古丽·买买提) are dropped,
    Latin letters kept. Heteronyms take pypinyin's most common reading (单 → d); searching by the other
    reading finds nothing, which is why name and ID search exist beside it."""
    # errors: pypinyin documents a list (one item per character); its stub allows only str, hence the ignore
    letters = lazy_pinyin(
        name,
        style=Style.FIRST_LETTER,
        errors=lambda chars: list(chars),  # type: ignore[arg-type,return-value]
    )
    return "".join(ch for part in letters for ch in part.lower() if ch.isascii() and ch.isalpha())


def id_reversed(number: str) -> str:
    """The ID number reversed, so "last digits" becomes an indexed prefix search."""
    return number[::-1]


class PersonFactError(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


def check_given_facts(cid: CitizenId, *, gender: str | None, birth_date: date | None) -> None:
    """Gender and birth date are derived from the ID (GB 11643-1999 §4 and §5.2.3): a value given
    beside the ID must agree with it, or the row is wrong somewhere."""
    if gender and gender != cid.gender:
        label = {"M": "男", "F": "女"}
        raise PersonFactError(
            "性别", f"性别“{label.get(gender, gender)}”与身份证号码（{label[cid.gender]}）不符"
        )
    if birth_date and birth_date != cid.birth_date:
        raise PersonFactError(
            "出生日期", f"出生日期{birth_date:%Y-%m-%d}与身份证号码（{cid.birth_date:%Y-%m-%d}）不符"
        )


def parse_person_id(raw: str, *, known_regions: set[str] | None = None) -> CitizenId:
    return parse_citizen_id(raw, known_regions=known_regions)
