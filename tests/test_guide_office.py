"""The disclosure office is reviewed content: the public guide and the column's footer show the office as the
live guide's review saw it, until the guide is reviewed and published again."""

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.utils import translation
from wagtail.models import Site

from wagtail_disclosure.models import DisclosureOffice, GuidePage
from wagtail_disclosure.views.interpretations import stale_guides

from .test_guide import levels, make_guide, office, publish  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def footer():
    request = RequestFactory().get("/")
    request.site = Site.objects.get(is_default_site=True)
    return Template("{% load wagtail_disclosure_tags %}{% disclosure_office %}").render(Context({"request": request}))


@pytest.mark.django_db
def test_a_changed_office_reaches_the_public_only_through_a_new_review(catalogue, classifications, office, levels):
    guide = publish(make_guide(catalogue.get_parent(), catalogue=catalogue), levels)
    before = Client().get(guide.url).content.decode()
    assert "0000-1234567" in before and "0000-1234567" in footer()

    changed = DisclosureOffice.objects.get(pk=office.pk)
    changed.phone = "0000-7654321"
    changed.office_hours = [("hours", {"period": "", "hours": "工作日 9:00—17:00"})]
    changed.save()

    assert Client().get(guide.url).content.decode() == before  # unchanged until reviewed
    assert "0000-7654321" not in footer() and "0000-1234567" in footer()
    assert [page.pk for page, _reasons in stale_guides()] == [guide.pk]  # listed for re-review

    # A draft of the guide takes the new details in, and shows them only once reviewed and published.
    GuidePage.objects.get(pk=guide.pk).save_revision()
    assert Client().get(guide.url).content.decode() == before
    guide = publish(guide, levels)
    after = Client().get(guide.url).content.decode()
    assert "0000-7654321" in after and "工作日 9:00—17:00" in after and "10月1日至次年4月30日" not in after
    assert "0000-7654321" in footer()
    assert stale_guides() == []


@pytest.mark.django_db
def test_the_reviewed_office_decides_what_is_missing(catalogue, classifications, office, levels):
    guide = make_guide(catalogue.get_parent())
    guide.save_revision()
    assert GuidePage.objects.get(pk=guide.pk).get_latest_revision_as_object().publication_blockers() == []
    DisclosureOffice.objects.filter(pk=office.pk).update(fax="")
    # The content under review still has the fax it was saved with; a new revision takes the setting as it is.
    assert GuidePage.objects.get(pk=guide.pk).get_latest_revision_as_object().publication_blockers() == []
    guide = GuidePage.objects.get(pk=guide.pk)
    guide.save_revision()
    assert "传真号码" in guide.get_latest_revision_as_object().publication_blockers()[0]


@pytest.mark.django_db
def test_without_a_live_guide_the_office_setting_is_not_shown(catalogue, classifications, office, levels):
    # Gated pages and the footer show the office only as a guide's review saw it: the setting alone is unreviewed.
    assert "0000-1234567" not in footer()
    guide = make_guide(catalogue.get_parent(), catalogue=catalogue)
    guide.save_revision()
    assert "0000-1234567" not in footer()  # a draft guide is not reviewed content either
    publish(guide, levels)
    assert "0000-1234567" in footer()
