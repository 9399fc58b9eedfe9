"""Services: what changes several models in one step (recording a review decision and publishing).

They import models, gate and rules, and are used by views, admin wiring, management commands and
importers; the review task reaches them through ``ConfidentialityReviewTask.decisions``.
"""
