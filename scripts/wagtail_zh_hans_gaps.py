#!/usr/bin/env python
"""List the Wagtail admin strings that have no Simplified Chinese translation.

Wagtail's own zh_Hans catalogues lag behind its English source catalogues, so parts of
the admin show English to 简体中文 users. The optional app
``wagtail_disclosure.contrib.wagtail_zh_hans`` ships the missing translations, and only
those: this script compares, for each Wagtail app and gettext domain (``django`` and
``djangojs``), the msgids of Wagtail's ``locale/en`` catalogue with the entries that
Wagtail's compiled ``zh_Hans`` catalogues translate (in any Wagtail app, since Django
merges the catalogues of all installed apps) and with that app's catalogue.

Usage, after upgrading Wagtail::

    python scripts/wagtail_zh_hans_gaps.py             # msgids translated by neither catalogue (exit 1 if any)
    python scripts/wagtail_zh_hans_gaps.py --all       # every gap in Wagtail's zh_Hans, and whether we fill it
    python scripts/wagtail_zh_hans_gaps.py --update    # add new gaps (untranslated) to our .po files, drop
                                                       # entries Wagtail now translates or no longer has
    # ...translate the new entries (msgstr ""), then:
    python scripts/wagtail_zh_hans_gaps.py --compile   # msgfmt --check each .po into its .mo

Needs polib (a dependency of wagtail-localize) and, for --compile, GNU gettext's msgfmt.
"""

import argparse
import collections
import functools
import os
import pathlib
import shutil
import subprocess
import sys

import polib

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUR_LOCALE = ROOT / "wagtail_disclosure" / "contrib" / "wagtail_zh_hans" / "locale" / "zh_Hans" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
LANGUAGE = "zh_Hans"

HEADER = (
    "Simplified Chinese for the Wagtail strings that Wagtail's own zh_Hans catalogues do not translate.\n"
    "Only such msgids belong here (never override a Wagtail translation): the list is made by\n"
    "scripts/wagtail_zh_hans_gaps.py --update. Terminology follows Wagtail's zh_Hans catalogues."
)
Gap = collections.namedtuple("Gap", "key apps entry")


def wagtail_root():
    import wagtail

    return pathlib.Path(wagtail.__file__).resolve().parent


def key_of(entry):
    return (entry.msgctxt or None, entry.msgid)


@functools.cache
def _parse(kind, path, mtime_ns, size):
    return polib.mofile(path) if kind == "mo" else polib.pofile(path)


def load_po(path):
    """polib's parse of the .po file at ``path``, parsed once and shared until the file changes
    (Wagtail's catalogues are large: the tests ask for the same ones many times). Read it, don't modify it."""
    stat = os.stat(path)
    return _parse("po", str(path), stat.st_mtime_ns, stat.st_size)


def load_mo(path):
    """As ``load_po``, for a compiled .mo file."""
    stat = os.stat(path)
    return _parse("mo", str(path), stat.st_mtime_ns, stat.st_size)


def source_catalogues(root=None):
    """[(app, domain, en_po_path, locale_dir)] for every English catalogue Wagtail ships."""
    root = root or wagtail_root()
    found = []
    for en_po in sorted(root.glob("**/locale/en/LC_MESSAGES/*.po")):
        locale_dir = en_po.parent.parent.parent
        app = "wagtail/" + locale_dir.parent.relative_to(root).as_posix()
        found.append((app.rstrip("/."), en_po.stem, en_po, locale_dir))
    return found


def translated_keys(path):
    """Keys that a catalogue translates: the compiled .mo when there is one (that is what Django
    loads), else the .po's translated, non-fuzzy entries."""
    path = pathlib.Path(path)
    mo = path.with_suffix(".mo")
    if mo.exists():
        return {key_of(e) for e in load_mo(mo) if e.msgid and (e.msgstr or any(e.msgstr_plural.values()))}
    if path.exists():
        return {key_of(e) for e in load_po(path).translated_entries()}
    return set()


def wagtail_translated(domain, root=None):
    """Everything Wagtail's zh_Hans catalogues of ``domain`` translate, across all its apps."""
    keys = set()
    for _app, dom, _en, locale_dir in source_catalogues(root):
        if dom == domain:
            keys |= translated_keys(locale_dir / LANGUAGE / "LC_MESSAGES" / f"{domain}.po")
    return keys


def wagtail_gaps(domain, root=None):
    """{key: Gap} for every msgid of Wagtail's English ``domain`` catalogues that no Wagtail
    zh_Hans catalogue translates, in catalogue order; a msgid used by several apps is listed once."""
    done = wagtail_translated(domain, root)
    gaps = {}
    for app, dom, en_po, _locale_dir in source_catalogues(root):
        if dom != domain:
            continue
        for entry in load_po(en_po):
            if entry.obsolete or not entry.msgid:
                continue
            key = key_of(entry)
            if key in done:
                continue
            if key in gaps:
                gaps[key].apps.append(app)
            else:
                gaps[key] = Gap(key, [app], entry)
    return gaps


def our_po_path(domain):
    return OUR_LOCALE / f"{domain}.po"


def our_catalogue(domain):
    path = our_po_path(domain)
    return load_po(path) if path.exists() else None


def our_translated(domain):
    po = our_catalogue(domain)
    return {key_of(e) for e in po.translated_entries()} if po else set()


def report(root=None):
    """{domain: {"missing": [Gap], "gaps": [Gap], "stale": [key]}}.

    missing: translated by neither Wagtail's zh_Hans nor our catalogue;
    stale: in our catalogue but not a gap (Wagtail translates it now, or no longer has it).
    """
    result = {}
    for domain in DOMAINS:
        gaps = wagtail_gaps(domain, root)
        ours = our_translated(domain)
        po = our_catalogue(domain)
        listed = {key_of(e) for e in po if not e.obsolete} if po else set()
        result[domain] = {
            "gaps": list(gaps.values()),
            "missing": [gap for key, gap in gaps.items() if key not in ours],
            "stale": sorted((k for k in listed if k not in gaps), key=lambda k: (k[0] or "", k[1])),
        }
    return result


def _new_entry(gap):
    source = gap.entry
    entry = polib.POEntry(
        msgctxt=source.msgctxt,
        msgid=source.msgid,
        msgid_plural=source.msgid_plural,
        msgstr="",
        msgstr_plural={0: ""} if source.msgid_plural else {},
        flags=[flag for flag in source.flags if flag != "fuzzy"],
        comment=source.comment,
    )
    # Source references without line numbers, so that a Wagtail upgrade does not churn every entry.
    entry.occurrences = list(dict.fromkeys((f"{gap.apps[0]}/{path}", "") for path, _line in source.occurrences))
    return entry


def update(domain, root=None):
    """Bring our ``domain`` .po in line with the current gaps; return (added, removed) msgids."""
    gaps = wagtail_gaps(domain, root)
    path = our_po_path(domain)
    old = polib.pofile(str(path)) if path.exists() else None
    previous = {key_of(e): e for e in old if not e.obsolete} if old else {}
    po = polib.POFile(wrapwidth=0)
    po.metadata = (old.metadata if old else {}) or {
        "Project-Id-Version": "wagtail_disclosure.contrib.wagtail_zh_hans",
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": "",
        "Last-Translator": "wagtail-disclosure maintainers",
        "Language-Team": "Chinese (Simplified)",
        "Language": LANGUAGE,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    po.header = old.header if old else HEADER
    added = []
    for key, gap in gaps.items():
        entry = _new_entry(gap)
        kept = previous.get(key)
        if kept is not None:
            entry.msgstr, entry.msgstr_plural = kept.msgstr, dict(kept.msgstr_plural)
            if entry.msgid_plural and not entry.msgstr_plural:
                entry.msgstr_plural = {0: kept.msgstr}
            if "fuzzy" in kept.flags:
                entry.flags.append("fuzzy")
        else:
            added.append(key[1])
        po.append(entry)
    removed = [key[1] for key in previous if key not in gaps]
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    _parse.cache_clear()  # (the file may change within the resolution of its modification time)
    return added, removed


def compile_catalogues():
    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        sys.exit("msgfmt not found: install GNU gettext")
    for domain in DOMAINS:
        po = our_po_path(domain)
        if po.exists():
            subprocess.run([msgfmt, "--check", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
            print(f"compiled {po.with_suffix('.mo').relative_to(ROOT)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--all", action="store_true", help="list every Wagtail zh_Hans gap, marking those we translate")
    group.add_argument("--update", action="store_true", help="rewrite our .po files to the current gap list")
    group.add_argument("--compile", action="store_true", help="msgfmt --check our .po files into .mo files")
    args = parser.parse_args(argv)

    if args.compile:
        compile_catalogues()
        return 0
    if args.update:
        for domain in DOMAINS:
            added, removed = update(domain)
            print(f"{domain}: {len(added)} new untranslated, {len(removed)} dropped -> {our_po_path(domain).relative_to(ROOT)}")
            for msgid in added:
                print(f"  + {msgid!r}")
            for msgid in removed:
                print(f"  - {msgid!r}")
        print("Translate the new entries, then run: python scripts/wagtail_zh_hans_gaps.py --compile")
        return 0

    import wagtail

    print(f"Wagtail {wagtail.__version__}: {wagtail_root()}")
    failing = False
    for domain, info in report().items():
        shown = info["gaps"] if args.all else info["missing"]
        missing = {gap.key for gap in info["missing"]}
        per_app = collections.Counter(app for gap in shown for app in gap.apps)  # a shared msgid counts in each app
        label = "gaps in Wagtail's zh_Hans" if args.all else "translated by neither catalogue"
        print(f"\n[{domain}] {len(shown)} {label}" + (f" ({len(info['gaps']) - len(missing)} filled by us)" if args.all else ""))
        for app, count in sorted(per_app.items()):
            print(f"  {app}: {count}")
        for gap in shown:
            mark = "MISSING " if gap.key in missing else ""
            context = f"[{gap.key[0]}] " if gap.key[0] else ""
            print(f"  {mark}{', '.join(gap.apps)}: {context}{gap.key[1]!r}")
        if info["stale"]:
            print(f"  {len(info['stale'])} stale entries in our catalogue (Wagtail translates them now, or dropped them):")
            for context, msgid in info["stale"]:
                print(f"    {msgid!r}")
        failing = failing or bool(missing) or bool(info["stale"])
    if failing:
        print("\nRun `python scripts/wagtail_zh_hans_gaps.py --update`, translate the new entries, then --compile.")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
