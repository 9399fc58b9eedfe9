"""Publication gate (保密审查) benchmark: publishing a reviewed entry against the same page type with the gate off.

    bash .ci/with-postgres.sh .venv/bin/python benchmarks/gate_publish.py            # PostgreSQL, full
    .venv/bin/python benchmarks/gate_publish.py --sqlite                             # SQLite, quick

Goal (issue 3): publishing a reviewed page costs ≤ 1.2× publishing the same page type with the gate off.

Drops and re-creates the database ``disclosure_bench_gate`` (``--database``; with ``--sqlite`` a file of
that name in the temp directory) and builds, with the gate off (generation is not what is measured):

* the county site of ``datagen.py`` with a catalogue of ``--existing`` live entries (PostgreSQL: written
  with ``COPY`` by ``datagen.CatalogueGenerator``, Wagtail's search index filled; SQLite: ``add_child``);
* a two-level workflow (初审, 复审: two ``ConfidentialityReviewTask``) on the catalogue, as the demo site has;
* a review ledger of ``--records`` hash-chained records (``bulk_create``, as ``ledger_export.py``), about
  existing entries (earlier content: other fingerprints), so that the approval lookup runs against a
  table of realistic size with several records for the same page.

Each measured page is a different live entry with a new draft revision (new title, one more paragraph:
the same shape for both modes). For gate-on pages both levels' approvals of the draft's content are
recorded with ``append_record`` before timing (the review is people's work, not publishing); gate-off
pages have no approval at all, which also proves the gate is really off.

Measured: ``revision.publish(user=<superuser>)``, as the editor's Publish and the workflow's last
approval call it. Gate on and gate off alternate (the order flips every pair), ``--warmup`` pairs first.
The gate is switched off in this process only: the original ``publish`` and ``permissions_for_user``
back on every gated class, the gate's ``pre_save`` receivers (dispatch_uid ``wagtail_disclosure.gate.*``:
page, revision, shared objects, …) disconnected, ``enforce_before_save`` in ``wagtail_disclosure.models.base``
replaced with a no-op. Nothing under ``wagtail_disclosure/`` is changed.

Also: SQL queries per publish (on/off, and the statements the gate adds), the editor-side check
``page.permissions_for_user(user).can_publish()``, where the gate's time goes (inclusive time and
queries of each gate function), and with ``--profile`` or on a MISS a cProfile of gate-on publishes.
Checks, so that nothing silently measures a no-op: every publish went live with its revision, and
with the gate on an unreviewed draft is refused (``GateRefused``) and ``can_publish()`` says no.

``--what-if`` also times a candidate fix, monkeypatched in this process: one approval lookup per publish
(shared by the ``publish`` wrapper, Wagtail's ``can_publish()`` check and ``save()``), and a verdict that
deserialises the revision only to word a refusal.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"

GOAL_RATIO = 1.2


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="disclosure_bench_gate", help="database to (re)create (default: %(default)s)")
    parser.add_argument("--sqlite", action="store_true", help="quick run on SQLite (smaller defaults) instead of PostgreSQL")
    parser.add_argument("--existing", type=int, help="live entries in the catalogue (default: 5000; 600 with --sqlite)")
    parser.add_argument("--records", type=int, help="review records in the ledger (default: 20000; 5000 with --sqlite)")
    parser.add_argument("--samples", type=int, help="timed publishes per mode (default: 200; 60 with --sqlite)")
    parser.add_argument("--warmup", type=int, help="untimed publishes per mode first (default: 20; 10 with --sqlite)")
    parser.add_argument("--profile", action="store_true", help="cProfile gate-on publishes even when the goal is met")
    parser.add_argument(
        "--what-if", action="store_true",
        help="also time the gate with one approval lookup per publish and no revision.as_object() for the verdict (monkeypatched here)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.sqlite:
        defaults = dict(existing=600, records=5_000, samples=60, warmup=10)
    else:
        defaults = dict(existing=5_000, records=20_000, samples=200, warmup=20)
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


ARGS = parse_args()
SQLITE_PATH = os.path.join(tempfile.gettempdir(), f"{ARGS.database}.sqlite3")

if ARGS.sqlite:
    os.environ.pop("DISCLOSURE_TEST_DB", None)
    import tests.settings as test_settings  # noqa: E402

    # Its own file, not the tests' database; no fsync per commit (as the PostgreSQL cluster of
    # .ci/with-postgres.sh runs with fsync=off): other work's disk traffic would otherwise dominate.
    test_settings.DATABASES["default"]["NAME"] = SQLITE_PATH
    test_settings.DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA synchronous=OFF"}
    for suffix in ("", "-journal", "-wal", "-shm"):
        if os.path.exists(SQLITE_PATH + suffix):
            os.unlink(SQLITE_PATH + suffix)
else:
    os.environ["DISCLOSURE_TEST_DB"] = "postgres"
    os.environ["PGDATABASE"] = ARGS.database
    from pgsetup import recreate_database  # noqa: E402

    recreate_database(ARGS.database)

import django  # noqa: E402

django.setup()

import contextlib  # noqa: E402
import cProfile  # noqa: E402
import datetime  # noqa: E402
import functools  # noqa: E402
import hashlib  # noqa: E402
import io  # noqa: E402
import pstats  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import uuid  # noqa: E402
import weakref  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402

import datagen  # noqa: E402
from django.apps import apps  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models.signals import pre_save  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Page, Revision, Workflow, WorkflowPage, WorkflowTask  # noqa: E402

import wagtail_disclosure.models.base as base_module  # noqa: E402
from wagtail_disclosure.gate import GateRefused, approval, enforcement, fingerprint, registry  # noqa: E402
from wagtail_disclosure.models import (  # noqa: E402
    CatalogueEntryPage,
    ConfidentialityReviewTask,
    ReviewRecord,
)
from wagtail_disclosure.models.ledger import GENESIS_HASH, ledger_key  # noqa: E402
from wagtail_disclosure.rules.confidentiality import Basis, Conclusion, Confirmation, RecordKind  # noqa: E402
from wagtail_disclosure.services.reviews import append_record  # noqa: E402

SUPERUSER = "bench-admin"
LEVELS = ["初审", "复审"]


def load_average():
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def line(measure, value, goal="", passed=None):
    status = "" if passed is None else ("PASS" if passed else "MISS")
    print(f"  {measure:<62} {value:>20}  {goal:<10} {status}", flush=True)


# --- switching the gate off in this process ----------------------------------------------------

GATED_MODELS = sorted(registry.gated_page_models(), key=lambda model: model._meta.label)
RECEIVER_PREFIX = "wagtail_disclosure.gate."  # install() connects its pre_save receivers with these dispatch_uids


def _gate_receivers():
    """(dispatch_uid, sender, receiver) of every ``pre_save`` receiver the gate connected (page, revision, …)."""
    senders = {id(model): model for model in apps.get_models()}
    senders[id(None)] = None
    found = []
    for (uid, sender_key), receiver, *_rest in pre_save.receivers:
        if isinstance(uid, str) and uid.startswith(RECEIVER_PREFIX):
            receiver = receiver() if isinstance(receiver, weakref.ReferenceType) else receiver
            found.append((uid, senders[sender_key], receiver))
    return found


GATE_RECEIVERS = _gate_receivers()
assert {uid for uid, _sender, _receiver in GATE_RECEIVERS} >= {RECEIVER_PREFIX + "page", RECEIVER_PREFIX + "revision"}, GATE_RECEIVERS


def _unwrap_publish(function):
    """The ``publish`` that ``_gated_publish`` wrapped (its closure's ``original``)."""
    while getattr(function, "gated", False):
        cells = dict(zip(function.__code__.co_freevars, (cell.cell_contents for cell in function.__closure__), strict=True))
        function = cells["original"]
    return function


# What install() left on each class (so that the gate can be put back exactly as it was).
INSTALLED = {model: {name: model.__dict__[name] for name in ("publish", "permissions_for_user") if name in model.__dict__} for model in GATED_MODELS}
ORIGINAL_ENFORCE_BEFORE_SAVE = base_module.enforce_before_save
assert all(getattr(model.publish, "gated", False) for model in GATED_MODELS), "the gate is not installed"
_gate_on = True


def _no_enforcement(page, update_fields=None):
    return None


def set_gate(on):
    global _gate_on
    if on == _gate_on:
        return
    if on:
        for model in GATED_MODELS:
            for name in ("publish", "permissions_for_user"):
                if name in INSTALLED[model]:
                    setattr(model, name, INSTALLED[model][name])
                elif name in model.__dict__:
                    delattr(model, name)
        for uid, sender, receiver in GATE_RECEIVERS:
            pre_save.connect(receiver, sender=sender, dispatch_uid=uid)
        base_module.enforce_before_save = ORIGINAL_ENFORCE_BEFORE_SAVE
    else:
        for model in GATED_MODELS:
            model.publish = _unwrap_publish(model.publish)
            model.permissions_for_user = Page.permissions_for_user
        for uid, sender, _receiver in GATE_RECEIVERS:
            assert pre_save.disconnect(sender=sender, dispatch_uid=uid), uid
        base_module.enforce_before_save = _no_enforcement
    _gate_on = on


@contextlib.contextmanager
def gate(on):
    previous = _gate_on
    set_gate(on)
    try:
        yield
    finally:
        set_gate(previous)


# --- data --------------------------------------------------------------------------------------


def build(rng):
    """Site, catalogue with ``--existing`` live entries, two-level workflow; returns (catalogue, tasks, superuser)."""
    user = get_user_model().objects.create_superuser(SUPERUSER, "bench@example.com", "password")
    with gate(False):
        _bare, catalogue, organisations, leaves, genres, audiences = datagen.build_site(rng)
        generator = datagen.CatalogueGenerator(catalogue, organisations, leaves, genres, audiences)
        start = time.perf_counter()
        if connection.vendor == "postgresql":
            remaining = ARGS.existing
            while remaining > 0:
                chunk = min(remaining, 25_000)
                generator.generate(chunk)
                remaining -= chunk
            from wagtail_disclosure.models import listing
            from wagtail_disclosure.models.listing import rebuild_listing_columns

            rebuild_listing_columns(CatalogueEntryPage, only_missing=True)  # COPY goes around save()
            listing.bump_all()
        else:
            for _ in range(ARGS.existing):
                values = generator._entry_values()
                if not values["live"]:
                    values["live"] = True  # only live entries are measured; keep SQLite's catalogue small
                entry = CatalogueEntryPage(
                    title=values["title"], slug=f"{values['year']}-{uuid.uuid4().hex[:10]}", live=True,
                    index_number=values["index_number"], summary=values["summary"], body=values["body"],
                    written_date=values["written"], publish_date=values["publish"], organisation=values["org"],
                    document_number=values["document_number"], topic=values["topic"], genre=values["genre"],
                    keywords=values["subject"], validity="valid", disclosure_attribute="public",
                )  # fmt: skip
                catalogue.add_child(instance=entry)
        generated = time.perf_counter() - start
    catalogue = Page.objects.get(pk=catalogue.pk).specific
    assert catalogue.live, "the catalogue should be live"

    workflow = Workflow.objects.create(name="保密审查（两级）")
    tasks = []
    for order, level in enumerate(LEVELS):
        task = ConfidentialityReviewTask.objects.create(name=f"保密审查{level}", level_name=level)
        task.groups.set([Group.objects.create(name=f"{level}审查员")])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
        tasks.append(task)
    WorkflowPage.objects.create(workflow=workflow, page=catalogue)
    return catalogue, tasks, user, generated


OPINIONS = [
    "经审查，该信息不涉及国家秘密、商业秘密和个人隐私，同意公开。",
    "经初审、复审，信息内容准确，表述规范，同意在政府网站公开。",
    "附件中含有个人身份证号码和联系电话，删除后公开。",
    "该信息属于内部事务信息，依据条例第十六条不予公开。",
]


def generate_ledger(count, entries, tasks, rng, batch_size=2_000):
    """``count`` hash-chained records about existing entries (earlier content: fingerprints that match nothing)."""
    content_type_id = ContentType.objects.get_for_model(CatalogueEntryPage).pk
    conclusions = [Conclusion.APPROVE] * 85 + [Conclusion.APPROVE_AFTER_REDACTION] * 7 + [Conclusion.REJECT] * 5 + [Conclusion.REFER] * 3
    start_at = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    step = datetime.timedelta(days=2 * 365) / max(count, 1)
    previous_hash, key = GENESIS_HASH, ledger_key()
    # Setting up the workflow already wrote records (审查配置变更): continue the chain after them.
    head = ReviewRecord.objects.order_by("-sequence").values_list("sequence", "record_hash").first()
    offset = 0
    if head is not None:
        offset, previous_hash = head
    for first in range(offset + 1, offset + count + 1, batch_size):
        batch = []
        for sequence in range(first, min(first + batch_size, offset + count + 1)):
            page_pk, title, translation_key, index_number = rng.choice(entries)
            task = tasks[sequence % len(tasks)]
            conclusion = rng.choice(conclusions)
            record = ReviewRecord(
                sequence=sequence,
                kind=RecordKind.REVIEW,
                page_pk=page_pk,
                page_title=title[:255],
                page_content_type_id=content_type_id,
                translation_key=translation_key,
                locale_code="zh-hans",
                revision_pk=None,
                content_hash=hashlib.sha256(f"earlier-content-{sequence}".encode()).hexdigest(),
                index_number=index_number,
                organisation_name="",
                reviewer_id=None,
                reviewer_name="审查员",
                reviewed_at=start_at + step * sequence,
                task_pk=task.pk,
                level_name=task.level_name,
                conclusion=conclusion,
                basis=[Basis.SECRECY_LAW],
                opinion=rng.choice(OPINIONS),
                confirmations=list(Confirmation.values) if conclusion == Conclusion.APPROVE else [],
                acknowledged_findings=[],
                reason="",
                source="",
            )
            record.seal(previous_hash, key)
            previous_hash = record.record_hash
            batch.append(record)
        with transaction.atomic():
            ReviewRecord.objects.bulk_create(batch)


class Draft:
    """A live entry with a new draft revision (not published yet)."""

    def __init__(self, page_pk, revision_pk, title):
        self.page_pk, self.revision_pk, self.title = page_pk, revision_pk, title


def make_draft(page_pk, user, label):
    page = CatalogueEntryPage.objects.get(pk=page_pk)
    page.title = f"{page.title}（{label}）"[:255]
    page.body = f"{page.body}<p>{label}：根据工作实际，对第二段的表述作了调整，现予以公开。</p>"
    revision = page.save_revision(user=user)
    return Draft(page_pk, revision.pk, page.title)


def review(draft, tasks):
    revision = Revision.objects.get(pk=draft.revision_pk)
    page = CatalogueEntryPage.objects.get(pk=draft.page_pk)
    for task in tasks:
        append_record(
            page, revision=revision, kind=RecordKind.REVIEW, conclusion=Conclusion.APPROVE, task=task, reviewer_name=f"{task.level_name}审查员",
            basis=[Basis.SECRECY_LAW, Basis.ARTICLE_14], opinion=OPINIONS[0], confirmations=list(Confirmation.values),
        )  # fmt: skip


class DraftPool:
    """Live entries in random order, handed out as drafts (each page is published once at most)."""

    def __init__(self, page_pks, user, tasks):
        self.page_pks, self.user, self.tasks, self.skipped = list(page_pks), user, tasks, 0

    def take(self, reviewed, label):
        while self.page_pks:
            page_pk = self.page_pks.pop()
            try:
                draft = make_draft(page_pk, self.user, label)
            except ValidationError:
                self.skipped += 1  # generated data the editor's validation would not accept
                continue
            if reviewed:
                review(draft, self.tasks)
            return draft
        raise SystemExit("Not enough entries: raise --existing or lower --samples/--warmup")

    def take_many(self, count, reviewed, label):
        return [self.take(reviewed, f"{label}{i + 1}") for i in range(count)]


# --- measurements ------------------------------------------------------------------------------


def publish(draft, user, on):
    """Time ``revision.publish(user=…)`` of ``draft`` with the gate on or off (milliseconds)."""
    set_gate(on)
    revision = Revision.objects.get(pk=draft.revision_pk)
    fingerprint._revision_data.clear()  # a new revision is never cached when it is published
    WHAT_IF_MEMO.clear()
    start = time.perf_counter()
    revision.publish(user=user)
    return (time.perf_counter() - start) * 1000


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def time_publishes(pairs, user, warmup):
    """Alternate gate-on and gate-off publishes (the order flips every pair); medians after ``warmup`` pairs."""
    samples = {True: [], False: []}
    for i, (on_draft, off_draft) in enumerate(pairs):
        order = [(True, on_draft), (False, off_draft)] if i % 2 == 0 else [(False, off_draft), (True, on_draft)]
        for on, draft in order:
            milliseconds = publish(draft, user, on)
            if i >= warmup:
                samples[on].append(milliseconds)
    set_gate(True)
    return samples


def count_queries(drafts, user, on):
    counts, captured = [], []
    for draft in drafts:
        set_gate(on)
        revision = Revision.objects.get(pk=draft.revision_pk)
        fingerprint._revision_data.clear()
        WHAT_IF_MEMO.clear()
        with CaptureQueriesContext(connection) as context:
            revision.publish(user=user)
        counts.append(len(context.captured_queries))
        captured.append([query["sql"] for query in context.captured_queries])
    set_gate(True)
    return counts, captured


def time_can_publish(drafts, user):
    """The editor-side check on pages whose latest revision is reviewed: gate on and off, interleaved."""
    samples = {True: [], False: []}
    results = {True: set(), False: set()}
    for i, draft in enumerate(drafts):
        for on in ((True, False) if i % 2 == 0 else (False, True)):
            set_gate(on)
            page = CatalogueEntryPage.objects.get(pk=draft.page_pk)
            fingerprint._revision_data.clear()
            start = time.perf_counter()
            allowed = page.permissions_for_user(user).can_publish()
            samples[on].append((time.perf_counter() - start) * 1000)
            results[on].add(allowed)
    set_gate(True)
    return samples, results


_LITERAL = re.compile(r"'[^']*'|-?\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b", re.IGNORECASE)


def normalise(sql):
    """SQL without its literal values and column lists, to compare statements of different pages."""
    sql = re.sub(r'"s\d+_x\d+"', "?", sql)  # savepoint names
    sql = re.sub(r"\?(?:, \?)+", "?", _LITERAL.sub("?", sql))
    return re.sub(r"SELECT .*? FROM", "SELECT … FROM", sql, count=1)[:150]


def added_statements(on_runs, off_runs):
    """(statements per publish, normalised SQL) that gate-on publishes run more often than gate-off ones."""
    on = Counter(normalise(sql) for run in on_runs for sql in run)
    off = Counter(normalise(sql) for run in off_runs for sql in run)
    difference = {sql: count / len(on_runs) - off.get(sql, 0) / len(off_runs) for sql, count in on.items()}
    return sorted(((extra, sql) for sql, extra in difference.items() if extra > 0.05), reverse=True)


# Where the gate's time goes: inclusive time, calls and queries of each gate function.
INSTRUMENTED = [
    (enforcement, "publication_verdict", "publication_verdict (publish wrapper, can_publish)"),
    (enforcement, "enforce_on_save", "enforce_on_save (save() of the entry)"),
    (enforcement, "approval_missing", "  approval_missing"),
    (approval, "required_review_tasks", "    required_review_tasks (workflow, tasks)"),
    (enforcement, "revision_fingerprint", "  revision_fingerprint"),
    (enforcement, "content_fingerprint", "  content_fingerprint (of the page being saved)"),
    (fingerprint, "content_fingerprint", "  content_fingerprint (any, inside revision_fingerprint)"),
    (enforcement.GatedPagePermissionTester, "can_publish", "GatedPagePermissionTester.can_publish"),
]


@contextlib.contextmanager
def instrumented():
    totals = defaultdict(lambda: [0, 0.0, 0])  # label: [calls, seconds, queries]
    originals = []
    for owner, name, label in INSTRUMENTED:
        original = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
        originals.append((owner, name, original))

        def wrapper(*args, __original=original, __label=label, **kwargs):
            queries_before = len(connection.queries_log)
            start = time.perf_counter()
            try:
                return __original(*args, **kwargs)
            finally:
                entry = totals[__label]
                entry[0] += 1
                entry[1] += time.perf_counter() - start
                entry[2] += len(connection.queries_log) - queries_before

        functools.update_wrapper(wrapper, original)
        setattr(owner, name, wrapper)
    try:
        yield totals
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)


def breakdown(drafts, user):
    """Gate-on publishes with each gate function timed (queries counted through the debug cursor)."""
    totals_ms = []
    with instrumented() as totals, CaptureQueriesContext(connection):
        for draft in drafts:
            revision = Revision.objects.get(pk=draft.revision_pk)
            fingerprint._revision_data.clear()
            start = time.perf_counter()
            revision.publish(user=user)
            totals_ms.append((time.perf_counter() - start) * 1000)
    runs = len(drafts)
    return {label: (calls / runs, seconds * 1000 / runs, queries / runs) for label, (calls, seconds, queries) in totals.items()}, statistics.median(totals_ms)


def profile(drafts, user):
    profiler = cProfile.Profile()
    for draft in drafts:
        revision = Revision.objects.get(pk=draft.revision_pk)
        fingerprint._revision_data.clear()
        profiler.enable()
        revision.publish(user=user)
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"wagtail_disclosure/gate|as_object|serializable_data|get_workflow|with_content_json|publish|save|execute\b", 40)
    return out.getvalue()


# --- what if: the candidate fix, monkeypatched in this process only ----------------------------

WHAT_IF_MEMO = {}  # (page pk, fingerprint): missing levels, for the duration of one publish


@contextlib.contextmanager
def what_if():
    """One approval lookup per publish (the wrapper, the permission check and save() share it) and the
    verdict deserialises the revision only to word a refusal. ``publish()`` clears the memo each time."""
    original_missing, original_verdict = enforcement.approval_missing, enforcement.publication_verdict

    def approval_missing_once(page, fingerprint_):
        key = (page.pk, fingerprint_)
        if key not in WHAT_IF_MEMO:
            WHAT_IF_MEMO[key] = original_missing(page, fingerprint_)
        return WHAT_IF_MEMO[key]

    def publication_verdict_lazy(page, revision=None):
        page = page.specific_deferred if not registry.is_gated_model(type(page)) else page
        fingerprint_ = enforcement.revision_fingerprint(revision) if revision is not None else enforcement.content_fingerprint(page)
        missing = enforcement.approval_missing(page, fingerprint_)
        if not missing or enforcement._live_content_unchanged(page, fingerprint_):
            return enforcement.Verdict(True)
        content = revision.as_object() if revision is not None else page
        return enforcement.Verdict(False, missing, content.title)

    enforcement.approval_missing, enforcement.publication_verdict = approval_missing_once, publication_verdict_lazy
    try:
        yield
    finally:
        enforcement.approval_missing, enforcement.publication_verdict = original_missing, original_verdict
        WHAT_IF_MEMO.clear()


# --- checks ------------------------------------------------------------------------------------


def check_published(drafts, label):
    """Every draft's page is live, with the draft's title and revision."""
    rows = CatalogueEntryPage.objects.filter(pk__in=[draft.page_pk for draft in drafts]).values_list("pk", "live", "title", "live_revision_id")
    state = {pk: (live, title, live_revision_id) for pk, live, title, live_revision_id in rows}
    wrong = [draft.page_pk for draft in drafts if state.get(draft.page_pk) != (True, draft.title, draft.revision_pk)]
    line(f"{label}: published live with the new revision", f"{len(drafts) - len(wrong)} of {len(drafts)}", f"{len(drafts)}", not wrong)
    return not wrong


def check_refusal(draft, user, label="gate on"):
    """Gate on: an unreviewed draft is refused by publish() and can_publish() says no."""
    set_gate(True)
    page = CatalogueEntryPage.objects.get(pk=draft.page_pk)
    fingerprint._revision_data.clear()
    can_publish = page.permissions_for_user(user).can_publish()
    before = page.title
    try:
        Revision.objects.get(pk=draft.revision_pk).publish(user=user)
        refused = False
    except GateRefused:
        refused = True
    row = CatalogueEntryPage.objects.get(pk=draft.page_pk)
    ok = refused and row.title == before and row.live_revision_id != draft.revision_pk
    line(f"{label}: unreviewed draft refused by publish()", "GateRefused" if refused else "published!", "refused", ok)
    line(f"{label}: unreviewed draft, can_publish()", str(can_publish), "False", can_publish is False)
    return ok and can_publish is False


# --- the run -----------------------------------------------------------------------------------


def main():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            engine = f"PostgreSQL {cursor.fetchone()[0]}"
        where = f"{connection.settings_dict['NAME']} on {connection.settings_dict['HOST']}:{connection.settings_dict['PORT']}"
    else:
        import sqlite3

        engine, where = f"SQLite {sqlite3.sqlite_version}", SQLITE_PATH
    print(f"Database {where}")
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"Migrated in {time.perf_counter() - start:.1f} s; {engine}; Python {sys.version.split()[0]}; Django {django.get_version()}")
    print(f"Gated page types: {', '.join(model._meta.label for model in GATED_MODELS)}; gate receivers switched off with it: {', '.join(uid for uid, *_rest in GATE_RECEIVERS)}")
    print(f"{os.cpu_count()} CPUs, {load_average()}", flush=True)

    rng = random.Random(2026)
    catalogue, tasks, user, generated = build(rng)
    entries = list(CatalogueEntryPage.objects.child_of(catalogue).values_list("pk", "title", "translation_key", "index_number"))
    live_pks = list(CatalogueEntryPage.objects.child_of(catalogue).filter(live=True).values_list("pk", flat=True))
    print(f"Catalogue: {len(entries):,} entries ({len(live_pks):,} live) in {generated:.1f} s; workflow {' → '.join(LEVELS)} on the catalogue")

    start = time.perf_counter()
    generate_ledger(ARGS.records, entries, tasks, rng)
    print(f"Ledger: {ARGS.records:,} records in {time.perf_counter() - start:.1f} s", flush=True)

    rng.shuffle(live_pks)
    pool = DraftPool(live_pks, user, tasks)
    pairs_count = ARGS.warmup + ARGS.samples
    start = time.perf_counter()
    on_drafts = []
    off_drafts = []
    for i in range(pairs_count):  # drawn alternately from the same shuffled entries: alike on average
        on_drafts.append(pool.take(True, f"修订{i + 1}"))
        off_drafts.append(pool.take(False, f"修订{i + 1}"))
    count_on = pool.take_many(5, True, "计数")
    count_off = pool.take_many(5, False, "计数")
    permission_drafts = pool.take_many(min(ARGS.samples, 100), True, "权限")
    breakdown_drafts = pool.take_many(20, True, "分解")
    profile_drafts = pool.take_many(20, True, "剖析")
    unreviewed = pool.take(False, "未审查")
    if ARGS.what_if:
        what_if_pairs = [(pool.take(True, f"假设{i + 1}"), pool.take(False, f"假设{i + 1}")) for i in range(pairs_count)]
        what_if_count = pool.take_many(5, True, "假设计数")
        what_if_unreviewed = pool.take(False, "假设未审查")
    reviewed = len(on_drafts) + len(count_on) + len(permission_drafts) + len(breakdown_drafts) + len(profile_drafts)
    unreviewed_count = len(off_drafts) + len(count_off) + 1
    if ARGS.what_if:
        reviewed += len(what_if_pairs) + len(what_if_count)
        unreviewed_count += len(what_if_pairs) + 1
    skipped = f", {pool.skipped} entries skipped (not valid for the editor)" if pool.skipped else ""
    print(
        f"Drafts: {reviewed} reviewed at both levels, {unreviewed_count} unreviewed, in {time.perf_counter() - start:.1f} s{skipped}; "
        f"ledger now {ReviewRecord.objects.count():,} records"
    )
    if connection.vendor == "postgresql":
        datagen.analyze()
    records_before = ReviewRecord.objects.count()
    print(f"{load_average()}\n", flush=True)

    print(f"Publishing a reviewed entry: revision.publish(user=superuser), {ARGS.samples} per mode after {ARGS.warmup} warm-up, interleaved")
    started = time.perf_counter()
    samples = time_publishes(list(zip(on_drafts, off_drafts, strict=True)), user, ARGS.warmup)
    elapsed = time.perf_counter() - started
    on_median, off_median = statistics.median(samples[True]), statistics.median(samples[False])
    ratio = on_median / off_median
    line("gate on: median", f"{on_median:.2f} ms")
    line("gate on: p90", f"{pct(samples[True], 0.9):.2f} ms")
    line("gate off: median", f"{off_median:.2f} ms")
    line("gate off: p90", f"{pct(samples[False], 0.9):.2f} ms")
    line("gate cost per publish (difference of medians)", f"{on_median - off_median:.2f} ms")
    line("ratio on/off (medians)", f"{ratio:.2f}×", f"≤ {GOAL_RATIO}×", ratio <= GOAL_RATIO)
    line("ratio on/off (p90)", f"{pct(samples[True], 0.9) / pct(samples[False], 0.9):.2f}×", "(info)")
    pair_ratios = [on / off for on, off in zip(samples[True], samples[False], strict=True)]
    line("ratio on/off (median of adjacent pairs)", f"{statistics.median(pair_ratios):.2f}×", "(info)")
    line("timed loop", f"{elapsed:.1f} s, {load_average()}")

    on_counts, on_sql = count_queries(count_on, user, True)
    off_counts, off_sql = count_queries(count_off, user, False)
    line("SQL queries per publish, gate on", " / ".join(map(str, on_counts)))
    line("SQL queries per publish, gate off", " / ".join(map(str, off_counts)))
    added = added_statements(on_sql, off_sql)

    permission_samples, permission_results = time_can_publish(permission_drafts, user)
    print(f"\nEditor-side check: page.permissions_for_user(superuser).can_publish(), reviewed latest revision, {len(permission_drafts)} pages")
    line("gate on: median", f"{statistics.median(permission_samples[True]):.2f} ms", "(info)")
    line("gate on: p90", f"{pct(permission_samples[True], 0.9):.2f} ms", "(info)")
    line("gate off: median", f"{statistics.median(permission_samples[False]):.2f} ms", "(info)")
    line("can_publish() answers, gate on / off", f"{permission_results[True]} / {permission_results[False]}", "{True}", permission_results == {True: {True}, False: {True}})

    print("\nChecks")
    ok = check_published(on_drafts + count_on, "gate on")
    ok &= check_published(off_drafts + count_off, "gate off (no approvals recorded)")
    ok &= check_refusal(unreviewed, user)
    unchanged = ReviewRecord.objects.count() == records_before
    line("publishing wrote no review records", str(unchanged), "True", unchanged)
    ok &= unchanged
    ok &= permission_results == {True: {True}, False: {True}}

    print("\nWhere the gate's time goes (gate on, 20 publishes, per publish; inclusive, nested rows indented)")
    per_function, instrumented_median = breakdown(breakdown_drafts, user)
    print(f"  {'function':<58} {'calls':>6} {'ms':>8} {'queries':>8}")
    for _owner, _name, label in INSTRUMENTED:
        if label in per_function:
            calls, milliseconds, queries = per_function[label]
            print(f"  {label:<58} {calls:>6.1f} {milliseconds:>8.2f} {queries:>8.1f}")
    print(f"  (publish median while instrumented, with the debug cursor: {instrumented_median:.2f} ms)")
    print(f"\n  Statements the gate adds to one publish ({sum(on_counts) / len(on_counts) - sum(off_counts) / len(off_counts):+.1f} queries):")
    for per_run, sql in added:
        print(f"    {per_run:>4.1f} × {sql}")

    if ARGS.profile or ratio > GOAL_RATIO:
        print(f"\ncProfile of {len(profile_drafts)} gate-on publishes (cumulative, filtered):")
        print(profile(profile_drafts, user))
    else:
        print(f"\n({len(profile_drafts)} reviewed drafts left unpublished: no cProfile, the goal is met; --profile to print it)")

    if ARGS.what_if:
        print("\nWhat if: one approval lookup per publish, no revision.as_object() for the verdict (monkeypatched here)")
        with what_if():
            what_if_samples = time_publishes(what_if_pairs, user, ARGS.warmup)
            what_if_counts, _sql = count_queries(what_if_count, user, True)
            what_if_ok = check_refusal(what_if_unreviewed, user, "what if")
        what_if_ok &= check_published([on for on, _off in what_if_pairs] + what_if_count, "what if, gate on")
        what_if_ok &= check_published([off for _on, off in what_if_pairs], "what if, gate off")
        wi_on, wi_off = statistics.median(what_if_samples[True]), statistics.median(what_if_samples[False])
        line("gate on (what if): median / p90", f"{wi_on:.2f} / {pct(what_if_samples[True], 0.9):.2f} ms")
        line("gate off: median / p90", f"{wi_off:.2f} / {pct(what_if_samples[False], 0.9):.2f} ms")
        line("ratio on/off (medians)", f"{wi_on / wi_off:.2f}×", f"≤ {GOAL_RATIO}×", wi_on / wi_off <= GOAL_RATIO)
        line("SQL queries per publish, gate on (what if)", " / ".join(map(str, what_if_counts)))
        line("after the what-if loop", load_average())
        ok &= what_if_ok

    print("=" * 110)
    print(
        f"Publishing a reviewed entry, gate on / off: {on_median:.2f} / {off_median:.2f} ms (p90 {pct(samples[True], 0.9):.2f} / "
        f"{pct(samples[False], 0.9):.2f}), ratio {ratio:.2f}× (goal ≤ {GOAL_RATIO}×): {'PASS' if ratio <= GOAL_RATIO else 'MISS'}; "
        f"queries {statistics.median(on_counts):g} / {statistics.median(off_counts):g}; checks {'OK' if ok else 'FAILED'}"
    )
    print(f"{engine}, {len(entries):,} entries, {records_before:,} ledger records; {load_average()} on {os.cpu_count()} CPUs")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
