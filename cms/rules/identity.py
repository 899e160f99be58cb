"""Whether an identity number someone typed can be real: a mainland resident ID number
(GB 11643-1999) and a unified social credit code (统一社会信用代码, GB 32100-2015).
Only the form is checked (check character, birth date): nothing here asks a registry."""

from __future__ import annotations

import datetime

from django.utils import timezone

from cms.rules.confidentiality import valid_id_number as _id_check_digit_ok

_FIRST_BIRTH_YEAR = 1900


def valid_id_number(text: str) -> bool:
    """Whether ``text`` is an 18-character mainland resident ID number: 17 digits, a birth
    date (characters 7-14) that exists, from 1900 to today, and the ISO 7064 MOD 11-2 check
    character (0-9 or X, either case). Surrounding blanks are ignored; nothing else is."""
    number = (text or "").strip().upper()
    if len(number) != 18 or not number[:17].isdigit() or number[0] == "0":
        return False
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:  # 0230, month 13, day 00
        return False
    if born.year < _FIRST_BIRTH_YEAR or born > timezone.localdate():
        return False
    return _id_check_digit_ok(number)


# GB 32100-2015: 31 characters, the digits and the capitals without I, O, S, V and Z.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {char: value for value, char in enumerate(CREDIT_CODE_ALPHABET)}
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    """The 18th character of a credit code whose first 17 are ``first17`` (capitals)."""
    total = sum(
        _VALUE[char] * weight for char, weight in zip(first17, _CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def valid_credit_code(text: str) -> bool:
    """Whether ``text`` is an 18-character unified social credit code (统一社会信用代码) of
    GB 32100-2015: every character of its alphabet (0-9, A-H, J-N, P-R, T-U, W-Y; letters
    in either case) and the right check character. Surrounding blanks are ignored."""
    code = (text or "").strip().upper()
    if len(code) != 18 or any(char not in _VALUE for char in code):
        return False
    return credit_code_check_char(code[:17]) == code[17]
