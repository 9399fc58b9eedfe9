"""The admin in Chinese: the plugin's translations must not replace Wagtail's own.

The plugin comes before Wagtail in INSTALLED_APPS, so for a msgid both use, the plugin's catalogue
wins everywhere in the admin. "Pages" (the public pagination's label) once made Wagtail's page
explorer read 分页; the plugin's string now has a context ("catalogue pagination").
"""

import re

import pytest
from playwright.sync_api import expect

from .helpers import log_in, make_disclosure_site, make_editor

pytestmark = pytest.mark.browser


def test_wagtail_menu_keeps_wagtails_own_chinese_labels(page, django_user_model):
    catalogue, *_rest = make_disclosure_site()
    make_editor(catalogue, django_user_model)
    log_in(page)
    expect(page).to_have_title("控制面板 - Wagtail")
    main_menu = page.get_by_role("navigation", name="主菜单")
    # Wagtail's zh-hans labels: pages, images, documents, reports, help.
    expect(main_menu.get_by_role("button", name="页面", exact=True)).to_be_visible()
    for name in ("图片", "文档"):
        expect(main_menu.get_by_role("link", name=name, exact=True)).to_be_visible()
    for name in ("报告", "帮助"):  # the help item's name goes on with a count of what is new
        expect(main_menu.get_by_role("button", name=re.compile(rf"^\s*{name}(\s|$)"))).to_be_visible()
