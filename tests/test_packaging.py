"""The package builds as a wheel that carries its templates, static files, translations and migrations."""

import os
import pathlib
import shutil
import subprocess
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
# What a build from a fresh checkout would not see (a stale build/ directory keeps deleted files in the wheel).
NOT_IN_A_CHECKOUT = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "test-artifacts", "*.sqlite3")


def build_wheel(tmp_path, *pip_options):
    """The wheel built from a clean copy of the sources, as from a fresh checkout; returns (wheel, pip's output)."""
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=NOT_IN_A_CHECKOUT)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", *pip_options, "-w", str(tmp_path / "dist"), str(source)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("wagtail_disclosure-*.whl")
    return wheel, result.stdout + result.stderr


def test_wheel_contains_package_data(tmp_path):
    wheel, _output = build_wheel(tmp_path, "-q")
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


def test_the_build_prints_no_warnings_and_carries_the_licence(tmp_path):
    wheel, output = build_wheel(tmp_path, "-v")
    for warning in ("Warning:", "SetuptoolsDeprecationWarning", "BuildBackendWarning", "is absent from the `packages`"):
        assert warning not in output, output[output.find(warning) - 500 : output.find(warning) + 500]
    archive = zipfile.ZipFile(wheel)
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in archive.namelist())
    metadata = archive.read(next(name for name in archive.namelist() if name.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: BSD-3-Clause" in metadata or "License: BSD-3-Clause" in metadata
    for version in ("5.2", "6.0", "6.1"):
        assert f"Classifier: Framework :: Django :: {version}" in metadata


def test_the_wheel_installs_into_a_fresh_environment_and_serves_a_catalogue(tmp_path):
    """README.md's existing-site steps, followed by a minimal English-language host site (tests/host_project)
    in a new virtual environment holding the built wheel. Its dependencies come from this test environment's
    site-packages (added by a .pth file, so no network is needed), never the checkout."""
    wheel, _output = build_wheel(tmp_path, "-q")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], check=True, capture_output=True, text=True
    ).stdout.strip()
    # This environment's packages (Django, Wagtail…) as a plain path: its .pth files (the editable checkout) are not read.
    ours = [path for path in sys.path if path.endswith("site-packages") and pathlib.Path(path).is_dir() and path != site_packages]
    (pathlib.Path(site_packages) / "host_dependencies.pth").write_text("\n".join(ours) + "\n")
    host = tmp_path / "host"
    shutil.copytree(ROOT / "tests" / "host_project", host)
    environment = {
        key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "DJANGO_SETTINGS_MODULE")
    } | {"HOST_SITE_DB": str(tmp_path / "host.sqlite3"), "HOST_SITE_MEDIA": str(tmp_path / "media")}
    result = subprocess.run(
        [str(python), "check_install.py"], cwd=host, env=environment, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "host site OK" in result.stdout
