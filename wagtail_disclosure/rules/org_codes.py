"""Organisation codes used as the 索引号 前段码.

《政府信息公开目录系统实施指引（试行）》: 前段码为信息发布单位的组织机构代码（在使用中应略去“-”）。
Many units now use the 18-character 统一社会信用代码 instead (GB 32100-2015).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015 §4: the 31-character alphabet (no I, O, S, V, Z) and position weights 3^i mod 31.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

ORG_CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def normalize_org_code(value):
    """Upper-case, strip blanks and the optional hyphen of a 组织机构代码 (实施指引: 略去“-”)."""
    return "".join(str(value).split()).replace("-", "").upper()


def uscc_check_character(first17):
    """The 18th character of a 统一社会信用代码 computed from the first 17 (GB 32100-2015 §5)."""
    total = sum(USCC_ALPHABET.index(char) * weight for char, weight in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(code):
    if len(code) != 18 or any(char not in USCC_ALPHABET for char in code):
        raise ValidationError(
            _("A unified social credit code has 18 characters: digits and capital letters except I, O, S, V and Z."),
            code="uscc_format",
        )
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("The check character of this unified social credit code is wrong: expected “%(expected)s”, got “%(actual)s”. Please check the code for typing errors."),
            code="uscc_check",
            params={"expected": expected, "actual": code[17]},
        )


def validate_org_code9(code):
    # GB 11714: 8 body characters (digits or capital letters) and one check character (digit or X).
    # The check character itself is not verified: codes in real use (e.g. locally assigned ones)
    # do not always satisfy it, and refusing them would block legitimate index numbers.
    if len(code) != 9 or any(c not in ORG_CODE_ALPHABET for c in code[:8]) or not (code[8].isdigit() or code[8] == "X"):
        raise ValidationError(
            _("An organisation code has 9 characters: 8 digits or capital letters followed by a digit or X."),
            code="org_code_format",
        )


def validate_organisation_code(value):
    """Accept a valid 18-character 统一社会信用代码 or a 9-character 组织机构代码."""
    code = normalize_org_code(value)
    if len(code) == 18:
        validate_uscc(code)
    elif len(code) == 9:
        validate_org_code9(code)
    else:
        raise ValidationError(
            _("Enter an 18-character unified social credit code or a 9-character organisation code (you entered %(length)s characters)."),
            code="org_code_length",
            params={"length": len(code)},
        )
