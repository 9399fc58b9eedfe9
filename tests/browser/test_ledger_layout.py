"""The review ledger's listing at 1366 × 768 (issue 12): at least 15 records on one screen, and the 类型 column
on one line — 历史数据迁移 does not stack character by character. Measured in Chromium, not read from the CSS."""

import pytest
from django.utils import translation
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from wagtail_disclosure.models import ReviewRecord
from wagtail_disclosure.rules.confidentiality import RecordKind

from ..utils import make_entry
from .helpers import ADMIN_LANGUAGE, log_in, make_disclosure_site, screenshot, translated

pytestmark = pytest.mark.browser

USERNAME, PASSWORD = "shenji", "taizhang-chayue-2024"  # noqa: S105

# Per row: its box against the viewport, and for the kind cell the line boxes of its text and whether it is cut.
ROWS_SCRIPT = """([kindIndex, height]) => [...document.querySelectorAll("table.disclosure-ledger tbody tr")].map(row => {
    const box = row.getBoundingClientRect();
    const cell = row.cells[kindIndex];
    const range = document.createRange();
    range.selectNodeContents(cell);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    return {inside: box.top >= 0 && box.bottom <= height, lines: tops.size, text: cell.innerText.trim(),
            cut: cell.scrollWidth > cell.clientWidth};
})"""


def test_fifteen_ledger_rows_fit_a_1366_by_768_screen_with_the_kind_on_one_line(page, django_user_model):
    catalogue, *_rest = make_disclosure_site()
    for number in range(22):  # each published through a 历史数据迁移 record
        make_entry(catalogue, title=f"某县人民政府办公室关于做好第{number + 1}批政府信息公开工作的通知")
    assert ReviewRecord.objects.filter(kind=RecordKind.LEGACY_MIGRATION).count() >= 20
    user = django_user_model.objects.create_superuser(USERNAME, f"{USERNAME}@example.gov.cn", PASSWORD)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = ADMIN_LANGUAGE
    profile.save()
    with translation.override(ADMIN_LANGUAGE):
        kind_label = str(RecordKind.LEGACY_MIGRATION.label)

    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, USERNAME, PASSWORD)
    page.goto("/admin/reports/review-ledger/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(translated("Review ledger (保密审查台账)"))
    table = page.locator("table.disclosure-ledger")
    expect(table.locator("tbody tr")).to_have_count(ReviewRecord.objects.count())  # the catalogue's record too
    headers = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    kind_index = headers.index("类型")
    rows = page.evaluate(ROWS_SCRIPT, [kind_index, 768])
    screenshot(page, "ledger-1366x768")

    inside = [row for row in rows if row["inside"]]
    assert len(inside) >= 15, f"{len(inside)} of {len(rows)} rows fully on a 1366 × 768 screen"
    kinds = [row for row in rows if row["text"]]
    assert kinds and all(row["text"] == kind_label for row in kinds), {row["text"] for row in kinds}
    assert "历史数据迁移" in kind_label
    assert all(row["lines"] == 1 for row in kinds), [row["lines"] for row in kinds]
    assert not any(row["cut"] for row in kinds), "the kind is cut off (…)"
