"""Every plugin string has a zh_Hans translation, and the compiled catalogue matches the source."""

import ast
import gettext
import os
import pathlib
import shutil
import subprocess
import sys

import django
import polib  # a dependency of wagtail-localize
import pytest
import wagtail

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "wagtail_disclosure"
PO_FILE = PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")


def parse_po(path):
    """{(msgctxt, msgid): (msgstrs, fuzzy)} from a .po file (the subset of the format gettext writes)."""
    entries, current, key, fuzzy = {}, {}, None, False

    def flush():
        nonlocal current, fuzzy
        if "msgid" in current:
            strs = [v for k, v in sorted(current.items()) if k.startswith("msgstr")]
            entries[(current.get("msgctxt"), current["msgid"])] = (strs, fuzzy)
        current, fuzzy = {}, False

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            flush()
            continue
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            current[key] += ast.literal_eval(line)
            continue
        keyword, _space, value = line.partition(" ")
        if keyword in ("msgid", "msgctxt") and "msgstr" in current:
            flush()
        key = keyword
        current[key] = ast.literal_eval(value)
    flush()
    entries.pop((None, ""), None)
    return entries


def extract_messages(tmp_path):
    copy = tmp_path / "wagtail_disclosure"
    # contrib/wagtail_zh_hans holds Wagtail's own strings (translated by Wagtail or its own catalogue, checked by
    # tests/test_wagtail_zh_hans.py), as `make messages` leaves it out.
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "contrib"))
    (copy / "locale").mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "--no-location", "--no-wrap"],
        cwd=copy,
        env={**env, "PYTHONPATH": str(PACKAGE.parent)},
        check=True,
        capture_output=True,
    )
    return parse_po(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")


@pytest.fixture(scope="module")
def committed():
    return parse_po(PO_FILE)


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext is not installed (make test installs it)")
def test_every_string_in_the_code_has_a_translation(tmp_path, committed):
    extracted = extract_messages(tmp_path)
    assert extracted, "makemessages found no strings"
    missing = sorted(msgid for key, (strs, fuzzy) in committed.items() for msgid in [key[1]] if fuzzy or not all(strs))
    not_in_po = sorted(key[1] for key in extracted if key not in committed)
    assert not not_in_po, f"strings missing from {PO_FILE} (run `make messages`): {not_in_po[:20]}"
    assert not missing, f"untranslated or fuzzy strings: {missing[:20]}"


def test_compiled_catalogue_matches_the_source(committed):
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for (context, msgid), (strs, _fuzzy) in committed.items():
        key = f"{context}\x04{msgid}" if context else msgid
        assert key in compiled._catalog or (key, 0) in compiled._catalog, f"{msgid!r} is not in the .mo file: run `make messages`"


# Our catalogue comes before Wagtail's and Django's in INSTALLED_APPS, so a msgid we share with them is
# translated our way everywhere in the admin (an image's "description", Wagtail's "Actions" menu...). Shared
# msgids must agree with them; give a plugin-specific meaning its own context (pgettext). These few differ on
# purpose: clearer words for the whole admin of a government site.
DELIBERATE_OVERRIDES = {"Live", "name", "started at", "finished at", "comments"}
# Wagtail's own zh_Hans is wrong for these, on the pages editors and reviewers use every day: the workflow's
# steps read "步进数1" (a stepper's count), "View live" reads "实时查看" (watch in real time), the status panel's
# "First published" reads "首次发布的" (cut off). test_wagtails_wrong_chinese_is_overridden_where_it_shows.
DELIBERATE_OVERRIDES |= {"Step %(step_number)s", "View live", "First published"}


def test_our_catalogue_does_not_retranslate_wagtail_or_django():
    theirs = {}
    for package in (wagtail, django):
        root = pathlib.Path(package.__file__).parent
        for path in root.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"):
            for entry in polib.pofile(str(path)):
                if entry.msgstr and not entry.msgctxt:
                    theirs.setdefault(entry.msgid, set()).add(entry.msgstr)
    ours = polib.pofile(str(PO_FILE))
    differing = sorted(
        entry.msgid
        for entry in ours
        if not entry.msgctxt and entry.msgid in theirs and entry.msgstr not in theirs[entry.msgid] and entry.msgid not in DELIBERATE_OVERRIDES
    )
    assert differing == []


@pytest.mark.django_db
def test_wagtails_wrong_chinese_is_overridden_where_it_shows(client, django_user_model, catalogue):
    """The admin pages where Wagtail's wrong zh_Hans showed: the workflow list (第 1 步, not 步进数1), a live
    page's actions in the explorer (查看已发布页面, not 实时查看) and the editor's status panel (首次发布)."""
    from django.urls import reverse
    from wagtail.users.models import UserProfile

    from .utils import make_entry, make_review_workflow

    admin = django_user_model.objects.create_superuser("admin", "admin@example.com", "password")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "zh-hans"
    profile.save()
    client.force_login(admin)
    make_review_workflow(catalogue, levels=("初审", "复审"))
    entry = make_entry(catalogue, title="已公开的通知")

    workflows = client.get(reverse("wagtailadmin_workflows:index")).content.decode()
    assert "第 1 步" in workflows and "第 2 步" in workflows
    assert "步进数" not in workflows
    explorer = client.get(reverse("wagtailadmin_explore", args=(catalogue.pk,))).content.decode()
    assert "查看已发布页面" in explorer and "实时查看" not in explorer
    editor = client.get(reverse("wagtailadmin_pages:edit", args=(entry.pk,))).content.decode()
    assert "首次发布" in editor and "首次发布的" not in editor
