"""Images follow their page: an image used only by unreviewed content of a gated page is not served to the
public, through the rendition addresses the plugin's storage gives (``media_storage``, ``views.media``)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.images.views.serve import generate_image_url

from wagtail_disclosure.models import CatalogueEntryPage

from .utils import approve, make_entry, publish_reviewed

pytestmark = pytest.mark.django_db


def embed(image):
    return f'<embed embedtype="image" format="fullwidth" id="{image.pk}" alt="水位"/>'


@pytest.fixture
def image():
    return get_image_model().objects.create(title="水位图", file=get_test_image_file("shuiwei.png"))


def rendition_url(image):
    return image.get_rendition("max-800x600").url


def test_renditions_are_addressed_through_the_plugins_view(image):
    url = rendition_url(image)
    assert url.startswith("/disclosure-media/images/")
    assert not url.startswith("/media/")


def test_an_image_in_an_unreviewed_draft_is_served_only_in_the_admin_until_published_with_it(catalogue, image, admin_client):
    entry = make_entry(catalogue, slug="shuiwei")  # live, reviewed, without the image
    row = CatalogueEntryPage.objects.get(pk=entry.pk)
    row.body = f"<p>水位</p>{embed(image)}"
    revision = row.save_revision()  # a draft: never reviewed
    url = rendition_url(image)
    assert Client().get(url).status_code == 404
    response = admin_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"

    approve(row, revision)
    revision.publish()
    html = Client().get(CatalogueEntryPage.objects.get(pk=entry.pk).url).content.decode()
    shown = re.search(r'<img[^>]+src="([^"]+)"', html).group(1)
    assert shown.startswith("/disclosure-media/images/")
    public = Client().get(shown)
    assert public.status_code == 200 and "no-store" not in public.get("Cache-Control", "")


def test_an_image_of_a_page_never_published_is_not_public(catalogue, image):
    make_entry(catalogue, slug="draft", body=embed(image), publish=False)
    assert Client().get(rendition_url(image)).status_code == 404


def test_an_image_shown_by_a_live_page_stays_public_while_another_draft_uses_it(catalogue, image):
    make_entry(catalogue, slug="live", body=embed(image))
    make_entry(catalogue, slug="draft", body=embed(image), publish=False)
    assert Client().get(rendition_url(image)).status_code == 200


def test_other_images_and_files_that_are_not_renditions(image, catalogue):
    assert Client().get(rendition_url(image)).status_code == 200  # used by no disclosure page
    # The storage shares MEDIA_ROOT with originals and documents: the view serves renditions only.
    assert Client().get(reverse("wagtail_disclosure_media:rendition", args=[image.file.name])).status_code == 404
    assert Client().get("/disclosure-media/../original_images/" + image.file.name.split("/")[-1]).status_code == 404


def test_the_demo_does_not_serve_media_files_directly(image):
    assert Client().get("/media/" + image.file.name).status_code == 404


def test_wagtails_dynamic_image_view_applies_the_same_rule(catalogue, image, admin_client, settings):
    settings.ROOT_URLCONF = "tests.urls_image_serve"
    make_entry(catalogue, slug="draft", body=embed(image), publish=False)
    url = generate_image_url(image, "width-100")
    assert Client().get(url).status_code == 404
    assert admin_client.get(url).status_code == 200
    entry = CatalogueEntryPage.objects.get(slug="draft")
    publish_reviewed(entry)
    assert Client().get(url).status_code == 200
