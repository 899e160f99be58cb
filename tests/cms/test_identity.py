"""Identity numbers typed into a public form (cms.rules.identity, in the plugin door):
a resident ID number and a unified social credit code, checked by their form only."""

import datetime

import pytest
import time_machine

from cms.plugin_api import valid_credit_code, valid_id_number
from cms.rules.identity import CREDIT_CODE_ALPHABET, credit_code_check_char

# Known-good codes, written out rather than computed: 91350100M000100Y43 (the example of
# a business's code), and 11100000000013127D, the Ministry of Public Security's (an organ,
# 11; its organisation code 00001312-7), the prefix of the resident ID card's certificate
# type 11100000000013127D001 in the government-service platforms' published code.
KNOWN_GOOD_CREDIT_CODES = ["91350100M000100Y43", "11100000000013127D"]


@pytest.mark.parametrize("code", KNOWN_GOOD_CREDIT_CODES)
def test_real_credit_codes_are_valid(code):
    assert valid_credit_code(code)
    assert valid_credit_code(code.lower())
    assert valid_credit_code(f"  {code}\n")


def test_the_check_character_is_31_minus_the_weighted_sum_mod_31():
    # 1·1+1·3+1·9 + 1·8 + 3·24 + 1·10 + 2·30 + 7·28 = 359; 359 mod 31 = 18; 31-18 = 13 → D
    assert credit_code_check_char("11100000000013127") == "D"
    # A sum that is a multiple of 31 gives 0, not the 32nd character (31 → 0).
    assert credit_code_check_char("00000000000000000") == "0"
    assert valid_credit_code("000000000000000000")


@pytest.mark.parametrize(
    "code",
    [
        "11100000000013127H",  # the ministry's code with a wrong check character
        "91350100M000100Y44",  # one off
        "91350100M000100Y4",  # 17 characters
        "91350100M000100Y433",  # 19
        "91350100M00O100Y43",  # O is not in the alphabet
        "91350100I000100Y43",  # nor I
        "91350100S000100Y43",  # nor S
        "91350100M000100Y4 3",
        "９１３５０１００Ｍ０００１００Ｙ４３",  # full-width
        "",
        None,
    ],
)
def test_wrong_credit_codes_are_refused(code):
    assert not valid_credit_code(code)


def test_every_single_character_error_is_caught():
    code = KNOWN_GOOD_CREDIT_CODES[0]
    for position in range(18):
        for char in CREDIT_CODE_ALPHABET:
            if char != code[position]:
                changed = code[:position] + char + code[position + 1 :]
                assert not valid_credit_code(changed), changed


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # GB 11643's own example
        "11010519491231002x",
        "110101200001010010",
        " 11010519491231002X ",
    ],
)
def test_real_id_numbers_are_valid(number):
    assert valid_id_number(number)


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # wrong check digit
        "11010519491231002",  # 17 characters
        "011015194912310028",  # no region starts with 0
        "11010518991231002X",  # born before 1900
        "1101051949123100XX",
        "",
        None,
    ],
)
def test_wrong_id_numbers_are_refused(number):
    assert not valid_id_number(number)


def _with_check_digit(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


@pytest.mark.parametrize("birth", ["19490230", "19491301", "19490100", "18991231"])
def test_an_impossible_birth_date_is_refused_whatever_its_check_digit(birth):
    assert not valid_id_number(_with_check_digit(f"110105{birth}002"))


def test_a_birth_date_after_today_is_refused():
    number = _with_check_digit("11010520250615003")
    with time_machine.travel(datetime.datetime(2025, 6, 14, 12), tick=False):
        assert not valid_id_number(number)
    with time_machine.travel(datetime.datetime(2025, 6, 15, 12), tick=False):
        assert valid_id_number(number)
