"""Shared steps of the browser tests: the data an editor needs, logging in, and finding fields.

Field labels and button texts of the plugin are looked up through gettext in the admin language
(zh-hans), so the tests follow the translation catalogue: English until a string is translated,
Chinese afterwards, without editing the tests. Wagtail's own strings are asserted in Chinese.
"""

import re

from django.contrib.auth.models import Group, Permission
from django.utils import translation
from django.utils.text import capfirst
from wagtail.models import GroupPagePermission
from wagtail.users.models import UserProfile

from ..utils import make_catalogue, make_classifications, make_organisation

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


def make_editor(catalogue, django_user_model, username=EDITOR_USERNAME, password=EDITOR_PASSWORD):
    """A member of Wagtail's "Editors" group who may add, edit and publish pages in ``catalogue`` only.

    The group exists after Wagtail's migrations (with rights on the whole tree); here its page
    rights are narrowed to the catalogue and publishing is added, as a site would configure it.
    """
    group, _created = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    GroupPagePermission.objects.filter(group=group).delete()
    for permission_type in ("add", "change", "publish"):
        GroupPagePermission.objects.create(group=group, page=catalogue, permission_type=permission_type)
    user = django_user_model.objects.create_user(username, f"{username}@example.gov.cn", password)
    user.groups.add(group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = ADMIN_LANGUAGE
    profile.save()
    assert not user.is_superuser
    return user


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
