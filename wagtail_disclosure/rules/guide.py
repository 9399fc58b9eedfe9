"""政府信息公开指南: what the law requires of it, and the statutory wording it repeats.

条例第十二条: 政府信息公开指南包括政府信息的分类、编排体系、获取方式和政府信息公开工作机构的名称、办公地址、办公时间、
联系电话、传真号码、互联网联系方式等内容。…应当及时更新。
条例第五十三条第（二）项: 不及时更新…政府信息公开指南 is a sanctionable violation.
"""

from django.utils.translation import gettext_lazy as _

# Months after which a guide that has not been reviewed is reported as possibly out of date
# (条例第十二条 "及时更新"; the period is the site's choice: DisclosureSettings).
DEFAULT_REVIEW_MONTHS = 12

# 条例第二十六条.
PROACTIVE_TIME_LIMIT = "属于主动公开范围的政府信息，自该政府信息形成或者变更之日起20个工作日内予以公开。法律、法规对政府信息公开的期限另有规定的，从其规定。"
# 条例第三十三条 (and 第三十条 for 补正).
REPLY_TIME_LIMIT = (
    "能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，"
    "经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日。申请内容不明确的，"
    "自收到申请之日起7个工作日内一次性告知申请人作出补正，答复期限自收到补正的申请之日起计算。"
    "征求第三方和其他机关意见所需时间不计算在答复期限内。"
)
# 条例第四十二条 and 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号).
FEES = (
    "行政机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，"
    "依照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费。"
)
# 条例第四十七条、第五十一条.
SUPERVISION = (
    "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，"
    "也可以依法申请行政复议或者提起行政诉讼。"
)

# The four channels of 依申请公开 (条例第二十九条; 宿迁 indicator: 当面、邮寄、在线、传真).
CHANNELS = (
    ("online", _("Online (网上申请)")),
    ("letter", _("By post (信函申请)")),
    ("in_person", _("In person (当面申请)")),
    ("fax", _("By fax (传真申请)")),
)


def missing_elements(office, *, has_classification, has_proactive_ways, has_request_ways):
    """The 条例第十二条 elements a guide lacks, as messages. ``office``: a mapping of the office's details
    (name, address, office_hours, phone, fax, email, online_url)."""
    missing = []
    if not has_classification:
        missing.append(_("the classification and arrangement of information (政府信息的分类、编排体系): the catalogue has no topics"))
    if not has_proactive_ways:
        missing.append(_("how to obtain proactively disclosed information (获取方式: 主动公开的方式和渠道)"))
    if not has_request_ways:
        missing.append(_("how to apply for information (获取方式: at least one channel of 依申请公开 with its instructions)"))
    labels = (
        ("name", _("the disclosure office's name (工作机构名称)")),
        ("address", _("the disclosure office's address (办公地址)")),
        ("office_hours", _("the disclosure office's hours (办公时间)")),
        ("phone", _("the disclosure office's telephone number (联系电话)")),
        ("fax", _("the disclosure office's fax number (传真号码)")),
    )
    for key, label in labels:
        if not office.get(key):
            missing.append(label)
    if not (office.get("email") or office.get("online_url")):
        missing.append(_("the disclosure office's internet contact (互联网联系方式: e-mail or online application address)"))
    return missing
