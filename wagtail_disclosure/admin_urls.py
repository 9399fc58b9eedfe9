"""The plugin's admin URLs, under one namespace (``wagtail_disclosure:``), included by ``wagtail_hooks``."""

from django.urls import path

from .views import emergency, ledger, reports, review

app_name = "wagtail_disclosure"

urlpatterns = [
    path("reports/disclosure-timeliness/", reports.TimelinessReportView.as_view(), name="timeliness"),
    path("reports/disclosure-timeliness/results/", reports.TimelinessReportView.as_view(results_only=True), name="timeliness_results"),
    path("reports/review-ledger/", ledger.ReviewLedgerView.as_view(), name="ledger"),
    path("reports/review-ledger/results/", ledger.ReviewLedgerView.as_view(results_only=True), name="ledger_results"),
    path("reports/review-ledger/<int:pk>/", ledger.ReviewRecordInspectView.as_view(), name="ledger_inspect"),
    path("reports/review-ledger/summary/", ledger.ReviewSummaryView.as_view(), name="ledger_summary"),
    path("reports/pending-review/", emergency.PendingPostReviewView.as_view(), name="pending_review"),
    path("reports/pending-review/results/", emergency.PendingPostReviewView.as_view(results_only=True), name="pending_review_results"),
    path("disclosure/review/refused/", review.ReviewRefusedView.as_view(), name="review_refused"),
    path("disclosure/review/notice/", review.ReviewNoticeView.as_view(), name="review_notice"),
    path("disclosure/emergency-publish/<int:page_id>/", emergency.EmergencyPublishView.as_view(), name="emergency_publish"),
]
