"""依申请公开 in the demo: the online application page, the handlers' group and a few dozen cases from 2024 to
now in every state (registered, awaiting 补正, consultation, extended, answered, archived)."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from wagtail_disclosure.models import InformationRequest, RequestApplicationPage
from wagtail_disclosure.rules.requests import ID_CHECK, ID_WEIGHTS
from wagtail_disclosure.services import requests as service

APPLICATION_INTRO = (
    "<p>请如实填写申请人信息和所需政府信息的名称、文号或索引号等特征描述。本机关自收到申请之日起20个工作日内答复"
    "（《中华人民共和国政府信息公开条例》第三十三条）。提交后请保存查询码，凭查询码和联系电话查询办理进度。</p>"
)

PEOPLE = ["陈建国", "林晓燕", "黄志强", "周丽华", "吴海波", "郑雪梅", "孙立新", "马晓东", "朱文静", "胡国庆"]
ORGANISATIONS = [
    ("commercial_enterprise", "某县宏达建材有限公司", "91350100M000100Y43"),
    ("research_institution", "某省农业科学研究院", "12100000400000000G"),
    ("public_interest_organisation", "某县绿色家园环保协会", "51350100MJ00000018"),
    ("legal_service_institution", "某某律师事务所", "31350000MD0000000X"),
    ("other", "某县城东社区居民委员会", "55350100MF00000015"),
]
TOPICS = [
    "2023年度县级部门预算执行情况", "城东片区棚户区改造项目征收补偿方案", "县第一中学新校区建设项目环境影响评价文件",
    "2024年耕地地力保护补贴发放明细", "县城区公交线路调整论证材料", "某镇污水处理厂运行监测数据",
    "2024年县本级政府采购项目清单", "县人民医院医疗设备采购合同", "城区老旧小区改造项目资金拨付情况",
    "县域义务教育学校学区划分方案", "某路段交通信号灯设置依据", "2023年度最低生活保障资金发放情况",
]
OUTCOMES = ["granted", "granted", "granted", "already_public", "partially_granted", "partially_granted", "not_held",
            "not_this_agency", "needs_new_compilation", "third_party_rights", "process_information", "repeated_application",
            "petition_complaint_report", "withdrawn"]  # fmt: skip


def valid_id(rng):
    body = f"350100{rng.randint(1955, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    return body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS)) % 11]


def ensure_handlers(group_name):
    group, _created = Group.objects.get_or_create(name=group_name)
    content_type = ContentType.objects.get_for_model(InformationRequest)
    codenames = ["add_informationrequest", "change_informationrequest", "view_informationrequest", "approve_extension"]
    group.permissions.add(*Permission.objects.filter(content_type=content_type, codename__in=codenames))
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return group


# case number -> received this many days ago, left unanswered (about 31 and 17 working days: 20 are allowed)
OPEN_ON_THE_DASHBOARD = {21: 45, 20: 24}


def ensure_requests(column, organisation, group_name, publish):
    """The application page below the 依申请公开 column, the handlers' permissions and the demo cases."""
    if not RequestApplicationPage.objects.child_of(column).exists():
        page = column.add_child(
            instance=RequestApplicationPage(title="政府信息公开申请", slug="sqgk", organisation=organisation, intro=APPLICATION_INTRO, live=False, show_in_menus=True)
        )
        publish(page.save_revision())
    group = ensure_handlers(group_name)
    organisation.request_handler_groups.add(group)  # its handlers see its cases, and only those
    if InformationRequest.objects.filter(organisation=organisation).exists():
        return
    handler = get_user_model().objects.filter(groups=group).first()
    rng = random.Random(11)  # noqa: S311 - demo data
    today = datetime.date.today()
    start = datetime.date(2024, 1, 8)
    span = (today - start).days
    for number in range(40):
        received = start + datetime.timedelta(days=span * number // 40 + rng.randint(0, 5))
        if number >= 36:  # the last four came in during the past fortnight
            received = today - datetime.timedelta(days=3 * (40 - number))
        if number in OPEN_ON_THE_DASHBOARD:  # one past its due date, one due within days: the handler's dashboard
            received = today - datetime.timedelta(days=OPEN_ON_THE_DASHBOARD[number])
        received = min(received, today)
        while received.weekday() >= 5:
            received -= datetime.timedelta(days=1)
        person = rng.random() < 0.7
        fields = {"applicant_type": "natural_person", "applicant_name": rng.choice(PEOPLE), "id_number": valid_id(rng)}
        if not person:
            kind, name, code = rng.choice(ORGANISATIONS)
            fields = {"applicant_type": kind, "applicant_name": name, "credit_code": code, "contact_person": rng.choice(PEOPLE)}
        channel = rng.choice(["online", "online", "in_person", "signed_post"])
        case = InformationRequest(
            organisation=organisation, handler=handler, channel=channel, submitted_on=received,
            signed_on=received if channel == "signed_post" else None, confirmed_on=received if channel == "online" else None,
            phone=f"139{rng.randint(10000000, 99999999)}", email="applicant@example.com", information_title=rng.choice(TOPICS),
            description="请提供电子版。", **fields,
        )  # fmt: skip
        service.register(case, handler)
        age = (today - received).days
        if age < 25:
            if number in (36, 39):
                service.add_event(case, "correction", user=handler, date=received, note="请明确所需信息的时间范围")
            if number == 39:
                service.end_event(case.events.get(), today, handler)
            if number == 37:
                service.add_event(case, "other_agency", user=handler, date=received, note="征求县自然资源局意见")
            continue
        if number in OPEN_ON_THE_DASHBOARD:
            continue
        if number % 7 == 0:
            service.add_event(case, "third_party", user=handler, date=received + datetime.timedelta(days=5), end_date=received + datetime.timedelta(days=15), note="涉及第三方商业秘密，征求意见")
        if number % 11 == 0:
            service.add_event(case, "extension", user=handler, date=received + datetime.timedelta(days=20), working_days=15, note="经负责人批准延期")
        if age < 60 and number % 2 == 0:
            continue  # still being handled: some near or past their due date
        outcome = OUTCOMES[number % len(OUTCOMES)]
        if outcome == "withdrawn":
            service.add_event(case, "withdrawal", user=handler, date=received + datetime.timedelta(days=6))
        else:
            case.refresh_from_db()
            service.answer(case, outcome, min(case.due_on or received, received + datetime.timedelta(days=18)), user=handler)
        case.refresh_from_db()
        service.issue_reply(case, handler)
        service.record_delivery(case, case.answered_on + datetime.timedelta(days=1), "电子邮件送达", handler)
        if age > 180:
            service.archive(case, handler)


SECOND_ORGANISATION_TOPICS = ["城东片区控制性详细规划调整材料", "2024年建设用地供应计划", "某村集体土地征收批复文件", "县国土空间总体规划（2021—2035年）编制说明"]


def ensure_second_organisation(organisation, group_name):
    """A second organisation with its own handlers' group and a few cases: its handler (handler2) sees only
    these, the first organisation's handler only theirs (Organisation.request_handler_groups)."""
    group = ensure_handlers(group_name)
    organisation.request_handler_groups.add(group)
    if InformationRequest.objects.filter(organisation=organisation).exists():
        return
    handler = get_user_model().objects.filter(groups=group).first()
    rng = random.Random(44)  # noqa: S311 - demo data
    today = datetime.date.today()
    for number in range(6):
        received = today - datetime.timedelta(days=10 + 37 * number)
        while received.weekday() >= 5:
            received -= datetime.timedelta(days=1)
        case = InformationRequest(
            organisation=organisation, handler=handler, channel="online", submitted_on=received, confirmed_on=received,
            applicant_type="natural_person", applicant_name=rng.choice(PEOPLE), id_number=valid_id(rng),
            phone=f"139{rng.randint(10000000, 99999999)}", information_title=SECOND_ORGANISATION_TOPICS[number % len(SECOND_ORGANISATION_TOPICS)],
        )  # fmt: skip
        service.register(case, handler)
        if number >= 2:  # the older ones answered: one of them disclosed, to propose for the catalogue (条例第四十四条)
            service.answer(case, "granted" if number == 2 else "not_held", received + datetime.timedelta(days=14), user=handler)
