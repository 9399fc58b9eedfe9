"""Wagtail's admin API (``/admin/api/main/pages/<id>/action/<name>/``, session-authenticated) with the gate's
refusals explained and in the audit log, like every other route (docs/publication-routes.md, route 15).

Wagtail's publish action there builds ``PublishPageRevisionAction`` itself, not through the action
registry, so the plugin's gated action would never run: the permission tester's "no" became a generic
403 that nobody logged. The ``construct_admin_api`` hook registers this endpoint in place of Wagtail's
(same name, same URLs), so a host site gets it without editing its settings or URLs.
"""

from rest_framework.exceptions import PermissionDenied
from wagtail.admin.api.actions.copy import CopyPageAPIAction
from wagtail.admin.api.actions.publish import PublishPageAPIAction
from wagtail.admin.api.views import PagesAdminAPIViewSet

from ..gate.enforcement import GatedPublishPageRevisionAction, GateRefused, log_demoted_copy


class AdminAPIPublishAction(GatedPublishPageRevisionAction):
    route = "admin_api_publish"


class GatedPublishPageAPIAction(PublishPageAPIAction):
    def _action_from_data(self, instance, data):
        user = self.request.user
        revision = instance.get_latest_revision() or instance.save_revision(user=user)
        return AdminAPIPublishAction(revision, user=user)

    def execute(self, instance, data):
        try:
            return super().execute(instance, data)
        except GateRefused as refusal:
            raise PermissionDenied(refusal.message) from refusal  # the gate's reason, not DRF's generic text


class GatedCopyPageAPIAction(CopyPageAPIAction):
    def execute(self, instance, data):
        response = super().execute(instance, data)
        copy = instance.specific_class.objects.filter(pk=response.data["id"]).first()
        if copy is not None:
            log_demoted_copy(instance, copy, self.request.user, data["keep_live"], "admin_api_copy")
        return response


class GatedPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    actions = {**PagesAdminAPIViewSet.actions, "publish": GatedPublishPageAPIAction, "copy": GatedCopyPageAPIAction}


def register_gated_admin_api(router):
    """``construct_admin_api``: the pages endpoint, with the gated actions."""
    router.register_endpoint("pages", GatedPagesAdminAPIViewSet)
