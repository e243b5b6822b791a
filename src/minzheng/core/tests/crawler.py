"""Every link works for the user who sees it: a crawl of the staff site as every demo login.

From the home page, every same-site link a login is shown is followed (each page shape — the path with its
numbers replaced — up to a few times, so lists of thousands stay bounded). The crawl fails on any 403, 404 or
500 and on internal notation in a page's visible text: design-document references, rule tags, seed account
names, temporary case numbers, model labels, raw choice codes, Python dict dumps, dates without their year.

At 084af92 it found 189 problems (issue 12); it keeps every link working since. It runs the demo's own seed at a
small scale (``demo --no-serve --scale`` :data:`SCALE`), so the pages it reads are those a demo visitor meets.
The test is in ``test_demo.py``: it reads the demo that module sets up once for its tests (a demo costs more
CPU than most test modules). Marked ``slow`` there (``pytest -m "not slow"`` leaves it out).
"""

from __future__ import annotations

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.apps import apps

from minzheng.core.models import User
from minzheng.core.testing import client_for

SCALE = "0.01"  # the demo's own default: every domain's seed step has something to show
PAGES_PER_LOGIN = 150
VISITS_PER_SHAPE = 2
SKIP = re.compile(
    r"\.(xlsx|csv|pdf|docx|json|png|svg|js|css)$|/logout/|/export|/download|/static/|/api/v1/docs"
)
NOTATION = [
    ("design-document reference", re.compile(r"domain\.md|DESIGN\.md|STYLE\.md")),
    ("rule tag", re.compile(r"\[(U|V|L)\]")),
    ("seed account", re.compile(r"yl_seed_|_seed_\d")),
    ("temporary case number", re.compile(r"\btmp-\d")),
    ("dict dump", re.compile(r"\{'[a-z_]+':|\b[a-z_]+=\d+ [a-z_]+=")),
    ("None shown", re.compile(r"(?<![A-Za-z])None(?![A-Za-z])")),
    ("English error page", re.compile(r"Not Found|Server Error|Forbidden|Bad Request|Traceback")),
    ("date without its year", re.compile(r"(?<![\d-])\d{1,2}-\d{2} \d{2}:\d{2}")),
    ("a code beside Chinese", re.compile(r"[（(][a-z]+(_[a-z]+)*\s*[\u4e00-\u9fff]")),
]
# Attributes a user reads too (tooltips, placeholders, image texts).
SHOWN_ATTRIBUTES = ("title", "placeholder", "alt", "aria-label")


class _Page(HTMLParser):
    """Links (a[href], hx-get) and the text a user reads (no script/style; tooltips and placeholders)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        named = dict(attrs)
        for attribute in ("href", "hx-get") if tag == "a" else ("hx-get",):
            if named.get(attribute):
                self.links.append(str(named[attribute]))
        self.text += [str(named[a]) for a in SHOWN_ATTRIBUTES if named.get(a)]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


def _choice_codes() -> set[str]:
    """Raw codes of every model's choices that a clerk must never read: lower-case identifiers, one word
    (``open``, ``paid``) or several (``full_care``)."""
    codes: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and value != label and re.fullmatch(r"[a-z]{3,}(_[a-z]+)*", value):
                    codes.add(value)
    return codes


def _model_labels() -> re.Pattern[str]:
    """``benefits.payrollrun``, ``core.user`` and an app's dotted codes (``eldercare.caregivers_trained``)."""
    labels = sorted({config.label for config in apps.get_app_configs() if "." not in config.label})
    return re.compile(r"(?<![\w./-])(" + "|".join(labels) + r")\.[a-z_]+\b")


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _crawl(user: User, codes: set[str], labels: re.Pattern[str]) -> tuple[list[str], int]:
    """Follow every link ``user`` is shown; returns the problems found and the number of pages read."""
    client = client_for(user)
    problems: list[str] = []
    seen: set[str] = set()
    shapes: Counter[str] = Counter()
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    code_re = re.compile(
        r"(?<![A-Za-z_./-])(" + "|".join(sorted(codes, key=len, reverse=True)) + r")(?![A-Za-z_])"
    )
    pages = 0
    while queue and len(seen) < PAGES_PER_LOGIN:
        url, source = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (301, 302):
            continue
        if response.status_code != 200:
            problems.append(f"{user.username}: {url} → {response.status_code} (link on {source})")
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        page = _Page()
        page.feed(response.content.decode())
        text = " ".join(page.text) if not url.startswith("/admin/") else ""  # admin: the sysadmin's tool
        for name, pattern in [*NOTATION, ("model label", labels)]:
            found = pattern.search(text)
            if found:
                problems.append(f"{user.username}: {url} shows {name}: “{found.group(0)}”")
        found = code_re.search(text) if codes else None
        if found:
            context = text[max(0, found.start() - 30) : found.end() + 10].replace("\n", " ")
            problems.append(f"{user.username}: {url} shows raw code “{found.group(0)}” in “{context}”")
        for href in page.links:
            target = urldefrag(urljoin(url, href))[0]
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if SKIP.search(parts.path) or local in seen:
                continue
            shape = _shape(parts.path)
            if shapes[shape] >= VISITS_PER_SHAPE:
                continue
            shapes[shape] += 1
            queue.append((local, url))
    return problems, pages


README_LOGINS = (
    "shiju", "shiju2", "quju", "quju_longhua", "quju_qiongshan", "quju_meilan", "zhenjie", "shequ", "wangge",
    "wangge2", "jigou", "rexian", "shenji", "admin",
)  # fmt: skip
