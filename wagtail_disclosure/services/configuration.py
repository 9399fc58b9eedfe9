"""Changes to the review configuration are ledger events (审查配置变更).

The gate asks for the approval of every active 保密审查 level of the workflow that applies to a page, so
whoever disables a level, removes it from a workflow, disables a workflow or changes which workflow
applies to a page changes what "reviewed" means from then on. Each such change appends a record of kind
``CONFIGURATION`` to the review ledger, with the affected page (or page id 0), the person who made it
when known (Wagtail's admin views run inside a ``LogContext`` with the user) and a description in
``reason``, written in the site's language. :func:`connect` (called by ``AppConfig.ready``) connects
the model signals, so the admin, scripts and the shell are all covered; fixtures (``raw``) are not.

Not recorded: a change of a level's reviewer groups, and assignments to snippet types
(``WorkflowContentType``: the gate is about pages).

:func:`live_content_notes` reads these records back for ``disclosure_audit_live_content``.
"""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, Task, Workflow, WorkflowPage, WorkflowTask

from ..gate.approval import required_review_tasks
from ..models.ledger import ReviewRecord
from ..models.review import ConfidentialityReviewTask
from ..rules.confidentiality import APPROVING_CONCLUSIONS, RecordKind
from .reviews import append_record

# The settings of a review level whose change weakens or strengthens the review.
LEVEL_SETTINGS = ("level_name", "reviewer_must_differ", "require_basis", "require_opinion", "require_confirmations", "require_attachment")

_DISPATCH = "wagtail_disclosure.configuration"


def connect():
    for model in apps.get_models():
        if issubclass(model, Task):  # saves of the base Task too: Wagtail's "enable task" saves one
            pre_save.connect(_task_pre_save, sender=model, dispatch_uid=f"{_DISPATCH}.task_pre.{model._meta.label}")
            post_save.connect(_task_post_save, sender=model, dispatch_uid=f"{_DISPATCH}.task_post.{model._meta.label}")
    post_delete.connect(_task_deleted, sender=ConfidentialityReviewTask, dispatch_uid=f"{_DISPATCH}.task_deleted")
    post_save.connect(_workflow_task_saved, sender=WorkflowTask, dispatch_uid=f"{_DISPATCH}.workflow_task_saved")
    post_delete.connect(_workflow_task_deleted, sender=WorkflowTask, dispatch_uid=f"{_DISPATCH}.workflow_task_deleted")
    pre_save.connect(_workflow_pre_save, sender=Workflow, dispatch_uid=f"{_DISPATCH}.workflow_pre")
    post_save.connect(_workflow_post_save, sender=Workflow, dispatch_uid=f"{_DISPATCH}.workflow_post")
    pre_save.connect(_workflow_page_pre_save, sender=WorkflowPage, dispatch_uid=f"{_DISPATCH}.workflow_page_pre")
    post_save.connect(_workflow_page_saved, sender=WorkflowPage, dispatch_uid=f"{_DISPATCH}.workflow_page_saved")
    post_delete.connect(_workflow_page_deleted, sender=WorkflowPage, dispatch_uid=f"{_DISPATCH}.workflow_page_deleted")


def record_change(description, *, page=None, subject=None, task=None):
    """Append a 审查配置变更 record: about ``page`` when given, else about ``subject`` (page id 0)."""
    user = get_active_log_context().user
    user = user if user is not None and user.is_authenticated else None
    return append_record(
        page, subject=subject, kind=RecordKind.CONFIGURATION, conclusion="", reviewer=user, task=task, reason=description,
    )


def _describe(message, **values):
    """``message`` translated into the site's language (the ledger's own, whoever made the change);
    callable values are called in that language too."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(message) % {key: value() if callable(value) else value for key, value in values.items()}


def _level(task):
    return f"{task.level_name or task.name} ({task.name})" if task.level_name and task.level_name != task.name else task.name


def _names(tasks):
    return "、".join(task.level_name or task.name for task in tasks)


def _review_levels(workflow):
    """The workflow's active 保密审查 levels, for descriptions: "初审、复审" or "none"."""
    tasks = ConfidentialityReviewTask.objects.filter(active=True, workflow_tasks__workflow=workflow).order_by("workflow_tasks__sort_order")
    return _names(tasks) or gettext("none")


def _is_review_task(task):
    return isinstance(task, ConfidentialityReviewTask) or (task.content_type_id and issubclass(task.specific_class or Task, ConfidentialityReviewTask))


# --- review levels ----------------------------------------------------------------------------------


def _task_pre_save(sender, instance, raw=False, **kwargs):
    instance._configuration_before = None
    if raw or instance.pk is None or not _is_review_task(instance):
        return
    fields = ("active", *LEVEL_SETTINGS) if isinstance(instance, ConfidentialityReviewTask) else ("active",)
    instance._configuration_before = type(instance).objects.filter(pk=instance.pk).values(*fields).first()


def _task_post_save(sender, instance, created, raw=False, **kwargs):
    before = instance.__dict__.pop("_configuration_before", None)
    if raw or created or not before:
        return
    task = ConfidentialityReviewTask.objects.get(pk=instance.pk)
    if before["active"] != instance.active:
        message = gettext_noop("Review level %(level)s enabled.") if instance.active else gettext_noop("Review level %(level)s disabled.")
        record_change(_describe(message, level=_level(task)), subject=task, task=task)
    changed = [name for name in LEVEL_SETTINGS if name in before and before[name] != getattr(instance, name)]
    if changed:

        def changes():
            return "; ".join(
                f"{ConfidentialityReviewTask._meta.get_field(name).verbose_name}: {_value(before[name])} → {_value(getattr(instance, name))}"
                for name in changed
            )

        record_change(_describe(gettext_noop("Review level %(level)s changed: %(changes)s."), level=_level(task), changes=changes), subject=task, task=task)


def _value(value):
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return value


def _task_deleted(sender, instance, **kwargs):
    record_change(_describe(gettext_noop("Review level %(level)s deleted."), level=_level(instance)), subject=instance, task=instance)


# --- levels in workflows ------------------------------------------------------------------------------


def _workflow_task_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return  # re-ordering levels changes neither their number nor who reviews
    task = instance.task.specific
    if isinstance(task, ConfidentialityReviewTask):
        record_change(
            _describe(gettext_noop("Review level %(level)s added to workflow “%(workflow)s”."), level=_level(task), workflow=instance.workflow.name),
            subject=instance.workflow, task=task,
        )


def _workflow_task_deleted(sender, instance, **kwargs):
    task = ConfidentialityReviewTask.objects.filter(pk=instance.task_id).first()
    workflow = Workflow.objects.filter(pk=instance.workflow_id).first()
    if task is None or workflow is None:
        return  # deleted together with its level or its workflow: that deletion is the event
    record_change(
        _describe(gettext_noop("Review level %(level)s removed from workflow “%(workflow)s”."), level=_level(task), workflow=workflow.name),
        subject=workflow, task=task,
    )


# --- workflows ----------------------------------------------------------------------------------------


def _workflow_pre_save(sender, instance, raw=False, **kwargs):
    instance._configuration_before = None
    if not raw and instance.pk is not None:
        instance._configuration_before = Workflow.objects.filter(pk=instance.pk).values_list("active", flat=True).first()


def _workflow_post_save(sender, instance, created, raw=False, **kwargs):
    before = instance.__dict__.pop("_configuration_before", None)
    if raw or created or before is None or before == instance.active:
        return
    if instance.active:
        message = gettext_noop("Workflow “%(workflow)s” (review levels: %(levels)s) enabled.")
    else:
        message = gettext_noop("Workflow “%(workflow)s” (review levels: %(levels)s) disabled.")
    record_change(_describe(message, workflow=instance.name, levels=lambda: _review_levels(instance)), subject=instance)


# --- workflows assigned to pages --------------------------------------------------------------------


def _workflow_page_pre_save(sender, instance, raw=False, **kwargs):
    instance._configuration_before = None
    if not raw:
        instance._configuration_before = WorkflowPage.objects.filter(pk=instance.pk).values_list("workflow_id", flat=True).first()


def _workflow_page_saved(sender, instance, created, raw=False, **kwargs):
    before = instance.__dict__.pop("_configuration_before", None)
    if raw or before == instance.workflow_id:
        return
    workflow = instance.workflow
    page = Page.objects.get(pk=instance.page_id)
    if before is None:
        description = _describe(
            gettext_noop("Workflow “%(workflow)s” (review levels: %(levels)s) assigned to “%(page)s” and the pages below it."),
            workflow=workflow.name, levels=lambda: _review_levels(workflow), page=page.title,
        )
    else:
        previous = Workflow.objects.get(pk=before)
        description = _describe(
            gettext_noop("Workflow of “%(page)s” and the pages below it changed from “%(previous)s” (review levels: %(previous_levels)s) to “%(workflow)s” (review levels: %(levels)s)."),
            page=page.title, previous=previous.name, previous_levels=lambda: _review_levels(previous),
            workflow=workflow.name, levels=lambda: _review_levels(workflow),
        )
    record_change(description, page=page)


def _workflow_page_deleted(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    workflow = Workflow.objects.filter(pk=instance.workflow_id).first()
    if page is None or workflow is None:
        return  # deleted together with its page or workflow
    description = _describe(
        gettext_noop("Workflow “%(workflow)s” (review levels: %(levels)s) unassigned from “%(page)s” and the pages below it."),
        workflow=workflow.name, levels=lambda: _review_levels(workflow), page=page.title,
    )
    record_change(description, page=page)


# --- the audit of live content ----------------------------------------------------------------------


def live_content_notes(page, fingerprint):
    """Notes on the review configuration under which the live content of ``page`` was approved.

    The levels whose approval of this content stands are, by the gate's rule, the levels that were
    required when it was published by a workflow. Compared with the levels required now:

    * fewer levels are required now than approved it: the review was weakened since (informational);
    * a level required now did not approve it: it was published while fewer levels were required
      (or behind the gate's back; ``approval_missing`` reports it either way);

    and, in both cases, the 审查配置变更 records written since the content's last approval that concern
    the page, one of its ancestors (assignments) or no page (levels and workflows). Content published
    by 紧急发布 or 历史数据迁移 alone has no levels to compare: no note.
    """
    latest = {}
    for record in ReviewRecord.objects.filter(page_pk=page.pk, content_hash=fingerprint, kind=RecordKind.REVIEW).order_by("sequence"):
        latest[record.task_pk] = record
    approving = {task_pk: record for task_pk, record in latest.items() if record.conclusion in APPROVING_CONCLUSIONS}
    if not approving:
        return []
    required = required_review_tasks(page)
    approved = "、".join(record.level_name or "—" for record in approving.values())
    notes = []
    if len(required) < len(approving):
        notes.append(
            gettext("approved at %(count)s levels (%(approved)s); the workflow now requires %(now)s (%(levels)s)")
            % {"count": len(approving), "approved": approved, "now": len(required), "levels": _names(required) or "—"}
        )
    missing = [task for task in required if task.pk not in approving]
    if missing:
        notes.append(
            gettext("approved at %(approved)s, but the workflow now also requires %(levels)s: published while fewer levels were required")
            % {"approved": approved, "levels": _names(missing)}
        )
    if notes:
        since = max(record.sequence for record in approving.values())
        ancestors = list(Page.objects.ancestor_of(page, inclusive=True).values_list("pk", flat=True))
        changes = ReviewRecord.objects.filter(kind=RecordKind.CONFIGURATION, sequence__gt=since, page_pk__in=[0, *ancestors]).order_by("sequence")
        numbers = ", ".join(f"#{sequence}" for sequence in changes.values_list("sequence", flat=True))
        if numbers:
            notes.append(gettext("review configuration changes recorded since its approval: %(records)s") % {"records": numbers})
    return notes
