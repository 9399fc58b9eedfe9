import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm


class CatalogueEntryAdminForm(WagtailAdminPageForm):
    """The editor form of catalogue entries: the model's rules, plus only active organisations."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("organisation")
        if field is not None:
            from .models import Organisation

            current = getattr(self.instance, "organisation_id", None)
            field.queryset = Organisation.objects.filter(is_active=True) | Organisation.objects.filter(pk=current)
        topic = self.fields.get("topic")
        if topic is not None:
            topic.queryset = topic.queryset.select_related("parent", "parent__parent", "parent__parent__parent")


FIRST_CATALOGUE_YEAR = 2008  # the first 条例 took effect on 2008-05-01


class CatalogueFilterForm(forms.Form):
    """The public catalogue's query parameters: topic, genre, org, year, validity and q."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=None, required=False, empty_label=_("All topics"))
    genre = forms.ModelChoiceField(label=_("Genre"), queryset=None, required=False, empty_label=_("All genres"))
    org = forms.ModelChoiceField(label=_("Issuing organisation"), queryset=None, required=False, empty_label=_("All organisations"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    validity = forms.ChoiceField(label=_("Validity"), required=False)

    def __init__(self, *args, **kwargs):
        from .models import Genre, Organisation, Topic, Validity

        super().__init__(*args, **kwargs)
        self._topics = list(Topic.objects.select_related("parent").order_by("sort_order", "name"))
        self.fields["topic"].queryset = Topic.objects.all()
        self.fields["topic"].choices = [("", _("All topics"))] + [(t.pk, self._indented(t)) for t in self._tree_order()]
        self.fields["genre"].queryset = Genre.objects.all()
        self.fields["org"].queryset = Organisation.objects.all()
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in range(this_year, FIRST_CATALOGUE_YEAR - 1, -1)]
        self.fields["validity"].choices = [("", pgettext_lazy("catalogue filter", "All"))] + list(Validity.choices)

    def _tree_order(self):
        children = {}
        for topic in self._topics:
            children.setdefault(topic.parent_id, []).append(topic)
        ordered = []

        def walk(parent_id, depth):
            for topic in children.get(parent_id, []):
                topic.depth = depth
                ordered.append(topic)
                walk(topic.pk, depth + 1)

        walk(None, 0)
        return ordered

    @staticmethod
    def _indented(topic):
        return "\u3000" * getattr(topic, "depth", 0) + topic.name

    def _descendant_topic_ids(self, topic):
        children = {}
        for item in self._topics:
            children.setdefault(item.parent_id, []).append(item.pk)
        ids, stack = [], [topic.pk]
        while stack:
            current = stack.pop()
            ids.append(current)
            stack.extend(children.get(current, []))
        return ids

    def clean_q(self):
        return " ".join(self.cleaned_data.get("q", "").split())

    def apply(self, entries):
        """Filter ``entries`` by the valid parameters; invalid ones are ignored (and reported)."""
        from .search import filter_by_substring

        if not self.is_bound:
            return entries
        self.is_valid()
        data = self.cleaned_data
        if data.get("topic"):
            entries = entries.filter(topic_id__in=self._descendant_topic_ids(data["topic"]))
        if data.get("genre"):
            entries = entries.filter(genre=data["genre"])
        if data.get("org"):
            entries = entries.filter(organisation=data["org"])
        if data.get("year"):
            year = data["year"]
            entries = entries.filter(publish_date__gte=datetime.date(year, 1, 1), publish_date__lte=datetime.date(year, 12, 31))
        if data.get("validity"):
            entries = entries.filter(validity=data["validity"])
        if data.get("q"):
            entries = filter_by_substring(entries, data["q"])
        return entries

    def active_filters(self):
        data = getattr(self, "cleaned_data", {})
        active = []
        for name in ("q", "topic", "genre", "org", "year", "validity"):
            value = data.get(name)
            if value in (None, ""):
                continue
            field = self.fields[name]
            if name == "validity":
                value = dict(field.choices).get(value, value)
            elif name == "topic":
                value = value.full_name
            # Labels stay lazy so they render in the language active in the template.
            active.append({"name": name, "label": field.label, "value": value if name == "validity" else str(value)})
        return active

    def invalid_message(self):
        if not self.is_bound or not self.errors:
            return ""
        names = pgettext("list separator", ", ").join(str(self.fields[name].label) for name in self.errors)
        return gettext("Some filters were not understood and were ignored: %(names)s.") % {"names": names}
