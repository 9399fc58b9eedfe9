"""Accepting what is live as the starting point (历史数据迁移), when a site installs the plugin or gates one
of its own page types (``WAGTAIL_DISCLOSURE_GATED_PAGE_TYPES``).

Pages that were live before they were gated show content no confidentiality review approved, so
``disclosure_audit_live_content`` lists them and any change to them is refused. Someone responsible
accepts them, with a written reason: each gets a 历史数据迁移 record in the review ledger for the content
it shows (and for its live revision, when that holds other content), and an audit-log entry. Nothing is
published or changed; from then on every change goes through the review.
"""

from django.db import transaction

from ..gate import gated_page_models, live_content_approved
from ..gate.fingerprint import live_row_fingerprints, revision_fingerprint
from ..rules.confidentiality import Conclusion, RecordKind
from . import reviews

SOURCE = "disclosure_accept_live_baseline"


def unaccepted_live_pages(models=None):
    """Live pages of gated types (or of ``models``) whose live content has no approved review, by type and id.
    Aliases show their source's content and follow it."""
    for model in sorted(models or gated_page_models(), key=lambda model: model._meta.label):
        for page in model.objects.filter(live=True, alias_of__isnull=True).order_by("pk").iterator(chunk_size=500):
            if not live_content_approved(page):
                yield page


@transaction.atomic
def accept_live_page(page, *, reason, user=None, operator=""):
    """The 历史数据迁移 record(s) that make ``page``'s live content the approved starting point."""
    records = [
        reviews.record_decision(
            page, None, kind=RecordKind.LEGACY_MIGRATION, user=user, reviewer_name="" if user else operator,
            reason=reason, source=SOURCE, log_data={"reason": reason, "source": SOURCE},
        )
    ]  # fmt: skip
    revision = page.live_revision if page.live_revision_id else None
    if revision is not None and revision_fingerprint(revision) not in live_row_fingerprints(page):
        records.append(
            reviews.append_record(
                page, revision=revision, kind=RecordKind.LEGACY_MIGRATION, conclusion=Conclusion.APPROVE,
                reviewer=user, reviewer_name="" if user else operator, reason=reason, source=SOURCE,
            )
        )  # fmt: skip
    return records
