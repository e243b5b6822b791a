"""The one thing the reports app stores: the narrative of the annual summary, which the bureau edits.

Figures are never stored or typed: the text holds placeholders (``{{ figure:dibao_rural_paid }}``) that
the report fills from the indicator registry each time it is produced.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from minzheng.core.audited import Audited
from minzheng.core.scope import ScopedQuerySet


class AnnualTemplate(Audited):
    """The narrative template of one year's summary (sections, sentences, placeholders). A year without
    its own row uses the latest earlier year's, else the template shipped with the platform."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    text = models.TextField(
        "正文模板",
        help_text="“# ”开头为标题，“## ”为一级标题，“### ”为二级标题，其余每行一段；"
        "数字只能写占位符，如 {{ figure:dibao_rural_paid }}；{{ year }} 为年度",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "年度总结模板"
        verbose_name_plural = "年度总结模板"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度总结模板"


class IndicatorSnapshot(models.Model):
    """One computed figure: an indicator's value for a region subtree and a period, with the data version of
    the tables it was computed from. Exact reads serve it only at the current version; dashboards serve it as
    it is, and the worker refreshes the rows somebody is reading every few minutes
    (:mod:`minzheng.reports.snapshots`). Not business data: not audited, rebuilt at will."""

    code = models.CharField("指标代码", max_length=100)
    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    start = models.DateField("期间起")
    end = models.DateField("期间止")
    value = models.BigIntegerField("值")
    version = models.CharField(
        "数据版本", max_length=20, blank=True, help_text="计算时所读各表的版本；不同即需重算"
    )
    computed_at = models.DateTimeField("计算时间")
    read_at = models.DateTimeField("最近读取时间")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"  # a figure of a region's subtree belongs to that region

    class Meta:
        verbose_name = "指标快照"
        verbose_name_plural = "指标快照"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "code", "start", "end"], name="reports_snapshot_one_per_figure"
            )
        ]
        indexes = [models.Index(fields=["read_at", "computed_at"], name="reports_snapshot_refresh")]

    def __str__(self) -> str:
        return f"{self.code} {self.region_id} {self.start}—{self.end}: {self.value}"
