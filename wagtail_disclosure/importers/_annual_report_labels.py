"""The national wording of the annual report's tables, as the importer needs it to match rows.

Private stand-in: the shared definitions (``rules/annual_report*``, the tables as data) replace this
module when both land; ``importers/annual_report.py`` imports it in one line, under the name ``labels``.
Keys are those of the JSON document (schema ``wagtail-disclosure/annual-report/1``).

Sources: 国办公开办函〔2021〕30号 附件 (the 2021 format); 国办公开办函〔2019〕60号 (the 2019 trial format);
DOMAIN.md §1.3–1.5 and §1.8.
"""

SCHEMA = "wagtail-disclosure/annual-report/1"

# 一、总体情况 … 六、其他需要报告的事项: (numeral, JSON key or None, words that identify the heading).
# Reports vary the wording ("五、存在问题及改进情况"), so a heading is its numeral plus one of the words.
SECTION_HEADINGS = (
    ("一", "overview", ("总体情况",)),
    ("二", None, ("主动公开",)),
    ("三", None, ("收到和处理", "依申请公开", "申请情况")),
    ("四", None, ("行政复议", "行政诉讼")),
    ("五", "problems", ("问题",)),
    ("六", "other", ("其他需要报告", "其他事项")),
)

# 表二 (2021): row key → (label, value keys in column order).
TABLE2_ROWS = (
    ("regulations", "规章", ("issued", "repealed", "in_force")),
    ("normative_documents", "行政规范性文件", ("issued", "repealed", "in_force")),
    ("administrative_licensing", "行政许可", ("decisions",)),
    ("administrative_penalty", "行政处罚", ("decisions",)),
    ("administrative_coercion", "行政强制", ("decisions",)),
    ("administrative_fees", "行政事业性收费", ("amount_10k_yuan",)),
)
TABLE2_COLUMNS = (
    ("issued", "本年制发件数"),
    ("repealed", "本年废止件数"),
    ("in_force", "现行有效件数"),
    ("decisions", "本年处理决定数量"),
    ("amount_10k_yuan", "本年收费金额（单位：万元）"),
)
TABLE2_HEADER = "信息内容"
# 条例第二十条 items the block captions refer to: （一）（五）（六）（八）, and （九） in the 2019 format.
TABLE2_CAPTION_PATTERN = r"^第二十条第\(([一二三四五六七八九十]+)\)项$"

# 表二 of the 2019 trial format (〔2019〕60号), kept as printed under "table2_2019".
TABLE2_2019_ROWS = ("规章", "规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制", "行政事业性收费", "政府集中采购")
TABLE2_2019_COLUMNS = (
    "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "处理决定数量", "采购项目数量", "采购总金额",
)
# Only in the 2019 format: any of these identifies it.
TABLE2_2019_ONLY = ("规范性文件", "其他对外管理服务事项", "政府集中采购", "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量")

# 表三: the 7 columns, in the JSON document's order.
TABLE3_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
# Header cells that mark the header rows of 表三.
TABLE3_HEADER_WORDS = ("申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构")

# 表三 rows: (path of keys, label). A path that another extends is a merged row header with no numbers
# of its own (三、本年度办理结果, （三）…（六）); in the 2019 format （六）其他处理 is a row.
TABLE3_ROWS = (
    (("new_received",), "一、本年新收政府信息公开申请数量"),
    (("carried_over_from_last_year",), "二、上年结转政府信息公开申请数量"),
    (("results",), "三、本年度办理结果"),
    (("results", "granted"), "（一）予以公开"),
    (("results", "partially_granted"), "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    (("results", "not_disclosed"), "（三）不予公开"),
    (("results", "not_disclosed", "state_secret"), "1.属于国家秘密"),
    (("results", "not_disclosed", "prohibited_by_law"), "2.其他法律行政法规禁止公开"),
    (("results", "not_disclosed", "three_safeties_one_stability"), "3.危及“三安全一稳定”"),
    (("results", "not_disclosed", "third_party_rights"), "4.保护第三方合法权益"),
    (("results", "not_disclosed", "internal_affairs"), "5.属于三类内部事务信息"),
    (("results", "not_disclosed", "process_information"), "6.属于四类过程性信息"),
    (("results", "not_disclosed", "enforcement_case_file"), "7.属于行政执法案卷"),
    (("results", "not_disclosed", "administrative_query"), "8.属于行政查询事项"),
    (("results", "unable_to_provide"), "（四）无法提供"),
    (("results", "unable_to_provide", "not_held"), "1.本机关不掌握相关政府信息"),
    (("results", "unable_to_provide", "needs_new_compilation"), "2.没有现成信息需要另行制作"),
    (("results", "unable_to_provide", "still_unclear_after_correction"), "3.补正后申请内容仍不明确"),
    (("results", "not_processed"), "（五）不予处理"),
    (("results", "not_processed", "petition_complaint_report"), "1.信访举报投诉类申请"),
    (("results", "not_processed", "repeated_application"), "2.重复申请"),
    (("results", "not_processed", "asks_for_publication"), "3.要求提供公开出版物"),
    (("results", "not_processed", "massive_unreasonable_repeated"), "4.无正当理由大量反复申请"),
    (("results", "not_processed", "confirm_or_reissue_obtained_info"), "5.要求行政机关确认或重新出具已获取信息"),
    (("results", "other_handling"), "（六）其他处理"),
    (("results", "other_handling", "no_correction_in_time"), "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    (("results", "other_handling", "fee_not_paid_in_time"), "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    (("results", "other_handling", "other"), "3.其他"),
    (("results", "total"), "（七）总计"),
    (("carried_forward_to_next_year",), "四、结转下年度继续办理"),
)

# 表四: the three groups and the five columns of each.
TABLE4_GROUPS = (
    ("reconsideration", "行政复议"),
    ("litigation_direct", "未经复议直接起诉"),
    ("litigation_after_reconsideration", "复议后起诉"),
)
TABLE4_COLUMNS = (
    ("maintained", "结果维持"),
    ("corrected", "结果纠正"),
    ("other_result", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
TABLE4_HEADER_WORDS = ("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正", "尚未审结")
