from types import SimpleNamespace

import pytest

from cms.rules import confidentiality
from cms.rules.confidentiality import (
    ERROR,
    WARNING,
    Finding,
    luhn_valid,
    register_check,
    run_checks,
    valid_id_number,
)


class Draft(SimpleNamespace):
    """A stand-in member with the text fields the checks read."""

    _meta = SimpleNamespace(get_field=lambda name: SimpleNamespace(verbose_name=name))

    def __init__(self, body="", title="测试文件", summary=""):
        super().__init__(title=title, body=body, summary=summary, doc_number="")


def findings(body):
    return run_checks([Draft(body)])


@pytest.mark.parametrize(
    "marking",
    [
        "机密★1年",
        "秘密★长期",
        "绝密★",
        "内部★",
        "【内部】",
        "[机密]",
        "（工作秘密）",
        "工作秘密",
        "内部资料",
    ],
)
def test_classification_markings_are_errors(marking):
    found = findings(f"<p>{marking}</p><p>正文</p>")
    assert [f.severity for f in found] == [ERROR]
    assert marking.strip("【】[]（）") in found[0].excerpt


@pytest.mark.parametrize(
    "text",
    [
        "涉及国家秘密的信息不予公开。",
        "属于内部事务信息的，可以不予公开。",
        "工作人员应当保守工作秘密，不得泄露。",
        "本市秘密推进的专项行动",
    ],
)
def test_ordinary_words_are_not_markings(text):
    assert findings(f"<p>{text}</p>") == []


def test_id_number_needs_a_valid_check_digit():
    assert valid_id_number("11010519491231002X")
    assert not valid_id_number("110105194912310021")
    assert [f.message for f in findings("<p>身份证110105194912310021</p>")] == []
    assert [f.severity for f in findings("<p>身份证11010519491231002X</p>")] == [WARNING]


def test_bank_card_needs_luhn_and_mobile_needs_eleven_digits():
    assert luhn_valid("6222021234567890128") and not luhn_valid("6222021234567890127")
    assert findings("<p>卡号6222021234567890127，电话1381234567</p>") == []
    found = findings("<p>卡号6222021234567890128，电话13812345678</p>")
    assert sorted(f.message for f in found) == ["手机号码", "银行卡号"]


def test_excerpts_mask_the_numbers_and_their_neighbours():
    found = findings("<p>电话13812345678，身份证11010519491231002X</p>")
    text = " ".join(f.excerpt for f in found)
    assert "13812345678" not in text and "11010519491231002X" not in text
    assert "138****5678" in text and "11*************02X" in text


def test_registered_checks_run_and_a_crash_blocks(monkeypatch):
    monkeypatch.setattr(confidentiality, "CHECKS", dict(confidentiality.CHECKS))
    register_check("always_warns", lambda page: [Finding(WARNING, "always_warns", "看看")])

    def broken(page):
        raise RuntimeError("boom")

    register_check("broken", broken)
    found = run_checks([Draft("<p>正文</p>")])
    assert any(f.check == "always_warns" for f in found)
    crashed = [f for f in found if f.check == "broken"]
    assert crashed and crashed[0].severity == ERROR and "不可用" in crashed[0].message


def test_the_publics_words_are_masked_whatever_the_check_digit():
    from cms.plugin_api import mask_personal_data

    text = (
        "电话 138-1234-5678，身份证 110101 19900307 123X，"
        "卡号 6222 0212 3456 7890，邮箱 li.si@example.cn"
    )
    masked = mask_personal_data(text)
    assert masked == (
        "电话 138****5678，身份证 11*************23X，卡号 6222********7890，邮箱 ***@***"
    )
    assert mask_personal_data(None) == ""
