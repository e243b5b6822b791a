"""Sources of the demo parameters and CPI months in a clerk's words: the texts loaded before carried the
project's research notes (domain.md sections, [U]/[V]/[L] verification tags); the same rows now say the
source plainly (the values are unchanged). Rows whose source a user typed are left as they are."""

from django.db import migrations

# (parameter code, source as first loaded, source in plain words)
PARAMETER_SOURCES = [
    (
        "near_dibao_multiple",
        "domain.md §1 单人户：人均收入低于低保标准1.5倍（可放宽到2倍）[V]",
        "低保边缘家庭：人均收入低于当地低保标准的1.5倍（可放宽到2倍）",
    ),
    (
        "asset_financial_months",
        "《社会救助暂行办法》第九条“符合当地财产状况规定”；海口数值未公布 [U]，演示数据",
        "《社会救助暂行办法》第九条“符合当地财产状况规定”；海口数值未公布，演示数据",
    ),
    (
        "asset_vehicles_max",
        "同上 [U]，演示数据（生活、就业必需的摩托车、三轮车不计）",
        "同上，海口数值未公布，演示数据（生活、就业必需的摩托车、三轮车不计）",
    ),
    ("asset_houses_max", "同上 [U]，演示数据", "同上，海口数值未公布，演示数据"),
    (
        "phase_out_months",
        "2020年中办/国办《关于改革完善社会救助制度的意见》“可给予一定时间的渐退期”[U]；赣州6–12个月 [L]；演示数据",
        "2020年中办、国办《关于改革完善社会救助制度的意见》“可给予一定时间的渐退期”；外地参考：赣州6–12个月；演示数据",
    ),
    (
        "tekun_basic_multiple",
        "国发〔2016〕14号：不低于当地低保标准的1.3倍 [V]",
        "国发〔2016〕14号：不低于当地低保标准的1.3倍",
    ),
    (
        "review_months_stable",
        "domain.md §1 动态管理：短期内变化不大的家庭每年复核一次 [V]",
        "动态管理（《社会救助暂行办法》第十三条）：短期内变化不大的家庭每年复核一次",
    ),
    (
        "review_months_unstable",
        "domain.md §1 动态管理：每半年复核一次 [V]",
        "动态管理：收入不稳定且有劳动能力成员的家庭每半年复核一次",
    ),
    (
        "temporary_town_limit_multiple",
        "《社会救助暂行办法》第四十八条：小额可授权乡镇审批 [V]；宁国：不超过4倍月低保标准 [L]；演示数据",
        "《社会救助暂行办法》第四十八条：小额可授权乡镇审批；外地参考：宁国不超过4倍月低保标准；演示数据",
    ),
    (
        "price_cpi_threshold",
        "2016年联动机制 3.5% [V]；发改价格〔2021〕1553号；2022-09至2023-03阶段性降至3.0% [V]",
        "2016年价格临时补贴联动机制3.5%；发改价格〔2021〕1553号；2022年9月至2023年3月阶段性降至3.0%",
    ),
    ("price_food_threshold", "2016年联动机制 6% [V]", "2016年价格临时补贴联动机制6%"),
    (
        "price_include_low_income",
        "2022-09至2023-03阶段性扩大保障范围到低保边缘人口 [V]",
        "2022年9月至2023年3月阶段性扩大保障范围到低保边缘人口",
    ),
    (
        "price_floor_yuan",
        "部分城市设10元下限 [L]；海口未公布 [U]，演示数据为0（不设下限）",
        "外地参考：部分城市设10元下限；海口未公布，演示数据为0（不设下限）",
    ),
]
CPI_SOURCE = (
    "演示数据：参照2020—2021年全国居民消费价格指数，非海南发布数 [U]",
    "演示数据：参照2020—2021年全国居民消费价格指数，非海南发布数",
)


def forwards(apps, schema_editor):
    parameter = apps.get_model("assistance", "Parameter")
    cpi = apps.get_model("assistance", "CpiMonth")
    for code, old, new in PARAMETER_SOURCES:
        parameter.objects.filter(code=code, source=old).update(source=new)
    cpi.objects.filter(source=CPI_SOURCE[0]).update(source=CPI_SOURCE[1])


def backwards(apps, schema_editor):
    parameter = apps.get_model("assistance", "Parameter")
    cpi = apps.get_model("assistance", "CpiMonth")
    for code, old, new in PARAMETER_SOURCES:
        parameter.objects.filter(code=code, source=new).update(source=old)
    cpi.objects.filter(source=CPI_SOURCE[1]).update(source=CPI_SOURCE[0])


class Migration(migrations.Migration):
    dependencies = [("assistance", "0001_social_assistance")]

    operations = [migrations.RunPython(forwards, backwards)]
