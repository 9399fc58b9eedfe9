"""The JSON document of an annual report (schema ``wagtail-disclosure/annual-report/1``).

One schema for every machine-readable form of a report: the public download, the admin export, the
importer's output (docs: /work/shared/domain/ANNUAL-REPORT-JSON.md). ``to_document`` writes it with JSON
types only (decimals as JSON numbers; their repr reads back exactly); ``from_document`` reads and validates
it, with an error naming the place that is wrong. Imported cells without a number are kept as found.
Keys the schema does not name at the top level (e.g. ``sections_html`` of the download) are ignored.

A model keeps the tables in one JSONField with ``tables_document`` and reads them back with ``read_tables``.
"""

import datetime
import json
import math
from decimal import Decimal

from django.utils.translation import gettext

from .checks import ERROR, WARNING, Finding, check, json_number
from .report import Report, as_cell_value
from .tables import FORMAT_2019, FORMAT_2021, FORMATS, NARRATIVE_SECTIONS, tables_of

SCHEMA = "wagtail-disclosure/annual-report/1"
FINDING_FIELDS = ("rule", "severity", "table", "row", "column", "expected", "found", "message")


class DocumentError(ValueError):
    """The data is not an annual-report document; the message names where and why."""


# ---------------------------------------------------------------------------------------------------
# Writing.


def _json_table(data):
    if isinstance(data, dict):
        return {key: _json_table(value) for key, value in data.items()}
    if isinstance(data, list):
        return [json_number(value) for value in data]
    return json_number(data)


def tables_document(report):
    """The format and tables of ``report`` as the document writes them (what a model's JSONField keeps)."""
    data = {"format": report.format}
    if report.format == FORMAT_2019:
        data["table2"] = None
    for key in tables_of(report.format):
        data[key] = _json_table(getattr(report, key))
    return data


def to_document(report, findings=None):
    """The document of ``report``; ``findings`` default to ``check(report)`` (the report on its own)."""
    if findings is None:
        findings = check(report)
    tables = tables_document(report)
    return {
        "schema": SCHEMA,
        "format": report.format,
        "year": report.year,
        "organisation": {"name": report.organisation_name, "code": report.organisation_code},
        "published": report.published.isoformat() if report.published else None,
        "sections": {key: report.sections.get(key) or "" for key in NARRATIVE_SECTIONS},
        **{key: value for key, value in tables.items() if key != "format"},
        "findings": [finding.as_dict() for finding in findings],
    }


# ---------------------------------------------------------------------------------------------------
# Reading.


def _shown(value):
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "…"


def _wrong(path, expected, value):
    return DocumentError(
        gettext("%(path)s: expected %(expected)s, found %(found)s.") % {"path": path, "expected": expected, "found": _shown(value)}
    )


def _object(value, path, keys=None, required=True):
    """``value`` as an object; with ``keys``, no key outside them and (if ``required``) all of them present."""
    if not isinstance(value, dict):
        raise _wrong(path, gettext("an object"), value)
    if keys is not None:
        for key in value:
            if key not in keys:
                raise DocumentError(gettext("%(path)s: unknown key “%(key)s”.") % {"path": path, "key": key})
        if required:
            for key in keys:
                if key not in value:
                    raise DocumentError(gettext("%(path)s is missing.") % {"path": f"{path}.{key}"})
    return value


def _cell(value, path, unit):
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str | type(None)):
        raise _wrong(path, gettext("a number, “/”, “” or null"), value)
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        raise _wrong(path, gettext("a number, “/”, “” or null"), value)
    return as_cell_value(value, unit)


def _shape(table):
    """The nested keys of ``table`` down to its rows."""
    shape = {}
    for row in table.rows:
        node = shape
        for key in row.path[:-1]:
            node = node.setdefault(key, {})
        node[row.key] = row
    return shape


def _read_node(shape, data, path, is_table3):
    data = _object(data, path, shape)
    result = {}
    for key, expected in shape.items():
        here = f"{path}.{key}"
        if isinstance(expected, dict):
            result[key] = _read_node(expected, data[key], here, is_table3)
        elif is_table3:
            values = data[key]
            if not isinstance(values, list) or len(values) != len(expected.columns):
                raise _wrong(here, gettext("a list of %(count)s values") % {"count": len(expected.columns)}, values)
            result[key] = [_cell(v, f"{here}[{i}]", c.unit) for i, (v, c) in enumerate(zip(values, expected.columns, strict=True))]
        else:
            values = _object(data[key], here, [column.key for column in expected.columns])
            result[key] = {c.key: _cell(values[c.key], f"{here}.{c.key}", c.unit) for c in expected.columns}
    return result


def read_tables(data, format=None):
    """{table key: table} read and validated from ``data`` (a document, or what ``tables_document`` wrote)."""
    format = data.get("format") if format is None else format
    if format not in FORMATS:
        raise DocumentError(gettext("Unknown format %(found)s: expected “2021” or “2019”.") % {"found": _shown(format)})
    if format == FORMAT_2019 and data.get("table2") is not None:
        raise _wrong("table2", gettext("null in a 2019-format document (its table is table2_2019)"), data["table2"])
    if format == FORMAT_2021 and data.get("table2_2019") is not None:
        raise DocumentError(gettext("%(path)s: unknown key “%(key)s”.") % {"path": "(2021)", "key": "table2_2019"})
    tables = {}
    for key, table in tables_of(format).items():
        if key not in data:
            raise DocumentError(gettext("%(path)s is missing.") % {"path": key})
        tables[key] = _read_node(_shape(table), data[key], key, key == "table3")
    return tables


def _text(value, path, nullable=False):
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        raise _wrong(path, gettext("text"), value)
    return value


def _finding(data, path):
    data = _object(data, path, FINDING_FIELDS, required=False)
    for key in ("rule", "severity", "message"):
        if key not in data:
            raise DocumentError(gettext("%(path)s is missing.") % {"path": f"{path}.{key}"})
    if data["severity"] not in (ERROR, WARNING):
        raise _wrong(f"{path}.severity", "“error” / “warning”", data["severity"])
    fields = {key: _text(data.get(key), f"{path}.{key}", nullable=True) for key in ("table", "row", "column")}
    for key in ("expected", "found"):
        value = data.get(key)
        if isinstance(value, dict | list):
            raise _wrong(f"{path}.{key}", gettext("a number, text or null"), value)
        fields[key] = Decimal(repr(value)) if isinstance(value, float) else value
    return Finding(_text(data["rule"], f"{path}.rule"), data["severity"], _text(data["message"], f"{path}.message"), **fields)


def from_document(data):
    """The ``Report`` of a document (a dict, e.g. from ``json.loads``); DocumentError if it is not one."""
    data = _object(data, gettext("the document"))
    if data.get("schema") != SCHEMA:
        raise DocumentError(
            gettext("Unknown schema %(found)s: expected “%(expected)s”.") % {"found": _shown(data.get("schema")), "expected": SCHEMA}
        )
    for key in ("format", "year", "organisation", "sections"):
        if key not in data:
            raise DocumentError(gettext("%(path)s is missing.") % {"path": key})
    year = data["year"]
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2999:
        raise _wrong("year", gettext("a year such as 2024"), year)
    tables = read_tables(data)
    organisation = _object(data["organisation"], "organisation", ("name", "code"), required=False)
    published = data.get("published")
    if published is not None:
        try:
            published = datetime.date.fromisoformat(_text(published, "published"))
        except ValueError:
            raise _wrong("published", gettext("a date (YYYY-MM-DD) or null"), published) from None
    sections = _object(data["sections"], "sections", NARRATIVE_SECTIONS, required=False)
    findings = data.get("findings") or []
    if not isinstance(findings, list):
        raise _wrong("findings", gettext("a list"), findings)
    return Report(
        year=year,
        format=data["format"],
        organisation_name=_text(organisation.get("name", ""), "organisation.name"),
        organisation_code=_text(organisation.get("code"), "organisation.code", nullable=True),
        published=published,
        sections={key: _text(sections.get(key, ""), f"sections.{key}") for key in NARRATIVE_SECTIONS},
        findings=tuple(_finding(finding, f"findings[{i}]") for i, finding in enumerate(findings)),
        **tables,
    )
