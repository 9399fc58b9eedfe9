from django.template.defaultfilters import linebreaksbr
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from wagtail.admin.panels import FieldPanel, Panel

from .annual_report_forms import cell_name
from .rules.annual_report import FORMAT_2021, Report
from .rules.annual_report.tables import tables_of


class TimelinessPanel(Panel):
    """Shows the 索引号 and whether the entry meets 条例第二十六条's 20-working-day limit."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Index number and timeliness"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_disclosure/panels/timeliness_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            context["index_number"] = getattr(instance, "index_number", "")
            timeliness = instance.timeliness() if getattr(instance, "pk", None) and instance.written_date else None
            context["timeliness"] = timeliness
            context["unknown_years"] = pgettext("list separator", ", ").join(str(year) for year in timeliness.unknown_years) if timeliness else ""
            return context


class AnnualReportFindingsPanel(Panel):
    """The checks of an annual report in the editor: errors (which block publication) and warnings, in the
    national wording that names table, row and column."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Checks of the tables and text"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_disclosure/panels/annual_report_findings_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            context["checked"] = bool(getattr(instance, "pk", None) and instance.year)
            if context["checked"]:
                context["errors"] = instance.error_findings()
                context["warnings"] = instance.warning_findings()
                context["suggestions"] = suggestion_groups(instance)
            return context


class ReadOnlyNotePanel(FieldPanel):
    """A note the system keeps (an annual report's figures not carried over from the 2019 format): read-only,
    one line a line, and only shown when there is one."""

    def __init__(self, field_name, **kwargs):
        kwargs["read_only"] = True
        super().__init__(field_name, **kwargs)

    def format_value_for_display(self, value):
        return linebreaksbr(value or "")

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            return bool(self.value_from_instance) and super().is_shown()


def suggestion_groups(page):
    """The suggestions offered to the editor: [(heading, [(input name, label, value)])], cells whose figure
    differs from the report's."""
    suggestions = page.suggestions()
    groups = []
    table2 = suggestions.get("table2")
    if table2 is not None:
        table = tables_of(FORMAT_2021)["table2"]
        cells = [(f"tables-{cell_name('table2', table.row(key), table.row(key).column(measure))}", f"{table.row(key).label} · {table.row(key).column(measure).label}", value)
                 for key, measures in table2.items() for measure, value in measures.items()]  # fmt: skip
        groups.append((_("Table 二, counted from the catalogue (made, repealed in the year, in force at its end)"), cells))
    table3 = suggestions.get("table3")
    if table3 is not None:
        table = tables_of(FORMAT_2021)["table3"]
        report = Report.blank(page.year, FORMAT_2021)
        report.table3 = table3
        cells = [(f"tables-{cell_name('table3', row, column)}", f"{row.full_label} · {column.label}", report.get("table3", row.key, column.key))
                 for row, column in table.cells() if column.key != "total" and row.key != "total"]  # fmt: skip
        groups.append((_("Table 三, from the request register"), cells))
    return groups


class InterpretationSimilarityPanel(Panel):
    """The not-a-copy check of a 政策解读 in the editor (and the reviewer's view of the page): how much of its text
    repeats each interpreted document word for word, with the repeated passages marked."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Is it more than a copy of the document?"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_disclosure/panels/interpretation_similarity_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            context["checked"] = bool(getattr(instance, "pk", None))
            context["findings"] = instance.similarity_findings() if context["checked"] else []
            return context
