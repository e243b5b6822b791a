"""The policy documents of the seed year (``minzheng seed`` step 63): the five 社会救助 documents of section (二)
("出台5项政策文件，重点对建档立卡贫困户纳保、低收入家庭中重残重病人员参照单人户纳保、落实临时救助备用金制度、临时救助
小额审批等情况作全面梳理整改") and the five governance documents section (三) names. Their 文号, dates and texts are not
public in the seed: titles follow the seed's words, numbers, dates and bodies are demo values [U]. Not scaled (the
bureau issues as many documents whatever the city's size). Resumable: a document is made once by its 文号."""

from __future__ import annotations

from datetime import date

from minzheng.core.models import Region
from minzheng.policy.models import Document
from minzheng.policy.services import document_register

ISSUER = "海口市民政局"
A, C = Document.Topic.ASSISTANCE, Document.Topic.COMMUNITY
DOCUMENTS: tuple[tuple[str, str, str, date], ...] = (
    (A, "海民规〔2020〕1号", "关于做好建档立卡贫困户纳入农村低保工作的通知", date(2020, 3, 10)),
    (A, "海民规〔2020〕2号", "关于低收入家庭中重残重病人员参照单人户纳入低保的通知", date(2020, 4, 8)),
    (A, "海民规〔2020〕3号", "关于落实临时救助备用金制度的通知", date(2020, 5, 12)),
    (A, "海民规〔2020〕4号", "关于实行临时救助小额审批的通知", date(2020, 6, 16)),
    (A, "海民规〔2020〕5号", "关于纠正硬性增加或减少低保对象做法的通知", date(2020, 8, 20)),
    (C, "海民发〔2020〕31号", "海口市大社区综合服务中心建设方案", date(2020, 2, 26)),
    (C, "海民发〔2020〕58号", "海口市村（社区）出具证明事项清单（试行）", date(2020, 6, 5)),
    (C, "海民发〔2020〕77号", "关于深化村务领域办事公开制度的工作方案", date(2020, 8, 3)),
    (C, "海民发〔2020〕92号", "海口市农村基层小微权力指导清单", date(2020, 9, 15)),
    (C, "海民发〔2020〕93号", "海口市农村基层小微权力事项运行流程", date(2020, 9, 15)),
)


def policy_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    city = Region.objects.get(parent__isnull=True)
    shift = (year or 2020) - 2020
    known = set(Document.objects.values_list("number", flat=True))
    made = 0
    for topic, number, title, issued in DOCUMENTS:
        number = number.replace("2020", str(2020 + shift))
        if number in known:
            continue
        issued = issued.replace(year=issued.year + shift)
        document_register(
            actor=None, number=number, title=title, issuer=ISSUER, region=city, topic=topic, issued_on=issued,
            effective_from=issued, effective_until=issued.replace(year=issued.year + 5),
            body=f"演示数据：《{title}》全文。各区民政局、各镇人民政府、街道办事处：……（正文为演示文本）",
        )  # fmt: skip
        made += 1
    return f"政策文件新增{made}件，共{Document.objects.count()}件（演示数据）"
