"""Builders for the tests: a site with a catalogue, organisations, classifications and entries, users,
and the 保密审查 workflow."""

import dataclasses
import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail.users.models import UserProfile

from example_site.home.models import HomePage
from wagtail_disclosure.models import (
    CatalogueEntryPage,
    CatalogueIndexPage,
    ConfidentialityReviewTask,
    Genre,
    Organisation,
    ServiceAudience,
    Topic,
)
from wagtail_disclosure.rules.confidentiality import Conclusion, RecordKind
from wagtail_disclosure.services.reviews import append_record

_counter = itertools.count(1)

# Real-world codes whose check characters are valid.
USCC = "11341702486344515H"
ORG_CODE = "000014349"


def make_site():
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="某县人民政府", slug=f"home-{next(_counter)}"))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "site_name": "某县人民政府", "port": 80})
    return home


def approve(page, revision=None, reason="测试数据：视为已在原系统中审查"):
    """Record a 历史数据迁移 approval of ``revision`` (or the page's content), for tests not about the gate."""
    return append_record(
        page, revision=revision, kind=RecordKind.LEGACY_MIGRATION, conclusion=Conclusion.APPROVE,
        reviewer_name="测试", reason=reason, source="tests",
    )


def publish_reviewed(page):
    """Publish the page's current content after recording an approval of it."""
    revision = page.save_revision()
    approve(page, revision)
    revision.publish()
    page.refresh_from_db()
    return page


def make_catalogue(parent=None, **kwargs):
    parent = parent or make_site()
    kwargs.setdefault("title", "政府信息公开目录")
    kwargs.setdefault("slug", "xxgk")
    catalogue = parent.add_child(instance=CatalogueIndexPage(live=False, **kwargs))
    return publish_reviewed(catalogue)


def make_organisation(name="某县人民政府办公室", code=ORG_CODE, **kwargs):
    return Organisation.objects.create(name=name, code=code, **kwargs)


def make_classifications():
    parent = Topic.objects.create(name="科技、教育")
    topic = Topic.objects.create(name="教育", parent=parent)
    genre = Genre.objects.create(name="通知")
    audience = ServiceAudience.objects.create(name="公众")
    return topic, genre, audience


def make_entry(catalogue, *, publish=True, organisation=None, topic=None, genre=None, **fields):
    organisation = organisation or Organisation.objects.first() or make_organisation()
    if topic is None or genre is None:
        topic = topic or Topic.objects.filter(parent__isnull=False).first()
        genre = genre or Genre.objects.first()
        if topic is None or genre is None:
            topic, genre, _audience = make_classifications()
    number = next(_counter)
    fields.setdefault("title", f"关于做好第{number}批政府信息公开工作的通知")
    fields.setdefault("slug", f"entry-{number}")
    fields.setdefault("written_date", datetime.date(2024, 3, 1))
    entry = CatalogueEntryPage(organisation=organisation, topic=topic, genre=genre, live=False, **fields)
    catalogue.add_child(instance=entry)
    if publish:
        publish_reviewed(entry)
    return entry


def editor_form_data(entry, **overrides):
    """What the page editor posts for ``entry`` (a page or a revision's page), with ``overrides``.

    Rich text goes through the editor's converter; bodies stored with Draftail's block keys come back unchanged.
    """
    data = {
        "title": entry.title,
        "slug": entry.slug,
        "summary": entry.summary,
        "body": rich_text(entry.body),
        "attachments": inline_formset([]),
        "organisation": entry.organisation_id,
        "document_number": entry.document_number,
        "written_date": entry.written_date.isoformat(),
        "publish_date": entry.publish_date.isoformat() if entry.publish_date else "",
        "topic": entry.topic_id,
        "genre": entry.genre_id,
        "audience": entry.audience_id or "",
        "keywords": entry.keywords,
        "disclosure_attribute": entry.disclosure_attribute,
        "non_disclosure_reason": entry.non_disclosure_reason,
        "validity": entry.validity,
        "validity_changed_on": "",
        "superseded_by": "",
        "internal_notes": entry.internal_notes,
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def make_user(username, password, group=None, *, first_name="", email=None, language=None):
    """A user (no superuser), member of ``group``; with ``language``, the admin's language in their profile."""
    user = get_user_model().objects.create_user(username, email or f"{username}@example.com", password, first_name=first_name)
    if group is not None:
        user.groups.add(group)
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    return user


@dataclasses.dataclass
class ReviewWorkflow:
    """What ``make_review_workflow`` made; the lists follow the levels (None for a level without one)."""

    workflow: Workflow
    tasks: list
    groups: list
    reviewers: list


def make_review_workflow(
    page,
    levels=("初审", "复审"),
    *,
    name="保密审查流程",
    task_name="保密审查（{level}）",
    group_names=None,
    access_admin=True,
    documents=None,
    last_level_publishes=True,
    reviewers=(),
    reviewer_email="{username}@example.com",
    reviewer_language=None,
):
    """The 保密审查 workflow on ``page``: one ``ConfidentialityReviewTask`` per level, in order, each
    reviewed by its own group.

    - ``group_names``: one per level (None: the level's task has no group); by default "<level>审查员".
    - ``access_admin``: the groups may use the admin. ``documents``: a collection whose documents
      the groups may choose (the signed review form).
    - ``last_level_publishes``: the last level's group may publish in ``page`` (approving the last
      level publishes, and Wagtail publishes as the approver).
    - ``reviewers``: one per level, None or (username, password, full name): a member of the level's
      group, with ``reviewer_email`` (formatted with the username) and ``reviewer_language``.
    """
    if group_names is None:
        group_names = [f"{level}审查员" for level in levels]
    reviewers = list(reviewers) or [None] * len(levels)
    assert len(group_names) == len(levels) == len(reviewers)
    workflow = Workflow.objects.create(name=name)
    tasks, groups, users = [], [], []
    for order, (level, group_name, reviewer) in enumerate(zip(levels, group_names, reviewers, strict=True)):
        group = None
        if group_name is not None:
            group = Group.objects.create(name=group_name)
            if access_admin:
                group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
            if documents is not None:
                GroupCollectionPermission.objects.create(
                    group=group, collection=documents,
                    permission=Permission.objects.get(content_type__app_label="wagtaildocs", codename="choose_document"),
                )
        task = ConfidentialityReviewTask.objects.create(name=task_name.format(level=level), level_name=level)
        task.groups.set([group] if group is not None else [])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
        user = None
        if reviewer is not None:
            assert group is not None, f"a reviewer of {level} needs its group"
            username, password, full_name = reviewer
            user = make_user(
                username, password, group, first_name=full_name,
                email=reviewer_email.format(username=username), language=reviewer_language,
            )
        tasks.append(task)
        groups.append(group)
        users.append(user)
    if last_level_publishes:
        assert groups[-1] is not None, "the last level publishes through its group"
        GroupPagePermission.objects.create(
            group=groups[-1], page=page,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page"),
        )
    WorkflowPage.objects.create(workflow=workflow, page=page)
    return ReviewWorkflow(workflow=workflow, tasks=tasks, groups=groups, reviewers=users)
