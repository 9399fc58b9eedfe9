"""The Wagtail admin: editing entries, managing organisations and taxonomies, the timeliness report."""

import datetime

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from wagtail_disclosure.models import CatalogueEntryPage, Organisation, Topic

from .utils import make_entry


def entry_form_data(org, topic, genre, **overrides):
    data = {
        "title": "关于印发某县义务教育招生方案的通知",
        "slug": "yiwu-jiaoyu-zhaosheng",
        "summary": "明确2024年义务教育招生范围和程序。",
        "body": rich_text("<p>各乡镇人民政府：现将方案印发给你们。</p>"),
        "attachments": inline_formset([]),
        "organisation": org.pk,
        "document_number": "某教发〔2024〕5号",
        "written_date": "2024-03-01",
        "publish_date": "",
        "topic": topic.pk,
        "genre": genre.pk,
        "audience": "",
        "keywords": "教育 招生",
        "disclosure_attribute": "public",
        "non_disclosure_reason": "",
        "validity": "valid",
        "validity_changed_on": "",
        "superseded_by": "",
        "internal_notes": "",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(catalogue):
    return reverse("wagtailadmin_pages:add", args=("wagtail_disclosure", "catalogueentrypage", catalogue.pk))


@pytest.mark.django_db
class TestEntryEditor:
    def test_create_assigns_index_number_and_shows_it(self, admin_client, catalogue, organisation, classifications):
        topic, genre, _audience = classifications
        response = admin_client.post(add_url(catalogue), entry_form_data(organisation, topic, genre))
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        entry = CatalogueEntryPage.objects.get(slug="yiwu-jiaoyu-zhaosheng")
        assert entry.index_number == "000014349/2024-00001"
        edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=(entry.pk,)))
        assert "000014349/2024-00001" in edit.content.decode()

    @pytest.mark.parametrize(
        "overrides, field",
        [
            ({"publish_date": "2024-02-01"}, "publish_date"),
            ({"disclosure_attribute": "withheld"}, "non_disclosure_reason"),
            ({"validity": "repealed"}, "validity_changed_on"),
            ({"written_date": ""}, "written_date"),
            ({"organisation": ""}, "organisation"),
        ],
    )
    def test_bad_input_is_reported_on_the_field_and_nothing_is_lost(self, admin_client, catalogue, organisation, classifications, overrides, field):
        topic, genre, _audience = classifications
        response = admin_client.post(add_url(catalogue), entry_form_data(organisation, topic, genre, **overrides), HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200
        form = response.context["form"]
        assert field in form.errors
        assert form["title"].value() == "关于印发某县义务教育招生方案的通知"
        assert form["summary"].value() == "明确2024年义务教育招生范围和程序。"
        assert not CatalogueEntryPage.objects.exists()

    def test_duplicate_document_number_warns_but_saves(self, admin_client, catalogue, organisation, classifications):
        topic, genre, _audience = classifications
        make_entry(catalogue, document_number="某教发〔2024〕5号", topic=topic, genre=genre, organisation=organisation)
        response = admin_client.post(add_url(catalogue), entry_form_data(organisation, topic, genre), follow=True)
        assert CatalogueEntryPage.objects.filter(document_number="某教发〔2024〕5号").count() == 2
        messages = [str(m) for m in response.context["messages"]]
        assert any("某教发〔2024〕5号" in m for m in messages)

    def test_inactive_organisations_cannot_be_chosen(self, admin_client, catalogue, organisation, classifications):
        topic, genre, _audience = classifications
        inactive = Organisation.objects.create(name="已撤销的某局", code="01527918X", is_active=False)
        response = admin_client.post(add_url(catalogue), entry_form_data(inactive, topic, genre))
        assert response.status_code == 200
        assert "organisation" in response.context["form"].errors


@pytest.mark.django_db
class TestOrganisationAdmin:
    def test_invalid_code_is_refused_with_the_expected_check_character(self, admin_client):
        url = reverse("disclosure_organisations:add")
        response = admin_client.post(url, {"name": "某县教育局", "short_name": "", "code": "11341702486344515J", "is_active": "on", "sort_order": 0})
        assert response.status_code == 200
        errors = response.context["form"].errors["code"]
        assert any("H" in e for e in errors)
        assert response.context["form"]["name"].value() == "某县教育局"
        assert not Organisation.objects.exists()

    def test_valid_code_is_normalised_and_saved(self, admin_client):
        url = reverse("disclosure_organisations:add")
        response = admin_client.post(url, {"name": "某县财政局", "short_name": "财政局", "code": "01527918-x", "is_active": "on", "sort_order": 0})
        assert response.status_code == 302
        assert Organisation.objects.get().code == "01527918X"

    def test_listing_requires_permission(self, client, django_user_model):
        user = django_user_model.objects.create_user("nobody", password="x")
        client.force_login(user)
        response = client.get(reverse("disclosure_organisations:index"))
        assert response.status_code in (302, 403)


@pytest.mark.django_db
class TestTopicAdmin:
    def test_topic_cannot_be_its_own_ancestor(self, admin_client):
        parent = Topic.objects.create(name="科技、教育")
        child = Topic.objects.create(name="教育", parent=parent)
        url = reverse("disclosure_topics:edit", args=(parent.pk,))
        response = admin_client.post(url, {"name": "科技、教育", "parent": child.pk, "sort_order": 0})
        assert response.status_code == 200
        assert "parent" in response.context["form"].errors


@pytest.mark.django_db
class TestTimelinessReport:
    def test_late_and_overdue_entries_are_listed(self, admin_client, catalogue, organisation, classifications):
        on_time = make_entry(catalogue, title="按时发布的通知", written_date=datetime.date(2024, 3, 1), publish_date=datetime.date(2024, 3, 5))
        late = make_entry(catalogue, title="迟发布的通知", written_date=datetime.date(2024, 3, 1), publish_date=datetime.date(2024, 6, 1))
        overdue = make_entry(catalogue, title="逾期未发布的通知", written_date=datetime.date(2024, 3, 1), publish=False)
        html = admin_client.get(reverse("wagtail_disclosure:timeliness")).content.decode()
        assert late.title in html and overdue.title in html
        assert on_time.title not in html
        assert late.timeliness().status == "late"
        assert overdue.timeliness().status == "overdue"

    def test_report_exports_xlsx(self, admin_client, catalogue, organisation, classifications):
        make_entry(catalogue, title="迟发布的通知", written_date=datetime.date(2024, 3, 1), publish_date=datetime.date(2024, 6, 1))
        response = admin_client.get(reverse("wagtail_disclosure:timeliness"), {"export": "xlsx"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
class TestEntryListing:
    def test_lists_public_and_internal_entries_with_filters(self, admin_client, catalogue, organisation):
        from wagtail_disclosure.models import DisclosureAttribute

        public = make_entry(catalogue, title="主动公开的通知")
        withheld = make_entry(catalogue, title="不予公开的请示", disclosure_attribute=DisclosureAttribute.WITHHELD, non_disclosure_reason="条例第十六条：过程性信息", publish=False)
        url = reverse("disclosure_entries:index")
        html = admin_client.get(url).content.decode()
        assert public.title in html and withheld.title in html and withheld.index_number in html
        html = admin_client.get(url, {"disclosure_attribute": "withheld"}).content.decode()
        assert withheld.title in html and public.title not in html
