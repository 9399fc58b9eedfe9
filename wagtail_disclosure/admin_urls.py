"""The plugin's admin URLs outside its viewsets, under one namespace (``wagtail_disclosure:``), included by
``wagtail_hooks``. Each viewset (``views/``) brings its own URLs under its own namespace, as Wagtail's do."""

from django.urls import path

from .views import annual_reports, emergency, interpretations, reports, review

app_name = "wagtail_disclosure"

urlpatterns = [
    path("reports/disclosure-timeliness/", reports.TimelinessReportView.as_view(), name="timeliness"),
    path("reports/disclosure-timeliness/results/", reports.TimelinessReportView.as_view(results_only=True), name="timeliness_results"),
    path("reports/incomplete-entries/", reports.IncompleteEntriesReportView.as_view(), name="incomplete_entries"),
    path(
        "reports/incomplete-entries/results/", reports.IncompleteEntriesReportView.as_view(results_only=True), name="incomplete_entries_results"
    ),
    path("reports/missing-interpretations/", interpretations.MissingInterpretationReportView.as_view(), name="missing_interpretations"),
    path(
        "reports/missing-interpretations/results/",
        interpretations.MissingInterpretationReportView.as_view(results_only=True),
        name="missing_interpretations_results",
    ),
    path("reports/pending-review/", emergency.PendingPostReviewView.as_view(), name="pending_review"),
    path("reports/pending-review/results/", emergency.PendingPostReviewView.as_view(results_only=True), name="pending_review_results"),
    path("disclosure/review/refused/", review.ReviewRefusedView.as_view(), name="review_refused"),
    path("disclosure/review/recorded/", review.ReviewRecordedView.as_view(), name="review_recorded"),
    path("disclosure/review/<int:task_state_id>/signed-form/", review.SignedFormUploadView.as_view(), name="review_signed_form"),
    path("reports/annual-reports/", annual_reports.OverviewView.as_view(), name="annual_reports"),
    path("reports/annual-reports/upload/", annual_reports.UploadView.as_view(), name="annual_report_upload"),
    path(
        "reports/annual-reports/<int:organisation_id>/<int:year>/consolidation/",
        annual_reports.ConsolidationView.as_view(),
        name="annual_report_consolidation",
    ),
    path("disclosure/emergency-publish/<int:page_id>/", emergency.EmergencyPublishView.as_view(), name="emergency_publish"),
]
