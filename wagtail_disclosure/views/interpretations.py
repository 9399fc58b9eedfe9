"""Admin: the report of policies missing their interpretation (三同步), and the dashboard's guide warning."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..models.calendar import get_working_day_calendar
from ..models.catalogue import catalogue_entry_models
from ..models.guide import GuidePage
from ..models.interpretation import PolicyInterpretationPage
from ..models.settings import DisclosureSettings
from .columns import AbsoluteDateColumn
from .reports import EditorsReportMenuItem, EditorsReportMixin


def policies_missing_interpretation(entries, today=None):
    """Live documents that need an interpretation and have none live, once the grace period of working days
    after their 发布日期 (DisclosureSettings, default 0) has passed."""
    today = today or timezone.localdate()
    calendar = get_working_day_calendar()
    interpreted = PolicyInterpretationPage.objects.live().values("policy_links__policy_id")
    candidates = (
        entries.live()
        .exclude(pk__in=PolicyInterpretationPage.objects.values("pk"))
        .exclude(pk__in=interpreted)
        .select_related("genre", "organisation")
        .order_by("publish_date", "pk")
    )
    result, grace_by_site = [], {}
    for entry in candidates:
        if not entry.interpretation_required:
            continue
        site = entry.get_site()
        key = site.pk if site is not None else None
        if key not in grace_by_site:
            grace_by_site[key] = DisclosureSettings.for_site(site).interpretation_grace_days if site is not None else 0
        grace = grace_by_site[key]
        published = entry.publish_date or today
        due = calendar.add_working_days(published, grace).date
        if due <= today:
            entry.interpretation_due = due
            result.append(entry)
    return result


class MissingInterpretationReportView(EditorsReportMixin, ReportView):
    page_title = _("Policies missing an interpretation")
    header_icon = "warning"
    index_url_name = "wagtail_disclosure:missing_interpretations"
    index_results_url_name = "wagtail_disclosure:missing_interpretations_results"
    paginate_by = 50
    columns = [
        TitleColumn("title", label=_("Title"), url_name="wagtailadmin_pages:edit"),
        Column("index_number", label=_("Index number")),
        Column("organisation", label=_("Issuing organisation")),
        Column("genre", label=_("Genre")),
        AbsoluteDateColumn("publish_date", label=_("Publication date")),
        AbsoluteDateColumn("interpretation_due", label=_("Interpretation due")),
    ]

    def get_queryset(self):
        editable = PagePermissionPolicy().instances_user_has_permission_for(self.request.user, "change").values("pk")
        # Every catalogue-entry type: the plugin's and a host site's subclasses of the abstract base.
        found = []
        for model in catalogue_entry_models():
            found += policies_missing_interpretation(model.objects.filter(pk__in=editable))
        return sorted(found, key=lambda entry: (entry.publish_date or datetime.date.min, entry.pk))


class MissingInterpretationMenuItem(EditorsReportMenuItem):
    pass


class StaleGuidePanel(Component):
    """Dashboard: guides not reviewed within the period, or whose office details or classification changed since."""

    name = "disclosure_stale_guides"
    template_name = "wagtail_disclosure/panels/stale_guides_panel.html"
    order = 95

    def __init__(self, stale):
        self.stale = stale

    def get_context_data(self, parent_context):
        return {"stale": self.stale}


def stale_guides(today=None):
    return [(guide, reasons) for guide in GuidePage.objects.live() if (reasons := guide.staleness(today))]


def add_stale_guide_panel(request, panels):
    if not request.user.has_perm("wagtailadmin.access_admin"):
        return
    stale = stale_guides()
    if stale:
        panels.append(StaleGuidePanel(stale))


