"""Signed review forms (保密审查单): uploaded by the reviewer inside the review form, kept in a collection of
their own that no document view shows (``models.review_forms``), never public; and each recorded review
is confirmed by a message."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext
from wagtail.documents import get_document_model
from wagtail.models import Collection, GroupCollectionPermission

from wagtail_disclosure.models import ReviewFormsCollection
from wagtail_disclosure.models.review_forms import review_forms_collection

from .test_review_task import (  # noqa: F401 (fixtures)
    XHR,
    _chinese,
    action_url,
    make_document,
    post_modal,
    review,
    review_data,
    reviews,
    submit,
)

pytestmark = pytest.mark.django_db

SCAN = b"%PDF-1.4 signed scan"


def upload_url(task_state):
    return reverse("wagtail_disclosure:review_signed_form", args=(task_state.pk,))


def upload(client, task_state, name="shenchadan.pdf", content=SCAN):
    return client.post(upload_url(task_state), {"file": SimpleUploadedFile(name, content)}, **XHR)


def download(client, document):
    return client.get(reverse("wagtaildocs_serve", args=(document.pk, document.filename)))


@pytest.fixture
def editor_with_all_documents(review):
    """An editor whose group holds every document permission on the root collection (so, Wagtail-wise, on all)."""
    for codename in ("add_document", "change_document", "delete_document", "choose_document"):
        GroupCollectionPermission.objects.create(
            group=review.editors, collection=Collection.get_first_root_node(), permission=Permission.objects.get(codename=codename)
        )
    return review.author


def test_the_migration_created_the_private_collection():
    row = ReviewFormsCollection.objects.get()
    assert row.collection.get_parent() == Collection.get_first_root_node()
    assert review_forms_collection() == row.collection


class TestUploadInTheReviewForm:
    def test_the_review_form_offers_the_upload(self, client, review):
        entry, state = submit(review)
        client.force_login(review.reviewer1)
        html = client.get(action_url(entry, "approve", state), **XHR).json()["html"]
        assert upload_url(state) in html and "data-disclosure-signed-form-file" in html and gettext("Upload the signed review form") in html

    def test_a_reviewer_uploads_the_scan_and_approves_with_it(self, client, review):
        entry, state = submit(review)
        client.force_login(review.reviewer1)
        response = upload(client, state)
        assert response.status_code == 200, response.content
        document = get_document_model().objects.get(pk=response.json()["id"])
        assert document.collection == review_forms_collection() and document.uploaded_by_user == review.reviewer1
        assert document.file_size == len(SCAN) and "初审" in document.title
        assert document.title in response.json()["label"]

        # Offered in the form's select, and recorded with the review.
        html = client.get(action_url(entry, "approve", state), **XHR).json()["html"]
        assert f'<option value="{document.pk}"' in html
        result = post_modal(client, entry, state, review_data(state, attachment=document.pk))
        record = reviews().get()
        assert record.attachment == document

        # The reviewer is told the review was recorded.
        shown = [str(message).strip() for message in client.get(result["redirect"], follow=True).context["messages"]]
        confirmation = gettext("Your review was recorded in the ledger (record #%(number)s): %(level)s, “%(conclusion)s”.") % {
            "number": record.sequence, "level": "初审", "conclusion": record.get_conclusion_display(),
        }
        assert confirmation in shown, shown

    def test_only_a_reviewer_of_the_open_level_may_upload(self, client, review):
        entry, state = submit(review)
        client.force_login(review.author)  # the author is no reviewer (and wrote the content)
        assert upload(client, state).status_code == 403
        client.force_login(review.reviewer2)  # a reviewer of the next level
        response = upload(client, state)
        assert response.status_code == 403 and "不是本级审查的审查人" in response.json()["error"]
        assert not get_document_model().objects.filter(collection=review_forms_collection()).exists()
        client.logout()
        assert upload(client, state).status_code in (302, 403)

    def test_a_file_that_is_not_a_scan_is_refused_with_the_reason(self, client, review):
        entry, state = submit(review)
        client.force_login(review.reviewer1)
        response = upload(client, state, name="shenchadan.exe", content=b"MZ")
        assert response.status_code == 400 and "“shenchadan.exe”" in response.json()["error"]
        response = upload(client, state, name="kong.pdf", content=b"")
        assert response.status_code == 400
        assert not get_document_model().objects.filter(collection=review_forms_collection()).exists()

    def test_another_reviewers_upload_cannot_be_attached(self, client, review):
        entry, state = submit(review)
        client.force_login(review.reviewer1)
        theirs = get_document_model().objects.get(pk=upload(client, state).json()["id"])
        review.reviewer1.groups.first().user_set.add(review.reviewer2)  # another 初审 reviewer
        client.force_login(review.reviewer2)
        html = client.get(action_url(entry, "approve", state), **XHR).json()["html"]
        assert f'<option value="{theirs.pk}"' not in html
        post_modal(client, entry, state, review_data(state, attachment=theirs.pk))
        assert not reviews().exists()


class TestKeptOutOfTheDocumentViews:
    def test_signed_forms_are_not_in_the_listing_chooser_or_editor(self, client, review, editor_with_all_documents, admin_client):
        entry, state = submit(review)
        client.force_login(review.reviewer1)
        signed = get_document_model().objects.get(pk=upload(client, state).json()["id"])
        post_modal(client, entry, state, review_data(state, attachment=signed.pk))
        ordinary = make_document("防汛预案")

        client.force_login(editor_with_all_documents)
        for logged_in in (client, admin_client):  # superusers included: a signed form is evidence, not a file to manage
            listing = logged_in.get(reverse("wagtaildocs:index")).content.decode()
            assert ordinary.title in listing and signed.title not in listing
            searched = logged_in.get(reverse("wagtaildocs:index"), {"q": "审查单"}).content.decode()
            assert signed.title not in searched
            chooser = logged_in.get(reverse("wagtaildocs_chooser:choose")).json()["html"]
            assert ordinary.title in chooser and signed.title not in chooser
            assert logged_in.get(reverse("wagtaildocs:edit", args=(signed.pk,))).status_code in (302, 403)
            assert logged_in.get(reverse("wagtaildocs:delete", args=(signed.pk,))).status_code in (302, 403)
        add_form = client.get(reverse("wagtaildocs:add_multiple")).content.decode()
        assert review_forms_collection().name not in add_form  # nobody can upload into it through Documents

    def test_a_chosen_ordinary_document_becomes_a_signed_form(self, client, review):
        entry, state = submit(review)
        document = make_document("保密审查单（已签字）", collection=review.forms_collection)
        client.force_login(review.reviewer1)
        post_modal(client, entry, state, review_data(state, attachment=document.pk))
        document.refresh_from_db()
        assert reviews().get().attachment == document and document.collection == review_forms_collection()

    def test_an_upload_is_never_public(self, client, review, admin_client):
        entry, state = submit(review)
        client.force_login(review.reviewer1)
        signed = get_document_model().objects.get(pk=upload(client, state).json()["id"])
        assert download(Client(), signed).status_code == 404  # not yet attached to a record
        assert download(client, signed).status_code == 200  # its uploader
        assert download(admin_client, signed).status_code == 200
        other = Client()
        other.force_login(review.author)
        assert download(other, signed).status_code == 404
        post_modal(client, entry, state, review_data(state, attachment=signed.pk))
        assert download(Client(), signed).status_code == 404
        assert download(client, signed).status_code == 200  # a reviewer of that section
        assert download(other, signed).status_code == 404


def test_other_uploads_keep_their_collections(review, editor_with_all_documents, client):
    client.force_login(editor_with_all_documents)
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {"title": "通知", "files[]": SimpleUploadedFile("tongzhi.txt", b"x"), "collection": review_forms_collection().pk},
        **XHR,
    )
    assert not get_document_model().objects.filter(collection=review_forms_collection()).exists(), response.content[:300]


def test_the_collection_is_private_for_what_reads_collection_privacy(client, review):
    """Wagtail's API v3 lists documents to anonymous requests, leaving out only private collections."""
    entry, state = submit(review)
    client.force_login(review.reviewer1)
    signed = get_document_model().objects.get(pk=upload(client, state).json()["id"])
    ordinary = make_document("防汛预案")
    listing = Client().get("/api/v3/documents/")
    assert listing.status_code == 200
    listed = [item["id"] for item in listing.json()["items"]]
    assert ordinary.pk in listed and signed.pk not in listed


def test_the_collection_cannot_be_deleted_even_while_empty(admin_client):
    collection = review_forms_collection()
    url = reverse("wagtailadmin_collections:delete", args=(collection.pk,))
    page = admin_client.get(url).content.decode()
    assert gettext("the signed review forms (保密审查单) of the review ledger, which are kept here") in page
    admin_client.post(url)
    assert ReviewFormsCollection.objects.get().collection == collection
