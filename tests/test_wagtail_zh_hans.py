"""wagtail_disclosure.contrib.wagtail_zh_hans: 简体中文 for the Wagtail strings its own zh_Hans catalogues lack.

When one of these fails after a Wagtail upgrade, run `python scripts/wagtail_zh_hans_gaps.py --update`,
translate the new entries of wagtail_disclosure/contrib/wagtail_zh_hans/locale/zh_Hans/LC_MESSAGES/*.po,
then `python scripts/wagtail_zh_hans_gaps.py --compile`.
"""

import collections
import functools
import gettext
import importlib.util
import json
import pathlib
import re
import shutil
import subprocess

import pytest
from django.apps import apps
from django.contrib.staticfiles import finders
from django.utils import translation
from django.utils.translation import trans_real
from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask
from wagtail.users.models import UserProfile

from wagtail_disclosure.contrib.wagtail_zh_hans import wagtail_hooks

from .utils import make_site

ROOT = pathlib.Path(__file__).resolve().parent.parent
APP_DIR = ROOT / "wagtail_disclosure" / "contrib" / "wagtail_zh_hans"
OUR_LOCALE = APP_DIR / "locale" / "zh_Hans" / "LC_MESSAGES"
UPGRADE_HINT = (
    "run `python scripts/wagtail_zh_hans_gaps.py --update`, translate the new entries, "
    "then `python scripts/wagtail_zh_hans_gaps.py --compile`"
)

_spec = importlib.util.spec_from_file_location("wagtail_zh_hans_gaps", ROOT / "scripts" / "wagtail_zh_hans_gaps.py")
gaps = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gaps)


def key_of(entry):
    return (entry.msgctxt or None, entry.msgid)


# Every catalogue is parsed once for the session (gaps.load_po/load_mo, keyed by path and modification
# time): Wagtail's are large, and the tests below read the same ones many times. Read them, never modify them.
def ours(domain):
    return gaps.load_po(OUR_LOCALE / f"{domain}.po")


# Compared with Wagtail's own catalogues only for the release ours were made for: a patch release of
# Wagtail with new strings must not turn CI red before someone has translated them.
import wagtail  # noqa: E402

from wagtail_disclosure.contrib.wagtail_zh_hans import TRANSLATED_FOR_WAGTAIL  # noqa: E402

same_wagtail_release = pytest.mark.skipif(
    wagtail.__version__ != TRANSLATED_FOR_WAGTAIL,
    reason=f"catalogue made for Wagtail {TRANSLATED_FOR_WAGTAIL}, this is {wagtail.__version__}: {UPGRADE_HINT}",
)


@pytest.fixture(scope="module")
def report():
    return gaps.report()


# (1) Nothing stays English -------------------------------------------------------------------


@same_wagtail_release
def test_every_wagtail_string_is_translated_by_wagtail_or_by_us(report):
    missing = {domain: [gap.key[1] for gap in info["missing"]] for domain, info in report.items() if info["missing"]}
    assert not missing, f"Wagtail strings with no zh_Hans translation (Wagtail was upgraded?): {UPGRADE_HINT}.\n{missing}"


def installed_wagtail_apps():
    root = gaps.wagtail_root()
    return [app for app in apps.get_app_configs() if pathlib.Path(app.path).resolve().is_relative_to(root)]


@same_wagtail_release
def test_installed_wagtail_apps_speak_chinese_at_runtime():
    """Through Django's own merged zh-hans catalogue: every msgid of the installed Wagtail apps' English
    catalogues resolves, whatever app translates it."""
    catalog = trans_real.translation("zh-hans")._catalog
    checked, untranslated = 0, []
    for app in installed_wagtail_apps():
        en_po = pathlib.Path(app.path) / "locale" / "en" / "LC_MESSAGES" / "django.po"
        if not en_po.exists():
            continue
        for entry in gaps.load_po(en_po):
            if entry.obsolete:
                continue
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            checked += 1
            if (key, 0) not in catalog if entry.msgid_plural else key not in catalog:
                untranslated.append(f"{app.name}: {entry.msgid!r}")
    assert checked > 1000
    assert not untranslated, f"{len(untranslated)} Wagtail strings show in English: {UPGRADE_HINT}.\n" + "\n".join(untranslated[:30])


@same_wagtail_release
def test_wagtail_admin_javascript_speaks_chinese():
    """Wagtail's JavaScript catalogue plus the entries our admin hook adds cover Wagtail's djangojs msgids."""
    admin_locale = pathlib.Path(apps.get_app_config("wagtailadmin").path) / "locale"
    wagtail_js = trans_real.DjangoTranslation("zh-hans", domain="djangojs", localedirs=[str(admin_locale)])._catalog
    ours_js = wagtail_hooks.js_catalog("zh-hans")
    en = gaps.load_po(admin_locale / "en" / "LC_MESSAGES" / "djangojs.po")
    untranslated = [e.msgid for e in en if not e.obsolete and e.msgid not in ours_js and (e.msgid, 0) not in wagtail_js and e.msgid not in wagtail_js]
    assert not untranslated, f"Wagtail admin JavaScript strings in English: {UPGRADE_HINT}.\n{untranslated}"


# (2) We only fill gaps -----------------------------------------------------------------------


@same_wagtail_release
@pytest.mark.parametrize("domain", gaps.DOMAINS)
def test_we_never_override_a_wagtail_translation(domain):
    translated_by_wagtail = gaps.wagtail_translated(domain)
    overridden = sorted(key_of(e)[1] for e in ours(domain) if key_of(e) in translated_by_wagtail)
    assert not overridden, f"Wagtail now translates these itself; drop them ({UPGRADE_HINT}): {overridden}"


@same_wagtail_release
def test_our_catalogue_holds_only_current_wagtail_gaps(report):
    stale = {domain: info["stale"] for domain, info in report.items() if info["stale"]}
    assert not stale, f"entries that are no longer Wagtail gaps: {UPGRADE_HINT}.\n{stale}"
    assert sum(len(info["gaps"]) for info in report.values()) == sum(len(ours(domain)) for domain in gaps.DOMAINS)


def other_zh_hans_catalogues():
    """The compiled zh_Hans django catalogues of every other installed app, and Django's own."""
    dirs = [pathlib.Path(trans_real.__file__).resolve().parent.parent.parent / "conf" / "locale"]
    dirs += [pathlib.Path(app.path) / "locale" for app in apps.get_app_configs() if app.label != "wagtail_disclosure_wagtail_zh_hans"]
    for locale_dir in dirs:
        mo = locale_dir / "zh_Hans" / "LC_MESSAGES" / "django.mo"
        if mo.exists():
            with mo.open("rb") as handle:
                yield locale_dir, gettext.GNUTranslations(handle)._catalog


def test_place_in_installed_apps_does_not_matter():
    """Where another installed app (Django, wagtail_localize, this plugin...) translates one of our msgids,
    it says the same thing, so whichever app comes first in INSTALLED_APPS, the admin reads alike."""
    entries = {e.msgid: (e.msgstr_plural[0] if e.msgid_plural else e.msgstr) for e in ours("django") if not e.msgctxt}
    differing = []
    for locale_dir, catalog in other_zh_hans_catalogues():
        for msgid, ours_str in entries.items():
            theirs = catalog.get(msgid, catalog.get((msgid, 0)))
            if theirs is not None and theirs != ours_str:
                differing.append(f"{locale_dir}: {msgid!r} is {theirs!r} there, {ours_str!r} here")
    assert not differing, "\n".join(differing)


# (3) Well-formed entries ---------------------------------------------------------------------

NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]")
POSITIONAL = re.compile(r"%(?!\()[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]")
BRACES = re.compile(r"(?<!\{)\{(\w*)\}(?!\})")
TAG = re.compile(r"<[^>]+>")


def placeholders(text):
    return set(NAMED.findall(text)), len(POSITIONAL.findall(text)), collections.Counter(BRACES.findall(text))


def entries():
    for domain in gaps.DOMAINS:
        for entry in ours(domain):
            yield pytest.param(entry, id=f"{domain}:{entry.msgid[:60]}")


@pytest.mark.parametrize("entry", list(entries()))
def test_placeholders_and_markup_survive_translation(entry):
    assert not entry.fuzzy and entry.translated(), "untranslated or fuzzy"
    source = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
    translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    assert len(translations) == 1, "zh has a single plural form (nplurals=1)"
    (msgstr,) = translations
    named, positional, braces = placeholders(entry.msgid)
    if entry.msgid_plural:
        # The one zh form stands for every count, so it takes the plural's placeholders (and the singular's).
        plural_named, positional, braces = placeholders(entry.msgid_plural)
        named |= plural_named
    assert placeholders(msgstr) == (named, positional, braces)
    assert sorted(TAG.findall(msgstr)) == sorted(TAG.findall(source[-1])), "HTML tags must be kept as they are"
    source_entry = english_entries().get(key_of(entry))
    if source_entry is not None:  # (a msgid Wagtail dropped is reported by the stale-entries test)
        for flag in ("python-format", "python-brace-format"):
            assert (flag in entry.flags) == (flag in source_entry.flags), f"{flag} flag differs from Wagtail's"


@functools.cache
def english_entries():
    """{key: entry} of Wagtail's English catalogues."""
    found = {}
    for _app, _domain, en_po, _locale_dir in gaps.source_catalogues():
        for source in gaps.load_po(en_po):
            found.setdefault(key_of(source), source)
    return found


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext is not installed (make test installs it)")
@pytest.mark.parametrize("domain", gaps.DOMAINS)
def test_msgfmt_check_passes_and_the_mo_is_up_to_date(domain, tmp_path):
    po = OUR_LOCALE / f"{domain}.po"
    fresh = tmp_path / f"{domain}.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(po)], check=True, capture_output=True)
    with fresh.open("rb") as a, (OUR_LOCALE / f"{domain}.mo").open("rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, (
            "the committed .mo is out of date: python scripts/wagtail_zh_hans_gaps.py --compile"
        )


# (4) The admin, as a 简体中文 user sees it ------------------------------------------------------

ENGLISH_ON_THE_DASHBOARD = [
    "Your pages and snippets in a workflow",
    "Search all pages",
    "editor guide",
    "Privacy and access",
    'Pages <span class="w-sr-only">created in',
    'Page <span class="w-sr-only">created in',
]


@pytest.fixture
def chinese_admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("zh-admin", "zh-admin@example.com", "password")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "zh-hans"
    profile.save()
    client.force_login(user)
    return client, user


def put_a_page_in_a_workflow(user):
    home = make_site()
    page = home.get_children().first() or home
    workflow = Workflow.objects.create(name="审核")
    task = GroupApprovalTask.objects.create(name="审核任务")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    page.save_revision(user=user)
    workflow.start(page, user)


@pytest.mark.django_db
def test_dashboard_has_no_untranslated_wagtail_strings(chinese_admin):
    client, user = chinese_admin
    put_a_page_in_a_workflow(user)
    html = client.get("/admin/").content.decode()
    # These are ours, not Wagtail's: without the app the dashboard shows them in English.
    dashboard_gaps = {gap.key[1] for gap in gaps.wagtail_gaps("django").values()}
    assert {"Your pages and snippets in a workflow", "Search all pages…", "Privacy and access"} <= dashboard_gaps
    assert "您在工作流中的页面和片段" in html
    assert "搜索所有页面…" in html
    assert "编辑指南" in html
    assert re.search(r"\d+ 个页面<span class=\"w-sr-only\">", html)
    found = [text for text in ENGLISH_ON_THE_DASHBOARD if text in html]
    assert not found, f"English on the 简体中文 dashboard: {found}"


@pytest.mark.django_db
def test_admin_pages_carry_our_javascript_entries_for_chinese_users_only(chinese_admin):
    client, user = chinese_admin
    html = client.get("/admin/").content.decode()
    match = re.search(r'<script id="wagtail-zh-hans-js-catalog" type="application/json">(.*?)</script>', html)
    assert match, "the djangojs entries are missing from the admin page"
    catalog = json.loads(match.group(1))
    assert catalog["Autosave in progress…"] == "正在自动保存…"
    assert catalog["%(num)s error"] == ["%(num)s 个错误"]
    script = re.search(r'<script src="([^"?]+)(?:\?[^"]*)?"></script>', html[match.end():]).group(1)
    assert script.endswith("/wagtail_zh_hans/js/catalog.js")
    assert html.index("wagtailadmin/js/core.js") < match.start()
    assert finders.find("wagtail_zh_hans/js/catalog.js")

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    assert "wagtail-zh-hans-js-catalog" not in client.get("/admin/").content.decode()


def test_the_javascript_catalogue_matches_djangos_format():
    """Plural entries are lists (indexed by django.pluralidx), others strings, like Django's JavaScriptCatalog."""
    catalog = wagtail_hooks.js_catalog("zh-hans")
    po = ours("djangojs")
    assert len(catalog) == len(po)
    for entry in po:
        assert catalog[entry.msgid] == ([entry.msgstr_plural[0]] if entry.msgid_plural else entry.msgstr)
    assert wagtail_hooks.js_catalog("en") == {}
    with translation.override("en"):
        assert wagtail_hooks.wagtail_zh_hans_js_catalog() == ""
