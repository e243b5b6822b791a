"""Roles and what each may do. One table, read by views, API and tests alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    CITY_MANAGER = "city_manager", "市局管理员"
    DISTRICT_REVIEWER = "district_reviewer", "区局审核员"
    TOWN_CASEWORKER = "town_caseworker", "镇街经办人"
    COMMUNITY_WORKER = "community_worker", "村居/社区工作人员"
    GRID_WORKER = "grid_worker", "网格员"
    INSTITUTION_OPERATOR = "institution_operator", "机构经办人"
    HOTLINE_OPERATOR = "hotline_operator", "热线话务员"
    AUDITOR = "auditor", "审计员"
    SYSADMIN = "sysadmin", "系统管理员"
    MARRIAGE_REGISTRAR = "marriage_registrar", "婚姻登记员"


class Perm(models.TextChoices):
    REVEAL_PERSONAL = "reveal_personal", "查看完整身份证号/电话"
    EXPORT = "export", "导出数据"
    VIEW_AUDIT = "view_audit", "查阅审计日志"
    EDIT_REGISTRY = "edit_registry", "维护人房信息"
    EDIT_STANDARDS = "edit_standards", "维护保障标准"
    MANAGE_USERS = "manage_users", "管理账号"


# --- the capability table ------------------------------------------------------------------------------
# Every permission check in the platform asks one question: may this user take this capability? A capability
# has a code (``<area>.<action>``), a Chinese name shown on refusals ("您的角色不能“审批工资单”") and the roles that
# hold it. Services call ``require(actor, code)``; views use ``core.web.staff_view(code)``; templates and the
# navigation ask ``can(user, code)``. No module outside this one compares a user's role.


@dataclass(frozen=True)
class Capability:
    code: str
    label: str
    roles: frozenset[str]


ALL_STAFF = frozenset(Role)
OFFICE = frozenset({Role.CITY_MANAGER, Role.DISTRICT_REVIEWER, Role.TOWN_CASEWORKER})
FIELD = frozenset({Role.COMMUNITY_WORKER, Role.GRID_WORKER})
CASE_HANDLERS = ALL_STAFF - {Role.AUDITOR, Role.SYSADMIN}


def _table(*caps: Capability) -> dict[str, Capability]:
    table: dict[str, Capability] = {}
    for cap in caps:
        if cap.code in table:
            raise ValueError(f"capability {cap.code} declared twice")
        table[cap.code] = cap
    return table


def _cap(code: str, label: str, roles: frozenset[str] | set[str]) -> Capability:
    return Capability(code, label, frozenset(roles))


CAPABILITIES: dict[str, Capability] = _table(
    # --- core: personal data, exports, audit, accounts ---------------------------------------------------
    _cap(Perm.REVEAL_PERSONAL, Perm.REVEAL_PERSONAL.label, OFFICE),
    _cap(Perm.EXPORT, Perm.EXPORT.label, OFFICE | {Role.COMMUNITY_WORKER}),
    _cap(Perm.VIEW_AUDIT, Perm.VIEW_AUDIT.label, {Role.AUDITOR}),
    _cap(Perm.EDIT_REGISTRY, Perm.EDIT_REGISTRY.label, OFFICE | FIELD),
    _cap(Perm.EDIT_STANDARDS, Perm.EDIT_STANDARDS.label, {Role.CITY_MANAGER}),
    _cap(Perm.MANAGE_USERS, Perm.MANAGE_USERS.label, {Role.SYSADMIN}),
    # --- core: the system and its background jobs --------------------------------------------------------
    _cap("system.admin", "系统管理", {Role.SYSADMIN}),
    # a manager follows every job of their region (imports, payrolls, checks); others see their own jobs
    _cap(
        "job.see_all_in_region",
        "查看辖区内全部后台任务",
        {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER, Role.SYSADMIN},
    ),
    # --- registry ----------------------------------------------------------------------------------------
    # 审计员 and 系统管理员 keep the system, not the caseload: separation of duties (等保 2.0 三级) keeps them
    # out of personal data. Editing is Perm.EDIT_REGISTRY (above).
    _cap("registry.read", "查阅人房信息", CASE_HANDLERS),
    # the register's keepers import files of their own region (each row is checked against it)
    _cap("registry.import", "批量导入人房信息", OFFICE | FIELD),
    # a detection run reads the whole registry of the region: 市局 and 区局 start it
    _cap("registry.duplicates_detect", "发起疑似重复人员检测", {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER}),
    _cap("registry.import_batches_all", "查看辖区内全部导入批次", OFFICE),
    # --- casework ----------------------------------------------------------------------------------------
    # The engine's own pages: the worklist (我的待办), 督办 from above, 延期 of the total deadline.
    _cap("case.work", "办理案件（我的待办）", CASE_HANDLERS),
    _cap("case.supervise", "督办案件", CASE_HANDLERS),
    _cap("case.extend", "延长办结时限", CASE_HANDLERS),
    # The moves of every case type (``casework.types.Transition(capability=…)``), one block for all of them:
    # ``<case-type area>.<move>``. Who may take which move is decided here and nowhere else.
    # 社会救助申请 (assistance/casetypes.py): 乡镇（街道）受理、调查、初审、公示; 区县审核确认.
    _cap("assistance.accept", "受理社会救助申请", {Role.TOWN_CASEWORKER}),
    _cap("assistance.refuse", "不予受理社会救助申请", {Role.TOWN_CASEWORKER}),
    _cap("assistance.submit", "提交家庭经济状况调查结果", {Role.TOWN_CASEWORKER}),
    _cap("assistance.publish", "初审社会救助申请并公示", {Role.TOWN_CASEWORKER}),
    _cap("assistance.report_ineligible", "初审不符合条件报区县", {Role.TOWN_CASEWORKER}),
    _cap("assistance.object", "登记公示异议", {Role.TOWN_CASEWORKER, Role.COMMUNITY_WORKER}),
    _cap("assistance.reinvestigate", "公示异议后重新调查", {Role.TOWN_CASEWORKER}),
    _cap("assistance.democratic_review", "民主评议后重新公示", {Role.TOWN_CASEWORKER}),
    _cap("assistance.publicity_end", "结束公示", {Role.TOWN_CASEWORKER}),
    _cap("assistance.withdraw", "登记申请人撤回", {Role.TOWN_CASEWORKER}),
    _cap("assistance.town_approve", "乡镇审批临时救助", {Role.TOWN_CASEWORKER}),
    _cap("assistance.advance_pay", "先行救助（急难型临时救助）", {Role.TOWN_CASEWORKER}),
    _cap("assistance.report_district", "临时救助报区县审批", {Role.TOWN_CASEWORKER}),
    _cap("assistance.paperwork_done", "补齐先行救助手续并公示", {Role.TOWN_CASEWORKER}),
    _cap("assistance.approve", "审核确认社会救助申请", {Role.DISTRICT_REVIEWER}),
    _cap("assistance.reject", "作出不予救助决定", {Role.DISTRICT_REVIEWER}),
    _cap("assistance.return", "退回社会救助申请重新调查", {Role.DISTRICT_REVIEWER}),
    _cap("assistance.appeal", "受理申请人异议并复查", {Role.DISTRICT_REVIEWER}),
    # 网格事件 (grid/casetypes.py): 受理立案 → 派遣 → 处置 → 核查结案 → 回访评价.
    _cap(
        "event.file", "受理立案网格事件", {Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER, Role.HOTLINE_OPERATOR}
    ),
    _cap("event.void", "作废网格事件", {Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER, Role.HOTLINE_OPERATOR}),
    _cap(
        "event.dispatch",
        "派遣网格事件至处置单位",
        {Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER, Role.HOTLINE_OPERATOR},
    ),
    _cap(
        "event.dispatch_grid",
        "交网格处置网格事件",
        {Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER, Role.HOTLINE_OPERATOR, Role.COMMUNITY_WORKER},
    ),
    _cap("event.feedback_department", "处置单位反馈处置结果", {Role.INSTITUTION_OPERATOR}),
    _cap("event.return_department", "处置单位退单", {Role.INSTITUTION_OPERATOR}),
    _cap("event.feedback_grid", "网格员反馈处置结果", {Role.GRID_WORKER}),
    _cap("event.return_grid", "网格员退单", {Role.GRID_WORKER}),
    _cap("event.verify", "核查结案网格事件", {Role.GRID_WORKER, Role.COMMUNITY_WORKER}),
    _cap("event.rework", "核查不合格要求返工", {Role.GRID_WORKER, Role.COMMUNITY_WORKER}),
    _cap(
        "event.evaluate",
        "回访评价网格事件",
        {Role.HOTLINE_OPERATOR, Role.TOWN_CASEWORKER, Role.COMMUNITY_WORKER},
    ),
    _cap(
        "event.reopen",
        "回访不满意重办网格事件",
        {Role.HOTLINE_OPERATOR, Role.TOWN_CASEWORKER, Role.COMMUNITY_WORKER},
    ),
    # 12349求助 (eldercare/casetypes.py): 话务员受理、派单、回访; 服务商接单、到达、完成.
    _cap("help.dispatch", "12349求助派单", {Role.HOTLINE_OPERATOR}),
    _cap("help.redispatch", "12349求助改派", {Role.HOTLINE_OPERATOR}),
    _cap("help.answer", "12349求助当场答复办结", {Role.HOTLINE_OPERATOR}),
    _cap("help.cancel", "撤销12349求助", {Role.HOTLINE_OPERATOR}),
    _cap("help.callback", "12349求助回访办结", {Role.HOTLINE_OPERATOR}),
    _cap("help.rework", "12349回访不满意要求返工", {Role.HOTLINE_OPERATOR}),
    _cap("help.accept", "服务商接单（12349求助）", {Role.INSTITUTION_OPERATOR}),
    _cap("help.refuse", "服务商退单（12349求助）", {Role.INSTITUTION_OPERATOR}),
    _cap("help.arrive", "服务商到达签到（12349求助）", {Role.INSTITUTION_OPERATOR}),
    _cap("help.finish", "服务商完成服务（12349求助）", {Role.INSTITUTION_OPERATOR}),
    # --- benefits ----------------------------------------------------------------------------------------
    # A run's page shows the totals of the reader's area and who made, reviewed and approved it: the office,
    # the field staff (their area's share) and the auditor (the maker-checker trail of the money). The lines
    # of a run and a recipient's 保障记录 are personal data: the office and field staff who serve the
    # recipient's area read them — not the auditor, the hotline or the system administrator (issue 13).
    _cap("payroll.read", "查阅工资单", OFFICE | FIELD | {Role.AUDITOR}),
    _cap("payroll.make", "编制和计算工资单", {Role.CITY_MANAGER}),
    _cap("payroll.review", "复核本区工资单", {Role.DISTRICT_REVIEWER}),
    _cap("payroll.return", "退回工资单", {Role.DISTRICT_REVIEWER, Role.CITY_MANAGER}),
    _cap("payroll.approve", "审批工资单", {Role.CITY_MANAGER}),
    _cap("payroll.bank", "导出银行代发文件和导入回盘", {Role.CITY_MANAGER}),
    _cap("enrollment.read", "查阅保障记录和发放明细", OFFICE | FIELD),
    _cap("standard.read", "查阅保障标准", OFFICE | {Role.COMMUNITY_WORKER, Role.AUDITOR}),
    # --- assistance --------------------------------------------------------------------------------------
    # 镇街 takes and investigates applications (村/社区 may register one for the applicant), 区县 decides;
    # the city and the districts see their area's applications, reviews and 备用金.
    _cap("assistance.read", "查阅救助申请", OFFICE | {Role.COMMUNITY_WORKER}),
    _cap("assistance.apply", "登记救助申请", {Role.TOWN_CASEWORKER, Role.COMMUNITY_WORKER}),
    _cap("assistance.investigate", "录入家庭经济状况调查", {Role.TOWN_CASEWORKER}),
    _cap("assistance.extend", "延长救助申请办理时限", {Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER}),
    _cap("assistance.reviews", "查阅救助复核和保障记录", OFFICE),
    _cap("assistance.review", "开展救助复核", {Role.TOWN_CASEWORKER}),
    _cap("assistance.decide", "决定增发、减发或停发救助金", {Role.DISTRICT_REVIEWER}),
    _cap("assistance.restandardize", "按新保障标准重新核算", {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER}),
    _cap("reserve.read", "查阅临时救助备用金", OFFICE),
    _cap("reserve.top_up", "拨付临时救助备用金", {Role.DISTRICT_REVIEWER, Role.CITY_MANAGER}),
    # --- grid --------------------------------------------------------------------------------------------
    _cap("grid.view", "查阅网格治理信息", CASE_HANDLERS),
    _cap(
        "event.report",
        "上报网格事件",
        {Role.GRID_WORKER, Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER, Role.HOTLINE_OPERATOR},
    ),
    _cap("event.take_calls", "登记热线来电事件", {Role.HOTLINE_OPERATOR}),
    _cap(
        "event.supervise",
        "督办网格事件",
        {Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER, Role.CITY_MANAGER},
    ),
    _cap("department.handle", "办理派给处置单位的事件", {Role.INSTITUTION_OPERATOR}),
    _cap(
        "department.manage", "维护处置单位", {Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER, Role.CITY_MANAGER}
    ),
    _cap(
        "grid.manage",
        "维护网格和网格员",
        {Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER, Role.CITY_MANAGER},
    ),
    _cap(
        "grid.load",
        "查看网格员工作负荷",
        {Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER, Role.CITY_MANAGER},
    ),
    _cap("grid.serve", "在网格员名册中负责网格", {Role.GRID_WORKER}),
    _cap(
        "campaign.manage",
        "发起和下达排查任务",
        {Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER, Role.CITY_MANAGER},
    ),
    _cap("campaign.visit", "登记入户走访", {Role.GRID_WORKER, Role.COMMUNITY_WORKER}),
    _cap(
        "observation.record",
        "登记居家医学观察",
        {Role.GRID_WORKER, Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER},
    ),
    _cap(
        "performance.view",
        "查看绩效考核",
        {
            Role.GRID_WORKER,
            Role.COMMUNITY_WORKER,
            Role.TOWN_CASEWORKER,
            Role.DISTRICT_REVIEWER,
            Role.CITY_MANAGER,
        },
    ),
    _cap(
        "performance.export",
        "导出绩效考核",
        {Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER, Role.CITY_MANAGER},
    ),
    _cap("performance.weights", "设置绩效考核权重", {Role.CITY_MANAGER}),
    _cap("open311.keys", "发放和停用接口密钥", {Role.CITY_MANAGER, Role.SYSADMIN}),
    # --- eldercare ---------------------------------------------------------------------------------------
    _cap(
        "eldercare.overview",
        "查看养老服务概览",
        OFFICE | {Role.COMMUNITY_WORKER, Role.INSTITUTION_OPERATOR, Role.HOTLINE_OPERATOR},
    ),
    _cap(
        "eldercare.help_read",
        "查阅12349求助",
        OFFICE | {Role.COMMUNITY_WORKER, Role.INSTITUTION_OPERATOR, Role.HOTLINE_OPERATOR},
    ),
    _cap("eldercare.help_take", "受理12349来电", {Role.HOTLINE_OPERATOR}),
    _cap(
        "eldercare.records_read",
        "查阅养老机构、助餐、能力评估和检查记录",
        OFFICE | {Role.COMMUNITY_WORKER, Role.INSTITUTION_OPERATOR},
    ),
    _cap(
        "eldercare.institution_manage",
        "登记、评定养老服务机构并设置其经办人",
        {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER},
    ),
    _cap("eldercare.institution_act", "办理辖区内养老机构的床位、入住、人员、助餐和整改", OFFICE),
    # an institution's own operator: acts for (and reads) only the institutions whose operator it is
    _cap("eldercare.institution_own", "作为经办人办理本机构的养老服务业务", {Role.INSTITUTION_OPERATOR}),
    _cap(
        "eldercare.assess", "开展老年人能力评估", OFFICE | {Role.COMMUNITY_WORKER, Role.INSTITUTION_OPERATOR}
    ),
    _cap("eldercare.settlement_run", "计算和确认助餐补贴结算", {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER}),
    _cap(
        "eldercare.settlement_export",
        "导出助餐补贴结算明细",
        OFFICE | {Role.COMMUNITY_WORKER, Role.INSTITUTION_OPERATOR},
    ),
    _cap("eldercare.inspect", "开展养老机构检查和整改复查", OFFICE),
    # 敬老院 and other institutions' works projects (立项、进度、验收): the offices and the committees read, 市局、区局
    # record them
    _cap("eldercare.works_read", "查阅机构改造工程", OFFICE | {Role.COMMUNITY_WORKER}),
    _cap("eldercare.works", "登记机构改造工程与验收", {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER}),
    # --- children ----------------------------------------------------------------------------------------
    # 孤儿/事实无人抚养儿童 (children/casetypes.py): 村居 may register an application for the family, 乡镇（街道）
    # 受理、查验 and reports, 区县 审核确认 (民发〔2019〕62号). 儿童主任 (村居) and 儿童督导员 (镇街) visit; a high
    # risk is followed up by the town and the district. The welfare institution's intake is the city's and the
    # districts'.
    _cap("children.read", "查阅儿童福利信息", OFFICE | {Role.COMMUNITY_WORKER}),
    _cap("children.apply", "登记孤儿、事实无人抚养儿童申请", {Role.TOWN_CASEWORKER, Role.COMMUNITY_WORKER}),
    _cap("children.accept", "受理孤儿、事实无人抚养儿童申请", {Role.TOWN_CASEWORKER}),
    _cap("children.refuse", "不予受理孤儿、事实无人抚养儿童申请", {Role.TOWN_CASEWORKER}),
    _cap("children.report", "查验后报区县审核确认", {Role.TOWN_CASEWORKER}),
    _cap("children.withdraw", "登记儿童保障申请撤回", {Role.TOWN_CASEWORKER}),
    _cap("children.approve", "审核确认孤儿、事实无人抚养儿童", {Role.DISTRICT_REVIEWER}),
    _cap("children.reject", "作出不予认定决定", {Role.DISTRICT_REVIEWER}),
    _cap("children.return", "退回儿童保障申请重新查验", {Role.DISTRICT_REVIEWER}),
    _cap("children.end", "登记收养、回归家庭等终止保障", {Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER}),
    _cap("children.workers", "登记儿童主任、儿童督导员", {Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER}),
    _cap("children.visit", "登记儿童走访", {Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER}),
    _cap("children.followup", "跟进高风险儿童", {Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER}),
    _cap("children.intake", "登记儿童福利机构接收弃婴", {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER}),
    _cap("children.outreach", "登记儿童关爱政策宣讲", OFFICE | {Role.COMMUNITY_WORKER}),
    # --- disability --------------------------------------------------------------------------------------
    # 残疾人两项补贴 (disability/): the office and the community read; 镇街 records certificates, takes and
    # first-reviews applications (村/社区 may register one); 区县 decides; the city and districts run the sweep.
    _cap("disability.read", "查阅残疾人两项补贴", OFFICE | {Role.COMMUNITY_WORKER}),
    _cap("disability.certificate", "登记、变更和注销残疾人证信息", OFFICE),
    _cap("disability.apply", "登记两项补贴申请", {Role.TOWN_CASEWORKER, Role.COMMUNITY_WORKER}),
    _cap("disability.accept", "受理并初审两项补贴申请", {Role.TOWN_CASEWORKER}),
    _cap("disability.not_accept", "不予受理两项补贴申请", {Role.TOWN_CASEWORKER}),
    _cap("disability.withdraw", "登记申请人撤回两项补贴申请", {Role.TOWN_CASEWORKER}),
    _cap("disability.approve", "审核确认两项补贴申请", {Role.DISTRICT_REVIEWER}),
    _cap("disability.reject", "作出不予批准两项补贴的决定", {Role.DISTRICT_REVIEWER}),
    _cap("disability.return", "退回两项补贴申请重新初审", {Role.DISTRICT_REVIEWER}),
    _cap("disability.sweep", "核查两项补贴资格并停发", {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER}),
    # --- marriage ----------------------------------------------------------------------------------------
    # 婚姻登记 (marriage/): the registrars of a 婚姻登记机关 act for their office and read only its records; the
    # city manager reads every office's and keeps the offices. The register is sensitive: nobody else
    # searches it (issue 15), and every read is audited.
    _cap("marriage.read", "查阅婚姻登记档案", {Role.MARRIAGE_REGISTRAR, Role.CITY_MANAGER}),
    _cap("marriage.read_all", "查阅全市各婚姻登记机关的档案", {Role.CITY_MANAGER}),
    _cap("marriage.book", "登记婚姻登记预约", {Role.MARRIAGE_REGISTRAR}),
    _cap("marriage.register", "办理结婚、离婚登记", {Role.MARRIAGE_REGISTRAR}),
    _cap("marriage.refuse", "作出不予登记决定", {Role.MARRIAGE_REGISTRAR}),
    _cap("marriage.divorce_accept", "受理离婚登记申请、登记撤回", {Role.MARRIAGE_REGISTRAR}),
    _cap("marriage.correct", "补领婚姻登记证、依判决撤销婚姻登记", {Role.MARRIAGE_REGISTRAR}),
    _cap("marriage.export", "导出婚姻登记档案", {Role.MARRIAGE_REGISTRAR, Role.CITY_MANAGER}),
    _cap("marriage.offices", "维护婚姻登记机关、日接待量和登记员", {Role.CITY_MANAGER}),
    # --- funeral -----------------------------------------------------------------------------------------
    # 殡葬 (funeral/): the office reads and registers deaths (with the registry's keepers: the status 死亡 is the
    # registry's own change); funeral-home and cemetery staff (机构经办人) record cremations, plots, check-ins and
    # proxy sweepings; the districts and the city grant the 惠民殡葬 subsidy and set the 清明 season.
    _cap("funeral.read", "查阅殡葬管理信息", OFFICE | {Role.INSTITUTION_OPERATOR}),
    _cap("funeral.death_register", "登记死亡", OFFICE | {Role.COMMUNITY_WORKER}),
    _cap("funeral.cremation", "登记火化记录", {Role.INSTITUTION_OPERATOR}),
    _cap("funeral.subsidy", "发放惠民殡葬补助", {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER}),
    _cap(
        "funeral.cemetery",
        "维护公墓和墓位",
        {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER, Role.INSTITUTION_OPERATOR},
    ),
    _cap("funeral.season", "设置清明祭扫季和预约时段", {Role.CITY_MANAGER}),
    _cap("funeral.booking", "登记祭扫预约", OFFICE | {Role.INSTITUTION_OPERATOR, Role.HOTLINE_OPERATOR}),
    _cap("funeral.checkin", "祭扫入园核验", {Role.INSTITUTION_OPERATOR}),
    # on the day: the bureau and the cemetery's staff move a booking to another slot or cancel it, with a reason
    _cap(
        "funeral.booking_change",
        "祭扫预约改期、取消",
        {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER, Role.INSTITUTION_OPERATOR},
    ),
    _cap("funeral.proxy", "办理代祭扫", {Role.INSTITUTION_OPERATOR}),
    _cap(
        "funeral.moderate",
        "审核网上祭祀留言",
        {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER, Role.INSTITUTION_OPERATOR},
    ),
    _cap("funeral.outreach", "登记殡葬改革宣传", OFFICE | {Role.COMMUNITY_WORKER}),
    # --- rescue ------------------------------------------------------------------------------------------
    # 救助管理 (rescue/): the station's staff (机构经办人) register, shelter, trace families and see people off; the
    # office reads; the district or city bureau approves a longer stay (备案) and decides a long stay's 安置.
    _cap("rescue.read", "查阅流浪乞讨人员救助记录", OFFICE | {Role.INSTITUTION_OPERATOR}),
    _cap("rescue.intake", "登记流浪乞讨人员求助", {Role.INSTITUTION_OPERATOR}),
    _cap("rescue.station", "办理在站救助、寻亲和离站", {Role.INSTITUTION_OPERATOR}),
    _cap("rescue.extend_approve", "批准延长救助期限", {Role.DISTRICT_REVIEWER, Role.CITY_MANAGER}),
    _cap("rescue.settle", "决定长期滞留人员落户安置", {Role.DISTRICT_REVIEWER, Role.CITY_MANAGER}),
    _cap("rescue.activity", "登记第二课堂、专项活动和困境未成年人走访", {Role.INSTITUTION_OPERATOR}),
    # --- orgs --------------------------------------------------------------------------------------------
    # The city's and districts' 民政 are the registration authorities (社团条例第六条); the town files 社区社会组织.
    _cap("orgs.read", "查阅社会组织信息", OFFICE),
    _cap("orgs.register", "登记、受理社会组织登记申请", {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER}),
    _cap("orgs.decide", "作出准予或不予登记的决定", {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER}),
    _cap(
        "orgs.supervise", "登记年度报告、行政处罚和活动异常名录", {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER}
    ),
    _cap("orgs.filing", "社区社会组织备案", {Role.TOWN_CASEWORKER}),
    _cap("orgs.social_work", "管理社会工作者、社工站和购买服务项目", OFFICE),
    # --- charity -----------------------------------------------------------------------------------------
    # 慈善募捐 (charity/): the offices read and receive; the city and districts (where charity organisations
    # register) record organisations and their campaigns' filings; the offices record distributions.
    _cap("charity.read", "查阅慈善募捐与款物收支", OFFICE),
    _cap("charity.campaign", "登记慈善组织和公开募捐方案备案", {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER}),
    _cap("charity.receive", "登记接受捐赠并开具捐赠票据", OFFICE),
    _cap("charity.distribute", "登记慈善款物发放", OFFICE),
    # --- supplies ----------------------------------------------------------------------------------------
    # 物资台账 (supplies/): the offices and the community keep the stock of their region, receive, hand down and
    # issue; the city sets the items (unit, value per unit) and the campaigns.
    _cap("supplies.read", "查阅物资台账", OFFICE | {Role.COMMUNITY_WORKER}),
    _cap("supplies.items", "维护物资品目和专项行动", {Role.CITY_MANAGER}),
    _cap("supplies.receive", "登记物资入库", OFFICE | {Role.COMMUNITY_WORKER}),
    _cap("supplies.issue", "登记物资下拨和发放", OFFICE | {Role.COMMUNITY_WORKER}),
    # --- placenames --------------------------------------------------------------------------------------
    # 区划地名 (placenames/): the offices read; 镇街 and 区县 file naming applications for their area; 区县 reviews,
    # records the expert opinion and runs the public notice; the city approves (条例: the 批准机关 is the city
    # government, its 地名行政主管部门 the bureau) and keeps the register and the region-change records; 区县 and
    # 镇街 keep the signs; the district bureaus inspect the boundary markers jointly.
    _cap("placenames.read", "查阅区划地名信息", OFFICE),
    _cap("placenames.apply", "登记地名命名、更名申请", OFFICE),
    _cap("placenames.review", "审查地名命名、更名申请", {Role.DISTRICT_REVIEWER, Role.CITY_MANAGER}),
    _cap("placenames.notice", "组织专家论证和公示", {Role.DISTRICT_REVIEWER, Role.CITY_MANAGER}),
    _cap("placenames.approve", "批准地名命名、更名", {Role.CITY_MANAGER}),
    _cap("placenames.register", "登记、停用标准地名", {Role.CITY_MANAGER}),
    _cap("placenames.signs", "登记地名标志、巡查和修复", OFFICE),
    _cap("placenames.markers", "登记界桩、联合检查和修复", {Role.DISTRICT_REVIEWER, Role.CITY_MANAGER}),
    _cap("placenames.region_change", "登记区划调整", {Role.CITY_MANAGER}),
    # --- community ---------------------------------------------------------------------------------------
    # 基层治理与社区建设 (community/): the office and the village/community committees read; 市局、区局 keep the
    # 大社区 project library and the 证明事项清单; the committee (and the 镇街 for it) issues or refuses
    # certificates, posts 村务公开 and runs its election; the 乡镇（街道） receives the election's 备案.
    _cap("community.read", "查阅基层治理与社区建设", OFFICE | {Role.COMMUNITY_WORKER}),
    _cap("community.project", "登记大社区与示范点项目", {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER}),
    _cap("community.certificate_list", "维护证明事项清单", {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER}),
    _cap("community.certificate_issue", "出具或拒绝出具证明", {Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER}),
    _cap("community.posting", "登记村（居）务公开", {Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER}),
    _cap("community.election", "组织村（居）民委员会换届选举", {Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER}),
    _cap("community.election_file", "受理换届选举结果备案", {Role.TOWN_CASEWORKER}),
    # 小微权力清单: the committee (and the 镇街 for it) draws up and publishes its list; the city (a district, a town)
    # its 指导清单. Honours of community workers: 市局、区局.
    _cap(
        "community.power",
        "编制和公布小微权力清单",
        {Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER, Role.CITY_MANAGER},
    ),
    _cap("community.award", "登记社区工作者表彰", {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER}),
    # --- policy ------------------------------------------------------------------------------------------
    # 政策文件库 (policy/): public documents every case handler and the auditor read; 市局、区局 register and repeal
    # their own documents.
    _cap("policy.read", "查阅政策文件库", CASE_HANDLERS | {Role.AUDITOR}),
    _cap("policy.edit", "登记和废止政策文件", {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER}),
    # --- portal ------------------------------------------------------------------------------------------
    # 公众服务 accounts: the counters and the hotline look an account up by its full ID number (a resident asking
    # why no code arrives); only a counter that sees the ID card may bind another mobile number.
    _cap(
        "portal.support",
        "查询公众用户账号和短信发送记录",
        {Role.CITY_MANAGER, Role.TOWN_CASEWORKER, Role.COMMUNITY_WORKER, Role.HOTLINE_OPERATOR},
    ),
    _cap(
        "portal.rebind", "现场核验身份后更换公众用户绑定手机号", {Role.TOWN_CASEWORKER, Role.COMMUNITY_WORKER}
    ),
    # --- datasets ----------------------------------------------------------------------------------------
    # 汇总报表 (datasets/, DHIS2's aggregate data sets): the city defines what is reported; the reporting unit (镇街,
    # 村/社区) enters its own figures and marks a period complete; the level above (区局 over 镇街, 镇街 over 村/社区,
    # 市局 over 区局) approves or returns it. The offices and the community read their subtree.
    _cap("datasets.read", "查阅汇总报表", OFFICE | {Role.COMMUNITY_WORKER}),
    _cap("datasets.define", "定义汇总报表和数据项", {Role.CITY_MANAGER}),
    # 区局 enters the district-level sets it reports to the city (区县 is a reporting level).
    _cap(
        "datasets.enter",
        "填报汇总报表",
        {Role.DISTRICT_REVIEWER, Role.TOWN_CASEWORKER, Role.COMMUNITY_WORKER},
    ),
    _cap(
        "datasets.approve", "审核汇总报表", {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER, Role.TOWN_CASEWORKER}
    ),
    # 取消审核 unlocks figures already counted in the indicators: the offices' responsible roles (市局管理员, 区局审核员;
    # the managers of job.see_all_in_region), at the approving level or above it (DHIS2: unapproval by the approving
    # level or a higher one) — not the 镇街经办人 who approve their communities' reports.
    _cap("datasets.unapprove", "取消审核汇总报表", {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER}),
    # --- reports -----------------------------------------------------------------------------------------
    # Statistics are read by every office and field role, each for their own subtree; not by the operators
    # of institutions and hotlines (their work is a unit's, not a region's) nor by the system administrator.
    _cap("report.view", "查看统计报表", OFFICE | FIELD | {Role.AUDITOR}),
    _cap("report.export", "导出统计报表", OFFICE | {Role.COMMUNITY_WORKER}),
    _cap("report.template_edit", "修改年度总结模板", {Role.CITY_MANAGER}),
)


def capability(code: str) -> Capability:
    try:
        return CAPABILITIES[code]
    except KeyError:
        raise LookupError(f"unknown capability {code!r}: declare it in core/roles.py") from None


def role_can(role: str, code: str) -> bool:
    return role in capability(code).roles


def can(user: Any, code: str) -> bool:
    """May ``user`` (a logged-in, active staff account) take the capability ``code``?"""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        capability(code)  # an unknown code is a programming error, even for an anonymous user
        return False
    return role_can(user.role, code)


def refusal(user: Any, code: str) -> str:
    """The Chinese sentence shown when ``user`` may not take ``code``."""
    cap = capability(code)
    if user is None or not getattr(user, "is_authenticated", False):
        return f"“{cap.label}”需要登录的经办人"
    return f"您的角色（{user.get_role_display()}）不能“{cap.label}”"


def require(user: Any, code: str) -> None:
    """Raise ``PermissionDenied`` with the refusal unless ``user`` may take ``code``. ``None`` is never an
    allowed actor: a user action always names its user (system work uses its own paths)."""
    if not can(user, code):
        raise PermissionDenied(refusal(user, code))


def roles_with(code: str) -> frozenset[str]:
    """The roles holding ``code`` (for querysets of accounts, e.g. whom a case can be handed to)."""
    return capability(code).roles


# The region level a user of each role normally sits at (used by the demo and the user form).
ROLE_DEFAULT_LEVEL: dict[str, str] = {
    Role.CITY_MANAGER: "city",
    Role.DISTRICT_REVIEWER: "district",
    Role.TOWN_CASEWORKER: "town",
    Role.COMMUNITY_WORKER: "community",
    Role.GRID_WORKER: "grid",
    Role.INSTITUTION_OPERATOR: "district",
    Role.HOTLINE_OPERATOR: "city",
    Role.AUDITOR: "city",
    Role.SYSADMIN: "city",
    Role.MARRIAGE_REGISTRAR: "district",
}


def role_has_perm(role: str, perm: str) -> bool:
    return role_can(role, perm)
