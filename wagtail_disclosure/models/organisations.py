from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..rules.org_codes import normalize_org_code, validate_organisation_code


class Organisation(models.Model):
    """An issuing organisation (发文机关 / 发布机构) whose code is the 索引号 前段码."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    code = models.CharField(
        _("organisation code or unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_organisation_code],
        help_text=_(
            "18-character unified social credit code or 9-character organisation code, used as the "
            "first part of index numbers. Changing it does not change index numbers already issued. "
            "Empty only for an organisation created by a legacy import: no index number is issued for it until it has one."
        ),
    )
    is_active = models.BooleanField(
        pgettext_lazy("organisation", "active"), default=True, help_text=_("Inactive organisations cannot be chosen for new entries.")
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    # 汇总: a government's annual report adds up its departments' and townships' (条例第四十九条).
    parent = models.ForeignKey(
        "self", verbose_name=_("superior organisation"), null=True, blank=True, on_delete=models.SET_NULL, related_name="subordinates",
        help_text=_("The government this department or township belongs to. A government's annual report is built from its subordinates' reports."),
    )  # fmt: skip

    # 依申请公开: members of these groups (with the case permissions) handle this organisation's requests.
    request_handler_groups = models.ManyToManyField(
        "auth.Group", verbose_name=_("groups handling its requests for disclosure"), blank=True, related_name="+",
        help_text=_("Members of these groups see and handle the requests for disclosure of this organisation (依申请公开), and no other organisation's."),
    )  # fmt: skip

    # What disclosure pages show of it (page_declarations): part of their reviewed content.
    displayed_fields = ("name",)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            # Unique when given: organisations created by a legacy import may wait for their code.
            models.UniqueConstraint(
                fields=["code"],
                condition=~models.Q(code=""),
                name="wagtail_disclosure_organisation_unique_code",
                violation_error_message=_("Another organisation already has this code."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.code = normalize_org_code(self.code)
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An organisation cannot be below itself or one of its subordinates.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def save(self, *args, **kwargs):
        self.code = normalize_org_code(self.code)
        super().save(*args, **kwargs)
