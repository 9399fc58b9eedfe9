"""The 政府信息公开 column's own pages (国办公开办函〔2019〕61号): 政府信息公开制度, 法定主动公开内容 and 依申请公开 —
model, admin and public page, gated and translatable like the other disclosure pages."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from wagtail_disclosure.gate import GateRefused
from wagtail_disclosure.models import (
    DisclosureOffice,
    DisclosureRulesPage,
    Genre,
    ProactiveCategoryLink,
    ProactiveDisclosurePage,
    RequestApplicationPage,
    RequestColumnPage,
    Topic,
)
from wagtail_disclosure.rules.columns import ProactiveCategory, category_basis

from .test_guide import levels, make_guide, office, publish  # noqa: F401 - fixtures
from .utils import make_entry, publish_reviewed


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def column(catalogue):
    return catalogue.get_parent()


@pytest.fixture
def entries(catalogue, organisation, classifications):
    topic, notice, _audience = classifications
    rules = Genre.objects.create(name="工作制度")
    other_topic = Topic.objects.create(name="财政", parent=Topic.objects.create(name="财政、金融、审计"))
    return {
        "rule": make_entry(catalogue, genre=rules, topic=topic, title="某县政府信息公开保密审查制度"),
        "rule_draft": make_entry(catalogue, publish=False, genre=rules, topic=topic, title="某县政府信息公开工作考核制度（草稿）"),
        "notice": make_entry(catalogue, genre=notice, topic=topic, title="关于做好教育信息公开工作的通知"),
        "budget": make_entry(catalogue, genre=notice, topic=other_topic, title="某县2024年财政预算"),
    }


def rules_page(column, catalogue, **fields):
    page = DisclosureRulesPage(title="政府信息公开制度", slug="zd", live=False, intro="<p>本机关执行以下制度。</p>", catalogue=catalogue, **fields)
    column.add_child(instance=page)
    return page


def proactive_page(column, catalogue, rows):
    page = ProactiveDisclosurePage(title="法定主动公开内容", slug="fdzdgknr", live=False, catalogue=catalogue)
    page.categories = rows
    column.add_child(instance=page)
    return page


# --- model ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestModels:
    def test_the_rules_page_lists_the_catalogues_live_rules(self, column, catalogue, entries):
        page = rules_page(column, catalogue, genre=entries["rule"].genre)
        assert [entry.pk for entry in page.rules()] == [entries["rule"].pk]
        page.genre, page.topic = None, entries["rule"].topic.parent  # a topic covers its sub-topics
        assert {entry.pk for entry in page.rules()} == {entries["rule"].pk, entries["notice"].pk}
        assert page.catalogue_url() == f"{catalogue.url}?topic={page.topic_id}"

    def test_the_rules_page_needs_a_genre_or_topic_with_a_catalogue(self, column, catalogue):
        from django.core.exceptions import ValidationError  # noqa: PLC0415

        with pytest.raises(ValidationError) as refused:
            rules_page(column, catalogue).full_clean()
        assert "genre" in refused.value.message_dict

    def test_proactive_categories_link_into_the_catalogue_filters(self, column, catalogue, entries):
        budget_topic = entries["budget"].topic
        page = proactive_page(column, catalogue, [
            ProactiveCategoryLink(category=ProactiveCategory.BUDGETS, topic=budget_topic),
            ProactiveCategoryLink(category=ProactiveCategory.REGULATIONS, title="行政规范性文件", genre=entries["rule"].genre),
        ])  # fmt: skip
        budgets, regulations = ProactiveDisclosurePage.objects.get(pk=page.pk).sections()
        assert budgets["url"] == f"{catalogue.url}?topic={budget_topic.pk}" and budgets["count"] == 1
        assert [entry.title for entry in budgets["entries"]] == ["某县2024年财政预算"]
        assert budgets["basis"] == category_basis(7) and "七" in budgets["basis"]  # 条例第二十条第（七）项
        assert str(budgets["heading"]) == str(ProactiveCategory.BUDGETS.label)
        assert regulations["heading"] == "行政规范性文件" and regulations["count"] == 1  # the draft is not counted

    def test_a_category_without_topic_or_genre_is_refused(self):
        from django.core.exceptions import ValidationError  # noqa: PLC0415

        with pytest.raises(ValidationError):
            ProactiveCategoryLink(category=ProactiveCategory.PLANS).clean()

    def test_the_request_column_gathers_the_forms_the_guide_and_the_reviewed_office(self, column, catalogue, classifications, organisation, office, levels):
        guide = publish(make_guide(column, catalogue=catalogue), levels)
        page = column.add_child(instance=RequestColumnPage(title="依申请公开", slug="ysqgk", live=False, guide=guide))
        form = page.add_child(instance=RequestApplicationPage(title="政府信息公开申请", slug="sqgk", organisation=organisation, live=False))
        assert page.application_pages() == []
        publish_reviewed(form)
        assert [each.pk for each in page.application_pages()] == [form.pk]
        DisclosureOffice.objects.filter(pk=office.pk).update(phone="0000-7654321")
        assert RequestColumnPage.objects.get(pk=page.pk).office().phone == "0000-1234567"  # as the live guide shows it

    def test_they_are_gated_and_translatable(self, column, catalogue, django_user_model):
        page = rules_page(column, catalogue, topic=Topic.objects.create(name="政务公开"))
        with pytest.raises(GateRefused):
            page.save_revision().publish(user=django_user_model.objects.create_superuser("boss", "b@example.com", "x"))
        assert not Page.objects.get(pk=page.pk).live
        for model in (DisclosureRulesPage, ProactiveDisclosurePage, RequestColumnPage):
            names = {field.field_name for field in model.translatable_fields}
            assert {"title", "slug", "intro"} <= names


# --- admin ----------------------------------------------------------------------------------------------


def add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=("wagtail_disclosure", model._meta.model_name, parent.pk))


def form_data(**fields):
    return nested_form_data({"intro": rich_text("<p>导语</p>"), "comments": inline_formset([]), **fields})


@pytest.mark.django_db
class TestAdmin:
    def test_an_editor_creates_each_page(self, admin_client, column, catalogue, entries):
        response = admin_client.post(
            add_url(DisclosureRulesPage, column),
            form_data(title="政府信息公开制度", slug="zd", catalogue=catalogue.pk, genre=entries["rule"].genre_id, topic=""),
        )
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        assert DisclosureRulesPage.objects.get(slug="zd").genre_id == entries["rule"].genre_id

        categories = inline_formset([{"category": ProactiveCategory.BUDGETS.value, "title": "", "topic": entries["budget"].topic_id, "genre": ""}])
        response = admin_client.post(add_url(ProactiveDisclosurePage, column), form_data(title="法定主动公开内容", slug="fdzdgknr", catalogue=catalogue.pk, categories=categories))
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        assert ProactiveDisclosurePage.objects.get(slug="fdzdgknr").categories.get().topic_id == entries["budget"].topic_id

        response = admin_client.post(add_url(RequestColumnPage, column), form_data(title="依申请公开", slug="ysqgk", guide=""))
        assert response.status_code == 302
        assert RequestColumnPage.objects.filter(slug="ysqgk", live=False).exists()

    def test_a_category_without_topic_or_genre_says_so_and_keeps_the_input(self, admin_client, column, catalogue):
        categories = inline_formset([{"category": ProactiveCategory.PLANS.value, "title": "规划信息", "topic": "", "genre": ""}])
        response = admin_client.post(add_url(ProactiveDisclosurePage, column), form_data(title="法定主动公开内容", slug="fdzdgknr", catalogue=catalogue.pk, categories=categories))
        assert response.status_code == 200 and not ProactiveDisclosurePage.objects.exists()
        html = response.content.decode()
        assert "规划信息" in html and "error-message" in html


# --- public ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestPublic:
    def test_the_rules_page(self, column, catalogue, entries):
        page = publish_reviewed(rules_page(column, catalogue, genre=entries["rule"].genre))
        html = Client().get(page.url).content.decode()
        assert "<h1>政府信息公开制度</h1>" in html and "本机关执行以下制度。" in html
        assert f'href="{entries["rule"].url}"' in html and "（草稿）" not in html and "财政预算" not in html
        assert f'href="{catalogue.url}?genre={entries["rule"].genre_id}"' in html
        assert 'aria-labelledby="wd-rules-list"' in html

    def test_the_proactive_disclosure_page(self, column, catalogue, entries):
        page = publish_reviewed(proactive_page(column, catalogue, [ProactiveCategoryLink(category=ProactiveCategory.BUDGETS, title="财政预算、决算", topic=entries["budget"].topic)]))
        html = Client().get(page.url).content.decode()
        assert '<h2 id="wd-category-1-title">财政预算、决算</h2>' in html and category_basis(7) in html
        assert f'href="{entries["budget"].url}"' in html and f'href="{catalogue.url}?topic={entries["budget"].topic_id}"' in html
        assert 'href="#wd-category-1"' in html  # the in-page navigation to each category

    def test_the_request_column(self, column, catalogue, classifications, organisation, office, levels):
        guide = publish(make_guide(column, catalogue=catalogue), levels)
        page = column.add_child(instance=RequestColumnPage(title="依申请公开", slug="ysqgk", live=False, guide=guide, intro="<p>可以申请获取政府信息。</p>"))
        form = publish_reviewed(page.add_child(instance=RequestApplicationPage(title="政府信息公开申请", slug="sqgk", organisation=organisation, live=False)))
        page = publish_reviewed(page)
        html = Client().get(page.url).content.decode()
        assert f'href="{form.url}"' in html and f'href="{form.url}progress/"' in html
        assert "在信封左下角注明" in html and '<ol class="wd-flow"' in html  # the guide's channels and 办理流程
        assert f'href="{guide.url}"' in html
        assert "某县人民政府办公室" in html and "0000-1234568" in html  # the office
        assert Client().get(form.url + "progress/").status_code == 200

