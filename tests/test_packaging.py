"""The package builds as a wheel that carries its templates, static files, translations and migrations."""

import pathlib
import subprocess
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_wheel_contains_package_data(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("wagtail_disclosure-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "wagtail_disclosure/templates/wagtail_disclosure/catalogue_index_page.html",
        "wagtail_disclosure/static/wagtail_disclosure/css/disclosure.css",
        "wagtail_disclosure/locale/zh_Hans/LC_MESSAGES/django.mo",
        "wagtail_disclosure/migrations/0001_initial.py",
        "wagtail_disclosure/management/commands/disclosure_load_defaults.py",
        "wagtail_disclosure/contrib/wagtail_zh_hans/apps.py",
        "wagtail_disclosure/contrib/wagtail_zh_hans/wagtail_hooks.py",
        "wagtail_disclosure/contrib/wagtail_zh_hans/locale/zh_Hans/LC_MESSAGES/django.po",
        "wagtail_disclosure/contrib/wagtail_zh_hans/locale/zh_Hans/LC_MESSAGES/django.mo",
        "wagtail_disclosure/contrib/wagtail_zh_hans/locale/zh_Hans/LC_MESSAGES/djangojs.po",
        "wagtail_disclosure/contrib/wagtail_zh_hans/locale/zh_Hans/LC_MESSAGES/djangojs.mo",
        "wagtail_disclosure/contrib/wagtail_zh_hans/static/wagtail_zh_hans/js/catalog.js",
    ):
        assert expected in names, expected
    assert not any(name.startswith(("example_site/", "tests/", "scripts/")) for name in names)
