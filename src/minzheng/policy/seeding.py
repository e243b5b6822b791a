"""The policy documents of the seed year (``minzheng seed`` step 63): the five 社会救助 documents of section (二)
("出台5项政策文件，重点对建档立卡贫困户纳保、低收入家庭中重残重病人员参照单人户纳保、落实临时救助备用金制度、临时救助
小额审批等情况作全面梳理整改") and the five governance documents section (三) names. Their 文号, dates and texts are not
public in the seed: titles follow the seed's words, numbers, dates and bodies are demo values [U]. Not scaled (the
bureau issues as many documents whatever the city's size). Resumable: a document is made once by its 文号.

Then the documents behind the demo's dated parameters (``core.parameters``), each linked to the values it sets where
the value is in the demo: the State Council's two opinions whose rules the parameters carry (国发〔2016〕14号 for
特困's 1.3×, 国发〔2015〕52号 for the two disability subsidies from 2016) and demo local documents [U] for the
demo's local standards (城乡低保 2020 and 2021, 特困照料护理, children's allowances, 惠民殡葬), issued before the
values take effect and outside the seed year where the figure of 社会救助 documents counts them (figure 6 stays 5).
The local ones' numbers, dates and bodies are demo values, like the ten above."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from minzheng.core.models import Region
from minzheng.core.parameters import parameter_catalogue
from minzheng.policy.models import Document, ParameterLink
from minzheng.policy.services import document_register, parameter_link

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

W, S = Document.Topic.WELFARE, Document.Topic.SERVICES


@dataclass(frozen=True)
class Setting:
    """A document that sets dated parameters: the keys (a prefix covers a program's categories) and the date."""

    topic: str
    number: str
    title: str
    issuer: str
    issued: date
    effective: date  # the date the values it sets take effect (matched against the parameters' dates)
    sets: tuple[tuple[str, str], ...]  # (key or key prefix, clause)
    demo: bool = True


def _settings(year: int, shift: int) -> tuple[Setting, ...]:
    state = "国务院"
    small = DOCUMENTS[3]  # 临时救助小额审批 (above): the towns' approval limit, the demo's value of 2020
    return (
        Setting(
            A,
            small[1].replace("2020", str(2020 + shift)),
            small[2],
            ISSUER,
            small[3],
            date(2020, 1, 1),
            (("assistance.temporary_town_limit_multiple", "第二条"),),
        ),
        Setting(
            A,
            "国发〔2016〕14号",
            "国务院关于进一步健全特困人员救助供养制度的意见",
            state,
            date(2016, 2, 10),
            date(2016, 2, 10),
            (("assistance.tekun_basic_multiple", "救助供养标准"),),
            demo=False,
        ),
        Setting(
            W,
            "国发〔2015〕52号",
            "国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见",
            state,
            date(2015, 9, 22),
            date(2016, 1, 1),
            (("benefits.disability_living", "补贴标准"), ("benefits.disability_care", "补贴标准")),
            demo=False,
        ),
        Setting(
            A,
            "海民规〔2019〕6号",
            "关于提高2020年城乡居民最低生活保障标准的通知",
            ISSUER,
            date(2019, 12, 16),
            date(2020, 1, 1),
            (("benefits.dibao_urban", "第一条"), ("benefits.dibao_rural", "第二条")),
        ),
        Setting(
            A,
            "海民规〔2019〕7号",
            "关于明确特困人员照料护理标准的通知",
            ISSUER,
            date(2019, 12, 20),
            date(2020, 1, 1),
            (("benefits.tekun", "第二条"),),
        ),
        Setting(
            A,
            "海民规〔2021〕3号",
            "关于提高2021年城乡居民最低生活保障标准的通知",
            ISSUER,
            date(2021, 6, 10),
            date(2021, 7, 1),
            (("benefits.dibao_urban", "第一条"), ("benefits.dibao_rural", "第二条")),
        ),
        Setting(
            W,
            f"海民发〔{year - 1}〕120号",
            f"关于提高{year}年孤儿和事实无人抚养儿童基本生活保障标准的通知",
            ISSUER,
            date(year - 1, 12, 10),
            date(year, 1, 1),
            (("benefits.orphan", "第一条"), ("benefits.de_facto_child", "第二条")),
        ),
        Setting(
            S,
            "海民规〔2015〕8号",
            "海口市惠民殡葬政策实施办法",
            ISSUER,
            date(2015, 11, 30),
            date(2016, 1, 1),
            (("benefits.funeral_basic", "第五条"),),
        ),
    )


def _settings_seed(city: Region, year: int, shift: int) -> tuple[int, int]:
    """The documents behind the demo's parameters and their links, each made once (by 文号; by key and date)."""
    catalogue = parameter_catalogue()
    linked = set(ParameterLink.objects.values_list("key", "effective_from"))
    made = links = 0
    for setting in _settings(year, shift):
        document = Document.objects.filter(number=setting.number).first()
        if document is None:
            body = (f"演示数据：《{setting.title}》全文。……（正文为演示文本）" if setting.demo
                    else f"《{setting.title}》（{setting.number}）。全文见中国政府网；此处登记其设定的参数。")  # fmt: skip
            document = document_register(
                actor=None, number=setting.number, title=setting.title, issuer=setting.issuer, region=city,
                topic=setting.topic, issued_on=setting.issued, effective_from=setting.effective, body=body,
                kind=Document.Kind.NORMATIVE if setting.demo else Document.Kind.OTHER,
            )  # fmt: skip
            made += 1
        for prefix, clause in setting.sets:
            for row in catalogue:
                key = (row.key, row.effective_from)
                if row.effective_from != setting.effective or key in linked:
                    continue
                if row.key == prefix or row.key.startswith(prefix + "."):
                    parameter_link(actor=None, document=document, key=row.key, effective_from=row.effective_from,
                                   clause=clause)  # fmt: skip
                    linked.add(key)
                    links += 1
    return made, links


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
    setting_docs, links = _settings_seed(city, year or 2020, shift)
    return (f"政策文件新增{made}件，设定参数的文件新增{setting_docs}件，共{Document.objects.count()}件（演示数据）；"
            f"文件设定的参数{ParameterLink.objects.count()}项（本次登记{links}项）")  # fmt: skip
