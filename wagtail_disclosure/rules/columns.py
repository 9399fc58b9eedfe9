"""The 政府信息公开 column as platforms have it, and the categories of 法定主动公开内容.

国办公开办函〔2019〕61号 (《关于规范政府信息公开平台有关事项的通知》): the 政府信息公开 column of an agency's website is
its 政府信息公开平台, "聚焦法定主动公开内容", with a unified name and format; its sub-columns are commonly 政府信息公开指南,
政府信息公开制度, 法定主动公开内容, 政府信息公开目录, 政府信息公开年报 and 依申请公开 (DOMAIN §4.6).

条例第二十条: 行政机关应当依照本条例第十九条的规定，主动公开本行政机关的下列政府信息 — the fifteen items below, the
natural sub-columns of 法定主动公开内容.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

# Chinese numerals of the items, as the statute numbers them: 第二十条第（一）项 … 第（十五）项.
CHINESE_NUMERALS = ("", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五")


class ProactiveCategory(models.IntegerChoices):
    """条例第二十条's fifteen categories of information every agency discloses proactively (verbatim in Chinese)."""

    REGULATIONS = 1, _("Administrative regulations, rules and normative documents")
    ORGANISATION = 2, _("Functions, structure, address, hours, contacts and heads of the agency")
    PLANS = 3, _("Economic and social development plans, special and regional plans and related policies")
    STATISTICS = 4, _("Statistics of the economy and social development")
    LICENSING = 5, _("Basis, conditions, procedure and results of administrative licensing and other services")
    PENALTIES = 6, _("Basis, conditions and procedure of administrative penalties and enforcement, and notable penalty decisions")
    BUDGETS = 7, _("Budgets and final accounts")
    FEES = 8, _("Administrative fees, their basis and rates")
    PROCUREMENT = 9, _("Catalogue, standards and implementation of centralised government procurement")
    PROJECTS = 10, _("Approval and implementation of major construction projects")
    WELFARE = 11, _("Policies, measures and their implementation for poverty relief, education, health care, social security and employment")
    EMERGENCIES = 12, _("Emergency plans, warnings and responses to public emergencies")
    INSPECTIONS = 13, _("Inspections of environmental protection, public health, work safety, food and drugs and product quality")
    CIVIL_SERVICE = 14, _("Civil service recruitment: posts, numbers, conditions and results")
    OTHER = 15, _("Other information that laws, regulations, rules and national provisions require to be disclosed proactively")


def category_basis(item):
    """Where the category comes from: 条例第二十条第（一）项 …"""
    # The statute's own numeral, in either language: 第二十条第（七）项.
    return pgettext("statutory basis", "Regulations, article 20, item (%(number)s)") % {"number": CHINESE_NUMERALS[item]}
