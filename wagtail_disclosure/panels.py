from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from wagtail.admin.panels import Panel


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
            return context


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
