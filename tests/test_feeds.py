"""The catalogue's RSS and Atom feeds: an entry's title, 文号 and summary are text, never markup."""

import html
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from .utils import make_entry

ATOM = "{http://www.w3.org/2005/Atom}"
TITLE = "<script>alert('标题')</script>关于<b>教育</b>的通知"
DOCUMENT_NUMBER = '<a href="javascript:alert(1)">某教发〔2024〕5号</a>'
SUMMARY = "明确招生范围 & 程序。\n<img src=x onerror=alert(1)><iframe src=//evil></iframe>"
MARKUP_TAGS = {"script", "b", "a", "img", "iframe"}


class Tags(HTMLParser):
    """The elements a feed reader would build from an HTML text."""

    def __init__(self, text):
        super().__init__()
        self.tags, self.text = [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def local_names(root):
    return {element.tag.rsplit("}", 1)[-1] for element in root.iter()}


@pytest.fixture
def entry(catalogue, organisation, classifications):
    return make_entry(catalogue, title=TITLE, document_number=DOCUMENT_NUMBER, summary=SUMMARY)


@pytest.mark.django_db
class TestRss:
    def test_title_and_description_are_escaped_text(self, client, catalogue, entry):
        response = client.get(catalogue.url + "feed/")
        assert response.status_code == 200
        root = ET.fromstring(response.content)  # noqa: S314 (our own response)
        assert not local_names(root) & MARKUP_TAGS
        item = root.find("channel/item")
        # RSS readers read title and description as HTML: that HTML holds the text, and no element.
        title = item.findtext("title")
        assert Tags(title).tags == [] and html.unescape(title) == TITLE
        description = item.findtext("description")
        parsed = Tags(description)
        assert set(parsed.tags) == {"br"}
        text = "".join(parsed.text)
        assert entry.index_number in text and DOCUMENT_NUMBER in text
        assert "明确招生范围 & 程序。" in text and "<img src=x onerror=alert(1)><iframe src=//evil></iframe>" in text


@pytest.mark.django_db
class TestAtom:
    def test_title_and_summary_are_declared_text(self, client, catalogue, entry):
        response = client.get(catalogue.url + "atom/")
        assert response.status_code == 200
        root = ET.fromstring(response.content)  # noqa: S314 (our own response)
        assert not local_names(root) & MARKUP_TAGS
        item = root.find(f"{ATOM}entry")
        title = item.find(f"{ATOM}title")
        assert title.get("type", "text") == "text" and title.text == TITLE
        summary = item.find(f"{ATOM}summary")
        assert summary.get("type") == "text"
        lines = summary.text.split("\n")
        assert entry.index_number in lines[0]
        assert DOCUMENT_NUMBER in lines[1]
        assert lines[-2:] == SUMMARY.split("\n")
