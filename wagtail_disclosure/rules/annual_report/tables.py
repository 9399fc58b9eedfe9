"""The tables and headings of the 政府信息公开工作年度报告, defined once.

国办公开办函〔2021〕30号 (《中华人民共和国政府信息公开工作年度报告格式》, used from the 2021 reports on) and, for
recognising older reports, the trial format of 国办公开办函〔2019〕60号 (the 2019 and 2020 reports). Labels are
the national wording, verbatim: they are data, not translations (reviewers and scrapers match on them).
Keys are those of the JSON document (schema ``wagtail-disclosure/annual-report/1``).

Models, forms, templates, exports and importers read these definitions; nothing else spells a label.
"""

import dataclasses

FORMAT_2021 = "2021"  # 国办公开办函〔2021〕30号
FORMAT_2019 = "2019"  # 国办公开办函〔2019〕60号 《…年度报告格式（试行）》
FORMATS = (FORMAT_2021, FORMAT_2019)

# What a cell holds.
COUNT = "count"  # a non-negative integer (件, 个)
AMOUNT_10K_YUAN = "amount_10k_yuan"  # a non-negative decimal, in 万元 (2021 表二 第二十条第（八）项)
AMOUNT = "amount"  # a non-negative decimal in the unit the report prints (2019 表二 采购总金额)
CHANGE = "change"  # an integer that may be negative (2019 表二 本年增/减)
DECIMAL_UNITS = (AMOUNT_10K_YUAN, AMOUNT)


@dataclasses.dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str = COUNT


@dataclasses.dataclass(frozen=True)
class HeaderCell:
    """One cell of a printed header (merged cells span rows or columns)."""

    label: str
    rowspan: int = 1
    colspan: int = 1


@dataclasses.dataclass(frozen=True)
class Row:
    """A row of numbers. ``path`` leads from the table's object to the row in the JSON document;
    ``groups`` are the labels of the merged row headers above it (outermost first)."""

    key: str
    label: str
    columns: tuple[Column, ...]
    path: tuple[str, ...]
    groups: tuple[str, ...] = ()

    def __post_init__(self):
        # Looked up for every cell read (Report.get): by key or label, and the position in the row.
        lookup = {}
        for index, column in enumerate(self.columns):
            lookup.setdefault(column.key, (column, index))
            lookup.setdefault(column.label, (column, index))
        object.__setattr__(self, "_columns", lookup)

    def column_and_index(self, key_or_label):
        try:
            return self._columns[key_or_label]
        except KeyError:
            raise KeyError(f"row {self.key!r} has no column {key_or_label!r}") from None

    @property
    def full_label(self):
        """The label with the group that tells it apart, e.g. 「（三）不予公开 1.属于国家秘密」."""
        # Only the numbered sub-rows (1.…8.) repeat across groups; a row directly under a heading is unique.
        return f"{self.groups[-1]} {self.label}" if len(self.groups) >= 2 else self.label

    def column(self, key_or_label):
        return self.column_and_index(key_or_label)[0]


@dataclasses.dataclass(frozen=True)
class Table:
    key: str  # "table2", "table2_2019", "table3", "table4"
    name: str  # as messages name it: 表二, 表三, 表四
    heading: str  # the report's section heading
    rows: tuple[Row, ...]

    def __post_init__(self):
        object.__setattr__(self, "_rows", {row.key: row for row in self.rows})

    def row(self, key):
        try:
            return self._rows[key]
        except KeyError:
            raise KeyError(f"{self.key} has no row {key!r}") from None

    def cells(self):
        """(row, column) of every numeric cell, in reading order."""
        return [(row, column) for row in self.rows for column in row.columns]


# ---------------------------------------------------------------------------------------------------
# Section headings (30号 附件; the same six in the 2019 trial format).

SECTION_HEADINGS = {
    "overview": "一、总体情况",
    "table2": "二、主动公开政府信息情况",
    "table3": "三、收到和处理政府信息公开申请情况",
    "table4": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
NARRATIVE_SECTIONS = ("overview", "problems", "other")

# 30号 "（一）总体情况…主要包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障", as real reports
# number them.
OVERVIEW_SUBHEADINGS = ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）平台建设", "（五）监督保障")

STATISTICAL_PERIOD = "本年度报告中所列数据统计期限为{year}年1月1日至12月31日"
TITLE = "{organisation}{year}年政府信息公开工作年度报告"


def statistical_period_statement(year):
    """The statement of the statistics period, e.g. 本年度报告中所列数据统计期限为2024年1月1日至12月31日。"""
    return STATISTICAL_PERIOD.format(year=year) + "。"


# ---------------------------------------------------------------------------------------------------
# 表二 主动公开政府信息情况: blocks headed by a caption naming the 条例第二十条 item.

INFORMATION_CONTENT = "信息内容"  # the first header cell of every block


@dataclasses.dataclass(frozen=True)
class Block:
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, str], ...]  # (key, label)

    def header(self):
        """The header row below the caption: 信息内容 and the column labels (one label spans three columns)."""
        span = 3 // len(self.columns)
        return (HeaderCell(INFORMATION_CONTENT),) + tuple(HeaderCell(c.label, colspan=span) for c in self.columns)


_DECISIONS = (Column("decisions", "本年处理决定数量"),)

TABLE2_BLOCKS = (
    Block(
        "第二十条第（一）项",
        (Column("issued", "本年制发件数"), Column("repealed", "本年废止件数"), Column("in_force", "现行有效件数")),
        (("regulations", "规章"), ("normative_documents", "行政规范性文件")),
    ),
    Block("第二十条第（五）项", _DECISIONS, (("administrative_licensing", "行政许可"),)),
    Block("第二十条第（六）项", _DECISIONS, (("administrative_penalty", "行政处罚"), ("administrative_coercion", "行政强制"))),
    Block(
        "第二十条第（八）项",
        (Column("amount_10k_yuan", "本年收费金额（单位：万元）", AMOUNT_10K_YUAN),),
        (("administrative_fees", "行政事业性收费"),),
    ),
)

# The 2019 trial format (DOMAIN §1.8, as printed in the Shanghai 2019 report). Keys are this module's.
_ITEMS_2019 = (
    Column("previous_year_items", "上一年项目数量"),
    Column("change", "本年增/减", CHANGE),
    Column("decisions", "处理决定数量"),
)
TABLE2_2019_BLOCKS = (
    Block(
        "第二十条第（一）项",
        (Column("made", "本年新制作数量"), Column("published", "本年新公开数量"), Column("total_published", "对外公开总数量")),
        (("regulations", "规章"), ("normative_documents", "规范性文件")),
    ),
    Block("第二十条第（五）项", _ITEMS_2019, (("administrative_licensing", "行政许可"), ("other_management_services", "其他对外管理服务事项"))),
    Block("第二十条第（六）项", _ITEMS_2019, (("administrative_penalty", "行政处罚"), ("administrative_coercion", "行政强制"))),
    Block("第二十条第（八）项", _ITEMS_2019[:2], (("administrative_fees", "行政事业性收费"),)),
    Block(
        "第二十条第（九）项",
        (Column("procurement_items", "采购项目数量"), Column("procurement_amount", "采购总金额", AMOUNT)),
        (("government_procurement", "政府集中采购"),),
    ),
)


def _table2(key, blocks):
    rows = tuple(Row(k, label, block.columns, (k,), (block.caption,)) for block in blocks for k, label in block.rows)
    return Table(key, "表二", SECTION_HEADINGS["table2"], rows)


# ---------------------------------------------------------------------------------------------------
# 表三 收到和处理政府信息公开申请情况: 25 rows (24 in 2019) × 7 columns.

TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = "申请人情况"
LEGAL_PERSONS = "法人或其他组织"

TABLE3_COLUMNS = (
    Column("natural_person", "自然人"),
    Column("commercial_enterprise", "商业企业"),
    Column("research_institution", "科研机构"),
    Column("public_interest_organisation", "社会公益组织"),
    Column("legal_service_institution", "法律服务机构"),
    Column("other", "其他"),
    Column("total", "总计"),
)
TABLE3_PARTS = TABLE3_COLUMNS[:-1]  # the six applicant columns that add up to 总计 (T3-ROW)

TABLE3_HEADER = (
    (HeaderCell(TABLE3_NOTE, rowspan=3, colspan=3), HeaderCell(APPLICANTS, colspan=7)),
    (HeaderCell("自然人", rowspan=2), HeaderCell(LEGAL_PERSONS, colspan=5), HeaderCell("总计", rowspan=2)),
    tuple(HeaderCell(column.label) for column in TABLE3_COLUMNS[1:-1]),
)

# (key, label) for a row, (key, label, children) for a merged row header (an object in the JSON document).
_OTHER_HANDLING_2021 = (
    "other_handling",
    "（六）其他处理",
    (
        ("no_correction_in_time", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ("fee_not_paid_in_time", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ("other", "3.其他"),
    ),
)


def _table3_tree(other_handling):
    return (
        ("new_received", "一、本年新收政府信息公开申请数量"),
        ("carried_over_from_last_year", "二、上年结转政府信息公开申请数量"),
        (
            "results",
            "三、本年度办理结果",
            (
                ("granted", "（一）予以公开"),
                ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
                (
                    "not_disclosed",
                    "（三）不予公开",
                    (
                        ("state_secret", "1.属于国家秘密"),
                        ("prohibited_by_law", "2.其他法律行政法规禁止公开"),
                        ("three_safeties_one_stability", "3.危及“三安全一稳定”"),
                        ("third_party_rights", "4.保护第三方合法权益"),
                        ("internal_affairs", "5.属于三类内部事务信息"),
                        ("process_information", "6.属于四类过程性信息"),
                        ("enforcement_case_file", "7.属于行政执法案卷"),
                        ("administrative_query", "8.属于行政查询事项"),
                    ),
                ),
                (
                    "unable_to_provide",
                    "（四）无法提供",
                    (
                        ("not_held", "1.本机关不掌握相关政府信息"),
                        ("needs_new_compilation", "2.没有现成信息需要另行制作"),
                        ("still_unclear_after_correction", "3.补正后申请内容仍不明确"),
                    ),
                ),
                (
                    "not_processed",
                    "（五）不予处理",
                    (
                        ("petition_complaint_report", "1.信访举报投诉类申请"),
                        ("repeated_application", "2.重复申请"),
                        ("asks_for_publication", "3.要求提供公开出版物"),
                        ("massive_unreasonable_repeated", "4.无正当理由大量反复申请"),
                        ("confirm_or_reissue_obtained_info", "5.要求行政机关确认或重新出具已获取信息"),
                    ),
                ),
                other_handling,
                ("total", "（七）总计"),
            ),
        ),
        ("carried_forward_to_next_year", "四、结转下年度继续办理"),
    )


TABLE3_TREE_2021 = _table3_tree(_OTHER_HANDLING_2021)
TABLE3_TREE_2019 = _table3_tree(("other_handling", "（六）其他处理"))  # a single row in the trial format


def _flatten(tree, columns, path=(), groups=()):
    for node in tree:
        key, label = node[0], node[1]
        if len(node) == 3:
            yield from _flatten(node[2], columns, (*path, key), (*groups, label))
        else:
            yield Row(key, label, columns, (*path, key), groups)


def row_headers(tree, depth=3):
    """The merged row-header cells of 表三, per row key: the cells that start on that row.

    A merged header (三、本年度办理结果, （三）不予公开 …) spans the rows below it in its own column; a row's own
    label spans the remaining columns (一、本年新收… spans all three, （一）予以公开 two, 1.属于国家秘密 one).
    """
    cells = {}

    def leaves(node):
        return sum(leaves(child) for child in node[2]) if len(node) == 3 else 1

    def walk(nodes, level, pending):
        for node in nodes:
            if len(node) == 3:
                walk(node[2], level + 1, [*pending, HeaderCell(node[1], rowspan=leaves(node))])
            else:
                cells[node[0]] = (*pending, HeaderCell(node[1], colspan=depth - level))
            pending = []

    walk(tree, 0, [])
    return cells


# ---------------------------------------------------------------------------------------------------
# 表四 政府信息公开行政复议、行政诉讼情况: 3 groups × 5 columns in one printed row.

RECONSIDERATION = "行政复议"
LITIGATION = "行政诉讼"
TABLE4_COLUMNS = (
    Column("maintained", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other_result", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
TABLE4_PARTS = TABLE4_COLUMNS[:-1]
TABLE4_ROWS = (
    Row("reconsideration", RECONSIDERATION, TABLE4_COLUMNS, ("reconsideration",)),
    Row("litigation_direct", "未经复议直接起诉", TABLE4_COLUMNS, ("litigation_direct",), (LITIGATION,)),
    Row("litigation_after_reconsideration", "复议后起诉", TABLE4_COLUMNS, ("litigation_after_reconsideration",), (LITIGATION,)),
)
# 行政复议's column labels span two header rows; 行政诉讼 has a middle row naming its two groups.
TABLE4_HEADER = (
    (HeaderCell(RECONSIDERATION, colspan=5), HeaderCell(LITIGATION, colspan=10)),
    (*(HeaderCell(c.label, rowspan=2) for c in TABLE4_COLUMNS), *(HeaderCell(r.label, colspan=5) for r in TABLE4_ROWS[1:])),
    tuple(HeaderCell(c.label) for _row in TABLE4_ROWS[1:] for c in TABLE4_COLUMNS),
)


def _table4_full_label(row):
    return f"{LITIGATION}·{row.label}" if row.groups else row.label


# ---------------------------------------------------------------------------------------------------
# The tables of each format, by the JSON document's key.

TABLE2 = _table2("table2", TABLE2_BLOCKS)
TABLE2_2019 = _table2("table2_2019", TABLE2_2019_BLOCKS)
TABLE3 = Table("table3", "表三", SECTION_HEADINGS["table3"], tuple(_flatten(TABLE3_TREE_2021, TABLE3_COLUMNS)))
TABLE3_2019 = Table("table3", "表三", SECTION_HEADINGS["table3"], tuple(_flatten(TABLE3_TREE_2019, TABLE3_COLUMNS)))
TABLE4 = Table("table4", "表四", SECTION_HEADINGS["table4"], TABLE4_ROWS)

TABLES = {
    FORMAT_2021: {"table2": TABLE2, "table3": TABLE3, "table4": TABLE4},
    FORMAT_2019: {"table2_2019": TABLE2_2019, "table3": TABLE3_2019, "table4": TABLE4},
}
TABLE3_TREES = {FORMAT_2021: TABLE3_TREE_2021, FORMAT_2019: TABLE3_TREE_2019}

# 表三's (七)总计 adds up every row under 三、本年度办理结果 except itself (T3-SUM).
RESULTS_TOTAL = "total"


def result_rows(table3):
    return [row for row in table3.rows if row.path[0] == "results" and row.key != RESULTS_TOTAL]


def tables_of(format):
    try:
        return TABLES[format]
    except KeyError:
        raise ValueError(f"unknown annual report format {format!r}") from None


def row_label(table, row):
    """How messages name a row: 「（三）不予公开 1.属于国家秘密」, 「行政诉讼·复议后起诉」."""
    return _table4_full_label(row) if table.key == "table4" else row.full_label


# 表三's merged row headers, per format: {row key: the header cells that start on that row}.
TABLE3_ROW_HEADERS = {format: row_headers(tree) for format, tree in TABLE3_TREES.items()}
