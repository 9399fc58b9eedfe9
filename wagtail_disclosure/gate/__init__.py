"""The publication gate (保密审查): content fingerprints, approvals, and their enforcement on every route."""

from .approval import (
    approval_missing,
    is_approved,
    live_content_approved,
    live_revision_reviewed,
    mirrors_live_source,
    required_review_tasks,
)
from .enforcement import (
    GatedPagePermissionTester,
    GateRefused,
    Verdict,
    enforce_before_save,
    enforce_on_save,
    install,
    publication_verdict,
    refusal_message,
    register_gated_actions,
)
from .fingerprint import VOLATILE_FIELDS, content_fields, content_fingerprint, revision_fingerprint
from .registry import GatedPageMixin, gated_page_models, is_gated_model

__all__ = [
    "GatedPageMixin",
    "GatedPagePermissionTester",
    "GateRefused",
    "VOLATILE_FIELDS",
    "Verdict",
    "approval_missing",
    "content_fields",
    "content_fingerprint",
    "enforce_before_save",
    "enforce_on_save",
    "gated_page_models",
    "install",
    "is_approved",
    "is_gated_model",
    "live_content_approved",
    "live_revision_reviewed",
    "mirrors_live_source",
    "publication_verdict",
    "refusal_message",
    "register_gated_actions",
    "required_review_tasks",
    "revision_fingerprint",
]
