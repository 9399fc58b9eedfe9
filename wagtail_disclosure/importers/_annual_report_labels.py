"""The national wording of the annual report's tables, in the shape the importer matches rows with.

Every label comes from ``rules.annual_report.tables`` (defined once there); what stays here is how the
importer recognises things in the wild: the words that identify a section heading, the caption pattern,
the header words and the labels that only the 2019 trial format has.
"""

from ..rules.annual_report import tables as national
from ..rules.annual_report.document import SCHEMA  # noqa: F401  (the importer's output)

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


def _unique(pairs):
    return tuple(dict.fromkeys(pairs))


# 表二 (2021): (row key, label, value keys in column order), and every (column key, label).
TABLE2_ROWS = tuple(
    (key, label, tuple(column.key for column in block.columns)) for block in national.TABLE2_BLOCKS for key, label in block.rows
)
TABLE2_COLUMNS = _unique((column.key, column.label) for block in national.TABLE2_BLOCKS for column in block.columns)
TABLE2_HEADER = national.INFORMATION_CONTENT
# 条例第二十条 items the block captions refer to: （一）（五）（六）（八）, and （九） in the 2019 format.
TABLE2_CAPTION_PATTERN = r"^第二十条第\(([一二三四五六七八九十]+)\)项$"

# 表二 of the 2019 trial format (〔2019〕60号), kept as printed under "table2_2019".
TABLE2_2019_ROWS = _unique(label for block in national.TABLE2_2019_BLOCKS for _key, label in block.rows)
TABLE2_2019_COLUMNS = _unique(column.label for block in national.TABLE2_2019_BLOCKS for column in block.columns)
# Only in the 2019 format: any of these identifies it.
TABLE2_2019_ONLY = ("规范性文件", "其他对外管理服务事项", "政府集中采购", "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量")

# 表三: the 7 columns, in the JSON document's order, and the header cells that mark its header rows.
TABLE3_COLUMNS = tuple(column.label for column in national.TABLE3_COLUMNS)
TABLE3_HEADER_WORDS = (national.APPLICANTS, *TABLE3_COLUMNS[:1], national.LEGAL_PERSONS, *TABLE3_COLUMNS[1:-2])


def _tree_rows(tree, path=()):
    """(path of keys, label) of every row and merged row header, in reading order."""
    for node in tree:
        key, label = node[0], node[1]
        yield (*path, key), label
        if len(node) == 3:
            yield from _tree_rows(node[2], (*path, key))


# 表三 rows: a path that another extends is a merged row header with no numbers of its own
# (三、本年度办理结果, （三）…（六）); in the 2019 format （六）其他处理 is a row.
TABLE3_ROWS = tuple(_tree_rows(national.TABLE3_TREE_2021))

# 表四: the three groups and the five columns of each.
TABLE4_GROUPS = tuple((row.key, row.label) for row in national.TABLE4_ROWS)
TABLE4_COLUMNS = tuple((column.key, column.label) for column in national.TABLE4_COLUMNS)
TABLE4_HEADER_WORDS = (national.RECONSIDERATION, national.LITIGATION, *(row.label for row in national.TABLE4_ROWS[1:]), "结果维持", "结果纠正", "尚未审结")
