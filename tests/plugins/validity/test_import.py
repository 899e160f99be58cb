"""A migration carries validity: dates, the old system's state, registration numbers and
relations by document number, each bad value named with its line."""

import json
from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from cms.importing.importer import import_policies
from cms.models import PolicyPage
from plugins.validity.models import PolicyValidity, State
from tests.plugins.validity.conftest import record

pytestmark = pytest.mark.django_db


def line(number, title=None, **fields):
    data = {
        "title": title or f"关于统计工作的规定（第{number}号）",
        "doc_number": f"测统规〔2023〕{number}号",
        "agency": "测试市统计局",
        "division": "综合处",
        "doc_type": "normative",
        "issued_on": "2023-03-01",
        "body": "第一条 为了规范统计工作，制定本规定。",
    }
    data.update(fields)
    return json.dumps(data, ensure_ascii=False)


def by_number(number):
    return PolicyPage.objects.get(doc_number=f"测统规〔2023〕{number}号")


@pytest.fixture
def jsonl(tmp_path):
    path = tmp_path / "old-site.jsonl"

    def write(*lines):
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return str(path)

    return write


@time_machine.travel("2026-06-01 10:00 +0800", tick=False)
def test_a_migration_carries_dates_numbers_states_and_relations(division, jsonl, capsys):
    path = jsonl(
        line(1, expires_on="2027-12-31", registration_number="测统规〔2023〕7号"),
        line(2, effective_from="2023-04-01", validity="现行有效"),
        line(3, validity="repealed"),
        line(
            4,
            title="关于废止和修改部分规定的决定",
            issued_on="2026-05-20",
            repeals=["测统规〔2023〕1号"],
            amends="测统规〔2023〕2号",
        ),
        line(5, repeals="测统规〔2023〕99号、测统规〔2023〕98号"),
        line(6, expires_on="2024-01-31", validity="in_force"),
        line(7, registration_number="测统规〔2023〕7号"),
        line(8, effective_from="2023-13-01"),
    )
    call_command("import_policies", path, "--publish")
    out, err = capsys.readouterr()
    assert "新建 4，更新 0，未变 0，失败 4" in out
    assert "第 5 行" in err and "测统规〔2023〕99号" in err and "测统规〔2023〕98号" in err
    assert "第 6 行" in err and "已失效" in err
    assert "第 7 行" in err and "关于统计工作的规定（第1号）" in err
    assert "第 8 行" in err and "effective_from" in err

    # Read back from the database and the latest revision, as the site and review do.
    first, second, third, decision = (by_number(n) for n in (1, 2, 3, 4))
    assert record(first).registration_number == "测统规〔2023〕7号"
    assert record(first).state == State.REPEALED
    assert record(first).changed_by_id == decision.pk
    assert record(first).expires_on == date(2027, 12, 31)
    assert record(second).state == State.AMENDED and record(second).changed_by_id == decision.pk
    assert record(second).effective_from == date(2023, 4, 1)
    assert record(third).state == State.REPEALED and record(third).declared == State.REPEALED
    assert record(decision).state == State.IN_FORCE
    assert record(decision).registration_number  # a new one, from the format
    revision = decision.get_latest_revision_as_object()
    assert sorted((r.kind, r.target_id) for r in revision.validity_relations.all()) == [
        ("amends", second.pk),
        ("repeals", first.pk),
    ]
    terms = second.get_latest_revision_as_object().validity_terms.get()
    assert (terms.effective_from, terms.expires_on) == (date(2023, 4, 1), None)
    assert not PolicyPage.objects.filter(doc_number__in=["测统规〔2023〕5号"]).exists()

    # The public sees it: the repealed page names its successor.
    assert (
        "关于废止和修改部分规定的决定" in PolicyValidity.objects.get(policy=first).changed_by.title
    )

    # The same file again changes nothing; the failed lines fail the same way.
    call_command("import_policies", path, "--publish")
    out, _err = capsys.readouterr()
    assert "新建 0，更新 0，未变 4，失败 4" in out


@time_machine.travel("2026-06-01 10:00 +0800", tick=False)
def test_a_later_run_imports_what_named_a_document_not_yet_imported(division):
    successor = line(2, title="关于统计调查的新规定", repeals="测统规〔2023〕1号")
    result = import_policies([successor, line(1)], publish=True)
    assert (result.created, result.failed) == (1, 1)
    assert "测统规〔2023〕1号" in result.errors[0][1]

    result = import_policies([successor, line(1)], publish=True)
    assert (result.created, result.unchanged) == (1, 1)
    assert record(by_number(1)).state == State.REPEALED
    assert record(by_number(1)).changed_by_id == by_number(2).pk


@time_machine.travel("2026-06-01 10:00 +0800", tick=False)
def test_a_changed_line_updates_and_a_draft_import_waits_for_publication(division):
    import_policies([line(1, expires_on="2030-12-31")], publish=True)
    assert record(by_number(1)).expires_on == date(2030, 12, 31)

    result = import_policies([line(1, expires_on="2025-12-31", validity="已失效")], publish=False)
    assert result.updated == 1
    policy = by_number(1)
    assert record(policy).state == State.IN_FORCE  # the live version is unchanged
    assert policy.get_latest_revision_as_object().validity_terms.get().expires_on == date(
        2025, 12, 31
    )

    # Publishing the same line puts the draft live (nothing to update: the draft has it).
    import_policies([line(1, expires_on="2025-12-31", validity="已失效")], publish=True)
    assert record(policy).state == State.EXPIRED
    assert record(policy).expires_on == date(2025, 12, 31)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"validity": "abolished"}, "abolished"),
        ({"expires_on": "2022-01-01"}, "早于"),
        ({"registration_number": "规" * 61}, "60"),
        ({"amends": [1, 2]}, "amends"),
        ({"doc_type": "notice", "registration_number": "测统规〔2023〕1号"}, "行政规范性文件"),
    ],
)
def test_each_bad_validity_value_is_named(division, fields, reason):
    result = import_policies([line(1), line(2, **fields)], publish=False)
    assert (result.created, result.failed) == (1, 1)
    assert result.errors[0][0] == 2
    assert reason in result.errors[0][1]
