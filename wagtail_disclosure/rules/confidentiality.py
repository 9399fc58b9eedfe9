"""Vocabulary of the confidentiality review (保密审查), defined once for models, forms, exports and the ledger.

条例第十七条: 行政机关应当建立健全政府信息公开审查机制，明确审查的程序和责任。行政机关应当依照《中华人民共和国保守国家
秘密法》以及其他法律、法规和国家有关规定对拟公开的政府信息进行审查。行政机关不能确定政府信息是否可以公开的，应当依照法律、
法规和国家有关规定报有关主管部门或者保密行政管理部门确定。
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Conclusion(models.TextChoices):
    APPROVE = "approve", _("Approve publication (同意公开)")
    APPROVE_AFTER_REDACTION = "redact", _("Publish after redaction (删减后公开)")
    REJECT = "reject", _("Do not publish (不予公开)")
    REFER = "refer", _("Refer to the secrecy administration (报保密行政管理部门确定)")


# Only 同意公开 approves the reviewed content. 删减后公开 means the content must change first, and
# the changed content is a new revision that needs a review of its own.
APPROVING_CONCLUSIONS = frozenset({Conclusion.APPROVE})


class Basis(models.TextChoices):
    SECRECY_LAW = "secrecy_law", _("Law on Guarding State Secrets (保守国家秘密法)")
    ARTICLE_13 = "art13", _("Regulation art. 13: disclosure is the rule (条例第十三条)")
    ARTICLE_14 = "art14", _("Regulation art. 14: state secrets, prohibited by law, security and stability (条例第十四条)")
    ARTICLE_15 = "art15", _("Regulation art. 15: trade secrets, personal privacy (条例第十五条)")
    ARTICLE_16 = "art16", _("Regulation art. 16: internal affairs, process information, enforcement files (条例第十六条)")
    OTHER = "other", _("Other laws and regulations (其他法律法规)")


class Confirmation(models.TextChoices):
    NO_STATE_SECRET = "no_state_secret", _("Contains no state secrets (不涉及国家秘密)")
    NO_THIRD_PARTY = "no_third_party", _("Contains no trade secrets or personal privacy (不涉及商业秘密、个人隐私)")
    NO_SECURITY_RISK = "no_security_risk", _("Does not endanger national, public or economic security or social stability (不危及国家安全、公共安全、经济安全、社会稳定)")
    NO_INTERNAL = "no_internal", _("Is not internal affairs or process information exempt from disclosure (不属于可不予公开的内部事务信息或过程性信息)")


class RecordKind(models.TextChoices):
    REVIEW = "review", _("Review (保密审查)")
    EMERGENCY = "emergency", _("Emergency publication (紧急发布)")
    LEGACY_MIGRATION = "legacy", _("Legacy data migration (历史数据迁移)")
    # A review that did not approve content published in an emergency takes it down again (撤回).
    WITHDRAWAL = "withdrawal", _("Withdrawal (撤回)")
    # A change to the review itself (a level disabled or removed, a workflow unassigned...): who
    # weakened or strengthened the review, and when, is part of the record kept for inspection.
    CONFIGURATION = "configuration", _("Review configuration change (审查配置变更)")
