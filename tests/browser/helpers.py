"""Shared steps of the browser tests: the data an editor needs, logging in, and finding fields.

Field labels and button texts of the plugin are looked up through gettext in the admin language
(zh-hans), so the tests follow the translation catalogue: English until a string is translated,
Chinese afterwards, without editing the tests. Wagtail's own strings are asserted in Chinese.
"""

import os
import re
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.utils import translation
from django.utils.text import capfirst
from wagtail.models import Collection, GroupPagePermission
from wagtail.users.models import UserProfile

from ..utils import make_catalogue, make_classifications, make_organisation
from ..utils import make_review_workflow as build_review_workflow

ADMIN_LANGUAGE = "zh-hans"
EDITOR_USERNAME = "bianji"
EDITOR_PASSWORD = "xinxi-gongkai-2024"  # noqa: S105


def translated(text, context=None):
    """``text`` as the site shows it (the plugin's catalogue, in the admin language)."""
    with translation.override(ADMIN_LANGUAGE):
        return translation.pgettext(context, text) if context else translation.gettext(text)


def field_label(model, name):
    with translation.override(ADMIN_LANGUAGE):
        return str(capfirst(model._meta.get_field(name).verbose_name))


def exactly(text):
    """A pattern for an accessible name that is ``text``, allowing for Wagtail's required mark ``*``."""
    return re.compile(rf"^\s*{re.escape(str(text))}\s*\*?\s*$", re.IGNORECASE)


def make_disclosure_site():
    """A site with a 政府信息公开目录, an organisation and classifications (committed: the live server sees them)."""
    catalogue = make_catalogue()
    organisation = make_organisation()
    topic, genre, _audience = make_classifications()
    return catalogue, organisation, topic, genre


def make_editor(
    catalogue, django_user_model, username=EDITOR_USERNAME, password=EDITOR_PASSWORD, permission_types=("add", "change", "publish")
):
    """A member of Wagtail's "Editors" group who may add, edit and publish pages in ``catalogue`` only.

    The group exists after Wagtail's migrations (with rights on the whole tree); here its page
    rights are narrowed to the catalogue and publishing is added, as a site would configure it
    (``permission_types`` to give other rights). Under the publication gate the publish right alone
    publishes nothing: disclosure pages go live only through the 保密审查 workflow.
    """
    group, _created = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    GroupPagePermission.objects.filter(group=group).delete()
    for permission_type in permission_types:
        GroupPagePermission.objects.create(group=group, page=catalogue, permission_type=permission_type)
    return make_admin_user(django_user_model, username, password, group)


def make_admin_user(django_user_model, username, password, group, first_name=""):
    """A user of the admin (not a superuser), member of ``group``, who reads the admin in Chinese."""
    user = django_user_model.objects.create_user(username, f"{username}@example.gov.cn", password, first_name=first_name)
    user.groups.add(group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = ADMIN_LANGUAGE
    profile.save()
    assert not user.is_superuser
    return user


# The two reviewers of the 保密审查: (username, password, full name).
FIRST_REVIEWER = ("chushen", "baomi-chushen-2024", "李华")  # noqa: S105
SECOND_REVIEWER = ("fushen", "baomi-fushen-2024", "王芳")  # noqa: S105
REVIEW_WORKFLOW_NAME = "保密审查流程"


def make_review_workflow(catalogue):
    """The two-level 保密审查 (初审, 复审) on ``catalogue``, each level with its own group and reviewer.

    As the demo site configures it: the reviewers may use the admin and choose documents (the signed
    review form); the 复审 group may publish in the catalogue, because approving the last level
    publishes and Wagtail publishes as the approver. Returns tests.utils.ReviewWorkflow.
    """
    review = build_review_workflow(
        catalogue,
        name=REVIEW_WORKFLOW_NAME,
        group_names=("保密审查初审人员", "保密审查复审人员"),
        documents=Collection.get_first_root_node(),
        last_level_publishes=True,
        reviewers=[FIRST_REVIEWER, SECOND_REVIEWER],
        reviewer_email="{username}@example.gov.cn",
        reviewer_language=ADMIN_LANGUAGE,
    )
    assert not any(reviewer.is_superuser for reviewer in review.reviewers)
    return review


# Wagtail's editor form (w-unsaved) takes its reference copy of the form 2 s after loading and only
# then notices edits (and autosaves them). A robot filling the form sooner would have its input
# taken for the initial state; a person never is that fast. The event marks the moment.
WATCH_EDITS_SCRIPT = """
document.addEventListener("w-unsaved:watch-edits", () => { window.__wagtailWatchesEdits = true; });
"""


def wait_until_editor_watches_edits(page):
    page.wait_for_function("window.__wagtailWatchesEdits === true")


def log_in(page, username=EDITOR_USERNAME, password=EDITOR_PASSWORD):
    """Log in through Wagtail's login form and land on the dashboard."""
    from playwright.sync_api import expect

    page.add_init_script(WATCH_EDITS_SCRIPT)
    page.goto("/admin/login/")
    expect(page).to_have_title(re.compile("登录"))
    page.get_by_label(exactly("用户名")).fill(username)
    # Wagtail 8.0's zh-hans catalogue leaves the password label untranslated ("Password").
    page.get_by_label(re.compile(r"^\s*(密码|Password)\s*\*?\s*$")).fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def log_out(page, account=EDITOR_USERNAME):
    """Log out through the account menu at the foot of Wagtail's sidebar.

    ``account``: the name the menu shows, the user's full name or else the username.
    """
    from playwright.sync_api import expect

    page.goto("/admin/")
    sidebar = page.get_by_role("complementary", name="边栏")
    sidebar.get_by_role("button", name=account, exact=True).click()
    sidebar.get_by_role("button", name="注销").click()
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    expect(page.get_by_role("status")).to_contain_text("注销")


SCREENSHOTS_VARIABLE = "DISCLOSURE_SCREENSHOTS"
SCREENSHOT_WIDTH = 1280


# The height of the whole page: Wagtail's admin and its modals scroll inner elements, not the window,
# so a "full page" screenshot would stop at the window's height.
CONTENT_HEIGHT_SCRIPT = """() => Math.max(
    document.documentElement.scrollHeight,
    ...Array.from(document.querySelectorAll("*"))
        .filter((element) => ["auto", "scroll"].includes(getComputedStyle(element).overflowY))
        .map((element) => element.scrollHeight + element.getBoundingClientRect().top),
)"""


def wait_for_layout(page, width, height):
    """Until the window has the new size and the browser has laid out and painted a frame at it."""
    page.wait_for_function(f"window.innerWidth === {width} && window.innerHeight === {height}")
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def screenshot(page, name):
    """With ``DISCLOSURE_SCREENSHOTS=<directory>`` set, a screenshot of the whole page 1280 px wide, as ``<name>.png``.

    The window is made tall enough for everything that scrolls (the admin's main area, a modal) to show
    at once, then put back. Without the variable, nothing happens.
    """
    directory = os.environ.get(SCREENSHOTS_VARIABLE)
    if not directory:
        return
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    try:
        page.set_viewport_size({"width": SCREENSHOT_WIDTH, "height": size["height"]})
        wait_for_layout(page, SCREENSHOT_WIDTH, size["height"])
        height = min(max(size["height"], int(page.evaluate(CONTENT_HEIGHT_SCRIPT))), 8000)
        page.set_viewport_size({"width": SCREENSHOT_WIDTH, "height": height})
        wait_for_layout(page, SCREENSHOT_WIDTH, height)
        page.screenshot(path=str(directory / f"{name}.png"), full_page=True, animations="disabled")
    finally:
        page.set_viewport_size(size)
