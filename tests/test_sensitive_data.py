"""Detection of sensitive data (rules.sensitive_data): IDs, phones, cards, e-mail, classification markings."""

import datetime
import random
import time

import pytest

from wagtail_disclosure.rules.org_codes import USCC_ALPHABET, uscc_check_character
from wagtail_disclosure.rules.sensitive_data import (
    SNIPPET_CONTEXT,
    SensitiveKind,
    find_matches,
    find_sensitive_data,
    fingerprint,
    id_check_character,
    is_resident_id,
    luhn_is_valid,
    mask,
)

TODAY = datetime.date(2025, 6, 30)


def check_character(first17):
    """GB 11643-1999 check character, computed independently: weights 2^(17-i) mod 11, ISO 7064 MOD 11-2."""
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def resident_id(region="110105", birth="19900307", sequence="123"):
    first17 = region + birth + sequence
    return first17 + check_character(first17)


def wrong_check(number):
    return number[:17] + ("0" if number[17] != "0" else "1")


def luhn_complete(body):
    """``body`` plus the Luhn check digit."""
    for digit in "0123456789":
        if luhn_is_valid(body + digit):
            return body + digit
    raise AssertionError


def kinds(text, **kwargs):
    return [(f.kind, text[f.offset:f.end]) for f in find_sensitive_data(text, "field:body", "正文", today=TODAY, **kwargs)]


# --- 公民身份号码 ---------------------------------------------------------------------------------


def test_check_character_matches_the_standard_examples():
    # GB 11643-1999 Annex: 11010519491231002X; and a well-known sample number.
    assert id_check_character("11010519491231002") == "X"
    assert check_character("11010519491231002") == "X"
    assert id_check_character("44052418800101001") == check_character("44052418800101001")
    for _i in range(200):
        first17 = str(random.randint(10**16, 10**17 - 1))
        assert id_check_character(first17) == check_character(first17)


def test_valid_resident_id_is_found_with_its_offset_and_masked():
    number = resident_id()
    text = f"申请人身份证号码：{number}，住址略。"
    [finding] = find_sensitive_data(text, "field:body", "正文", today=TODAY)
    assert finding.kind == SensitiveKind.RESIDENT_ID
    assert finding.offset == text.index(number) and finding.end == finding.offset + 18
    assert finding.text == number[:6] + "********" + number[-4:]
    assert number not in finding.snippet and finding.text in finding.snippet
    assert finding.location == "field:body" and finding.location_label == "正文"


@pytest.mark.parametrize("number", ["11010519491231002X", "11010519491231002x", "110105 19491231 002X", "110105-19491231-002X"])
def test_check_character_x_and_6_8_4_grouping(number):
    assert kinds(f"号码{number}。") == [(SensitiveKind.RESIDENT_ID, number)]


def test_every_wrong_check_character_is_ignored():
    number = resident_id()
    for char in "0123456789X":
        candidate = number[:17] + char
        found = kinds(f"文号{candidate}号")
        if char == number[17]:
            assert found == [(SensitiveKind.RESIDENT_ID, candidate)]
        else:
            assert SensitiveKind.RESIDENT_ID not in [kind for kind, _text in found]


@pytest.mark.parametrize(
    "number",
    [
        resident_id(birth="19900230"),  # no 30 February
        resident_id(birth="19901301"),  # no 13th month
        resident_id(birth="18991231"),  # before 1900
        resident_id(birth="20250701"),  # after TODAY
        resident_id(region="010105"),  # region codes do not start with 0
    ],
)
def test_implausible_numbers_with_a_right_check_character_are_ignored(number):
    assert not is_resident_id(number, TODAY)
    assert SensitiveKind.RESIDENT_ID not in [kind for kind, _text in kinds(f"：{number}。")]


def test_numbers_inside_longer_digit_runs_are_ignored():
    number = resident_id()
    for text in (f"流水号1{number}", f"流水号{number}7", f"流水号{number}{number}"):
        # A longer run may still be a Luhn-valid card number, but never an ID number.
        assert SensitiveKind.RESIDENT_ID not in [kind for kind, _text in kinds(text)]
    assert kinds(f"流水号{number[:-1]}") == []


def test_birth_dates_up_to_today_are_plausible():
    assert is_resident_id(resident_id(birth="20250630"), TODAY)
    assert is_resident_id(resident_id(birth="19000101"), TODAY)
    assert is_resident_id(resident_id(birth="20000229"), TODAY)


def test_a_resident_id_that_also_passes_luhn_is_reported_once():
    number = next(
        n for n in (resident_id(sequence=f"{s:03d}") for s in range(1000)) if n[-1] != "X" and luhn_is_valid(n)
    )
    assert kinds(f"身份证{number}") == [(SensitiveKind.RESIDENT_ID, number)]


# --- 银行卡号 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("length", [16, 17, 18, 19])
def test_luhn_valid_cards_of_16_to_19_digits(length):
    card = luhn_complete("6222" + "3" * (length - 5))
    assert kinds(f"卡号：{card}。") == [(SensitiveKind.BANK_CARD, card)]
    invalid = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert kinds(f"卡号：{invalid}。") == []


def test_grouped_card_numbers():
    card = luhn_complete("622202123456789012")  # 19 digits
    grouped = " ".join(card[i:i + 4] for i in range(0, 19, 4))
    assert grouped.count(" ") == 4
    assert kinds(f"卡号 {grouped}，开户行某银行") == [(SensitiveKind.BANK_CARD, grouped)]
    hyphenated = "-".join(card[i:i + 4] for i in range(0, 16, 4))
    sixteen = luhn_complete(card[:15])
    hyphenated = "-".join(sixteen[i:i + 4] for i in range(0, 16, 4))
    assert kinds(f"卡号{hyphenated}") == [(SensitiveKind.BANK_CARD, hyphenated)]
    [finding] = find_sensitive_data(f"卡号{hyphenated}", today=TODAY)
    assert finding.text == sixteen[:4] + "-" + sixteen[4:6] + "**-****-" + sixteen[12:]


def test_card_inside_a_longer_run_is_ignored():
    card = luhn_complete("622202123456789")
    assert kinds(f"编号{card}12345") == []
    assert kinds(f"编号9{card}") == []


def test_an_all_digit_social_credit_code_is_not_a_card():
    code = next(
        c for c in (body + uscc_check_character(body) for body in (f"91110105{n:09d}" for n in range(10000)))
        if c.isdecimal() and luhn_is_valid(c)
    )
    assert all(char in USCC_ALPHABET for char in code)
    assert kinds(f"统一社会信用代码：{code}") == []


# --- 手机号码 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+8613812345678", "+86138****5678"),
        ("+86 138 1234 5678", "+86 138 **** 5678"),
        ("86-138-1234-5678", "86-138-****-5678"),
        ("0086 19912345678", "0086 199****5678"),
        ("138 1234 5678", "138 **** 5678"),
    ],
)
def test_mobile_numbers(written, masked):
    [finding] = find_sensitive_data(f"联系电话：{written}（工作日）", today=TODAY)
    assert finding.kind == SensitiveKind.MOBILE
    assert finding.text == masked


@pytest.mark.parametrize(
    "text",
    ["12812345678", "138123456789", "913812345678", "138-1234 5678", "0571-88123456", "2024年138"],
)
def test_not_mobile_numbers(text):
    assert [kind for kind, _text in kinds(f"号：{text}。")] == []


# --- 电子邮箱 -----------------------------------------------------------------------------------


def test_email_addresses():
    text = "请将材料发送至 zhangsan.li@example.gov.cn，或 xfb＠county.gov.cn。"
    found = find_sensitive_data(text, today=TODAY)
    assert [(f.kind, f.text) for f in found] == [
        (SensitiveKind.EMAIL, "z**********@example.gov.cn"),
        (SensitiveKind.EMAIL, "x**＠county.gov.cn"),
    ]


def test_email_with_a_phone_number_as_local_part_is_one_finding():
    assert kinds("邮箱13812345678@163.com") == [(SensitiveKind.EMAIL, "13812345678@163.com")]


def test_not_email_addresses():
    assert kinds("微博 @某县发布 和 a@b 与 user@localhost") == []


# --- 密级标志 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "marking",
    ["机密★1年", "秘密★", "绝密", "绝密★启用前", "秘密 ★ 6个月", "机密★长期", "秘密★2026年12月31日解密", "机密★会议开始前", "机密☆"],
)
def test_classification_markings_are_found_unmasked(marking):
    [finding] = find_sensitive_data(f"{marking}\n某县人民政府文件", today=TODAY)
    assert finding.kind == SensitiveKind.MARKING
    assert finding.text == marking


@pytest.mark.parametrize(
    "text",
    [
        "不得泄露商业秘密和个人隐私",
        "涉及国家秘密的政府信息不予公开",
        "工作人员应当保守秘密",
        "属于工作秘密的事项",
        "依法保护技术秘密",
        "确保数据的机密性、完整性和可用性",
        "防止泄露国家机密",
        "国家秘密的密级分为绝密、机密、秘密三级",
        "绝密级、机密级和秘密级",
        "选举时应当设有秘密写票处",
        "请勿向他人透露手机密码",
        "修改计算机密码",
        "隐秘密码",
        "飞机密度",
    ],
)
def test_ordinary_words_are_not_markings(text):
    assert kinds(text) == []


@pytest.mark.parametrize("text", ["秘密\n关于某事项的通知", "本文件为机密文件", "标注机密级", "【绝密】"])
def test_bare_levels_outside_those_words_are_markings(text):
    assert [kind for kind, _text in kinds(text)] == [SensitiveKind.MARKING]


def test_a_star_always_makes_a_marking():
    assert kinds("商业秘密★1年") == [(SensitiveKind.MARKING, "秘密★1年")]


# --- findings -----------------------------------------------------------------------------------


def test_snippet_has_twenty_characters_each_side_and_masks_its_context():
    number = resident_id()
    text = "甲" * 30 + number + "，联系电话13812345678，" + "乙" * 30
    id_finding, phone_finding = find_sensitive_data(text, today=TODAY)
    assert id_finding.snippet == "…" + "甲" * SNIPPET_CONTEXT + id_finding.text + "，联系电话138****5678，乙乙乙" + "…"
    assert phone_finding.snippet.startswith("…" + number[3:6] + "********" + number[-4:] + "，联系电话138****5678，")
    assert "13812345678" not in id_finding.snippet + phone_finding.snippet


def test_snippet_is_one_line_and_has_no_ellipsis_at_the_edges():
    [finding] = find_sensitive_data("电话\n\n13812345678\t止", today=TODAY)
    assert finding.snippet == "电话 138****5678 止"


def test_masks_keep_the_length():
    for kind, raw in [
        (SensitiveKind.RESIDENT_ID, resident_id()),
        (SensitiveKind.MOBILE, "+86 138 1234 5678"),
        (SensitiveKind.BANK_CARD, "6222 0212 3456 7890 123"),
        (SensitiveKind.EMAIL, "a@b.cn"),
        (SensitiveKind.MARKING, "机密★1年"),
    ]:
        assert len(mask(kind, raw)) == len(raw)


def test_fingerprints_are_stable_and_specific():
    number = resident_id()
    text = f"号码{number}"
    first = find_sensitive_data(text, "field:body", "正文", today=TODAY)[0]
    again = find_sensitive_data(text, "field:body", "Body", today=TODAY)[0]
    assert first.id == again.id == fingerprint(SensitiveKind.RESIDENT_ID, "field:body", 2, number)
    assert find_sensitive_data(text, "field:summary", "", today=TODAY)[0].id != first.id
    assert find_sensitive_data(" " + text, "field:body", "", today=TODAY)[0].id != first.id
    keyed = find_sensitive_data(text, "field:body", "", key=b"secret", today=TODAY)[0]
    assert keyed.id != first.id and len(keyed.id) == 64
    assert number not in str(first.as_dict()) and number[6:14] not in str(first.as_dict())


def test_kind_labels():
    assert "公民身份号码" in str(SensitiveKind.RESIDENT_ID.label)
    finding = find_sensitive_data("机密★", today=TODAY)[0]
    assert "密级标志" in str(finding.kind_label)


def test_matches_do_not_overlap_and_are_sorted():
    number = resident_id()
    text = f"{number} 13812345678 {luhn_complete('622202123456789')} a@b.cn 机密★ " * 3
    matches = find_matches(text, TODAY)
    assert len(matches) == 15
    assert all(a.end <= b.start for a, b in zip(matches, matches[1:], strict=False))


def _scan_text(size):
    rng = random.Random(7)
    filler = "根据《中华人民共和国政府信息公开条例》第二十条，现将有关情况公告如下：商业秘密、机密性、2024年第3号，编号20240101001。"
    extras = [resident_id(), "13812345678", luhn_complete("622202123456789"), "someone@example.gov.cn", "机密★1年", "1234567890123456789012"]
    parts, length = [], 0
    while length < size:
        piece = filler if rng.random() < 0.9 else rng.choice(extras) + "。"
        parts.append(piece)
        length += len(piece)
    # Adversarial runs too, growing with the text: long digit runs, long ASCII words and many 密.
    run = size // 40
    return "".join(parts) + "9" * run + "a" * run + "@" + "密" * run


def _cpu_seconds(function, repeat=3):
    """The least CPU time of this process that ``function`` took: unlike the clock on the wall, it does not
    grow when other processes keep the machine busy."""
    best = None
    for _ in range(repeat):
        start = time.process_time()
        function()
        spent = time.process_time() - start
        best = spent if best is None else min(best, spent)
    return best


def test_scanning_grows_linearly_with_the_text():
    """200 KB with adversarial runs: ten times the text costs about ten times the work, not a hundred
    (backtracking in a pattern would be quadratic). Compared on CPU time, so a busy machine does not matter."""
    small, large = _scan_text(20_000), _scan_text(200_000)
    assert find_sensitive_data(large, "field:body", "正文", today=TODAY)
    ratio = _cpu_seconds(lambda: find_sensitive_data(large, "field:body", "正文", today=TODAY), repeat=1) / max(
        _cpu_seconds(lambda: find_sensitive_data(small, "field:body", "正文", today=TODAY)), 1e-6
    )
    assert ratio < 30, f"10 x the text took {ratio:.1f} x the CPU time"
