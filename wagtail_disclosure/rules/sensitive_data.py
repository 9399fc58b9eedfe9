"""Sensitive data that usually must not be published (发布前敏感信息预检).

条例第十四条: 依法确定为国家秘密的政府信息 … 不予公开。
条例第十五条: 涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开。
《个人信息保护法》第二十八条 counts 金融账户 among 敏感个人信息, and GB/T 35273-2020 附录B lists
身份证件号码 and 银行账户 as 个人敏感信息.

The confidentiality reviewer is shown what this module finds, and acknowledges each finding before
approving. Finding something is not a decision: a published 公示 may lawfully contain a telephone
number. Missing something is worse than showing one finding too many, so the rules below lean
towards reporting, and only drop matches that are demonstrably something else.

What is found (``SensitiveKind``):

* 公民身份号码 (GB 11643-1999): 18 characters, 6-digit 地址码 (not starting with 0), 8-digit
  出生日期码 (a real calendar date from 1900 to today), 3-digit 顺序码 and a 校验码 computed
  with ISO 7064 MOD 11-2 (``X`` stands for 10). Only numbers whose 校验码 is right are reported:
  most other 18-digit strings (统一社会信用代码, 文号, order numbers) fail the check. Written as one
  run or grouped 6-8-4 with spaces or hyphens. The 15-digit first-generation numbers have no check
  character and are not reported (too many other 15-digit numbers).
* 手机号码 (mainland): ``1[3-9]`` and 9 more digits, optionally after ``+86``/``0086``/``86``,
  written 3-4-4 with spaces or hyphens or as one run.
* 银行卡号: 16 to 19 digits (one run, or in groups of 4 with spaces or hyphens) passing the
  Luhn check (ISO/IEC 7812-1 Annex B). A run that is a valid 公民身份号码 is reported as that, and an
  18-character run that is a valid 统一社会信用代码 (GB 32100-2015) is not reported.
* 电子邮箱 (RFC 5322 addr-spec, the common dot-atom subset; ``＠`` also counts).
* 密级标志: 绝密, 机密, 秘密. The ★ convention: GB/T 7156-2003 《文献保密等级代码与标识》 makes
  ★ the identifier of a classified document, marked from left to right as 密级, ★, 保密期限
  (as did 《国家秘密文件、资料和其他物品标志的规定》 of 1990, 第四条: “★”前标密级，“★”后标保密期限);
  国家保密局 guidance writes it as “密级★保密期限”, “密级★解密时间” or “密级★解密条件”, e.g.
  ``机密★1年``, ``秘密★2026年12月31日``, ``绝密★启用前``, ``机密★会议开始前``. GB/T 9704-2012
  (党政机关公文格式) puts it at the top left of the first page.
  A level followed by ★ (☆ also counts) is always reported. A bare level is reported too, except
  where it is demonstrably an ordinary word (``MARKING_EXCLUSIONS_BEFORE`` and ``_AFTER``):

  - the legal terms 商业秘密, 国家秘密, 工作秘密, 保守秘密, 技术秘密, 经营秘密, 个人秘密, 军事秘密
    (《保守国家秘密法》, 《反不正当竞争法》) and the everyday 商业机密, 国家机密;
  - 机密性 / 秘密性: the information-security property (机密性、完整性、可用性); a marking is
    never followed by 性;
  - 秘密写票 / 秘密投票 (《选举法》: 选举时应当设有秘密写票处), which appear in election notices;
  - a 密 that begins the next word: 手机密码, 计算机密码, 飞机密度, 隐秘密码 (密码, 密度, 密封,
    密集, 密切, 密钥, 密闭);
  - the statutory enumeration of the levels (《保守国家秘密法》: 国家秘密的密级分为绝密、机密、
    秘密三级), i.e. a level joined to another level by 、 和 或 与 ， or /.

  Everything else bare is reported, including 机密级, 机密文件 and 秘密 used as an ordinary word.

Findings show the matched text masked (first 6 and last 4 characters of ID and card numbers, first 3
and last 4 digits of a mobile number, the first character of an e-mail's local part; markings are
not masked), a masked snippet of context, a location and a character offset, so the reviewer can
find the place without the page repeating the data. Masks keep the length, so offsets hold in the
masked text too.

The fingerprint identifying a finding (to record its acknowledgement) is SHA-256 over kind,
location, offset and the raw match, keyed (HMAC) when a key is given: the ledger keeps fingerprints
forever, and an unkeyed hash of an ID number could be reversed by trying every plausible number.
"""

import dataclasses
import datetime
import hashlib
import hmac
import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from .org_codes import USCC_ALPHABET, uscc_check_character

SNIPPET_CONTEXT = 20
MASK = "*"


class SensitiveKind(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident ID number (公民身份号码)")
    MOBILE = "mobile", _("Mobile phone number (手机号码)")
    BANK_CARD = "bank_card", _("Bank card number (银行卡号)")
    EMAIL = "email", _("E-mail address (电子邮箱)")
    MARKING = "marking", _("Classification marking (密级标志)")


# When two matches overlap, the longer one is kept; for the same span, the earlier kind here wins.
PRIORITY = (SensitiveKind.RESIDENT_ID, SensitiveKind.BANK_CARD, SensitiveKind.MOBILE, SensitiveKind.EMAIL, SensitiveKind.MARKING)


@dataclasses.dataclass(frozen=True)
class Finding:
    id: str  # fingerprint: kind, location, offset, raw match
    kind: str  # a SensitiveKind value
    text: str  # the match, masked (markings are shown as they are)
    snippet: str  # the match with up to SNIPPET_CONTEXT characters each side, masked
    location: str  # stable key, e.g. "field:body" or "attachment:12:page:3"
    location_label: object  # what the reviewer reads, e.g. 正文 or 附件：通知.pdf，第3页 (may be lazy)
    offset: int  # character offset of the match in the location's text
    end: int

    @property
    def kind_label(self):
        return SensitiveKind(self.kind).label

    def as_dict(self):
        """JSON-ready, e.g. for ``ReviewRecord.acknowledged_findings`` (holds no raw data)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "location": self.location,
            "location_label": str(self.location_label),
            "offset": self.offset,
        }


@dataclasses.dataclass(frozen=True)
class Match:
    kind: str
    start: int
    end: int
    raw: str


# --- 公民身份号码 (GB 11643-1999) -------------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # 2^(17-i) mod 11
ID_CHECK_CHARACTERS = "10X98765432"  # ISO 7064 MOD 11-2: index = sum mod 11

_ID_RE = re.compile(r"(?<!\d)(\d{6})([ -]?)(\d{8})\2(\d{3}[\dXx])(?![\dXx])")


def id_check_character(first17):
    """The 18th character of a 公民身份号码 (GB 11643-1999 §5.4: ISO 7064 MOD 11-2)."""
    total = sum(int(char) * weight for char, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARACTERS[total % 11]


def _birth_date(digits8):
    try:
        return datetime.date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:]))
    except ValueError:
        return None


def is_resident_id(number, today=None):
    """A valid 18-character 公民身份号码: region code, birth date and check character all plausible."""
    number = number.upper()
    if len(number) != 18 or not number[:17].isdecimal() or not (number[17].isdecimal() or number[17] == "X"):
        return False
    if number[0] == "0":
        return False
    born = _birth_date(number[6:14])
    if born is None or born.year < 1900 or born > (today or datetime.date.today()):
        return False
    return id_check_character(number[:17]) == number[17]


# --- 手机号码 ---------------------------------------------------------------------------------

_MOBILE_RE = re.compile(r"(?<![\d+])(?:(?:\+|00)?86[ -]?)?1[3-9]\d([ -]?)\d{4}\1\d{4}(?!\d)")


# --- 银行卡号 ---------------------------------------------------------------------------------

_CARD_RE = re.compile(
    r"(?<!\d)\d{16,19}(?!\d)"
    r"|(?<!\d)(?<!\d[ -])\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?(?!\d)(?![ -]\d)"
)


def luhn_is_valid(digits):
    """The Luhn check (ISO/IEC 7812-1 Annex B) used by payment card numbers."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _is_uscc(code):
    return len(code) == 18 and all(c in USCC_ALPHABET for c in code) and uscc_check_character(code[:17]) == code[17]


# --- 电子邮箱 ---------------------------------------------------------------------------------

_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9_][A-Za-z0-9._%+-]{0,63}[@＠]"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])"
)


# --- 密级标志 (GB/T 7156-2003) -----------------------------------------------------------------

LEVELS = ("绝密", "机密", "秘密")
STARS = "★☆"
# After ★: 保密期限 (1年, 6个月, 长期), 解密时间 (2025年12月31日) or 解密条件 (启用前, 会议开始前).
_PERIOD = r"(?:\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:解密)?|\d{1,3}\s*(?:年|个月|月|天|日)|长期|[\u4e00-\u9fff]{1,8}?前)"
_MARKING_RE = re.compile(rf"(绝密|机密|秘密)(?:[ \t\u3000]*[{STARS}](?:[ \t\u3000]*{_PERIOD})?)?")

MARKING_EXCLUSIONS_BEFORE = {
    "秘密": ("商业", "国家", "工作", "保守", "技术", "经营", "个人", "军事"),
    "机密": ("商业", "国家"),
    "绝密": (),
}
MARKING_EXCLUSIONS_AFTER = {
    "秘密": ("性", "写票", "投票"),
    "机密": ("性",),
    "绝密": (),
}
# 机密码 is 机 + 密码 (手机密码), not 机密 + 码.
SPLIT_WORD_AFTER = tuple("码度封集切钥闭")
_ENUMERATION_AFTER_RE = re.compile(r"级?[、和或与，,/](?:绝密|机密|秘密)")
_ENUMERATION_BEFORE_RE = re.compile(r"(?:绝密|机密|秘密)级?[、和或与，,/]$")


def _is_ordinary_word(text, start, end, level):
    before = text[max(0, start - 2):start]
    if any(before.endswith(word) for word in MARKING_EXCLUSIONS_BEFORE[level]):
        return True
    if text.startswith(MARKING_EXCLUSIONS_AFTER[level], end) or text.startswith(SPLIT_WORD_AFTER, end):
        return True
    if _ENUMERATION_AFTER_RE.match(text, end) or _ENUMERATION_BEFORE_RE.search(text[max(0, start - 4):start]):
        return True
    return False


# --- detection --------------------------------------------------------------------------------


def find_matches(text, today=None):
    """All sensitive matches in ``text``, sorted by position, without overlaps."""
    today = today or datetime.date.today()
    candidates = []
    for match in _ID_RE.finditer(text):
        number = match.group(1) + match.group(3) + match.group(4)
        if is_resident_id(number, today):
            candidates.append(Match(SensitiveKind.RESIDENT_ID, match.start(), match.end(), match.group()))
    for match in _CARD_RE.finditer(text):
        digits = match.group().replace(" ", "").replace("-", "")
        if luhn_is_valid(digits) and not _is_uscc(digits):
            candidates.append(Match(SensitiveKind.BANK_CARD, match.start(), match.end(), match.group()))
    for match in _MOBILE_RE.finditer(text):
        candidates.append(Match(SensitiveKind.MOBILE, match.start(), match.end(), match.group()))
    if "@" in text or "＠" in text:
        for match in _EMAIL_RE.finditer(text):
            candidates.append(Match(SensitiveKind.EMAIL, match.start(), match.end(), match.group()))
    if "密" in text:
        for match in _MARKING_RE.finditer(text):
            starred = match.end() > match.end(1)
            if starred or not _is_ordinary_word(text, match.start(), match.end(), match.group(1)):
                candidates.append(Match(SensitiveKind.MARKING, match.start(), match.end(), match.group()))
    return _without_overlaps(candidates)


def _without_overlaps(candidates):
    rank = {kind: index for index, kind in enumerate(PRIORITY)}
    candidates.sort(key=lambda m: (m.start, -(m.end - m.start), rank[m.kind]))
    kept = []
    for match in candidates:
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return kept


# --- masking ----------------------------------------------------------------------------------


def _mask_characters(raw, keep_first, keep_last, countable):
    """Mask the countable characters of ``raw`` except the first and last few; others stay."""
    total = sum(1 for char in raw if countable(char))
    out, index = [], 0
    for char in raw:
        if countable(char):
            out.append(char if index < keep_first or index >= total - keep_last else MASK)
            index += 1
        else:
            out.append(char)
    return "".join(out)


def mask(kind, raw):
    """The match as shown to the reviewer; always the same length as ``raw``."""
    if kind in (SensitiveKind.RESIDENT_ID, SensitiveKind.BANK_CARD):
        return _mask_characters(raw, 6, 4, lambda c: c.isdecimal() or c in "Xx")
    if kind == SensitiveKind.MOBILE:
        # Only the 11-digit national number counts: keep its first 3 and last 4 digits.
        prefix_digits = sum(1 for char in raw if char.isdecimal()) - 11
        return _mask_characters(raw, prefix_digits + 3, 4, str.isdecimal)
    if kind == SensitiveKind.EMAIL:
        at = max(raw.rfind("@"), raw.rfind("＠"))
        return raw[0] + MASK * (at - 1) + raw[at:]
    return raw


def masked_text(text, matches):
    """``text`` with every match masked (same length as ``text``)."""
    out, position = [], 0
    for match in matches:
        out.append(text[position:match.start])
        out.append(mask(match.kind, match.raw))
        position = match.end
    out.append(text[position:])
    return "".join(out)


_BLANKS_RE = re.compile(r"\s+")


def snippet(masked, start, end, context=SNIPPET_CONTEXT):
    """The match with ``context`` characters each side, on one line, with … where cut."""
    left, right = max(0, start - context), min(len(masked), end + context)
    text = _BLANKS_RE.sub(" ", masked[left:right])
    return ("…" if left > 0 else "") + text + ("…" if right < len(masked) else "")


def fingerprint(kind, location, offset, raw, key=None):
    message = "\x1f".join((str(kind), location, str(offset), raw)).encode("utf-8")
    if key:
        return hmac.new(key, message, hashlib.sha256).hexdigest()
    return hashlib.sha256(message).hexdigest()


def find_sensitive_data(text, location="", location_label="", *, key=None, today=None):
    """Findings in ``text``, the text of one location (a field, an attachment page …)."""
    if not text:
        return []
    matches = find_matches(text, today)
    if not matches:
        return []
    masked = masked_text(text, matches)
    return [
        Finding(
            id=fingerprint(match.kind, location, match.start, match.raw, key),
            kind=str(match.kind),
            text=masked[match.start:match.end],
            snippet=snippet(masked, match.start, match.end),
            location=location,
            location_label=location_label,
            offset=match.start,
            end=match.end,
        )
        for match in matches
    ]

