"""政府信息公开指南: the office setting, the generated classification, 条例第十二条's mandatory elements on the
gate, the flow diagram, and the dashboard's warning when the guide is stale."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site

from wagtail_disclosure.gate import GateRefused
from wagtail_disclosure.models import DisclosureOffice, DisclosureSettings, GuidePage, Topic
from wagtail_disclosure.rules.confidentiality import Conclusion, RecordKind
from wagtail_disclosure.services.reviews import append_record

from .utils import make_review_workflow

STEPS = [
    ("step", {"title": "登记", "description": "受理机构登记申请", "time_limit": ""}),
    ("step", {"title": "审核", "description": "审核申请内容是否明确", "time_limit": "7个工作日内告知补正"}),
    ("step", {"title": "答复", "description": "", "time_limit": "20个工作日内"}),
]


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def office(catalogue):
    office = DisclosureOffice.for_site(Site.objects.get(is_default_site=True))
    office.name = "某县人民政府办公室"
    office.address = "某县人民路1号"
    office.postcode = "000000"
    office.office_hours = [
        ("hours", {"period": "5月1日至9月30日", "hours": "8:30—11:30，14:30—17:30"}),
        ("hours", {"period": "10月1日至次年4月30日", "hours": "8:30—11:30，14:00—17:00"}),
    ]
    office.phone = "0000-1234567"
    office.fax = "0000-1234568"
    office.email = "xxgk@example.gov.cn"
    office.save()
    return office


@pytest.fixture
def levels(catalogue):
    return make_review_workflow(catalogue.get_parent(), access_admin=False, last_level_publishes=False).tasks


def make_guide(parent, **fields):
    fields.setdefault("proactive_channels", "<p>本机关门户网站政府信息公开专栏</p>")
    fields.setdefault("request_channels", [("channel", {"kind": "letter", "instructions": "在信封左下角注明“政府信息公开申请”字样"})])
    fields.setdefault("process_steps", STEPS)
    guide = GuidePage(title="政府信息公开指南", slug="zn", live=False, **fields)
    parent.add_child(instance=guide)
    return guide


def publish(guide, levels, user=None):
    revision = GuidePage.objects.get(pk=guide.pk).save_revision()
    for task in levels:
        append_record(guide, revision=revision, kind=RecordKind.REVIEW, conclusion=Conclusion.APPROVE, task=task, reviewer_name="审查员", basis=["secrecy_law"])
    revision.publish(user=user)
    return GuidePage.objects.get(pk=guide.pk)


@pytest.mark.django_db
class TestGuide:
    def test_a_guide_missing_a_mandatory_element_cannot_go_live(self, catalogue, classifications, levels, django_user_model):
        guide = make_guide(catalogue.get_parent(), request_channels=[])
        blockers = guide.publication_blockers()
        assert len(blockers) == 1
        for missing in ("工作机构名称", "办公地址", "办公时间", "联系电话", "传真号码", "互联网联系方式", "依申请公开"):
            assert missing in blockers[0]
        with pytest.raises(GateRefused):
            publish(guide, levels, user=django_user_model.objects.create_superuser("boss", "b@example.com", "x"))
        assert not GuidePage.objects.get(pk=guide.pk).live

    def test_a_complete_guide_goes_live_and_shows_everything(self, catalogue, classifications, office, levels):
        guide = publish(make_guide(catalogue.get_parent(), catalogue=catalogue), levels)
        assert guide.live
        html = Client().get(guide.url).content.decode()
        for text in ("某县人民政府办公室", "5月1日至9月30日", "0000-1234568", "xxgk@example.gov.cn", "信函申请", "20个工作日内", "国办函〔2020〕109号"):
            assert text in html
        # the classification, generated: topics and the 索引号 scheme
        assert "科技、教育" in html and "教育" in html and "000014349/" in html
        # the scheme in words, never its format string
        assert "机构代码/4位年份-5位流水号" in html and "{org_code}" not in html
        # 办理流程 as an ordered list of steps
        assert '<ol class="wd-flow"' in html
        flow = html[html.index('<ol class="wd-flow"') :]
        assert flow.index("登记") < flow.index("审核") < flow.index("答复")

    def test_staleness_by_age_office_and_taxonomy(self, catalogue, classifications, office, levels):
        guide = publish(make_guide(catalogue.get_parent(), last_reviewed=datetime.date(2024, 1, 10)), levels)
        assert guide.staleness(today=datetime.date(2024, 6, 1)) == []
        assert "12" in guide.staleness(today=datetime.date(2025, 1, 10))[0]
        settings = DisclosureSettings.for_site(Site.objects.get(is_default_site=True))
        settings.guide_review_months = 6
        settings.save()
        assert guide.staleness(today=datetime.date(2024, 7, 10))
        office.phone = "0000-7654321"
        office.save()
        Topic.objects.create(name="农业、林业、水利")
        reasons = guide.staleness(today=datetime.date(2024, 2, 1))
        assert len(reasons) == 2 and "工作机构" in reasons[0] and "主题" in reasons[1]

    def test_the_dashboard_warns(self, admin_client, catalogue, classifications, office, levels):
        publish(make_guide(catalogue.get_parent(), last_reviewed=datetime.date(2020, 1, 1)), levels)
        html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
        assert "data-disclosure-stale-guides" in html and "政府信息公开指南" in html

    def test_the_office_template_tag(self, catalogue, classifications, office, levels):
        from django.template import Context, Template
        from django.test import RequestFactory

        publish(make_guide(catalogue.get_parent(), catalogue=catalogue), levels)  # the office as the live guide's review saw it
        request = RequestFactory().get("/")
        request.site = Site.objects.get(is_default_site=True)
        html = Template("{% load wagtail_disclosure_tags %}{% disclosure_office %}").render(Context({"request": request}))
        assert "某县人民路1号" in html and "10月1日至次年4月30日" in html
