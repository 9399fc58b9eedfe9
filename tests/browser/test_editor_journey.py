"""An editor's day in Chinese: log in, file a catalogue entry, publish it, find it on the public site."""

import contextlib
import datetime
import re

import pytest
from playwright.sync_api import expect

from wagtail_disclosure.models import CatalogueEntryPage

from ..utils import ORG_CODE, make_entry
from .helpers import (
    exactly,
    field_label,
    log_in,
    make_disclosure_site,
    make_editor,
    translated,
    wait_until_editor_watches_edits,
)

pytestmark = pytest.mark.browser

TITLE = "关于做好春季学校传染病防控工作的通知"
SEARCH = "传染"  # two characters from the middle of the title
DOCUMENT_NUMBER = "某教发〔2024〕7号"


def label(name):
    return exactly(field_label(CatalogueEntryPage, name))


def open_tab(page, heading):
    # A tab's name may end with Wagtail's count of the problems inside it, e.g. "元数据 1 (1 error)".
    tab = page.get_by_role("tab", name=re.compile(rf"^\s*{re.escape(translated(heading))}(\s|$)", re.IGNORECASE))
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    return tab


def fill_date(page, name, value):
    field = page.get_by_role("textbox", name=label(name))
    field.fill(value)
    field.press("Escape")  # close the date picker, which would cover the fields below
    expect(field).to_have_value(value)


def open_add_entry_form(page, catalogue):
    """From the dashboard, through the page explorer, to the form of a new child of the catalogue."""
    page.get_by_role("navigation", name="主菜单").get_by_role("button", name="页面", exact=True).click()
    # The editor's rights cover the catalogue only, so the explorer menu starts there.
    page.get_by_role("dialog").get_by_role("link", name=catalogue.title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(catalogue.title)
    page.get_by_role("link", name="添加子页面").click()
    # The catalogue allows one page type only, so Wagtail goes straight to its form.
    expect(page).to_have_url(re.compile(r"/admin/pages/add/wagtail_disclosure/catalogueentrypage/\d+/$"))
    wait_until_editor_watches_edits(page)


@contextlib.contextmanager
def autosave_of(page, field, value):
    """Wait for Wagtail's autosave of the form once ``field`` has ``value``.

    Wagtail 8 autosaves the editor form in the background about 1.5 s after each change (and, on a
    new page, creates the draft as soon as the required fields are filled). Waiting for the autosave
    that carries the last change keeps it from racing the editor's next click, and the live server
    from handling two saves at once.
    """
    form = page.locator("form[data-edit-form]")
    if "w-autosave" not in (form.get_attribute("data-controller") or ""):
        yield
        return
    marker = f'name="{field}"\r\n\r\n{value}\r\n'
    with page.expect_response(
        lambda response: response.request.method == "POST"
        and response.request.headers.get("accept") == "application/json"
        and marker in (response.request.post_data or "")
    ):
        yield


def fill_entry(page, organisation, topic, genre, *, title=TITLE, written="2024-03-01", published=""):
    open_tab(page, "Content")
    page.get_by_role("textbox", name=exactly("标题")).fill(title)
    open_tab(page, "Metadata")
    page.get_by_role("combobox", name=label("organisation")).select_option(label=organisation.name)
    page.get_by_role("textbox", name=label("document_number")).fill(DOCUMENT_NUMBER)
    fill_date(page, "written_date", written)
    if published:
        fill_date(page, "publish_date", published)
    page.get_by_role("combobox", name=label("topic")).select_option(label=str(topic))
    with autosave_of(page, "genre", genre.pk):
        page.get_by_role("combobox", name=label("genre")).select_option(label=genre.name)


def catalogue_search(page):
    """The catalogue's own search and filter form (the site's header may have a search form too)."""
    return page.get_by_role("search", name=translated("Search and filter the catalogue"))


def submitting(page, button):
    """Click a form's submit button and wait for the page the server answers with (even at the same URL)."""
    page.evaluate("window.__disclosureOldPage = true")
    button.click()
    page.wait_for_function("window.__disclosureOldPage === undefined")
    page.wait_for_load_state()


def save_draft(page):
    submitting(page, page.get_by_role("button", name="保存草稿"))


def publish(page):
    """Wagtail's publish action is in the dropdown of the footer's action menu."""
    footer = page.get_by_role("navigation", name=re.compile("Actions|动作|操作"))
    footer.get_by_role("button", name="更多动作").click()
    submitting(page, footer.get_by_role("button", name="发布", exact=True))


def test_editor_files_publishes_and_finds_an_entry(page, server, django_user_model):
    catalogue, organisation, topic, genre = make_disclosure_site()
    make_editor(catalogue, django_user_model)
    # Published entries that the search and the filters must leave out: one of the same topic from
    # an earlier year, one of another topic from this year; neither title contains SEARCH.
    earlier = make_entry(
        catalogue, title="关于做好2023年秋季学校招生工作的通知", organisation=organisation, topic=topic, genre=genre,
        written_date=datetime.date(2023, 4, 20), publish_date=datetime.date(2023, 5, 1),
    )
    other_topic = make_entry(
        catalogue, title="关于某县道路维修的公告", organisation=organisation, topic=type(topic).objects.create(name="交通"),
        genre=genre, written_date=datetime.date(2025, 6, 2),  # not 2024: the new entry is to get 2024's first number
    )

    # The admin speaks Chinese from the login page on.
    log_in(page)
    expect(page).to_have_title(re.compile("控制面板|仪表板"))  # dashboard

    open_add_entry_form(page, catalogue)
    fill_entry(page, organisation, topic, genre)
    # Wagtail's autosave has already created the draft: the form is now the page's edit form.
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    save_draft(page)
    expect(page.get_by_role("status")).to_contain_text(TITLE)
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    server.wait_until_idle()
    assert CatalogueEntryPage.objects.filter(title=TITLE).count() == 1  # autosave and save made one page

    # The 索引号 was issued when the draft was first saved (by the autosave): ORGCODE/YEAR-00001,
    # YEAR being that of the 成文日期.
    open_tab(page, "Metadata")
    index_number = page.locator("[data-disclosure-index-number]")
    expect(index_number).to_have_text(re.compile(rf"^\s*{re.escape(ORG_CODE)}/2024-00001\s*$"))
    number = index_number.inner_text().strip()
    server.wait_until_idle()
    entry = CatalogueEntryPage.objects.get(index_number=number)
    assert not entry.live and entry.title == TITLE

    publish(page)
    # Wagtail goes back to the catalogue in the explorer and confirms the publication.
    expect(page).to_have_url(re.compile(rf"/admin/pages/{catalogue.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text(TITLE)
    server.wait_until_idle()
    entry.refresh_from_db()
    assert entry.live and entry.has_unpublished_changes is False
    assert entry.publish_date is not None

    # The public catalogue: a two-character search from the middle of the title.
    page.goto(catalogue.url)
    results = page.get_by_role("table", name=translated("Catalogue entries, newest first"))
    search = catalogue_search(page)
    search.get_by_role("searchbox").fill(SEARCH)
    search.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q="))
    expect(results.get_by_role("link", name=TITLE)).to_be_visible()
    expect(results.get_by_role("link")).to_have_count(1)

    # The filters: topic and year, then apply.
    page.goto(catalogue.url)
    search = catalogue_search(page)
    search.get_by_label(exactly(translated("Topic"))).select_option(str(topic.pk))
    search.get_by_label(exactly(translated("Year"))).select_option(str(entry.publish_date.year))
    search.get_by_role("button", name=translated("Apply filters", "public catalogue")).click()
    expect(page).to_have_url(re.compile(rf"[?&]topic={topic.pk}\b"))
    expect(results.get_by_role("link", name=TITLE)).to_be_visible()
    expect(results.get_by_role("link", name=earlier.title)).to_have_count(0)
    expect(results.get_by_role("link", name=other_topic.title)).to_have_count(0)

    # The entry page with its catalogue metadata.
    results.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    metadata = page.get_by_role("table", name=translated("Catalogue metadata"))
    for heading, value in [
        ("Index number", number),
        ("Issuing organisation", organisation.name),
        ("Document number", DOCUMENT_NUMBER),
        ("Date of writing", "2024-03-01"),
        ("Publication date", entry.publish_date.isoformat()),
        ("Genre", genre.name),
    ]:
        cell = metadata.get_by_role("rowheader", name=translated(heading), exact=True).locator("xpath=following-sibling::td[1]")
        expect(cell).to_have_text(value)
    expect(metadata).to_contain_text(topic.name)


def test_publishing_with_a_publication_date_before_the_date_of_writing_is_refused(page, django_user_model):
    catalogue, organisation, topic, genre = make_disclosure_site()
    make_editor(catalogue, django_user_model)
    log_in(page)
    open_add_entry_form(page, catalogue)
    fill_entry(page, organisation, topic, genre, written="2024-03-01", published="2024-02-01")
    publish(page)

    # The form comes back with the error on the field, on the tab that holds it, and keeps every value.
    expect(page.get_by_role("status")).to_contain_text(re.compile("错误|error", re.IGNORECASE))
    metadata_tab = open_tab(page, "Metadata")
    expect(metadata_tab).to_have_accessible_name(re.compile(r"\d"))  # Wagtail's count of errors in the tab
    publish_date = page.get_by_role("textbox", name=label("publish_date"))
    expect(publish_date).to_have_value("2024-02-01")
    expect(publish_date).to_have_attribute("aria-invalid", "true")
    # The message is tied to the field (aria-describedby) and names the offending date.
    expect(publish_date).to_have_accessible_description(re.compile(r"2024-02-01"))
    expect(page.locator(".w-field", has=publish_date)).to_have_class(re.compile(r"\bw-field--error\b"))
    expect(page.get_by_role("textbox", name=label("written_date"))).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("textbox", name=label("written_date"))).to_have_value("2024-03-01")
    expect(page.get_by_role("textbox", name=label("document_number"))).to_have_value(DOCUMENT_NUMBER)
    expect(page.get_by_role("combobox", name=label("organisation"))).to_have_value(str(organisation.pk))
    expect(page.get_by_role("combobox", name=label("topic"))).to_have_value(str(topic.pk))
    expect(page.get_by_role("combobox", name=label("genre"))).to_have_value(str(genre.pk))
    open_tab(page, "Content")
    expect(page.get_by_role("textbox", name=exactly("标题"))).to_have_value(TITLE)
    expect(page).to_have_url(re.compile(r"/admin/pages/add/"))  # nothing was saved, not even by autosave
