"""The gate itself: no gated page becomes live, or changes live content, without approved review.

The hard rule lives below the user interface, where every route ends (docs/publication-routes.md):

* ``enforce_on_save`` runs on every save of a gated page: the plugin's pages call it first thing in
  ``save()`` (before they derive anything from ``live``), and a ``pre_save`` receiver covers host-site
  types, saves of base ``Page`` instances (moves, scripts) and fixtures. A new row that would be live
  without approval is turned into a draft (the create view, ``add_child`` and copies write live rows
  before any hook could refuse); an existing row that would go live or change live content without
  approval is refused with a ``ValidationError``.
* ``publish()`` of gated pages is wrapped: callers without a user (scheduled publishing, translation
  sync) are skipped and logged, so one refused page neither stops the others nor loses its schedule;
  callers with a user get ``GateRefused``.
* Their permission tester says ``can_publish()`` only when the latest content is approved, which
  hides the Publish button, turns a forged publish POST into a draft save, and makes bulk publish and
  the admin APIs refuse.
* A revision can only be scheduled (``approved_go_live_at``) when its content is approved.

Hooks in ``wagtail_hooks.py`` add the messages people see.
"""

import dataclasses
import logging

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models.signals import pre_save
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.create_page import CreatePageAction
from wagtail.actions.edit_page import EditPageAction
from wagtail.actions.publish_page_revision import (
    PublishPagePermissionError,
    PublishPageRevisionAction,
)
from wagtail.log_actions import log
from wagtail.models import Page, PagePermissionTester, Revision

from . import files, shared_objects
from .approval import approval_missing, mirrors_live_source, remembering_answers
from .fingerprint import (
    VOLATILE_FIELDS,
    content_fields,
    content_fingerprint,
    live_row_fingerprints,
    revision_fingerprint,
    same_content,
)
from .registry import gated_page_models, is_gated_model

logger = logging.getLogger("wagtail_disclosure.gate")

GATE_REFUSED_LOG_ACTION = "wagtail_disclosure.gate_refused"


class GateRefused(PublishPagePermissionError):
    """Publishing was refused because the content has no approved confidentiality review."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclasses.dataclass
class Verdict:
    allowed: bool
    missing: list = dataclasses.field(default_factory=list)
    title: str = ""
    blockers: list = dataclasses.field(default_factory=list)

    @property
    def message(self):
        if self.blockers:
            return blocked_message(self.title, self.blockers)
        return refusal_message(self.title, self.missing)


def blocked_message(title, blockers):
    return gettext("“%(title)s” cannot be published until these problems are corrected: %(problems)s") % {
        "title": title,
        "problems": pgettext("list separator", ", ").join(str(blocker) for blocker in blockers),
    }


def publication_blockers(page, revision=None):
    """What the page type's own rules say keeps this content from going live (``DisclosurePage.publication_blockers``),
    for ``revision``'s content or the page's own. Types without such rules cost nothing here."""
    method = getattr(type(page), "publication_blockers", None)
    if method is None or getattr(method, "no_rules", False):
        return []
    content = page
    if revision is not None:
        content = type(page).from_serializable_data(revision.content, check_fks=False)
        content.pk = page.pk
    return list(content.publication_blockers())


def refusal_message(title, missing):
    if missing == [None] or not missing:
        return gettext(
            "“%(title)s” cannot be published: it has not passed a confidentiality review (保密审查), and no workflow with "
            "a confidentiality review task applies to it. Ask a site administrator to assign such a workflow to its section."
        ) % {"title": title}
    levels = pgettext("list separator", ", ").join(task.level_name or task.name for task in missing)
    return gettext(
        "“%(title)s” cannot be published: this content has not passed the confidentiality review (保密审查; missing: "
        "%(levels)s). Submit it for review; it is published once every level has approved it."
    ) % {"title": title, "levels": levels}


def _live_content_unchanged(page, fingerprint):
    """Publishing content identical to what is already live shows nothing new."""
    if not page.pk:
        return False
    row = type(page).objects.filter(pk=page.pk, live=True).first()
    return row is not None and content_fingerprint(row) == fingerprint


def publication_verdict(page, revision=None):
    """May ``revision`` (default: the page's own current content) of ``page`` go live?"""
    page = page.specific_deferred if not is_gated_model(type(page)) else page
    fingerprint = revision_fingerprint(revision) if revision is not None else content_fingerprint(page)
    title = revision.content.get("title", page.title) if revision is not None else page.title
    blockers = publication_blockers(page, revision)
    if blockers and not _live_content_unchanged(page, fingerprint):
        return Verdict(False, title=title, blockers=blockers)
    missing = approval_missing(page, fingerprint)
    if not missing:
        return Verdict(True)
    if _live_content_unchanged(page, fingerprint):
        return Verdict(True)
    return Verdict(False, missing, title)


# --- saves ---------------------------------------------------------------------------------------


def _demote_to_draft(page):
    page.live = False
    page.live_revision = None
    page.has_unpublished_changes = True
    page.first_published_at = None
    page.last_published_at = None
    on_demoted = getattr(page, "gate_demoted", None)
    if on_demoted is not None:
        on_demoted()


def _refuse(page, missing):
    raise ValidationError({NON_FIELD_ERRORS: [refusal_message(page.title, missing)]})


def enforce_before_save(page, update_fields=None):
    """For ``save()`` of the plugin's pages: check now, before the page derives anything from ``live``."""
    enforce_on_save(page, update_fields)
    page._gate_enforced = True  # the pre_save receiver of this very save need not check again


def enforce_on_save(page, update_fields=None):
    """Refuse (or, for a new row, demote to draft) a save that would put unapproved content live."""
    if update_fields is not None:
        fields = set(update_fields)
        if not page.live and fields & _LIVE_REVISION_FIELDS:
            page.live_revision = None  # a draft points at no live revision (copies set one)
        if page.live and fields & _LIVE_REVISION_FIELDS:
            _check_live_revision(page, content_saved=bool(fields & content_fields(type(page))))
        if not fields & ({"live"} | content_fields(type(page))):
            return  # neither liveness nor content changes (revision bookkeeping, locks, url_path)
        if "live" not in fields:
            will_be_live = type(page).objects.filter(pk=page.pk, live=True).exists()
        else:
            will_be_live = page.live
    else:
        will_be_live = page.live
    if not will_be_live:
        return
    if page._state.adding or page.pk is None:
        if page.alias_of_id and mirrors_live_source(page):
            return
        _demote_to_draft(page)
        return
    if page.alias_of_id:
        if mirrors_live_source(page):
            return
        _refuse(page, [None])
    fingerprint = content_fingerprint(page)
    blockers = publication_blockers(page)
    if blockers and not _live_content_unchanged(page, fingerprint):
        raise ValidationError({NON_FIELD_ERRORS: [blocked_message(page.title, blockers)]})
    missing = approval_missing(page, fingerprint)
    if missing and not _live_content_unchanged(page, fingerprint):
        logger.warning("Gate refused saving unreviewed live content of page %s (%s)", page.pk, page.title)
        _refuse(page, missing)
    if update_fields is None:
        _check_live_revision(page, fingerprint, content_saved=True)


_LIVE_REVISION_FIELDS = frozenset({"live_revision", "live_revision_id"})


def _check_live_revision(page, fingerprint=None, content_saved=False):
    """The record of what is live (``live_revision``) may only point at reviewed content: a revision whose
    content is approved, or is the content being saved live (Wagtail's publish sets both at once)."""
    if page.alias_of_id or not page.live_revision_id:
        return
    revision = page.live_revision  # Wagtail's publish has it in hand
    if content_saved and revision is not None and same_content(page, revision):
        return  # the content being saved live, which the gate has just checked, is the revision's
    stored = type(page).objects.filter(pk=page.pk).values_list("live_revision_id", flat=True).first()
    if stored == page.live_revision_id:
        return
    revision_content = revision_fingerprint(revision) if revision is not None else None
    if revision_content is not None:
        if content_saved and revision_content == (fingerprint or content_fingerprint(page)):
            return
        # Only the pointer is saved (e.g. converting an alias): the revision must hold what the row shows.
        row = None if content_saved else type(page).objects.filter(pk=page.pk).first()
        if row is not None and revision_content in live_row_fingerprints(row):
            return
    missing = approval_missing(page, revision_content) if revision_content is not None else [None]
    if missing:
        logger.warning("Gate refused pointing page %s at unreviewed revision %s", page.pk, page.live_revision_id)
        _refuse(page, missing)


# Base-table fields that are content: a base ``Page`` instance can only change these.
_BASE_CONTENT_FIELDS = tuple(
    field.attname for field in Page._meta.concrete_fields if field.name not in VOLATILE_FIELDS and field.name != "page_ptr"
)


def _enforce_on_base_save(page, update_fields, raw):
    """A save of a base ``Page`` row of a gated type (moves, scripts, fixtures): it cannot be checked against
    reviewed content, so it may not make the row live or change its base content while live."""
    if raw:
        if page.live:
            page.live, page.live_revision_id = False, None  # fixtures load gated pages as drafts
            page.has_unpublished_changes = True
        return
    if update_fields is not None and not set(update_fields) & ({"live", "live_revision", "live_revision_id"} | set(_BASE_CONTENT_FIELDS)):
        return
    if not page.live:
        return
    if page._state.adding or page.pk is None:
        page.live, page.live_revision_id, page.has_unpublished_changes = False, None, True
        return
    row = Page.objects.filter(pk=page.pk).values("live", "live_revision_id", *_BASE_CONTENT_FIELDS).first()
    if row is None or not row["live"] or any(getattr(page, name) != row[name] for name in _BASE_CONTENT_FIELDS):
        _refuse(page, [None])


def _page_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if not isinstance(instance, Page) or instance.__dict__.pop("_gate_enforced", False):
        return
    if is_gated_model(type(instance)):
        if raw:
            _enforce_on_base_save(instance, update_fields, raw)
        else:
            enforce_on_save(instance, update_fields)
        return
    if type(instance) is Page and instance.content_type_id:
        model = instance.specific_class
        if model is not None and is_gated_model(model):
            _enforce_on_base_save(instance, update_fields, raw)


def _revision_pre_save(sender, instance, raw=False, **kwargs):
    """Scheduling: refuse at scheduling time, with the same message as publishing."""
    if raw or instance.approved_go_live_at is None:
        return
    model = instance.content_type.model_class() if instance.content_type_id else None
    if model is None or not is_gated_model(model):
        return
    page = model.objects.filter(pk=instance.object_id).first()
    if page is None:
        return
    verdict = publication_verdict(page, instance)
    if not verdict.allowed:
        log_refusal(page, instance if instance.pk else None, None, route="schedule")
        raise ValidationError({NON_FIELD_ERRORS: [verdict.message]})


# --- publish() and permissions of gated classes -----------------------------------------------------


class GatedPagePermissionTester(PagePermissionTester):
    """``can_publish()`` only when the latest content has an approved review (or is what is already live)."""

    @cached_property
    def publication_verdict(self):
        page = self.page.specific_deferred
        return publication_verdict(page, page.get_latest_revision())

    def can_publish_without_gate(self):
        return super().can_publish()

    def can_publish(self):
        return super().can_publish() and self.publication_verdict.allowed

    # Restricting views and unscheduling only need the publish *permission*.
    def can_set_view_restrictions(self):
        return super().can_publish()

    def can_unschedule(self):
        return super().can_publish()


def _gated_publish(original):
    def publish(self, revision, user=None, *args, **kwargs):
        with remembering_answers():
            verdict = publication_verdict(self, revision)
            if not verdict.allowed:
                log_refusal(self, revision, user, route="publish")
                if user is None:
                    # Scheduled publishing and translation sync: skip this page, keep its schedule, go on.
                    logger.warning("Gate skipped publishing revision %s of page %s: no approved review", revision.pk, self.pk)
                    return None
                raise GateRefused(verdict.message)
            return original(self, revision, user, *args, **kwargs)

    publish.gated = True
    return publish


def _refused_by_the_gate_alone(page, user):
    """Whether ``user`` could publish ``page`` but for the gate: only then is a refusal the gate's (and logged
    as such); a user without the publish permission gets Wagtail's own "no permission"."""
    tester = page.permissions_for_user(user)
    return getattr(tester, "can_publish_without_gate", tester.can_publish)()


class GatedPublishPageRevisionAction(PublishPageRevisionAction):
    """Wagtail's publish action as API v3 (and the admin API, ``views.admin_api``) uses it, refusing gated
    content with the gate's reason rather than the generic "no permission" that the permission tester alone
    would give, and logging the refusal. The action is not atomic: the log entry stays."""

    route = "api_v3_publish"

    def check(self, skip_permission_checks=False):
        if not skip_permission_checks and self.user is not None and is_gated_model(type(self.object)):
            if _refused_by_the_gate_alone(self.object, self.user):
                verdict = publication_verdict(self.object, self.revision)
                if not verdict.allowed:
                    log_refusal(self.object, self.revision, self.user, route=self.route)
                    raise GateRefused(verdict.message)
        super().check(skip_permission_checks=skip_permission_checks)


class GatedEditPageAction(EditPageAction):
    """API v3's ``PATCH /pages/{id}/`` with ``action = "publish"`` on a gated type.

    Wagtail asks ``can_publish()`` first, which for a gated page answers for the latest revision *before*
    the edit; the gate instead judges the content being published, inside the action's transaction. Its
    refusal rolls the edit back, log entry included, so the refusal is logged again after the rollback
    (without a revision: the refused one is gone)."""

    route = "api_v3_edit"

    def check_publish(self):
        if self.user and self.publish and _refused_by_the_gate_alone(self.instance, self.user):
            return  # the gate decides, on the content being published
        super().check_publish()

    def execute(self, skip_permission_checks=False):
        try:
            return super().execute(skip_permission_checks=skip_permission_checks)
        except GateRefused:
            log_refusal(type(self.instance).objects.get(pk=self.instance.pk), None, self.user, route=self.route)
            raise


class GatedCreatePageAction(CreatePageAction):
    """API v3's ``POST /pages/`` with ``action = "publish"`` of a gated type: the gate refuses inside the
    action's transaction, which rolls the whole creation back. The refusal is then logged on the parent,
    under the refused page's title and type (there is no page left to log it on)."""

    route = "api_v3_create"

    def execute(self, skip_permission_checks=False):
        try:
            return super().execute(skip_permission_checks=skip_permission_checks)
        except GateRefused:
            log(
                instance=self.parent,
                action="wagtail_disclosure.gate_refused",
                user=self.user,
                title=self.instance.title,
                data={"revision_id": None, "route": self.route, "page_type": type(self.instance)._meta.label},
            )
            raise


class GatedCopyPageAction(CopyPageAction):
    """Copying a live gated page "keeping it live": the copy is new content, which the gate turns into a
    draft (``enforce_on_save``); that refused publication is logged on the copy."""

    route = "api_v3_copy"

    def execute(self, skip_permission_checks=False):
        new_page = super().execute(skip_permission_checks=skip_permission_checks)
        log_demoted_copy(self.page, new_page, self.user, self.keep_live, self.route, recursive=self.recursive)
        return new_page


def log_demoted_copy(source, copy, user, keep_live, route, recursive=False):
    """Log the refusal for each copy of a live gated page that was asked to stay live and is a draft: the copied
    page, and with ``recursive`` each page of the copied subtree (copied in the tree's order, so the subtrees'
    pages pair up in path order)."""
    if not keep_live:
        return
    pairs = [(source, copy)]
    if recursive:
        pairs += zip(source.get_descendants().order_by("path"), copy.get_descendants().order_by("path"), strict=False)
    for original, new in pairs:
        if original.live and not new.live and is_gated_model(new.specific_class):
            log_refusal(new.specific_deferred, new.get_latest_revision(), user, route=route)


def register_gated_actions(registry):
    """``register_actions`` hook: the actions API v3 looks up. Publish and copy are looked up for ``Page``
    (the gated subclasses check the type); create and edit for the page's own type."""
    registry.register(Page, GatedPublishPageRevisionAction)
    registry.register(Page, GatedCopyPageAction)
    for model in gated_page_models():
        registry.register(model, GatedCreatePageAction)
        registry.register(model, GatedEditPageAction)


def _gated_permissions_for_user(self, user):
    return GatedPagePermissionTester(user, self)


def log_refusal(page, revision, user, route=None):
    """A ``wagtail_disclosure.gate_refused`` entry in Wagtail's audit log: the page, the refused revision,
    the user and the route that asked (``data["route"]``, e.g. ``admin_publish``, ``api_v3_edit``)."""
    log(
        instance=page,
        action=GATE_REFUSED_LOG_ACTION,
        user=user,
        revision=revision,
        data={"revision_id": revision.pk if revision is not None else None, "route": route},
    )


def install():
    """Connect the receivers and wrap ``publish``/``permissions_for_user`` of every gated class (at start-up)."""
    pre_save.connect(_page_pre_save, dispatch_uid="wagtail_disclosure.gate.page")
    pre_save.connect(_revision_pre_save, sender=Revision, dispatch_uid="wagtail_disclosure.gate.revision")
    shared_objects.connect()
    files.connect()
    for model in gated_page_models():
        if not getattr(model.publish, "gated", False):
            model.publish = _gated_publish(model.publish)
        model.permissions_for_user = _gated_permissions_for_user
