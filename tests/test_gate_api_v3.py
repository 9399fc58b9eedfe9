"""The publication gate through Wagtail 8's API v3 (docs/publication-routes.md, route 16), driven for real.

The API is opt-in: tests/settings.py adds the ``wagtail.api.v3`` app and tests/urls.py mounts
``wagtail.api.v3.urls.api`` at ``/api/v3/``. Requests authenticate with a bearer token
(``Authorization: Bearer <token>``, ``APIToken.create_token(user=…)``), here a superuser's, so every
refusal below is the gate's and not a missing permission.

Every route is tried with unreviewed content (it must not reach the public) and then, where the route
can publish at all, with content every review level approved (it must work). "What the public sees"
is read from the database, the page's own URL and the API's anonymous page detail.

What API v3 does under the gate (pinned by the tests):

* ``POST /pages/`` with ``meta.action = "publish"``: 403 with the gate's message, and the whole
  creation is rolled back (Wagtail's create action is atomic), so no draft is left either. Without the
  action it creates a draft (201). A catalogue entry cannot be created through API v3 at all: the
  plugin declares no ``api_fields``, so the required organisation never reaches the model, and the
  plugin's ``save()`` refuses it (422).
* ``PATCH /pages/{id}/`` with ``action = "publish"``: 403 with the gate's message, and the edit is
  rolled back (no draft revision either) and the refusal is logged after the rollback; with approved
  content it publishes (200). Wagtail's own edit action asks ``can_publish()`` of the latest draft as
  it was before the edit; the plugin's (``register_actions``) leaves that to the gate, which judges the
  content being published.
* ``/actions/publish/``: 403 with the gate's message (the plugin registers its publish action through
  the ``register_actions`` hook); 200 once every level has approved the latest revision.
* ``/actions/copy/`` (``keep_live`` defaults to True): 201, the copy is a draft.
* ``/actions/revert/`` only saves a revision; publishing it is refused unless its content was approved.
* ``/actions/create_alias/`` and ``copy_for_translation`` with ``alias``: a live alias that shows exactly
  its live, reviewed source (allowed); a non-alias translation copy is a draft.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import APIToken, Locale, Page, PageLogEntry, WorkflowPage

from wagtail_disclosure.gate import content_fingerprint
from wagtail_disclosure.models import CatalogueEntryPage, CatalogueIndexPage

from .test_gate_routes import (  # noqa: F401
    CHANGED,
    ORIGINAL,
    assert_public_title,
    draft,
    entry,
    levels,
    live_title,
    review,
)
from .utils import make_catalogue, make_entry

pytestmark = pytest.mark.django_db

UNREVIEWED = "从未审查过的标题"


def assert_gate_refusal(message):
    """The publish action refuses with the gate's reason (what is missing, and to submit for review)."""
    assert "保密审查" in message and "不能发布" in message, message


class API:
    """A client for API v3 with a superuser's bearer token."""

    def __init__(self, client, user):
        self.client = client
        self.user = user
        _token, plaintext = APIToken.create_token(user=user, name="gate tests")
        self.client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {plaintext}"

    def _send(self, method, name, page_id=None, data=None):
        url = reverse(f"wagtailapi_v3:{name}", kwargs={"page_id": page_id} if page_id else None)
        body = json.dumps(data) if data is not None else ""
        return getattr(self.client, method)(url, body, content_type="application/json")

    def create(self, page_type, parent, publish=False, **fields):
        meta = {"type": page_type, "parent_id": parent.pk}
        if publish:
            meta["action"] = "publish"
        return self._send("post", "create_page", data={"meta": meta, **fields})

    def update(self, page, publish=False, **fields):
        meta = {"type": page.specific_class._meta.label}
        if publish:
            meta["action"] = "publish"
        return self._send("patch", "update_page", page.pk, {"meta": meta, **fields})

    def action(self, name, page, **data):
        return self._send("post", f"pages_actions_{name}", page.pk, data)


@pytest.fixture
def api(client, django_user_model):
    return API(client, django_user_model.objects.create_superuser("api", "api@example.com", "x"))


def problem(response, status):
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"] == "application/problem+json"
    return response.json()["detail"]


def assert_gate_message(detail, title):
    """The gate's refusal: which content, and which levels are missing."""
    assert title in detail and "保密审查" in detail and "初审" in detail and "复审" in detail


def anonymous_api_title(page):
    """What the API's public page detail shows for ``page``: its title, or None when it is not there."""
    response = Client().get(reverse("wagtailapi_v3:detail_page", kwargs={"page_id": page.pk}))
    assert response.status_code in (200, 404)
    return response.json()["title"] if response.status_code == 200 else None


def public_status(page):
    page = Page.objects.get(pk=page.pk).specific
    return Client().get(page.url or "/nowhere/").status_code


def latest_revision(page):
    return CatalogueEntryPage.objects.get(pk=page.pk).get_latest_revision()


def test_the_api_is_mounted_and_wants_a_token(entry):
    anonymous = Client().post(reverse("wagtailapi_v3:pages_actions_publish", kwargs={"page_id": entry.pk}))
    assert anonymous.status_code == 401
    assert anonymous_api_title(entry) == ORIGINAL


# --- POST /pages/ ---------------------------------------------------------------------------------


class TestCreate:
    def test_creating_a_catalogue_entry_without_its_organisation_is_refused(self, api, catalogue, entry):
        """The plugin exposes no ``api_fields``: API v3 can only write title/slug/SEO fields, so the entry
        reaches ``save()`` without its required organisation: a validation error, nothing created."""
        response = api.create("wagtail_disclosure.CatalogueEntryPage", catalogue, publish=True, title="经接口新建的通知", slug="via-api")
        assert response.status_code == 422
        assert not Page.objects.filter(slug="via-api").exists()
        assert list(CatalogueEntryPage.objects.filter(live=True)) == [CatalogueEntryPage.objects.get(pk=entry.pk)]

    def test_create_and_publish_is_refused_and_creates_nothing(self, api, catalogue, levels):
        home = catalogue.get_parent()
        WorkflowPage.objects.create(workflow=catalogue.get_workflow(), page=home)  # the same review for a new catalogue
        response = api.create("wagtail_disclosure.CatalogueIndexPage", home, publish=True, title="经接口新建的目录", slug="via-api")
        assert_gate_message(problem(response, 403), "经接口新建的目录")
        # Wagtail's create action is atomic: the refusal rolls back the whole creation, the draft too.
        assert not Page.objects.filter(slug="via-api").exists()
        assert Client().get("/via-api/").status_code == 404

    def test_a_page_created_as_a_draft_is_published_once_reviewed(self, api, catalogue, levels):
        home = catalogue.get_parent()
        WorkflowPage.objects.create(workflow=catalogue.get_workflow(), page=home)
        response = api.create("wagtail_disclosure.CatalogueIndexPage", home, title="经接口新建的目录", slug="via-api")
        assert response.status_code == 201
        created = CatalogueIndexPage.objects.get(pk=response.json()["id"])
        assert not created.live and created.live_revision_id is None and created.latest_revision_id
        assert public_status(created) == 404 and anonymous_api_title(created) is None

        assert_gate_refusal(problem(api.action("publish", created), 403))
        review(created, created.latest_revision, levels[:1])  # 初审 only
        assert_gate_refusal(problem(api.action("publish", created), 403))
        assert not CatalogueIndexPage.objects.get(pk=created.pk).live

        review(created, created.latest_revision, levels[1:])
        response = api.action("publish", created)
        assert response.status_code == 200 and response.json()["title"] == "经接口新建的目录"
        created = CatalogueIndexPage.objects.get(pk=created.pk)
        assert created.live and created.live_revision_id == created.latest_revision_id
        assert public_status(created) == 200 and anonymous_api_title(created) == "经接口新建的目录"


# --- PATCH /pages/{id}/ ---------------------------------------------------------------------------


class TestUpdate:
    def test_patch_and_publish_is_refused_and_keeps_nothing(self, api, entry):
        before = CatalogueEntryPage.objects.get(pk=entry.pk)
        response = api.update(entry, publish=True, title=CHANGED)
        assert_gate_message(problem(response, 403), CHANGED)
        assert_public_title(entry, ORIGINAL)
        assert anonymous_api_title(entry) == ORIGINAL
        # Wagtail's edit action is atomic: the edit is not kept as a draft either.
        after = CatalogueEntryPage.objects.get(pk=entry.pk)
        assert after.latest_revision_id == before.latest_revision_id and not after.has_unpublished_changes

    def test_patch_without_publish_saves_a_draft_only(self, api, entry):
        response = api.update(entry, title=CHANGED)
        assert response.status_code == 200 and response.json()["title"] == CHANGED
        assert latest_revision(entry).as_object().title == CHANGED
        assert_public_title(entry, ORIGINAL)
        assert anonymous_api_title(entry) == ORIGINAL

    def test_patch_and_publish_of_approved_content_goes_live(self, api, entry, levels):
        review(entry, draft(entry, CHANGED), levels)  # this content was approved as a draft
        response = api.update(entry, publish=True, title=CHANGED)
        assert response.status_code == 200, response.content.decode()
        assert_public_title(entry, CHANGED)
        assert anonymous_api_title(entry) == CHANGED

    def test_patch_and_publish_is_judged_on_the_content_it_publishes(self, api, entry, levels):
        """Wagtail's edit action asks ``can_publish()`` of the content *before* the edit; for a gated type the
        plugin's edit action leaves that to the gate, which judges the content being published: an edit that
        restores approved content over an unreviewed draft is published, an unreviewed one refused and logged."""
        review(entry, draft(entry, CHANGED), levels)
        draft(entry, UNREVIEWED)
        assert_gate_message(problem(api.update(entry, publish=True, title="又一个未审查的标题"), 403), "又一个未审查的标题")
        assert latest_revision(entry).as_object().title == UNREVIEWED  # rolled back
        refusal = PageLogEntry.objects.get(page_id=entry.pk, action="wagtail_disclosure.gate_refused", data__route="api_v3_edit")
        assert refusal.user == api.user
        response = api.update(entry, publish=True, title=CHANGED)
        assert response.status_code == 200, response.content.decode()
        assert_public_title(entry, CHANGED)


# --- /actions/publish/ ----------------------------------------------------------------------------


class TestPublish:
    def test_publishing_an_unreviewed_draft_is_refused_until_every_level_approved(self, api, entry, levels):
        assert api.update(entry, title=CHANGED).status_code == 200  # an unreviewed draft revision
        revision = latest_revision(entry)
        assert_gate_refusal(problem(api.action("publish", entry), 403))
        assert_public_title(entry, ORIGINAL)

        review(entry, revision, levels[:1])  # 初审 only
        assert_gate_refusal(problem(api.action("publish", entry), 403))
        assert_public_title(entry, ORIGINAL)

        review(entry, revision, levels[1:])
        response = api.action("publish", entry)
        assert response.status_code == 200 and response.json()["title"] == CHANGED
        assert_public_title(entry, CHANGED)
        assert anonymous_api_title(entry) == CHANGED
        assert CatalogueEntryPage.objects.get(pk=entry.pk).live_revision_id == revision.pk

    def test_a_rejected_draft_is_refused(self, api, entry, levels):
        from wagtail_disclosure.rules.confidentiality import Conclusion

        review(entry, draft(entry), levels, Conclusion.REJECT)
        assert_gate_refusal(problem(api.action("publish", entry), 403))
        assert_public_title(entry, ORIGINAL)


# --- /actions/copy/ -------------------------------------------------------------------------------


class TestCopy:
    def test_copy_keeping_live_makes_a_draft(self, api, entry, levels):
        draft(entry, UNREVIEWED)  # the source has unreviewed changes too
        for data in ({"slug": "copy-default"}, {"slug": "copy-keep-live", "keep_live": True}):
            response = api.action("copy", entry, **data)
            assert response.status_code == 201
            copy = CatalogueEntryPage.objects.get(pk=response.json()["id"])
            assert not copy.live and copy.live_revision_id is None
            assert public_status(copy) == 404 and anonymous_api_title(copy) is None
        assert_public_title(entry, ORIGINAL)

        # The copy is a new page with its own review: once approved, the publish action works.
        copy = CatalogueEntryPage.objects.get(slug="copy-default")
        assert copy.get_latest_revision().as_object().title == UNREVIEWED
        assert_gate_refusal(problem(api.action("publish", copy), 403))
        review(copy, copy.get_latest_revision(), levels)
        assert api.action("publish", copy).status_code == 200
        assert_public_title(copy, UNREVIEWED)  # the copy starts from the source's latest draft

    def test_recursive_copy_of_a_catalogue_makes_drafts_throughout(self, api, catalogue, entry):
        response = api.action("copy", catalogue, slug="xxgk-copy", recursive=True, keep_live=True)
        assert response.status_code == 201
        top = Page.objects.get(pk=response.json()["id"])
        copies = Page.objects.descendant_of(top, inclusive=True)
        assert copies.count() == 2 and not copies.filter(live=True).exists()
        assert Client().get("/xxgk-copy/").status_code == 404 and Client().get("/xxgk-copy/fangxun/").status_code == 404
        assert_public_title(entry, ORIGINAL)


# --- /actions/revert/ -----------------------------------------------------------------------------


class TestRevert:
    def test_revert_and_publish_goes_live_only_with_reviewed_content(self, api, entry, levels):
        first = CatalogueEntryPage.objects.get(pk=entry.pk).live_revision  # ORIGINAL, reviewed
        unreviewed = draft(entry, UNREVIEWED)
        reviewed = draft(entry, CHANGED)
        review(entry, reviewed, levels)
        assert api.action("publish", entry).status_code == 200
        assert_public_title(entry, CHANGED)

        # Back to content no one approved: the revert saves a revision, publishing it is refused.
        response = api.action("revert", entry, revision_id=unreviewed.pk)
        assert response.status_code == 200 and response.json()["title"] == UNREVIEWED
        assert latest_revision(entry).as_object().title == UNREVIEWED
        assert_public_title(entry, CHANGED)
        assert_gate_refusal(problem(api.action("publish", entry), 403))
        assert_public_title(entry, CHANGED)
        assert anonymous_api_title(entry) == CHANGED

        # Back to the content that was approved and published first: it passes by its fingerprint.
        assert api.action("revert", entry, revision_id=first.pk).status_code == 200
        assert api.action("publish", entry).status_code == 200
        assert_public_title(entry, ORIGINAL)
        assert anonymous_api_title(entry) == ORIGINAL


# --- aliases and translations ---------------------------------------------------------------------


def same_content(page, other):
    page, other = Page.objects.get(pk=page.pk).specific, Page.objects.get(pk=other.pk).specific
    return content_fingerprint(page, ignore=("slug", "url_path")) == content_fingerprint(other, ignore=("slug", "url_path"))


class TestAliases:
    def test_an_alias_of_a_live_reviewed_page_shows_exactly_its_content(self, api, entry, catalogue, levels):
        other = make_catalogue(parent=catalogue.get_parent(), title="另一目录", slug="other")
        response = api.action("create_alias", entry, destination_id=other.pk, slug="fangxun-alias")
        assert response.status_code == 201
        alias = CatalogueEntryPage.objects.get(pk=response.json()["id"])
        assert alias.alias_of_id == entry.pk and alias.live
        assert same_content(alias, entry)
        assert_public_title(alias, ORIGINAL)
        assert anonymous_api_title(alias) == ORIGINAL

        # It follows its source only through reviewed publications.
        assert api.update(entry, title=CHANGED).status_code == 200
        assert_gate_refusal(problem(api.action("publish", entry), 403))
        assert_public_title(alias, ORIGINAL)
        review(entry, latest_revision(entry), levels)
        assert api.action("publish", entry).status_code == 200
        assert_public_title(alias, CHANGED)
        assert same_content(alias, entry)

        # Editing the alias itself: Wagtail refuses to save a revision of an alias (500), nothing changes.
        api.client.raise_request_exception = False
        assert api.update(alias, publish=True, title="别名自己的标题").status_code == 500
        assert_public_title(alias, CHANGED)

    def test_an_alias_of_a_draft_is_not_live(self, api, catalogue, levels):
        unpublished = make_entry(catalogue, publish=False, title=UNREVIEWED, slug="unpublished")
        response = api.action("create_alias", unpublished, slug="unpublished-alias")
        assert response.status_code == 201
        alias = CatalogueEntryPage.objects.get(pk=response.json()["id"])
        assert not alias.live and public_status(alias) == 404

    def test_a_converted_alias_keeps_its_content_and_needs_review_for_new_content(self, api, entry, catalogue, levels):
        other = make_catalogue(parent=catalogue.get_parent(), title="另一目录", slug="other")
        WorkflowPage.objects.create(workflow=catalogue.get_workflow(), page=other)
        alias = CatalogueEntryPage.objects.get(pk=api.action("create_alias", entry, destination_id=other.pk).json()["id"])
        response = api.action("convert_alias", alias)
        assert response.status_code == 200
        converted = CatalogueEntryPage.objects.get(pk=alias.pk)
        assert converted.alias_of_id is None and converted.live and same_content(converted, entry)
        assert_public_title(converted, ORIGINAL)
        assert_gate_message(problem(api.update(converted, publish=True, title=CHANGED), 403), CHANGED)
        assert_public_title(converted, ORIGINAL)

    def test_copy_for_translation(self, api, entry):
        english = Locale.objects.get_or_create(language_code="en")[0]
        response = api.action("copy_for_translation", entry, locale="en", copy_parents=True)
        assert response.status_code == 201
        translation = CatalogueEntryPage.objects.get(pk=response.json()["id"])
        assert translation.locale == english and translation.alias_of_id is None
        assert not translation.live and translation.live_revision_id is None
        assert anonymous_api_title(translation) is None
        # The parents were created as aliases, which show their live, reviewed sources.
        for parent in translation.get_ancestors().filter(depth__gt=1):
            assert parent.alias_of_id and parent.live and same_content(parent, parent.alias_of)
        assert_public_title(entry, ORIGINAL)

        translation.delete()
        response = api.action("copy_for_translation", entry, locale="en", alias=True)
        assert response.status_code == 201
        alias = CatalogueEntryPage.objects.get(pk=response.json()["id"])
        assert alias.locale == english and alias.alias_of_id == entry.pk
        assert alias.live and same_content(alias, entry) and live_title(alias) == ORIGINAL

