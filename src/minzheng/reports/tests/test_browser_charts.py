"""The dashboard's charts in real Chromium (issue 12 item 5): every legend entry is a series drawn in its own
colour, one unit per chart, district names at separate places on the map, tooltips in Chinese with thousands
separators. Every asset is served locally (the page fixture fails on any request leaving the test server)."""

import pytest

from minzheng.core.testing import CITY, GRID_A, browser_login
from minzheng.reports.tests import given

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DISTRICTS = ("秀英区", "龙华区", "琼山区", "美兰区")


LABELS = """(names) => {
    const chart = echarts.getInstanceByDom(document.getElementById('map'));
    const out = [];
    chart.getZr().storage.getDisplayList(true).forEach((el) => {
        const text = el.style && el.style.text;
        if (el.type === 'tspan' && names.includes(text) && !el.ignore && !el.invisible) {
            const r = el.getBoundingRect().clone();
            r.applyTransform(el.getComputedTransform());
            out.push({text, x: r.x, y: r.y, w: r.width, h: r.height});
        }
    });
    return out;
}"""

TREND = """() => {
    const o = echarts.getInstanceByDom(document.getElementById('trend')).getOption();
    return {
        legend: o.legend[0].data.map((d) => (typeof d === 'string' ? d : d.name)),
        series: o.series.map((s) => ({name: s.name, colour: s.lineStyle.color, item: s.itemStyle.color,
                                      axis: s.yAxisIndex || 0, type: s.type})),
        axes: o.yAxis.map((a) => a.name),
        axisLabel: o.yAxis[0].axisLabel.formatter(1234567),
    };
}"""

TOOLTIP = """(name) => {
    const chart = echarts.getInstanceByDom(document.getElementById('map'));
    const option = chart.getOption();
    const index = option.series[0].data.findIndex((d) => d.name === name);
    return option.tooltip[0].formatter({name, value: option.series[0].data[index].value}).replace(/<br>/g, ' ');
}"""


def test_legends_match_their_series_and_district_labels_do_not_overlap(page, personas):
    # given people in two districts (so the map and the bars have figures)
    home = given.house(personas.grid_a, code="H-CH-1", grid=GRID_A)
    for seq in (11, 13, 15):
        given.person(personas.grid_a, seq=seq, home=home)
    browser_login(page, "city")
    # when the city manager opens the city's dashboard
    page.goto(f"{page.base_url}/reports/dashboard/{CITY}/")
    page.wait_for_selector("#map[data-ready='1']")
    page.wait_for_selector("#trend[data-ready='1']")
    # then the four district names sit at four separate places: no two label boxes overlap
    boxes = page.evaluate(LABELS, list(DISTRICTS))
    assert sorted(b["text"] for b in boxes) == sorted(DISTRICTS)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["w"] <= b["x"]
                or b["x"] + b["w"] <= a["x"]
                or a["y"] + a["h"] <= b["y"]
                or b["y"] + b["h"] <= a["y"]
            )
            assert apart, f"{a['text']}与{b['text']}的标签重叠：{a} {b}"
    # and a district's tooltip reads in Chinese, the figure with its unit
    tip = page.evaluate(TOOLTIP, "秀英区")
    assert tip.split() == ["秀英区", "人口基础信息：3", "人"]
    _trend_charts_follow_the_rules(page)
    # and so do the grid dashboard's, whose many event counts are split over several charts
    page.goto(f"{page.base_url}/reports/dashboard/{CITY}/?domain=grid")
    page.wait_for_selector("#trend[data-ready='1']")
    assert page.locator("#trend-group option").count() > 2
    _trend_charts_follow_the_rules(page)


def _trend_charts_follow_the_rules(page) -> None:
    """Every trend chart: the legend lists exactly the series drawn, each in a colour of its own (the legend's
    mark takes the series' colour), all in the one unit of the chart's only axis, numbers with separators."""
    groups = page.locator("#trend-group option").all_inner_texts()
    assert groups
    for k, label in enumerate(groups):
        page.select_option("#trend-group", str(k))
        page.wait_for_selector(f"#trend[data-ready='1'][data-group='{k}']")
        trend = page.evaluate(TREND)
        names = [s["name"] for s in trend["series"]]
        assert trend["legend"] == names, label
        colours = [s["colour"] for s in trend["series"]]
        assert len(set(colours)) == len(colours), f"{label}：颜色重复 {colours}"
        assert all(s["item"] == s["colour"] for s in trend["series"])
        assert len(trend["axes"]) == 1 and label.startswith(trend["axes"][0] + "：")
        assert trend["axisLabel"] == "1,234,567"
