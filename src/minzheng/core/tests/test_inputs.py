"""The input boundary's rule (core/inputs.py): which text is accepted, and how a refusal is worded."""

import pytest

from minzheng.core.errors import DomainError
from minzheng.core.inputs import forbidden_character, text_check, url_check, url_is_http, visible


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ("张\x00三", "U+0000（空字符 NUL）"),
        ("张三\x1b[31m", "U+001B（转义符 ESC）"),
        ("张\x07三", "U+0007（响铃符 BEL）"),
        ("\u202e三张", "U+202E（从右到左覆盖符 RLO）"),
        ("张\u2066三", "U+2066（文字方向控制符）"),
        ("张\x85三", "U+0085（控制字符）"),  # C1: NEL
        ("张\x7f三", "U+007F（删除符 DEL）"),
        ("张\ud800三", "U+D800（无效的代理码位）"),
        ("张\t三", "U+0009（制表符）"),
        ("张\n三", "U+000A（换行符）"),
    ],
)
def test_a_name_with_a_control_or_bidi_character_is_refused_naming_the_field_and_the_character(value, named):
    # when a name holding the character is checked
    with pytest.raises(DomainError) as refused:
        text_check(value, field="name", label="姓名")
    # then the refusal names the field, in Chinese, and the character
    assert refused.value.field == "name"
    assert refused.value.message.startswith("姓名") and named in refused.value.message


def test_ordinary_text_is_returned_unchanged():
    for value in ("张三", "阿依古丽·买买提", "Zhang San", "秀华路12号3栋501", "O'Brien", "", "郑\u200e"):
        assert text_check(value, field="name", label="姓名") == value
    assert text_check(None, field="name", label="姓名") == ""


def test_a_multi_line_field_allows_tab_and_line_breaks_but_nothing_else():
    text = "第一行\r\n第二行\t备注"
    assert text_check(text, field="description", label="事件描述", multiline=True) == text
    with pytest.raises(DomainError, match="U\\+0000"):
        text_check("第一行\n\x00", field="description", label="事件描述", multiline=True)
    with pytest.raises(DomainError, match="U\\+202E"):
        text_check("第一行\n\u202e", field="description", label="事件描述", multiline=True)


def test_the_http_boundary_leaves_bidi_characters_to_the_field_checks():
    assert forbidden_character("搜索\u202e", multiline=True, bidi=False) is None
    assert forbidden_character("搜索\n", multiline=True, bidi=False) is None
    assert forbidden_character("搜索\x00", multiline=True, bidi=False) == "\x00"


def test_visible_writes_refused_characters_as_code_points():
    assert visible("张\x00三\u202e") == "张<U+0000>三<U+202E>"
    assert visible("长" * 70).endswith("…")


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(document.domain)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ftp://example.org/a.jpg",
        "//evil.example/a.jpg",
        "http://",
        "http://exa mple.org/",
    ],
)
def test_a_stored_url_must_be_http_or_https(value):
    with pytest.raises(DomainError) as refused:
        url_check(value, field="media_url", label="媒体链接")
    assert refused.value.field == "media_url" and refused.value.message.startswith("媒体链接")
    assert not url_is_http(value) or value == "http://exa mple.org/"


def test_http_urls_are_accepted_and_shown_as_links():
    for value in (
        "https://example.org/photo.jpg",
        "http://10.1.2.3:8080/a?b=c#d",
        "HTTPS://例子.中国/图.png",
    ):
        assert url_check(value, field="media_url", label="媒体链接") == value
        assert url_is_http(value)
    assert url_check("  ", field="media_url", label="媒体链接") == ""
    assert not url_is_http("") and not url_is_http(None)
