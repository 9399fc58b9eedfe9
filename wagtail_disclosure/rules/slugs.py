"""Short, stable addresses for disclosure pages instead of the title.

Wagtail makes a page's slug from its title: for a Chinese title that is the whole title, percent-encoded in the
address (200+ characters). Government sites use short addresses built from the document's identity instead,
e.g. ``t20240301_00001`` (成文日期 and the 索引号's serial, as on gov.cn's ``t<date>_<id>.html``). The scheme is the
setting ``WAGTAIL_DISCLOSURE_SLUG_SCHEME``:

* ``"date_serial"`` (default): ``t<成文日期 YYYYMMDD>_<索引号's serial>``, e.g. ``t20240301_00001``;
* ``"index_number"``: the 索引号 itself, lower case, ``/`` as ``-``: ``000014349-2024-00001``;
* ``"title"``: Wagtail's own (the title);
* or the dotted path of a function ``(page) -> slug or None``.

Only new pages get one, and only when the slug was left to Wagtail (blank, or made from the title): a slug an
editor typed is kept, and existing addresses never change.
"""

import re

DEFAULT_SCHEME = "date_serial"
BUILT_IN_SCHEMES = ("date_serial", "index_number", "title")

_SERIAL = re.compile(r"(\d+)\D*$")
_NOT_WORD = re.compile(r"[\W_]+")
_COPY_SUFFIX = re.compile(r"-\d+$")


def _letters(text):
    return _NOT_WORD.sub("", (text or "").lower())


def is_title_slug(slug, title):
    """Whether ``slug`` was made from ``title`` (blank, the title slugified, cut short or with a ``-2`` suffix)."""
    if not slug:
        return True
    if slug.isascii():
        return False  # an address somebody chose (a title in Latin letters is left alone too)
    letters = _letters(_COPY_SUFFIX.sub("", slug))
    return bool(letters) and _letters(title).startswith(letters)


def scheme_slug(scheme, *, index_number, written_date):
    """The slug of a built-in scheme, or None when it cannot make one (no 索引号 yet, or the "title" scheme)."""
    if scheme == "title" or not index_number:
        return None
    if scheme == "index_number":
        return re.sub(r"[^a-z0-9]+", "-", index_number.lower()).strip("-") or None
    serial = _SERIAL.search(index_number)
    if written_date is None or serial is None:
        return re.sub(r"[^a-z0-9]+", "-", index_number.lower()).strip("-") or None
    return f"t{written_date:%Y%m%d}_{serial.group(1)}"


def unique_slug(slug, is_available):
    """``slug``, or ``slug_2``, ``slug_3``… the first that ``is_available(candidate)`` accepts."""
    candidate, number = slug, 1
    while not is_available(candidate):
        number += 1
        candidate = f"{slug}_{number}"
    return candidate
