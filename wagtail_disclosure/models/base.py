"""``DisclosurePage``: the abstract base of every page type of the plugin.

A page type declares its fields and inherits the rest:

* the publication gate (保密审查), run first in ``save()``, before anything is derived from ``live``;
* ``derive_fields()`` then fills in what the page computes (each mixin does its part and calls
  ``super()``: 索引号, deadlines, listing columns), and ``after_save()`` keeps what lives in other
  tables in step (the 索引号 registry, search grams, the catalogue's cache version);
* the editor's tabs, assembled from the class's own panel lists (``edit_tabs``), so a subclass that
  changes ``content_panels`` sees its change; a declared ``attachments`` relation gets its panel;
* ``derived_fields`` and ``internal_fields`` (see ``page_declarations``) for the gate's fingerprint
  and the pre-scan;
* ``publication_blockers()``: the type's own rules that block publication on every route the gate
  covers, with their messages;
* ``is_public``: False for an internal record (a catalogue entry that is 依申请公开 or 不予公开), which
  is never live (see ``keep_internal_record_offline``).

Mixins for what several types share: ``IndexNumberMixin`` (models/index_numbers.py),
``TimelinessMixin`` (models/calendar.py), ``ListedPageMixin`` (models/listing.py) and
``AbstractAttachment`` (models/attachments.py). List them before ``DisclosurePage`` in the bases.
"""

from django.template.response import SimpleTemplateResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.utils.decorators import cached_classmethod
from wagtail_localize.fields import TranslatableField

from ..gate.enforcement import enforce_before_save
from ..gate.registry import GatedPageMixin
from .attachments import ATTACHMENTS, has_attachments


class DisclosurePage(GatedPageMixin, Page):
    """A page of the 政府信息公开 column: gated by the confidentiality review, with derived fields."""

    # (name of a panel list attribute, tab heading), in the order the editor shows them; empty lists are left out.
    edit_tabs = (
        ("content_panels", _("Content")),
        ("promote_panels", _("Promote")),
        ("settings_panels", _("Settings")),
    )

    class Meta:
        abstract = True

    @cached_classmethod
    def get_edit_handler(cls):
        if "edit_handler" in vars(cls):
            return cls.edit_handler.bind_to_model(cls)
        tabs = []
        for attribute, heading in cls.edit_tabs:
            panels = list(getattr(cls, attribute, None) or [])
            if attribute == "content_panels" and has_attachments(cls) and not _uses_relation(panels, ATTACHMENTS):
                panels.append(InlinePanel(ATTACHMENTS, label=_("Attachments"), heading=_("Attachments")))
            if panels:
                tabs.append(ObjectList(panels, heading=heading))
        return TabbedInterface(tabs, base_form_class=cls.base_form_class).bind_to_model(cls)

    # Whether the public may see the page's content. False (a property on the type) makes the page an
    # internal record: 条例第十四条至第十六条 (不予公开) and 第二十七条 (依申请公开) keep it off the public
    # site, so it is never live (``keep_internal_record_offline``).
    is_public = True

    # The stylesheets the page's template needs ({% disclosure_assets %}); a type adds its own.
    public_stylesheets = ("wagtail_disclosure/css/disclosure.css",)

    # --- rules ------------------------------------------------------------------------------

    def publication_blockers(self):
        """Messages saying what keeps this content from going live, whatever its review (an annual report's
        arithmetic errors, a policy without its interpretation). The gate refuses publication on every route
        while there are any, with these messages; override it for a type's own rules."""
        return []

    publication_blockers.no_rules = True  # the gate skips the call for types that do not override it

    # --- public ------------------------------------------------------------------------------

    def serve(self, request, *args, **kwargs):
        return serve_in_page_language(self, lambda: super(DisclosurePage, self).serve(request, *args, **kwargs))

    # --- persistence ------------------------------------------------------------------------

    def derive_fields(self):
        """Fill in derived fields before a full save. Mixins do their part, then call ``super()``."""

    def after_save(self, update_fields, created):
        """Keep other tables in step after a save (``update_fields`` as given to ``save()``)."""

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        # The publication gate first: it may turn this save into a draft, and what follows depends on ``live``.
        enforce_before_save(self, update_fields)
        taken_offline = keep_internal_record_offline(self, update_fields)
        if taken_offline and update_fields is not None:
            update_fields = kwargs["update_fields"] = sorted(set(update_fields) | INTERNAL_RECORD_FIELDS)
        created = self._state.adding or bool(kwargs.get("force_insert"))
        if update_fields is None:
            self.derive_fields()
        result = super().save(*args, **kwargs)
        self.after_save(update_fields, created)
        if taken_offline and not created:
            log(instance=self, action="wagtail_disclosure.kept_internal", revision=self.get_latest_revision())
        return result


def serve_in_page_language(page, serve):
    """``serve()``'s response, rendered in the language of the page's locale: the statutory labels (索引号,
    发文机关, 公开属性…) match the content whatever the visitor's browser or the site's ``LANGUAGE_CODE`` say,
    and so do ``<html lang>`` and anything the host's base template takes from the current language.
    (Types with routes call it from their own ``serve()``: ``RoutablePageMixin`` comes first in their bases.)"""
    with translation.override(page.locale.language_code):
        response = serve()
        if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
            response.render()  # now, not after serve() returns, when the language is no longer active
    return response


# The fields ``keep_internal_record_offline`` changes.
INTERNAL_RECORD_FIELDS = frozenset({"live", "live_revision"})


def keep_internal_record_offline(page, update_fields=None):
    """An internal record (``is_public`` False) is never live: turn a save that would make it live (a publish,
    a workflow's approval, a script) into one that keeps it off the public site. Returns whether it did.

    Why not live rather than a view restriction or a check in each view: everything Wagtail and a host site
    show to the public starts from live pages (``Page.objects.live()``: API v2 and v3, search, sitemaps,
    menus, related-page blocks, routing), so no public consumer can show it, whatever it forgets to check;
    a view restriction would be a separate row an editor can remove in the privacy dialog, and covers only
    code that also asks for ``public()``."""
    if page.is_public:
        return False
    live = page.live
    if update_fields is not None and "live" not in update_fields and page.pk:
        live = type(page).objects.filter(pk=page.pk, live=True).exists()
    if not live:
        return False
    page.live = False
    page.live_revision = None
    return True


def _uses_relation(panels, relation_name):
    for panel in panels:
        if getattr(panel, "relation_name", None) == relation_name:
            return True
        if _uses_relation(getattr(panel, "children", ()), relation_name):
            return True
    return False


class TranslatableFieldsOf:
    """``translatable_fields`` for wagtail-localize, leaving out fields a subclass does not have
    (an abstract base may list ``attachments``, which only the subclasses that declare it have)."""

    def __init__(self, fields):
        self.fields = list(fields)

    def __get__(self, instance, owner):
        return [field for field in self.fields if _has_field(owner, field.field_name)]

    def __add__(self, other):
        return TranslatableFieldsOf(self.fields + list(other))


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist, or the app registry is not ready for a related model
        return False
    return True


class DisclosureIndexPage(DisclosurePage):
    """A column page that lists disclosure pages below it (目录, 年报): an introduction and its listing."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    translatable_fields = [TranslatableField("title"), TranslatableField("slug"), TranslatableField("intro")]

    class Meta:
        abstract = True
