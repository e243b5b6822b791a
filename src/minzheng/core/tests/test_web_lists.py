"""The list helper of the web layer (core/web.py): filters read from the query string, one page of a queryset
rendered, the whole of it exported as XLSX with the export recorded first."""

import io
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from python_calamine import CalamineWorkbook

from minzheng.core.models import Region
from minzheng.core.web import list_export, list_filters, list_page

LIST_TEMPLATE = (
    "{% for r in page %}<li>{{ r }}</li>{% endfor %}"
    "|{{ page.number }}/{{ page.paginator.num_pages }}|{{ filters.status }}|{{ title }}"
)
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", {"t/list.html": LIST_TEMPLATE})]},
    }
]


def _get(query: str = "") -> object:
    return RequestFactory().get(f"/t/?{query}")


def test_filters_are_trimmed_default_only_when_absent_and_stay_empty_when_sent_empty():
    # given a list whose status filter defaults to "open"
    def read(query: str) -> dict[str, str]:
        return list_filters(_get(query), "status", "q", defaults={"status": "open"})

    # then an absent filter takes its default, a filter sent empty means 全部, values are trimmed
    assert read("") == {"status": "open", "q": ""}
    assert read("status=&q=") == {"status": "", "q": ""}
    assert read("status=done&q=%20%E7%A7%80%E8%8B%B1%20") == {"status": "done", "q": "秀英"}


@override_settings(TEMPLATES=TEMPLATES)
def test_a_page_of_the_list_with_its_filters_and_context():
    rows = [f"第{n}行" for n in range(1, 8)]
    # when page 2 of seven rows, three a page, is asked for
    page = list_page(_get("page=2"), rows, template="t/list.html", filters={"status": "open"},
                     context={"title": "清单"}, per_page=3).content.decode()  # fmt: skip
    # then rows 4–6 are shown with the filters and the context
    assert page == "<li>第4行</li><li>第5行</li><li>第6行</li>|2/3|open|清单"
    # and a page past the end (or not a number) is the last (or the first), never an error
    assert (
        list_page(_get("page=99"), rows, template="t/list.html", per_page=3)
        .content.decode()
        .startswith("<li>第7行</li>|3/3")
    )
    assert "|1/3|" in list_page(_get("page=x"), rows, template="t/list.html", per_page=3).content.decode()


@pytest.mark.django_db
@override_settings(TEMPLATES=TEMPLATES)
def test_a_page_of_a_queryset_costs_a_count_and_a_slice(personas):
    regions = Region.objects.order_by("code")
    with CaptureQueriesContext(connection) as queries:
        page = list_page(_get("page=2"), regions, template="t/list.html", per_page=5).content.decode()
    assert len(queries) == 2
    assert page.count("<li>") == 5


def _sheet(response: object) -> list[list]:
    data = b"".join(response.streaming_content)
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_index(0).to_python()


def test_the_export_records_itself_before_reading_and_writes_a_row_per_record():
    happened: list[str] = []

    def records():  # noqa: ANN202
        happened.append("read")
        yield from (("秀英区", 3), ("龙华区", 5))

    # when a list is exported
    response = list_export(_get(), records(), filename="机构名单", headers=["区", "家数"],
                           row=lambda r: [r[0], r[1]], audit=lambda: happened.append("audit"))  # fmt: skip
    rows = _sheet(response)
    # then the audit came first, the file is named for the list and the day, a row per record under the headers
    assert happened == ["audit", "read"]
    assert unquote(response["Content-Disposition"]).endswith(f"机构名单-{timezone.localdate():%Y%m%d}.xlsx")
    assert rows == [["区", "家数"], ["秀英区", 3], ["龙华区", 5]]


def test_an_export_must_say_whether_it_is_audited():
    with pytest.raises(TypeError):
        list_export(_get(), [], filename="x", headers=[], row=list)  # type: ignore[call-arg]
