"""索引号 (index number) schemes.

《政府信息公开目录系统实施指引（试行）》: 索引号 … 是每条信息唯一不变的标识，一经生成不因发布机构变更而更改。
索引号采用“前段码/后段码”的格式 … 前段码为信息发布单位的组织机构代码 … 后段码为“4位年份数字”加上“5位数字流水号”
中间用“-”链接。

Local schemes vary (DOMAIN §4.3): ``{org_code}/{year}-{serial:05d}`` (the national default),
``{org_code}/{year}{month}-{serial:05d}``, ``{org_code}-{year}-{serial}``, ``{date}-{serial}``, and
numbers with fixed region or department segments, which a scheme writes as literal text.

A scheme is a Python format string over the fields below. The serial counts up separately for each
distinct value of everything else in the number (per organisation and year for the default), or
once for the whole site when the scheme says so.
"""

import dataclasses
import re
import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_SCHEME = "{org_code}/{year}-{serial:05d}"
MAX_LENGTH = 64

FIELD_PATTERNS = {
    "org_code": r"[0-9A-Z]+",
    "year": r"\d{4}",
    "month": r"\d{2}",
    "day": r"\d{2}",
    "date": r"\d{8}",
    "serial": r"\d+",
}
SERIAL_MARKER = "\x00"


@dataclasses.dataclass(frozen=True)
class IndexNumberParts:
    org_code: str
    year: int
    month: int
    day: int

    def as_fields(self, serial):
        return {
            "org_code": self.org_code,
            "year": f"{self.year:04d}",
            "month": f"{self.month:02d}",
            "day": f"{self.day:02d}",
            "date": f"{self.year:04d}{self.month:02d}{self.day:02d}",
            "serial": serial,
        }


def _fields(scheme):
    try:
        return [(literal, field, spec) for literal, field, spec, _conv in string.Formatter().parse(scheme)]
    except ValueError as error:
        raise ValidationError(
            _("The index number scheme has an unmatched “{” or “}”. Write fields as {org_code}, {year} or {serial:05d}."),
            code="scheme_syntax",
        ) from error


def validate_scheme(scheme):
    names = [field for _literal, field, _spec in _fields(scheme) if field is not None]
    unknown = sorted({name for name in names if name not in FIELD_PATTERNS})
    if unknown:
        raise ValidationError(
            _("Unknown field in the index number scheme: %(fields)s. Available fields: %(available)s."),
            params={"fields": ", ".join(unknown), "available": ", ".join("{%s}" % f for f in FIELD_PATTERNS)},
            code="scheme_field",
        )
    if names.count("serial") != 1:
        raise ValidationError(_("The index number scheme must contain {serial} exactly once."), code="scheme_serial")
    for _literal, field, spec in _fields(scheme):
        if field and field != "serial" and spec:
            raise ValidationError(
                _("Only {serial} may have a format, such as {serial:05d}."), code="scheme_spec"
            )
    sample = render(scheme, IndexNumberParts("11341702486344515H", 2024, 12, 31), 99999)
    if len(sample) > MAX_LENGTH:
        raise ValidationError(
            _("Index numbers made with this scheme would be longer than %(max)s characters."),
            params={"max": MAX_LENGTH},
            code="scheme_length",
        )


def field_names():
    """What each field of a scheme is called where the public reads it (the guide's 分类与编排体系)."""
    return {
        "org_code": _("organisation code"),
        "year": _("4-digit year"),
        "month": _("2-digit month"),
        "day": _("2-digit day"),
        "date": _("8-digit date"),
        "serial": _("serial number"),
    }


def describe(scheme):
    """The scheme in words: “{org_code}/{year}-{serial:05d}” → “organisation code/4-digit year-5-digit serial
    number”, never the format string itself."""
    names = field_names()
    words = []
    for literal, field, spec, _conv in string.Formatter().parse(scheme):
        words.append(literal)
        if field == "serial" and spec and spec.rstrip("d").lstrip("0").isdigit():
            words.append(str(_("%(digits)s-digit serial number") % {"digits": spec.rstrip("d").lstrip("0")}))
        elif field:
            words.append(str(names.get(field, field)))
    return "".join(words)


def render(scheme, parts, serial):
    try:
        return scheme.format(**parts.as_fields(serial))
    except (ValueError, KeyError, IndexError) as error:
        raise ValidationError(
            _("The format of {serial} in the index number scheme is not valid. Use {serial} or, for example, {serial:05d} for five digits."),
            code="scheme_serial_format",
        ) from error


def sequence_key(scheme, parts, per_site=False):
    """What the serial counts within: everything in the number but the serial."""
    if per_site:
        return "*"
    fields = parts.as_fields(0)
    out = []
    for literal, field, spec in _fields(scheme):
        out.append(literal)
        if field == "serial":
            out.append(SERIAL_MARKER)
        elif field is not None:
            out.append(format(fields[field], spec or ""))
    return "".join(out).replace(SERIAL_MARKER, "*")


def parse(scheme, number):
    """Read a number back with its scheme: ``(sequence key, serial)``, or ``None`` if it does not fit.

    Used for legacy numbers, so the sequence continues after the highest serial already issued.
    """
    match = _match(scheme, number)
    if not match:
        return None
    serial = int(match.group("serial"))
    start, end = match.span("serial")
    key = number[:start] + "*" + number[end:]
    return key, serial


def parse_fields(scheme, number):
    """The fields of ``number`` read with ``scheme`` ({"org_code": …, "year": …, "serial": …}), or ``None``.

    A legacy number that follows the scheme shows its organisation's code where the scheme puts it."""
    match = _match(scheme, number)
    return match.groupdict() if match else None


def _match(scheme, number):
    regex = []
    seen = set()
    for literal, field, _spec in _fields(scheme):
        regex.append(re.escape(literal))
        if field is None:
            continue
        if field in seen:
            regex.append(f"(?P={field})")
        else:
            regex.append(f"(?P<{field}>{FIELD_PATTERNS[field]})")
            seen.add(field)
    return re.fullmatch("".join(regex), number)
