"""The input boundary: which text the platform accepts, decided in one place (issue 13).

- **Control characters** (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) are refused, except tab, line
  feed and carriage return in text that may run over several lines (a description, a note, a search box).
  NUL above all: PostgreSQL refuses it in text (an HTTP 500 before this module), SQLite stores it and every
  later reader trips on it; ESC and BEL reach terminals through the CLI and the logs.
- **Bidi overrides and isolates** (U+202A–U+202E, U+2066–U+2069) are refused in checked fields (names,
  addresses, codes): they make text display in another order than it is stored ("Trojan Source",
  CVE-2021-42574), so a name ending in U+202E can pass for someone else's. Chinese text, and Uyghur or Arabic
  script, display right without them (the Unicode bidi algorithm); the marks U+200E/U+200F stay allowed.
- **Lone surrogates** (a JSON ``"\\ud800"``) cannot be written as UTF-8 and are refused.
- **Stored URLs** are http(s) only; anything else (``javascript:``, ``data:``, ``file:``) is refused on the
  way in and never rendered as a link on the way out (:func:`url_is_http`).

Who applies it: ``core.middleware.InputBoundaryMiddleware`` to every HTTP request (path, query string, form
fields, JSON strings — control characters only: a search term is not a name); :func:`text_check` in the
services for the fields they store (registry names, Open311 fields); the registry import for every cell;
the ``minzheng`` command for its arguments. Refusals are a :class:`~minzheng.core.errors.DomainError` with a
Chinese message naming the field and the character.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from minzheng.core.errors import DomainError

_CONTROLS = "\x00-\x1f\x7f-\x9f"  # Unicode category Cc
_CONTROLS_BUT_LINES = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # Cc without tab, LF, CR
_LINE_BREAKS_AND_TAB = "\t\n\r"
_BIDI = "\u202a-\u202e\u2066-\u2069"
_SURROGATES = "\ud800-\udfff"
# (multiline, refuse bidi) → what such text may not hold
_FORBIDDEN = {
    (multiline, bidi): re.compile(
        f"[{_CONTROLS_BUT_LINES if multiline else _CONTROLS}{_BIDI if bidi else ''}{_SURROGATES}]"
    )
    for multiline in (False, True)
    for bidi in (False, True)
}
_BIDI_CHARS = re.compile(f"[{_BIDI}]")
_SURROGATE_CHARS = re.compile(f"[{_SURROGATES}]")

_NAMES = {
    "\x00": "空字符 NUL",
    "\x07": "响铃符 BEL",
    "\x08": "退格符",
    "\t": "制表符",
    "\n": "换行符",
    "\r": "回车符",
    "\x1b": "转义符 ESC",
    "\x7f": "删除符 DEL",
    "\u202e": "从右到左覆盖符 RLO",
    "\u202d": "从左到右覆盖符 LRO",
}
HTTP_SCHEMES = ("http", "https")
_URL = URLValidator(schemes=list(HTTP_SCHEMES))


def character_name(char: str) -> str:
    """``U+001B（转义符 ESC）``: how a refused character is named to the user."""
    code = f"U+{ord(char):04X}"
    name = _NAMES.get(char)
    if name is None and _BIDI_CHARS.match(char):
        name = "文字方向控制符"
    elif name is None and _SURROGATE_CHARS.match(char):
        name = "无效的代理码位"
    elif name is None:
        name = "控制字符"
    return f"{code}（{name}）"


def visible(text: str, limit: int = 60) -> str:
    """``text`` with every character the boundary refuses written as ``<U+001B>``, cut to ``limit``: safe to
    show in a message, a log line or an import report (which itself must not store a NUL)."""
    shown = _FORBIDDEN[False, True].sub(lambda m: f"<U+{ord(m.group()):04X}>", text[:limit])
    return shown + ("…" if len(text) > limit else "")


def forbidden_character(text: str, *, multiline: bool = False, bidi: bool = True) -> str | None:
    """The first character of ``text`` the boundary refuses, or None.

    ``multiline``: tab, line feed and carriage return are allowed. ``bidi=False`` (the HTTP and CLI
    boundary, where a value may be a search term or a path) leaves bidi characters to the field checks.
    Printable text — nearly every value — is accepted without a regular expression."""
    if text.isprintable():
        return None
    found = _FORBIDDEN[multiline, bidi].search(text)
    return found.group() if found else None


def text_refusal(text: str, *, label: str, multiline: bool = False, bidi: bool = True) -> str | None:
    """The Chinese reason ``text`` is refused as the value of ``label``, or None when it is accepted."""
    char = forbidden_character(text, multiline=multiline, bidi=bidi)
    if char is None:
        return None
    if _BIDI_CHARS.match(char):
        return f"{label}含有{character_name(char)}，它会改变文字的显示顺序，请删除后重新填写"
    if char in _LINE_BREAKS_AND_TAB:
        return f"{label}只能填写一行，不能含有{character_name(char)}"
    return f"{label}含有不允许的{character_name(char)}，请删除后重新填写"


def text_check(value: Any, *, field: str, label: str, multiline: bool = False) -> str:
    """The rule for a text field a service stores: ``value`` as text (None → ""), unchanged, or a
    ``DomainError`` naming the field — control characters (tab and line breaks only when ``multiline``),
    bidi overrides and isolates, lone surrogates."""
    text = "" if value is None else str(value)
    reason = text_refusal(text, label=label, multiline=multiline)
    if reason is not None:
        raise DomainError(reason, field=field)
    return text


def url_is_http(value: Any) -> bool:
    """True when ``value`` may be shown as a link: an http(s) URL with a host. Browsers ignore leading
    spaces and tabs or newlines inside a scheme (``java\\tscript:``); ``urlsplit`` drops them the same way."""
    if not value:
        return False
    parts = urlsplit(str(value).strip())
    return parts.scheme.lower() in HTTP_SCHEMES and bool(parts.netloc)


def url_check(value: Any, *, field: str, label: str, max_length: int = 500) -> str:
    """A URL to store: "" when blank, else an http(s) URL (Django's URL validator with those two schemes),
    or a ``DomainError`` naming the field. ``javascript:``, ``data:`` and ``file:`` are refused here and
    never rendered as links (:func:`url_is_http`)."""
    text = text_check(value, field=field, label=label).strip()
    if not text:
        return ""
    if len(text) > max_length:
        raise DomainError(f"{label}不能超过{max_length}个字符（现有{len(text)}个）", field=field)
    scheme = urlsplit(text).scheme.lower()
    if scheme not in HTTP_SCHEMES:
        shown = f"“{visible(scheme, 20)}:”" if scheme else "没有协议"
        raise DomainError(f"{label}只接受 http:// 或 https:// 开头的网址（{shown}不允许）", field=field)
    try:
        _URL(text)
    except ValidationError:
        raise DomainError(f"{label}“{visible(text)}”不是有效的网址", field=field) from None
    return text
