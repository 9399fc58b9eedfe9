import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.documents import get_document_model
from wagtail.models import TaskState
from wagtail.permissions import policy_registry

from .models.listing import filter_by_substring
from .models.organisations import Organisation
from .models.review_forms import SIGNED_FORM_EXTENSIONS, SIGNED_FORM_MAX_BYTES, signed_forms_of
from .models.taxonomy import Genre, Topic, topic_tree
from .rules.confidentiality import Basis, Conclusion, Confirmation
from .rules.interpretation import InterpretationForm
from .rules.text_search import normalize
from .rules.vocabulary import Validity


class TopicTreeIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for topic, depth in topic_tree(self.queryset):
            # Full-width spaces: the indent survives in a <select> (plain spaces are collapsed).
            yield (self.choice(topic)[0], "\u3000" * depth + topic.name)


class TopicTreeChoiceField(forms.ModelChoiceField):
    """主题分类 as an indented tree, each topic under its parent, so a parent is not picked by mistake."""

    iterator = TopicTreeIterator


class TopicTreeChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = TopicTreeChoiceField


class CatalogueEntryAdminForm(WagtailAdminPageForm):
    """The editor form of catalogue entries: the model's rules, plus only active organisations."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("organisation")
        if field is not None:
            current = getattr(self.instance, "organisation_id", None)
            field.queryset = Organisation.objects.filter(is_active=True) | Organisation.objects.filter(pk=current)
        topic = self.fields.get("topic")
        if topic is not None:
            self.fields["topic"] = tree = TopicTreeChoiceField(
                queryset=topic.queryset, required=topic.required, label=topic.label, help_text=topic.help_text, empty_label=topic.empty_label
            )
            tree.widget.attrs.update(topic.widget.attrs)


FIRST_CATALOGUE_YEAR = 2008  # the first 条例 took effect on 2008-05-01


class FilterChoices:
    """The topics, genres and organisations the public filters offer, loaded in three queries.

    Kept per process for one version of the catalogues (see ``filter_choices``); read-only once built.
    """

    def __init__(self, topics, genres, organisations):
        self.topics = {topic.pk: topic for topic in topics}
        for topic in topics:
            # full_name walks the parents: from here, without a query.
            topic._state.fields_cache["parent"] = self.topics.get(topic.parent_id)
        self.children = {}
        for topic in topics:
            self.children.setdefault(topic.parent_id, []).append(topic)
        self.topic_choices = []
        self._walk(None, 0, set())
        self.genres = {genre.pk: genre for genre in genres}
        self.genre_choices = [(genre.pk, genre.name) for genre in genres]
        self.organisations = {organisation.pk: organisation for organisation in organisations}
        self.organisation_choices = [(organisation.pk, organisation.name) for organisation in organisations]
        # The <select>s of these choices as rendered (QuickSelect), by field, value, attributes and language.
        self.rendered = {}

    def _walk(self, parent_id, depth, seen):
        for topic in self.children.get(parent_id, []):
            if topic.pk in seen:
                continue
            seen.add(topic.pk)
            self.topic_choices.append((topic.pk, "\u3000" * depth + topic.name))
            self._walk(topic.pk, depth + 1, seen)

    def descendant_topic_ids(self, topic):
        ids, stack, seen = [], [topic.pk], set()
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            ids.append(current)
            stack.extend(child.pk for child in self.children.get(current, []))
        return ids

    @classmethod
    def load(cls):
        return cls(list(Topic.objects.order_by("sort_order", "name")), list(Genre.objects.all()), list(Organisation.objects.all()))


_FILTER_CHOICES = None  # (version, FilterChoices)


def filter_choices(version=None):
    """The filter choices; with ``version`` (the catalogues' global version), kept until it changes.

    The version is read from the database at every request and replaced whenever a topic, genre or
    organisation changes (see ``listing_cache``), so every process notices the change.
    """
    global _FILTER_CHOICES
    current = _FILTER_CHOICES
    if version is not None and current is not None and current[0] == version:
        return current[1]
    choices = FilterChoices.load()
    if version is not None:
        _FILTER_CHOICES = (version, choices)
    return choices


class QuickSelect(forms.Select):
    """A ``<select>`` written in one pass instead of one template per ``<option>`` (the filters have many)."""

    # Set by LookupChoiceField: FilterChoices.rendered and the values it may hold, so that a select of
    # a hundred topics is written once per process and version, not at every request.
    rendered = None
    rendered_values = frozenset()

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        key = None
        if self.rendered is not None and selected <= self.rendered_values:  # never keyed by arbitrary input
            key = (name, frozenset(selected), flatatt(final_attrs), get_language())
            html = self.rendered.get(key)
            if html is not None:
                return html
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, mark_safe(" selected") if str(key) in selected else "", label) for key, label in self.choices),
        )
        html = format_html("<select{}>{}</select>", flatatt(final_attrs), options)
        if key is not None:
            self.rendered[key] = html
        return html


class LookupChoiceField(forms.ChoiceField):
    """A choice among ``objects`` (by pk) that cleans to the object, without a query."""

    widget = QuickSelect

    def __init__(self, *, empty_label, **kwargs):
        super().__init__(**kwargs)
        self.empty_label = empty_label
        self.objects = {}

    def set_objects(self, objects, choices, rendered=None):
        self.objects = objects
        self.choices = [("", self.empty_label), *choices]
        if rendered is not None:
            self.widget.rendered = rendered
            self.widget.rendered_values = frozenset(["", *(str(pk) for pk, _label in choices)])

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.objects[int(value)]
        except (KeyError, TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}) from None

    def validate(self, value):
        forms.Field.validate(self, value)


class CatalogueFilterForm(forms.Form):
    """The public catalogue's query parameters: topic, genre, org, year, validity and q.

    ``version``: the catalogues' global version (``listing_cache.versions``), so that the choices
    are loaded once per process and version rather than at every request.
    """

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    topic = LookupChoiceField(label=_("Topic"), required=False, empty_label=_("All topics"))
    genre = LookupChoiceField(label=_("Genre"), required=False, empty_label=_("All genres"))
    org = LookupChoiceField(label=_("Issuing organisation"), required=False, empty_label=_("All organisations"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None, widget=QuickSelect)
    validity = forms.ChoiceField(label=_("Validity"), required=False, widget=QuickSelect)

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = filter_choices(version)
        self.fields["topic"].set_objects(self.choices.topics, self.choices.topic_choices, self.choices.rendered)
        self.fields["genre"].set_objects(self.choices.genres, self.choices.genre_choices, self.choices.rendered)
        self.fields["org"].set_objects(self.choices.organisations, self.choices.organisation_choices, self.choices.rendered)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in range(this_year, FIRST_CATALOGUE_YEAR - 1, -1)]
        self.fields["validity"].choices = [("", pgettext_lazy("catalogue filter", "All"))] + list(Validity.choices)

    def _descendant_topic_ids(self, topic):
        return self.choices.descendant_topic_ids(topic)

    def clean_q(self):
        return " ".join(self.cleaned_data.get("q", "").split())

    def only_two_character_query(self):
        """The normalised query when it is exactly two characters and no other filter is used, else None.

        A two-character query is one gram, so the gram table's listing index answers it alone.
        """
        if not self.is_bound:
            return None
        self.is_valid()  # invalid parameters are ignored, as in apply()
        data = self.cleaned_data
        if any(data.get(name) not in (None, "") for name in ("topic", "genre", "org", "year", "validity")):
            return None
        needle = normalize(data.get("q"))
        return needle if len(needle) == 2 else None

    def apply(self, entries, catalogue_id=None):
        """Filter ``entries`` by the valid parameters; invalid ones are ignored (and reported).

        ``catalogue_id``: ``entries`` are that catalogue's listed entries (lets the search use the
        gram table's listing index).
        """
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
            entries = filter_by_substring(entries, data["q"], catalogue_id)
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


class InterpretationFilterForm(CatalogueFilterForm):
    """The 政策解读 list's parameters: the catalogue's, and the interpretation's form (文字解读, 图解 …)."""

    form = forms.ChoiceField(label=_("Form of interpretation"), required=False, widget=QuickSelect)
    extra_filters = ("form",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["genre"]  # every interpretation is filed under 政策解读: nothing to choose
        self.fields["form"].choices = [("", pgettext_lazy("catalogue filter", "All"))] + list(InterpretationForm.choices)

    def only_two_character_query(self):
        if self.is_bound and self.is_valid() and self.cleaned_data.get("form"):
            return None
        return super().only_two_character_query()

    def apply(self, entries, catalogue_id=None):
        entries = super().apply(entries, catalogue_id)
        if self.is_bound and self.cleaned_data.get("form"):
            # The forms present, derived on save as ",text,qa," (PolicyInterpretationPage.interpretation_forms).
            entries = entries.filter(interpretation_forms__contains=f",{self.cleaned_data['form']},")
        return entries

    def active_filters(self):
        active = super().active_filters()
        value = getattr(self, "cleaned_data", {}).get("form")
        if value:
            active.append({"name": "form", "label": self.fields["form"].label, "value": dict(self.fields["form"].choices).get(value, value)})
        return active


# --- The confidentiality review (保密审查) form of the workflow task --------------------------------


class _ScanItemLabel:
    """The label of one acknowledgement checkbox: a pre-scan finding or a notice, kept structured so
    that the review template can lay it out (``str()`` gives a one-line version)."""

    def __init__(self, *, kind, location, snippet="", message=""):
        self.kind, self.location, self.snippet, self.message = kind, location, snippet, message

    def __str__(self):
        detail = self.snippet or self.message
        return f"{self.kind} · {self.location}：{detail}"


class ReviewAttachmentField(forms.ModelChoiceField):
    """A wagtaildocs document, cleaned to its id so that the form's cleaned data can go through JSON.

    Wagtail's document chooser widget cannot be used: the review form is itself shown in a modal, and
    the chooser opens its own ``ModalWorkflow``, which first removes every open modal
    (``$("body > .modal").remove()`` in wagtailadmin/js/modal-workflow.js), so the review form would
    vanish (checked in Chromium: after "选择文档" only the chooser is left). The reviewer uploads the scan
    in the form itself (``SignedFormUploadForm``, sent by review-form.js to ``views.review``) and the select
    offers the reviewer's own uploads not yet attached to a record, then the most recent documents the
    reviewer may choose (tests/browser/test_review_modal.py). Signed forms stay out of Wagtail's document
    views (``models.review_forms``).
    """

    def clean(self, value):
        document = super().clean(value)
        return document.pk if document is not None else None


class ConfidentialityReviewForm(forms.Form):
    """What a reviewer records at one level of the 保密审查: conclusion, basis, opinion, confirmations,
    the signed review form, and one acknowledgement per pre-scan finding of the revision under review.

    Built per task and action with :meth:`for_task` (``task.get_form_for_action``). Wagtail constructs
    it as ``form_class(request.POST)``, without the task state: the task state's id then comes from the
    hidden ``task_state_id`` field and is looked up among this task's states. ``on_action`` validates again
    with ``task_state=`` (the real one) and ``user=``. The cleaned data is JSON-ready and validates
    again to itself, because the edit view posts it back as JSON (``workflow-action-extra-data``).
    """

    RECENT_DOCUMENTS = 100
    NOTICE_PREFIX = "notice:"

    task = None
    action = None

    task_state_id = forms.IntegerField(label=_("Review task"), widget=forms.HiddenInput)
    reviewed_hash = forms.CharField(label=_("Content under review"), widget=forms.HiddenInput, max_length=64)
    conclusion = forms.ChoiceField(label=_("Conclusion (审查结论)"), widget=forms.RadioSelect)
    basis = forms.MultipleChoiceField(label=_("Basis (审查依据)"), required=False, widget=forms.CheckboxSelectMultiple)
    opinion = forms.CharField(label=_("Opinion (审查意见)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    confirmations = forms.MultipleChoiceField(label=_("Confirmations (审查确认)"), required=False, widget=forms.CheckboxSelectMultiple)
    acknowledged_findings = forms.MultipleChoiceField(
        label=_("Pre-scan findings acknowledged"), required=False, widget=forms.CheckboxSelectMultiple
    )
    checked_notices = forms.MultipleChoiceField(label=_("Checked by hand"), required=False, widget=forms.CheckboxSelectMultiple)
    attachment = ReviewAttachmentField(
        label=_("Signed review form (审查单扫描件)"),
        queryset=None,
        required=False,
        help_text=_("Upload the scanned, signed form here (PDF, OFD or an image). It is kept with the review record and is never public."),
    )

    @classmethod
    def for_task(cls, task, action):
        return type(cls.__name__, (cls,), {"task": task, "action": action, "__module__": cls.__module__})

    def __init__(self, data=None, *args, task_state=None, user=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.user = user
        self.review_state = task_state if task_state is not None else self._task_state_from_data()
        self.approving = self.action == "approve"

        conclusion = self.fields["conclusion"]
        if self.approving:
            conclusion.choices = [(Conclusion.APPROVE.value, Conclusion.APPROVE.label)]
            conclusion.initial = Conclusion.APPROVE.value
            conclusion.widget = forms.HiddenInput()
        else:
            conclusion.choices = [(value, label) for value, label in Conclusion.choices if value != Conclusion.APPROVE]
        self.fields["basis"].choices = Basis.choices
        self.fields["confirmations"].choices = Confirmation.choices

        task = self.task
        if task is not None:
            self.fields["basis"].required = task.require_basis
            self.fields["opinion"].required = task.require_opinion or not self.approving
            self.fields["attachment"].required = task.require_attachment
            if self.approving and task.require_confirmations:
                self.fields["confirmations"].help_text = _("All of them must be confirmed to approve.")
        if not self.approving:
            self.fields["opinion"].help_text = _("Give the reason: what must be removed, or why it cannot be published.")

        # Without a user (Wagtail's modal view validating the POST), any document is accepted here;
        # ``on_action`` validates again with the user, and the screen offers only what the user may choose.
        documents = get_document_model().objects.all()
        uploaded = []
        if user is not None:
            own_forms = signed_forms_of(user)
            choosable = policy_registry.get_by_type(get_document_model()).instances_user_has_any_permission_for(user, ["choose"])
            documents = get_document_model().objects.filter(pk__in=choosable.values("pk")) | own_forms
            uploaded = list(own_forms.order_by("-created_at", "-pk"))
        attachment = self.fields["attachment"]
        attachment.queryset = documents
        recent = uploaded + list(documents.exclude(pk__in=[d.pk for d in uploaded]).order_by("-created_at", "-pk")[: self.RECENT_DOCUMENTS]) if user is not None else []
        chosen = self.data.get("attachment") if self.is_bound else None
        if user is not None and chosen and str(chosen).isdigit() and all(str(document.pk) != str(chosen) for document in recent):
            recent += list(documents.filter(pk=int(chosen)))
        attachment.widget.choices = [("", "---------")] + [
            (document.pk, f"{document.title}（{timezone.localtime(document.created_at):%Y-%m-%d}）") for document in recent
        ]

        self.findings, self.notices = [], []
        if self.review_state is not None:
            self.fields["task_state_id"].initial = self.review_state.pk
            self.fields["reviewed_hash"].initial = self.review_state.reviewed_fingerprint
            self.findings, self.notices = self.review_state.scan
        self.fields["acknowledged_findings"].choices = [
            (finding.id, _ScanItemLabel(kind=finding.kind_label, location=finding.location_label, snippet=finding.snippet))
            for finding in self.findings
        ]
        self.fields["checked_notices"].choices = [
            (notice.id, _ScanItemLabel(kind=gettext("Check by hand"), location=notice.location_label, message=notice.message))
            for notice in self.notices
        ]
        if self.approving and self.findings:
            self.fields["acknowledged_findings"].help_text = _("Tick each finding once you have checked it: all must be acknowledged to approve.")
        if self.approving and self.notices:
            self.fields["checked_notices"].help_text = _("These parts could not be scanned. Tick each one once you have checked it by hand.")

    def _task_state_from_data(self):
        if self.task is None or not self.is_bound:
            return None
        raw = self.data.get("task_state_id")
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            return None
        return self.task.task_state_class.objects.filter(pk=pk, task_id=self.task.pk).select_related("revision").first()

    # A finding's acknowledgement is given for the exact content shown: the scan is of the revision
    # under review (``task_state.revision``), and ``reviewed_hash`` is that content's fingerprint.

    def clean_task_state_id(self):
        value = self.cleaned_data["task_state_id"]
        if self.review_state is None or value != self.review_state.pk:
            raise ValidationError(gettext("This review does not belong to this task."), code="task_state")
        return value

    def clean(self):
        cleaned = super().clean()
        task_state = self.review_state
        if task_state is None:
            if "task_state_id" not in self.errors:
                self.add_error(None, ValidationError(gettext("This review does not belong to this task."), code="task_state"))
            return cleaned
        if task_state.status != TaskState.STATUS_IN_PROGRESS:
            self.add_error(None, ValidationError(gettext("This review has already been concluded."), code="closed"))
            return cleaned
        if cleaned.get("reviewed_hash") and cleaned["reviewed_hash"] != task_state.reviewed_fingerprint:
            self.add_error(
                None,
                ValidationError(
                    gettext("The content under review has changed since this form was opened. Reload the page and review it again."),
                    code="content_changed",
                ),
            )
        if self.approving:
            if self.task is not None and self.task.require_confirmations:
                missing = [label for value, label in Confirmation.choices if value not in cleaned.get("confirmations", [])]
                if "confirmations" not in self.errors and missing:
                    self.add_error(
                        "confirmations",
                        ValidationError(
                            gettext("To approve, confirm all of the following: %(items)s.") % {"items": pgettext("list separator", ", ").join(str(m) for m in missing)},
                            code="confirmations",
                        ),
                    )
            if "acknowledged_findings" not in self.errors and set(cleaned.get("acknowledged_findings", [])) != {f.id for f in self.findings}:
                self.add_error(
                    "acknowledged_findings",
                    ValidationError(gettext("To approve, acknowledge every pre-scan finding."), code="findings"),
                )
            if "checked_notices" not in self.errors and set(cleaned.get("checked_notices", [])) != {n.id for n in self.notices}:
                self.add_error(
                    "checked_notices",
                    ValidationError(gettext("To approve, confirm that you have checked by hand every part that could not be scanned."), code="notices"),
                )
            newer = task_state.newer_revision
            if newer is not None:
                self.add_error(
                    None,
                    ValidationError(
                        gettext(
                            "The page has a newer revision (#%(newer)s) with different content than the revision under review "
                            "(#%(reviewed)s). Approving would publish content that was not reviewed, so it cannot be approved here. "
                            "Reload the page; to have the new content reviewed, request changes so that it is submitted again."
                        )
                        % {"newer": newer.pk, "reviewed": task_state.revision_id},
                        code="newer_revision",
                    ),
                )
        return cleaned

    def review_data(self):
        """The ledger fields, from valid cleaned data."""
        data = self.cleaned_data
        acknowledged = list(data.get("acknowledged_findings", []))
        acknowledged += [self.NOTICE_PREFIX + notice_id for notice_id in data.get("checked_notices", [])]
        return {
            "conclusion": data["conclusion"],
            "basis": list(data.get("basis", [])),
            "opinion": data.get("opinion", ""),
            "confirmations": list(data.get("confirmations", [])),
            "acknowledged_findings": acknowledged,
            "attachment_id": data.get("attachment"),
        }

    def unshown_field_errors(self):
        """``(label, error)`` of fields the review screen does not show: the hidden ones (the conclusion
        of an approval among them), and the acknowledgements when there is nothing to acknowledge."""
        fields = list(self.hidden_fields())
        if not self.findings:
            fields.append(self["acknowledged_findings"])
        if not self.notices:
            fields.append(self["checked_notices"])
        return [(field.label, error) for field in fields for error in field.errors]

    def error_summary(self):
        """All errors, as one line (for refusals outside the form)."""
        parts = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else None
            text = pgettext("list separator", ", ").join(str(error) for error in errors)
            parts.append(f"{label}：{text}" if label else text)
        return " ".join(parts)


class SignedFormUploadForm(forms.Form):
    """The scan of the signed review form (保密审查单), uploaded from the review form (``views.review``)."""

    file = forms.FileField(label=_("Signed review form (审查单扫描件)"))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
        if extension not in SIGNED_FORM_EXTENSIONS:
            raise ValidationError(
                gettext("A signed review form must be a PDF, OFD or image file (%(extensions)s); “%(name)s” is not.")
                % {"extensions": pgettext("list separator", ", ").join(SIGNED_FORM_EXTENSIONS), "name": uploaded.name},
                code="extension",
            )
        if uploaded.size > SIGNED_FORM_MAX_BYTES:
            raise ValidationError(
                gettext("The file is %(size)s MB; a signed review form may be at most %(limit)s MB.")
                % {"size": round(uploaded.size / 1024 / 1024, 1), "limit": SIGNED_FORM_MAX_BYTES // 1024 // 1024},
                code="size",
            )
        if not uploaded.size:
            raise ValidationError(gettext("The file is empty."), code="empty")
        return uploaded


class InterpretationAdminForm(CatalogueEntryAdminForm):
    """The editor form of 政策解读: the documents it interprets are required, and must be 主动公开."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("policy_links")
        if formset is None or not formset.is_valid():
            return cleaned
        policies = [
            form.cleaned_data["policy"].specific
            for form in formset.forms
            if form.cleaned_data.get("policy") is not None and not form.cleaned_data.get("DELETE")
        ]
        if not policies:
            self.add_error(None, _("Choose the document this interpretation interprets (解读对应的政策文件): at least one is required."))
        for policy in policies:
            if not hasattr(policy, "is_interpretation"):  # not a catalogue-entry type (AbstractCatalogueEntryPage)
                self.add_error(None, gettext("“%(title)s” is not a document of the catalogue: choose a catalogue entry.") % {"title": policy.title})
            elif policy.is_interpretation:
                self.add_error(None, gettext("“%(title)s” is itself an interpretation: choose the policy document it interprets.") % {"title": policy.title})
            elif not policy.is_public:
                self.add_error(
                    None,
                    gettext("“%(title)s” is not proactively disclosed (主动公开): only 主动公开 documents can be interpreted publicly.")
                    % {"title": policy.title},
                )
        return cleaned
