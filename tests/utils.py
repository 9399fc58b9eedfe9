"""Builders for the tests: a site with a catalogue, organisations, classifications and entries."""

import datetime
import itertools

from wagtail.models import Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from example_site.home.models import HomePage
from wagtail_disclosure.models import (
    CatalogueEntryPage,
    CatalogueIndexPage,
    Genre,
    Organisation,
    ServiceAudience,
    Topic,
)
from wagtail_disclosure.rules.confidentiality import Conclusion, RecordKind
from wagtail_disclosure.services.reviews import append_record

_counter = itertools.count(1)

# Real-world codes whose check characters are valid.
USCC = "11341702486344515H"
ORG_CODE = "000014349"


def make_site():
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="某县人民政府", slug=f"home-{next(_counter)}"))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "site_name": "某县人民政府", "port": 80})
    return home


def approve(page, revision=None, reason="测试数据：视为已在原系统中审查"):
    """Record a 历史数据迁移 approval of ``revision`` (or the page's content), for tests not about the gate."""
    return append_record(
        page, revision=revision, kind=RecordKind.LEGACY_MIGRATION, conclusion=Conclusion.APPROVE,
        reviewer_name="测试", reason=reason, source="tests",
    )


def publish_reviewed(page):
    """Publish the page's current content after recording an approval of it."""
    revision = page.save_revision()
    approve(page, revision)
    revision.publish()
    page.refresh_from_db()
    return page


def make_catalogue(parent=None, **kwargs):
    parent = parent or make_site()
    kwargs.setdefault("title", "政府信息公开目录")
    kwargs.setdefault("slug", "xxgk")
    catalogue = parent.add_child(instance=CatalogueIndexPage(live=False, **kwargs))
    return publish_reviewed(catalogue)


def make_organisation(name="某县人民政府办公室", code=ORG_CODE, **kwargs):
    return Organisation.objects.create(name=name, code=code, **kwargs)


def make_classifications():
    parent = Topic.objects.create(name="科技、教育")
    topic = Topic.objects.create(name="教育", parent=parent)
    genre = Genre.objects.create(name="通知")
    audience = ServiceAudience.objects.create(name="公众")
    return topic, genre, audience


def make_entry(catalogue, *, publish=True, organisation=None, topic=None, genre=None, **fields):
    organisation = organisation or Organisation.objects.first() or make_organisation()
    if topic is None or genre is None:
        topic = topic or Topic.objects.filter(parent__isnull=False).first()
        genre = genre or Genre.objects.first()
        if topic is None or genre is None:
            topic, genre, _audience = make_classifications()
    number = next(_counter)
    fields.setdefault("title", f"关于做好第{number}批政府信息公开工作的通知")
    fields.setdefault("slug", f"entry-{number}")
    fields.setdefault("written_date", datetime.date(2024, 3, 1))
    entry = CatalogueEntryPage(organisation=organisation, topic=topic, genre=genre, live=False, **fields)
    catalogue.add_child(instance=entry)
    if publish:
        publish_reviewed(entry)
    return entry


def editor_form_data(entry, **overrides):
    """What the page editor posts for ``entry`` (a page or a revision's page), with ``overrides``.

    Rich text goes through the editor's converter; bodies stored with Draftail's block keys come back unchanged.
    """
    data = {
        "title": entry.title,
        "slug": entry.slug,
        "summary": entry.summary,
        "body": rich_text(entry.body),
        "attachments": inline_formset([]),
        "organisation": entry.organisation_id,
        "document_number": entry.document_number,
        "written_date": entry.written_date.isoformat(),
        "publish_date": entry.publish_date.isoformat() if entry.publish_date else "",
        "topic": entry.topic_id,
        "genre": entry.genre_id,
        "audience": entry.audience_id or "",
        "keywords": entry.keywords,
        "disclosure_attribute": entry.disclosure_attribute,
        "non_disclosure_reason": entry.non_disclosure_reason,
        "validity": entry.validity,
        "validity_changed_on": "",
        "superseded_by": "",
        "internal_notes": entry.internal_notes,
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)
