"""The services the citizens' site offers, as its home page lists them (a service whose page is not built yet
is left out: its URL name does not resolve). Grouped as a resident looks for them."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Service:
    group: str
    label: str
    url_name: str
    summary: str


CATALOG: tuple[Service, ...] = (
    Service("救助申请", "申请救助", "portal:apply", "低保、特困供养、临时救助在线申请"),
    Service("救助申请", "我的申请", "portal:applications", "办理进度、期限和需补充的材料"),
    Service("救助申请", "我的救助金", "portal:payments", "按月查看发放记录和复核时间"),
    Service("求助与上报", "12349求助", "portal:help_list", "养老服务、生活求助，查看进度并评价"),
    Service("求助与上报", "随手拍", "portal:report_new", "身边的问题拍照上报，附近已有的先看一看"),
    Service("婚姻与殡葬", "婚姻登记预约", "portal:marriage_booking", "全市任一婚姻登记处预约办理"),
    Service("婚姻与殡葬", "清明祭扫预约", "portal:qingming", "按墓园、日期和时段预约入园"),
    Service("婚姻与殡葬", "代祭扫", "portal:proxy_sweep", "委托墓园代为祭扫，返回照片"),
    Service("婚姻与殡葬", "网上祭奠", "portal:memorials", "网上纪念馆，献花留言"),
    Service("查询核验", "证照核验", "portal:verify", "扫码或输入编号，核验证书和证明"),
)


def catalog_groups() -> list[tuple[str, list[tuple[Service, str]]]]:
    """(group, [(service, url)]) of the services that exist, in catalogue order."""
    groups: dict[str, list[tuple[Service, str]]] = {}
    for service in CATALOG:
        try:
            url = reverse(service.url_name)
        except NoReverseMatch:
            continue
        groups.setdefault(service.group, []).append((service, url))
    return list(groups.items())
